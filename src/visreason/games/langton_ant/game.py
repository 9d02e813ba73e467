"""Langton's ant as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw
from .rules import BLACK

ARROWS = {"up": "^", "right": ">", "down": "v", "left": "<"}


class LangtonAnt(Game):
    name = "langton_ant"
    title = "Langton's Ant"
    category = "multi_step"
    split = "in_domain"
    params = (
        Param("size", "board side in cells", low=4, high=16),
        Param("steps", "most steps a question simulates (it draws from half this up to it)",
              low=1, high=30),
    )
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"size": 5, "steps": 8},
        "medium": {"size": 9, "steps": 10},
        "hard": {"size": 13, "steps": 12},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = state["size"]
        if text_only:
            looks = ("Every cell of the board is white or black. The ant stands on one cell "
                     "and faces up, down, left or right.")
            labels = "the row numbers left of the grid and the column numbers above it"
        else:
            looks = ("Every cell of the board is white or black. The red arrow is the ant: it "
                     "stands on the cell it is drawn in and points the way it faces (up, down, "
                     "left or right).")
            labels = "row numbers on the left, column numbers on top"
        return (
            f"This is Langton's ant on a {n}x{n} board. {looks} In each step the ant does "
            "three things in this order: first it turns 90 degrees, to its right if its cell "
            "is white or to its left if its cell is black; then it flips the colour of its cell "
            "(white becomes black, black becomes white); then it moves forward one cell in the "
            "direction it now faces. The board wraps around: moving off one edge enters the "
            "cell on the opposite edge of the same row or column. Positions are written "
            f"(x, y), 0-based, where x is the row, numbered 0-{n - 1} from top to bottom, and "
            f"y is the column, numbered 0-{n - 1} from left to right ({labels}). Moving up "
            "decreases x, down increases x, left decreases y and right increases y."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        x, y = state["ant"]
        cells = [["#" if v == BLACK else "." for v in row] for row in state["grid"]]
        under = "black" if state["grid"][x][y] == BLACK else "white"
        cells[x][y] = ARROWS[state["facing"]]
        return ("Board (x = row number on the left, y = column number on top):\n"
                + text_grid(cells)
                + "\nLegend: . = white cell, # = black cell; the ant is drawn as an arrow "
                "pointing the way it faces (^ up, v down, < left, > right) over its cell, "
                f"which is {under}.")

    def state_key(self, state: dict[str, Any]) -> str:
        """The board and the ant; the steps or cell a question asks about are not part of it."""
        return "/".join(state["grid"]) + f"|{state['ant']}|{state['facing']}"
