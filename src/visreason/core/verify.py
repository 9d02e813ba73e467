"""Score a completion against a sample by rule: 1.0 right, 0.0 wrong or malformed.

A malformed completion scores 0 (it is the model's mistake, and a long run must go on); a
malformed sample raises SampleError (it is a data or wiring mistake that would otherwise
silently zero every reward).
"""

from __future__ import annotations

from typing import Any

from .answers import canonical, numbers_close, relabel
from .errors import SampleError
from .extract import extract_answer
from .registry import find_task
from .sample import ANSWER_TYPES, Sample


def as_sample(sample: Sample | dict[str, Any]) -> Sample:
    """A Sample from a Sample or any row form the project writes (see `Sample.from_dict`)."""
    return sample if isinstance(sample, Sample) else Sample.from_dict(sample)


def expected_answers(sample: Sample) -> list[str]:
    """Canonical forms of the stored answer and each accepted alternative.

    Raises SampleError when the sample cannot be verified: an unknown answer type, options
    that are not a list, state or meta that are not objects, or a stored answer that is not
    well-formed for its type.
    """
    name = sample.id or sample.task_id
    kind = sample.answer_type
    if kind not in ANSWER_TYPES:
        raise SampleError(f"sample {name}: unknown answer type {kind!r}; one of "
                          f"{', '.join(ANSWER_TYPES)}")
    if sample.options is not None and not isinstance(sample.options, list):
        raise SampleError(f"sample {name}: options must be a list")
    for field_name in ("state", "meta"):
        if not isinstance(getattr(sample, field_name), dict):
            raise SampleError(f"sample {name}: {field_name} must be an object")
    want = canonical(kind, sample.answer, sample.options)
    if want is None:
        raise SampleError(f"sample {name}: stored answer {sample.answer!r} is not a "
                          f"well-formed {kind} answer")
    accepted = sample.meta.get("accepted") or []
    if not isinstance(accepted, list):
        raise SampleError(f"sample {name}: meta.accepted must be a list")
    others = (canonical(kind, str(a), sample.options) for a in accepted)
    return [want, *(a for a in others if a is not None and a != want)]


def score_answer(sample: Sample, answer: str | None,
                 expected: list[str] | None = None) -> float:
    """Score an already extracted final answer (`expected` from `expected_answers`)."""
    if answer is None:
        return 0.0
    kind = sample.answer_type
    wanted = expected if expected is not None else expected_answers(sample)
    task = find_task(sample.game, sample.task)
    if task is not None and sample.answer_form == "open":
        if canonical(kind, answer, sample.options) in wanted:
            return 1.0  # the stored answer is right by construction, whatever meta survived
        ruled = task.check_open(sample.state, sample.meta, answer)
        if ruled is not None:
            return max(0.0, min(1.0, float(ruled)))
    labels = sample.meta.get("option_labels")
    if labels and kind in ("choice", "multi_choice"):  # options labelled 1..n in the question
        answer = relabel(answer, labels, sample.options, multi=kind == "multi_choice")
    got = canonical(kind, answer, sample.options)
    if got is None:
        return 0.0
    for want in wanted:
        if got == want:
            return 1.0
        if kind == "number" and numbers_close(got, want, sample.meta.get("rel_tol", 1e-6)):
            return 1.0
    return 0.0


def verify(sample: Sample | dict[str, Any], completion: Any) -> float:
    """Extract the final answer from `completion` and score it; never raises on the completion.

    Raises SampleError for a sample that cannot be verified (see `expected_answers`).
    """
    sample = as_sample(sample)
    expected = expected_answers(sample)
    try:
        return score_answer(sample, extract_answer(completion, sample.answer_type), expected)
    except Exception:  # a hostile completion must cost a zero, never a crashed run
        return 0.0
