"""A second card rulebook for the card games' tests, written apart from core/text.py's card
helpers so that answers are re-derived, not recomputed by the code under test."""

from __future__ import annotations

RANK_WORDS = {"ace": 1, "jack": 11, "queen": 12, "king": 13} | {str(n): n for n in range(2, 11)}
SUIT_WORDS = {"spades": "S", "hearts": "H", "diamonds": "D", "clubs": "C"}


def rank(card: str) -> int:
    """'AS' -> 1, '10H' -> 10, 'KC' -> 13."""
    return {"A": 1, "J": 11, "Q": 12, "K": 13}.get(card[:-1]) or int(card[:-1])


def red(card: str) -> bool:
    return card[-1] in "HD"


def named(text: str) -> str:
    """'9 of hearts' -> '9H' (the names the prompts use)."""
    r, _, s = text.strip().partition(" of ")
    value = RANK_WORDS[r.lower()]
    return {1: "A", 11: "J", 12: "Q", 13: "K"}.get(value, str(value)) + SUIT_WORDS[s.lower()]
