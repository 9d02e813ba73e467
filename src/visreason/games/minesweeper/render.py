"""Minesweeper picture: raised grey hidden cells, red flags, white revealed cells with numbers.

Drawn in palette mode from one fixed palette of fifteen colours (four bits a pixel in PNG), on a
labelled canvas drawn once per size; hidden and flagged cells are sprites drawn once per cell size,
numbers are stamped from cached glyph masks.
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
    sprite,
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


def tile(value: str, s: int) -> Image.Image:
    """A hidden or flagged cell at cell size `s`, drawn once (shared; paste, never draw on it).

    It covers the cell's box with both edges, s + 1 pixels square, as the drawing it replaces
    did; cells are pasted in reading order, so shared edges end up as before.
    """
    return sprite(("minesweeper cell", value, s), lambda: _draw_tile(value, s))


def _draw_tile(value: str, s: int) -> Image.Image:
    image = PALETTE.canvas((s + 1, s + 1), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _hidden(draw, s)
    if value == FLAG:
        _flag(draw, s)
    return image


def _hidden(draw: ImageDraw.ImageDraw, s: int) -> None:
    """A raised grey tile: light top-left edge, dark bottom-right edge."""
    bevel = max(3, s // 16)
    draw.rectangle((0, 0, s, s), fill=DARK_INK)
    draw.polygon([(0, 0), (s, 0), (s - bevel, bevel), (bevel, s - bevel), (0, s)], fill=LIGHT_INK)
    draw.rectangle((bevel, bevel, s - bevel, s - bevel), fill=HIDDEN_INK)


def _flag(draw: ImageDraw.ImageDraw, s: int) -> None:
    """A red pennant on a black pole standing on a black base."""
    pole_x = 0.56 * s
    top, bottom = 0.2 * s, 0.74 * s
    draw.polygon([(pole_x, top), (0.24 * s, 0.36 * s), (pole_x, 0.52 * s)], fill=FLAG_INK)
    draw.line([(pole_x, top), (pole_x, bottom)], fill=POLE_INK, width=max(2, s // 20))
    draw.rectangle((0.36 * s, bottom, 0.76 * s, bottom + 0.07 * s), fill=POLE_INK)


def render(state: dict[str, Any]) -> Image.Image:
    board = state["board"]
    layout = layout_for(len(board))
    image, draw = labelled_canvas(layout, palette=PALETTE)
    for r, row in enumerate(board):
        for c, value in enumerate(row):
            if value in (HIDDEN, FLAG):
                image.paste(tile(value, layout.cell), layout.box(r, c)[:2])
            elif value != "0":
                cell_text(draw, layout, r, c, value, color=NUMBER_INKS[value], scale=0.6)
    draw_grid_lines(draw, layout, color=PALETTE.index(GRID_LINE), width=2)
    return image
