"""Word search picture: a letter in every cell, black grid lines, rows and columns numbered
from 1. Palette mode; letters are stamped from cached glyph masks and the labelled blank
board is drawn once per size."""

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
    cell_text,
    draw_grid_lines,
    grid_layout,
    labelled_canvas,
)

PALETTE = Palette([BACKGROUND, COLORS["black"], INK])


@lru_cache(maxsize=16)
def layout_for(size: int) -> GridLayout:
    return grid_layout(size, size, cell=max(30, min(50, 440 // size)))


def render(state: dict[str, Any]) -> Image.Image:
    n = state["size"]
    layout = layout_for(n)
    labels = [str(k) for k in range(1, n + 1)]
    image, draw = labelled_canvas(layout, palette=PALETTE, row_labels=labels, col_labels=labels)
    draw_grid_lines(draw, layout, color=PALETTE.index(COLORS["black"]), width=2)
    ink = PALETTE.index(INK)
    for r, row in enumerate(state["grid"]):
        for c, letter in enumerate(row):
            cell_text(draw, layout, r, c, letter, color=ink, scale=0.5)
    return image
