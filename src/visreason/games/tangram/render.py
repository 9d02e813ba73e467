"""Tangram picture: the board with every cell filled in its piece's colour and numbered,
thick lines where pieces meet, removed cells white with diagonal hatching, and below the
board a grey "Removed pieces" panel showing each removed piece as it is given.

Palette mode from one fixed palette; the hatched cell is a sprite drawn once per size.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image

from ...render import (
    COLORS,
    INK,
    GridLayout,
    Palette,
    draw_on,
    draw_text,
    font,
    grid_layout,
    labelled_canvas,
    sprite,
)
from .rules import from_rows

# Piece n is drawn in PIECE_COLORS[n - 1]: strong hues first, so boards of few pieces use
# the most distinct ones.
PIECE_COLORS = ("red", "blue", "yellow", "green", "orange", "purple", "aqua", "pink", "brown",
                "light blue", "forest green", "gray")
BACKGROUND = COLORS["white"]
PANEL = (225, 225, 225)
LINE = COLORS["light gray"]
HATCH = COLORS["gray"]
EDGE = INK
PALETTE = Palette([BACKGROUND, INK, COLORS["white"], LINE, HATCH, PANEL,
                   *(COLORS[name] for name in PIECE_COLORS)])
PANEL_GAP = 14
TITLE = 26


def text_ink(name: str) -> tuple[int, int, int]:
    """White numbers on dark pieces, dark ones on light pieces."""
    r, g, b = COLORS[name]
    return COLORS["white"] if 0.299 * r + 0.587 * g + 0.114 * b < 140 else INK


@lru_cache(maxsize=16)
def layout_for(size: int) -> GridLayout:
    return grid_layout(size, size, cell=max(30, min(52, 300 // size)))


def hatched(cell: int, background: tuple[int, int, int]) -> Image.Image:
    def make() -> Image.Image:
        tile = PALETTE.canvas((cell, cell), background)
        d = draw_on(tile)
        for k in range(-cell, cell, 7):
            d.line([(k, cell), (k + cell, 0)], fill=PALETTE.index(HATCH), width=1)
        return tile
    return sprite(("tangram hatch", cell, background), make)


def render(state: dict[str, Any]) -> Image.Image:
    size, board = state["size"], state["board"]
    layout = layout_for(size)
    cell = layout.cell
    shapes = [(p["id"], from_rows(p["shape"])) for p in state["removed"]]
    panel_h = TITLE + max((max(r for r, _ in s) + 1 for _, s in shapes), default=0) * cell + 10
    width = max(layout.size[0], layout.left + sum(max(c for _, c in s) + 2 for _, s in shapes)
                * cell + 10)
    height = layout.size[1] + PANEL_GAP + panel_h
    board_image, _ = labelled_canvas(layout, palette=PALETTE)
    image = PALETTE.canvas((width, height), BACKGROUND)
    image.paste(board_image, (0, 0))
    draw = draw_on(image)
    face = font(max(11, int(cell * 0.42)), True)
    for r, row in enumerate(board):
        for c, piece in enumerate(row):
            x0, y0, x1, y1 = layout.box(r, c)
            if piece == 0:
                image.paste(hatched(cell, BACKGROUND), (x0, y0))
                continue
            name = PIECE_COLORS[piece - 1]
            draw.rectangle((x0, y0, x1, y1), fill=PALETTE.index(COLORS[name]))
            draw_text(draw, layout.center(r, c), str(piece), PALETTE.index(text_ink(name)),
                      face, "mm")
    _edges(draw, layout, board)
    top = layout.size[1] + PANEL_GAP
    draw.rectangle((layout.left, top, width - 6, height - 6), fill=PALETTE.index(PANEL),
                   outline=PALETTE.index(EDGE))
    draw_text(draw, (layout.left + 8, top + 6), "Removed pieces", PALETTE.index(INK),
              font(15, True), "la")
    x = layout.left + cell // 2
    for piece, shape in shapes:
        name = PIECE_COLORS[piece - 1]
        for r, c in shape:
            x0, y0 = x + c * cell, top + TITLE + r * cell
            draw.rectangle((x0, y0, x0 + cell, y0 + cell), fill=PALETTE.index(COLORS[name]),
                           outline=PALETTE.index(EDGE), width=2)
            draw_text(draw, (x0 + cell / 2, y0 + cell / 2), str(piece),
                      PALETTE.index(text_ink(name)), face, "mm")
        x += (max(c for _, c in shape) + 2) * cell
    return image


def _edges(draw, layout: GridLayout, board: list[list[int]]) -> None:
    """Thin lines between cells of one piece, thick ones between pieces and around the board."""
    size = len(board)
    thin, thick = PALETTE.index(LINE), PALETTE.index(EDGE)
    for r in range(size + 1):
        for c in range(size):
            x0, y = layout.left + c * layout.cell, layout.top + r * layout.cell
            above = board[r - 1][c] if r > 0 else -1
            below = board[r][c] if r < size else -1
            strong = above != below
            draw.line([(x0, y), (x0 + layout.cell, y)], fill=thick if strong else thin,
                      width=3 if strong else 1)
    for c in range(size + 1):
        for r in range(size):
            x, y0 = layout.left + c * layout.cell, layout.top + r * layout.cell
            left = board[r][c - 1] if c > 0 else -1
            right = board[r][c] if c < size else -1
            strong = left != right
            draw.line([(x, y0), (x, y0 + layout.cell)], fill=thick if strong else thin,
                      width=3 if strong else 1)
