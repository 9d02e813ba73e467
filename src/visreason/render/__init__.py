"""Pillow drawing kit: fonts, colours, palettes, labelled grids, cached text, sprites and
layers, and fast PNG encoding.

Most of a game picture repeats from one sample to the next: axis labels, numbers, piece
glyphs, tiles, the frame of the board. The kit draws each of those once and reuses it, with
pixels identical to drawing it afresh:

- `draw_text(draw, xy, text, fill, font, anchor)` is `ImageDraw.text` for one line, with the
  glyph mask rendered once per (font, text, anchor, font mode, subpixel start) and stamped in
  any colour after that.
- `sprite(key, make)` returns the small picture `make()` draws for `key` (a tile, a card, a
  voxel, a piece), drawn on first use; paste it into pictures, never draw on it. On palette
  pictures, draw sprites and pictures from one fixed `Palette` so they share colour indices.
- `layer(key, make)` returns a fresh copy of a picture drawn once per key: the static part of
  a picture (frame, grid, labels). `labelled_canvas(layout, ...)` is the common case: a blank
  board with its axis labels.

A key names everything the drawing depends on (kind, size, colours, font, text); two
different drawings must never share a key. Every cache is a `BoundedCache` (least recently
used, bounded in entries) registered by name: `cache_stats()` shows hits and sizes,
`clear_caches()` empties them all.

`png_bytes` encodes palette and greyscale pictures with a lean PNG writer (several times
faster than Pillow's for the flat pictures games draw) and anything else with Pillow.
"""

from .cache import BoundedCache, cache_stats, clear_caches
from .colors import BACKGROUND, COLORS, GRID_LINE, INK
from .encode import png_bytes, write_atomic
from .fonts import font
from .grid import (
    GridLayout,
    cell_text,
    draw_axis_labels,
    draw_grid_lines,
    draw_on,
    fill_cells,
    grid_layout,
    header_text,
    labelled_canvas,
    new_canvas,
)
from .palette import Palette, ramp
from .sprites import layer, sprite
from .text import draw_text

__all__ = [
    "BACKGROUND", "COLORS", "GRID_LINE", "INK", "BoundedCache", "GridLayout", "Palette",
    "cache_stats", "cell_text", "clear_caches", "draw_axis_labels", "draw_grid_lines",
    "draw_on", "draw_text", "fill_cells", "font", "grid_layout", "header_text", "labelled_canvas",
    "layer", "new_canvas", "png_bytes", "ramp", "sprite", "write_atomic",
]
