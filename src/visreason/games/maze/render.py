"""Maze picture: light-blue walls, white floor, a red circle player and a green goal block.

Drawn in palette mode (the picture has six colours) on a labelled canvas drawn once per size.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image

from ...render import (
    COLORS,
    GridLayout,
    draw_grid_lines,
    grid_layout,
    labelled_canvas,
)
from .rules import WALL

CELL = {9: 44, 11: 40, 13: 36}
WALL_COLOR = COLORS["light blue"]
LINE_COLOR = COLORS["light gray"]
PLAYER_COLOR = COLORS["red"]
GOAL_COLOR = COLORS["green"]


@lru_cache(maxsize=8)
def layout_for(size: int) -> GridLayout:
    return grid_layout(size, size, cell=CELL.get(size, 36))


def render(state: dict[str, Any]) -> Image.Image:
    layout = layout_for(state["size"])
    image, draw = labelled_canvas(layout, palette=True)
    for r, row in enumerate(state["grid"]):
        for c, value in enumerate(row):
            if value == WALL:
                draw.rectangle(layout.box(r, c), fill=WALL_COLOR)
    draw_grid_lines(draw, layout, color=LINE_COLOR)
    inset = max(4, layout.cell // 7)
    draw.rectangle(layout.box(*state["goal"], inset=inset), fill=GOAL_COLOR)
    draw.ellipse(layout.box(*state["player"], inset=inset), fill=PLAYER_COLOR)
    return image
