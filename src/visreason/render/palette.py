"""Fixed palettes for palette-mode ("P") pictures, so sprites and pictures share colour indices.

A picture made by `Palette.canvas` and a sprite made by `Palette.canvas` or `Palette.quantize`
use the same index for the same colour, so the sprite pastes in with a plain copy of indices.
List only the colours a game draws: PNG stores a picture of at most 2, 4 or 16 palette entries
in 1, 2 or 4 bits a pixel, which encodes faster than 8.
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image

from .colors import RGB, Ink


def ramp(start: RGB, end: RGB, steps: int) -> list[RGB]:
    """steps + 1 colours evenly from `start` to `end`: room for antialiased edges between them."""
    return [tuple(round(a + (b - a) * i / steps) for a, b in zip(start, end, strict=True))
            for i in range(steps + 1)]


class Palette:
    """An ordered list of distinct colours; a colour's index is its position."""

    def __init__(self, colors: Sequence[RGB]) -> None:
        self.colors: tuple[RGB, ...] = tuple(dict.fromkeys(tuple(c) for c in colors))
        if not 1 <= len(self.colors) <= 256:
            raise ValueError(f"a palette holds 1 to 256 colours, got {len(self.colors)}")
        self._flat = [v for color in self.colors for v in color]
        self._lookup = {color: i for i, color in enumerate(self.colors)}
        self._image = Image.new("P", (1, 1))
        self._image.putpalette(self._flat)

    def __len__(self) -> int:
        return len(self.colors)

    def index(self, color: RGB) -> int:
        try:
            return self._lookup[tuple(color)]
        except KeyError:
            raise ValueError(f"colour {color} is not in this palette") from None

    def ink(self, color: RGB) -> Ink:
        """The colour's index, or the colour itself when the palette lacks it: ImageDraw then
        appends it to that one picture's palette (right pixels, but no longer index-compatible
        with sprites, so use it only where nothing is pasted)."""
        return self._lookup.get(tuple(color), color)

    def canvas(self, size: tuple[int, int], background: RGB) -> Image.Image:
        """A blank picture in this palette. Draw on it only with the palette's colours: an
        unknown colour would be appended to this picture's palette alone."""
        image = Image.new("P", size, self.index(background))
        image.putpalette(self._flat)
        return image

    def quantize(self, image: Image.Image) -> Image.Image:
        """An RGB picture mapped onto the palette, each pixel to its nearest colour (exact for
        colours in the palette; antialiased edges land on the nearest ramp step)."""
        return image.quantize(palette=self._image, dither=Image.Dither.NONE)
