"""Jewel2 picture: a titled board with row and column numbers; basic gems are coloured
diamonds with their letter, round specials are discs of the same colours with a lowercase
letter, "|" is a tall aqua bar and "+" a black disc with a white cross; Total Cleared and the
next refill gem are written under the board.

Each gem is drawn once per cell size as a palette sprite and pasted; the labelled blank
board is drawn once per size.
"""

from __future__ import annotations

import dataclasses
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
    draw_on,
    draw_text,
    font,
    grid_layout,
    header_text,
    labelled_canvas,
    sprite,
)
from .rules import BASIC, BLAST, COLUMN, REFILL

GEM_COLORS = {"A": "red", "B": "green", "C": "blue", "D": "yellow", "E": "purple"}
BAR_COLOR = "aqua"
PALETTE = Palette([BACKGROUND, INK, COLORS["light gray"], COLORS["white"], COLORS["black"],
                   *(COLORS[name] for name in GEM_COLORS.values()), COLORS[BAR_COLOR]])
HEADER, FOOTER = 28, 40


@lru_cache(maxsize=16)
def layout_for(size: int) -> GridLayout:
    base = grid_layout(size, size, cell=max(40, min(60, 360 // size)), header=HEADER)
    return dataclasses.replace(base, bottom=FOOTER)


def _letter_ink(gem: str) -> int:
    return PALETTE.index(COLORS["black"] if gem.upper() == "D" else COLORS["white"])


def gem_sprite(gem: str, cell: int) -> Image.Image:
    """One gem drawn in a cell-sized square (shared: paste it, never draw on it)."""
    def make() -> Image.Image:
        image = PALETTE.canvas((cell, cell), BACKGROUND)
        draw = draw_on(image)
        m = cell // 8
        mid = cell / 2
        if gem == COLUMN:
            w = cell // 6
            draw.rectangle((mid - w, m - 2, mid + w, cell - m + 1),
                           fill=PALETTE.index(COLORS[BAR_COLOR]), outline=PALETTE.index(INK))
            return image
        if gem == BLAST:
            draw.ellipse((m, m, cell - m, cell - m), fill=PALETTE.index(COLORS["black"]))
            arm, w = cell // 4, max(2, cell // 14)
            white = PALETTE.index(COLORS["white"])
            draw.rectangle((mid - arm, mid - w, mid + arm, mid + w), fill=white)
            draw.rectangle((mid - w, mid - arm, mid + w, mid + arm), fill=white)
            return image
        color = PALETTE.index(COLORS[GEM_COLORS[gem.upper()]])
        if gem in BASIC:
            draw.polygon([(mid, m - 2), (cell - m + 2, mid), (mid, cell - m + 2), (m - 2, mid)],
                         fill=color)
        else:
            draw.ellipse((m, m, cell - m, cell - m), fill=color,
                         outline=PALETTE.index(INK), width=2)
        draw_text(draw, (mid, mid), gem, _letter_ink(gem), font(max(10, int(cell * 0.36)),
                                                                True), "mm")
        return image
    return sprite(("jewel2 gem", gem, cell), make)


def render(state: dict[str, Any]) -> Image.Image:
    n = state["size"]
    layout = layout_for(n)
    image, draw = labelled_canvas(layout, palette=PALETTE)
    for r, row in enumerate(state["grid"]):
        for c, gem in enumerate(row):
            x0, y0, _, _ = layout.box(r, c)
            image.paste(gem_sprite(gem, layout.cell), (x0, y0))
    draw_grid_lines(draw, layout, color=PALETTE.index(COLORS["light gray"]))
    header_text(draw, layout, "Jewel2")
    footer = (f"Total Cleared: {state['total']}    Next gem: {REFILL[state['next']]}")
    draw_text(draw, (layout.size[0] / 2, layout.top + n * layout.cell + 12), footer,
              PALETTE.index(INK), font(15, True), "mt")
    return image
