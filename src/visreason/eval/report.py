"""Accuracy tables with Wilson intervals: overall, per category, game, task, levels, and matrices.

Every figure comes from the run's records (last record per sample); a sample whose request
failed counts as answered wrongly, and the error count is shown beside it.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..core.levels import LEVELS
from ..render.encode import write_atomic
from .records import load_records

Z95 = 1.959963984540054
TEXT_ERRORS = "backslashreplace"  # model output in a report may hold lone surrogates
GROUPINGS = ("category", "game", "task", "plot_level", "qa_level", "qa_type")
CSV_FIELDS = ("run", "grouping", "group", "n", "correct", "accuracy", "ci_low", "ci_high",
              "errors", "judged", "judge_accuracy", "disagreements")


def wilson(successes: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion; (0, 1) when there is no data."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= n else min(1.0, centre + half)  # exact ends, no rounding drift
    return low, high


def _key(record: dict[str, Any], grouping: str) -> str:
    if grouping == "task":
        return f"{record.get('game', '')}/{record.get('task', '')}"
    return str(record.get(grouping) or "")


def _disagrees(record: dict[str, Any]) -> bool:
    judged = record.get("judge_score")
    return judged is not None and (float(judged) >= 0.5) != (float(record.get("score") or 0) >= 0.5)


def cell(records: list[dict[str, Any]]) -> dict[str, Any]:
    """n, summed score, accuracy, 95% Wilson interval, errors and judge figures of a group."""
    n = len(records)
    correct = sum(float(r.get("score") or 0.0) for r in records)
    low, high = wilson(correct, n)
    judged = [float(r["judge_score"]) for r in records if r.get("judge_score") is not None]
    return {"n": n, "correct": round(correct, 6), "accuracy": correct / n if n else 0.0,
            "ci_low": low, "ci_high": high,
            "errors": sum(1 for r in records if r.get("error")),
            "judged": len(judged),
            "judge_accuracy": sum(judged) / len(judged) if judged else None,
            "disagreements": sum(1 for r in records if _disagrees(r))}


def _level_order(values: Iterable[str]) -> list[str]:
    values = set(values)
    return [v for v in LEVELS if v in values] + sorted(values - set(LEVELS))


def _grouped(records: list[dict[str, Any]], grouping: str) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        groups.setdefault(_key(record, grouping), []).append(record)
    order = _level_order(groups) if grouping.endswith("_level") else sorted(groups)
    return {k: groups[k] for k in order}


def matrix(records: list[dict[str, Any]], rows: str, cols: str) -> dict[str, Any]:
    """Accuracy of every (row, col) pair present: {rows, cols, cells: {row: {col: cell}}}."""
    row_groups = _grouped(records, rows)
    col_names = list(_grouped(records, cols))
    cells = {r: {c: cell(g) for c, g in _grouped(members, cols).items()}
             for r, members in row_groups.items()}
    return {"rows": list(row_groups), "cols": col_names, "cells": cells}


def summarize(records: Iterable[dict[str, Any]], name: str = "run",
              settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole report as one JSON-ready dict."""
    records = list(records)
    return {
        "name": name,
        "settings": settings or {},
        "overall": cell(records),
        "by": {g: [{"group": k, **cell(v)} for k, v in _grouped(records, g).items()]
               for g in GROUPINGS},
        "matrix": {"task_x_plot_level": matrix(records, "task", "plot_level"),
                   "plot_level_x_qa_level": matrix(records, "plot_level", "qa_level")},
        "disagreements": [
            {"id": r["id"], "rule": r.get("score"), "judge": r.get("judge_score"),
             "extracted": r.get("extracted"), "answer": r.get("answer")}
            for r in records if _disagrees(r)
        ],
    }


def load_run(run: str | os.PathLike[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A run directory's records and settings."""
    run = Path(run)
    if not (run / "records.jsonl").exists():
        raise VisreasonError(f"{run} is not an evaluation run (no records.jsonl)")
    try:
        settings = json.loads((run / "run.json").read_text("utf-8")).get("settings", {})
    except (OSError, ValueError):
        settings = {}
    return list(load_records(run).values()), settings


# -- writers ---------------------------------------------------------------------------------
def pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _ci(c: dict[str, Any]) -> str:
    return f"{pct(c['accuracy'])} [{pct(c['ci_low'])}, {pct(c['ci_high'])}]"


def _judged(c: dict[str, Any]) -> str:
    return f"{pct(c['judge_accuracy'])} ({c['judged']})" if c["judged"] else "-"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _matrix_md(m: dict[str, Any], label: str) -> str:
    rows = [[r] + [_ci(m["cells"][r][c]) + f" (n={m['cells'][r][c]['n']})"
                   if c in m["cells"][r] else "-" for c in m["cols"]] for r in m["rows"]]
    return _table([label, *m["cols"]], rows)


def to_markdown(report: dict[str, Any]) -> str:
    o = report["overall"]
    s = report.get("settings") or {}
    lines = [f"# Evaluation: {report['name']}", ""]
    if s:
        lines += [f"model `{s.get('model')}`, template `{s.get('template')}`, "
                  f"params `{json.dumps(s.get('params', {}))}`", ""]
    lines += [f"**Accuracy {_ci(o)}** (%, 95% Wilson interval), {o['n']} samples, "
              f"{o['errors']} errors.", ""]
    judged = o["judged"]
    if judged:
        lines += [f"LLM judge: {judged} samples judged, judge accuracy "
                  f"{pct(o['judge_accuracy'])}% on them, {o['disagreements']} disagree with the "
                  f"rule.", ""]
    for grouping in GROUPINGS:
        rows = [[c["group"], str(c["n"]), _ci(c), str(c["errors"])]
                + ([_judged(c), str(c["disagreements"])] if judged else [])
                for c in report["by"][grouping]]
        header = [grouping, "n", "accuracy % [95% CI]", "errors"] + (
            ["judge % (n judged)", "rule/judge disagree"] if judged else [])
        lines += [f"## By {grouping.replace('_', ' ')}", "", _table(header, rows), ""]
    lines += ["## Task x plot level", "",
              _matrix_md(report["matrix"]["task_x_plot_level"], "task"), "",
              "## Plot level x qa level", "",
              _matrix_md(report["matrix"]["plot_level_x_qa_level"], "plot \\ qa"), ""]
    if report["disagreements"]:
        rows = [[d["id"], str(d["rule"]), str(d["judge"]), str(d["extracted"]), d["answer"]]
                for d in report["disagreements"]]
        lines += ["## Where rule and judge disagree", "",
                  _table(["id", "rule", "judge", "extracted", "answer"], rows), ""]
    return "\n".join(lines)


def csv_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [{"run": report["name"], "grouping": "overall", "group": "all", **report["overall"]}]
    for grouping, cells in report["by"].items():
        rows += [{"run": report["name"], "grouping": grouping, **c} for c in cells]
    m = report["matrix"]["task_x_plot_level"]
    for r in m["rows"]:
        for c, values in m["cells"][r].items():
            rows.append({"run": report["name"], "grouping": "task x plot_level",
                         "group": f"{r} @ {c}", **values})
    return rows


def to_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: (f"{v:.6f}" if isinstance(v, float) else v) for k, v in row.items()})
    return buffer.getvalue()


def write_report(run: str | os.PathLike[str], plots: bool = True) -> dict[str, Any]:
    """Write report.md, report.json, report.csv and the PNG plots into the run directory."""
    run = Path(run)
    records, settings = load_run(run)
    report = summarize(records, run.name or str(run), settings)
    write_atomic(run / "report.json", json.dumps(report, indent=2).encode("utf-8"))
    write_atomic(run / "report.md", to_markdown(report).encode("utf-8", TEXT_ERRORS))
    write_atomic(run / "report.csv", to_csv(csv_rows(report)).encode("utf-8", TEXT_ERRORS))
    if plots and records:
        from .plots import category_bars, task_level_heatmap

        write_atomic(run / "heatmap_task_level.png",
                     task_level_heatmap(report["matrix"]["task_x_plot_level"], report["name"]))
        write_atomic(run / "bars_category.png", category_bars([report]))
    return report


# -- comparison ------------------------------------------------------------------------------
def run_names(runs: list[Path]) -> list[str]:
    """Short names for runs: folder names, made unique with their parents when needed."""
    names = [r.resolve().name for r in runs]
    if len(set(names)) == len(names):
        return names
    return [f"{r.resolve().parent.name}/{r.resolve().name}" if names.count(n) > 1 else n
            for r, n in zip(runs, names, strict=True)]


def compare(reports: list[dict[str, Any]]) -> str:
    """Side-by-side Markdown: overall and each grouping, one accuracy column per run."""
    names = [r["name"] for r in reports]
    lines = ["# Comparison", ""]
    base = reports[0]
    header = ["", *names] + ([f"{n} - {names[0]}" for n in names[1:]])
    overall = [[ "overall", *[_ci(r["overall"]) for r in reports]]
               + [f"{100 * (r['overall']['accuracy'] - base['overall']['accuracy']):+.1f}"
                  for r in reports[1:]]]
    lines += [_table(header, overall), ""]
    for grouping in GROUPINGS:
        per_run = [{c["group"]: c for c in r["by"][grouping]} for r in reports]
        groups: list[str] = []
        for table in per_run:
            groups += [g for g in table if g not in groups]
        rows = []
        for g in groups:
            cells = [t.get(g) for t in per_run]
            row = [g] + [_ci(c) if c else "-" for c in cells]
            row += [f"{100 * (c['accuracy'] - cells[0]['accuracy']):+.1f}"
                    if c and cells[0] else "-" for c in cells[1:]]
            rows.append(row)
        lines += [f"## By {grouping.replace('_', ' ')}", "",
                  _table([grouping, *header[1:]], rows), ""]
    return "\n".join(lines)


def shared_records(runs: list[list[dict[str, Any]]]) -> tuple[list[list[dict[str, Any]]], str]:
    """Each run's records restricted to the samples every run has, and a line saying so.

    Runs over different samples (a --limit, a crashed run, another dataset) would otherwise
    compare different questions."""
    ids = [{r["id"] for r in records} for records in runs]
    common = set.intersection(*ids) if ids else set()
    kept = [[r for r in records if r["id"] in common] for records in runs]
    sizes = ", ".join(str(len(i)) for i in ids)
    note = (f"Compared over the {len(common)} sample(s) all runs share (runs hold {sizes}).")
    return kept, note


def write_comparison(runs: list[str | os.PathLike[str]],
                     out: str | os.PathLike[str] | None = None) -> tuple[str, list[dict]]:
    """Reports of several runs compared over the samples they share; files go to `out`."""
    paths = [Path(r) for r in runs]
    loaded = [load_run(path) for path in paths]
    kept, note = shared_records([records for records, _ in loaded])
    if not kept[0]:
        raise VisreasonError(f"the runs share no sample, so there is nothing to compare; "
                             f"{note[0].lower()}{note[1:]}")
    reports = [summarize(records, name, settings) for records, (_, settings), name
               in zip(kept, loaded, run_names(paths), strict=True)]
    text = compare(reports)
    text = text.replace("# Comparison\n", f"# Comparison\n\n{note}\n", 1)
    if out is not None:
        out = Path(out)
        from .plots import category_bars

        write_atomic(out / "comparison.md", text.encode("utf-8", TEXT_ERRORS))
        write_atomic(out / "comparison.json", json.dumps(reports, indent=2).encode("utf-8"))
        rows = [row for report in reports for row in csv_rows(report)]
        write_atomic(out / "comparison.csv", to_csv(rows).encode("utf-8", TEXT_ERRORS))
        write_atomic(out / "bars_category.png", category_bars(reports))
    return text, reports
