"""Fuzzing: extraction never raises, and no completion lacking the answer scores 1.0."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import visreason
from visreason.core.answers import canonical
from visreason.core.extract import extract_answer
from visreason.rewards import FORMATS, render_answer

from .conftest import _samples, wrong_answer

SAMPLES = _samples()
KINDS = ("choice", "multi_choice", "integer", "number", "coordinate", "sequence", "text")
noise = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
markup = st.sampled_from(["<answer>", "</answer>", "\\boxed{", "}", "Answer:", "the answer is",
                          "<think>", "</think>", "\n", "(", ")", ",", "{", "\\fbox{", "$"])
mixed = st.lists(st.one_of(noise, markup), max_size=30).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mixed, kind=st.sampled_from(KINDS))
def test_extraction_never_raises(text: str, kind: str) -> None:
    found = extract_answer(text, kind)
    assert found is None or isinstance(found, str)


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.none(), st.integers(), st.floats(),
                       st.lists(st.dictionaries(st.text(max_size=5), st.text(max_size=20)),
                                max_size=3)))
def test_non_text_completions_score_zero(value) -> None:
    for sample in SAMPLES[:5]:
        assert visreason.verify(sample, value) == 0.0


def _mentions_right_answer(sample, text: str) -> bool:
    """Whether any fragment of `text` could canonically be the stored answer."""
    want = sample.answer
    pieces = re.split(r"<[^>]*>|\\boxed\{|\\fbox\{|[{}\n$]|answer is|Answer:", text)
    for piece in pieces:
        for part in (piece, piece.strip(), *piece.split()):
            if canonical(sample.answer_type, part, sample.options) == want:
                return True
    if sample.options:
        return any(o.casefold() in text.casefold() for o in sample.options)
    return want.casefold() in text.casefold()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0, max_value=len(SAMPLES) - 1), text=mixed,
       fmt=st.sampled_from(FORMATS))
def test_a_wrong_answer_never_scores_one(index: int, text: str, fmt: str) -> None:
    sample = SAMPLES[index]
    wrong = render_answer(wrong_answer(sample), fmt, reasoning=text.replace(sample.answer, ""))
    assert visreason.verify(sample, wrong) == 0.0 or _mentions_right_answer(sample, text)
    if not _mentions_right_answer(sample, text):
        assert visreason.verify(sample, text) == 0.0, (sample.id, text)
