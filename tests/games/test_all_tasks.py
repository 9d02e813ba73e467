"""Contract every registered task must meet, at every level it offers."""

from __future__ import annotations

import json

import pytest

import visreason
from visreason.core.answers import LETTERS, canonical

SEEDS = range(4)
CASES = [(t.id, level) for t in visreason.tasks() for level in t.plot_levels]


def _formats(answer: str) -> list[str]:
    return [
        answer,
        f"<think>checking the board</think><answer>{answer}</answer>",
        f"Let me work it out.\nThe final answer is \\boxed{{{answer}}}",
        f"Reasoning...\nAnswer: {answer}",
        f"After all the steps, the answer is {answer}.",
    ]


@pytest.mark.parametrize(("task_id", "level"), CASES)
def test_task_contract(task_id: str, level: str) -> None:
    task = visreason.get_task(task_id)
    for seed in SEEDS:
        sample = visreason.generate(task_id, level, seed)
        assert sample.plot_level == level and sample.qa_level == task.qa_level
        assert canonical(sample.answer_type, sample.answer, sample.options) == sample.answer
        for completion in _formats(sample.answer):
            assert visreason.verify(sample, completion) == 1.0, (sample.id, completion)
        assert visreason.verify(sample.to_dict(), sample.answer) == 1.0
        if sample.options is not None:
            assert "\n".join(f"{LETTERS[i]}. {o}" for i, o in enumerate(sample.options)) in \
                sample.question
            keys = [o.strip().casefold() for o in sample.options]
            assert len(set(keys)) == len(keys), sample.options
        if sample.answer_type == "choice":
            for i in range(len(sample.options)):
                if LETTERS[i] != sample.answer:
                    assert visreason.verify(sample, f"<answer>{LETTERS[i]}</answer>") == 0.0
                    assert visreason.verify(sample, sample.options[i]) == 0.0
        assert sample.analysis.rstrip().splitlines()[-1].startswith(
            f"So the answer is {sample.answer}")
        assert visreason.verify(sample, "") == 0.0
        json.dumps(sample.to_dict())
        assert sample.image is not None and sample.image.size[0] >= 100


@pytest.mark.parametrize("task_id", sorted({t.id for t in visreason.tasks()}))
def test_task_is_deterministic_and_has_text_only_form(task_id: str) -> None:
    level = visreason.get_task(task_id).plot_levels[0]
    first = visreason.generate(task_id, level, 11, index=3)
    second = visreason.generate(task_id, level, 11, index=3)
    assert first.to_dict() == second.to_dict()
    assert first.image.tobytes() == second.image.tobytes()
    text = visreason.generate(task_id, level, 11, index=3, text_only=True)
    assert text.image is None
    assert text.answer == first.answer and text.state == first.state
    assert "given as text" in text.question
    other = visreason.generate(task_id, level, 12, index=3)
    assert other.seed != first.seed


def test_every_game_package_imports() -> None:
    from visreason.games import IMPORT_FAILURES

    assert IMPORT_FAILURES == {}
