"""Colour Sudoku picture: coloured cells on a 1-based labelled grid with thick box borders."""

from __future__ import annotations

from typing import Any

from PIL import Image, ImageDraw

from ...render import (
    COLORS,
    INK,
    GridLayout,
    draw_grid_lines,
    fill_cells,
    grid_layout,
    labelled_canvas,
)
from .rules import BOX, EMPTY

LAYOUTS = {4: grid_layout(4, 4, cell=80), 9: grid_layout(9, 9, cell=56)}
BOX_LINE_WIDTH = 5


def cell_colors(state: dict[str, Any]) -> list[list[tuple[int, int, int]]]:
    """The RGB of every cell: its colour name's RGB, white when empty."""
    names = state["colors"]
    return [[COLORS["white"] if v == EMPTY else COLORS[names[v - 1]] for v in row]
            for row in state["board"]]


def render(state: dict[str, Any]) -> Image.Image:
    size = state["size"]
    layout = LAYOUTS[size]
    labels = [str(i) for i in range(1, size + 1)]
    image, draw = labelled_canvas(layout, palette=True, row_labels=labels, col_labels=labels)
    fill_cells(draw, layout, cell_colors(state))
    draw_grid_lines(draw, layout, width=1)
    _draw_box_borders(draw, layout, BOX[size])
    return image


def _draw_box_borders(draw: ImageDraw.ImageDraw, layout: GridLayout, box: int) -> None:
    """Thick lines every `box` cells, including the outer frame."""
    x0, y0 = layout.left, layout.top
    span = layout.cols * layout.cell
    half = BOX_LINE_WIDTH // 2
    for k in range(0, layout.rows + 1, box):
        offset = k * layout.cell
        draw.rectangle((x0 - half, y0 + offset - half, x0 + span + half, y0 + offset + half),
                       fill=INK)
        draw.rectangle((x0 + offset - half, y0 - half, x0 + offset + half, y0 + span + half),
                       fill=INK)
