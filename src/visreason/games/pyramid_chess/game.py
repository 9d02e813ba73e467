"""Pyramid chess as a game: the rules text, the picture, the text description, parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw
from .rules import initial_pools


class PyramidChess(Game):
    name = "pyramid_chess"
    title = "Pyramid Chess"
    category = "3d_spatial"
    split = "out_of_domain"
    params = (Param("size", "board side n (n levels; level k holds (n-k) x (n-k) slots)",
                    low=3, high=6),)
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"size": 3}, "medium": {"size": 4}, "hard": {"size": 5}}

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = state["n"]
        p0, p1 = initial_pools(n)
        if text_only:
            looks = ("Each level is written as a grid of characters: B is a ball of PLAYER_0, "
                     "R is a ball of PLAYER_1 and . is an empty slot.")
        else:
            looks = ("Blue balls belong to PLAYER_0 and red balls to PLAYER_1. The picture shows "
                     "each level as a grid (level 0 on the left), with a 3D view of the stacked "
                     "balls beside them.")
        return (
            f"This is Pyramid Chess on a {n}x{n} board with {n} levels, numbered 0 (bottom) to "
            f"{n - 1} (top). Level k holds (n-k) x (n-k) slots written [x, y], 0-based: x is "
            "the column, counted left to right, and y the row, counted top to bottom, as "
            f"labelled on every level. {looks} The slot [x, y] of level k (k > 0) rests on the "
            "four slots [x, y], [x+1, y], [x, y+1] and [x+1, y+1] of level k-1. PLAYER_0 "
            f"starts with {p0} balls and PLAYER_1 with {p1}; they take turns, PLAYER_0 first, "
            "each placing one ball of their own on an empty slot. A slot of level 0 can always "
            "take a ball; a slot of a higher level only when all four slots it rests on hold "
            "balls. When a placement completes a 2x2 block of four balls of the mover's own "
            "colour on one level (the new ball being one of the four), the mover may take up to "
            "2 balls of that block back into their pool, but only balls with nothing resting "
            "on them. Whoever places the ball on the top slot wins; a player who has to move "
            "with no ball left loses."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        lines = []
        for k, rows in enumerate(state["levels"]):
            lines.append(f"Level {k} (x across the top, y down the left side):")
            lines.append(text_grid([list(row) for row in rows]))
        p0, p1 = state["pools"]
        lines.append(f"Balls left in the pools: PLAYER_0 {p0}, PLAYER_1 {p1}. "
                     f"PLAYER_{state['turn']} is to move.")
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        return "/".join("|".join(rows) for rows in state["levels"]) + \
            f"#{state['pools']}#{state['turn']}"
