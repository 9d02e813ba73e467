"""Minecraft-style pictures drawn with the render kit's isometric projector: grass ground,
textured blocks (brick, ores, TNT, pumpkin, stone, ladder, water, lava) drawn by code from
seeded noise, plain coloured blocks with outlines, and the player as two red blocks.

Every texture is a 16 x 16 picture made once; the projector caches each textured cube as a
sprite, so a picture is a sort and a paste per block.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from PIL import Image, ImageDraw

from ...render.projector import Iso, Scene, darker
from .rules import PLAIN

TEX = 16
ISO_HALF = 20
VIEWS = ((False, False), (True, False), (False, True), (True, True))
SKY = (160, 205, 245)
PLAIN_BG = (255, 255, 255)
PLAYER = (220, 30, 30)
PLAYER_OUTLINE = (110, 10, 10)
WATER_OUTLINE = (20, 90, 160)
GROUND_OUTLINE = (60, 110, 40)


def _noise(base: tuple[int, int, int], spread: int, seed: str) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", (TEX, TEX))
    pixels = image.load()
    for x in range(TEX):
        for y in range(TEX):
            d = rng.randint(-spread, spread)
            pixels[x, y] = tuple(max(0, min(255, v + d)) for v in base)
    return image


def _specks(base: Image.Image, color: tuple[int, int, int], seed: str) -> Image.Image:
    """Ore: clusters of bright specks on stone."""
    image = base.copy()
    draw = ImageDraw.Draw(image)
    rng = random.Random(seed)
    for _ in range(5):
        x, y = rng.randint(1, TEX - 4), rng.randint(1, TEX - 4)
        draw.rectangle((x, y, x + 2, y + 1), fill=color)
        draw.point((x + 1, y + 2), fill=darker(color, 0.75))
    return image


@cache
def texture(name: str) -> Image.Image:
    if name == "stone":
        return _noise((125, 125, 125), 14, "stone")
    if name == "grass_top":
        return _noise((95, 165, 60), 16, "grass")
    if name == "grass_side":
        image = _noise((135, 95, 60), 14, "dirt")
        ImageDraw.Draw(image).rectangle((0, 0, TEX - 1, 3), fill=(95, 165, 60))
        return image
    if name == "brick":
        image = Image.new("RGB", (TEX, TEX), (160, 70, 55))
        draw = ImageDraw.Draw(image)
        mortar = (205, 195, 185)
        for row in range(4):
            y = row * 4
            draw.line((0, y + 3, TEX, y + 3), fill=mortar)
            offset = 0 if row % 2 else 4
            for x in range(offset, TEX, 8):
                draw.line((x, y, x, y + 3), fill=mortar)
        return image
    if name == "gold_ore":
        return _specks(texture("stone"), (250, 215, 40), "gold")
    if name == "diamond_ore":
        return _specks(texture("stone"), (80, 230, 230), "diamond")
    if name == "tnt_side":
        image = Image.new("RGB", (TEX, TEX), (200, 40, 30))
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 5, TEX - 1, 10), fill=(240, 240, 240))
        for x0 in (2, 6, 10):  # three dark glyph blocks standing for the letters T N T
            draw.rectangle((x0, 6, x0 + 2, 9), fill=(30, 30, 30))
        return image
    if name == "tnt_top":
        image = Image.new("RGB", (TEX, TEX), (190, 50, 40))
        ImageDraw.Draw(image).ellipse((5, 5, 10, 10), fill=(90, 90, 90))
        return image
    if name == "pumpkin_side":
        image = Image.new("RGB", (TEX, TEX), (230, 130, 20))
        draw = ImageDraw.Draw(image)
        for x in (3, 7, 11):
            draw.line((x, 0, x, TEX), fill=(180, 90, 10))
        return image
    if name == "pumpkin_top":
        image = Image.new("RGB", (TEX, TEX), (225, 125, 20))
        ImageDraw.Draw(image).rectangle((6, 6, 9, 9), fill=(70, 120, 30))
        return image
    if name == "water":
        image = _noise((60, 140, 230), 8, "water")
        ImageDraw.Draw(image).line((2, 6, 8, 6), fill=(150, 200, 250))
        return image
    if name == "lava":
        image = _noise((225, 80, 20), 12, "lava")
        draw = ImageDraw.Draw(image)
        rng = random.Random("lava blobs")
        for _ in range(4):
            x, y = rng.randint(0, TEX - 4), rng.randint(0, TEX - 4)
            draw.ellipse((x, y, x + 4, y + 3), fill=(250, 200, 40))
        return image
    if name.startswith("ladder:"):
        under = name[7:]
        image = texture("stone").copy() if under == "stone" else \
            Image.new("RGB", (TEX, TEX), PLAIN[under])
        draw = ImageDraw.Draw(image)
        wood, edge = (165, 110, 50), (90, 55, 20)
        for x0 in (2, 11):
            draw.rectangle((x0, 0, x0 + 2, TEX - 1), fill=wood, outline=edge)
        for y in (2, 6, 10, 14):
            draw.rectangle((4, y - 1, 11, y), fill=wood)
        return image
    if name.startswith("plain:"):
        return Image.new("RGB", (TEX, TEX), PLAIN[name[6:]])
    raise KeyError(name)


def _faces(top: str, side: str, left: str | None = None) -> dict[str, tuple[str, Image.Image]]:
    left = left or side
    return {"top": (top, texture(top)), "left": (left, texture(left)),
            "right": (side, texture(side))}


BLOCK_TEXTURES = {
    "brick": ("brick", "brick"), "gold_ore": ("gold_ore", "gold_ore"),
    "diamond_ore": ("diamond_ore", "diamond_ore"), "tnt": ("tnt_top", "tnt_side"),
    "pumpkin": ("pumpkin_top", "pumpkin_side"), "stone": ("stone", "stone"),
}


def scene_of(state: dict[str, Any]) -> Scene:
    flip_x, flip_y = VIEWS[state["view"]]
    scene = Scene(Iso(half=ISO_HALF, flip_x=flip_x, flip_y=flip_y))
    width, depth = state["ground"]
    water = {tuple(c) for c in state["water"]}
    lava = {tuple(c) for c in state["lava"]}
    ladders = {tuple(c) for c in state["ladders"]}
    ground = _faces("grass_top", "grass_side")
    for x in range(1, width + 1):
        for y in range(1, depth + 1):
            if (x, y) in water:
                scene.cube((x - 1, y - 1, -1), (60, 140, 230), WATER_OUTLINE,
                           _faces("water", "water"))
            elif (x, y) in lava:
                scene.cube((x - 1, y - 1, -1), (225, 80, 20), None, _faces("lava", "lava"))
            else:
                scene.cube((x - 1, y - 1, -1), (95, 165, 60), GROUND_OUTLINE, ground)
    for x, y, level, kind in state["blocks"]:
        voxel = (x - 1, y - 1, level - 1)
        ladder = (x, y, level) in ladders
        if kind.startswith("plain:"):
            color = PLAIN[kind[6:]]
            faces = _faces(kind, kind, f"ladder:{kind[6:]}") if ladder else None
            scene.cube(voxel, color, darker(color, 0.5), faces)
            continue
        top, side = BLOCK_TEXTURES[kind]
        scene.cube(voxel, (128, 128, 128), (40, 40, 40),
                   _faces(top, side, f"ladder:{kind}" if ladder else None))
    if state["player"]:
        px, py = state["player"]
        for level in (1, 2):
            scene.cube((px - 1, py - 1, level - 1), PLAYER, PLAYER_OUTLINE)
    return scene


def render(state: dict[str, Any]) -> Image.Image:
    return scene_of(state).render(background=SKY if state["sky"] else PLAIN_BG, margin=10)
