"""Zuma picture: a light-grey spiral track with a black outline and a black hole at its inner
end, the chain of red, yellow, blue and green marbles, and the frog (a long white triangle
pointing where it faces, with the next marble as a disc on it and the marble after next as
a small dot at its back). Grey dashed rays from the frog mark the eight direction sectors,
each named at the edge of the picture.

Palette mode from one fixed palette (flat colours encode several times faster than RGB);
each marble is a sprite drawn once per colour and size and pasted through its mask.
"""

from __future__ import annotations

import math
from typing import Any

from PIL import Image, ImageDraw

from ...render import COLORS, INK, Palette, draw_on, draw_text, font, layer, sprite
from . import rules
from .rules import RADIUS, SECTORS

BACKGROUND = (250, 250, 246)
TRACK = COLORS["light gray"]
OUTLINE = COLORS["black"]
RAY = COLORS["gray"]
MARBLE_COLORS = {name: COLORS[name] for name in rules.COLORS}
PALETTE = Palette([BACKGROUND, TRACK, OUTLINE, RAY, INK, COLORS["white"],
                   *MARBLE_COLORS.values()])
MARGIN = 34  # room for the sector names


def scale_for(state: dict[str, Any]) -> float:
    """Pixels per world unit: the whole spiral fits in about 560 pixels."""
    return max(34.0, min(90.0, 280.0 / extent(state)))


def extent(state: dict[str, Any]) -> float:
    """The farthest any drawn thing lies from the frog, in world units."""
    track = state["track"]
    fx, fy = rules.frog_point(state)
    reach = rules.INNER + rules.GROWTH * track["length"] + RADIUS * 1.6
    return reach + math.hypot(track["cx"] - fx, track["cy"] - fy)


def marble_sprite(color: str, radius_px: int) -> tuple[Image.Image, Image.Image]:
    """A marble (palette picture) and its mask, drawn once per colour and size."""
    def make() -> Image.Image:
        size = 2 * radius_px + 2
        tile = PALETTE.canvas((size, size), BACKGROUND)
        draw_on(tile).ellipse((1, 1, size - 2, size - 2), fill=PALETTE.index(MARBLE_COLORS[color]),
                              outline=PALETTE.index(OUTLINE), width=1)
        return tile

    def make_mask() -> Image.Image:
        size = 2 * radius_px + 2
        mask = Image.new("1", (size, size), 0)
        draw_on(mask).ellipse((1, 1, size - 2, size - 2), fill=1)
        return mask

    return (sprite(("zuma marble", color, radius_px), make),
            sprite(("zuma marble mask", radius_px), make_mask))


def render(state: dict[str, Any]) -> Image.Image:
    scale = scale_for(state)
    half = extent(state) * scale
    side = -(-int(2 * half + 2 * MARGIN) // 16) * 16  # whole 16s: the rays layer is shared
    fx, fy = rules.frog_point(state)

    def px(p: tuple[float, float]) -> tuple[float, float]:
        return (side / 2 + (p[0] - fx) * scale, side / 2 - (p[1] - fy) * scale)

    image = layer(("zuma rays", side), lambda: _rays_layer(side))
    draw = draw_on(image)
    _track(draw, state["track"], px, scale)
    hx, hy = px(rules.spiral_point(state["track"], 0.0))
    hole = 1.1 * RADIUS * scale
    draw.ellipse((hx - hole, hy - hole, hx + hole, hy + hole), fill=PALETTE.index(OUTLINE))
    radius_px = max(4, round(RADIUS * scale))
    for m in state["marbles"]:
        x, y = px((m["x"], m["y"]))
        tile, mask = marble_sprite(m["color"], radius_px)
        image.paste(tile, (round(x) - radius_px - 1, round(y) - radius_px - 1), mask)
    _frog(image, draw, state, scale, side)
    return image


def _track(draw: ImageDraw.ImageDraw, track: dict[str, Any], px: Any, scale: float) -> None:
    """The track as one band polygon (the centre line offset half a band each way) with a
    round outer end, outlined in black."""
    half = RADIUS + 0.05
    left, right = [], []
    samples = [p for _, p in rules.spiral_samples(track, step=0.12)]
    for i, a in enumerate(samples):
        # the direction along the centre line (the last sample keeps the one before it)
        b0, b1 = (a, samples[i + 1]) if i + 1 < len(samples) else (samples[i - 1], a)
        dx, dy = b1[0] - b0[0], b1[1] - b0[1]
        norm = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / norm * half, dx / norm * half
        left.append(px((a[0] + nx, a[1] + ny)))
        right.append(px((a[0] - nx, a[1] - ny)))
    ex, ey = px(samples[-1])
    r = half * scale
    draw.ellipse((ex - r - 1, ey - r - 1, ex + r + 1, ey + r + 1), fill=PALETTE.index(TRACK),
                 outline=PALETTE.index(OUTLINE), width=2)
    draw.polygon(left + right[::-1], fill=PALETTE.index(TRACK))
    draw.line(left, fill=PALETTE.index(OUTLINE), width=2)
    draw.line(right, fill=PALETTE.index(OUTLINE), width=2)


def _rays_layer(side: int) -> Image.Image:
    image = PALETTE.canvas((side, side), BACKGROUND)
    _sector_rays(draw_on(image), side)
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
            draw.line([(c + dx * t, c + dy * t), (c + dx * t2, c + dy * t2)],
                      fill=PALETTE.index(RAY), width=1)
            t += 12
    face = font(13)
    for k, name in enumerate(SECTORS):
        a = math.radians(45 * k)
        r = side / 2 - 14
        draw_text(draw, (c + math.cos(a) * r, c - math.sin(a) * r), name, PALETTE.index(INK),
                  face, "mm")


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
    draw.polygon(points, fill=PALETTE.index(COLORS["white"]), outline=PALETTE.index(OUTLINE))
    radius_px = max(4, round(RADIUS * scale))
    tile, mask = marble_sprite(frog["next"], radius_px)
    image.paste(tile, (round(c) - radius_px - 1, round(c) - radius_px - 1), mask)
    small = max(3, radius_px // 2)
    bx, by = c - dx * back * 0.72, c - dy * back * 0.72
    draw.ellipse((bx - small, by - small, bx + small, by + small),
                 fill=PALETTE.index(MARBLE_COLORS[frog["after"]]), outline=PALETTE.index(OUTLINE))
