"""Zuma picture: a light-grey spiral track with a black outline and a black hole at its inner
end, the chain of red, yellow, blue and green marbles, and the frog (a long white triangle
pointing where it faces, with the next marble as a disc on it and the marble after next as
a small dot at its back). Grey dashed rays from the frog mark the eight direction sectors,
each named at the edge of the picture.

RGB, since marbles and the track are antialiased circles; each marble colour is one cached
sprite pasted with its mask.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from ...render import COLORS, INK, draw_text, font, sprite
from . import rules
from .rules import RADIUS, SECTORS

BACKGROUND = (250, 250, 246)
TRACK = COLORS["light gray"]
OUTLINE = COLORS["black"]
RAY = COLORS["gray"]
MARBLE_COLORS = {name: COLORS[name] for name in rules.COLORS}
MARGIN = 34  # room for the sector names
SUPERSAMPLE = 4


def scale_for(state: dict[str, Any]) -> float:
    """Pixels per world unit: the whole spiral fits in about 560 pixels."""
    return max(34.0, min(90.0, 280.0 / extent(state)))


def extent(state: dict[str, Any]) -> float:
    """The farthest any drawn thing lies from the frog, in world units."""
    track = state["track"]
    fx, fy = rules.frog_point(state)
    reach = rules.INNER + rules.GROWTH * track["length"] + RADIUS * 1.6
    return reach + math.hypot(track["cx"] - fx, track["cy"] - fy)


@lru_cache(maxsize=16)
def marble_sprite(color: str, radius_px: int) -> Image.Image:
    """An antialiased marble (RGBA) drawn at 4x and reduced; shared by every picture."""
    def make() -> Image.Image:
        size = 2 * radius_px + 2
        big = Image.new("RGBA", (size * SUPERSAMPLE, size * SUPERSAMPLE), (0, 0, 0, 0))
        d = ImageDraw.Draw(big)
        d.ellipse((SUPERSAMPLE, SUPERSAMPLE, (size - 1) * SUPERSAMPLE - 1,
                   (size - 1) * SUPERSAMPLE - 1), fill=MARBLE_COLORS[color],
                  outline=OUTLINE, width=SUPERSAMPLE)
        return big.resize((size, size), Image.Resampling.LANCZOS)
    return sprite(("zuma marble", color, radius_px), make)


def render(state: dict[str, Any]) -> Image.Image:
    scale = scale_for(state)
    half = extent(state) * scale
    side = int(2 * half + 2 * MARGIN)
    fx, fy = rules.frog_point(state)

    def px(p: tuple[float, float]) -> tuple[float, float]:
        return (side / 2 + (p[0] - fx) * scale, side / 2 - (p[1] - fy) * scale)

    image = Image.new("RGB", (side, side), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _sector_rays(draw, side)
    track = state["track"]
    line = [px(p) for _, p in rules.spiral_samples(track, step=0.12)]
    band = round(2 * RADIUS * scale)
    draw.line(line, fill=OUTLINE, width=band + 4, joint="curve")
    draw.line(line, fill=TRACK, width=band, joint="curve")
    hx, hy = px(rules.spiral_point(track, 0.0))
    hole = 1.1 * RADIUS * scale
    draw.ellipse((hx - hole, hy - hole, hx + hole, hy + hole), fill=OUTLINE)
    radius_px = max(4, round(RADIUS * scale))
    for m in state["marbles"]:
        x, y = px((m["x"], m["y"]))
        tile = marble_sprite(m["color"], radius_px)
        image.paste(tile, (round(x) - radius_px - 1, round(y) - radius_px - 1), tile)
    _frog(image, draw, state, scale, side)
    return image


def _sector_rays(draw: ImageDraw.ImageDraw, side: int) -> None:
    """Dashed boundary rays at +-22.5, +-67.5, +-112.5 and +-157.5 degrees from the frog,
    and each sector's name near the edge."""
    c = side / 2
    reach = side / 2 - 4
    for k in range(8):
        a = math.radians(22.5 + 45 * k)
        dx, dy = math.cos(a), -math.sin(a)
        t = 0.0
        while t < reach:
            t2 = min(t + 7, reach)
            draw.line([(c + dx * t, c + dy * t), (c + dx * t2, c + dy * t2)], fill=RAY, width=1)
            t += 12
    face = font(13)
    for k, name in enumerate(SECTORS):
        a = math.radians(45 * k)
        r = side / 2 - 14
        draw_text(draw, (c + math.cos(a) * r, c - math.sin(a) * r), name, INK, face, "mm")


def _frog(image: Image.Image, draw: ImageDraw.ImageDraw, state: dict[str, Any],
          scale: float, side: int) -> None:
    frog = state["frog"]
    c = side / 2
    a = math.radians(frog["angle"])
    dx, dy = math.cos(a), -math.sin(a)
    nx, ny = -dy, dx
    tip, back, width = 3.0 * RADIUS * scale, 1.6 * RADIUS * scale, 1.15 * RADIUS * scale
    points = [(c + dx * tip, c + dy * tip),
              (c - dx * back + nx * width, c - dy * back + ny * width),
              (c - dx * back - nx * width, c - dy * back - ny * width)]
    draw.polygon(points, fill=COLORS["white"], outline=OUTLINE)
    radius_px = max(4, round(RADIUS * scale))
    tile = marble_sprite(frog["next"], radius_px)
    image.paste(tile, (round(c) - radius_px - 1, round(c) - radius_px - 1), tile)
    small = max(3, radius_px // 2)
    bx, by = c - dx * back * 0.72, c - dy * back * 0.72
    draw.ellipse((bx - small, by - small, bx + small, by + small),
                 fill=MARBLE_COLORS[frog["after"]], outline=OUTLINE)
