"""Rebuild the verifier's view of a sample from flat dataset columns.

Trainers hand a reward function plain columns (TRL kwargs, verl `extra_info`, ms-swift
kwargs, OpenRLHF labels); JSON columns (`state`, `meta`, `options`) may come as strings
because Arrow cannot hold per-game state schemas in one column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from ..core.answers import canonical
from ..core.errors import VisreasonError
from ..core.sample import Sample

# Columns a data row carries so that any trainer can re-verify it.
VERIFIER_COLUMNS = ("id", "game", "task", "answer", "answer_type", "options", "state", "meta",
                    "answer_form")
_LETTER_RE = re.compile(r"^[A-Z]$")
_MULTI_RE = re.compile(r"^[A-Z]{2,}$")
_COORD_RE = re.compile(r"^\(\s*-?\d+\s*(?:,\s*-?\d+\s*){1,3}\)$")


@lru_cache(maxsize=4096)
def _parse_json(text: str) -> Any:
    return json.loads(text)


def _json_value(value: Any, name: str) -> Any:
    """A dict/list column that may arrive JSON-encoded; parsed strings are cached (read-only)."""
    if isinstance(value, str):
        try:
            return _parse_json(value)
        except ValueError as exc:
            raise VisreasonError(f"column {name!r} is not valid JSON: {exc}") from exc
    return value


def infer_answer_type(answer: str, options: Sequence[str] | None = None) -> str:
    """Best guess at the answer type of a bare answer (for data that does not say)."""
    text = str(answer).strip()
    if options:
        return "multi_choice" if _MULTI_RE.match(text) else "choice"
    if _LETTER_RE.match(text):
        return "choice"
    if canonical("integer", text) == text.lstrip("+"):
        return "integer"
    if _COORD_RE.match(text):
        return "coordinate"
    if canonical("number", text) is not None and re.fullmatch(r"[-+]?[\d./]+", text):
        return "number"
    return "text"


def sample_from_row(row: Mapping[str, Any]) -> Sample:
    """A Sample holding what the verifier needs, from one row of columns.

    `answer` (or ms-swift/GameQA's `solution`) is required; `answer_type` is inferred when
    absent. Raises VisreasonError when the row cannot be verified at all: that is a data
    or wiring mistake, not a bad completion.
    """
    answer = row.get("answer")
    if answer is None:
        answer = row.get("solution")
    if answer is None:
        raise VisreasonError(
            "a reward row needs an 'answer' column (plus answer_type, options, game, task, "
            "state, meta); build data with visreason.data.stream or 'visreason export'"
        )
    options = _json_value(row.get("options"), "options")
    if options is not None and not isinstance(options, list):
        options = list(options)
    kind = row.get("answer_type") or infer_answer_type(str(answer), options)
    state = _json_value(row.get("state"), "state") or {}
    meta = _json_value(row.get("meta"), "meta") or {}
    return Sample(
        id=str(row.get("id") or ""), game=str(row.get("game") or ""),
        task=str(row.get("task") or ""), category="", split="", qa_type="",
        plot_level=str(row.get("plot_level") or ""), qa_level="", question="",
        options=options or None, answer=str(answer), answer_type=str(kind), analysis="",
        image=None, state=state, seed=0, meta=meta,
        answer_form=str(row.get("answer_form") or (
            "choice" if str(kind) in ("choice", "multi_choice") else "open")),
    )


def _per_row_options(value: Any) -> bool:
    if isinstance(value, str):
        return value.lstrip()[:1] in ("[", "n")  # a JSON list or null
    return value is None or isinstance(value, (list, tuple))


def rows_from_columns(count: int, columns: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Split column lists (TRL's / ms-swift's kwargs) into `count` row dicts.

    A column given as a scalar rather than a list applies to every row.
    """
    rows: list[dict[str, Any]] = [{} for _ in range(count)]
    for name in (*VERIFIER_COLUMNS, "solution", "plot_level", "answer_format"):
        if name not in columns:
            continue
        values = columns[name]
        listed = isinstance(values, (list, tuple)) and len(values) == count
        if listed and (name != "options" or all(_per_row_options(v) for v in values)):
            per_row = list(values)
        else:
            per_row = [values] * count
        for row, value in zip(rows, per_row, strict=True):
            row[name] = value
    return rows


def row_to_columns(sample: Sample) -> dict[str, Any]:
    """The verifier columns of a Sample, JSON-encoding state and meta."""
    return {
        "id": sample.id, "game": sample.game, "task": sample.task, "answer": sample.answer,
        "answer_type": sample.answer_type, "options": sample.options,
        "state": json.dumps(sample.state, sort_keys=True),
        "meta": json.dumps(sample.meta, sort_keys=True), "answer_form": sample.answer_form,
    }
