"""Tic-tac-toe picture: solid red (O) and blue (X) blocks on a labelled 3x3 grid."""

from __future__ import annotations

from typing import Any

from PIL import Image

from ...render import COLORS, draw_axis_labels, draw_grid_lines, grid_layout, new_canvas
from .rules import O, X

PIECE_COLORS = {O: COLORS["red"], X: COLORS["blue"]}
LAYOUT = grid_layout(3, 3, cell=90)


def render(state: dict[str, Any]) -> Image.Image:
    image, draw = new_canvas(LAYOUT, palette=True)
    for r, row in enumerate(state["board"]):
        for c, value in enumerate(row):
            if value in PIECE_COLORS:
                draw.rectangle(LAYOUT.box(r, c, inset=4), fill=PIECE_COLORS[value])
    draw_grid_lines(draw, LAYOUT, width=3)
    draw_axis_labels(draw, LAYOUT)
    return image
