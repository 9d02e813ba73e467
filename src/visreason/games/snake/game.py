"""Snake as a game: the rules text, the picture, the text description and its parameters."""

from __future__ import annotations

from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import fmt_cells, text_grid
from . import render as draw

LEGEND = {0: ".", 1: "F", 2: "B", 3: "H"}


def rgb(color: tuple[int, int, int]) -> str:
    return "RGB " + ", ".join(map(str, color))


def body_of(state: dict[str, Any]) -> tuple[tuple[int, int], ...]:
    return tuple(tuple(cell) for cell in state["snake"])  # type: ignore[misc]


class Snake(Game):
    name = "snake"
    title = "Snake"
    category = "strategic"
    split = "out_of_domain"
    params = (
        Param("size", "grid side", low=5, high=16),
        Param("min_length", "shortest snake, head included", low=2, high=20),
        Param("max_length", "longest snake, head included", low=2, high=20),
    )
    # The original draws snakes of 10-20 cells on every grid and falls back to 2 cells when
    # its random walk fails, which on a 5x5 grid is most of the time. Easy snakes here are
    # 4-12 cells: a 5x5 grid still leaves the head room to move.
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"size": 5, "min_length": 4, "max_length": 12},
        "medium": {"size": 10, "min_length": 10, "max_length": 20},
        "hard": {"size": 15, "min_length": 10, "max_length": 20},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = state["size"]
        if text_only:
            looks = ("The grid is written as characters: H is the snake's head, B a body "
                     "segment, F the food and . an empty cell; the snake's cells are also listed "
                     "in order from the head to the tail.")
            labels = "row numbers on the left of the grid, column numbers on top"
        else:
            looks = (f"The yellow cell ({rgb(draw.HEAD_COLOR)}) is the snake's head and the blue "
                     f"cells ({rgb(draw.BODY_COLOR)}) its body; consecutive segments are joined "
                     "by a blue bridge, so the chain can be followed from the head to the tail "
                     f"(the end of the chain far from the head). The red circle "
                     f"({rgb(draw.FOOD_COLOR)}) is the food.")
            labels = "row labels on the left, column labels on top"
        return (
            f"This is a game of Snake on a {n}x{n} grid. {looks} Cells are written (row, col), "
            f"0-based, with (0, 0) at the top-left: rows 0-{n - 1} from top to bottom and "
            f"columns 0-{n - 1} from left to right ({labels}). Each move takes the head one "
            "cell up (row - 1), down (row + 1), left (col - 1) or right (col + 1), and every "
            "body segment moves into the cell of the segment in front of it, so the tail's cell "
            "is vacated in the same move. The game ends when the head leaves the grid or moves "
            "into a cell that the body occupies after the move (the cell the tail has just left "
            "is safe). Here the snake never grows."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        grid = [[LEGEND[v] for v in row] for row in state_codes(state)]
        return "\n".join([
            text_grid(grid),
            "Legend: H = head, B = body segment, F = food, . = empty. Row numbers on the left, "
            "column numbers on top.",
            f"The snake from head to tail: {fmt_cells(state['snake'])}.",
            f"The food: {fmt_cells([state['food']])}.",
        ])

    def state_key(self, state: dict[str, Any]) -> str:
        """The board: the snake in order and the food (a move list asked about is not part)."""
        return f"{state['size']}|{state['snake']}|{state['food']}"


def state_codes(state: dict[str, Any]) -> list[list[int]]:
    from .rules import grid_codes

    return grid_codes(body_of(state), tuple(state["food"]), state["size"])  # type: ignore[arg-type]
