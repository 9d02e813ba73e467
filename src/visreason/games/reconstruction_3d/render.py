"""3D reconstruction picture: the structure as shaded cubes in an isometric view of the 3x3x3
grid with labelled x, y, z axes; the two target views as labelled 3x3 grids; the number of
voxels that may still be added.

The camera looks from the +x, -y side, so a cube's right face is its +x face (what the front
view sees) and its left face its -y face (what the side view sees). Axes, frames and titles
are one layer drawn once; the cubes are cached sprites.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from ...render import BACKGROUND, INK, Palette, draw_text, font, layer, ramp
from ...render.grid import GridLayout, draw_axis_labels, draw_grid_lines, grid_layout
from ...render.projector import Iso, Scene, cube_colors, cube_coverage, darker
from .rules import N

CUBE = (60, 200, 215)
OUTLINE = darker(CUBE, 0.35)
VIEW_FILL = (70, 120, 200)
GRID = (120, 120, 120)
ISO = Iso(half=30, flip_y=True)
VIEW_CELL = 34
TITLE_GAP = 34
FOOTER = 34
TITLES = {"front": "Front view (Y-Z), looking along -x",
          "side": "Side view (X-Z), looking along +y"}
COLUMN_AXIS = {"front": "y", "side": "x"}


FLOOR, FLOOR_LINE = (238, 238, 238), (170, 170, 170)
NOTE = (200, 90, 0)
PALETTE = Palette([BACKGROUND, INK, *cube_colors(CUBE, OUTLINE), FLOOR, FLOOR_LINE, VIEW_FILL,
                   GRID, NOTE, *ramp(INK, BACKGROUND, 4)])


def axes_scene() -> Scene:
    """The axes and the floor of the grid, one tile per (x, y) cell."""
    scene = Scene(ISO)
    for x in range(N):
        for y in range(N):
            scene.face([(x, y, 0), (x + 1, y, 0), (x + 1, y + 1, 0), (x, y + 1, 0)], FLOOR,
                       outline=FLOOR_LINE, layer="under")
    scene.axes((N, N, N), size=13)
    return scene


@lru_cache(maxsize=1)
def iso_box() -> tuple[int, int, int, int]:
    """Pixel box of the axes and a full 3x3x3 block (every picture has the same layout)."""
    scene = axes_scene()
    for v in ((x, y, z) for x in range(N) for y in range(N) for z in range(N)):
        scene.cube(v, CUBE)
    left, top, right, bottom = scene.bounds()
    return int(left) - 14, int(top) - 14, int(right) + 14, int(bottom) + 14


@lru_cache(maxsize=1)
def view_layouts() -> tuple[dict[str, GridLayout], tuple[int, int]]:
    left, top, right, bottom = iso_box()
    x0 = right - left + 40
    layouts, y = {}, 10
    for which in ("front", "side"):
        base = grid_layout(N, N, cell=VIEW_CELL)
        layouts[which] = GridLayout(N, N, VIEW_CELL, x0 + base.left, y + TITLE_GAP + 6,
                                    base.right, base.bottom)
        y += TITLE_GAP + base.size[1] + 16
    width = x0 + 250
    height = max(y, bottom - top) + FOOTER
    return layouts, (width, height)


def base_layer() -> Image.Image:
    def make() -> Image.Image:
        layouts, size = view_layouts()
        image = Image.new("RGB", size, BACKGROUND)  # antialiased labels, then the palette
        draw = ImageDraw.Draw(image)
        left, top, _, _ = iso_box()
        axes_scene().draw_into(image, (-left, -top))
        title = font(13, True)
        for which, lay in layouts.items():
            draw_text(draw, (lay.left - 30, lay.top - 44), TITLES[which], INK, title, "lt")
            draw_grid_lines(draw, lay, GRID)
            draw_axis_labels(draw, lay, [str(z) for z in range(N, 0, -1)],
                             [str(c) for c in range(1, N + 1)])
            draw_text(draw, (lay.left - 24, lay.top + N * lay.cell / 2), "z", INK, title, "mm")
            draw_text(draw, (lay.left + N * lay.cell + 8, lay.top - 4), COLUMN_AXIS[which],
                      INK, title, "lb")
        return PALETTE.quantize(image)
    return layer(("reconstruction base",), make)


def render(state: dict[str, Any]) -> Image.Image:
    image = base_layer()
    left, top, _, _ = iso_box()
    scene = Scene(ISO)
    for x, y, z in state["voxels"]:
        scene.cube((x - 1, y - 1, z - 1), CUBE, OUTLINE)
    scene.draw_into(image, (-left, -top), PALETTE)
    draw = ImageDraw.Draw(image)
    draw.fontmode = "1"
    layouts, _ = view_layouts()
    fill = PALETTE.index(VIEW_FILL)
    for which, lay in layouts.items():
        for r, row in enumerate(state[which]):
            for c, filled in enumerate(row):
                if filled:
                    draw.rectangle(lay.box(r, c, 1), fill=fill)
    draw_text(draw, (12, image.height - FOOTER + 8),
              f"Remaining available voxels: {state['remaining']}", PALETTE.index(NOTE),
              font(15, True), "lt")
    return image


PROBE = Iso(half=8, flip_y=True)
PROBE_MIN = 50  # pixels of a cube (of about 230 at this scale) that must show: a fifth


def visible_voxels(voxels: list[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    """The voxels of which at least PROBE_MIN pixels show in the isometric view."""
    counts = cube_coverage(PROBE, [(x - 1, y - 1, z - 1) for x, y, z in voxels])
    return {v for v, count in zip(voxels, counts, strict=True) if count >= PROBE_MIN}
