"""Tool-use statistics of an agent run, next to the usual accuracy report.

Calls per sample, the share of calls that failed or were needless, how often the corruption
was repaired, and accuracy on samples answered with and without calling the tool (each with
its Wilson interval), overall and per transform.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..eval.report import _ci, _table, cell, to_markdown, write_report
from ..render.encode import write_atomic


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _group(records: list[dict[str, Any]]) -> dict[str, Any]:
    calls = sum(int(r.get("tool_calls") or 0) for r in records)
    failed = sum(int(r.get("tool_failed") or 0) for r in records)
    needless = sum(int(r.get("tool_needless") or 0) for r in records)
    with_tools = [r for r in records if int(r.get("tool_calls") or 0) > 0]
    without = [r for r in records if not int(r.get("tool_calls") or 0)]
    return {"n": len(records), "calls": calls,
            "calls_per_sample": _share(calls, len(records)),
            "error_rate": _share(failed, calls), "needless_rate": _share(needless, calls),
            "solved_rate": _share(sum(1 for r in records if r.get("tool_solved")),
                                  len(records)),
            "with_tools": cell(with_tools), "without_tools": cell(without),
            "overall": cell(records)}


def tool_stats(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Tool-use figures over agent records (see the module docstring)."""
    records = list(records)
    by_transform: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_transform.setdefault(str(record.get("transform") or "-"), []).append(record)
    return {**_group(records),
            "by_transform": {k: _group(v) for k, v in sorted(by_transform.items())}}


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "-"
    return f"{100 * value:.1f}" if percent else f"{value:.2f}"


def tool_markdown(stats: dict[str, Any]) -> str:
    header = ["transform", "n", "calls/sample", "failed %", "needless %", "repaired %",
              "accuracy with tools % (n)", "accuracy without tools % (n)"]

    def row(name: str, g: dict[str, Any]) -> list[str]:
        return [name, str(g["n"]), _fmt(g["calls_per_sample"]), _fmt(g["error_rate"], True),
                _fmt(g["needless_rate"], True), _fmt(g["solved_rate"], True),
                f"{_ci(g['with_tools'])} ({g['with_tools']['n']})" if g["with_tools"]["n"]
                else "-",
                f"{_ci(g['without_tools'])} ({g['without_tools']['n']})"
                if g["without_tools"]["n"] else "-"]

    rows = [row("all", stats)] + [row(k, v) for k, v in stats["by_transform"].items()]
    return "\n".join(["## Tool use", "", _table(header, rows), ""])


def write_agent_report(run: str | os.PathLike[str], plots: bool = True) -> dict[str, Any]:
    """The evaluation report of an agent run plus its tool-use section (report.md/.json)."""
    run = Path(run)
    report = write_report(run, plots=plots)
    from ..eval.report import load_run

    records, _ = load_run(run)
    report["tools"] = tool_stats(records)
    write_atomic(run / "report.json", json.dumps(report, indent=2).encode("utf-8"))
    text = to_markdown(report).rstrip() + "\n\n" + tool_markdown(report["tools"])
    write_atomic(run / "report.md", text.encode("utf-8"))
    return report
