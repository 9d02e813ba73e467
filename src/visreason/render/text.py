"""Text drawn from cached glyph masks: each (font, text, anchor, mode, subpixel start) is
rendered by FreeType once, then stamped in any colour.

`draw_text` gives exactly the pixels of `ImageDraw.text` for one line of text: it asks the font
for the same mask with the same arguments and draws it the same way, skipping only the
FreeType rendering on a repeat, which is most of the cost of a label.
"""

from __future__ import annotations

import math

from PIL import Image, ImageDraw, ImageFont

from .cache import BoundedCache
from .colors import Ink

Mask = tuple[Image.Image, int, int]  # coverage mask, offset of its corner from the anchor point

MASKS: BoundedCache[Mask] = BoundedCache("text masks", maxsize=4096)


def _font_key(face: ImageFont.FreeTypeFont) -> tuple[object, ...]:
    return (face.path, face.size, face.index, face.layout_engine)


def _render_mask(face: ImageFont.FreeTypeFont, text: str, mode: str, anchor: str | None,
                 start: tuple[float, float]) -> Mask:
    core, (dx, dy) = face.getmask2(text, mode, anchor=anchor, start=start)
    # getmask2 hands back Pillow's internal image; wrap it so ImageDraw.bitmap can draw it.
    return Image.Image()._new(core), dx, dy


def text_mask(face: ImageFont.FreeTypeFont, text: str, mode: str, anchor: str | None,
              start: tuple[float, float]) -> Mask:
    """The cached mask ImageDraw.text would render for `text` at subpixel offset `start`."""
    key = (_font_key(face), text, mode, anchor, start)
    return MASKS.get(key, lambda: _render_mask(face, text, mode, anchor, start))


def draw_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    fill: Ink,
    face: ImageFont.FreeTypeFont,
    anchor: str | None = None,
) -> None:
    """`draw.text(xy, text, fill=fill, font=face, anchor=anchor)`, pixel for pixel, cached.

    One line of plain text with a FreeType font; the draw's `fontmode` ("1" on palette
    canvases, "L" antialiased) is part of the key. Anything else goes to ImageDraw.text.
    """
    plain = "\n" not in text and isinstance(face, ImageFont.FreeTypeFont)
    if not plain or draw.fontmode not in ("1", "L"):
        draw.text(xy, text, fill=fill, font=face, anchor=anchor)
        return
    x, y = xy
    fx, fy = math.modf(x)[0], math.modf(y)[0]
    mask, dx, dy = text_mask(face, text, draw.fontmode, anchor, (fx, fy))
    draw.bitmap((int(x) + dx, int(y) + dy), mask, fill=fill)
