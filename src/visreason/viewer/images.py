"""Images as served: the stored bytes with their real type, and small thumbnails for the grid.

The type comes from the bytes (Pillow reads the header), never from a file name, so a file
that is not an image is not served as one. Thumbnails are made once and kept in a bounded
cache: a grid page of 48 cards costs 48 small PNGs after the first visit.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable

from PIL import Image, UnidentifiedImageError

MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp",
        "BMP": "image/bmp"}
EXTENSION = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp", "BMP": "bmp"}
THUMB_SIZE = 240


def image_format(data: bytes) -> str | None:
    """PNG, JPEG, GIF, WEBP or BMP when `data` is such an image, else None."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            return img.format if img.format in MIME else None
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def thumbnail(data: bytes, size: int = THUMB_SIZE) -> bytes | None:
    """A PNG at most `size` pixels a side, or None when `data` is not a readable image."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in MIME:
                return None
            img.draft("RGB", (size, size))  # JPEG: decode at a reduced scale
            if img.mode not in ("RGB", "RGBA", "L", "LA"):
                # Palette pictures would be shrunk by nearest neighbour, losing thin lines.
                img = img.convert("RGBA" if "transparency" in img.info or "A" in img.mode
                                  else "RGB")
            img.thumbnail((size, size), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            img.save(out, "PNG", compress_level=3)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


class ThumbnailCache:
    """Thumbnails by key, made on first use; at most `capacity` kept."""

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._items: OrderedDict[object, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: object, load: Callable[[], bytes | None]) -> bytes | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        data = load()
        made = thumbnail(data) if data is not None else None
        if made is None:
            return None  # not kept: the file may yet appear (a dataset still being written)
        with self._lock:
            self._items[key] = made
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return made
