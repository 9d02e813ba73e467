"""Spider picture: the stock (one card back per deal left) and eight foundation places along
the top, numbered piles below with face-down slivers under the face-up fan.

The felt layer with the titles, pile numbers and empty foundation places is drawn once per
number of piles; cards are pasted from the card kit's sprites.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image

from ...render.cards import draw_column, draw_label, geometry, paste_card, paste_slot, table
from .rules import DEALS

WIDTH = 60
GAP = 10
MARGIN = 20
TOP = 34
STOCK_STEP = 20
SLOT_WIDTH = 44  # foundation places are narrower: there are eight of them
FOUNDATIONS = 8
COLUMN_ROOM = 440


@lru_cache(maxsize=16)
def layout(piles: int) -> dict[str, Any]:
    geo = geometry(WIDTH)
    slot_geo = geometry(SLOT_WIDTH)
    stock_width = WIDTH + (DEALS - 1) * STOCK_STEP
    found_width = FOUNDATIONS * (SLOT_WIDTH + 6) - 6
    piles_width = piles * (WIDTH + GAP) - GAP
    inner = max(piles_width, stock_width + 40 + found_width)
    columns = [MARGIN + (inner - piles_width) // 2 + i * (WIDTH + GAP) for i in range(piles)]
    found_x = MARGIN + inner - found_width
    slots = [found_x + k * (SLOT_WIDTH + 6) for k in range(FOUNDATIONS)]
    column_top = TOP + max(geo.height, slot_geo.height) + 30
    return {"columns": columns, "slots": slots, "column_top": column_top,
            "size": (inner + 2 * MARGIN, column_top + COLUMN_ROOM + MARGIN)}


def _decorate(piles: int):
    spot = layout(piles)

    def decorate(image: Image.Image) -> None:
        draw_label(image, (MARGIN, 10), "Stock", 14, "lm")
        slots = spot["slots"]
        draw_label(image, ((slots[0] + slots[-1] + SLOT_WIDTH) / 2, 10), "Foundations", 14)
        for x in slots:
            paste_slot(image, (x, TOP), "", SLOT_WIDTH)
        for i, x in enumerate(spot["columns"]):
            draw_label(image, (x + WIDTH / 2, spot["column_top"] - 10), str(i), 14)
    return decorate


def render(state: dict[str, Any]) -> Image.Image:
    piles = state["piles"]
    spot = layout(len(piles))
    image = table(spot["size"], ("spider", len(piles)), _decorate(len(piles)))
    for k in range(len(state["stock"]) // len(piles)):
        paste_card(image, (MARGIN + k * STOCK_STEP, TOP), None, WIDTH)
    for x, suit in zip(spot["slots"], state["foundations"], strict=False):
        paste_card(image, (x, TOP), f"K{suit}", SLOT_WIDTH)
    for x, cards, down in zip(spot["columns"], piles, state["down"], strict=True):
        draw_column(image, (x, spot["column_top"]), cards, down, WIDTH, COLUMN_ROOM)
    return image


