"""FreeCell picture: free cells and foundations along the top, numbered cascades below.

Everything is pasted from the card kit's sprites onto a felt layer drawn once per number of
cascades (titles, numbers, empty slots), so a picture is a few dozen pastes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image

from ...core.text import SUIT_SYMBOLS, make_card
from ...render.cards import draw_column, draw_label, geometry, paste_card, paste_slot, table
from .rules import CELLS, SUITS

WIDTH = 64  # card width
MARGIN = 20
SLOT_GAP = 12
TOP = 34  # y of the free cells and foundations
MOST_EXTRA = 4  # cards a cascade may hold beyond its deal before the fan is squeezed


@lru_cache(maxsize=16)
def layout(cascades: int) -> dict[str, Any]:
    geo = geometry(WIDTH)
    slots = [MARGIN + k * (WIDTH + SLOT_GAP) for k in range(CELLS + len(SUITS))]
    span = max(slots[-1] + WIDTH - MARGIN, cascades * (WIDTH + 8) - 8)
    gap = min(3 * SLOT_GAP, (span - cascades * WIDTH) // max(1, cascades - 1))
    left = MARGIN + (span - (cascades * WIDTH + (cascades - 1) * gap)) // 2
    columns = [left + i * (WIDTH + gap) for i in range(cascades)]
    column_top = TOP + geo.height + 34
    longest = -(-52 // cascades) + MOST_EXTRA
    height = column_top + geo.height + (longest - 1) * geo.up_step + MARGIN
    return {"slots": slots, "columns": columns, "column_top": column_top,
            "size": (span + 2 * MARGIN, height)}


def _decorate(cascades: int):
    spot = layout(cascades)

    def decorate(image: Image.Image) -> None:
        slots = spot["slots"]
        draw_label(image, ((slots[0] + slots[CELLS - 1] + WIDTH) / 2, 10), "Free cells 0-3",
                   14)
        draw_label(image, ((slots[CELLS] + slots[-1] + WIDTH) / 2, 10), "Foundations", 14)
        for j in range(CELLS):
            draw_label(image, (slots[j] + WIDTH / 2, TOP - 8), str(j), 13)
            paste_slot(image, (slots[j], TOP), "", WIDTH)
        for k, suit in enumerate(SUITS):
            paste_slot(image, (slots[CELLS + k], TOP), SUIT_SYMBOLS[suit], WIDTH)
        draw_label(image, (spot["size"][0] / 2, spot["column_top"] - 24),
                   f"Cascades 0-{cascades - 1}", 14)
        for i, x in enumerate(spot["columns"]):
            draw_label(image, (x + WIDTH / 2, spot["column_top"] - 8), str(i), 13)
    return decorate


def render(state: dict[str, Any]) -> Image.Image:
    cascades = state["cascades"]
    spot = layout(len(cascades))
    image = table(spot["size"], ("freecell", len(cascades)), _decorate(len(cascades)))
    for j, card in enumerate(state["cells"]):
        if card:
            paste_card(image, (spot["slots"][j], TOP), card, WIDTH)
    for k, top in enumerate(state["foundations"]):
        if top:
            paste_card(image, (spot["slots"][CELLS + k], TOP), make_card(top, SUITS[k]), WIDTH)
    room = spot["size"][1] - spot["column_top"] - MARGIN
    for x, cascade in zip(spot["columns"], cascades, strict=True):
        draw_column(image, (x, spot["column_top"]), cascade, 0, WIDTH, room)
    return image
