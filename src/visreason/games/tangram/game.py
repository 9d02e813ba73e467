"""Tangram as a game: the rules text, the picture, the text description and its parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw


class Tangram(Game):
    name = "tangram"
    title = "Tangram"
    category = "pattern"
    split = "in_domain"
    params = (
        Param("min_size", "smallest board side", low=4, high=12),
        Param("max_size", "largest board side", low=4, high=12),
        Param("pieces", "most pieces the board is cut into (at least 4)", low=4, high=12),
    )
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"min_size": 5, "max_size": 5, "pieces": 8},
        "medium": {"min_size": 6, "max_size": 8, "pieces": 8},
        "hard": {"min_size": 9, "max_size": 10, "pieces": 8},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = state["size"]
        if text_only:
            looks = ("On the board every cell holds the number of its piece, and . marks a "
                     "cell whose piece was removed. The removed pieces are listed after the "
                     "board as rows of X (a cell of the piece) and . (no cell), over the box "
                     "around the piece.")
            labels = "row numbers on the left of the board, column numbers on top"
        else:
            looks = ("Every cell of a piece is filled in the piece's colour and shows the "
                     "piece's number; thick lines mark where pieces meet. Cells whose piece "
                     "was removed are white with diagonal hatching, and the removed pieces "
                     "are drawn below the board in the 'Removed pieces' panel, each with its "
                     "number on its cells.")
            labels = "row numbers on the left, column numbers on top"
        return (
            f"This is a tangram board of {n}x{n} cells cut into numbered pieces; each piece is "
            f"one connected region of cells. {looks} Two pieces are adjacent when they share "
            "at least one cell edge; pieces that touch only at a corner are not adjacent. The "
            "area of a piece is its number of cells. Cells are written (row, col), 0-based: "
            f"rows 0-{n - 1} from top to bottom and columns 0-{n - 1} from left to right "
            f"({labels})."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        cells = [[str(v) if v else "." for v in row] for row in state["board"]]
        lines = ["Board, row numbers on the left and column numbers on top:", text_grid(cells)]
        if state["removed"]:
            lines.append("Removed pieces:")
            for p in state["removed"]:
                lines.append(f"piece {p['id']}: " + " / ".join(p["shape"]))
        else:
            lines.append("No piece has been removed.")
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        board = "/".join(",".join(map(str, row)) for row in state["board"])
        removed = ";".join(f"{p['id']}:{'/'.join(p['shape'])}" for p in state["removed"])
        return f"{board}|{removed}"
