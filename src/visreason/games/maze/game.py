"""The maze as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from typing import Any

from PIL import Image

from ...core import Game
from ...core.text import text_grid
from . import render as draw
from .rules import WALL


class Maze(Game):
    name = "maze"
    title = "Maze"
    category = "strategic"
    split = "in_domain"

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = state["size"]
        return (
            f"This is a maze on a {n}x{n} grid. Light-blue cells (RGB 173, 216, 230) are walls "
            "and white cells are open floor. The red circle is the player and the green block is "
            "the goal; both stand on open cells. The player moves one cell at a time up, down, "
            "left or right, only onto an open cell (the goal's cell is open too); it can never "
            "enter a wall or leave the grid. The walls form a perfect maze: between any two open "
            "cells there is exactly one path that never visits a cell twice. Cells are written "
            f"(row, col), 0-based: rows are numbered 0-{n - 1} from top to bottom (labels on the "
            f"left) and columns 0-{n - 1} from left to right (labels on top). Moving up decreases "
            "the row, down increases the row, left decreases the column and right increases the "
            "column."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        player, goal = tuple(state["player"]), tuple(state["goal"])
        cells = [["P" if (r, c) == player else "G" if (r, c) == goal else value
                  for c, value in enumerate(row)] for r, row in enumerate(state["grid"])]
        lines = ["Maze grid, row numbers on the left and column numbers on top:",
                 text_grid(cells)]
        lines.append(f"Legend: {WALL} = wall (light blue), . = open floor (white), P = player "
                     "(red circle, on an open cell), G = goal (green block, on an open cell). "
                     "Row numbers on the left, column numbers on top.")
        return "\n".join(lines)
