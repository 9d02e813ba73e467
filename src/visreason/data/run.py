"""A resumable dataset run: plan, generate chunks in worker processes, assemble, summarise."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..core.generate import generate, pick_form
from ..core.sample import Sample
from ..render.encode import write_atomic
from .plan import Job, chunked, plan_jobs
from .writers import get_writer

RUN_FILE = ".visreason-run.json"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class RunConfig:
    games: tuple[str, ...]
    levels: tuple[str, ...]
    per_task: int
    seed: int
    format: str = "jsonl"
    text_only: bool = False
    shard_size: int = 256
    answer_form: str = "choice"
    open_share: float = 0.5
    split: str | None = None
    params: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {**asdict(self), "games": list(self.games), "levels": list(self.levels)}


def generate_job(job: Job, config: dict[str, Any]) -> Sample:
    """The sample a job stands for under a run's settings (form, split, parameters)."""
    form = pick_form(config.get("answer_form", "choice"), config.get("open_share", 0.5),
                     job.task_id, job.level, config["seed"], job.index)
    game = job.task_id.partition("/")[0]
    return generate(job.task_id, job.level, config["seed"], job.index,
                    text_only=config["text_only"], answer_form=form, split=config.get("split"),
                    params=(config.get("params") or {}).get(game))


@dataclass
class RunSummary:
    out: str
    samples: int
    games: int
    tasks: int
    seconds: float
    failures: list[dict] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    resumed_chunks: int = 0

    @property
    def rate(self) -> float:
        return self.samples / self.seconds if self.seconds > 0 else float("inf")


def _chunk_worker(payload: tuple[str, dict, int, int, list[Job]]) -> tuple[int, int, list[dict]]:
    """Generate and write one chunk; a sample that fails is recorded, never fatal."""
    out, config, chunk, total, jobs = payload
    writer = get_writer(config["format"])
    samples, failures = [], []
    for job in jobs:
        try:
            samples.append(generate_job(job, config))
        except Exception as exc:  # one bad item must not end a long run
            failures.append({"task": job.task_id, "level": job.level, "index": job.index,
                             "error": f"{type(exc).__name__}: {exc}"})
    if failures:  # before the part: a finished part must never lack its failure record
        failure_file = Path(out) / ".parts" / f"failures-{chunk:05d}.json"
        write_atomic(failure_file, json.dumps(failures).encode("utf-8"))
    writer.write_chunk(Path(out), chunk, total, samples)
    return chunk, len(jobs), failures


def _check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise VisreasonError(f"cannot write to output directory {str(out)!r}: "
                             f"{exc.strerror or exc}") from exc


def _load_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _claim(out: Path, config: RunConfig) -> bool:
    """Record the run's arguments; True if `out` already holds this exact finished run."""
    wanted = config.as_json()
    manifest = _load_json(out / MANIFEST)
    if manifest is not None:
        if manifest.get("config") == wanted:
            return True
        raise VisreasonError(f"{out} already holds a different dataset; choose another --out")
    previous = _load_json(out / RUN_FILE)
    if previous is not None and previous != wanted:
        raise VisreasonError(f"{out} holds an unfinished run with other arguments; rerun it with "
                             f"the same arguments to resume, or choose another --out")
    write_atomic(out / RUN_FILE, json.dumps(wanted, indent=2).encode("utf-8"))
    return False


def run_dataset(
    out: str | os.PathLike[str],
    config: RunConfig,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Write the dataset `config` describes into `out`, resuming whatever an earlier try left."""
    out = Path(out)
    _check_writable(out)
    writer = get_writer(config.format)
    jobs = plan_jobs(config.games, config.levels, config.per_task)
    if not jobs:
        raise VisreasonError("nothing to generate: no task offers the chosen levels")
    chunks = chunked(jobs, config.shard_size)
    total = len(chunks)
    task_count = len({job.task_id for job in jobs})
    started = time.perf_counter()
    if _claim(out, config):
        manifest = _load_json(out / MANIFEST) or {}
        return RunSummary(str(out), manifest.get("samples", 0), len(config.games), task_count,
                          0.0, manifest.get("failures", []), manifest.get("files", []), total)
    done = [i for i in range(total) if writer.part_path(out, i, total).exists()]
    pending = [i for i in range(total) if i not in set(done)]
    if progress:
        progress(sum(len(chunks[i]) for i in done))
    payloads = [(str(out), config.as_json(), i, total, chunks[i]) for i in pending]
    workers = max(1, min(workers or os.cpu_count() or 1, len(payloads) or 1))
    if workers == 1:
        results = map(_chunk_worker, payloads)
        _consume(results, progress)
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            _consume(pool.imap_unordered(_chunk_worker, payloads), progress)
    failures: list[dict] = []
    for i in range(total):
        recorded = _load_json(out / ".parts" / f"failures-{i:05d}.json")
        failures.extend(recorded or [])
    files = writer.finalize(out, total)
    samples = len(jobs) - len(failures)
    summary = RunSummary(str(out), samples, len(config.games), task_count,
                         time.perf_counter() - started, failures,
                         [str(f.relative_to(out)) for f in files], len(done))
    manifest = {"config": config.as_json(), "samples": samples, "failures": failures,
                "files": summary.files}
    write_atomic(out / MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
    writer.cleanup(out)
    (out / RUN_FILE).unlink(missing_ok=True)
    return summary


def _consume(results, progress: Callable[[int], None] | None) -> None:
    for _chunk, count, _failures in results:
        if progress:
            progress(count)
