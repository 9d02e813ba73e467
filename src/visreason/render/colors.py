"""Named colours shared by the games, so a colour word in a prompt means one RGB everywhere."""

from __future__ import annotations

RGB = tuple[int, int, int]
Ink = int | RGB  # a colour, or its index on a picture drawn from a fixed Palette (faster)

COLORS: dict[str, RGB] = {
    "white": (255, 255, 255),
    "black": (0, 0, 0),
    "gray": (128, 128, 128),
    "light gray": (200, 200, 200),
    "dark gray": (64, 64, 64),
    "red": (220, 40, 40),
    "green": (40, 170, 60),
    "blue": (40, 90, 220),
    "yellow": (245, 210, 40),
    "orange": (245, 140, 30),
    "purple": (128, 50, 170),
    "magenta": (220, 40, 200),
    "aqua": (40, 210, 220),
    "forest green": (20, 100, 40),
    "brown": (140, 90, 40),
    "light blue": (173, 216, 230),
    "pink": (245, 150, 190),
}

BACKGROUND: RGB = (255, 255, 255)
INK: RGB = (30, 30, 30)
GRID_LINE: RGB = (90, 90, 90)
