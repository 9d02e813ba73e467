"""FreeCell as a game: the rules text, the picture, the text description and parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import card_short, make_card
from . import render as draw
from .rules import SUIT_WORDS, SUITS

CARD_WORDS = (
    "A standard 52-card deck is used. Hearts and diamonds are red; spades and clubs are black. "
    "Ranks run ace (1), 2 to 10, jack (11), queen (12), king (13)."
)
MOVE_RULES = (
    "Moves: an exposed card may move to an empty free cell; to the foundation of its suit when "
    "it is the next rank there (foundations are built up by suit from the ace to the king); or "
    "onto a cascade whose exposed card is one rank higher and of the other colour. Any card may "
    "move to an empty cascade. A card in a free cell moves the same way. A card that is not "
    "exposed can only move to another cascade, together with every card on top of it, and only "
    "when those cards form a built sequence (each card one rank lower than the card under it and "
    "of the other colour); such a move carries at most (empty free cells + 1) x 2^(empty "
    "cascades) cards, where an empty cascade that is the destination does not count. That is "
    "what moving the cards one at a time through the free spaces allows. Free cells and "
    "foundations take single cards only, and cards never leave a foundation."
)


def suit_legend() -> str:
    return "; ".join(f"{card_short(make_card(1, s))[-1]} = {w}" for s, w in
                     zip(SUITS, SUIT_WORDS, strict=True))


class FreeCell(Game):
    name = "freecell"
    title = "FreeCell"
    category = "pattern"
    split = "in_domain"
    params = (
        Param("cascades", "cascades the deck is dealt into (fewer means longer cascades)",
              low=4, high=10),
        Param("moves", "most random legal moves played after the deal (0 = a fresh deal)",
              low=0, high=30),
    )
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"cascades": 8, "moves": 6},
        "medium": {"cascades": 6, "moves": 6},
        "hard": {"cascades": 4, "moves": 6},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = len(state["cascades"])
        if text_only:
            layout = (
                f"The board has four free cells numbered 0-3, four foundations (one per suit) and "
                f"{n} cascades numbered 0-{n - 1}. Each cascade is listed from its bottom card "
                "(dealt first) to its exposed card (listed last): the exposed card is the top of "
                f"the cascade. Cards are written rank then suit symbol ({suit_legend()})."
            )
        else:
            layout = (
                "Four free cells, numbered 0-3, are at the top left; four foundations, one per "
                "suit (spades, hearts, diamonds, clubs from left to right), are at the top "
                f"right. Below them are {n} cascades, numbered 0-{n - 1} from left to right. "
                "Each cascade is fanned downward: its exposed card, the top of the cascade, is "
                "the one drawn lowest and shown whole; each card above it shows its rank and "
                "suit in its upper strip."
            )
        return f"This is a game of FreeCell. {CARD_WORDS} {layout} {MOVE_RULES}"

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        cells = ", ".join(f"{j}: {card_short(c) if c else 'empty'}"
                          for j, c in enumerate(state["cells"]))
        founds = ", ".join(
            f"{word}: {'empty' if top == 0 else 'up to ' + card_short(make_card(top, s))}"
            for s, word, top in zip(SUITS, SUIT_WORDS, state["foundations"], strict=True))
        lines = [f"Free cells: {cells}.", f"Foundations: {founds}.",
                 "Cascades (bottom card first, exposed card last):"]
        for i, cascade in enumerate(state["cascades"]):
            lines.append(f"cascade {i}: " + (" ".join(map(card_short, cascade)) or "empty"))
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        return "|".join([" ".join(c) for c in state["cascades"]] + [",".join(state["cells"]),
                                                                    str(state["foundations"])])


