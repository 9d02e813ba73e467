"""Word search as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw
from .rules import DIRECTIONS


def direction_table() -> str:
    lines = []
    for name, (dr, dc) in DIRECTIONS.items():
        lines.append(f"- {name}: row {dr:+d}, column {dc:+d}" if dr and dc else
                     f"- {name}: row {dr:+d}" if dr else f"- {name}: column {dc:+d}")
    return "\n".join(lines)


class WordSearch(Game):
    name = "word_search"
    title = "Word Search"
    category = "multi_step"
    split = "in_domain"
    params = (
        Param("min_size", "smallest grid side", low=4, high=12),
        Param("max_size", "largest grid side", low=4, high=12),
        Param("word_length", "longest hidden word (word_direction; 3 letters at least)",
              low=3, high=7),
    )
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"min_size": 5, "max_size": 5, "word_length": 5},
        "medium": {"min_size": 6, "max_size": 7, "word_length": 6},
        "hard": {"min_size": 8, "max_size": 8, "word_length": 7},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = state["size"]
        labels = ("the row numbers left of the grid and the column numbers above it"
                  if text_only else "as numbered on the left and top edges")
        return (
            f"This is a word search puzzle: a {n}x{n} grid with one capital letter in every "
            f"cell. Rows are numbered 1-{n} from top to bottom and columns 1-{n} from left to "
            f"right ({labels}); a cell is named by its row and column. A word can be read "
            "from a starting cell in any of eight directions, one cell per letter, and each "
            "direction changes the row and the column by these steps:\n" + direction_table()
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        n = state["size"]
        labels = list(range(1, n + 1))
        return ("Grid (row numbers on the left, column numbers on top):\n"
                + text_grid([list(row) for row in state["grid"]], labels, labels))

    def state_key(self, state: dict[str, Any]) -> str:
        return "/".join(state["grid"])
