"""Colour Sudoku as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from typing import Any

from PIL import Image

from ...core import Game
from ...core.text import text_grid
from . import render as draw
from .rules import BOX, EMPTY


class Sudoku(Game):
    name = "sudoku"
    title = "Colour Sudoku"
    category = "multi_step"
    split = "out_of_domain"

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n, b = state["size"], BOX[state["size"]]
        return (
            f"This is a colour Sudoku on a {n}x{n} grid divided into {n} boxes of {b}x{b} cells, "
            f"outlined by thick lines. Colours take the place of digits; the {n} colours are "
            f"{', '.join(state['colors'])}. In a solved grid every row, every column and every "
            "box holds each colour exactly once, so no colour may repeat in a row, a column or a "
            "box. White cells are empty. Cells are written (row, col): rows are numbered "
            f"1-{n} from top to bottom and columns 1-{n} from left to right, as labelled on the "
            "image."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        n = state["size"]
        labels = range(1, n + 1)
        cells = [["." if v == EMPTY else v for v in row] for row in state["board"]]
        lines = ["Row numbers (1-based) on the left, column numbers on top:",
                 text_grid(cells, labels, labels)]
        legend = ", ".join(f"{i} = {name}" for i, name in enumerate(state["colors"], start=1))
        lines.append(f"Legend: {legend}, . = white empty cell. Each line is "
                     "one row, listed from column 1 to column " + str(n) + ".")
        return "\n".join(lines)
