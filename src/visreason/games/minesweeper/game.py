"""Minesweeper as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from typing import Any

from PIL import Image

from ...core import Game
from ...core.text import text_grid
from . import render as draw
from .rules import FLAG, HIDDEN


class Minesweeper(Game):
    name = "minesweeper"
    title = "Minesweeper"
    category = "multi_step"
    split = "out_of_domain"

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        size, total = len(state["board"]), state["mines"]
        return (
            f"This is a game of Minesweeper on a {size}x{size} board with {total} mines in "
            "total, hidden under some of the cells. Grey raised cells are hidden. White cells are "
            "revealed: a number on a revealed cell counts the mines among its up to 8 "
            "neighbouring cells (horizontally, vertically and diagonally adjacent), and a "
            "revealed cell with no number has no neighbouring mine (it is a 0). A red flag on a "
            "grey cell marks a hidden cell that is known to hold a mine; every flag is correct. "
            "Revealing a mine loses the game; revealing a 0 also reveals all its neighbours, "
            "spreading on through further 0 cells. Cells are written (row, col): rows are "
            f"numbered 0-{size - 1} from top to bottom and columns 0-{size - 1} from left to "
            "right, as labelled on the image."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        board = state["board"]
        symbols = {HIDDEN: "#", FLAG: "F", "0": "."}
        lines = [text_grid([[symbols.get(v, v) for v in row] for row in board])]
        lines.append("Legend: # = hidden grey cell, F = flagged hidden cell (a known mine), "
                     ". = revealed cell with no number (0), 1-8 = revealed cell showing that "
                     "number. Row numbers on the left, column numbers on top.")
        return "\n".join(lines)
