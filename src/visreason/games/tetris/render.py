"""Tetris picture: white empty cells, grey locked blocks, the active piece in red, on a
board with row numbers down the left and column numbers across the top.

Palette mode from a fixed five-colour palette; the labelled empty board is drawn once per
size and each run of same-kind cells in a row is one rectangle.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image

from ...render import (
    COLORS,
    INK,
    GridLayout,
    Palette,
    draw_grid_lines,
    fill_cells,
    grid_layout,
    labelled_canvas,
)
from .rules import ACTIVE, LOCKED

EMPTY_COLOR = COLORS["white"]
LOCKED_COLOR = COLORS["gray"]
ACTIVE_COLOR = COLORS["red"]
LINE_COLOR = COLORS["light gray"]
PALETTE = Palette([EMPTY_COLOR, LOCKED_COLOR, ACTIVE_COLOR, LINE_COLOR, INK])
INKS = {LOCKED: PALETTE.index(LOCKED_COLOR), ACTIVE: PALETTE.index(ACTIVE_COLOR)}


@lru_cache(maxsize=16)
def layout_for(size: int) -> GridLayout:
    return grid_layout(size, size, cell=max(24, min(40, 320 // size)))


def render(state: dict[str, Any]) -> Image.Image:
    layout = layout_for(state["size"])
    image, draw = labelled_canvas(layout, background=EMPTY_COLOR, palette=PALETTE)
    fill_cells(draw, layout, state["grid"], inks=INKS)
    draw_grid_lines(draw, layout, color=PALETTE.index(LINE_COLOR))
    return image
