"""Minesweeper as a game: the rules text, the picture, the text description, its parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param, ParamError
from ...core.text import text_grid
from . import render as draw
from .rules import FLAG, HIDDEN

MAX_SIZE = 8
MIN_MINES = 3  # two flags and at least one mine left to find
MINE_SHARE = 4  # at most one cell in 4 holds a mine: the densest boards every task is tested on


def max_mines(size: int) -> int:
    """The most mines a `size` board takes (a quarter of its cells)."""
    return size * size // MINE_SHARE


def check_board(size: int, mines: int) -> None:
    """Raise a one-line ParamError when `mines` does not fit a `size` board."""
    if mines > max_mines(size):
        raise ParamError(f"minesweeper.mines must be in [{MIN_MINES}, {max_mines(size)}] on a "
                         f"{size}x{size} board (at most a quarter of the cells), got {mines}")


class Minesweeper(Game):
    name = "minesweeper"
    title = "Minesweeper"
    category = "multi_step"
    split = "out_of_domain"
    params = (
        Param("size", "board side in cells", low=4, high=MAX_SIZE),
        Param("mines", "mines on the board (at most a quarter of the cells)", low=MIN_MINES,
              high=max_mines(MAX_SIZE)),
        Param("progress", "chance in percent that each safe cell the first click left hidden "
              "has been revealed since (0: the first click only)", low=0, high=60),
    )
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"size": 4, "mines": 3, "progress": 50},
        "medium": {"size": 5, "mines": 5, "progress": 30},
        "hard": {"size": 6, "mines": 8, "progress": 30},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        size, total = len(state["board"]), state["mines"]
        if text_only:
            looks = ("Hidden cells are not revealed yet. A number on a revealed cell counts ",
                     "A flag marks a hidden cell that is known to hold a mine; every flag is "
                     "correct. ", ".")
        else:
            looks = ("Grey raised cells are hidden. White cells are revealed: a number on a "
                     "revealed cell counts ",
                     "A red flag on a grey cell marks a hidden cell that is known to hold a "
                     "mine; every flag is correct. ", ", as labelled on the image.")
        return (
            f"This is a game of Minesweeper on a {size}x{size} board with {total} mines in "
            f"total, hidden under some of the cells. {looks[0]}the mines among its up to 8 "
            "neighbouring cells (horizontally, vertically and diagonally adjacent), and a "
            f"revealed cell with no number has no neighbouring mine (it is a 0). {looks[1]}"
            "Revealing a mine loses the game; revealing a 0 also reveals all its neighbours, "
            "spreading on through further 0 cells. Cells are written (row, col): rows are "
            f"numbered 0-{size - 1} from top to bottom and columns 0-{size - 1} from left to "
            f"right{looks[2]}"
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        board = state["board"]
        symbols = {HIDDEN: "#", FLAG: "F", "0": "."}
        lines = [text_grid([[symbols.get(v, v) for v in row] for row in board])]
        lines.append("Legend: # = hidden cell, F = flagged hidden cell (a known mine), "
                     ". = revealed cell with no number (0), 1-8 = revealed cell showing that "
                     "number. Row numbers on the left, column numbers on top.")
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        """The board and its mine total; not the cell a question asks about."""
        return "/".join("".join(row) for row in state["board"]) + f"|{state['mines']}"
