"""Minecraft-style block worlds: the scene as data, and the rules the questions use.

A scene is a ground of grass blocks (x, y are ground cells counted from 1, levels count up
from 1 for the first block standing on the ground), blocks standing on it, river cells (water
in place of the ground block, its surface level with the grass, so it shows from every side)
and lava cells (lava in place of the grass). The player is
two blocks tall. Rules the answers come from:

- a block can only be placed where it shares a face with an existing block; a block placed
  into a fluid replaces the fluid;
- crossing a river: no wading and no jumping, so every river cell on the way needs a block
  placed in it (placed from the bank, each one next to the previous): the river's width;
- reaching a block: the player (2 tall, standing on the ground, head at level 2) can mine a
  block at level <= its head level; a block resting on n blocks is at level n + 1; without a
  ladder the player pillars up one level per block placed under its feet, so it needs
  max(0, n + 1 - 2) blocks; a ladder on the column lets it climb for free.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

PLAYER_HEIGHT = 2
SCENERIES = ("Brick", "Diamond Ore", "Gold Ore", "Ladder", "Lava", "Pumpkin", "River", "TNT")
DECOY = "Tree"  # offered as a wrong name only: never built
TARGETS = ("pumpkin", "gold_ore", "diamond_ore")
PLAIN = {"white": (235, 235, 235), "light gray": (170, 170, 170), "blue": (50, 80, 200),
         "green": (60, 160, 60), "yellow": (235, 205, 50), "purple": (130, 60, 170),
         "cyan": (40, 170, 190), "black": (40, 40, 40)}
BLOCK_NAMES = {"brick": "brick", "gold_ore": "gold ore", "diamond_ore": "diamond ore",
               "tnt": "TNT", "pumpkin": "pumpkin", "stone": "stone", "player": "player"}


def empty_scene(width: int, depth: int, view: int, sky: bool) -> dict[str, Any]:
    return {"ground": [width, depth], "view": view, "sky": sky, "blocks": [], "water": [],
            "lava": [], "ladders": [], "player": None}


def add_block(scene: dict[str, Any], x: int, y: int, level: int, kind: str) -> None:
    scene["blocks"].append([x, y, level, kind])


def blocks_at(scene: dict[str, Any], x: int, y: int) -> list[list[Any]]:
    """The blocks standing on ground cell (x, y), bottom first."""
    return sorted((b for b in scene["blocks"] if b[0] == x and b[1] == y), key=lambda b: b[2])


def can_place(scene: dict[str, Any], x: int, y: int, level: int) -> bool:
    """A block fits at (x, y, level) only touching an existing block face to face (the
    ground counts as the blocks at level 0; a river cell has no ground block)."""
    solid = {(b[0], b[1], b[2]) for b in scene["blocks"]}
    width, depth = scene["ground"]
    water = {tuple(c) for c in scene["water"]}
    for gx in range(1, width + 1):
        for gy in range(1, depth + 1):
            if (gx, gy) not in water:
                solid.add((gx, gy, 0))
    if (x, y, level) in solid:
        return False
    near = [(x + 1, y, level), (x - 1, y, level), (x, y + 1, level), (x, y - 1, level),
            (x, y, level + 1), (x, y, level - 1)]
    return any(n in solid for n in near)


def sceneries(scene: dict[str, Any]) -> list[str]:
    """The names of the sceneries in a scene, sorted."""
    found = set()
    kinds = {b[3] for b in scene["blocks"]}
    for kind, name in (("brick", "Brick"), ("gold_ore", "Gold Ore"),
                       ("diamond_ore", "Diamond Ore"), ("tnt", "TNT"), ("pumpkin", "Pumpkin")):
        if kind in kinds:
            found.add(name)
    if scene["ladders"]:
        found.add("Ladder")
    if scene["water"]:
        found.add("River")
    if scene["lava"]:
        found.add("Lava")
    return sorted(found)


def cuboid_size(scene: dict[str, Any]) -> tuple[int, int, int]:
    """(cells along x, cells along y, levels) of the one cuboid of plain blocks."""
    cubes = [b for b in scene["blocks"] if b[3].startswith("plain:")]
    xs, ys, zs = ({b[k] for b in cubes} for k in range(3))
    return len(xs), len(ys), len(zs)


def river_width(scene: dict[str, Any]) -> int:
    """Cells across the river: the river is a straight strip from one edge of the ground to
    the other, so its width is the count of river cells in any line across it."""
    cells = {tuple(c) for c in scene["water"]}
    xs = {c[0] for c in cells}
    ys = {c[1] for c in cells}
    if len(xs) == scene["ground"][0]:  # runs along x: its width is the rows of y it covers
        return len(ys)
    return len(xs)


def river_axis(scene: dict[str, Any]) -> str:
    """'x' when the river runs along x (from x = 1 to the last x), else 'y'."""
    return "x" if len({c[0] for c in scene["water"]}) == scene["ground"][0] else "y"


def target_block(scene: dict[str, Any]) -> list[Any]:
    (target,) = [b for b in scene["blocks"] if b[3] in TARGETS]
    return target


def climb_cost(scene: dict[str, Any]) -> tuple[int, int, bool]:
    """(blocks under the target, blocks to place to reach it, ladder on its column)."""
    x, y, level, _ = target_block(scene)
    under = level - 1
    ladder = any(lx == x and ly == y for lx, ly, _ in scene["ladders"])
    cost = 0 if ladder else max(0, under + 1 - PLAYER_HEIGHT)
    return under, cost, ladder


def side_of(scene: dict[str, Any], x: int, y: int) -> int:
    """-1 or +1: which side of the river a ground cell lies on (0 on the river)."""
    axis = river_axis(scene)
    across = [c[1] if axis == "x" else c[0] for c in scene["water"]]
    v = y if axis == "x" else x
    return -1 if v < min(across) else 1 if v > max(across) else 0


def same_side(scene: dict[str, Any]) -> bool:
    px, py = scene["player"]
    tx, ty = target_block(scene)[:2]
    return side_of(scene, px, py) == side_of(scene, tx, ty)


def reach_cost(scene: dict[str, Any]) -> int:
    """Blocks to place to reach the target: the climb, plus a bridge when it is across."""
    _, climb, _ = climb_cost(scene)
    return climb if same_side(scene) else climb + river_width(scene)


def occupied(scene: dict[str, Any]) -> set[tuple[int, int]]:
    cells = {(b[0], b[1]) for b in scene["blocks"]}
    cells |= {tuple(c) for c in scene["water"]} | {tuple(c) for c in scene["lava"]}
    if scene["player"]:
        cells.add(tuple(scene["player"]))
    return cells


def cells_of(items: Iterable[list[Any]]) -> list[tuple[int, int]]:
    return sorted({(b[0], b[1]) for b in items})
