"""verify(): exact scoring, every accepted answer, and zero (never an exception) for junk."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import visreason
from visreason.core.sample import Sample


def make(answer_type: str, answer: str, options=None, meta=None) -> Sample:
    return Sample(id="x", game="nogame", task="none", category="pattern", split="in_domain",
                  qa_type="target_perception", plot_level="easy", qa_level="easy",
                  question="q", options=options, answer=answer, answer_type=answer_type,
                  analysis="", image=None, state={}, seed=0, meta=meta or {})


def test_choice_and_option_text() -> None:
    s = make("choice", "B", ["red", "blue", "white"])
    assert visreason.verify(s, "<answer>B</answer>") == 1.0
    assert visreason.verify(s, "The answer is blue.") == 1.0
    assert visreason.verify(s, "<answer>A</answer>") == 0.0
    assert visreason.verify(s, "<answer>A or B</answer>") == 0.0


def test_accepted_alternatives() -> None:
    s = make("sequence", "up, left", meta={"accepted": ["left, up"]})
    assert visreason.verify(s, "Answer: left → up") == 1.0
    assert visreason.verify(s, "Answer: up, up") == 0.0


def test_number_tolerance() -> None:
    s = make("number", "0.3333333333")
    assert visreason.verify(s, "\\boxed{1/3}") == 1.0
    assert visreason.verify(s, "\\boxed{0.33}") == 0.0


def test_dict_sample_and_bad_sample() -> None:
    s = make("integer", "4")
    assert visreason.verify(s.to_dict(), "4") == 1.0
    with pytest.raises(ValueError, match="lacks required"):
        visreason.verify({"game": "x"}, "4")
    with pytest.raises(TypeError):
        visreason.verify(42, "4")


@pytest.mark.parametrize(
    "completion",
    ["", None, b"\x00\xff" * 1000, "<answer>" * 10_000, "\\boxed{" * 5000, "A" * 1_000_000,
     [{"role": "assistant", "content": None}], {"content": ["<answer>", 3]}, float("nan"),
     "<answer><answer><answer>B</answer>", "Answer: " + "1 " * 50_000],
)
def test_hostile_completions_score_zero(completion: object) -> None:
    s = make("integer", "4")
    assert visreason.verify(s, completion) == 0.0


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_fuzzed_completions_never_raise_and_never_win_wrongly(text: str) -> None:
    s = make("choice", "C", ["a", "b", "c", "d"])
    score = visreason.verify(s, text)
    assert score in (0.0, 1.0)
    if score == 1.0:
        assert "C" in text or "c" in text


def test_real_sample_from_registry() -> None:
    task = visreason.tasks()[0]
    sample = visreason.generate(task.id, task.plot_levels[0], 1)
    assert visreason.verify(sample, f"<answer>{sample.answer}</answer>") == 1.0
