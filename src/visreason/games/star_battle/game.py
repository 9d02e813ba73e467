"""Star Battle as a game: the rules text, the picture, the text description and its parameter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from ...render import COLORS
from . import render as draw

STAR_MARK = "*"


def region_name(k: int) -> str:
    """'region 2 (yellow)': how prompts and analyses name a region."""
    return f"region {k} ({draw.REGION_COLORS[k]})"


def region_legend(n: int, with_rgb: bool) -> str:
    parts = []
    for k in range(n):
        name = draw.REGION_COLORS[k]
        rgb = f", RGB {', '.join(map(str, COLORS[name]))}" if with_rgb else ""
        parts.append(f"region {k} is {name}{rgb}" if not with_rgb else f"{k} {name}{rgb}")
    return "; ".join(parts)


class StarBattle(Game):
    name = "star_battle"
    title = "Star Battle"
    category = "multi_step"
    split = "in_domain"
    params = (Param("size", "grid side, which is also the number of regions", low=5, high=9),)
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"size": 5}, "medium": {"size": 6}, "hard": {"size": 8}}

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = state["size"]
        if text_only:
            look = (f"This is a Star Battle puzzle on a {n}x{n} grid split into {n} regions, "
                    f"numbered 0-{n - 1}; the grid below gives each cell's region number, "
                    f"followed by {STAR_MARK} where a star is placed. Each region also has a "
                    "colour name, listed after the grid.")
        else:
            look = (f"This is a Star Battle puzzle on a {n}x{n} grid split into {n} regions, "
                    "each filled with its own colour and outlined by thick black lines. The "
                    f"regions are numbered by colour: {region_legend(n, True)}. Placed stars "
                    "are black stars with a white rim.")
        return (
            f"{look} In a solved grid every row, every column and every region holds exactly "
            "one star, and no two stars touch, not even diagonally. The puzzle has exactly "
            "one solution. Cells are written (row, col), 0-based, with (0, 0) at the "
            f"top-left: rows 0-{n - 1} from top to bottom and columns 0-{n - 1} from left to "
            f"right{'' if text_only else ' (as labelled on the left and on top)'}."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        stars = {tuple(s) for s in state["stars"]}
        cells = [[f"{k}{STAR_MARK}" if (r, c) in stars else str(k) for c, k in enumerate(row)]
                 for r, row in enumerate(state["regions"])]
        n = state["size"]
        return "\n".join([
            "Region number of each cell, row numbers on the left and column numbers on top "
            f"({STAR_MARK} marks a placed star):",
            text_grid(cells),
            f"Region colours: {region_legend(n, False)}.",
        ])

    def state_key(self, state: dict[str, Any]) -> str:
        """The board: regions and placed stars."""
        return "/".join("".join(map(str, row)) for row in state["regions"]) + \
            f"|{sorted(map(tuple, state['stars']))}"
