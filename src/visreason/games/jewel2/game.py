"""Jewel2 as a game: the rules text (commands, specials, gravity, the refill cycle and
cascades), the picture and the text description."""

from __future__ import annotations

from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw
from .rules import REFILL


class Jewel2(Game):
    name = "jewel2"
    title = "Jewel2"
    category = "pattern"
    split = "out_of_domain"
    params = (
        Param("size", "board side in cells", low=4, high=8),
        Param("specials", "most special gems on a board (each board draws 0 up to this)",
              low=0, high=6),
    )
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"size": 4, "specials": 2},
        "medium": {"size": 5, "specials": 3},
        "hard": {"size": 6, "specials": 4},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = state["size"]
        if text_only:
            gems = ("The board is given as text, one character per cell. Basic gems are the "
                    "letters A, B, C, D and E. Special gems: a, b, c, d and e are round gems;")
            bar, cross = "| is a column gem", "+ is a blast gem"
            where = "given after the board"
        else:
            colours = ", ".join(f"{k} {v}" for k, v in draw.GEM_COLORS.items())
            gems = (f"Basic gems are diamonds marked with their letter: {colours}. Special "
                    "gems: a, b, c, d and e are round gems of the same colours marked with a "
                    "lowercase letter;")
            bar = f"| is a tall {draw.BAR_COLOR} bar (a column gem)"
            cross = "+ is a black disc with a white cross (a blast gem)"
            where = "written under the board"
        return (
            f"This is Jewel2, a match-3 game on a {n}x{n} board. Cells are written (x, y), "
            f"0-based, where x is the row (0-{n - 1} from top to bottom) and y the column "
            f"(0-{n - 1} from left to right); (0, 0) is the top-left cell. {gems} clearing "
            "one removes it and every basic gem of its letter (a removes every A). "
            f"{bar}: clearing it removes its whole column. {cross}: clearing it removes the "
            "3x3 block around it (the cells of the board next to it, diagonals included, and "
            "itself). A special gem removed by another special gem's effect takes effect "
            "too.\n"
            "Commands:\n"
            "- clear x y: valid when (x, y) holds a special gem, which then takes effect, or a "
            "basic gem in a horizontal or vertical line of three or more equal basic gems; "
            "then every such line through (x, y) is removed. Otherwise the command is invalid "
            "and nothing happens.\n"
            "- swap x y dir (dir is up, down, left or right): exchanges the gem at (x, y) with "
            "the neighbouring gem in that direction. Only two basic gems can be swapped: a "
            "swap involving a special gem is refused and nothing happens. If after the swap a "
            "line of three or more equal basic gems passes through either swapped cell, every "
            "such line through them is removed; otherwise the two gems swap back and nothing "
            "happens.\n"
            "After a removal the board settles: the remaining gems fall straight down to fill "
            "the gaps in their column; the empty cells at the top are filled with new basic "
            f"gems dealt from the cycle {', '.join(REFILL)}, {REFILL[0]}, ... starting at the "
            f"next gem {where}, column by column from left to right and in each column from "
            "top to bottom; then every line of three or more equal basic gems anywhere on the "
            "board is removed at once (a cascade), and the gems fall and are refilled again, "
            "until no such line is left. The cycle carries on where it stopped. Total Cleared "
            f"({where}) counts every removed gem, special gems included."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        return ("Board (x = row number on the left, y = column number on top):\n"
                + text_grid([list(row) for row in state["grid"]])
                + f"\nTotal Cleared: {state['total']}\nNext gem: {REFILL[state['next']]}")

    def state_key(self, state: dict[str, Any]) -> str:
        return "/".join(state["grid"]) + f"|{state['total']}|{state['next']}"
