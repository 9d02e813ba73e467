"""Pac-Man picture: a black maze with blue walls, yellow beans, Pac-Man with his mouth open the
way he faces, the pink and red ghosts, and the score above.

Wall, bean, Pac-Man (one per facing) and ghost tiles are sprites drawn once per cell size;
the labelled frame with its outer wall ring is a layer drawn once per board size. One fixed
palette throughout, so pictures are palette images.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from ...render import (
    BACKGROUND,
    COLORS,
    INK,
    GridLayout,
    Palette,
    draw_grid_lines,
    grid_layout,
    header_text,
    labelled_canvas,
    layer,
    sprite,
)
from .rules import BEAN, WALL

FLOOR_COLOR = (0, 0, 0)
LINE_COLOR = (48, 48, 56)
WALL_COLOR = COLORS["blue"]
BEAN_COLOR = COLORS["yellow"]
PACMAN_COLOR = COLORS["yellow"]
GHOST_COLORS = {"pinky": COLORS["pink"], "blinky": COLORS["red"]}
EYE_COLOR = (255, 255, 255)
PUPIL_COLOR = (30, 30, 120)
PALETTE = Palette([BACKGROUND, INK, FLOOR_COLOR, LINE_COLOR, WALL_COLOR, BEAN_COLOR,
                   *GHOST_COLORS.values(), EYE_COLOR, PUPIL_COLOR])
HEADER = 26
MOUTH = {"right": 0, "down": 90, "left": 180, "up": 270}  # degrees, Pillow's clockwise angles


@lru_cache(maxsize=16)
def layout_for(n: int) -> GridLayout:
    return grid_layout(n, n, cell=max(22, min(36, 580 // n)), header=HEADER)


def _tile(s: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A blank cell with the grid lines above and left of it (a pasted tile covers those;
    the frame's lines close the board's right and bottom edges)."""
    image = PALETTE.canvas((s, s), FLOOR_COLOR)
    draw = ImageDraw.Draw(image)
    draw.line([(0, s - 1), (0, 0), (s - 1, 0)], fill=PALETTE.index(LINE_COLOR))
    return image, draw


def _wall(s: int) -> Image.Image:
    image, draw = _tile(s)
    draw.rectangle((1, 1, s - 1, s - 1), fill=PALETTE.index(WALL_COLOR))
    return image


def _bean(s: int) -> Image.Image:
    image, draw = _tile(s)
    r = max(2, s // 9)
    c = s // 2
    draw.ellipse((c - r, c - r, c + r, c + r), fill=PALETTE.index(BEAN_COLOR))
    return image


def _pacman(s: int, facing: str) -> Image.Image:
    image, draw = _tile(s)
    m = max(2, s // 10)
    mouth = MOUTH[facing]
    draw.pieslice((m, m, s - m, s - m), mouth + 35, mouth - 35 + 360,
                  fill=PALETTE.index(PACMAN_COLOR))
    return image


def _ghost(s: int, name: str) -> Image.Image:
    image, draw = _tile(s)
    body = PALETTE.index(GHOST_COLORS[name])
    m = max(2, s // 10)
    left, right, top, bottom = m, s - m, m, s - m
    mid = (top + bottom) // 2
    draw.pieslice((left, top, right, top + (right - left)), 180, 360, fill=body)
    draw.rectangle((left, top + (right - left) // 2, right, bottom - s // 8), fill=body)
    teeth = 3
    width = (right - left) / teeth
    for k in range(teeth):
        x0 = left + k * width
        draw.polygon([(x0, bottom - s // 8), (x0 + width, bottom - s // 8),
                      (x0 + width / 2, bottom)], fill=body)
    eye = max(2, s // 9)
    for cx in (left + (right - left) * 0.32, left + (right - left) * 0.68):
        draw.ellipse((cx - eye, mid - eye - 2, cx + eye, mid + eye - 2),
                     fill=PALETTE.index(EYE_COLOR))
        p = max(1, eye // 2)
        draw.ellipse((cx - p, mid - p - 1, cx + p, mid + p - 1), fill=PALETTE.index(PUPIL_COLOR))
    return image


def tile(kind: str, s: int) -> Image.Image:
    """The sprite of one cell: 'wall', 'bean', 'pacman-<facing>', 'pinky' or 'blinky'."""
    def make() -> Image.Image:
        if kind == "wall":
            return _wall(s)
        if kind == "bean":
            return _bean(s)
        if kind.startswith("pacman-"):
            return _pacman(s, kind.split("-", 1)[1])
        return _ghost(s, kind)
    return sprite(("pacman tile", kind, s), make)


def _frame(n: int) -> Image.Image:
    layout = layout_for(n)
    image, draw = labelled_canvas(layout, palette=PALETTE)
    x0, y0 = layout.left, layout.top
    draw.rectangle((x0, y0, x0 + n * layout.cell, y0 + n * layout.cell),
                   fill=PALETTE.index(FLOOR_COLOR))
    draw_grid_lines(draw, layout, color=PALETTE.index(LINE_COLOR))
    wall = tile("wall", layout.cell)
    for k in range(n):
        for r, c in ((0, k), (n - 1, k), (k, 0), (k, n - 1)):
            image.paste(wall, layout.box(r, c)[:2])
    return image


def render(state: dict[str, Any]) -> Image.Image:
    grid = state["grid"]
    n = len(grid)
    layout = layout_for(n)
    s = layout.cell
    image = layer(("pacman frame", n), lambda: _frame(n))
    wall, bean = tile("wall", s), tile("bean", s)
    for r in range(1, n - 1):
        row = grid[r]
        for c in range(1, n - 1):
            ch = row[c]
            if ch == WALL:
                image.paste(wall, layout.box(r, c)[:2])
            elif ch == BEAN:
                image.paste(bean, layout.box(r, c)[:2])
    for name in ("pinky", "blinky"):
        image.paste(tile(name, s), layout.box(*state[name])[:2])
    image.paste(tile(f"pacman-{state['facing']}", s), layout.box(*state["pacman"])[:2])
    header_text(ImageDraw.Draw(image), layout, f"Score: {state['score']}")
    return image
