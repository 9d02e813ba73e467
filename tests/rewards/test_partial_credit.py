from __future__ import annotations

import pytest

from visreason import rewards
from visreason.rewards import register_partial_credit, unregister_partial_credit

from .conftest import wrong_answer


@pytest.fixture
def integer_sample(samples):
    found = [s for s in samples if s.answer_type == "integer"]
    if not found:
        pytest.skip("no integer task registered")
    return found[0]


def test_partial_credit_applies_only_when_asked_and_only_to_wrong_answers(integer_sample) -> None:
    sample = integer_sample
    task_id = f"{sample.game}/{sample.task}"
    seen = []

    def off_by_some(s, answer):
        seen.append(answer)
        return 0.25 if int(answer) != int(s.answer) else None

    register_partial_credit(task_id, off_by_some)
    try:
        columns = {k: [v] for k, v in rewards.row_to_columns(sample).items()}
        wrong = [f"<answer>{wrong_answer(sample)}</answer>"]
        assert rewards.accuracy(completions=wrong, **columns) == [0.0]
        assert rewards.partial_accuracy(completions=wrong, **columns) == [0.25]
        right = [f"<answer>{sample.answer}</answer>"]
        assert rewards.partial_accuracy(completions=right, **columns) == [1.0]
        assert seen == [wrong_answer(sample)]  # only the wrong answer reached the rule
        assert rewards.partial_accuracy(completions=["no answer here at all, sorry"] * 1,
                                        **columns) == [0.0]
    finally:
        unregister_partial_credit(task_id)
    assert rewards.partial_accuracy(completions=wrong, **columns) == [0.0]


def test_partial_credit_is_clipped_and_a_crashing_rule_costs_nothing(integer_sample) -> None:
    sample = integer_sample
    task_id = f"{sample.game}/{sample.task}"
    columns = {k: [v] for k, v in rewards.row_to_columns(sample).items()}
    wrong = [f"<answer>{wrong_answer(sample)}</answer>"]
    register_partial_credit(task_id, lambda s, a: 7.0)
    try:
        assert rewards.partial_accuracy(completions=wrong, **columns) == [1.0]
        register_partial_credit(task_id, lambda s, a: 1 / 0)
        assert rewards.partial_accuracy(completions=wrong, **columns) == [0.0]
    finally:
        unregister_partial_credit(task_id)
