"""Rhythm game picture: rounded blocks on a labelled grid, row 1 at the bottom.

Click yellow, reverse green, snake head pink, body blue, tail grey; the cells of one snake are
joined by a dark spine so two snakes stacked in a column stay apart. Each block is a sprite
drawn once per cell size and pasted; the labelled empty board is a layer drawn once per size.
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
    draw_on,
    grid_layout,
    labelled_canvas,
    sprite,
)
from .rules import BODY, CLICK, HEAD, REVERSE, TAIL

KIND_COLORS = {
    CLICK: COLORS["yellow"],
    REVERSE: COLORS["green"],
    HEAD: COLORS["pink"],
    BODY: COLORS["blue"],
    TAIL: COLORS["gray"],
}
COLOR_NAMES = {CLICK: "yellow", REVERSE: "green", HEAD: "pink", BODY: "blue", TAIL: "grey"}
LINE_COLOR = COLORS["light gray"]
SPINE = COLORS["dark gray"]
PALETTE = Palette([BACKGROUND, LINE_COLOR, SPINE, INK, *KIND_COLORS.values()])


@lru_cache(maxsize=16)
def layout_for(rows: int, cols: int) -> GridLayout:
    cell = max(24, min(44, 640 // rows))
    return grid_layout(rows, cols, cell=cell)


def _block(kind: str, size: int) -> Image.Image:
    def make() -> Image.Image:
        tile = PALETTE.canvas((size, size), BACKGROUND)
        inset = max(2, size // 10)  # the same inset as the spines' gap in `render`
        draw_on(tile).rounded_rectangle((inset, inset, size - 1 - inset, size - 1 - inset),
                                        radius=max(3, size // 5),
                                        fill=PALETTE.index(KIND_COLORS[kind]))
        return tile

    return sprite(("rhythm block", kind, size), make)


def render(state: dict[str, Any]) -> Image.Image:
    rows, cols, board = state["rows"], state["cols"], state["grid"]
    layout = layout_for(rows, cols)
    image, draw = labelled_canvas(layout, palette=PALETTE,
                                  row_labels=[str(r) for r in range(rows, 0, -1)],
                                  col_labels=[str(c) for c in range(1, cols + 1)])
    size = layout.cell
    inset = max(2, size // 10)
    for r, line in enumerate(board, 1):
        y = rows - r  # picture row: row 1 is drawn at the bottom
        for c, kind in enumerate(line):
            if kind in KIND_COLORS:
                x0, y0, _, _ = layout.box(y, c)
                image.paste(_block(kind, size), (x0, y0))
    draw_grid_lines(draw, layout, color=PALETTE.index(LINE_COLOR))
    spine, half = PALETTE.index(SPINE), max(2, size // 12)
    for r, line in enumerate(board, 1):
        for c, kind in enumerate(line):
            if kind in (BODY, TAIL):  # joined to the cell below it: the same snake
                x, _ = layout.center(rows - r, c)
                edge = layout.box(rows - r, c)[3]
                draw.rectangle((x - half, edge - inset - 1, x + half, edge + inset + 1),
                               fill=spine)
    return image
