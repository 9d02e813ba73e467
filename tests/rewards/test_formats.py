from __future__ import annotations

import pytest

from visreason import VisreasonError
from visreason.rewards import FORMATS, follows_format, instruction, render_answer


@pytest.mark.parametrize("name", FORMATS)
def test_rendered_answers_follow_only_their_own_format(name) -> None:
    for other in FORMATS:
        assert follows_format(render_answer("B", other), name) == (other == name)


@pytest.mark.parametrize(("name", "completion"), [
    ("think", "<think>a</think><answer></answer>"),
    ("think", "<answer>B</answer>"),
    ("think", "preamble <think>a</think><answer>B</answer>"),
    ("think", "<think>a</think><answer>B</answer> trailing words"),
    ("think", "<think>a<think>b</think><answer>B</answer>"),
    ("think", "<think>a</think><answer>B</answer><answer>C</answer>"),
    ("boxed", "\\boxed{}"),
    ("boxed", "\\boxed{B"),
    ("boxed", "\\boxed{A} or \\boxed{B}"),
    ("answer", "Answer: B\nthen more text"),
    ("answer", "Answer:   "),
    ("answer", ""),
])
def test_malformed_completions_fail_the_format(name, completion) -> None:
    assert not follows_format(completion, name)


def test_chat_message_completions_are_read() -> None:
    message = [{"role": "assistant", "content": render_answer("7", "boxed")}]
    assert follows_format(message, "boxed")
    assert not follows_format(None, "boxed") and not follows_format(12, "think")


def test_unknown_format_is_an_error() -> None:
    with pytest.raises(VisreasonError, match="unknown answer format"):
        instruction("xml")
