"""Game of Life picture: black (alive) and white (dead) cells on a labelled square grid.

The picture has three colours, so it is drawn in palette mode ("P"): PNG encoding is then about
twenty times faster than for RGB. The labelled blank board of each size is drawn once and copied.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image

from ...render import COLORS, GridLayout, draw_grid_lines, grid_layout, labelled_canvas

CELL = 80
ALIVE = COLORS["black"]
LINES = COLORS["gray"]


@lru_cache(maxsize=16)
def layout_for(n: int) -> GridLayout:
    return grid_layout(n, n, cell=CELL)


def render(state: dict[str, Any]) -> Image.Image:
    grid = state["grid"]
    layout = layout_for(len(grid))
    image, draw = labelled_canvas(layout, palette=True)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value:
                draw.rectangle(layout.box(r, c), fill=ALIVE)
    draw_grid_lines(draw, layout, color=LINES, width=2)
    return image
