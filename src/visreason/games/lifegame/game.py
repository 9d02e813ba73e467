"""Game of Life as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import fmt_cell as fmt
from ...core.text import text_grid
from . import render as draw
from .rules import Grid, neighbours

LEGEND = "1 = alive (black cell), 0 = dead (white cell)"


def grid_text(grid: Grid, indent: str = "") -> str:
    """The grid as 1/0 rows with column numbers on top and row numbers on the left."""
    return "\n".join(indent + line for line in text_grid(grid).splitlines())


@lru_cache(maxsize=16)
def _row_lines(n: int) -> tuple[str, int, tuple[tuple[int, tuple[str, ...]], ...]]:
    """The column header `grid_text` writes for an n x n board, the row mask, and per row
    its bit offset and its line per row pattern (bit c is column c): board texts are then
    joined, not formatted."""
    per_pattern = [text_grid([[(p >> c) & 1 for c in range(n)]] * n).split("\n")
                   for p in range(1 << n)]
    rows = zip(*(lines[1:] for lines in per_pattern), strict=True)
    return per_pattern[0][0] + "\n", (1 << n) - 1, tuple(
        (r * n, tuple(lines)) for r, lines in enumerate(rows))


def bits_text(bits: int, n: int) -> str:
    """`grid_text(grid_of(bits, n))` from the lines of `_row_lines`."""
    header, mask, rows = _row_lines(n)
    return header + "\n".join([lines[(bits >> shift) & mask] for shift, lines in rows])


def wrap_example(n: int) -> str:
    """The corner cell's neighbours on an n x n board, to show the wrapping concretely."""
    empty = [[0] * n for _ in range(n)]
    cells = [fmt(nb.cell) for nb in neighbours(empty, 0, 0)]
    return ", ".join(cells[:-1]) + " and " + cells[-1]


class LifeGame(Game):
    """Conway's Game of Life on a small torus.

    The spec draws 3x3 (easy), 4x4 (medium) and 5x5 (hard) boards with 20-40% live cells. A
    3x3 board in that window is one of only 120 boards, too few for a few hundred distinct
    items, so the easy preset allows up to 60% live cells (372 boards).
    """

    name = "lifegame"
    title = "Game of Life"
    category = "multi_step"
    split = "out_of_domain"
    params = (
        Param("size", "board side in cells", low=3, high=8),
        Param("steps", "iterations a cell is followed for (cell_evolution)", low=2, high=6),
        Param("min_live", "least share of live cells on the board, in percent", low=0, high=35),
        Param("max_live", "largest share of live cells on the board, in percent", low=25,
              high=100),
    )
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"size": 3, "steps": 4, "min_live": 20, "max_live": 60},
        "medium": {"size": 4, "steps": 3, "min_live": 20, "max_live": 40},
        "hard": {"size": 5, "steps": 2, "min_live": 20, "max_live": 40},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        return rules_text(len(state["grid"]), text_only)

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        return ("Board (row numbers on the left, column numbers on top):\n"
                + grid_text(state["grid"]) + f"\nLegend: {LEGEND}.")

    def state_key(self, state: dict[str, Any]) -> str:
        """The board alone: the cell or block a question asks about is not part of it."""
        return board_key(state["grid"])


@lru_cache(maxsize=32)
def rules_text(n: int, text_only: bool) -> str:
    """The rules of an n x n board (they depend on the size and the variant alone)."""
    last = n - 1
    where = "" if text_only else ", as labelled on the image"
    return (
        f"This is Conway's Game of Life on a {n}x{n} board. Black cells are alive and white "
        f"cells are dead. Cells are written (row, col): rows are numbered 0-{last} from top "
        f"to bottom and columns 0-{last} from left to right{where}. Each "
        "cell has 8 neighbours: the cells above-left, above, above-right, left, right, "
        "below-left, below and below-right of it. The board wraps around at its edges (a "
        f"torus): the row above row 0 is row {last}, the row below row {last} is row 0, the "
        f"column left of column 0 is column {last} and the column right of column {last} is "
        f"column 0. For example, the 8 neighbours of the corner cell (0, 0) on this board are "
        f"{wrap_example(n)}. In one iteration all cells update at the same time: a live cell "
        "with 2 or 3 live neighbours stays alive and otherwise dies; a dead cell with exactly "
        "3 live neighbours becomes alive and otherwise stays dead."
    )


def board_key(grid: Grid) -> str:
    """The rows' cells as digits, rows joined by "/" (every sample's split is judged by it)."""
    keys = _ROW_KEYS
    return "/".join([keys.get(row) or _row_key(row) for row in map(tuple, grid)])


# Each row's key once per distinct row (boards hold 0/1 cells: at most 510 rows up to 8 long).
_ROW_KEYS: dict[tuple[int, ...], str] = {}


def _row_key(row: tuple[int, ...]) -> str:
    key = _ROW_KEYS[row] = "".join(map(str, row))
    return key
