"""The rhythm game as a game: the rules text, the picture, the text description, parameters."""

from __future__ import annotations

from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw
from .rules import BODY, CLICK, HEAD, REVERSE, TAIL


def rgb(color: tuple[int, int, int]) -> str:
    return "RGB " + ", ".join(map(str, color))


class RhythmGame(Game):
    name = "rhythm_game"
    title = "Rhythm Game"
    category = "multi_step"
    split = "in_domain"
    params = (
        Param("rows", "rows of the board", low=8, high=25),
        Param("cols", "columns of the board", low=3, high=8),
        Param("min_fill", "fewest blocks, in percent of the cells (a snake is one block)",
              low=20, high=50),
        Param("max_fill", "most blocks, in percent of the cells (a snake is one block)",
              low=20, high=50),
    )
    # The original always deals half as many blocks as cells, which makes every board about
    # 80% full; here the block count is drawn between min_fill and max_fill percent of the
    # cells, in the original's 7 : 4 : 3 mix, so the occupancy question has a spread to read.
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"rows": 15, "cols": 4, "min_fill": 35, "max_fill": 50},
        "medium": {"rows": 15, "cols": 6, "min_fill": 35, "max_fill": 50},
        "hard": {"rows": 20, "cols": 6, "min_fill": 35, "max_fill": 50},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        rows, cols = state["rows"], state["cols"]
        if text_only:
            looks = ("In the text grid, C is a click block, R a reverse block, H a snake's head, "
                     "B a snake's body cell, T a snake's tail and . an empty cell.")
            labels = "the row numbers on the left of the text grid and the column numbers on top"
        else:
            names = draw.COLOR_NAMES
            looks = (f"Click blocks are {names[CLICK]} ({rgb(draw.KIND_COLORS[CLICK])}), reverse "
                     f"blocks {names[REVERSE]} ({rgb(draw.KIND_COLORS[REVERSE])}). A snake's head "
                     f"is {names[HEAD]} ({rgb(draw.KIND_COLORS[HEAD])}), its body cells "
                     f"{names[BODY]} ({rgb(draw.KIND_COLORS[BODY])}) and its tail "
                     f"{names[TAIL]} ({rgb(draw.KIND_COLORS[TAIL])}); the cells of one snake are "
                     "joined by a dark spine. White cells are empty.")
            labels = "the row labels on the left and the column labels on top"
        return (
            f"This is a rhythm game on a board of {rows} rows and {cols} columns. Cells are "
            f"written (row, column), both 1-based: row 1 is the bottom row and row {rows} the "
            f"top one, column 1 is the leftmost and column {cols} the rightmost ({labels}). "
            f"{looks}\n"
            "Blocks fall one row per second. Before play the player puts a finger on one column "
            "and never moves it; the finger takes every block that reaches row 1 in its "
            "column. A click block (one cell) scores 10. A reverse block (one cell) scores 15, "
            "and then the whole board is mirrored left to right while the finger stays where it "
            f"is, so from then on the finger takes the blocks of the mirrored column: a finger "
            f"reading column c goes on reading column {cols + 1} - c. A snake is a vertical run "
            "of l >= 2 cells, head at the bottom, tail at the top, body cells between; taking "
            "it from its head holds the finger on it for l seconds and scores l x (2l + 7) "
            "(22, 39, 60 and 85 points for 2, 3, 4 and 5 cells). A snake whose head the finger "
            "did not take (one met above its head right after a mirror) scores nothing, and "
            "the finger is held on it until its tail has passed. Empty cells score nothing.\n"
            "Equivalently, playing column c is a walk up the board from row 1 in column c: a "
            "click moves up one row; a reverse moves up one row and switches to the mirrored "
            "column; a snake head of length l moves up l rows; a body or tail cell moves to the "
            "row just above that snake's tail; an empty cell moves up one row. All cells and "
            "columns are named in the board as drawn, never in a mirrored frame."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        rows = state["rows"]
        grid = [list(state["grid"][r - 1]) for r in range(rows, 0, -1)]
        return "\n".join([
            text_grid(grid, row_labels=list(range(rows, 0, -1)),
                      col_labels=list(range(1, state["cols"] + 1))),
            "Legend: C = click, R = reverse, H = snake head, B = snake body, T = snake tail, "
            ". = empty. Row 1 is the bottom line; column numbers on top.",
        ])

    def state_key(self, state: dict[str, Any]) -> str:
        """The board, bottom row first."""
        return "/".join(state["grid"])
