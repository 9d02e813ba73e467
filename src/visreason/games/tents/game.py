"""Tents as a game: the rules text, the picture, the text description and its parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw

TREE_MARK, TENT_MARK, EMPTY_MARK = "T", "A", "."


def rgb(color: tuple[int, int, int]) -> str:
    return "RGB " + ", ".join(map(str, color))


class Tents(Game):
    name = "tents"
    title = "Tents"
    category = "multi_step"
    split = "in_domain"
    # Trees as a share of the cells rather than a count, so every board size takes every
    # share (the original's 5, 10 and 17 trees are about 10% of 7x7, 10x10 and 13x13).
    params = (
        Param("size", "grid side", low=5, high=14),
        Param("tree_share", "trees as a percent of the cells (at least 2 trees)", low=5,
              high=15),
        Param("removed_min", "fewest tents of the solution left out of the picture (at most "
              "the number of trees)", low=1, high=12),
        Param("removed_max", "most tents of the solution left out of the picture (at least "
              "removed_min)", low=1, high=12),
    )
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"size": 7, "tree_share": 10, "removed_min": 1, "removed_max": 4},
        "medium": {"size": 10, "tree_share": 10, "removed_min": 2, "removed_max": 6},
        "hard": {"size": 13, "tree_share": 10, "removed_min": 4, "removed_max": 9},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = state["size"]
        if text_only:
            look = (f"This is a Tents puzzle on a {n}x{n} grid, written as text below: "
                    f"{TREE_MARK} is a tree, {TENT_MARK} is a tent already placed and "
                    f"{EMPTY_MARK} is an empty cell. The tent count each row and each column "
                    "must hold is listed after the grid.")
        else:
            look = (f"This is a Tents puzzle on a {n}x{n} grid. Trees (green crowns, "
                    f"{rgb(draw.CANOPY)}, on brown trunks) and tents (orange triangles, "
                    f"{rgb(draw.TENT)}) stand in some cells; the other cells are empty. "
                    "The black numbers on the left and on top are the row and column "
                    "indices. The blue numbers "
                    f"({rgb(draw.TARGET_INK)}) right of each row and below each column are "
                    "how many tents that row or column must hold.")
        return (
            f"{look} Rules of a solved grid: 1. each cell is empty, a tree or a tent; 2. trees "
            "and tents pair up one to one, so there are as many tents as trees and each tree "
            "has its own tent; 3. a tent stands orthogonally next to (directly above, below, "
            "left or right of) its tree; 4. no two tents touch, not even diagonally; 5. every "
            "row and every column holds exactly its given number of tents. The puzzle has "
            "exactly one solution. In the current state only some of the tents of that "
            "solution are placed. Cells are written (row, col), 0-based, with (0, 0) at the "
            f"top-left: rows 0-{n - 1} from top to bottom, columns 0-{n - 1} from left to "
            "right."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        n = state["size"]
        cells = [[EMPTY_MARK] * n for _ in range(n)]
        for r, c in state["trees"]:
            cells[r][c] = TREE_MARK
        for r, c in state["tents"]:
            cells[r][c] = TENT_MARK
        return "\n".join([
            "Grid, row numbers on the left and column numbers on top:",
            text_grid(cells),
            f"Legend: {TREE_MARK} = tree, {TENT_MARK} = tent already placed, {EMPTY_MARK} = "
            "empty cell.",
            f"Tents each row must hold, rows 0 to {n - 1}: "
            + ", ".join(map(str, state["row_targets"])) + ".",
            f"Tents each column must hold, columns 0 to {n - 1}: "
            + ", ".join(map(str, state["col_targets"])) + ".",
        ])

    def state_key(self, state: dict[str, Any]) -> str:
        """The board: trees, placed tents and the counts."""
        return (f"{state['size']}|T{state['trees']}|A{state['tents']}|R{state['row_targets']}"
                f"|C{state['col_targets']}")
