"""The maze as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw
from .rules import WALL


def rgb(color: tuple[int, int, int]) -> str:
    return "RGB " + ", ".join(map(str, color))


class Maze(Game):
    name = "maze"
    title = "Maze"
    category = "strategic"
    split = "in_domain"
    # Rooms rather than cells: a perfect maze of this carving has an odd side, and an integer
    # count of rooms lets the curriculum step between the presets without even sides.
    params = (Param("rooms", "rooms per side; the maze is 2 x rooms + 1 cells wide",
                    low=4, high=10),)
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"rooms": 4}, "medium": {"rooms": 5}, "hard": {"rooms": 6}}

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        return rules_text(state["size"], text_only)

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        player, goal = tuple(state["player"]), tuple(state["goal"])
        cells = [["P" if (r, c) == player else "G" if (r, c) == goal else value
                  for c, value in enumerate(row)] for r, row in enumerate(state["grid"])]
        lines = ["Maze grid, row numbers on the left and column numbers on top:",
                 text_grid(cells)]
        lines.append(f"Legend: {WALL} = wall, . = open floor, P = player (on an open cell), "
                     "G = goal (on an open cell).")
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        """The board as drawn: walls, player and goal."""
        return "/".join(state["grid"]) + f"|P{state['player']}|G{state['goal']}"


@lru_cache(maxsize=64)
def rules_text(n: int, text_only: bool) -> str:
    """The rules for an n x n maze: the same text for every maze of one size, so made once."""
    if text_only:
        cells = (f"This is a maze on a {n}x{n} grid. Cells marked {WALL} are walls and cells "
                 "marked . are open floor. P is the player and G is the goal; both stand on "
                 "open cells.")
        labels = "row numbers on the left of the grid below, column numbers on top"
    else:
        cells = (f"This is a maze on a {n}x{n} grid. Light-blue cells "
                 f"({rgb(draw.WALL_COLOR)}) are walls and white cells are open floor. The "
                 f"red circle ({rgb(draw.PLAYER_COLOR)}) is the player and the green block "
                 f"({rgb(draw.GOAL_COLOR)}) is the goal; both stand on open cells.")
        labels = "row labels on the left, column labels on top"
    return (
        f"{cells} The player moves one cell at a time up, down, left or right, only onto an "
        "open cell (the goal's cell is open too); it can never enter a wall or leave the "
        "grid. The walls form a perfect maze: between any two open cells there is exactly "
        "one path that never visits a cell twice. Cells are written (row, col), 0-based: "
        f"rows are numbered 0-{n - 1} from top to bottom and columns 0-{n - 1} from left to "
        f"right ({labels}). Moving up decreases the row, down increases the row, left "
        "decreases the column and right increases the column."
    )
