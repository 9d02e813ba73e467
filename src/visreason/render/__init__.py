"""Pillow drawing kit: fonts, colours, labelled grids and fast PNG encoding."""

from .colors import BACKGROUND, COLORS, GRID_LINE, INK
from .encode import png_bytes, write_atomic
from .fonts import font
from .grid import (
    GridLayout,
    cell_text,
    draw_axis_labels,
    draw_grid_lines,
    fill_cells,
    grid_layout,
    header_text,
    new_canvas,
)

__all__ = [
    "BACKGROUND", "COLORS", "GRID_LINE", "INK", "GridLayout", "cell_text", "draw_axis_labels",
    "draw_grid_lines", "fill_cells", "font", "grid_layout", "header_text", "new_canvas",
    "png_bytes", "write_atomic",
]
