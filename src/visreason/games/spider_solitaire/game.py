"""Spider solitaire as a game: the rules text, the picture, the text description and its
difficulty parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import SUIT_NAMES, card_short
from . import render as draw
from .rules import SUIT_SETS

HIDDEN = "##"


def suit_words(suits: int) -> str:
    names = [SUIT_NAMES[s] for s in SUIT_SETS[suits]]
    if suits == 1:
        return f"all {names[0]}"
    return "the suits " + ", ".join(names[:-1]) + " and " + names[-1]


MOVE_RULES = (
    "Moves: the exposed card of a pile, or a run on top of a pile (cards of one suit, each one "
    "rank lower than the card under it), may move as a unit onto a pile whose exposed card is "
    "exactly one rank higher (of any suit), or onto an empty pile, which takes any card or run. "
    "Nothing else may move: not a face-down card, and not a group of cards that is not such a "
    "run. When a face-down card becomes the exposed card it is turned face up. Dealing from the "
    "stock puts one face-up card on top of every pile, and is not allowed while any pile is "
    "empty. A complete run from king down to ace of one suit on top of a pile may be moved to "
    "the foundations as one move."
)


class SpiderSolitaire(Game):
    name = "spider_solitaire"
    title = "Spider Solitaire"
    category = "pattern"
    split = "in_domain"
    params = (
        Param("piles", "number of piles (the deal leaves 104 - 6 x piles cards face down)",
              low=6, high=12),
        Param("suits", "suits in the two decks", choices=(1, 2, 4)),
        Param("deals", "most deals already made from the stock (it holds 5)", low=0, high=4),
        Param("reveals", "most face-down cards already turned face up", low=0, high=12),
    )
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"piles": 8, "suits": 1, "deals": 3, "reveals": 4},
        "medium": {"piles": 9, "suits": 1, "deals": 3, "reveals": 4},
        "hard": {"piles": 10, "suits": 1, "deals": 3, "reveals": 4},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = len(state["piles"])
        head = (f"This is a game of Spider solitaire with two decks (104 cards), "
                f"{suit_words(state['suits'])}. Ranks run ace (1), 2 to 10, jack (11), queen "
                f"(12), king (13). There are {n} piles, numbered 0-{n - 1} from left to right. "
                "Within a pile, cards are numbered from 0 at the bottom (the first card dealt to "
                "it) upward; the last card is the exposed card, the top of the pile.")
        if text_only:
            looks = ("The state below lists each pile from card 0 to the exposed card, "
                     f"writing {HIDDEN} for a face-down card and rank then suit symbol for a "
                     "face-up card; the stock is given as its number of cards, and it deals "
                     f"{n} cards (one per pile) at a time.")
        else:
            looks = ("The stock, at the top left, is drawn as one card back per deal it still "
                     f"holds (a deal uses {n} cards, one per pile); the foundations at the top "
                     "right show each completed run by its king. Each pile is fanned downward: "
                     "card 0 is drawn nearest the top, face-down cards show a thin strip of "
                     "their blue back, face-up cards show their rank and suit in their upper "
                     "strip, and the exposed card is drawn lowest and shown whole.")
        return f"{head} {looks} {MOVE_RULES}"

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        n = len(state["piles"])
        stock = len(state["stock"])
        found = state["foundations"]
        done = (f"{len(found)} completed run(s): " + ", ".join(SUIT_NAMES[s] for s in found)
                if found else "empty")
        lines = [f"Stock: {stock} face-down cards ({stock // n} deals of {n}).",
                 f"Foundations: {done}.",
                 "Piles (card 0 first, exposed card last):"]
        for i, (cards, down) in enumerate(zip(state["piles"], state["down"], strict=True)):
            shown = [HIDDEN] * down + [card_short(c) for c in cards[down:]]
            lines.append(f"pile {i}: " + (" ".join(shown) or "empty"))
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        """What the picture shows: the face-up cards, the face-down counts, the stock size
        and the foundations (not the hidden cards)."""
        piles = [f"{d}:" + " ".join(p[d:]) for p, d in zip(state["piles"], state["down"],
                                                           strict=True)]
        return "|".join([*piles, str(len(state["stock"])), "".join(state["foundations"])])
