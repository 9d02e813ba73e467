"""Dataset specs (`visreason generate --spec mix.yaml`): a mix of games and tasks with counts or
weights per level, the answer-form mix, text-only and tool-task shares, and train / validation
/ test splits, each generated from its own seed as one resumable run.

Splits never share a state: each split's run keeps only states whose content hash puts them in
that split (`--split`), and after generation every split is read back and checked. A spec:

    seed: 0
    format: parquet          # jsonl | parquet | gameqa
    levels: [easy, medium, hard]
    answer_form: mixed       # choice | open | mixed
    open_share: 0.5
    text_only_share: 0.1     # items with no picture (the state described in text)
    tool_task_share: 0.1     # items whose picture is corrupted (tool tasks)
    dedup: true              # drop items repeating an earlier one
    total: 10000             # what the weights share out
    mix:
      - {game: sokoban, per_task: 200}
      - {game: maze, per_level: {easy: 100, hard: 300}}
      - {task: minesweeper/best_move, per_task: 500}
      - {game: tictactoe, weight: 1}
    splits:
      train: {share: 0.8}
      validation: {share: 0.1, seed: 1}
      test: {share: 0.1, seed: 2}

Counts are per task and level for the whole dataset; each split takes its share of them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..core.levels import LEVELS
from ..core.registry import get_game, get_task, tasks
from ..core.splits import SPLIT_NAMES
from .files import write_durable
from .plan import groups_for
from .run import RunConfig, run_dataset

TOP_KEYS = {"seed", "format", "levels", "shard_size", "answer_form", "open_share",
            "text_only_share", "tool_task_share", "tool_transforms", "questions_per_state",
            "dedup", "params", "total", "mix", "splits"}
ENTRY_KEYS = {"game", "task", "per_task", "per_level", "weight", "levels"}
SPLIT_KEYS = {"share", "seed"}
DEFAULT_SPLIT_SEEDS = {"train": 0, "validation": 1, "test": 2}


@dataclass(frozen=True)
class SplitRun:
    name: str | None  # None: one dataset, no splits
    config: RunConfig


def _fail(path: str, message: str) -> VisreasonError:
    return VisreasonError(f"spec {path}: {message}")


def _keys(where: str, found: dict, allowed: set[str]) -> None:
    unknown = sorted(set(found) - allowed)
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(unknown)}; allowed: "
                           f"{', '.join(sorted(allowed))}")


def _number(where: str, value: Any, low: float, high: float | None = None,
            whole: bool = False) -> Any:
    kind = int if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind) or value < low or \
            (high is not None and value > high):
        span = f"[{low}, {high}]" if high is not None else f">= {low}"
        raise _fail(where, f"must be a {'whole ' if whole else ''}number {span}, got {value!r}")
    return value


def load_spec(path: str | os.PathLike[str]) -> tuple[str, dict[str, Any]]:
    """The spec's text and its parsed mapping; a clear error for a missing or bad file."""
    try:
        import yaml
    except ImportError as exc:
        raise VisreasonError("--spec needs PyYAML: pip install pyyaml") from exc
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise VisreasonError(f"cannot read spec {str(path)!r}: {exc.strerror or exc}") from exc
    try:
        spec = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise VisreasonError(f"spec {str(path)!r} is not valid YAML: {exc}") from exc
    if not isinstance(spec, dict):
        raise VisreasonError(f"spec {str(path)!r} must be a mapping of settings")
    return text, spec


def _entry_lines(where: str, entry: dict, levels: tuple[str, ...]) -> list[tuple[str, str]]:
    """(task id, level) of an entry: a whole game's tasks, or one task, at its levels."""
    if not isinstance(entry, dict):
        raise _fail(where, "each mix entry must be a mapping with 'game' or 'task'")
    _keys(where, entry, ENTRY_KEYS)
    if ("game" in entry) == ("task" in entry):
        raise _fail(where, "give exactly one of 'game' and 'task'")
    chosen = tasks(get_game(str(entry["game"])).name) if "game" in entry \
        else [get_task(str(entry["task"]))]
    wanted = tuple(entry.get("levels", levels))
    for level in wanted:
        if level not in LEVELS:
            raise _fail(where, f"unknown level {level!r}; levels are {', '.join(LEVELS)}")
    lines = [(t.id, level) for t in chosen for level in wanted if level in t.plot_levels]
    if not lines:
        raise _fail(where, "no task of this entry offers the chosen levels")
    return lines


def mix_counts(spec: dict[str, Any]) -> dict[tuple[str, str], int]:
    """Items per (task id, level) for the whole dataset, from the mix's counts and weights."""
    levels = tuple(spec.get("levels", LEVELS))
    mix = spec.get("mix")
    if not isinstance(mix, list) or not mix:
        raise _fail("mix", "must be a non-empty list of entries")
    counts: dict[tuple[str, str], int] = {}
    weighted: list[tuple[float, list[tuple[str, str]]]] = []
    for number, entry in enumerate(mix):
        where = f"mix[{number}]"
        lines = _entry_lines(where, entry, levels)
        given = [k for k in ("per_task", "per_level", "weight") if k in entry]
        if len(given) != 1:
            raise _fail(where, "give exactly one of per_task, per_level and weight")
        if "per_task" in entry:
            n = _number(f"{where}.per_task", entry["per_task"], 0, whole=True)
            for line in lines:
                counts[line] = counts.get(line, 0) + n
        elif "per_level" in entry:
            per_level = entry["per_level"]
            if not isinstance(per_level, dict):
                raise _fail(f"{where}.per_level", "must map levels to counts")
            for level, n in per_level.items():
                _number(f"{where}.per_level.{level}", n, 0, whole=True)
                if level not in {lv for _, lv in lines}:
                    raise _fail(f"{where}.per_level", f"no task of the entry offers {level!r}")
            for task_id, level in lines:
                n = per_level.get(level, 0)
                counts[(task_id, level)] = counts.get((task_id, level), 0) + n
        else:
            weighted.append((_number(f"{where}.weight", entry["weight"], 0), lines))
    if weighted:
        total = _number("total", spec.get("total"), 1, whole=True) if "total" in spec else None
        if total is None:
            raise _fail("total", "weights need a 'total' number of items to share out")
        whole = sum(w for w, _ in weighted)
        if whole <= 0:
            raise _fail("mix", "the weights add up to 0")
        for weight, lines in weighted:
            each = round(total * weight / whole / len(lines))
            for line in lines:
                counts[line] = counts.get(line, 0) + each
    return counts


def _splits(spec: dict[str, Any], seed: int) -> list[tuple[str | None, float, int]]:
    splits = spec.get("splits")
    if splits is None:
        return [(None, 1.0, seed)]
    if not isinstance(splits, dict) or not splits:
        raise _fail("splits", "must map split names to {share, seed}")
    found = []
    for name, body in splits.items():
        if name not in SPLIT_NAMES:
            raise _fail("splits", f"unknown split {name!r}; splits are {', '.join(SPLIT_NAMES)}")
        body = body or {}
        _keys(f"splits.{name}", body, SPLIT_KEYS)
        share = _number(f"splits.{name}.share", body.get("share"), 0.0, 1.0)
        split_seed = _number(f"splits.{name}.seed",
                             body.get("seed", seed + DEFAULT_SPLIT_SEEDS[name]), 0, whole=True)
        found.append((name, float(share), split_seed))
    seeds = [s for _, _, s in found]
    if len(set(seeds)) != len(seeds):
        raise _fail("splits", "each split needs its own seed")
    if sum(share for _, share, _ in found) > 1.0 + 1e-9:
        raise _fail("splits", "the shares add up to more than 1")
    return found


def split_runs(spec: dict[str, Any]) -> list[SplitRun]:
    """One RunConfig per split (or one for the whole dataset), checked against the registry."""
    _keys("", spec, TOP_KEYS)
    seed = _number("seed", spec.get("seed", 0), 0, whole=True)
    counts = mix_counts(spec)
    questions = _number("questions_per_state", spec.get("questions_per_state", 1), 1, whole=True)
    tool_share = _number("tool_task_share", spec.get("tool_task_share", 0.0), 0.0, 1.0)
    text_share = _number("text_only_share", spec.get("text_only_share", 0.0), 0.0, 1.0)
    if tool_share + text_share > 1.0:
        raise _fail("tool_task_share", "text_only_share + tool_task_share exceed 1")
    transforms: tuple[str, ...] = ()
    if tool_share:
        from ..tools.tasks import parse_transforms

        raw = spec.get("tool_transforms", "all")
        transforms = parse_transforms(raw if isinstance(raw, str) else ",".join(raw))
    params = spec.get("params") or {}
    if not isinstance(params, dict):
        raise _fail("params", "must map games to {parameter: value}")
    games = tuple(dict.fromkeys(task_id.partition("/")[0] for task_id, _ in counts))
    from ..core.params import check_overrides

    levels = tuple(dict.fromkeys(level for _, level in counts))
    params = check_overrides({str(g): dict(v) for g, v in params.items()}, games, levels)
    runs = []
    for name, share, split_seed in _splits(spec, seed):
        lines = _lines(counts, share, questions)
        runs.append(SplitRun(name, RunConfig(
            games=games, levels=levels, per_task=0, seed=split_seed,
            format=str(spec.get("format", "jsonl")),
            shard_size=_number("shard_size", spec.get("shard_size", 256), 1, whole=True),
            answer_form=str(spec.get("answer_form", "choice")),
            open_share=float(_number("open_share", spec.get("open_share", 0.5), 0.0, 1.0)),
            split=name, params=params, tool_transforms=transforms,
            questions_per_state=questions, counts=lines, text_only_share=float(text_share),
            tool_share=float(tool_share) if tool_share else None,
            dedup=bool(spec.get("dedup", False)))))
    return runs


def _lines(counts: dict[tuple[str, str], int], share: float,
           questions: int) -> tuple[tuple[str, str, int], ...]:
    """The plan lines of one split: its share of each count; with several questions per
    state, states per (game, level) enough for the largest task count."""
    if questions == 1:
        return tuple((task_id, level, round(n * share)) for (task_id, level), n in counts.items())
    per_game: dict[tuple[str, str], list[int]] = {}
    for (task_id, level), n in counts.items():
        per_game.setdefault((task_id.partition("/")[0], level), []).append(round(n * share))
    lines = []
    for (game, level), ns in per_game.items():
        offered = sum(1 for t in tasks(game) if level in t.plot_levels)
        if len(ns) != offered:
            raise _fail("mix", f"several questions per state ask every task of a game: give "
                               f"{game} as a whole game, not single tasks")
        lines.append((game, level, groups_for(max(ns), offered, questions)))
    return tuple(lines)


def run_spec(path: str | os.PathLike[str], out: str | os.PathLike[str], *,
             workers: int | None = None, engine: str = "local", address: str | None = None,
             overwrite: bool = False,
             progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Generate every split of the spec under `out` (one directory per split), check that no
    state is in two splits, and write the card and a report; the report."""
    from .. import __version__
    from .card import data_files, dataset_card

    text, spec = load_spec(path)
    runs = split_runs(spec)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {"splits": {}}
    summaries = []
    for run in runs:
        where = out / run.name if run.name else out
        summary = run_dataset(where, run.config, workers=workers, progress=progress,
                              overwrite=overwrite, engine=engine, address=address)
        manifest = json.loads((where / "manifest.json").read_text("utf-8"))
        summaries.append({
            "name": run.name or "train",
            "path": data_files(run.config.format, f"{run.name}/" if run.name else ""),
            "samples": summary.samples, "states": summary.states,
            "counts": manifest.get("counts", {}),
            "repeats": manifest.get("repeats", {}).get("count", 0),
            "dropped": manifest.get("duplicates_dropped", 0), "config": run.config.as_json()})
        report["splits"][run.name or "train"] = {
            "samples": summary.samples, "states": summary.states,
            "duplicates_dropped": summaries[-1]["dropped"], "failures": len(summary.failures)}
    if len(runs) > 1:
        report["overlap"] = split_overlap({r.name: out / r.name for r in runs if r.name})
        if report["overlap"]["shared_states"]:
            raise VisreasonError(f"splits share {report['overlap']['shared_states']} states: "
                                 f"{report['overlap']}")
        write_durable(out / "README.md", dataset_card(splits=summaries, version=__version__,
                                                      spec=text).encode("utf-8"))
        write_durable(out / "spec.yaml", text.encode("utf-8"))
    write_durable(out / "spec-report.json", json.dumps(report, indent=2).encode("utf-8"))
    return report


def split_overlap(splits: dict[str, Path]) -> dict[str, Any]:
    """Read every split back and count states found in more than one split (must be 0)."""
    from .audit import state_id
    from .read import read_dataset

    owner: dict[str, str] = {}
    shared = 0
    per_split: dict[str, int] = {}
    for name, where in splits.items():
        seen: set[str] = set()
        for sample in read_dataset(where):
            seen.add(state_id(sample))
        per_split[name] = len(seen)
        for state in seen:
            if owner.setdefault(state, name) != name:
                shared += 1
    return {"states_per_split": per_split, "shared_states": shared}
