"""Space Invaders picture: a labelled enemy grid with pixel-art invaders and the ship below.

Each invader kind and the ship is a sprite drawn once per cell size from a small bitmap and
pasted; the labelled frame (axis numbers, grid lines, the ship's lane) is a layer drawn once
per grid size. Everything uses one fixed palette, so pictures are palette images.
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
    grid_layout,
    labelled_canvas,
    layer,
    sprite,
)
from .rules import BLUE, EMPTY, GREEN, PURPLE

SHIP_COLOR = COLORS["orange"]
INVADER_COLORS = {PURPLE: COLORS["purple"], BLUE: COLORS["blue"], GREEN: COLORS["green"]}
LINE_COLOR = COLORS["light gray"]
LANE_COLOR = (236, 240, 248)
PALETTE = Palette([BACKGROUND, LINE_COLOR, LANE_COLOR, *INVADER_COLORS.values(), SHIP_COLOR,
                   COLORS["gray"], INK])

# Pixel art, one string per row: X is ink. Each kind has its own outline, so the picture
# tells them apart by shape as well as by colour.
BITMAPS = {
    PURPLE: ("...XX...", "..XXXX..", ".XXXXXX.", "XX.XX.XX", "XXXXXXXX", "..X..X..",
             ".X.XX.X.", "X.X..X.X"),
    BLUE: ("..X.....X..", "...X...X...", "..XXXXXXX..", ".XX.XXX.XX.", "XXXXXXXXXXX",
           "X.XXXXXXX.X", "X.X.....X.X", "...XX.XX..."),
    GREEN: ("....XXXX....", ".XXXXXXXXXX.", "XXXXXXXXXXXX", "XXX..XX..XXX", "XXXXXXXXXXXX",
            "...XX..XX...", "..XX.XX.XX..", "XX........XX"),
    "ship": ("......X......", ".....XXX.....", ".....XXX.....", ".XXXXXXXXXXX.",
             "XXXXXXXXXXXXX", "XXXXXXXXXXXXX", "XXXXXXXXXXXXX", "XXXXXXXXXXXXX"),
}


@lru_cache(maxsize=16)
def layout_for(rows: int, cols: int) -> GridLayout:
    """The enemy area plus one row below it for the ship."""
    cell = max(28, min(48, 600 // cols))
    return grid_layout(rows + 1, cols, cell=cell)


def _bitmap_sprite(kind: str, s: int, color: tuple[int, int, int],
                   background: tuple[int, int, int] = BACKGROUND) -> Image.Image:
    rows = BITMAPS[kind]
    w, h = len(rows[0]), len(rows)
    px = max(1, min((s - 2) // w, (s - 2) // h))
    image = PALETTE.canvas((s, s), background)
    x0, y0 = (s - px * w) // 2, (s - px * h) // 2
    ink = PALETTE.index(color)
    pixels = image.load()
    for j, line in enumerate(rows):
        for i, ch in enumerate(line):
            if ch == "X":
                for y in range(y0 + j * px, y0 + (j + 1) * px):
                    for x in range(x0 + i * px, x0 + (i + 1) * px):
                        pixels[x, y] = ink
    return image


def invader(kind: str, s: int) -> Image.Image:
    return sprite(("space invader", kind, s), lambda: _bitmap_sprite(kind, s - 1,
                                                                      INVADER_COLORS[kind]))


def ship(s: int) -> Image.Image:
    return sprite(("space ship", s), lambda: _bitmap_sprite("ship", s - 2, SHIP_COLOR, LANE_COLOR))


def _frame(rows: int, cols: int) -> Image.Image:
    layout = layout_for(rows, cols)
    labels = [str(r) for r in range(1, rows + 1)] + [""]  # the lane below is the ship's
    image, draw = labelled_canvas(layout, palette=PALETTE, row_labels=labels,
                                  col_labels=[str(c) for c in range(1, cols + 1)])
    x0, y0, _, _ = layout.box(rows, 0)
    x1, y1 = x0 + cols * layout.cell, y0 + layout.cell
    draw.rectangle((x0, y0, x1, y1), fill=PALETTE.index(LANE_COLOR))
    draw_grid_lines(draw, layout, color=PALETTE.index(LINE_COLOR))
    draw.line([(x0, y0), (x1, y0)], fill=PALETTE.index(COLORS["gray"]), width=3)
    return image


def render(state: dict[str, Any]) -> Image.Image:
    grid = state["grid"]
    rows, cols = len(grid), len(grid[0])
    layout = layout_for(rows, cols)
    image = layer(("space invaders frame", rows, cols), lambda: _frame(rows, cols))
    for r, row in enumerate(grid):
        for c, ch in enumerate(row):
            if ch != EMPTY:
                x, y, _, _ = layout.box(r, c)
                image.paste(invader(ch, layout.cell), (x + 1, y + 1))
    x, y, _, _ = layout.box(rows, state["ship"] - 1)
    image.paste(ship(layout.cell), (x + 1, y + 2))  # below the lane's top line
    return image
