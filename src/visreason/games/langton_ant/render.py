"""Langton's ant picture: black and white cells, grey grid lines, a red arrow for the ant.

Palette mode; the labelled blank board is drawn once per size and the arrow is a polygon.
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
from .rules import BLACK

CELL_COLOR = COLORS["black"]
LINE_COLOR = COLORS["gray"]
ANT_COLOR = COLORS["red"]
PALETTE = Palette([BACKGROUND, CELL_COLOR, LINE_COLOR, ANT_COLOR, INK])
INKS = {BLACK: PALETTE.index(CELL_COLOR)}
# The arrow's corners in a unit cell pointing up: tip, then the two back corners.
ARROW = ((0.5, 0.12), (0.86, 0.86), (0.14, 0.86))


@lru_cache(maxsize=16)
def layout_for(size: int) -> GridLayout:
    return grid_layout(size, size, cell=max(26, min(56, 440 // size)))


def arrow(layout: GridLayout, cell: tuple[int, int], facing: str) -> list[tuple[float, float]]:
    """The arrow's corners in `cell`, rotated to point the way the ant faces."""
    x0, y0, _, _ = layout.box(*cell)
    size = layout.cell
    points = []
    for u, v in ARROW:
        du, dv = u - 0.5, v - 0.5
        if facing == "right":
            du, dv = -dv, du
        elif facing == "down":
            du, dv = -du, -dv
        elif facing == "left":
            du, dv = dv, -du
        points.append((x0 + (0.5 + du) * size, y0 + (0.5 + dv) * size))
    return points


def render(state: dict[str, Any]) -> Image.Image:
    layout = layout_for(state["size"])
    image, draw = labelled_canvas(layout, palette=PALETTE)
    fill_cells(draw, layout, state["grid"], inks=INKS)
    draw_grid_lines(draw, layout, color=PALETTE.index(LINE_COLOR))
    draw.polygon(arrow(layout, tuple(state["ant"]), state["facing"]),
                 fill=PALETTE.index(ANT_COLOR))
    return image
