"""Colour Sudoku as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from ...render import COLORS
from . import render as draw
from .rules import BOX, EMPTY


def named_colors(names: list[str]) -> str:
    """'red (RGB 220, 40, 40), green (RGB 40, 170, 60), ...': names with the exact colours."""
    return ", ".join(f"{name} (RGB {', '.join(map(str, COLORS[name]))})" for name in names)


class Sudoku(Game):
    name = "sudoku"
    title = "Colour Sudoku"
    category = "multi_step"
    split = "out_of_domain"
    # The box side rather than the grid side: a Sudoku grid is box^2 cells wide, and an
    # integer box side lets the curriculum step between the presets without invalid sizes.
    params = (
        Param("box", "box side; the grid is box^2 x box^2 cells (2: 4x4, 3: 9x9)",
              low=2, high=3),
        Param("blanks_min", "fewest empty cells, in percent of the grid (at least 3 cells)",
              low=10, high=60),
        Param("blanks_max", "most empty cells, in percent of the grid (at least blanks_min)",
              low=10, high=60),
    )
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"box": 2, "blanks_min": 40, "blanks_max": 50},
        "medium": {"box": 3, "blanks_min": 10, "blanks_max": 10},
        "hard": {"box": 3, "blanks_min": 20, "blanks_max": 30},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        return _rules_text(state["size"], tuple(state["colors"]), text_only)

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        n = state["size"]
        lines = ["Row numbers (1-based) on the left, column numbers on top:",
                 _grid_text(state["board"], n), _legend(n, tuple(state["colors"]))]
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        """The board alone (the colour list follows from its size)."""
        board = state["board"]
        key = _row_texts(board, _DIGITS)
        if key is None:
            return "/".join("".join(map(str, row)) for row in board)
        return key


def _row_texts(board: list[list[int]], table: bytes) -> str | None:
    """The rows as one character per cell (byte v of a row to `table[v]`), joined by "/";
    None if a value is no int 0..9 (not a board this game makes)."""
    try:
        text = b"/".join(map(bytes, board)).translate(table)
    except (ValueError, TypeError):  # not an int 0..255 somewhere
        return None
    if b"\xff" in text or text.count(b"/") != len(board) - 1:  # a value over 9
        return None
    return text.decode("ascii")


def _grid_text(board: list[list[int]], n: int) -> str:
    """`text_grid` of the board with "." for empty cells and labels 1..n, written directly
    where every cell and label is one character (a board this game makes)."""
    rows = _row_texts(board, _DOTS) if 0 < n == len(board) <= max(BOX) else None
    if rows is None:
        labels = range(1, n + 1)
        return text_grid([["." if v == EMPTY else v for v in row] for row in board],
                         labels, labels)
    labels = _LABELS[:n]
    lines = ["  " + " ".join(labels)]
    lines += [f"{label} {' '.join(row)}" for label, row in zip(labels, rows.split("/"),
                                                                  strict=True)]
    return "\n".join(lines)


def _table(empty: str) -> bytes:
    """Byte v of a board row (0 for empty, at most 9 colours) to its digit (`empty` for 0),
    "/" kept, any other byte to 0xff (not a value of a board this game makes)."""
    table = bytearray(b"\xff" * 256)
    table[0] = ord(empty)
    for v in range(1, max(BOX) + 1):
        table[v] = 48 + v
    table[47] = 47
    return bytes(table)


_DIGITS = _table("0")  # the state key writes an empty cell 0
_DOTS = _table(".")  # the text grid writes it .
_LABELS = "".join(str(v) for v in range(1, max(BOX) + 1))


@lru_cache(maxsize=32)
def _legend(n: int, colors: tuple[str, ...]) -> str:
    legend = ", ".join(f"{i} = {name}" for i, name in enumerate(colors, start=1))
    return (f"Legend: {legend}, . = empty cell. Each line is one row, listed from "
            f"column 1 to column {n}.")


@lru_cache(maxsize=32)
def _rules_text(n: int, colors: tuple[str, ...], text_only: bool) -> str:
    """The rules of a board of `n` colours (kept: they depend on the size and names only)."""
    b = BOX[n]
    labels = "" if text_only else " (row labels on the left, column labels on top)"
    if text_only:
        look = (f"This is a colour Sudoku on a {n}x{n} grid divided into {n} boxes of {b}x{b} "
                f"cells. Colours take the place of digits; the {n} colours are "
                f"{', '.join(colors)}, written as the numbers 1-{n} in the grid "
                "below (the legend names them). Cells marked . are empty.")
    else:
        look = (f"This is a colour Sudoku on a {n}x{n} grid divided into {n} boxes of {b}x{b} "
                f"cells, outlined by thick lines. Colours take the place of digits; the {n} "
                f"colours are {named_colors(list(colors))}. White cells are empty.")
    return (
        f"{look} In a solved grid every row, every column and every box holds each colour "
        "exactly once, so no colour may repeat in a row, a column or a box. Cells are "
        f"written (row, col): rows are numbered 1-{n} from top to bottom and columns 1-{n} "
        f"from left to right{labels}."
    )
