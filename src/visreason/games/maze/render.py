"""Maze picture: light-blue walls, white floor, a red circle player and a green goal block.

Drawn in palette mode from a fixed six-colour palette, on a labelled canvas drawn once per
size; walls are filled a row run at a time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image

from ...render import (
    BACKGROUND,
    COLORS,
    INK,
    GridLayout,
    Palette,
    draw_grid_lines,
    fill_cells,
    grid_layout,
    labelled_canvas,
)
from .rules import WALL

CELL = {9: 44, 11: 40, 13: 36}
WALL_COLOR = COLORS["light blue"]
LINE_COLOR = COLORS["light gray"]
PLAYER_COLOR = COLORS["red"]
GOAL_COLOR = COLORS["green"]
PALETTE = Palette([BACKGROUND, WALL_COLOR, LINE_COLOR, PLAYER_COLOR, GOAL_COLOR, INK])
WALL_INKS = {WALL: PALETTE.index(WALL_COLOR)}  # floor cells keep the background


@lru_cache(maxsize=8)
def layout_for(size: int) -> GridLayout:
    return grid_layout(size, size, cell=CELL.get(size, 36))


def render(state: dict[str, Any]) -> Image.Image:
    layout = layout_for(state["size"])
    image, draw = labelled_canvas(layout, palette=PALETTE)
    fill_cells(draw, layout, state["grid"], inks=WALL_INKS)
    draw_grid_lines(draw, layout, color=PALETTE.index(LINE_COLOR))
    inset = max(4, layout.cell // 7)
    draw.rectangle(layout.box(*state["goal"], inset=inset), fill=PALETTE.index(GOAL_COLOR))
    draw.ellipse(layout.box(*state["player"], inset=inset), fill=PALETTE.index(PLAYER_COLOR))
    return image
