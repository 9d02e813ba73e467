"""Final-answer extraction from completions written in the usual ways, and hostile ones."""

from __future__ import annotations

import pytest

from visreason.core.extract import completion_text, extract_answer

from ..hostile import HOSTILE, cost_ratio


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
        # the last answer-marked span wins, whichever kind of marking each one uses
        ("<answer>A</answer>\nAnswer: B", "choice", "B"),
        ("Answer: A\n<answer>B</answer>", "choice", "B"),
        ("\\boxed{A}\nThe answer is B.", "choice", "B"),
        ("the answer is A, no wait, the answer is B", "choice", "B"),
        ("Answer: \\boxed{5}.", "integer", "5"),
        ("Answer: <answer>C</answer>", "choice", "C"),
        ("<answer>\\boxed{D}</answer>", "choice", "D"),
        ("Answer:\n\n  B", "choice", "B"),
        # nothing written while thinking overrides the final part
        ("<think>so <answer>A</answer></think>\nAnswer: B", "choice", "B"),
        ("<think>\\boxed{A}</think>Answer: B", "choice", "B"),
        ("<think>Answer: A</think><answer>B</answer>", "choice", "B"),
        ("<think>the answer is A</think>", "choice", None),
        ("<think>a</think><think>\\boxed{7}</think>\\boxed{8}", "integer", "8"),
        ("x" * 300 + "\nso I pick (\uff22)", "choice", "B"),
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


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("kind", ["choice", "integer"])
def test_extraction_is_linear_on_hostile_completions(name: str, kind: str) -> None:
    """A 1 MB hostile completion costs at most a few hundred times a 4 KB one (250x the
    size); a quadratic scan costs tens of thousands of times as much."""
    ratio = cost_ratio(lambda text: extract_answer(text, kind), HOSTILE[name])
    assert ratio < 600, f"{name}: 1 MB took {ratio:.0f}x the time of 4 KB"


@pytest.mark.parametrize(("completion", "want"), [
    ("<answer>The answer is 1.</answer>", "1"),
    ("<think>x</think><answer>The answer is B.</answer>", "B"),
    ("\\boxed{The answer is 3}", "3"),
    ("The answer is \\boxed{7}.", "7"),
    ("Answer: <answer>5</answer>", "5"),
])
def test_a_stated_answer_inside_a_tag_or_box_is_read_within_it(completion: str,
                                                                want: str) -> None:
    assert extract_answer(completion) == want
