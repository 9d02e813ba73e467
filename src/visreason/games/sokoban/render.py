"""Sokoban picture: brick walls, a green target ring, wooden boxes with an X and a blue player.

A box on a target is a green box; a player on a target stands inside the green ring. For speed
each kind of cell is a sprite drawn once per cell size, and the labelled frame is a layer drawn
once per board size with floor in every cell and the outer ring of walls, so a picture pastes
only the non-floor cells inside the ring.
Both are mapped to one fixed palette: the picture is a palette image, which also encodes to PNG
several times faster than RGB.
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
    draw_axis_labels,
    draw_grid_lines,
    grid_layout,
    layer,
    new_canvas,
    ramp,
    sprite,
)
from .rules import BOX, BOX_ON_TARGET, FLOOR, PLAYER, PLAYER_ON_TARGET, TARGET, WALL

CELL_SIZES = {5: 64, 8: 52, 12: 42}

FLOOR_COLOR = (238, 226, 200)
BRICK = (150, 84, 42)
MORTAR = (205, 180, 150)
BOX_FILL = (214, 160, 84)
BOX_EDGE = (110, 66, 24)
BOX_ON_TARGET_FILL = COLORS["green"]
BOX_ON_TARGET_EDGE = COLORS["forest green"]
TARGET_RING = COLORS["green"]
PLAYER_COLOR = COLORS["blue"]
GRID = (170, 150, 120)
SOLID = [FLOOR_COLOR, BRICK, MORTAR, BOX_FILL, BOX_EDGE, BOX_ON_TARGET_FILL, BOX_ON_TARGET_EDGE,
         PLAYER_COLOR, GRID]
INK_STEPS = 24  # grey levels between the label ink and the background, for antialiased text
# The fixed palette every picture uses: the solid colours plus an ink-to-white ramp.
PALETTE = Palette(SOLID + ramp(INK, BACKGROUND, INK_STEPS))


@lru_cache(maxsize=8)
def layout_for(size: int) -> GridLayout:
    cell = CELL_SIZES.get(size, max(32, 520 // size))
    return grid_layout(size, size, cell=cell)


def _bricks(draw: ImageDraw.ImageDraw, s: int) -> None:
    draw.rectangle((0, 0, s - 1, s - 1), fill=BRICK)
    rows = 3
    width = max(2, s // 20)
    for i in range(1, rows):
        y = i * s // rows
        draw.line([(0, y), (s, y)], fill=MORTAR, width=width)
    for i in range(rows):
        y0, y1 = i * s // rows, (i + 1) * s // rows
        joints = (s // 2,) if i % 2 == 0 else (s // 4, 3 * s // 4)
        for x in joints:
            draw.line([(x, y0), (x, y1)], fill=MORTAR, width=width)
    draw.rectangle((0, 0, s - 1, s - 1), outline=MORTAR, width=width)


def _ring(draw: ImageDraw.ImageDraw, s: int, inset: float) -> None:
    m = int(s * inset)
    draw.ellipse((m, m, s - 1 - m, s - 1 - m), outline=TARGET_RING, width=max(3, s // 11))


def _box(draw: ImageDraw.ImageDraw, s: int, fill: tuple[int, int, int],
         edge: tuple[int, int, int]) -> None:
    m = max(4, s // 10)
    width = max(2, s // 14)
    draw.rectangle((m, m, s - 1 - m, s - 1 - m), fill=fill, outline=edge, width=width)
    k = m + width + 1
    draw.line([(k, k), (s - 1 - k, s - 1 - k)], fill=edge, width=width)
    draw.line([(k, s - 1 - k), (s - 1 - k, k)], fill=edge, width=width)


def _player(draw: ImageDraw.ImageDraw, s: int, scale: float) -> None:
    """A simple figure: a round head over a rounded body, centred in the tile."""
    c = s / 2
    head = s * 0.14 * scale
    body_w, body_h = s * 0.25 * scale, s * 0.22 * scale
    top = c - s * 0.32 * scale
    draw.ellipse((c - head, top, c + head, top + 2 * head), fill=PLAYER_COLOR)
    body_top = top + 2 * head + s * 0.02
    draw.rounded_rectangle((c - body_w, body_top, c + body_w, body_top + 2 * body_h),
                           radius=max(2, int(body_w * 0.6)), fill=PLAYER_COLOR)


def tile(kind: str, s: int) -> Image.Image:
    """The picture of one cell of kind `kind` (a grid character) at cell size `s` (shared)."""
    return sprite(("sokoban tile", kind, s), lambda: _draw_tile(kind, s))


def _draw_tile(kind: str, s: int) -> Image.Image:
    image = Image.new("RGB", (s, s), FLOOR_COLOR)
    draw = ImageDraw.Draw(image)
    if kind == WALL:
        _bricks(draw, s)
    elif kind == TARGET:
        _ring(draw, s, 0.2)
    elif kind == BOX:
        _box(draw, s, BOX_FILL, BOX_EDGE)
    elif kind == BOX_ON_TARGET:
        _box(draw, s, BOX_ON_TARGET_FILL, BOX_ON_TARGET_EDGE)
    elif kind == PLAYER:
        _player(draw, s, 1.0)
    elif kind == PLAYER_ON_TARGET:
        _ring(draw, s, 0.08)
        _player(draw, s, 0.8)
    elif kind != FLOOR:
        raise ValueError(f"unknown cell character {kind!r}")
    draw.line([(0, s - 1), (0, 0), (s - 1, 0)], fill=GRID)  # the grid line above and left
    return PALETTE.quantize(image)


def _draw_frame(size: int, walled: bool) -> Image.Image:
    """The labelled board with floor in every cell, and with `walled` its outer ring of walls;
    its grid lines close the right and bottom edges (cell tiles draw the lines above and left
    of themselves). Tiles fill their cells exactly, so the order they are pasted in is free."""
    layout = layout_for(size)
    image, draw = new_canvas(layout)
    draw_grid_lines(draw, layout, color=GRID)
    draw_axis_labels(draw, layout)
    image = PALETTE.quantize(image)
    for r in range(size):
        for c in range(size):
            ring = r in (0, size - 1) or c in (0, size - 1)
            image.paste(tile(WALL if walled and ring else FLOOR, layout.cell), layout.box(r, c)[:2])
    return image


def _walled(grid: list[str]) -> bool:
    """Whether the outer ring is all wall, as on every board the rules make."""
    wall = WALL * len(grid)
    return grid[0] == wall and grid[-1] == wall and all(
        row[0] == WALL and row[-1] == WALL and len(row) == len(grid) for row in grid)


def render(state: dict[str, Any]) -> Image.Image:
    grid = state["grid"]
    size = len(grid)
    layout = layout_for(size)
    walled = _walled(grid)
    image = layer(("sokoban frame", size, walled), lambda: _draw_frame(size, walled))
    inner = slice(1, size - 1) if walled else slice(0, size)
    first = inner.start
    for r, row in enumerate(grid[inner], start=first):
        for c, ch in enumerate(row[inner], start=first):
            if ch != FLOOR:
                image.paste(tile(ch, layout.cell), layout.box(r, c)[:2])
    return image
