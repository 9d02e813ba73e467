from __future__ import annotations

import pytest

from visreason import VisreasonError
from visreason.rewards import FORMATS, follows_format, instruction, render_answer

from ..hostile import HOSTILE, cost_ratio


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


@pytest.mark.parametrize("hostile", sorted(HOSTILE))
@pytest.mark.parametrize("name", FORMATS)
def test_format_check_is_linear_on_hostile_completions(name: str, hostile: str) -> None:
    """A 1 MB hostile completion costs at most a few hundred times a 4 KB one."""
    ratio = cost_ratio(lambda text: follows_format(text, name), HOSTILE[hostile])
    assert ratio < 600, f"{hostile}: 1 MB took {ratio:.0f}x the time of 4 KB"
