"""Game of Life picture: black (alive) and white (dead) cells on a labelled square grid."""

from __future__ import annotations

from typing import Any

from PIL import Image

from ...render import (
    COLORS,
    GridLayout,
    draw_axis_labels,
    draw_grid_lines,
    grid_layout,
    new_canvas,
)
from .rules import SIZES

CELL = 80
LAYOUTS = {n: grid_layout(n, n, cell=CELL) for n in SIZES.values()}
ALIVE = COLORS["black"]
LINES = COLORS["gray"]


def layout_for(n: int) -> GridLayout:
    """The shared layout of an n x n board (level sizes are built once, at import)."""
    return LAYOUTS.get(n) or grid_layout(n, n, cell=CELL)


def render(state: dict[str, Any]) -> Image.Image:
    grid = state["grid"]
    layout = layout_for(len(grid))
    image, draw = new_canvas(layout)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value:
                draw.rectangle(layout.box(r, c), fill=ALIVE)
    draw_grid_lines(draw, layout, color=LINES, width=2)
    draw_axis_labels(draw, layout)
    return image
