"""Tic-tac-toe picture: solid red (O) and blue (X) blocks on a labelled 3x3 grid."""

from __future__ import annotations

from typing import Any

from PIL import Image

from ...render import COLORS, draw_grid_lines, grid_layout, labelled_canvas
from .rules import O, X

PIECE_COLORS = {O: COLORS["red"], X: COLORS["blue"]}
LAYOUT = grid_layout(3, 3, cell=90)


def render(state: dict[str, Any]) -> Image.Image:
    image, draw = labelled_canvas(LAYOUT, palette=True)
    for r, row in enumerate(state["board"]):
        for c, value in enumerate(row):
            if value in PIECE_COLORS:
                draw.rectangle(LAYOUT.box(r, c, inset=4), fill=PIECE_COLORS[value])
    draw_grid_lines(draw, LAYOUT, width=3)
    return image
