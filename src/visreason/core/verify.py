"""Score a completion against a sample by rule: 1.0 right, 0.0 wrong or malformed."""

from __future__ import annotations

from typing import Any

from .answers import canonical, numbers_close
from .extract import extract_answer
from .registry import find_task
from .sample import Sample


def as_sample(sample: Sample | dict[str, Any]) -> Sample:
    return sample if isinstance(sample, Sample) else Sample.from_dict(sample)


def score_answer(sample: Sample, answer: str | None) -> float:
    """Score an already extracted final answer."""
    if answer is None:
        return 0.0
    kind = sample.answer_type
    task = find_task(sample.game, sample.task)
    if task is not None and sample.answer_form == "open":
        ruled = task.check_open(sample.state, sample.meta, answer)
        if ruled is not None:
            return max(0.0, min(1.0, float(ruled)))
    got = canonical(kind, answer, sample.options)
    if got is None:
        return 0.0
    accepted = [sample.answer, *sample.meta.get("accepted", [])]
    for expected in accepted:
        want = canonical(kind, expected, sample.options)
        if want is None:
            continue
        if got == want:
            return 1.0
        if kind == "number" and numbers_close(got, want, sample.meta.get("rel_tol", 1e-6)):
            return 1.0
    return 0.0


def verify(sample: Sample | dict[str, Any], completion: Any) -> float:
    """Extract the final answer from `completion` and score it; never raises on the completion.

    A sample that is not a Sample or a sample dict is a caller error and raises.
    """
    sample = as_sample(sample)
    try:
        return score_answer(sample, extract_answer(completion, sample.answer_type))
    except Exception:  # a hostile completion must cost a zero, never a crashed run
        return 0.0
