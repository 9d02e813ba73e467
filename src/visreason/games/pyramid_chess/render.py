"""Pyramid chess picture: one labelled grid per level (x across, y down, 0-based) with blue
and red balls, a 3D view of the stacked balls, and the pools and the player to move.

The grids, titles and labels are one layer drawn once per board size; balls are sprites.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from ...render import (
    BACKGROUND,
    COLORS,
    INK,
    Palette,
    draw_axis_labels,
    draw_on,
    draw_text,
    font,
    layer,
    ramp,
    sprite,
)
from ...render.grid import GridLayout, draw_grid_lines, grid_layout
from ...render.projector import Iso, Scene, shade
from .rules import COLOURS, EMPTY

BALL_COLOURS = {"B": COLORS["blue"], "R": COLORS["red"]}
SLOT_COLOUR = (235, 235, 235)
LINE = (150, 150, 150)
CELL = {3: 46, 4: 40, 5: 36, 6: 32}
GAP = 22
TITLE = 26
FOOTER = 30
ISO = Iso(half=20)
BALL = round(1.05 * (ISO.w ** 2 + ISO.h ** 2) ** 0.5)  # one unit on the screen
HEIGHT_STEP = 0.7071  # a ball on four others sits this much higher (unit balls)
LABEL_GREY = (110, 110, 110)
PALETTE = Palette([BACKGROUND, INK, SLOT_COLOUR, LINE, LABEL_GREY,
                   *(shade(c, f) for c in BALL_COLOURS.values() for f in (1.0, 0.6, 1.5)),
                   *ramp(INK, BACKGROUND, 4)])


@lru_cache(maxsize=8)
def panels(n: int) -> tuple[list[GridLayout], tuple[int, int], int]:
    """Per-level layouts placed left to right, the size of the grid area, the 3D view's left."""
    cell = CELL.get(n, 30)
    layouts, left = [], 8
    for k in range(n):
        base = grid_layout(n - k, n - k, cell=cell)
        shifted = GridLayout(base.rows, base.cols, cell, left + base.left, TITLE + base.top,
                             base.right, base.bottom)
        layouts.append(shifted)
        left += base.size[0] + GAP
    height = TITLE + grid_layout(n, n, cell=cell).size[1]
    return layouts, (left, height), left


def floor_scene(n: int) -> Scene:
    """The level-0 slots as floor tiles with x and y labelled along the near edges."""
    scene = Scene(ISO)
    for y in range(n):
        for x in range(n):
            scene.face([(x, y, 0), (x + 1, y, 0), (x + 1, y + 1, 0), (x, y + 1, 0)],
                       SLOT_COLOUR, outline=LINE, layer="under")
    scene.axes((n, n, 0), ticks=[[str(i) for i in range(n)]] * 2, size=12)
    return scene


def view_origin(n: int) -> tuple[int, int]:
    _, _, view_left = panels(n)
    left, top, _, _ = view_box(n)
    return (view_left + 10 - left, TITLE + 4 - top)


@lru_cache(maxsize=8)
def view_box(n: int) -> tuple[int, int, int, int]:
    """Pixel box of the 3D view of a full pyramid and its floor (every picture of a size
    matches)."""
    scene = floor_scene(n)
    for k in range(n):
        for y in range(n - k):
            for x in range(n - k):
                scene.sprite(ball_point(k, x, y), ball_sprite("B")[0])
    left, top, right, bottom = scene.bounds()
    return int(left), int(top), int(right), int(bottom)


def ball_point(k: int, x: int, y: int) -> tuple[float, float, float]:
    return (x + 0.5 + k / 2, y + 0.5 + k / 2, 0.5 + k * HEIGHT_STEP)


def ball_sprite(colour: str) -> tuple[Image.Image, Image.Image]:
    """A shaded ball for the 3D view, as palette indices, and its mask."""
    def make() -> tuple[Image.Image, Image.Image]:
        size = BALL
        base = BALL_COLOURS[colour]
        image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        draw = ImageDraw.Draw(image)
        draw.ellipse((0, 0, size - 1, size - 1), fill=(*shade(base, 0.6), 255))
        draw.ellipse((1, 1, size - 3, size - 3), fill=(*base, 255))
        draw.ellipse((size // 4, size // 5, size // 2, size * 9 // 20),
                     fill=(*shade(base, 1.5), 255))
        return palette_sprite(image)
    return sprite(("pyramid ball", colour), make)


def palette_sprite(image: Image.Image) -> tuple[Image.Image, Image.Image]:
    """An RGBA drawing of palette colours as (palette picture, mask)."""
    mask = image.getchannel("A").point(lambda a: 255 if a >= 128 else 0)
    return PALETTE.quantize(image.convert("RGB")), mask


@lru_cache(maxsize=8)
def canvas_size(n: int) -> tuple[int, int]:
    _, (grid_w, grid_h), _ = panels(n)
    left, top, right, bottom = view_box(n)
    width = grid_w + (right - left) + 30
    height = max(grid_h, TITLE + bottom - top + 10) + FOOTER
    return width, height


def base_layer(n: int) -> Image.Image:
    def make() -> Image.Image:
        image = Image.new("RGB", canvas_size(n), BACKGROUND)
        draw = ImageDraw.Draw(image)
        layouts, _, view_left = panels(n)
        title = font(15, True)
        for k, lay in enumerate(layouts):
            draw_text(draw, (lay.left + lay.cols * lay.cell / 2, 6), f"Level {k}", INK, title,
                      "mt")
            draw.rectangle((lay.left, lay.top, lay.left + lay.cols * lay.cell,
                            lay.top + lay.rows * lay.cell), fill=SLOT_COLOUR)
            draw_grid_lines(draw, lay, LINE)
            draw_axis_labels(draw, lay)
            draw_text(draw, (lay.left - 4, lay.top - 4), "y\\x", LABEL_GREY, font(10), "rb")
        draw_text(draw, (view_left + 10, 6), "3D view", INK, title, "lt")
        floor_scene(n).draw_into(image, view_origin(n))
        return PALETTE.quantize(image)
    return layer(("pyramid base", n), make)


def flat_ball(cell: int, colour: str) -> tuple[Image.Image, Image.Image]:
    def make() -> tuple[Image.Image, Image.Image]:
        size = cell - 8
        image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        draw = ImageDraw.Draw(image)
        draw.ellipse((0, 0, size - 1, size - 1), fill=(*shade(BALL_COLOURS[colour], 0.6), 255))
        draw.ellipse((2, 2, size - 3, size - 3), fill=(*BALL_COLOURS[colour], 255))
        return palette_sprite(image)
    return sprite(("pyramid flat ball", cell, colour), make)


def render(state: dict[str, Any]) -> Image.Image:
    n = state["n"]
    image = base_layer(n)
    layouts, _, _ = panels(n)
    scene = Scene(ISO)
    for k, (lay, rows) in enumerate(zip(layouts, state["levels"], strict=True)):
        for y, row in enumerate(rows):
            for x, value in enumerate(row):
                if value == EMPTY:
                    continue
                picture, mask = flat_ball(lay.cell, value)
                x0, y0, _, _ = lay.box(y, x)
                image.paste(picture, (x0 + 4, y0 + 4), mask)
                picture, mask = ball_sprite(value)
                scene.sprite(ball_point(k, x, y), picture, mask=mask)
    scene.draw_into(image, view_origin(n), PALETTE)
    draw = draw_on(image)
    pools, turn = state["pools"], state["turn"]
    footer = (f"PLAYER_0 (blue): {pools[0]} left    PLAYER_1 (red): {pools[1]} left    "
              f"to move: PLAYER_{turn} ({'blue' if COLOURS[turn] == 'B' else 'red'})")
    draw_text(draw, (8, image.height - FOOTER + 8), footer, PALETTE.index(INK), font(13), "lt")
    return image
