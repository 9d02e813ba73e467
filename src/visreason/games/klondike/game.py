"""Klondike as a game: the rules text, the picture, the text description and parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import card_short
from . import render as draw

RULES = (
    "Tableau piles build down in alternating colours: a face-up card, together with every "
    "card on top of it, may move onto a pile whose top card is one rank higher and of the "
    "other colour, and only a king (with the cards on it) may move onto an empty pile. The "
    "top card of the waste is the only waste card that can be played; it may move onto a "
    "tableau pile by the same rule, or to a foundation. Each foundation is built up in one "
    "suit from the ace to the king: an empty foundation takes only an ace, and a foundation "
    "holding a card takes only the next rank of the same suit; only the top card of a tableau "
    "pile or of the waste may move to a foundation. A face-down card left on top of its pile "
    "turns face up."
)


class Klondike(Game):
    name = "klondike"
    title = "Klondike Solitaire"
    category = "pattern"
    split = "out_of_domain"
    params = (
        Param("visible_low", "fewest visible cards (face-up tableau cards, one per started "
              "foundation, one for a non-empty waste)", low=3, high=28),
        Param("visible_high", "most visible cards (at least visible_low)", low=12, high=40),
    )
    # The original's plot levels by visible cards: at most 19, at most 23, more.
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"visible_low": 3, "visible_high": 19},
        "medium": {"visible_low": 20, "visible_high": 23},
        "hard": {"visible_low": 24, "visible_high": 40},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        head = ("This is a game of Klondike solitaire with a standard 52-card deck. Hearts and "
                "diamonds are red; spades and clubs are black. Ranks run ace (1), 2 to 10, jack "
                "(11), queen (12), king (13).")
        if text_only:
            looks = ("The board has a stock (face-down cards to draw), a waste pile (drawn "
                     "cards, listed with its top card last), four foundations numbered 1-4 and "
                     "seven tableau piles numbered 1-7. Each pile is listed from its bottom "
                     "card to its top card, with ## for a face-down card; cards are written "
                     "rank then suit symbol (♠ spades, ♥ hearts, ♦ diamonds, ♣ clubs).")
        else:
            looks = ("Along the top are the stock (a card back while it holds cards), the "
                     "waste pile (its last cards fanned to the right, the top card drawn "
                     "whole), and four foundations numbered 1-4 from left to right. Below are "
                     "seven tableau piles numbered 1-7 from left to right; each is fanned "
                     "downward, face-down cards show a thin strip of their blue back, and the "
                     "top card of a pile is the one drawn lowest and shown whole.")
        return f"{head} {looks} {RULES}"

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        waste = " ".join(map(card_short, state["waste"])) or "empty"
        founds = ", ".join(f"{k + 1}: {card_short(top) if top else 'empty'}"
                           for k, top in enumerate(state["foundations"]))
        lines = [f"Stock: {len(state['stock'])} face-down cards.",
                 f"Waste (top card last): {waste}.",
                 f"Foundations (top card of each): {founds}.",
                 "Tableau piles (bottom card first, top card last):"]
        for i, (pile, down) in enumerate(zip(state["tableau"], state["down"], strict=True)):
            shown = ["##"] * down + [card_short(c) for c in pile[down:]]
            lines.append(f"pile {i + 1}: " + (" ".join(shown) or "empty"))
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        """What the picture shows: face-up cards, face-down counts, the waste, foundations
        and whether the stock holds cards."""
        piles = [f"{d}:" + " ".join(p[d:]) for p, d in zip(state["tableau"], state["down"],
                                                           strict=True)]
        return "|".join([*piles, " ".join(state["waste"][-3:]), ",".join(state["foundations"]),
                         "stock" if state["stock"] else "no stock"])
