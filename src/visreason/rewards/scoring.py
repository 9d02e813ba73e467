"""One scoring path for every trainer: accuracy (with optional partial credit) and format."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.extract import extract_answer
from ..core.registry import find_task
from ..core.sample import Sample
from ..core.verify import verify
from .formats import follows_format

PartialCredit = Callable[[Sample, str], "float | None"]
_PARTIAL: dict[str, PartialCredit] = {}


def register_partial_credit(task_id: str, function: PartialCredit | None = None):
    """Give task `task_id` partial credit: `function(sample, extracted_answer) -> float | None`.

    Used as a decorator or called directly. The function sees only wrong answers (full
    credit is decided by the verifier) and its value is clipped to [0, 1]. A task class can
    instead define `partial_credit(state, meta, answer)`; a registered function wins.
    """
    def add(fn: PartialCredit) -> PartialCredit:
        _PARTIAL[task_id] = fn
        return fn

    return add(function) if function is not None else add


def unregister_partial_credit(task_id: str) -> None:
    _PARTIAL.pop(task_id, None)


def partial_credit(sample: Sample, answer: str) -> float | None:
    """The partial credit a task grants `answer`, or None when the task defines none."""
    function = _PARTIAL.get(f"{sample.game}/{sample.task}")
    if function is not None:
        value = function(sample, answer)
    else:
        task = find_task(sample.game, sample.task)
        method = getattr(task, "partial_credit", None) if task is not None else None
        if method is None:
            return None
        value = method(sample.state, sample.meta, answer)
    return None if value is None else max(0.0, min(1.0, float(value)))


def accuracy_score(sample: Sample, completion: Any, partial: bool = False) -> float:
    """`verify`, raised to the task's partial credit when `partial` and the answer is wrong."""
    score = verify(sample, completion)
    if not partial or score >= 1.0:
        return score
    try:
        answer = extract_answer(completion, sample.answer_type)
        if answer is None:
            return score
        credit = partial_credit(sample, answer)
    except Exception:  # a partial-credit rule must not crash a training run either
        return score
    return score if credit is None else max(score, credit)


def format_score(completion: Any, answer_format: str) -> float:
    return 1.0 if follows_format(completion, answer_format) else 0.0
