"""Tents picture: green trees and orange tents on a grid with black indices on the left and on
top, and the blue tent counts right of each row and below each column.

Drawn in palette mode from one fixed palette: the frame (grid, indices) is a layer drawn once
per size, the counts are cached text, and trees and tents are sprites drawn once per cell size.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from PIL import Image

from ...render import (
    BACKGROUND,
    COLORS,
    GRID_LINE,
    INK,
    GridLayout,
    Palette,
    draw_grid_lines,
    draw_on,
    draw_text,
    font,
    grid_layout,
    labelled_canvas,
    sprite,
)

CANOPY = COLORS["green"]
CANOPY_EDGE = COLORS["forest green"]
TRUNK = COLORS["brown"]
TENT = COLORS["orange"]
TENT_EDGE = (150, 70, 10)
TARGET_INK = COLORS["blue"]
PALETTE = Palette([BACKGROUND, INK, GRID_LINE, CANOPY, CANOPY_EDGE, TRUNK, TENT, TENT_EDGE,
                   TARGET_INK])
CELL_SIZES = {5: 64, 6: 60, 7: 56, 8: 52, 9: 48, 10: 46, 11: 42, 12: 40, 13: 38, 14: 36}


@lru_cache(maxsize=16)
def layout_for(size: int) -> GridLayout:
    base = grid_layout(size, size, cell=CELL_SIZES.get(size, 36))
    room = max(24, int(base.cell * 0.7))
    return replace(base, right=base.right + room, bottom=base.bottom + room)


def _tree(s: int) -> Image.Image:
    image = PALETTE.canvas((s, s), BACKGROUND)
    draw = draw_on(image)
    trunk_w = max(3, s // 8)
    draw.rectangle((s // 2 - trunk_w // 2, int(s * 0.55), s // 2 + trunk_w // 2, int(s * 0.9)),
                   fill=PALETTE.index(TRUNK))
    m = int(s * 0.12)
    draw.ellipse((m, int(s * 0.06), s - 1 - m, int(s * 0.68)), fill=PALETTE.index(CANOPY),
                 outline=PALETTE.index(CANOPY_EDGE), width=max(1, s // 20))
    return image


def _tent(s: int) -> Image.Image:
    image = PALETTE.canvas((s, s), BACKGROUND)
    draw = draw_on(image)
    m = int(s * 0.1)
    top, base = int(s * 0.12), int(s * 0.86)
    draw.polygon([(s // 2, top), (s - 1 - m, base), (m, base)], fill=PALETTE.index(TENT),
                 outline=PALETTE.index(TENT_EDGE), width=max(1, s // 22))
    door = max(2, s // 9)
    draw.polygon([(s // 2, int(s * 0.48)), (s // 2 + door, base), (s // 2 - door, base)],
                 fill=PALETTE.index(TENT_EDGE))
    return image


def piece(kind: str, s: int) -> Image.Image:
    return sprite(("tents piece", kind, s), lambda: _tree(s) if kind == "tree" else _tent(s))


def render(state: dict[str, Any]) -> Image.Image:
    n = state["size"]
    layout = layout_for(n)
    image, draw = labelled_canvas(layout, palette=PALETTE)
    draw_grid_lines(draw, layout, color=PALETTE.index(GRID_LINE))
    inset = 2
    s = layout.cell - 2 * inset + 1
    for kind, cells in (("tree", state["trees"]), ("tent", state["tents"])):
        tile = piece(kind, s)
        for r, c in cells:
            image.paste(tile, layout.box(r, c, inset)[:2])
    face = font(max(12, min(20, int(layout.cell * 0.45))), True)
    ink = PALETTE.index(TARGET_INK)
    right = layout.left + n * layout.cell + 8
    bottom = layout.top + n * layout.cell + 6
    for r, count in enumerate(state["row_targets"]):
        draw_text(draw, (right, layout.center(r, 0)[1]), str(count), ink, face, "lm")
    for c, count in enumerate(state["col_targets"]):
        draw_text(draw, (layout.center(0, c)[0], bottom), str(count), ink, face, "mt")
    return image
