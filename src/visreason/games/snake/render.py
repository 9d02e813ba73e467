"""Snake picture: a yellow head, blue body segments joined by bridges in chain order, a red
circle of food, on a labelled grid. Palette mode from a fixed palette; the labelled empty
board is a layer drawn once per size.
"""

from __future__ import annotations

import itertools
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
)

HEAD_COLOR = COLORS["yellow"]
BODY_COLOR = COLORS["blue"]
FOOD_COLOR = COLORS["red"]
LINE_COLOR = COLORS["light gray"]
OUTLINE = COLORS["dark gray"]
PALETTE = Palette([BACKGROUND, LINE_COLOR, HEAD_COLOR, BODY_COLOR, FOOD_COLOR, OUTLINE, INK])
HEAD, BODY, FOOD, EDGE = (PALETTE.index(c) for c in (HEAD_COLOR, BODY_COLOR, FOOD_COLOR,
                                                     OUTLINE))


@lru_cache(maxsize=16)
def layout_for(size: int) -> GridLayout:
    return grid_layout(size, size, cell=max(30, min(64, 480 // size)))


def render(state: dict[str, Any]) -> Image.Image:
    layout = layout_for(state["size"])
    image, draw = labelled_canvas(layout, palette=PALETTE)
    draw_grid_lines(draw, layout, color=PALETTE.index(LINE_COLOR))
    cell = layout.cell
    inset = max(4, cell // 5)
    snake = state["snake"]
    # Bridges first: a band between two consecutive segments' boxes, narrower than a cell, so
    # the chain order shows even where the body touches itself.
    band = max(2, cell // 8)
    for (r0, c0), (r1, c1) in itertools.pairwise(snake):
        x0, y0 = layout.center(r0, c0)
        x1, y1 = layout.center(r1, c1)
        draw.rectangle((min(x0, x1) - band, min(y0, y1) - band, max(x0, x1) + band,
                        max(y0, y1) + band), fill=BODY)
    for r, c in snake[1:]:
        draw.rectangle(layout.box(r, c, inset), fill=BODY)
    r, c = snake[0]
    draw.rectangle(layout.box(r, c, inset), fill=HEAD, outline=EDGE, width=2)
    fr, fc = state["food"]
    draw.ellipse(layout.box(fr, fc, inset + 1), fill=FOOD)
    return image
