"""Minesweeper picture: raised grey hidden cells, red flags, white revealed cells with numbers.

Drawn in palette mode from one fixed palette of fifteen colours (four bits a pixel in PNG), on a
labelled canvas drawn once per size; numbers are stamped from cached glyph masks.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from ...render import (
    BACKGROUND,
    COLORS,
    GRID_LINE,
    INK,
    GridLayout,
    Palette,
    cell_text,
    draw_grid_lines,
    grid_layout,
    labelled_canvas,
)
from .rules import FLAG, HIDDEN

HIDDEN_FILL = COLORS["light gray"]
BEVEL_LIGHT = (235, 235, 235)
BEVEL_DARK = (140, 140, 140)
FLAG_RED = COLORS["red"]
POLE = COLORS["black"]
# The classic Minesweeper number colours.
NUMBER_COLORS = {
    "1": (0, 0, 255), "2": (0, 128, 0), "3": (255, 0, 0), "4": (0, 0, 128),
    "5": (128, 0, 0), "6": (0, 128, 128), "7": (0, 0, 0), "8": (128, 128, 128),
}
CELL_SIZE = {4: 72, 5: 62, 6: 56}
PALETTE = Palette([BACKGROUND, HIDDEN_FILL, BEVEL_LIGHT, BEVEL_DARK, FLAG_RED, POLE, GRID_LINE,
                   INK, *NUMBER_COLORS.values()])
HIDDEN_INK, LIGHT_INK, DARK_INK, FLAG_INK, POLE_INK = (
    PALETTE.index(c) for c in (HIDDEN_FILL, BEVEL_LIGHT, BEVEL_DARK, FLAG_RED, POLE))
NUMBER_INKS = {value: PALETTE.index(color) for value, color in NUMBER_COLORS.items()}


@lru_cache(maxsize=8)
def layout_for(size: int) -> GridLayout:
    return grid_layout(size, size, cell=CELL_SIZE.get(size, 52))


def _hidden(draw: ImageDraw.ImageDraw, layout: GridLayout, r: int, c: int) -> None:
    """A raised grey tile: light top-left edge, dark bottom-right edge."""
    x0, y0, x1, y1 = layout.box(r, c)
    bevel = max(3, layout.cell // 16)
    draw.rectangle((x0, y0, x1, y1), fill=DARK_INK)
    draw.polygon([(x0, y0), (x1, y0), (x1 - bevel, y0 + bevel), (x0 + bevel, y1 - bevel),
                  (x0, y1)], fill=LIGHT_INK)
    draw.rectangle((x0 + bevel, y0 + bevel, x1 - bevel, y1 - bevel), fill=HIDDEN_INK)


def _flag(draw: ImageDraw.ImageDraw, layout: GridLayout, r: int, c: int) -> None:
    """A red pennant on a black pole standing on a black base."""
    x0, y0, _, _ = layout.box(r, c)
    s = layout.cell
    pole_x = x0 + 0.56 * s
    top, bottom = y0 + 0.2 * s, y0 + 0.74 * s
    draw.polygon([(pole_x, top), (x0 + 0.24 * s, y0 + 0.36 * s), (pole_x, y0 + 0.52 * s)],
                 fill=FLAG_INK)
    draw.line([(pole_x, top), (pole_x, bottom)], fill=POLE_INK, width=max(2, s // 20))
    draw.rectangle((x0 + 0.36 * s, bottom, x0 + 0.76 * s, bottom + 0.07 * s), fill=POLE_INK)


def render(state: dict[str, Any]) -> Image.Image:
    board = state["board"]
    layout = layout_for(len(board))
    image, draw = labelled_canvas(layout, palette=PALETTE)
    for r, row in enumerate(board):
        for c, value in enumerate(row):
            if value in (HIDDEN, FLAG):
                _hidden(draw, layout, r, c)
                if value == FLAG:
                    _flag(draw, layout, r, c)
            elif value != "0":
                cell_text(draw, layout, r, c, value, color=NUMBER_INKS[value], scale=0.6)
    draw_grid_lines(draw, layout, color=PALETTE.index(GRID_LINE), width=2)
    return image
