"""Write a tool-task dataset: game samples (or a user's JSONL) with corrupted pictures.

The output is the layout `visreason generate` writes for JSONL (DIR/data.jsonl, pictures
under DIR/images/), so `read_dataset`, `visreason export`, `eval` and `agent` read it as is.
Samples are generated in worker processes in a fixed plan order; a rerun with the same
settings finds the finished dataset and does nothing.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..core.generate import generate
from ..core.registry import tasks
from ..core.sample import Sample
from ..render.encode import png_bytes, write_atomic
from .tasks import TRANSFORMS, read_user_records, tool_sample

MANIFEST = "tool_tasks.json"


@dataclass(frozen=True)
class ToolTaskConfig:
    games: tuple[str, ...] = ()
    levels: tuple[str, ...] = ("easy", "medium", "hard")
    per_task: int = 10
    seed: int = 0
    transforms: tuple[str, ...] = TRANSFORMS
    answer_form: str = "choice"
    source: str | None = None  # a user's JSONL instead of games
    split: str | None = None  # game states of this split only (by state hash)

    def as_json(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self)))


def plan(config: ToolTaskConfig) -> list[tuple[str, str, int]]:
    """Every (task, level, index) of the game source, in one fixed order."""
    jobs = []
    for game in config.games:
        for task in tasks(game):
            for level in config.levels:
                if level in task.plot_levels:
                    jobs.extend((task.id, level, i) for i in range(config.per_task))
    return jobs


def _image_name(sample: Sample, number: int) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in sample.id)[-100:]
    return f"images/{number:06d}_{safe}.png"


def _write(out: Path, number: int, sample: Sample) -> dict[str, Any]:
    name = _image_name(sample, number)
    write_atomic(out / name, png_bytes(sample.image))
    return sample.to_dict(image=name)


def _game_job(payload: tuple[str, dict[str, Any], int, tuple[str, str, int]]) -> dict[str, Any]:
    out, config, number, (task_id, level, index) = payload
    base = generate(task_id, level, config["seed"], index, answer_form=config["answer_form"],
                    split=config.get("split"))
    sample = tool_sample(base, config["seed"], config["transforms"])
    return _write(Path(out), number, sample)


def _user_job(payload: tuple[str, dict[str, Any], int, Sample]) -> dict[str, Any]:
    out, config, number, base = payload
    return _write(Path(out), number, tool_sample(base, config["seed"], config["transforms"]))


@dataclass
class ToolTaskSummary:
    out: str
    samples: int
    seconds: float
    transforms: dict[str, int]


def write_tool_tasks(out: str | os.PathLike[str], config: ToolTaskConfig,
                     workers: int | None = None,
                     progress: Callable[[int], None] | None = None) -> ToolTaskSummary:
    """Generate the tool tasks `config` describes into `out` (see the module docstring)."""
    root = Path(out)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise VisreasonError(f"cannot create {str(root)!r}: {exc.strerror or exc}") from exc
    wanted = config.as_json()
    manifest_path = root / MANIFEST
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if manifest.get("config") == wanted and (root / "data.jsonl").exists():
            return ToolTaskSummary(str(root), manifest["samples"], 0.0, manifest["transforms"])
        raise VisreasonError(f"{root} already holds other tool tasks; choose another --out")
    if (root / "data.jsonl").exists():
        raise VisreasonError(f"{root} already holds a dataset; choose another --out")
    started = time.perf_counter()
    payloads: Sequence[Any]
    if config.source is not None:
        users = list(read_user_records(config.source))
        payloads = [(str(root), wanted, i, s) for i, s in enumerate(users)]
        job: Callable[[Any], dict[str, Any]] = _user_job
    else:
        if not config.games:
            raise VisreasonError("no games chosen for tool tasks")
        payloads = [(str(root), wanted, i, j) for i, j in enumerate(plan(config))]
        job = _game_job
    if not payloads:
        raise VisreasonError("nothing to generate")
    workers = max(1, min(workers or os.cpu_count() or 1, len(payloads)))
    records = _run(job, payloads, workers, progress)
    counts: dict[str, int] = {}
    for record in records:
        name = record["meta"]["tool"]["transform"]
        counts[name] = counts.get(name, 0) + 1
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    write_atomic(root / "data.jsonl", text.encode("utf-8"))
    write_atomic(manifest_path, json.dumps({"config": wanted, "samples": len(records),
                                            "transforms": counts}, indent=2).encode("utf-8"))
    return ToolTaskSummary(str(root), len(records), time.perf_counter() - started, counts)


def _run(job: Callable[[Any], dict[str, Any]], payloads: Iterable[Any], workers: int,
         progress: Callable[[int], None] | None) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    if workers == 1:
        for payload in payloads:
            results.append(job(payload))
            if progress:
                progress(1)
        return results
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for record in pool.imap(job, payloads, chunksize=8):
            results.append(record)
            if progress:
                progress(1)
    return results
