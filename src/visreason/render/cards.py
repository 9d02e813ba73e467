"""Playing cards drawn by code: faces, backs, empty slots and fanned columns on green felt.

A card is written rank + suit letter ("10H", "QS"; see `core.text`). Each face, the back and
each labelled slot is drawn once per width as an antialiased RGB picture, mapped onto one
fixed `PALETTE` and kept as a sprite with a one-bit mask of its rounded outline; a table is a
palette picture the sprites are pasted into, so a full tableau costs a few dozen pastes.

Legibility rules the drawing follows:
- the corner index (rank above its suit symbol's line, "10♥") sits in the top strip of the
  card, which is all a fanned column shows of a covered card, so every card of a column can
  be read; `FAN_UP` of the card height is left visible per face-up card;
- hearts and diamonds are red, spades and clubs black; the back is a blue lattice in a white
  frame, nothing like a face; an empty slot is a pale outline on the felt with a faint label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw

from ..core.text import SUIT_SYMBOLS, is_red
from .colors import COLORS, RGB
from .fonts import font
from .palette import Palette, ramp
from .sprites import layer, sprite
from .text import draw_text

FELT: RGB = (34, 110, 62)
FACE: RGB = (255, 255, 255)
EDGE: RGB = (70, 70, 70)
BLACK_INK: RGB = (20, 20, 20)
RED_INK: RGB = COLORS["red"]
BACK: RGB = COLORS["blue"]
BACK_LINE: RGB = (150, 185, 245)
SLOT_LINE: RGB = (150, 205, 165)
LABEL: RGB = (255, 255, 255)
HIGHLIGHT: RGB = COLORS["yellow"]
STEPS = 10  # antialiasing steps between each ink and the paper it is drawn on
PALETTE = Palette([FELT, FACE, EDGE, BACK, BACK_LINE, SLOT_LINE, HIGHLIGHT,
                   *ramp(BLACK_INK, FACE, STEPS), *ramp(RED_INK, FACE, STEPS),
                   *ramp(LABEL, FELT, STEPS), *ramp(SLOT_LINE, FELT, 4),
                   *ramp(EDGE, FELT, 4), *ramp(BACK_LINE, BACK, 4), *ramp(FACE, BACK, 4)])

CARD_RATIO = 1.4
FAN_UP = 0.27  # visible share of a covered face-up card: its corner index
FAN_DOWN = 0.11  # visible share of a covered face-down card: a sliver of the back


@dataclass(frozen=True)
class CardGeometry:
    """Sizes of one card width: the card, its corner font, and the fan steps of a column."""

    width: int
    height: int
    radius: int
    index_size: int
    up_step: int
    down_step: int


@lru_cache(maxsize=32)
def geometry(width: int) -> CardGeometry:
    height = round(width * CARD_RATIO)
    index_size = max(10, round(width * 0.3))
    up = max(index_size + 6, round(height * FAN_UP))
    return CardGeometry(width, height, max(3, width // 12), index_size, up,
                        max(5, round(height * FAN_DOWN)))


def _outline_mask(geo: CardGeometry) -> Image.Image:
    mask = Image.new("1", (geo.width, geo.height), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, geo.width - 1, geo.height - 1), geo.radius,
                                           fill=1)
    return mask


def _blank(geo: CardGeometry, fill: RGB, edge: RGB) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (geo.width, geo.height), FELT)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, geo.width - 1, geo.height - 1), geo.radius, fill=fill,
                           outline=edge)
    return image, draw


def _face(card: str, geo: CardGeometry) -> Image.Image:
    image, draw = _blank(geo, FACE, EDGE)
    ink = RED_INK if is_red(card) else BLACK_INK
    rank, suit = card[:-1], SUIT_SYMBOLS[card[-1]]
    index = font(geo.index_size, True)
    pad = max(3, geo.width // 16)
    # The corner index: rank and suit on one line, inside the strip a fanned column shows.
    draw_text(draw, (pad, pad - 1), rank + suit, ink, index, "la")
    centre = (geo.width / 2, geo.height * 0.6)
    if rank in ("J", "Q", "K"):
        box = (pad * 2, geo.height * 0.32, geo.width - pad * 2, geo.height - pad * 2)
        draw.rectangle(box, outline=ink, width=max(1, geo.width // 40))
        draw_text(draw, centre, rank, ink, font(round(geo.width * 0.42), True), "mm")
    else:
        draw_text(draw, centre, suit, ink, font(round(geo.width * 0.55), False), "mm")
    return image


def _back(geo: CardGeometry) -> Image.Image:
    image, draw = _blank(geo, FACE, EDGE)
    inset = max(3, geo.width // 14)
    box = (inset, inset, geo.width - 1 - inset, geo.height - 1 - inset)
    draw.rectangle(box, fill=BACK)
    step = max(6, geo.width // 6)
    x0, y0, _x1, y1 = box
    for k in range(-geo.height, geo.width + geo.height, step):
        draw.line([(x0 + k, y0), (x0 + k + (y1 - y0), y1)], fill=BACK_LINE, width=1)
        draw.line([(x0 + k, y1), (x0 + k + (y1 - y0), y0)], fill=BACK_LINE, width=1)
    draw.rectangle(box, outline=FACE, width=1)
    # Repaint the white frame the lattice may have crossed.
    for edge in ((0, 0, geo.width - 1, inset - 1), (0, geo.height - inset, geo.width - 1,
                                                     geo.height - 1),
                 (0, 0, inset - 1, geo.height - 1), (geo.width - inset, 0, geo.width - 1,
                                                     geo.height - 1)):
        draw.rectangle(edge, fill=FACE)
    draw.rounded_rectangle((0, 0, geo.width - 1, geo.height - 1), geo.radius, outline=EDGE)
    return image


def _slot(geo: CardGeometry, label: str) -> Image.Image:
    image = Image.new("RGB", (geo.width, geo.height), FELT)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, geo.width - 1, geo.height - 1), geo.radius,
                           outline=SLOT_LINE, width=2)
    if label:
        size = geo.index_size if len(label) > 2 else round(geo.width * 0.4)
        draw_text(draw, (geo.width / 2, geo.height / 2), label, SLOT_LINE,
                  font(max(9, size), True), "mm")
    return image


def _sprite(key: tuple[object, ...], make: object) -> tuple[Image.Image, Image.Image]:
    def build() -> tuple[Image.Image, Image.Image]:
        geo = geometry(key[-1])  # type: ignore[arg-type]
        return PALETTE.quantize(make()), _outline_mask(geo)  # type: ignore[operator]

    return sprite(("card", *key), build)  # type: ignore[return-value]


def card_sprite(card: str | None, width: int) -> tuple[Image.Image, Image.Image]:
    """(palette picture, one-bit mask) of a face-up `card`, or of the back when None."""
    geo = geometry(width)
    if card is None:
        return _sprite(("back", width), lambda: _back(geo))
    return _sprite(("face", card, width), lambda: _face(card, geo))


def slot_sprite(label: str, width: int) -> tuple[Image.Image, Image.Image]:
    """An empty place for a card: a pale rounded outline with a faint label ('A', '♥', '')."""
    geo = geometry(width)
    return _sprite(("slot", label, width), lambda: _slot(geo, label))


def paste_card(image: Image.Image, xy: tuple[int, int], card: str | None, width: int) -> None:
    """A face-up card (or the back, for None) with its top-left corner at `xy`."""
    picture, mask = card_sprite(card, width)
    image.paste(picture, xy, mask)


def paste_slot(image: Image.Image, xy: tuple[int, int], label: str, width: int) -> None:
    picture, mask = slot_sprite(label, width)
    image.paste(picture, xy, mask)


def column_steps(geo: CardGeometry, down: int, up: int, room: int) -> tuple[int, int]:
    """Fan steps (face-down, face-up) that fit a column of `down` + `up` cards in `room`
    pixels: the usual steps when they fit, else squeezed, face-down slivers first, never
    below what keeps a corner index readable."""
    down_step, up_step = geo.down_step, geo.up_step
    def height() -> int:
        covered_up = max(0, up - 1)
        covered_down = down if up else max(0, down - 1)
        return geo.height + covered_down * down_step + covered_up * up_step
    while height() > room and down_step > 3:
        down_step -= 1
    least_up = geo.index_size + 4
    while height() > room and up_step > least_up:
        up_step -= 1
    return down_step, up_step


def draw_column(
    image: Image.Image,
    xy: tuple[int, int],
    cards: Sequence[str],
    down: int,
    width: int,
    room: int | None = None,
    empty_label: str = "",
) -> int:
    """A tableau column: `cards` listed bottom (first dealt) to top (exposed), the first
    `down` face-down; each covered card leaves its top strip visible. An empty column is an
    empty slot. Returns the y just below the column."""
    geo = geometry(width)
    x, y = xy
    if not cards:
        paste_slot(image, xy, empty_label, width)
        return y + geo.height
    down_step, up_step = column_steps(geo, down, len(cards) - down, room or 10**6)
    for i, card in enumerate(cards):
        paste_card(image, (x, y), None if i < down else card, width)
        if i < len(cards) - 1:
            y += down_step if i < down else up_step
    return y + geo.height


def draw_label(image: Image.Image, xy: tuple[float, float], text: str, size: int,
               anchor: str = "mm") -> None:
    """White text on the felt (column numbers, area names), from cached glyph masks."""
    draw = ImageDraw.Draw(image)
    draw.fontmode = "1"
    draw_text(draw, xy, text, PALETTE.index(LABEL), font(size, True), anchor)


def table(size: tuple[int, int], key: object, decorate: object = None) -> Image.Image:
    """A fresh felt picture of `size`; `decorate(image)` (labels, empty slots) runs once per
    `key` and is copied after that, so static parts cost nothing per picture."""
    def make() -> Image.Image:
        image = PALETTE.canvas(size, FELT)
        if decorate is not None:
            decorate(image)  # type: ignore[operator]
        return image

    return layer(("card table", size, key), make)
