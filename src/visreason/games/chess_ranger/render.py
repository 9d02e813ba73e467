"""Chess Ranger picture: a labelled 8x8 board (files a-h on top, ranks 8-1 on the left) with
white chess pieces outlined in black.

Pieces are the chess symbols of the bundled font: the solid symbol in white under the outline
symbol in black, drawn once per (piece, square colour, size) as a sprite and mapped onto one
fixed palette with ramps for the antialiased edges; the labelled board is a layer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from ...render import (
    BACKGROUND,
    INK,
    GridLayout,
    Palette,
    draw_text,
    fill_cells,
    font,
    grid_layout,
    labelled_canvas,
    ramp,
    sprite,
)
from .rules import FILES, xy

LIGHT = (240, 217, 181)
DARK = (181, 136, 99)
PIECE_FILL = (255, 255, 255)
OUTLINE = (0, 0, 0)
SOLID = {"K": "\u265a", "Q": "\u265b", "R": "\u265c", "B": "\u265d", "N": "\u265e",
         "P": "\u265f"}
HOLLOW = {"K": "\u2654", "Q": "\u2655", "R": "\u2656", "B": "\u2657", "N": "\u2658",
          "P": "\u2659"}
STEPS = 12
PALETTE = Palette([BACKGROUND, INK, LIGHT, DARK, PIECE_FILL, OUTLINE,
                   *ramp(OUTLINE, LIGHT, STEPS), *ramp(OUTLINE, DARK, STEPS),
                   *ramp(OUTLINE, PIECE_FILL, STEPS), *ramp(PIECE_FILL, LIGHT, STEPS),
                   *ramp(PIECE_FILL, DARK, STEPS), *ramp(INK, BACKGROUND, STEPS)])
CELL = 60
RANKS = [str(r) for r in range(8, 0, -1)]


@lru_cache(maxsize=2)
def layout_for(cell: int = CELL) -> GridLayout:
    return grid_layout(8, 8, cell=cell)


def _frame() -> Image.Image:
    layout = layout_for()
    image, draw = labelled_canvas(layout, palette=PALETTE, row_labels=RANKS,
                                  col_labels=list(FILES))
    shades = [[PALETTE.index(LIGHT if (r + c) % 2 == 0 else DARK) for c in range(8)]
              for r in range(8)]
    fill_cells(draw, layout, shades)
    x0, y0 = layout.left, layout.top
    draw.rectangle((x0 - 1, y0 - 1, x0 + 8 * layout.cell, y0 + 8 * layout.cell),
                   outline=PALETTE.index(INK))
    return image


def _piece(piece: str, square: tuple[int, int, int], s: int) -> Image.Image:
    image = Image.new("RGB", (s, s), square)
    draw = ImageDraw.Draw(image)
    if piece == "B":
        _bishop(draw, s)
    else:
        face = font(int(s * 1.05))
        centre = (s / 2, s / 2)
        draw_text(draw, centre, SOLID[piece], PIECE_FILL, face, "mm")
        draw_text(draw, centre, HOLLOW[piece], OUTLINE, face, "mm")
    return PALETTE.quantize(image)


def _bishop(draw: ImageDraw.ImageDraw, s: int) -> None:
    """A bishop drawn from shapes: the font's small bishop reads too much like its pawn.
    A tall mitre with a slit, a ball on top, a collar and a wide base."""
    w = max(2, s // 24)
    fill, ink = PIECE_FILL, OUTLINE

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        return (round(x0 * s), round(y0 * s), round(x1 * s), round(y1 * s))

    draw.rounded_rectangle(box(0.24, 0.78, 0.76, 0.88), radius=max(2, s // 20), fill=fill,
                           outline=ink, width=w)
    draw.rectangle(box(0.36, 0.70, 0.64, 0.79), fill=fill, outline=ink, width=w)
    mitre = [(0.5, 0.19), (0.63, 0.3), (0.7, 0.45), (0.69, 0.6), (0.62, 0.71), (0.38, 0.71),
             (0.31, 0.6), (0.3, 0.45), (0.37, 0.3)]
    draw.polygon([(x * s, y * s) for x, y in mitre], fill=fill, outline=ink, width=w)
    draw.line([box(0.45, 0.38, 0.59, 0.52)[:2], box(0.45, 0.38, 0.59, 0.52)[2:]], fill=ink,
              width=w + 1)
    draw.ellipse(box(0.43, 0.08, 0.57, 0.21), fill=fill, outline=ink, width=w)


def piece_tile(piece: str, light: bool, s: int = CELL) -> Image.Image:
    shade = LIGHT if light else DARK
    return sprite(("chess ranger piece", piece, light, s), lambda: _piece(piece, shade, s))


def render(state: dict[str, Any]) -> Image.Image:
    from ...render import layer

    layout = layout_for()
    image = layer(("chess ranger board", CELL), _frame)
    for sq, piece in state["pieces"]:
        x, y = xy(sq)
        row, col = 7 - y, x
        image.paste(piece_tile(piece, (row + col) % 2 == 0), layout.box(row, col)[:2])
    return image
