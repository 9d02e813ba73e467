"""A resumable dataset run: plan, generate chunks in worker processes, assemble, summarise.

Each chunk's worker writes its pictures straight to their names (no flush or rename per
picture: that cost more kernel time than making the sample), then its part and, durably, a
record of every file's checksum; a resumed run trusts a chunk only when its record and every
checksum hold, and regenerates the rest. The finished dataset's manifest keeps the checksum
of every file, so a rerun notices a damaged dataset and rebuilds it. A directory holding
data this package did not write, or a run with other settings, is refused (the message
names the setting) unless `overwrite` is given.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import MISSING, asdict, dataclass, field, fields
from itertools import islice, zip_longest
from pathlib import Path
from typing import Any

import numpy as np

from ..core.balance import unit_fraction
from ..core.errors import VisreasonError
from ..core.generate import add_picture, generate, generate_group, pick_form
from ..core.levels import check_level
from ..core.registry import get_game, get_task
from ..core.sample import Sample
from ..render.encode import png_bytes
from ..render.memory import reuse_image_memory
from .audit import item_key
from .card import data_files, dataset_card
from .dedup import Duplicates
from .files import commit_file, remove_temporaries, sha256_file, sync_all, write_durable
from .plan import GroupJob, Job, Plan, plan_groups, plan_tasks
from .records import group_image_name, image_name
from .writers import PARTS, Stored, get_writer

RUN_FILE = ".visreason-run.json"
MANIFEST = "manifest.json"
# Everything a run may write: what --overwrite removes, and how foreign data is recognised.
DATA_FILES = ("data.jsonl", "data.json")
CARD = "README.md"
OUTPUTS = (*DATA_FILES, "data", "images", "states", PARTS, MANIFEST, RUN_FILE, CARD)
ENGINES = ("local", "ray")


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
    tasks: tuple[str, ...] = ()  # only these task ids (game/task); empty: every task of games
    tool_transforms: tuple[str, ...] = ()  # tool tasks: pictures corrupted by these transforms
    questions_per_state: int = 1  # above 1: jobs are states, each asked up to this many questions
    # Explicit (task id, level, count) lines (a spec's mix) instead of per_task for every task;
    # with several questions per state, (game, level, states) lines.
    counts: tuple[tuple[str, str, int], ...] = ()
    text_only_share: float = 0.0  # this share of items (or states) has no picture
    tool_share: float | None = None  # with tool_transforms: this share of items is tool
    # tasks (corrupted pictures); None: every item with a picture
    dedup: bool = False  # drop items repeating an earlier one (task, state and question)

    def as_json(self) -> dict:
        return {**asdict(self), "games": list(self.games), "levels": list(self.levels),
                "tasks": list(self.tasks), "tool_transforms": list(self.tool_transforms),
                "counts": [list(line) for line in self.counts]}


def _defaults() -> dict[str, Any]:
    """Settings a record written before a field existed implicitly had."""
    found: dict[str, Any] = {}
    for f in fields(RunConfig):
        if f.default is not MISSING:
            found[f.name] = f.default
        elif f.default_factory is not MISSING:
            found[f.name] = f.default_factory()
    found["tasks"] = []  # a tuple in the config, a list in its JSON
    found["counts"] = []
    return found


def differences(recorded: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    """'seed (5 there, 6 now)' for each setting that differs; absent ones count as defaults."""
    defaults = _defaults()
    changed = []
    for name in wanted:
        there = recorded.get(name, defaults.get(name))
        if there != wanted[name]:
            changed.append(f"{name} ({json.dumps(there)} there, {json.dumps(wanted[name])} now)")
    return changed


def picture_kind(config: dict[str, Any], name: str, level: str, index: int) -> str:
    """'text' (no picture), 'tool' (a corrupted picture) or 'plain' for one item or state: a
    stable draw at the run's shares, so it never depends on workers or order."""
    if config["text_only"]:
        return "text"
    text_share = config.get("text_only_share", 0.0)
    tool_share = config.get("tool_share")
    if not config.get("tool_transforms"):
        tool_share = 0.0
    elif tool_share is None:
        tool_share = 1.0 - text_share
    if not text_share and tool_share in (0.0, 1.0):
        return "tool" if tool_share else "plain"
    u = unit_fraction("picture", name, level, config["seed"], index)
    return "text" if u < text_share else "tool" if u < text_share + tool_share else "plain"


def job_questions(job: Job | GroupJob, config: dict[str, Any]) -> tuple[list[Sample], str]:
    """The samples a job stands for under a run's settings (form, split, parameters), their
    picture not drawn yet, and the job's picture kind (see `picture_kind`)."""
    form, split = config.get("answer_form", "choice"), config.get("split")
    if isinstance(job, GroupJob):
        kind = picture_kind(config, job.game, job.level, job.group)
        samples = generate_group(
            job.game, job.level, config["seed"], job.group, config["questions_per_state"],
            text_only=kind == "text", answer_form=form,
            open_share=config.get("open_share", 0.5), split=split,
            params=(config.get("params") or {}).get(job.game),
            only=[t for t in config.get("tasks") or () if t.partition("/")[0] == job.game]
            or None, picture=False)
        return samples, "text" if kind == "text" else "plain"
    form = pick_form(form, config.get("open_share", 0.5), job.task_id, job.level,
                     config["seed"], job.index)
    game = job.task_id.partition("/")[0]
    kind = picture_kind(config, job.task_id, job.level, job.index)
    sample = generate(job.task_id, job.level, config["seed"], job.index,
                      text_only=kind == "text", answer_form=form, split=split,
                      params=(config.get("params") or {}).get(game), picture=False)
    return [sample], kind


def with_pictures(samples: list[Sample], kind: str, config: dict[str, Any]) -> list[Sample]:
    """`job_questions`' samples with their picture drawn (a tool job's corrupted)."""
    if kind == "text":
        return samples
    add_picture(samples)
    if kind == "tool":
        from ..tools.tasks import tool_sample

        return [tool_sample(sample, config["seed"], config["tool_transforms"])
                for sample in samples]
    return samples


def generate_job(job: Job, config: dict[str, Any]) -> Sample:
    """The sample a job stands for under a run's settings, picture included."""
    samples, kind = job_questions(job, config)
    return with_pictures(samples, kind, config)[0]


# Jobs whose questions a worker builds before drawing their pictures (see `add_picture`).
PICTURE_BATCH = 32


def make_items(jobs: Iterator[Job | GroupJob], config: dict[str, Any], grouped: bool,
               failures: list[dict]) -> Iterator[list[Stored]]:
    """Each job's samples with their pictures encoded, in job order, batch by batch: the
    questions of `PICTURE_BATCH` jobs first, then their pictures. A job that fails at either
    step is added to `failures`, never fatal: one bad item must not end a long run."""
    def failed(job: Job | GroupJob, exc: Exception) -> None:
        name, index = (job.game, job.group) if isinstance(job, GroupJob) \
            else (job.task_id, job.index)
        failures.append({"task": name, "level": job.level, "index": index,
                         "error": f"{type(exc).__name__}: {exc}"})

    reuse_image_memory()
    jobs = iter(jobs)
    while batch := list(islice(jobs, PICTURE_BATCH)):
        made = []
        for job in batch:
            try:
                made.append((job, *job_questions(job, config)))
            except Exception as exc:
                failed(job, exc)
        for job, samples, kind in made:
            try:
                pictured = with_pictures(samples, kind, config)
            except Exception as exc:
                failed(job, exc)
                continue
            yield stored(pictured, grouped)


def stored(samples: list[Sample], grouped: bool) -> list[Stored]:
    """Samples with their pictures encoded once and dropped, so a chunk holds bytes only."""
    out: list[Stored] = []
    encoded: dict[int, tuple[bytes, str]] = {}
    for sample in samples:
        png = name = None
        if sample.image is not None:
            key = id(sample.image)
            if key not in encoded:
                encoded[key] = (png_bytes(sample.image),
                                group_image_name(sample) if grouped else image_name(sample))
            png, name = encoded[key]
        out.append(Stored(sample, png, name))
    for sample in samples:
        sample.image = None
    return out


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
    states: int = 0

    @property
    def rate(self) -> float:
        return self.samples / self.seconds if self.seconds > 0 else float("inf")


def chunk_record(out: Path, chunk: int) -> Path:
    return out / PARTS / f"done-{chunk:05d}.json"


Payload = tuple[str, dict, int, int, Plan, int, int]


def chunk_payload(out: str | os.PathLike[str], config: RunConfig, plan: Plan,
                  chunk: int) -> Payload:
    """What a worker needs for one chunk: the plan and a range, never a list of jobs."""
    size, jobs = chunk_size(config), len(plan)
    start = chunk * size
    return (str(out), config.as_json(), chunk, -(-jobs // size), plan, start,
            min(start + size, jobs))


def chunk_size(config: RunConfig) -> int:
    """Jobs per chunk: `shard_size` samples, so with several questions per state fewer states."""
    return max(1, config.shard_size // max(1, config.questions_per_state))


def _chunk_worker(payload: Payload) -> tuple[int, int, list[dict]]:
    """Generate and write one chunk; a job that fails is recorded, never fatal.

    Pictures are encoded as each batch of jobs is drawn, so the chunk holds bytes, not
    images. The chunk's record (checksums and failures) is written last and durably: it
    exists only when everything it lists was written, and a resume re-checks every checksum
    it lists.
    """
    out, config, chunk, total, plan, start, stop = payload
    writer = get_writer(config["format"])
    items: list[Stored] = []
    failures: list[dict] = []
    states = 0
    for made in make_items(plan.jobs(start, stop), config, plan.grouped, failures):
        states += 1
        items.extend(made)
    counts: dict[str, int] = {}
    for item in items:
        key = f"{item.sample.task_id}|{item.sample.plot_level}|{item.sample.answer_form}"
        counts[key] = counts.get(key, 0) + 1
    sums = writer.write_chunk(Path(out), chunk, total, items)
    record = {"jobs": stop - start, "samples": len(items), "states": states,
              "failures": failures, "files": sums, "counts": counts,
              "items": [[i.sample.task_id, item_key(i.sample), i.sample.plot_level,
                         i.sample.answer_form, i.image] for i in items]}
    write_durable(chunk_record(Path(out), chunk), json.dumps(record).encode("utf-8"))
    return chunk, stop - start, failures


def _intact(out: Path, files: dict[str, str]) -> bool:
    return all(sha256_file(out / name) == digest for name, digest in files.items())


def _chunk_done(out: Path, chunk: int, size: int, retry_failures: bool = False) -> dict | None:
    """A chunk's record when it and every file it lists are whole, else None (and None for a
    chunk with failed samples when `retry_failures`: a resume tries them again)."""
    record = _load_json(chunk_record(out, chunk))
    if not isinstance(record, dict) or record.get("jobs") != size:
        return None
    if retry_failures and record.get("failures"):
        return None
    files = record.get("files")
    if not isinstance(files, dict) or not _intact(out, files):
        return None
    return record


def _record(out: Path, chunk: int, bounds: list[tuple[int, int]], check_files: bool) -> dict:
    """A finished chunk's record; its files are hashed again only for chunks a resume found
    (a worker's own record lists the bytes it just wrote)."""
    start, stop = bounds[chunk]
    record = _chunk_done(out, chunk, stop - start) if check_files else \
        _load_json(chunk_record(out, chunk))
    if not isinstance(record, dict) or record.get("jobs") != stop - start \
            or not isinstance(record.get("files"), dict):
        raise VisreasonError(f"chunk {chunk} of {out} did not check out after writing it; "
                             "is the disk full? Rerun the same command to retry it")
    return record


def _checksums(out: Path, bounds: list[tuple[int, int]], files: list[Path],
               removed: set[str] = frozenset()) -> Iterator[tuple[str, str]]:
    """Every dataset file and its SHA-256, read chunk by chunk (never all held at once);
    `removed`: pictures of dropped duplicates, gone from the dataset."""
    finals = {str(file.relative_to(out)) for file in files} | set(removed)
    for chunk in range(len(bounds)):
        record = _load_json(chunk_record(out, chunk)) or {}
        for name, digest in (record.get("files") or {}).items():
            if not name.startswith(f"{PARTS}/") and name not in finals:
                yield name, digest
    for file in files:
        yield str(file.relative_to(out)), sha256_file(file) or ""


def _write_manifest(out: Path, head: dict[str, Any],
                    checksums: Iterator[tuple[str, str]]) -> None:
    """The manifest, durably, with its "checksums" object streamed entry by entry so a run's
    memory does not grow with its number of files."""
    tmp = out / f".{MANIFEST}.tmp"
    with open(tmp, "w", encoding="utf-8") as sink:
        sink.write(json.dumps(head, indent=2)[:-2] + ',\n  "checksums": {')
        separator = "\n"
        for name, digest in checksums:
            sink.write(f"{separator}    {json.dumps(name)}: {json.dumps(digest)}")
            separator = ",\n"
        sink.write("\n  }\n}")
    commit_file(tmp, out / MANIFEST)


def spread(chunks: list[int], workers: int) -> list[int]:
    """The order chunks are handed out: round robin over `workers` equal stretches of the plan.

    Workers then write far-apart chunks (other tasks, other image directories) at the same
    time instead of neighbours, so they do not queue on one directory's lock while creating
    files. The dataset is assembled in plan order, so this changes no byte of it.
    """
    if workers < 2 or not chunks:
        return list(chunks)
    size = -(-len(chunks) // workers)
    stretches = [chunks[i:i + size] for i in range(0, len(chunks), size)]
    return [c for row in zip_longest(*stretches) for c in row if c is not None]


def _ignore_interrupts() -> None:
    """In workers: Ctrl-C is the parent's to handle, once (not a traceback per worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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


def _foreign_data(out: Path) -> str | None:
    for name in DATA_FILES:
        if (out / name).exists():
            return name
    if any((out / "data").glob("*.parquet")):
        return "data/*.parquet"
    return None


def clear_outputs(out: Path) -> None:
    """Remove everything a run writes (for --overwrite); other files are left alone."""
    for name in OUTPUTS:
        path = out / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def _claim(out: Path, config: RunConfig) -> bool:
    """Record the run's arguments; True if `out` already holds this exact finished run."""
    wanted = config.as_json()
    hint = "choose another --out, or pass --overwrite to replace it"
    manifest = _load_json(out / MANIFEST)
    if manifest is not None:
        changed = differences(manifest.get("config") or {}, wanted)
        if not changed:
            return True
        raise VisreasonError(f"{out} already holds a different dataset (settings differ: "
                             f"{'; '.join(changed)}); {hint}")
    previous = _load_json(out / RUN_FILE)
    if previous is not None:
        changed = differences(previous, wanted)
        if changed:
            raise VisreasonError(f"{out} holds an unfinished run with other settings "
                                 f"({'; '.join(changed)}); rerun it with the same ones to "
                                 f"resume, or {hint}")
    elif (name := _foreign_data(out)) is not None:
        raise VisreasonError(f"{out} holds {name} that visreason did not write (no "
                             f"{MANIFEST}); {hint}")
    write_durable(out / RUN_FILE, json.dumps(wanted, indent=2).encode("utf-8"))
    return False


def tasks_option(text: str | None) -> tuple[str, ...]:
    """Task ids from a comma-separated --tasks value, checked against the registry."""
    if not text:
        return ()
    ids = [get_task(item.strip()).id for item in text.split(",") if item.strip()]
    if not ids:
        raise VisreasonError("--tasks names no task; give game/task ids separated by commas")
    return tuple(dict.fromkeys(ids))


def plan_run(config: RunConfig) -> Plan:
    """The run's jobs: every (task, level, index) of its games, or of its chosen tasks; with
    several questions per state, every (game, level, state)."""
    questions = config.questions_per_state
    if not isinstance(questions, int) or questions < 1:
        raise VisreasonError(f"questions per state must be a positive integer, got {questions!r}")
    if config.counts:
        return _plan_lines(config)
    chosen = _chosen_tasks(config)
    if questions > 1:
        if config.tool_transforms:
            raise VisreasonError("--tool-tasks cannot go with --questions-per-state above 1: "
                                 "each tool question corrupts a picture of its own")
        return plan_groups(config.games, config.levels, config.per_task, questions, chosen)
    return plan_tasks(config.games, config.levels, config.per_task, chosen)


def _plan_lines(config: RunConfig) -> Plan:
    """A plan from explicit (task or game, level, count) lines, checked against the registry."""
    grouped = config.questions_per_state > 1
    lines = []
    for name, level, count in config.counts:
        if grouped:
            get_game(name)
        else:
            name = get_task(name).id
            if level not in get_task(name).plot_levels:
                raise VisreasonError(f"{name} does not offer the {level} level")
        if not isinstance(count, int) or count < 0:
            raise VisreasonError(f"{name} {level}: a count must be a whole number, got {count!r}")
        lines.append((name, check_level(level), count))
    if grouped and config.tool_transforms:
        raise VisreasonError("tool tasks cannot go with several questions per state: each "
                             "tool question corrupts a picture of its own")
    return Plan(tuple(lines), grouped=grouped)


def _chosen_tasks(config: RunConfig) -> set[str] | None:
    if not config.tasks:
        return None
    chosen = {get_task(task_id).id for task_id in config.tasks}
    outside = sorted(t for t in chosen if t.split("/", 1)[0] not in config.games)
    if outside:
        raise VisreasonError(f"--tasks names tasks of games not in --games: "
                             f"{', '.join(outside)}")
    return chosen


def run_dataset(
    out: str | os.PathLike[str],
    config: RunConfig,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    overwrite: bool = False,
    engine: str = "local",
    address: str | None = None,
) -> RunSummary:
    """Write the dataset `config` describes into `out`, resuming whatever an earlier try left.

    `overwrite` first removes a dataset (finished or not, any settings) that `out` holds.
    `engine` "local" runs chunks in worker processes here; "ray" runs them as Ray tasks (on
    the cluster at `address`, or a local Ray), giving the same bytes.
    """
    if engine not in ENGINES:
        raise VisreasonError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "ray":
        from .ray_engine import check_available

        check_available()
    out = Path(out)
    _check_writable(out)
    writer = get_writer(config.format)
    writer.check_available()
    plan = plan_run(config)
    if not len(plan):
        raise VisreasonError("nothing to generate: no task offers the chosen levels")
    bounds = plan.chunks(chunk_size(config))
    total = len(bounds)
    chosen = _chosen_tasks(config)
    task_count = len(plan_tasks(config.games, config.levels, 1, chosen).names()) \
        if plan.grouped else len(plan.names())
    started = time.perf_counter()
    if overwrite:
        clear_outputs(out)
    if _claim(out, config):
        manifest = _load_json(out / MANIFEST) or {}
        if _intact(out, manifest.get("checksums") or {}):
            return RunSummary(str(out), manifest.get("samples", 0), len(config.games),
                              task_count, 0.0, manifest.get("failures", []),
                              manifest.get("files", []), total,
                              manifest.get("states", manifest.get("samples", 0)))
        # A damaged finished dataset: its parts are gone, so it is made again in full.
        clear_outputs(out)
        _claim(out, config)
    remove_temporaries(out)
    todo = [i for i, (start, stop) in enumerate(bounds)
            if _chunk_done(out, i, stop - start, retry_failures=True) is None]
    if progress:
        progress(len(plan) - sum(bounds[i][1] - bounds[i][0] for i in todo))
    _run_chunks(out, config, plan, todo, workers, engine, address, progress)
    failures: list[dict] = []
    repeats = RepeatCount()
    duplicates = Duplicates() if config.dedup else None
    samples = states = 0
    counts: dict[str, int] = {}
    fresh = set(todo)
    for i in range(total):
        record = _record(out, i, bounds, check_files=i not in fresh)
        failures.extend(record["failures"])
        items = record.get("items", [])
        kept = duplicates.scan(i, items) if duplicates is not None else items
        repeats.add(kept)
        samples += record["samples"] - (len(items) - len(kept))
        states += record.get("states", record["samples"])
        for key, n in (record.get("counts") or {}).items():
            counts[key] = counts.get(key, 0) + n
    if duplicates is not None:
        for key, n in duplicates.by_group.items():
            counts[key] -= n
    if samples == 0:  # unfinished on purpose: a rerun tries every sample again
        first = failures[0] if failures else {"task": "?", "level": "?", "index": "?",
                                               "error": "no question fitted any state"}
        raise VisreasonError(f"every sample failed ({len(failures)}); the first: "
                             f"{first['task']} {first['level']} "
                             f"#{first['index']}: {first['error']}")
    drop = duplicates.positions if duplicates is not None else {}
    files = writer.finalize(out, total, drop)
    removed = duplicates.remove_orphans(out) if duplicates is not None else set()
    from .. import __version__

    repeat_report = repeats.report()
    dropped = duplicates.count if duplicates is not None else 0
    card = out / CARD
    write_durable(card, dataset_card(splits=[{
        "name": config.split or "train", "path": data_files(config.format), "samples": samples,
        "states": states, "counts": counts, "repeats": repeat_report["count"],
        "dropped": dropped, "config": config.as_json()}], version=__version__).encode("utf-8"))
    files.append(card)
    summary = RunSummary(str(out), samples, len(config.games), task_count,
                         time.perf_counter() - started, failures,
                         [str(f.relative_to(out)) for f in files], total - len(todo), states)
    head = {"config": config.as_json(), "samples": samples, "states": states,
            "questions": samples, "failures": failures,
            "repeats": repeat_report, "duplicates_dropped": dropped, "files": summary.files,
            "counts": counts}
    sync_all()  # pictures were written without a flush each; the manifest vouches for them
    _write_manifest(out, head, _checksums(out, bounds, files, removed))
    writer.cleanup(out)
    (out / RUN_FILE).unlink(missing_ok=True)
    return summary


def _run_chunks(out: Path, config: RunConfig, plan: Plan, todo: list[int], workers: int | None,
                engine: str, address: str | None,
                progress: Callable[[int], None] | None) -> None:
    """Generate and write the chunks `todo` with the chosen engine."""
    if engine == "ray":
        from .ray_engine import ray_map

        payloads = (chunk_payload(out, config, plan, i) for i in todo)
        _consume(ray_map(_chunk_worker, payloads, address=address, workers=workers), progress)
        return
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    payloads = (chunk_payload(out, config, plan, i) for i in spread(todo, workers))
    if workers == 1:
        _consume(map(_chunk_worker, payloads), progress)
    else:
        with multiprocessing.get_context("fork").Pool(workers, _ignore_interrupts) as pool:
            _consume(pool.imap_unordered(_chunk_worker, payloads), progress)


class RepeatCount:
    """Items that repeat an earlier item of the dataset (same task, state and question).

    Generation never looks at other items (item i is a pure function of its job), so where a
    task's state space is small at the chosen settings an item can recur; the manifest says
    how often, per task, and why. Each item is kept as the first 64 bits of its key (8 bytes,
    under 1 MB per 100,000 items; a false repeat needs a 64-bit collision), so a run's memory
    hardly grows with its size.
    """

    def __init__(self) -> None:
        self.keys: dict[str, array] = {}

    def add(self, items: list[list[str]]) -> None:
        for task_id, key, *_ in items:
            self.keys.setdefault(task_id, array("Q")).append(int(key[:16], 16))

    def report(self) -> dict[str, Any]:
        by_task = {}
        for task_id, keys in self.keys.items():
            repeated = len(keys) - len(np.unique(np.frombuffer(keys, dtype=np.uint64)))
            if repeated:
                by_task[task_id] = repeated
        report: dict[str, Any] = {"count": sum(by_task.values()), "by_task": by_task}
        if by_task:
            report["why"] = ("these tasks have few distinct states at the chosen levels and "
                             "parameters compared with the samples asked for; raise the size "
                             "parameters or ask for fewer samples per task")
        return report


def _consume(results, progress: Callable[[int], None] | None) -> None:
    for _chunk, count, _failures in results:
        if progress:
            progress(count)
