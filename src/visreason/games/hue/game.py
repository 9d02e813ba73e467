"""Hue as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw
from .rules import PALETTE, cell_label, hex_of


def palette_text() -> str:
    return ", ".join(f"{name} {hex_of(rgb)}" for name, rgb in PALETTE.items())


class Hue(Game):
    name = "hue"
    title = "Hue"
    category = "pattern"
    split = "in_domain"
    params = (
        Param("size", "board side (cells)", low=5, high=8),
        Param("lines", "gradient rows and columns on the board", low=2, high=5),
        Param("cleared_min", "fewest cells cleared in the matching question", low=1, high=6),
        Param("cleared_max", "most cells cleared in the matching question", low=1, high=6),
    )
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"size": 5, "lines": 3, "cleared_min": 3, "cleared_max": 6},
        "medium": {"size": 7, "lines": 3, "cleared_min": 3, "cleared_max": 6},
        "hard": {"size": 8, "lines": 4, "cleared_min": 3, "cleared_max": 6},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = state["size"]
        if text_only:
            look = (f"The board has {n}x{n} cells, given as text: each coloured cell as its "
                    "colour's hex code #rrggbb, an uncoloured cell as '.'")
            cleared = ("a cleared cell is written as its letter, and the swatches are listed "
                       "by number with their hex codes")
        else:
            look = (f"The picture shows a board of {n}x{n} cells; uncoloured cells are white, "
                    "row numbers are on the left and column numbers on top, and a legend "
                    "under the board shows every palette colour with its name")
            cleared = ("a cleared cell is drawn white with its letter, and the numbered "
                       "swatches are drawn under the board")
        return (
            f"{look}. Rows are numbered 1 to {n} from top to bottom and columns 1 to {n} from "
            "left to right. Some rows and columns carry a colour gradient: its two end cells "
            "show two colours of the palette, and the colour changes in even steps along the "
            "line (each channel changes by the same amount per cell, rounded). A line may "
            "cross a cell another line already coloured: that cell keeps its colour, and the "
            "line runs in even steps from its start to that cell and from that cell to its "
            "end. A gradient is read from the left end of a row or the top end of a column. "
            f"The palette's colour names: {palette_text()}. In the matching question some "
            f"coloured cells were cleared and labelled a, b, ...; {cleared}."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        n = state["size"]
        letters = {tuple(cell): cell_label(k) for k, cell in enumerate(state["removed"])}
        rows = [[letters.get((r, c)) or state["cells"][r][c] or "." for c in range(n)]
                for r in range(n)]
        labels = [k + 1 for k in range(n)]
        lines = ["The board (row numbers on the left, column numbers on top):",
                 text_grid(rows, labels, labels)]
        if state["swatches"]:
            lines.append("Swatches: " + ", ".join(f"{k + 1}: {v}"
                                                  for k, v in enumerate(state["swatches"])))
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        return "/".join(",".join(v or "." for v in row) for row in state["cells"]) \
            + "|" + ",".join(state["swatches"])
