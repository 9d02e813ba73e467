"""`--engine ray`: a real local Ray (2 CPUs) gives the local engine's bytes, retries a chunk
whose worker was killed, and a rerun skips what is finished."""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from visreason.core.errors import VisreasonError
from visreason.data import RunConfig, run_dataset

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.ray


def tree(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    yield
    ray.shutdown()


def config(**overrides) -> RunConfig:
    base = dict(games=("maze", "sokoban"), levels=("easy", "medium"), per_task=6, seed=2,
                shard_size=16, answer_form="mixed")
    base.update(overrides)
    return RunConfig(**base)


@pytest.mark.parametrize("fmt", ["jsonl", pytest.param("parquet", marks=pytest.mark.hf)])
def test_ray_writes_the_same_bytes_as_the_local_engine(tmp_path: Path, local_ray, fmt) -> None:
    cfg = config(format=fmt)
    local = run_dataset(tmp_path / "local", cfg, workers=2)
    on_ray = run_dataset(tmp_path / "ray", cfg, engine="ray")
    assert on_ray.samples == local.samples > 0
    assert tree(tmp_path / "ray") == tree(tmp_path / "local")


def test_several_questions_per_state_on_ray_match_too(tmp_path: Path, local_ray) -> None:
    cfg = config(questions_per_state=3, games=("minesweeper",))
    run_dataset(tmp_path / "local", cfg, workers=1)
    run_dataset(tmp_path / "ray", cfg, engine="ray")
    assert tree(tmp_path / "ray") == tree(tmp_path / "local")


def _chunk_workers() -> list[int]:
    """Pids of Ray workers running a chunk now (Ray titles them after the task)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if cmdline.startswith(b"ray::_chunk_worker"):
                found.append(int(entry))
    return found


def test_a_killed_workers_chunk_is_retried_and_the_data_is_whole(tmp_path: Path,
                                                                  local_ray) -> None:
    cfg = config(per_task=40, shard_size=24)
    reference = tmp_path / "local"
    run_dataset(reference, cfg, workers=2)
    killed: list[int] = []

    def kill_one() -> None:
        deadline = time.monotonic() + 60
        while not killed and time.monotonic() < deadline:
            for pid in _chunk_workers():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                break
            time.sleep(0.002)

    killer = threading.Thread(target=kill_one)
    killer.start()
    summary = run_dataset(tmp_path / "ray", cfg, engine="ray")
    killer.join()
    assert killed, "no chunk worker was seen running"
    assert summary.failures == []
    assert tree(tmp_path / "ray") == tree(reference)


def test_a_rerun_on_ray_skips_finished_chunks(tmp_path: Path, local_ray) -> None:
    import json

    from visreason.data.run import RUN_FILE, _chunk_worker, chunk_payload, plan_run

    cfg = config()
    reference = tmp_path / "local"
    run_dataset(reference, cfg, workers=1)
    out = tmp_path / "ray"
    out.mkdir()
    (out / RUN_FILE).write_text(json.dumps(cfg.as_json()))
    plan = plan_run(cfg)
    for chunk in (0, 2, 3):  # an earlier run got this far before it was stopped
        _chunk_worker(chunk_payload(out, cfg, plan, chunk))
    summary = run_dataset(out, cfg, engine="ray")
    assert summary.resumed_chunks == 3
    assert tree(out) == tree(reference)
    again = run_dataset(out, cfg, engine="ray")
    assert again.seconds == 0.0 and tree(out) == tree(reference)


def test_an_unknown_engine_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VisreasonError, match="unknown engine 'spark'"):
        run_dataset(tmp_path, config(), engine="spark")
