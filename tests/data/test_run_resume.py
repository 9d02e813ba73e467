"""Resume that never lies: damaged parts are regenerated, other settings and foreign data are
refused by name, and a run that produced nothing or was interrupted says so."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import visreason
from visreason.cli import main
from visreason.core.errors import VisreasonError
from visreason.data import RunConfig, run_dataset
from visreason.data.run import RUN_FILE, _chunk_worker, chunk_payload, plan_run

GAMES = tuple(visreason.game_names())[:2]


def config(**overrides) -> RunConfig:
    base = dict(games=GAMES, levels=("easy", "medium"), per_task=2, seed=5, shard_size=8)
    base.update(overrides)
    return RunConfig(**base)


def interrupted(out: Path, cfg: RunConfig, chunks_done: tuple[int, ...] = (0, 1)) -> list[Path]:
    """What a killed run leaves: its settings and some finished chunks (their part files)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / RUN_FILE).write_text(json.dumps(cfg.as_json()))
    plan = plan_run(cfg)
    for i in chunks_done:
        _chunk_worker(chunk_payload(out, cfg, plan, i))
    return sorted((out / ".parts").glob("part-*"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("reference")
    run_dataset(out, config(), workers=1)
    return (out / "data.jsonl").read_bytes()


def test_an_unfinished_run_with_other_settings_is_refused_by_name(tmp_path) -> None:
    """A resumed --seed 6 run over an interrupted --seed 5 run must not mix the seeds."""
    interrupted(tmp_path, config(seed=5))
    with pytest.raises(VisreasonError, match=r"unfinished run .*seed \(5 there, 6 now\)"):
        run_dataset(tmp_path, config(seed=6), workers=1)
    with pytest.raises(VisreasonError, match=r"per_task \(2 there, 3 now\)"):
        run_dataset(tmp_path, config(per_task=3), workers=1)
    assert not (tmp_path / "data.jsonl").exists()


def test_a_finished_dataset_with_other_settings_is_refused_by_name(tmp_path) -> None:
    run_dataset(tmp_path, config(), workers=1)
    with pytest.raises(VisreasonError, match=r"different dataset .*seed \(5 there, 6 now\)"):
        run_dataset(tmp_path, config(seed=6), workers=1)
    with pytest.raises(VisreasonError, match=r"levels"):
        run_dataset(tmp_path, config(levels=("easy",)), workers=1)


@pytest.mark.parametrize("damage", ["truncate", "empty", "garbage", "image", "record"])
def test_damaged_parts_are_regenerated(tmp_path, reference, damage) -> None:
    parts = interrupted(tmp_path, config())
    assert parts
    if damage == "truncate":
        parts[0].write_bytes(parts[0].read_bytes()[:-40])
    elif damage == "empty":
        parts[1].write_bytes(b"")
    elif damage == "garbage":
        parts[0].write_bytes(b'{"id": "not from this run"}\n')
    elif damage == "image":
        image = next((tmp_path / "images").rglob("*.png"))
        image.write_bytes(image.read_bytes()[:100])
    else:
        record = next((tmp_path / ".parts").glob("done-*.json"))
        record.write_text("{")
    summary = run_dataset(tmp_path, config(), workers=1)
    assert summary.resumed_chunks == 1
    assert (tmp_path / "data.jsonl").read_bytes() == reference
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["samples"] == len(reference.splitlines())


def test_stale_temporary_files_are_removed(tmp_path, reference) -> None:
    interrupted(tmp_path, config(), chunks_done=(0,))
    litter = [tmp_path / ".parts" / ".part-00001.jsonl.tmp4242", tmp_path / ".data.jsonl.tmp",
              tmp_path / "images" / ".x.png.tmp77"]
    for path in litter:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half")
    keep = tmp_path / "notes.tmp"
    keep.write_text("mine")
    run_dataset(tmp_path, config(), workers=1)
    assert not any(path.exists() for path in litter) and keep.exists()
    assert (tmp_path / "data.jsonl").read_bytes() == reference


def test_a_damaged_finished_dataset_is_rebuilt(tmp_path, reference) -> None:
    run_dataset(tmp_path, config(), workers=1)
    data = tmp_path / "data.jsonl"
    data.write_bytes(data.read_bytes()[: len(reference) // 2])
    run_dataset(tmp_path, config(), workers=1)
    assert data.read_bytes() == reference
    image = next((tmp_path / "images").rglob("*.png"))
    image.unlink()
    run_dataset(tmp_path, config(), workers=1)
    assert image.exists() and data.read_bytes() == reference


@pytest.mark.parametrize("name", ["data.jsonl", "data.json"])
def test_data_it_did_not_write_is_refused_unless_overwrite(tmp_path, reference, name) -> None:
    foreign = tmp_path / name
    foreign.write_text('{"mine": true}\n')
    with pytest.raises(VisreasonError, match=f"holds {name} that visreason did not write"):
        run_dataset(tmp_path, config(), workers=1)
    assert foreign.read_text() == '{"mine": true}\n'
    run_dataset(tmp_path, config(), workers=1, overwrite=True)
    assert (tmp_path / "data.jsonl").read_bytes() == reference
    assert not (tmp_path / "data.json").exists()


def test_overwrite_replaces_a_dataset_with_other_settings(tmp_path) -> None:
    interrupted(tmp_path, config(seed=9))
    summary = run_dataset(tmp_path, config(seed=5), workers=1, overwrite=True)
    assert summary.resumed_chunks == 0
    ids = [json.loads(line)["id"] for line in (tmp_path / "data.jsonl").read_text().splitlines()]
    assert ids and all(i.endswith("@5") for i in ids)


def test_tasks_option_generates_only_those_tasks(tmp_path, capsys) -> None:
    chosen = [t.id for t in visreason.tasks()][::7][:3]
    with pytest.raises(SystemExit) as done:
        main(["generate", "--tasks", ",".join(chosen), "--per-task", "2", "--levels",
              "easy,medium,hard", "--out", str(tmp_path), "--quiet"])
    assert done.value.code == 0
    rows = [json.loads(line) for line in (tmp_path / "data.jsonl").read_text().splitlines()]
    assert {f"{r['game']}/{r['task']}" for r in rows} == set(chosen)
    with pytest.raises(SystemExit) as failed:
        main(["generate", "--tasks", "maze/not_a_task", "--out", str(tmp_path / "x")])
    assert failed.value.code == 2 and "unknown task" in capsys.readouterr().err


def test_a_run_where_every_sample_fails_exits_non_zero(tmp_path, monkeypatch, capsys) -> None:
    task = visreason.tasks(GAMES[0])[0]

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(task, "build", broken)
    with pytest.raises(SystemExit) as done:
        main(["generate", "--tasks", task.id, "--per-task", "2", "--levels", "easy",
              "--out", str(tmp_path), "--workers", "1", "--quiet"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "every sample failed" in err and "boom" in err and "Traceback" not in err
    assert not (tmp_path / "manifest.json").exists() and not (tmp_path / "data.jsonl").exists()


def test_parquet_without_the_hf_extra_is_one_line(tmp_path, monkeypatch, capsys) -> None:
    for module in ("pyarrow", "pyarrow.parquet", "datasets"):
        monkeypatch.setitem(sys.modules, module, None)  # import raises ImportError
    with pytest.raises(SystemExit) as done:
        main(["generate", "--games", GAMES[0], "--per-task", "1", "--format", "parquet",
              "--out", str(tmp_path), "--quiet"])
    err = capsys.readouterr().err
    assert done.value.code == 2 and "'hf' extra" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_ctrl_c_during_a_multi_worker_run_is_one_line(tmp_path) -> None:
    out = tmp_path / "run"
    command = [sys.executable, "-m", "visreason", "generate", "--games", "all", "--per-task",
               "6", "--workers", "2", "--shard-size", "4", "--quiet", "--out", str(out)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list((out / ".parts").glob("done-*"))) < 2:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole process group
    _, err = proc.communicate(timeout=60)
    assert not (out / "manifest.json").exists(), "the run finished before the interrupt"
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert err.strip().splitlines()[-1].startswith("interrupted")
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
