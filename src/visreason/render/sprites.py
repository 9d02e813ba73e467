"""Pictures drawn once and reused: sprites (tiles, glyphs, pieces) pasted into many pictures,
and layers (a board's frame, grid and labels) copied as the start of each picture.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PIL import Image

from .cache import BoundedCache

SPRITES: BoundedCache[Image.Image] = BoundedCache("sprites", maxsize=2048)
LAYERS: BoundedCache[Image.Image] = BoundedCache("layers", maxsize=64)


def sprite(key: Hashable, make: Callable[[], Image.Image]) -> Image.Image:
    """The small picture `make()` draws for `key`, drawn on first use and shared.

    The key names everything the drawing depends on (kind, size, colours). Paste the result
    (`image.paste(tile, xy)`); never draw on it, since every later picture shares it.
    """
    return SPRITES.get(key, make)


def layer(key: Hashable, make: Callable[[], Image.Image]) -> Image.Image:
    """A fresh copy of the picture `make()` draws for `key`: the part of a picture that is
    the same every time (frame, grid lines, axis labels), drawn once per key.
    """
    return LAYERS.get(key, make).copy()
