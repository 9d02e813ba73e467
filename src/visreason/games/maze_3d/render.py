"""3D maze picture: grey cubes in an isometric view over a floor grid, the start blue, the
goal red, numbered cubes green with their number on a white plate on top, ladders as brown
rails and rungs standing on a cube's top up to the cube three levels above.

The camera looks from the start's corner (+x, +y, above): "left" moves go toward the upper
left of the picture and "right" moves toward the upper right. Palette picture; the floor is a
layer drawn once per size, cubes are cached sprites.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from ...render import BACKGROUND, COLORS, INK, Palette, draw_on, draw_text, font, layer, sprite
from ...render.projector import Iso, Scene, cube_colors, cube_coverage, cube_sprite, darker
from .rules import LADDER

ISO = Iso(half=18)
GREY = (175, 175, 175)
START = COLORS["blue"]
GOAL = COLORS["red"]
LABEL = COLORS["green"]
LADDER_COLOUR = (120, 70, 20)
FLOOR, FLOOR_LINE = (242, 242, 242), (205, 205, 205)
WHITE = (255, 255, 255)
FILLS = (GREY, START, GOAL, LABEL)
PALETTE = Palette([BACKGROUND, INK, FLOOR, FLOOR_LINE, LADDER_COLOUR, WHITE,
                   *(c for fill in FILLS for c in cube_colors(fill, darker(fill)))])
MARGIN = 16


def floor_scene(side: int) -> Scene:
    scene = Scene(ISO)
    for x in range(side):
        for y in range(side):
            scene.face([(x, y, 0), (x + 1, y, 0), (x + 1, y + 1, 0), (x, y + 1, 0)], FLOOR,
                       outline=FLOOR_LINE, layer="under")
    return scene


@lru_cache(maxsize=8)
def frame(side: int, height: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """(canvas size, world origin) holding the floor and a full side x side x height box."""
    scene = floor_scene(side)
    for corner in ((0, 0, height - 1), (side - 1, 0, 0), (0, side - 1, 0),
                   (side - 1, side - 1, 0)):
        scene.cube(corner, GREY)
    left, top, right, bottom = scene.bounds()
    size = (int(right - left) + 2 * MARGIN, int(bottom - top) + 2 * MARGIN)
    return size, (MARGIN - int(left), MARGIN - int(top))


def base(side: int, height: int) -> Any:
    def make() -> Any:
        size, origin = frame(side, height)
        image = PALETTE.canvas(size, BACKGROUND)
        floor_scene(side).draw_into(image, origin, PALETTE)
        return image
    return layer(("maze 3d floor", side, height), make)


def fill_of(state: dict[str, Any], cube: tuple[int, int, int]) -> tuple[int, int, int]:
    labelled = {(x, y, z) for _, x, y, z in state["labels"]}
    if cube == tuple(state["start"]):
        return START
    if cube == tuple(state["goal"]):
        return GOAL
    return LABEL if cube in labelled else GREY


def scene_of(state: dict[str, Any]) -> Scene:
    scene = Scene(ISO)
    for x, y, z in state["cubes"]:
        fill = fill_of(state, (x, y, z))
        scene.cube((x, y, z), fill, darker(fill))
    for x, y, z in state["ladders"]:
        add_ladder(scene, x, y, z)
    for number, x, y, z in state["labels"]:
        plate = label_plate(number)
        scene.sprite((x + 0.5, y + 0.5, z + 1), plate, mask=plate_mask(plate), layer="over")
    return scene


def label_plate(number: int) -> Any:
    """A white plate with a dark border and the number, in the palette: legible over a
    cube's top even where a ladder rises from it."""
    def make() -> Any:
        text = str(number)
        face = font(15, True)
        width = 8 + int(face.getlength(text))
        image = PALETTE.canvas((width, 20), BACKGROUND)
        draw = draw_on(image)
        draw.rounded_rectangle((0, 0, width - 1, 19), radius=4, fill=PALETTE.index(WHITE),
                               outline=PALETTE.index(INK))
        draw_text(draw, (width / 2, 10), text, PALETTE.index(INK), face, "mm")
        return image
    return sprite(("maze 3d plate", number), make)


def plate_mask(plate: Any) -> Any:
    def make() -> Any:
        mask = Image.new("L", plate.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, plate.width - 1, plate.height - 1),
                                               radius=4, fill=255)
        return mask
    return sprite(("maze 3d plate mask", plate.size), make)


def add_ladder(scene: Scene, x: int, y: int, z: int) -> None:
    """Two rails in the cube's diagonal plane facing the camera, with rungs, from the top of
    the cube at (x, y, z) to the bottom of the cube above."""
    low, high = z + 1, z + LADDER
    rails = [(x + 0.25, y + 0.75), (x + 0.75, y + 0.25)]
    for rx, ry in rails:
        scene.line((rx, ry, low), (rx, ry, high), LADDER_COLOUR, 3, bias=0.5)
    for k in range(1, 5):
        h = low + k * (high - low) / 5
        scene.line((rails[0][0], rails[0][1], h), (rails[1][0], rails[1][1], h),
                   LADDER_COLOUR, 2, bias=0.5)


def render(state: dict[str, Any]) -> Any:
    image = base(state["side"], state["height"])
    _, origin = frame(state["side"], state["height"])
    scene_of(state).draw_into(image, origin, PALETTE)
    return image


def hidden_share(state: dict[str, Any]) -> float:
    """The smallest share of a cube's pixels that shows (1.0 when none is covered)."""
    cubes = [tuple(c) for c in state["cubes"]]
    full = cube_coverage(ISO, cubes[:1])[0]
    return min(cube_coverage(ISO, cubes)) / full  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _top_mask() -> np.ndarray:
    """The top face's pixels within a cube sprite: the unshaded fill colour."""
    picture, mask = cube_sprite(ISO, GREY)
    return (np.asarray(picture.convert("RGB")) == GREY).all(axis=2) & (np.asarray(mask) > 0)


def top_shares(state: dict[str, Any]) -> dict[tuple[int, int, int], float]:
    """The share of each cube's top face that shows. Moves, ladders and number plates are
    read off the tops, so a top mostly covered by nearer, higher cubes leaves a question
    that the picture cannot answer. Cubes are painted far to near, as the picture does."""
    cubes = [tuple(c) for c in state["cubes"]]
    full = _cube_mask_of()
    top = _top_mask()
    h, w = full.shape
    boxes = [ISO.cube_box(c) for c in cubes]
    left, up = min(b[0] for b in boxes), min(b[1] for b in boxes)
    buffer = np.full((max(b[1] for b in boxes) - up + h, max(b[0] for b in boxes) - left + w),
                     -1, dtype=np.int32)
    keys = [(sum(ISO.lattice(c)), c[2]) for c in cubes]
    order = sorted(range(len(cubes)), key=keys.__getitem__)
    for i in order:
        x, y = boxes[i][0] - left, boxes[i][1] - up
        buffer[y:y + h, x:x + w][full] = i
    total = int(top.sum())
    shares = {}
    for i, cube in enumerate(cubes):
        x, y = boxes[i][0] - left, boxes[i][1] - up
        shares[cube] = int((buffer[y:y + h, x:x + w][top] == i).sum()) / total
    return shares


@lru_cache(maxsize=1)
def _cube_mask_of() -> np.ndarray:
    return np.asarray(cube_sprite(ISO, GREY)[1]) > 0
