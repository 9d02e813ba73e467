"""One sample per registered task, with right and wrong answers, for every reward test."""

from __future__ import annotations

import pytest

import visreason
from visreason.core.answers import LETTERS


def wrong_answer(sample: visreason.Sample) -> str:
    """An answer of the right type that the verifier must reject."""
    kind, answer = sample.answer_type, sample.answer
    if kind == "choice":
        return next(LETTERS[i] for i in range(len(sample.options)) if LETTERS[i] != answer)
    if kind == "multi_choice":
        letters = LETTERS[: len(sample.options)]
        return next(c for c in letters if c != answer)
    if kind in ("integer", "number"):
        return str(int(float(answer)) + 7)
    if kind == "coordinate":
        return "(97, 98)"
    return "zzz-not-it"


def _samples() -> list[visreason.Sample]:
    return [visreason.generate(t.id, t.plot_levels[0], 5, index=1, text_only=True)
            for t in visreason.tasks()]


@pytest.fixture(scope="session")
def samples() -> list[visreason.Sample]:
    found = _samples()
    assert found, "no task is registered"
    return found
