"""Final-answer extraction from completions written in the usual ways, and hostile ones."""

from __future__ import annotations

import pytest

from visreason.core.extract import completion_text, extract_answer


@pytest.mark.parametrize(
    ("completion", "kind", "expected"),
    [
        ("<think>hmm</think><answer>C</answer>", "choice", "C"),
        ("<answer> (2, 3) </answer>", "coordinate", "(2, 3)"),
        ("<answer>first</answer> then <answer>B</answer>", "choice", "B"),
        ("<answer><answer>D</answer></answer>", "choice", "D"),
        ("so $\\boxed{12}$", "integer", "12"),
        ("\\boxed{\\text{up, left}}", "sequence", "up, left"),
        ("\\boxed{{1,2}}", "text", "{1,2}"),
        ("Reasoning line\nAnswer: B", "choice", "B"),
        ("Final answer: 7 moves", "integer", "7 moves"),
        ("We walk the path.\nTherefore the answer is (4, 1).", "coordinate", "(4, 1)"),
        ("**Answer:** **A**", "choice", "A"),
        ("C", "choice", "C"),
        ("  42 \n", "integer", "42"),
        ("x" * 300 + "\nso I pick (B)", "choice", "B"),
        ("x" * 300 + "\nI cannot decide", "choice", None),
        ("", "choice", None),
        ("   ", "text", None),
        ("<answer></answer>", "choice", None),
        ("\\boxed{unclosed", "integer", "\\boxed{unclosed"),
        ("\\boxed{" * 3000 + "\\boxed{7}", "integer", "7"),
        ("\\boxed{7}" + "\\boxed{" * 3000, "integer", "7"),
        ("\\boxed{\\boxed{2}}", "integer", "2"),
    ],
)
def test_extract(completion: str, kind: str, expected: str | None) -> None:
    assert extract_answer(completion, kind) == expected


def test_conversational_completion() -> None:
    messages = [{"role": "assistant", "content": "<answer>B</answer>"}]
    assert extract_answer(messages, "choice") == "B"
    parts = [{"role": "assistant", "content": [{"type": "text", "text": "Answer: 5"}]}]
    assert extract_answer(parts, "integer") == "5"
    assert completion_text([{"role": "user", "content": "ignored"}]) == ""


@pytest.mark.parametrize("bad", [None, 3, 4.5, object(), {"no": "content"}, [None, 7]])
def test_non_text_gives_none(bad: object) -> None:
    assert extract_answer(bad, "choice") is None


def test_bytes_and_nul() -> None:
    assert extract_answer(b"<answer>\x00A</answer>\xff\xfe", "choice") == "A"


def test_huge_completion_reads_the_end() -> None:
    huge = "<answer>A</answer>" + "noise " * 2_000_000 + "<answer>B</answer>"
    assert extract_answer(huge, "choice") == "B"
