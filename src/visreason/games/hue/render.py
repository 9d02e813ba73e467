"""Hue picture: the board with 1-based row and column labels, cleared cells white with their
letter, the numbered swatches of the matching question, and a legend of the named palette
(every colour name a question uses, drawn in its colour).

Palette mode: the frame, labels and legend are a layer drawn once per layout with a fixed
base palette; each picture appends its own gradient colours to that palette and fills cells
by index.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image

from ...render import (
    BACKGROUND,
    INK,
    GridLayout,
    Palette,
    draw_on,
    draw_text,
    font,
    grid_layout,
    layer,
)
from ...render.grid import draw_axis_labels
from . import rules
from .rules import NAMES, PALETTE

CELL = 44
LINE = (90, 90, 90)
SWATCH = 40
LEGEND_COLS = 5
LEGEND_ENTRY = (84, 24)
BASE = Palette([BACKGROUND, INK, LINE, *PALETTE.values()])
BASE_FLAT = [v for color in BASE.colors for v in color]


@lru_cache(maxsize=16)
def layout_for(size: int) -> GridLayout:
    return grid_layout(size, size, cell=CELL)


@lru_cache(maxsize=32)
def frame(size: int, swatches: bool) -> tuple[tuple[int, int], int, int]:
    """(picture size, top of the swatch row, top of the legend)."""
    lay = layout_for(size)
    width = max(lay.size[0], 2 * 8 + LEGEND_COLS * LEGEND_ENTRY[0])
    y = lay.size[1] + 4
    swatch_top = y
    if swatches:
        y += SWATCH + 22
    legend_top = y
    rows = -(-len(NAMES) // LEGEND_COLS)
    return (width, legend_top + rows * LEGEND_ENTRY[1] + 10), swatch_top, legend_top


def _static(size: int, swatches: bool) -> Image.Image:
    (width, height), swatch_top, legend_top = frame(size, swatches)
    lay = layout_for(size)
    image = BASE.canvas((width, height), BACKGROUND)
    draw = draw_on(image)
    labels = [str(k + 1) for k in range(size)]
    draw_axis_labels(draw, lay, labels, labels, BASE.index(INK))
    ink = BASE.index(INK)
    if swatches:
        face = font(13, True)
        for k in range(6):
            x = 8 + k * (SWATCH + 14)
            draw_text(draw, (x + SWATCH / 2, swatch_top + SWATCH + 3), str(k + 1), ink, face,
                      "mt")
    small = font(12)
    for k, name in enumerate(NAMES):
        row, col = divmod(k, LEGEND_COLS)
        x, y = 8 + col * LEGEND_ENTRY[0], legend_top + row * LEGEND_ENTRY[1]
        draw.rectangle((x, y + 3, x + 16, y + 19), fill=BASE.index(PALETTE[name]),
                       outline=BASE.index(LINE))
        draw_text(draw, (x + 21, y + 11), name, ink, small, "lm")
    return image


def render(state: dict[str, Any]) -> Image.Image:
    size = state["size"]
    lay = layout_for(size)
    has_swatches = bool(state["swatches"])
    image = layer(("hue", size, has_swatches), lambda: _static(size, has_swatches))
    _, swatch_top, _ = frame(size, has_swatches)
    extra: dict[str, int] = {}
    base_len = len(BASE)

    def ink(value: str) -> int:
        rgb = rules.rgb_of(value)
        if rgb in BASE._lookup:
            return BASE.index(rgb)
        if value not in extra:
            extra[value] = base_len + len(extra)
        return extra[value]

    cells = state["cells"]
    draw = draw_on(image)
    fills = [[ink(v) if v else None for v in row] for row in cells]
    swatch_inks = [ink(v) for v in state["swatches"]]
    image.putpalette(BASE_FLAT + [v for value in extra for v in rules.rgb_of(value)])
    line = BASE.index(LINE)
    for r in range(size):
        for c in range(size):
            fill = fills[r][c]
            draw.rectangle(lay.box(r, c), fill=BACKGROUND_INDEX if fill is None else fill,
                           outline=line)
    face = font(18, True)
    for k, (r, c) in enumerate(state["removed"]):
        draw_text(draw, lay.center(r, c), rules.cell_label(k), BASE.index(INK), face, "mm")
    for k, s in enumerate(swatch_inks):
        x = 8 + k * (SWATCH + 14)
        draw.rectangle((x, swatch_top, x + SWATCH, swatch_top + SWATCH), fill=s, outline=line)
    return image


BACKGROUND_INDEX = BASE.index(BACKGROUND)
