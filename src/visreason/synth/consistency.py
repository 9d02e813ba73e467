"""Answer self-consistency: the model answers its own question k times; the item stays when
a strict majority of those answers agrees with the stated short answer.

Agreement is decided by rule, never by another model call: equal numbers (with a relative
tolerance), equal normalised text, or short answers whose words overlap almost entirely
(token F1 >= 0.8, so 'the Treaty of Paris' and 'Treaty of Paris' agree).
"""

from __future__ import annotations

from collections import Counter

from ..core.answers import canonical_number, canonical_text, numbers_close
from .dedup import tokens

_ARTICLES = {"a", "an", "the"}


def _words(text: str) -> list[str]:
    """Words without articles; CJK text (no spaces) as characters."""
    return [word for word in tokens(text) if word not in _ARTICLES]


def answers_agree(stated: str, given: str) -> bool:
    """Whether two short answers say the same thing."""
    left, right = canonical_text(stated), canonical_text(given)
    if left is None or right is None:
        return False
    if left == right:
        return True
    a, b = canonical_number(stated), canonical_number(given)
    if a is not None or b is not None:
        return a is not None and b is not None and numbers_close(a, b, rel_tol=1e-4)
    x, y = Counter(_words(left)), Counter(_words(right))
    overlap = sum((x & y).values())
    if not overlap:
        return False
    precision, recall = overlap / sum(y.values()), overlap / sum(x.values())
    return 2 * precision * recall / (precision + recall) >= 0.8


def majority_agrees(stated: str, answers: list[str]) -> tuple[bool, int]:
    """(a strict majority of `answers` agrees with `stated`, how many agree)."""
    agreeing = sum(answers_agree(stated, answer) for answer in answers)
    return agreeing * 2 > len(answers), agreeing
