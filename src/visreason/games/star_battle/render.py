"""Star Battle picture: coloured regions outlined by thick lines, black stars with a white rim,
and 0-based row and column labels.

Palette mode from one fixed palette; the labelled canvas is a layer drawn once per size and the
star is a sprite drawn once per cell size.
"""

from __future__ import annotations

import math
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
    fill_cells,
    grid_layout,
    labelled_canvas,
    sprite,
)

# Nine hues far apart, so no question hinges on two colours a person could confuse.
REGION_COLORS = ("red", "orange", "yellow", "green", "aqua", "blue", "purple", "pink", "brown")
STAR_INK = COLORS["black"]
RIM = COLORS["white"]
PALETTE = Palette([BACKGROUND, INK, GRID_LINE, STAR_INK,
                   *(COLORS[name] for name in REGION_COLORS)])
INKS = {k: PALETTE.index(COLORS[name]) for k, name in enumerate(REGION_COLORS)}
CELL_SIZES = {5: 72, 6: 64, 7: 58, 8: 54, 9: 50}
BORDER = 5


@lru_cache(maxsize=8)
def layout_for(size: int) -> GridLayout:
    return grid_layout(size, size, cell=CELL_SIZES.get(size, 50))


def _star_points(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * 0.45
    return [(cx + (outer if i % 2 == 0 else inner) * math.sin(i * math.pi / 5),
             cy - (outer if i % 2 == 0 else inner) * math.cos(i * math.pi / 5))
            for i in range(10)]


def _rim(s: int) -> list[tuple[float, float]]:
    return _star_points(s / 2, s / 2 + s * 0.04, s * 0.42)


def _star(s: int) -> Image.Image:
    """A black five-pointed star with a white rim (pasted through `star_mask`)."""
    image = PALETTE.canvas((s, s), BACKGROUND)
    draw = draw_on(image)
    draw.polygon(_rim(s), fill=PALETTE.index(RIM))
    draw.polygon(_star_points(s / 2, s / 2 + s * 0.04, s * 0.32), fill=PALETTE.index(STAR_INK))
    return image


def _mask(s: int) -> Image.Image:
    mask = Image.new("1", (s, s), 0)
    draw_on(mask).polygon(_rim(s), fill=1)
    return mask


def star_tile(s: int) -> tuple[Image.Image, Image.Image]:
    """The star and the mask of its rim, drawn once per cell size."""
    return (sprite(("star battle star", s), lambda: _star(s)),
            sprite(("star battle star mask", s), lambda: _mask(s)))


def render(state: dict[str, Any]) -> Image.Image:
    n = state["size"]
    regions = state["regions"]
    layout = layout_for(n)
    image, draw = labelled_canvas(layout, palette=PALETTE)
    fill_cells(draw, layout, regions, inks=INKS)
    draw_grid_lines(draw, layout, color=PALETTE.index(GRID_LINE))
    ink = PALETTE.index(INK)
    half = BORDER // 2
    x0, y0, cell = layout.left, layout.top, layout.cell
    for r in range(n):
        for c in range(n):
            if c + 1 < n and regions[r][c] != regions[r][c + 1]:
                x = x0 + (c + 1) * cell
                draw.rectangle((x - half, y0 + r * cell - half, x + half, y0 + (r + 1) * cell
                                + half), fill=ink)
            if r + 1 < n and regions[r][c] != regions[r + 1][c]:
                y = y0 + (r + 1) * cell
                draw.rectangle((x0 + c * cell - half, y - half, x0 + (c + 1) * cell + half,
                                y + half), fill=ink)
    span = n * cell
    for k in (0, n):
        draw.rectangle((x0 - half, y0 + k * cell - half, x0 + span + half, y0 + k * cell + half),
                       fill=ink)
        draw.rectangle((x0 + k * cell - half, y0 - half, x0 + k * cell + half, y0 + span + half),
                       fill=ink)
    tile, mask = star_tile(cell)
    for r, c in state["stars"]:
        image.paste(tile, layout.box(r, c)[:2], mask)
    return image
