"""3D maze: cubes in a side x side x height grid, walked on top and linked by ladders; pure
logic, no drawing, no text.

The player stands on the top of a cube. A walk step goes to a cube beside it on the same
level (x or y differs by 1). A ladder stands on the top of a cube and reaches the cube three
levels above, in the same column; the player climbs it (up) or down it. The main path starts
at the corner cube (side-1, side-1, 0) and moves only by walks of two cubes toward smaller x
("left") or smaller y ("right") or by ladders ("up"); side paths leave it at branch cubes and
end in dead ends. No cube ever sits beside another on the same level unless the two are
consecutive on a path, so the cubes and ladders form a tree and every route is unique.

State (JSON): {"side", "height", "cubes": [[x, y, z], ...], "start", "goal",
"ladders": [[x, y, z] of the lower cube, ...], "labels": [[number, x, y, z], ...]}.
"""

from __future__ import annotations

import random
from collections import deque
from typing import Any

Cube = tuple[int, int, int]
DIRECTIONS = ("left", "right", "up")  # -x walk, -y walk, ladder
LADDER = 3


def step_cells(cube: Cube, direction: str) -> list[Cube]:
    """The cubes a path segment places: two for a walk, the top cube for a ladder."""
    x, y, z = cube
    if direction == "left":
        return [(x - 1, y, z), (x - 2, y, z)]
    if direction == "right":
        return [(x, y - 1, z), (x, y - 2, z)]
    return [(x, y, z + LADDER)]


def ladder_gap(cube: Cube) -> list[Cube]:
    x, y, z = cube
    return [(x, y, z + k) for k in range(1, LADDER)]


class World:
    """Cubes and ladders being built, with the placement checks that keep routes unique."""

    def __init__(self, side: int, height: int) -> None:
        self.side, self.height = side, height
        self.cubes: set[Cube] = set()
        self.gaps: set[Cube] = set()  # cells a ladder passes through
        self.ladders: set[Cube] = set()

    def fits(self, new: list[Cube], after: Cube, ladder: bool) -> bool:
        """The new cubes (attached to `after`) are inside the grid, free, beside no cube on
        their level but their neighbours on the path, and clear of every column in use."""
        chain = [after, *new]
        cells = new + (ladder_gap(after) if ladder else [])
        for c in cells:
            x, y, z = c
            if not (0 <= x < self.side and 0 <= y < self.side and 0 <= z < self.height):
                return False
            if c in self.cubes or c in self.gaps:
                return False
        for i, c in enumerate(new):
            x, y, z = c
            for e in self.cubes:
                if e == chain[i]:
                    continue
                if e[2] == z and abs(e[0] - x) + abs(e[1] - y) == 1:
                    return False  # a shortcut between paths
                if (e[0], e[1]) == (x, y) and abs(e[2] - z) < LADDER:
                    return False  # one cube over another would cover its top
            if any((g[0], g[1]) == (x, y) and abs(g[2] - z) < LADDER for g in self.gaps):
                return False
        if ladder:
            for g in ladder_gap(after):
                if any(e[2] == g[2] and abs(e[0] - g[0]) + abs(e[1] - g[1]) == 1
                       for e in self.cubes):
                    return False
        return True

    def add(self, new: list[Cube], after: Cube, ladder: bool) -> None:
        self.cubes.update(new)
        if ladder:
            self.ladders.add(after)
            self.gaps.update(ladder_gap(after))

    def options(self, cube: Cube) -> list[str]:
        return [d for d in DIRECTIONS if self.fits(step_cells(cube, d), cube, d == "up")]


def grow_path(rng: random.Random, world: World, start: Cube, segments: int,
              ladder_weight: float) -> tuple[list[Cube], list[str]]:
    """A random path of up to `segments` segments from `start`: (cubes in order, the
    direction of each cube-to-cube step)."""
    cubes, steps = [start], []
    for _ in range(segments):
        here = cubes[-1]
        choices = world.options(here)
        if not choices:
            break
        weights = [ladder_weight if d == "up" else 1.0 for d in choices]
        direction = rng.choices(choices, weights)[0]
        new = step_cells(here, direction)
        world.add(new, here, direction == "up")
        cubes += new
        steps += [direction] * len(new)
    return cubes, steps


def build_world(rng: random.Random, side: int, height: int, segments: int, branches: int,
                ladder_weight: float = 0.7
                ) -> tuple[dict[str, Any], list[Cube], list[list[Cube]]] | None:
    """A main path of up to `segments` segments with `branches` side paths (1-2 segments
    each, from branch cubes on segment ends, not among the last 3, no two neighbours):
    (state, main path cubes in order, each side path from its branch cube); None when the
    path is too short or the side paths do not fit."""
    world = World(side, height)
    start = (side - 1, side - 1, 0)
    world.cubes.add(start)
    path, steps = grow_path(rng, world, start, segments, ladder_weight)
    if len(path) < 4:
        return None
    candidates = [c for c in path[:-3] if c[0] % 2 == (side - 1) % 2
                  and c[1] % 2 == (side - 1) % 2]
    rng.shuffle(candidates)
    chosen: list[Cube] = []
    sides: list[list[Cube]] = []
    for cube in candidates:
        if len(chosen) == branches:
            break
        if any(max(abs(a - b) for a, b in zip(cube, other, strict=True)) <= 1
               for other in chosen):
            continue
        main_dir = steps[path.index(cube)]
        spare = [d for d in world.options(cube) if d != main_dir]
        if not spare:
            continue
        d = rng.choice(spare)
        first = step_cells(cube, d)
        world.add(first, cube, d == "up")
        branch = [cube, *first]
        if rng.random() < 0.5:
            more, _ = grow_path(rng, world, branch[-1], 1, ladder_weight)
            branch += more[1:]
        chosen.append(cube)
        sides.append(branch)
    if len(chosen) < branches:
        return None
    state = {
        "side": side, "height": height,
        "cubes": [list(c) for c in sorted(world.cubes)],
        "start": list(start), "goal": list(path[-1]),
        "ladders": [list(c) for c in sorted(world.ladders)],
        "labels": [],
    }
    return state, path, sides


def neighbours(state: dict[str, Any], cube: Cube) -> list[tuple[Cube, str]]:
    """Where the player can go from the top of `cube`, with the move's name (walks back and
    climbs down named too)."""
    cubes = {tuple(c) for c in state["cubes"]}
    ladders = {tuple(c) for c in state["ladders"]}
    x, y, z = cube
    out = []
    for nxt, name in (((x - 1, y, z), "left"), ((x, y - 1, z), "right"),
                      ((x + 1, y, z), "back-left"), ((x, y + 1, z), "back-right")):
        if nxt in cubes:
            out.append((nxt, name))
    if cube in ladders:
        out.append(((x, y, z + LADDER), "up"))
    below = (x, y, z - LADDER)
    if below in ladders:
        out.append((below, "down"))
    return out


def route(state: dict[str, Any], source: Cube, target: Cube) -> list[tuple[Cube, str]]:
    """The route between two cubes by breadth-first search: [(cube, move into it), ...]
    starting with (source, "")."""
    prev: dict[Cube, tuple[Cube, str] | None] = {source: None}
    queue = deque([source])
    while queue:
        here = queue.popleft()
        if here == target:
            break
        for nxt, name in neighbours(state, here):
            if nxt not in prev:
                prev[nxt] = (here, name)
                queue.append(nxt)
    if target not in prev:
        raise ValueError(f"no route from {source} to {target}")
    out: list[tuple[Cube, str]] = []
    cube: Cube | None = target
    while cube is not None:
        back = prev[cube]
        out.append((cube, back[1] if back else ""))
        cube = back[0] if back else None
    return out[::-1]


def main_route(state: dict[str, Any]) -> list[tuple[Cube, str]]:
    return route(state, tuple(state["start"]), tuple(state["goal"]))  # type: ignore[arg-type]


def label_cubes(state: dict[str, Any]) -> dict[int, Cube]:
    return {n: (x, y, z) for n, x, y, z in state["labels"]}
