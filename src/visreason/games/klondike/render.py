"""Klondike picture: stock, waste (its last three cards fanned, the top one whole) and four
numbered foundations along the top; seven numbered tableau piles below.

The felt layer with titles, numbers and empty places is drawn once; cards are pasted from
the card kit's sprites.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image

from ...render.cards import draw_column, draw_label, geometry, paste_card, paste_slot, table
from .rules import FOUNDATIONS, PILES

WIDTH = 64
GAP = 12
MARGIN = 20
TOP = 34
WASTE_STEP = 34
COLUMN_ROOM = 470


@lru_cache(maxsize=2)
def layout() -> dict[str, Any]:
    geo = geometry(WIDTH)
    columns = [MARGIN + i * (WIDTH + GAP) for i in range(PILES)]
    inner = columns[-1] + WIDTH - MARGIN
    waste = MARGIN + WIDTH + GAP
    slots = [MARGIN + inner - WIDTH - (FOUNDATIONS - 1 - k) * (WIDTH + GAP)
             for k in range(FOUNDATIONS)]
    column_top = TOP + geo.height + 34
    return {"columns": columns, "waste": waste, "slots": slots, "column_top": column_top,
            "size": (inner + 2 * MARGIN, column_top + COLUMN_ROOM + MARGIN)}


def _decorate(image: Image.Image) -> None:
    spot = layout()
    draw_label(image, (MARGIN + WIDTH / 2, 10), "Stock", 14)
    draw_label(image, (spot["waste"] + WIDTH / 2, 10), "Waste", 14)
    paste_slot(image, (spot["waste"], TOP), "", WIDTH)
    slots = spot["slots"]
    draw_label(image, ((slots[0] + slots[-1] + WIDTH) / 2, 10), "Foundations 1-4", 14)
    for k, x in enumerate(slots):
        draw_label(image, (x + WIDTH / 2, TOP - 8), str(k + 1), 13)
        paste_slot(image, (x, TOP), "A", WIDTH)
    draw_label(image, (spot["size"][0] / 2, spot["column_top"] - 24), "Tableau piles 1-7", 14)
    for i, x in enumerate(spot["columns"]):
        draw_label(image, (x + WIDTH / 2, spot["column_top"] - 8), str(i + 1), 13)


def render(state: dict[str, Any]) -> Image.Image:
    spot = layout()
    image = table(spot["size"], "klondike", _decorate)
    if state["stock"]:
        paste_card(image, (MARGIN, TOP), None, WIDTH)
    else:
        paste_slot(image, (MARGIN, TOP), "", WIDTH)
    shown = state["waste"][-3:]
    for k, card in enumerate(shown):
        paste_card(image, (spot["waste"] + k * WASTE_STEP, TOP), card, WIDTH)
    for x, top in zip(spot["slots"], state["foundations"], strict=True):
        if top:
            paste_card(image, (x, TOP), top, WIDTH)
    for x, pile, down in zip(spot["columns"], state["tableau"], state["down"], strict=True):
        draw_column(image, (x, spot["column_top"]), pile, down, WIDTH, COLUMN_ROOM, "K")
    return image
