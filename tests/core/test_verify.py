"""verify(): exact scoring, every accepted answer, and zero (never an exception) for junk."""

from __future__ import annotations

import importlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import visreason
from visreason.core.errors import SampleError
from visreason.core.sample import Sample

verify_module = importlib.import_module("visreason.core.verify")


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


@pytest.mark.parametrize("hedge", ["A or B", "B or A", "B, A", "A B C D", "(A) or (B)",
                                   "A and B", "B/A"])
def test_hedged_choices_score_zero(hedge: str) -> None:
    for answer in ("A", "B"):
        s = make("choice", answer, ["red", "blue", "white", "green"])
        assert visreason.verify(s, f"<answer>{hedge}</answer>") == 0.0
        assert visreason.verify(s, f"Answer: {hedge}") == 0.0


@pytest.mark.parametrize("hedge", ["6..11", "6-11", "6 to 11", "6 or 7", "between 6 and 11"])
def test_hedged_numbers_score_zero(hedge: str) -> None:
    for answer in ("6", "11"):
        assert visreason.verify(make("integer", answer), f"\\boxed{{{hedge}}}") == 0.0


def test_full_width_letters_and_digits_are_read_as_ascii() -> None:
    assert visreason.verify(make("choice", "B", ["x", "y"]), "<answer>\uff22</answer>") == 1.0
    assert visreason.verify(make("integer", "12"), "Answer: \uff11\uff12") == 1.0


def test_coordinates_keep_their_order() -> None:
    s = make("coordinate", "(3, 1)")
    assert visreason.verify(s, "Answer: (3, 1)") == 1.0
    assert visreason.verify(s, "Answer: (1, 3)") == 0.0


def test_thinking_never_overrides_the_stated_answer() -> None:
    s = make("choice", "B", ["x", "y", "z"])
    assert visreason.verify(s, "<think>maybe <answer>A</answer></think>\nAnswer: B") == 1.0
    assert visreason.verify(s, "<think>\\boxed{B}</think>\nAnswer: A") == 0.0
    assert visreason.verify(s, "<answer>B</answer> on reflection\nAnswer: A") == 0.0


def test_dict_sample_and_every_row_form() -> None:
    s = make("coordinate", "(2, 0)", meta={"accepted": ["(0, 2)"]})
    s.state = {"board": [[1, 2], [3, 4]]}
    flat = s.to_dict()
    as_text = {**flat, "state": json.dumps(s.state), "meta": json.dumps(s.meta),
               "options": json.dumps(None)}
    verl = {"data_source": "visreason/nogame", "prompt": [],
            "reward_model": {"style": "rule", "ground_truth": s.answer},
            "extra_info": {k: v for k, v in as_text.items() if k != "answer"}}
    label = {"messages": [], "label": json.dumps({k: as_text[k] for k in (
        "id", "game", "task", "answer", "answer_type", "options", "state", "meta")})}
    solution = {**{k: v for k, v in as_text.items() if k != "answer"}, "solution": s.answer}
    for row in (flat, as_text, verl, label, solution):
        assert visreason.verify(row, "Answer: (2, 0)") == 1.0, row
        assert visreason.verify(row, "Answer: (0, 2)") == 1.0, row
        assert visreason.verify(row, "Answer: (2, 1)") == 0.0, row
        assert Sample.from_dict(row).state == s.state


@pytest.mark.parametrize(("record", "reason"), [
    ({"game": "x"}, "lacks required"),
    ({"game": "x", "task": "y", "answer": "4", "answer_type": "colour"}, "unknown answer type"),
    ({"game": "x", "task": "y", "answer": "many", "answer_type": "integer"}, "stored answer"),
    ({"game": "x", "task": "y", "answer": "E", "answer_type": "choice", "options": ["a", "b"]},
     "stored answer"),
    ({"game": "x", "task": "y", "answer": "4", "answer_type": "integer", "state": "{broken"},
     "state is not valid JSON"),
    ({"game": "x", "task": "y", "answer": "4", "answer_type": "integer", "meta": "[1]"},
     "meta must be a JSON object"),
    ({"game": "x", "task": "y", "answer": "A", "answer_type": "choice", "options": "red"},
     "options are not valid JSON"),
    ({"game": "x", "task": "y", "answer": "4", "answer_type": "integer", "seed": "x"},
     "seed"),
    (42, "not int"),
])
def test_malformed_samples_raise_a_clear_error(record, reason: str) -> None:
    with pytest.raises(SampleError, match=reason):
        visreason.verify(record, "4")


def test_a_failure_while_scoring_costs_zero_never_a_crash(monkeypatch) -> None:
    """The catch-all in verify: whatever breaks on a completion scores 0, not 1, not a raise."""
    s = make("integer", "4")

    def broken(completion, answer_type):
        raise RecursionError("a pathological completion")

    monkeypatch.setattr(verify_module, "extract_answer", broken)
    assert visreason.verify(s, "4") == 0.0


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
