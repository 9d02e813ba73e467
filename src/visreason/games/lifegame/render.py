"""Game of Life picture: black (alive) and white (dead) cells on a labelled square grid.

The picture has four colours, so it is drawn in palette mode ("P") from a fixed palette: PNG
stores it in two bits a pixel and encodes it many times faster than RGB. The labelled blank board
of each size is drawn once and copied; alive cells are filled a row run at a time.
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

CELL = 80
ALIVE = COLORS["black"]
LINES = COLORS["gray"]
PALETTE = Palette([BACKGROUND, INK, LINES, ALIVE])
ALIVE_INKS = {1: PALETTE.index(ALIVE)}  # dead cells keep the background


@lru_cache(maxsize=16)
def layout_for(n: int) -> GridLayout:
    return grid_layout(n, n, cell=CELL)


def render(state: dict[str, Any]) -> Image.Image:
    grid = state["grid"]
    layout = layout_for(len(grid))
    image, draw = labelled_canvas(layout, palette=PALETTE)
    fill_cells(draw, layout, grid, inks=ALIVE_INKS)
    draw_grid_lines(draw, layout, color=PALETTE.index(LINES), width=2)
    return image
