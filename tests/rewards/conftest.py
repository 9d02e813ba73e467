"""One sample per registered task and answer form, with right answers and near misses."""

from __future__ import annotations

import contextlib

import pytest

import visreason
from visreason.core.answers import LETTERS, canonical
from visreason.core.errors import GenerationError


def _near_misses(kind: str, answer: str, options: list[str] | None) -> list[str]:
    """Plausible wrong answers: the ones a model gets by a small slip, not far-off values."""
    if kind == "choice":
        return [LETTERS[i] for i in range(len(options or ())) if LETTERS[i] != answer]
    if kind == "multi_choice":
        letters = LETTERS[: len(options or ())]
        fewer = [answer.replace(c, "", 1) for c in answer] if len(answer) > 1 else []
        more = ["".join(sorted(answer + c)) for c in letters if c not in answer]
        return [*fewer, *more]
    if kind == "integer":
        return [str(int(answer) + 1), str(int(answer) - 1)]
    if kind == "number":
        value = float(answer)
        return [format(value * 1.01 + 0.01, ".6g"), format(value - 1, ".6g")]
    if kind == "coordinate":
        parts = [int(p) for p in answer.strip("()").split(",")]
        swapped = "(" + ", ".join(str(p) for p in reversed(parts)) + ")"
        nudged = "(" + ", ".join(str(p + (i == 0)) for i, p in enumerate(parts)) + ")"
        return [swapped, nudged]
    if kind == "sequence":
        items = answer.split(", ")
        if len(items) > 1:
            return [", ".join(items[:-1])]
        item = items[0]  # one item: a neighbour of it, or it said twice
        return [str(int(item) + 1), str(int(item) - 1)] if item.lstrip("-").isdigit() else \
            [f"{item}, {item}"]
    return ["none of these"]  # free text: its readers are the tasks' own


def wrong_answers(sample: visreason.Sample) -> list[str]:
    """Near misses the verifier must reject: off by one, transposed coordinates, every other
    option (which includes the other player's move), a subset or superset of the right
    letters, a move sequence one step short. Answers the sample accepts are left out."""
    kind, options = sample.answer_type, sample.options
    accepted = {canonical(kind, a, options) for a in [sample.answer,
                                                      *sample.meta.get("accepted", [])]}
    return [w for w in _near_misses(kind, sample.answer, options)
            if w and canonical(kind, w, options) not in accepted]


def wrong_answer(sample: visreason.Sample) -> str:
    """The first near miss (for tests that need one wrong answer per sample)."""
    misses = wrong_answers(sample)
    assert misses, f"no near miss for {sample.id} ({sample.answer_type} {sample.answer!r})"
    return misses[0]


def _samples() -> list[visreason.Sample]:
    found = []
    for task in visreason.tasks():
        found.append(visreason.generate(task.id, task.plot_levels[0], 5, index=1,
                                        text_only=True))
        if found[-1].answer_form == "choice":
            with contextlib.suppress(GenerationError):  # a choice question without one
                found.append(visreason.generate(task.id, task.plot_levels[0], 5, index=1,
                                                text_only=True, answer_form="open"))
    return found


@pytest.fixture(scope="session")
def samples() -> list[visreason.Sample]:
    found = _samples()
    assert found, "no task is registered"
    return found
