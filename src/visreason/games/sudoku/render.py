"""Colour Sudoku picture: coloured cells on a 1-based labelled grid with thick box borders.

Drawn in palette mode from one fixed palette (white, ink, grid line and the nine cell colours),
on a labelled canvas drawn once per size.
"""

from __future__ import annotations

from typing import Any

from PIL import Image, ImageDraw

from ...render import (
    BACKGROUND,
    COLORS,
    GRID_LINE,
    INK,
    GridLayout,
    Palette,
    draw_grid_lines,
    fill_cells,
    grid_layout,
    labelled_canvas,
)
from .rules import BASE_COLORS, BOX, EMPTY, EXTRA_COLORS

LAYOUTS = {4: grid_layout(4, 4, cell=80), 9: grid_layout(9, 9, cell=56)}
BOX_LINE_WIDTH = 5
PALETTE = Palette([BACKGROUND, INK, GRID_LINE,
                   *(COLORS[name] for name in BASE_COLORS + EXTRA_COLORS)])


def cell_inks(state: dict[str, Any]) -> dict[int, int]:
    """The ink of every cell value: its colour name's RGB, white when empty."""
    inks = {v: PALETTE.ink(COLORS[name]) for v, name in enumerate(state["colors"], start=1)}
    inks[EMPTY] = PALETTE.index(COLORS["white"])
    return inks


def render(state: dict[str, Any]) -> Image.Image:
    size = state["size"]
    layout = LAYOUTS[size]
    labels = [str(i) for i in range(1, size + 1)]
    image, draw = labelled_canvas(layout, palette=PALETTE, row_labels=labels, col_labels=labels)
    fill_cells(draw, layout, state["board"], inks=cell_inks(state))
    draw_grid_lines(draw, layout, color=PALETTE.index(GRID_LINE), width=1)
    _draw_box_borders(draw, layout, BOX[size])
    return image


def _draw_box_borders(draw: ImageDraw.ImageDraw, layout: GridLayout, box: int) -> None:
    """Thick lines every `box` cells, including the outer frame."""
    x0, y0 = layout.left, layout.top
    span = layout.cols * layout.cell
    half = BOX_LINE_WIDTH // 2
    ink = PALETTE.index(INK)
    for k in range(0, layout.rows + 1, box):
        offset = k * layout.cell
        draw.rectangle((x0 - half, y0 + offset - half, x0 + span + half, y0 + offset + half),
                       fill=ink)
        draw.rectangle((x0 + offset - half, y0 - half, x0 + offset + half, y0 + span + half),
                       fill=ink)
