"""LLM scoring of quality and difficulty, and the keep / review / discard verdict.

Quality is the mean of clarity, relevance, usefulness and fluency; difficulty the mean of
conceptual depth, step complexity, prior knowledge and ambiguity, each 1 to 5. An item is kept
when both means reach their keep thresholds, sent to review when both reach at least the review
thresholds, and discarded otherwise, with the reason naming the weaker side.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..core.errors import VisreasonError
from .schema import DIFFICULTY_KEYS, QUALITY_KEYS

VERDICTS = ("keep", "review", "discard")


@dataclass(frozen=True)
class Thresholds:
    quality_keep: float = 4.0
    quality_review: float = 3.0
    difficulty_keep: float = 2.5
    difficulty_review: float = 1.5

    def __post_init__(self) -> None:
        for kind in ("quality", "difficulty"):
            keep, review = getattr(self, f"{kind}_keep"), getattr(self, f"{kind}_review")
            if not 1.0 <= review <= keep <= 5.0:
                raise VisreasonError(f"{kind} thresholds need 1 <= review <= keep <= 5, got "
                                     f"review {review}, keep {keep}")

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def summarise(scores: dict[str, Any]) -> dict[str, float]:
    """The two means of a validated score object."""
    return {"quality": sum(int(scores[k]) for k in QUALITY_KEYS) / len(QUALITY_KEYS),
            "difficulty": sum(int(scores[k]) for k in DIFFICULTY_KEYS) / len(DIFFICULTY_KEYS)}


def verdict(scores: dict[str, Any], thresholds: Thresholds) -> tuple[str, str | None]:
    """('keep' | 'review' | 'discard', the rejection reason when discarded)."""
    means = summarise(scores)
    quality, difficulty = means["quality"], means["difficulty"]
    if quality < thresholds.quality_review:
        return "discard", "low_quality"
    if difficulty < thresholds.difficulty_review:
        return "discard", "too_easy"
    if quality >= thresholds.quality_keep and difficulty >= thresholds.difficulty_keep:
        return "keep", None
    return "review", None
