"""Dataset runs: determinism across workers and game mixes, resume, formats, failures."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

import visreason
from visreason.core.errors import VisreasonError
from visreason.data import RunConfig, read_dataset, run_dataset
from visreason.data.run import _chunk_worker, chunk_payload, plan_run

GAMES = tuple(visreason.game_names())


def config(**overrides) -> RunConfig:
    base = dict(games=GAMES, levels=("easy", "medium", "hard"), per_task=2, seed=5, shard_size=16)
    base.update(overrides)
    return RunConfig(**base)


def images_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): Image.open(p).tobytes() for p in sorted(root.rglob("*.png"))}


def test_same_bytes_with_one_and_two_workers(tmp_path: Path) -> None:
    one = run_dataset(tmp_path / "w1", config(), workers=1)
    two = run_dataset(tmp_path / "w2", config(), workers=2)
    assert one.samples == two.samples > 0 and not one.failures
    first = (tmp_path / "w1" / "data.jsonl").read_bytes()
    assert first == (tmp_path / "w2" / "data.jsonl").read_bytes()
    assert images_of(tmp_path / "w1") == images_of(tmp_path / "w2")
    records = [json.loads(line) for line in first.decode().splitlines()]
    assert len(records) == one.samples
    assert len({r["id"] for r in records}) == len(records)
    assert set(records[0]) >= {"id", "game", "task", "question", "answer", "analysis", "image",
                               "state", "seed", "meta", "options", "answer_type"}
    assert not (tmp_path / "w1" / ".parts").exists()


def test_samples_do_not_depend_on_other_games(tmp_path: Path) -> None:
    alone = run_dataset(tmp_path / "a", config(games=(GAMES[-1],)), workers=1)
    mixed = run_dataset(tmp_path / "b", config(games=GAMES), workers=1)
    assert alone.samples < mixed.samples
    lone = (tmp_path / "a" / "data.jsonl").read_text().splitlines()
    every = set((tmp_path / "b" / "data.jsonl").read_text().splitlines())
    assert all(line in every for line in lone)


def test_resume_after_partial_run_gives_the_same_dataset(tmp_path: Path) -> None:
    cfg = config(games=GAMES[:2])
    run_dataset(tmp_path / "full", cfg, workers=1)
    partial = tmp_path / "partial"
    partial.mkdir()
    (partial / ".visreason-run.json").write_text(json.dumps(cfg.as_json()))
    plan = plan_run(cfg)
    for i in (0, 2):
        _chunk_worker(chunk_payload(partial, cfg, plan, i))
    (partial / ".parts" / ".part-00001.jsonl.tmp999").write_text("half a line")
    summary = run_dataset(partial, cfg, workers=2)
    assert summary.resumed_chunks == 2
    assert (partial / "data.jsonl").read_bytes() == (tmp_path / "full" / "data.jsonl").read_bytes()
    again = run_dataset(partial, cfg, workers=1)
    assert again.samples == summary.samples


def test_killed_cli_run_resumes_to_identical_output(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "visreason", "generate", "--games", "all", "--per-task", "4",
            "--seed", "1", "--workers", "1", "--shard-size", "8", "--quiet"]
    subprocess.run([*args, "--out", str(tmp_path / "ref")], check=True, capture_output=True)
    target = tmp_path / "killed"
    proc = subprocess.Popen([*args, "--out", str(target)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list((target / ".parts").glob("part-*"))) < 3:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (target / "data.jsonl").exists(), "the run finished before it could be killed"
    done = subprocess.run([*args, "--out", str(target)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (target / "data.jsonl").read_bytes() == (tmp_path / "ref" / "data.jsonl").read_bytes()
    assert images_of(target) == images_of(tmp_path / "ref")


def test_other_arguments_in_the_same_directory_are_refused(tmp_path: Path) -> None:
    run_dataset(tmp_path, config(games=GAMES[:1]), workers=1)
    with pytest.raises(VisreasonError, match="different dataset"):
        run_dataset(tmp_path, config(games=GAMES[:1], seed=6), workers=1)


@pytest.mark.hf
def test_parquet_loads_as_hf_image_dataset(tmp_path: Path) -> None:
    import datasets
    run_dataset(tmp_path, config(games=GAMES[:2], format="parquet"), workers=2)
    files = sorted(str(p) for p in (tmp_path / "data").glob("*.parquet"))
    assert files
    ds = datasets.load_dataset("parquet", data_files=files, split="train")
    assert isinstance(ds.features["image"], datasets.Image)
    row = ds[0]
    assert isinstance(row["image"], Image.Image) and row["image"].size[0] >= 100
    back = list(read_dataset(tmp_path))
    assert len(back) == len(ds)
    assert all(visreason.verify(s, s.answer) == 1.0 for s in back)
    assert back[0].load_image().size == row["image"].size


def test_jsonl_reads_back_and_verifies(tmp_path: Path) -> None:
    run_dataset(tmp_path, config(games=GAMES[:2]), workers=1)
    samples = list(read_dataset(tmp_path))
    assert samples and all(visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0
                           for s in samples)
    first = samples[0]
    index = int(first.id.rsplit("/", 1)[1].split("@")[0])
    again = visreason.generate(first.task_id, first.plot_level, 5, index)
    assert first.load_image().convert("RGB").tobytes() == again.image.convert("RGB").tobytes()


def test_gameqa_layout(tmp_path: Path) -> None:
    run_dataset(tmp_path, config(games=GAMES[:1], format="gameqa"), workers=1)
    records = json.loads((tmp_path / "data.json").read_text())
    assert records
    for record in records:
        assert record["qa_type"] in {"Target Perception", "State Prediction",
                                     "Strategy Optimization"}
        assert record["plot_level"] in {"Easy", "Medium", "Hard"}
        assert (tmp_path / record["image"]).exists() and (tmp_path / record["state"]).exists()
        assert isinstance(record["question_id"], int)


def test_text_only_writes_no_images(tmp_path: Path) -> None:
    run_dataset(tmp_path, config(games=GAMES[:1], text_only=True), workers=1)
    assert not (tmp_path / "images").exists()
    records = [json.loads(line) for line in (tmp_path / "data.jsonl").read_text().splitlines()]
    assert all(r["image"] is None and "given as text" in r["question"] for r in records)


def test_a_failing_sample_is_recorded_not_fatal(tmp_path: Path, monkeypatch) -> None:
    task = visreason.tasks(GAMES[0])[0]

    def broken(draw):
        raise RuntimeError("boom")

    monkeypatch.setattr(task, "build", broken)
    summary = run_dataset(tmp_path, config(games=GAMES[:1]), workers=1)
    assert len(summary.failures) == 6 and "boom" in summary.failures[0]["error"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert len(manifest["failures"]) == 6
    lines = (tmp_path / "data.jsonl").read_text().splitlines()
    assert len(lines) == summary.samples


def test_corrupt_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "data.jsonl").write_text('{"game": "tictactoe"}\nnot json\n')
    with pytest.raises(VisreasonError, match=r"data.jsonl:1"):
        list(read_dataset(tmp_path))


def test_unwritable_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(VisreasonError, match="cannot write"):
        run_dataset(blocker / "out", config(games=GAMES[:1]), workers=1)


def test_manifest_counts_repeated_items_and_says_why(tmp_path: Path, monkeypatch) -> None:
    clean = run_dataset(tmp_path / "clean", config(games=("maze",)), workers=1)
    manifest = json.loads((tmp_path / "clean" / "manifest.json").read_text())
    assert clean.samples > 0 and manifest["repeats"] == {"count": 0, "by_task": {}}

    task = visreason.tasks("maze")[0]
    original = task.build

    def always_the_first(draw):  # every index asks the question of index 0
        draw.index = 0
        draw.rng.seed(7)
        return original(draw)

    monkeypatch.setattr(task, "build", always_the_first)
    run_dataset(tmp_path / "rep", config(games=("maze",)), workers=1)
    manifest = json.loads((tmp_path / "rep" / "manifest.json").read_text())
    per_level = len([lv for lv in config(games=("maze",)).levels if lv in task.plot_levels])
    n = config(games=("maze",)).per_task
    assert manifest["repeats"]["by_task"] == {task.id: per_level * (n - 1)}
    assert "few distinct states" in manifest["repeats"]["why"]


def test_chunks_are_handed_out_from_far_apart_stretches() -> None:
    from visreason.data.run import spread

    assert spread(list(range(7)), 2) == [0, 4, 1, 5, 2, 6, 3]
    assert spread([3, 8, 9], 1) == [3, 8, 9] and spread([], 2) == []
    for workers in (2, 3, 5):
        assert sorted(spread(list(range(23)), workers)) == list(range(23))
