"""Ultimate tic-tac-toe picture: nine 3x3 Nine-grids with a gap between them, each labelled
1-3 along its top and left, grid rows and columns labelled i = 1-3 and j = 1-3 in bold
outside, blue X and red O glyphs. Palette mode; the labelled empty board is a layer and each
glyph a sprite.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from ...render import BACKGROUND, COLORS, INK, Palette, draw_on, draw_text, font, layer, sprite
from .rules import EMPTY, O, X

CELL = 40
BLOCK = 4 * CELL  # a label strip one cell wide, then three cells
MARGIN = 56  # room for the bold grid labels
LINE = COLORS["gray"]
X_COLOR, O_COLOR = COLORS["blue"], COLORS["red"]
GRID_LABEL = COLORS["purple"]
PALETTE = Palette([BACKGROUND, LINE, INK, X_COLOR, O_COLOR, GRID_LABEL])
SIZE = (MARGIN + 3 * BLOCK + 8, MARGIN + 3 * BLOCK + 8)


def cell_origin(g: int, p: int) -> tuple[int, int]:
    """Top-left pixel of position p of grid g."""
    x = MARGIN + (g % 3) * BLOCK + CELL + (p % 3) * CELL
    y = MARGIN + (g // 3) * BLOCK + CELL + (p // 3) * CELL
    return x, y


def _board() -> Image.Image:
    image = PALETTE.canvas(SIZE, BACKGROUND)
    draw = draw_on(image)
    small, bold = font(15), font(18, True)
    line = PALETTE.index(LINE)
    for k in range(3):
        centre = MARGIN + k * BLOCK + CELL + 1.5 * CELL
        draw_text(draw, (centre, 10), f"j = {k + 1}", PALETTE.index(GRID_LABEL), bold, "mt")
        draw_text(draw, (6, centre), f"i = {k + 1}", PALETTE.index(GRID_LABEL), bold, "lm")
    for g in range(9):
        x0, y0 = cell_origin(g, 0)
        for k in range(3):
            draw_text(draw, (x0 + (k + 0.5) * CELL, y0 - 5), str(k + 1), PALETTE.index(INK),
                      small, "md")
            draw_text(draw, (x0 - 6, y0 + (k + 0.5) * CELL), str(k + 1), PALETTE.index(INK),
                      small, "rm")
        for k in range(4):
            draw.line([(x0, y0 + k * CELL), (x0 + 3 * CELL, y0 + k * CELL)], fill=line, width=2)
            draw.line([(x0 + k * CELL, y0), (x0 + k * CELL, y0 + 3 * CELL)], fill=line, width=2)
    return image


def _glyph(mark: str) -> Image.Image:
    def make() -> Image.Image:
        tile = PALETTE.canvas((CELL - 8, CELL - 8), BACKGROUND)
        draw: ImageDraw.ImageDraw = draw_on(tile)
        s = CELL - 9
        if mark == X:
            ink = PALETTE.index(X_COLOR)
            draw.line([(4, 4), (s - 4, s - 4)], fill=ink, width=4)
            draw.line([(4, s - 4), (s - 4, 4)], fill=ink, width=4)
        else:
            draw.ellipse((3, 3, s - 3, s - 3), outline=PALETTE.index(O_COLOR), width=4)
        return tile

    return sprite(("ultra tictactoe glyph", mark, CELL), make)


@lru_cache(maxsize=1)
def _glyphs() -> dict[str, Image.Image]:
    return {X: _glyph(X), O: _glyph(O)}


def render(state: dict[str, Any]) -> Image.Image:
    image = layer(("ultra tictactoe board", CELL), _board)
    glyphs = _glyphs()
    for g, grid in enumerate(state["board"]):
        for p, mark in enumerate(grid):
            if mark != EMPTY:
                x, y = cell_origin(g, p)
                image.paste(glyphs[mark], (x + 5, y + 5))
    return image
