"""2D Turing machine picture: each cell filled with its symbol's colour and showing the symbol
as a digit; the head's cell framed in thick black, its digit inside the state's brackets; the
head state written above the board. Palette mode; digits come from cached glyph masks."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image

from ...render import (
    BACKGROUND,
    COLORS,
    INK,
    GridLayout,
    Palette,
    cell_text,
    draw_grid_lines,
    fill_cells,
    grid_layout,
    header_text,
    labelled_canvas,
)
from .rules import bracket

SYMBOL_COLORS = ("red", "green", "blue", "magenta", "aqua")
# White digits on the dark fills, dark ones on aqua, so every digit stands out.
DIGIT_COLORS = ("white", "white", "white", "white", "black")
PALETTE = Palette([BACKGROUND, INK, COLORS["black"], COLORS["white"], COLORS["gray"],
                   *(COLORS[name] for name in SYMBOL_COLORS)])
INKS = {k: PALETTE.index(COLORS[name]) for k, name in enumerate(SYMBOL_COLORS)}
HEADER = 26


@lru_cache(maxsize=32)
def layout_for(rows: int, cols: int) -> GridLayout:
    return grid_layout(rows, cols, cell=max(40, min(64, 420 // max(rows, cols))), header=HEADER)


def render(state: dict[str, Any]) -> Image.Image:
    layout = layout_for(state["rows"], state["cols"])
    image, draw = labelled_canvas(layout, palette=PALETTE)
    fill_cells(draw, layout, state["grid"], inks=INKS)
    draw_grid_lines(draw, layout, color=PALETTE.index(COLORS["gray"]))
    head = tuple(state["head"])
    for r, row in enumerate(state["grid"]):
        for c, symbol in enumerate(row):
            text = bracket(state["state"], symbol) if (r, c) == head else str(symbol)
            cell_text(draw, layout, r, c, text, PALETTE.index(COLORS[DIGIT_COLORS[symbol]]),
                      scale=0.42)
    width = max(4, layout.cell // 12)
    draw.rectangle(layout.box(*head, inset=1), outline=PALETTE.index(COLORS["black"]),
                   width=width)
    header_text(draw, layout, f"Head state: {state['state']}")
    return image
