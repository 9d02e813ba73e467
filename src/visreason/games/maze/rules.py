"""Maze logic: carving a perfect maze, placing player and goal, paths and walks (no drawing)."""

from __future__ import annotations

import functools
import itertools
import random
from collections import deque
from dataclasses import dataclass
from typing import Any

from ...core.text import fmt_cell as fmt

WALL, FLOOR = "#", "."
# Canonical direction order, used in prompts, options and analyses alike.
DIRECTIONS: dict[str, tuple[int, int]] = {
    "up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1),
}
GOAL_RANK = 3  # the goal sits at the 3rd-largest distinct Manhattan distance from the player

Cell = tuple[int, int]
Grid = list[str]


def side(rooms: int) -> int:
    """The maze's width in cells: `rooms` rooms per side, walls around and between them."""
    return 2 * rooms + 1


def step(cell: Cell, direction: str) -> Cell:
    dr, dc = DIRECTIONS[direction]
    return (cell[0] + dr, cell[1] + dc)


def is_open(grid: Grid, cell: Cell) -> bool:
    """Inside the board and not a wall."""
    r, c = cell
    return 0 <= r < len(grid) and 0 <= c < len(grid[0]) and grid[r][c] == FLOOR


def carve(rng: random.Random, size: int) -> Grid:
    """A perfect maze by randomised depth-first carving from a random room in steps of two.

    Odd-odd cells are rooms; carving opens the wall cell between a room and an unvisited room,
    so the open cells form a tree and every two open cells are joined by exactly one path.
    The original always starts at (1, 1), which leaves only a few hundred distinct 9x9 mazes
    (and dead ends pointing up or left half as often as the others); a random start room gives
    thousands and no favourite direction.

    The unvisited rooms are one bit mask and each room's possible moves are looked up by the
    mask of its unvisited neighbours (see `_room_moves`), so a step does no per-neighbour work.
    """
    rooms = (size - 1) // 2
    moves = _room_moves(rooms, size)
    cells = [WALL] * (size * size)
    start = rng.randrange(rooms) * rooms + rng.randrange(rooms)
    unvisited = ((1 << rooms * rooms) - 1) ^ (1 << start)
    if rooms > 1:
        cells[_room_cell(start, rooms, size)] = FLOOR
    bits = rng.getrandbits
    stack = [start]
    while stack:
        near, by_free = moves[stack[-1]]
        free = near & unvisited
        if not free:
            stack.pop()
            continue
        fresh = by_free[free]
        # fresh[r] is rng.choice(fresh), inlined: the same draw of k bits until one is < n
        n = len(fresh)
        k = n.bit_length()
        r = bits(k)
        while r >= n:
            r = bits(k)
        room, wall, cell = fresh[r]
        cells[wall] = cells[cell] = FLOOR
        unvisited ^= 1 << room
        stack.append(room)
    flat = "".join(cells)
    return [flat[i:i + size] for i in range(0, size * size, size)]


def _room_cell(room: int, rooms: int, size: int) -> int:
    """Row-major index in a `size`-wide grid of the cell of room number `room`."""
    i, j = divmod(room, rooms)
    return (2 * i + 1) * size + 2 * j + 1


Move = tuple[int, int, int]  # (neighbour room, wall cell between, neighbour's cell)


@functools.cache
def _room_moves(rooms: int, size: int) -> tuple[tuple[int, dict[int, tuple[Move, ...]]], ...]:
    """Per room: the bit mask of its neighbour rooms, and for every non-empty subset of them
    (as a mask) the moves into that subset in the order up, down, left, right."""
    table = []
    for room in range(rooms * rooms):
        i, j = divmod(room, rooms)
        here = _room_cell(room, rooms, size)
        links = [((i + di) * rooms + j + dj, here + di * size + dj,
                  _room_cell((i + di) * rooms + j + dj, rooms, size))
                 for di, dj in DIRECTIONS.values() if 0 <= i + di < rooms and 0 <= j + dj < rooms]
        by_free = {}
        for keep in itertools.product((False, True), repeat=len(links)):
            subset = tuple(itertools.compress(links, keep))
            if subset:
                by_free[sum(1 << move[0] for move in subset)] = subset
        table.append((sum(1 << move[0] for move in links), by_free))
    return tuple(table)


@functools.cache
def _cells(rows: int, cols: int) -> tuple[Cell, ...]:
    """Every cell of a rows x cols grid, row-major."""
    return tuple((r, c) for r in range(rows) for c in range(cols))


# Byte table: 1 for an open cell's character, 0 for any other (see `open_cells`).
_FLOOR_BYTES = bytes(int(b == ord(FLOOR)) for b in range(256))


def open_cells(grid: Grid) -> list[Cell]:
    """Open cells in row-major order (the mask is made by bytes.translate, in C)."""
    mask = "".join(grid).encode("ascii", "replace").translate(_FLOOR_BYTES)
    return list(itertools.compress(_cells(len(grid), len(grid[0]) if grid else 0), mask))


def manhattan(a: Cell, b: Cell) -> int:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


def goal_candidates(grid: Grid, player: Cell) -> tuple[int, list[Cell]]:
    """The goal's Manhattan distance (3rd-largest distinct, or the smallest if fewer) and cells."""
    others = [cell for cell in open_cells(grid) if cell != player]
    distances = sorted({manhattan(player, cell) for cell in others}, reverse=True)
    distance = distances[min(GOAL_RANK, len(distances)) - 1]
    return distance, [cell for cell in others if manhattan(player, cell) == distance]


def random_state(rng: random.Random, size: int) -> dict[str, Any]:
    """A fresh maze with the player on a random open cell and the goal placed by distance rank."""
    grid = carve(rng, size)
    return place(rng, grid, rng.choice(open_cells(grid)))


def place(rng: random.Random, grid: Grid, player: Cell) -> dict[str, Any]:
    """The state with the player on `player` and the goal drawn at the ranked distance."""
    _, candidates = goal_candidates(grid, player)
    goal = rng.choice(candidates)
    return {"size": len(grid), "grid": grid, "player": list(player), "goal": list(goal)}


def cells_with_directions(grid: Grid, wanted: tuple[str, ...]) -> list[Cell]:
    """Open cells whose open neighbours lie exactly in the `wanted` directions.

    Relies on the wall border every carved maze has (no bounds checks).
    """
    up, down, left, right = (d in wanted for d in DIRECTIONS)
    found = []
    for r in range(1, len(grid) - 1):
        above, row, below = grid[r - 1], grid[r], grid[r + 1]
        for c in range(1, len(row) - 1):
            if row[c] == FLOOR and (above[c] == FLOOR) == up and (below[c] == FLOOR) == down \
                    and (row[c - 1] == FLOOR) == left and (row[c + 1] == FLOOR) == right:
                found.append((r, c))
    return found


def available(grid: Grid, cell: Cell) -> list[str]:
    """Directions in canonical order whose neighbouring cell is open."""
    return [d for d in DIRECTIONS if is_open(grid, step(cell, d))]


def shortest_path(grid: Grid, start: Cell, goal: Cell) -> list[Cell]:
    """Breadth-first search; in a perfect maze this is the only path that repeats no cell."""
    parent: dict[Cell, Cell | None] = {start: None}
    queue = deque([start])
    while queue:
        cell = queue.popleft()
        if cell == goal:
            break
        for d in DIRECTIONS:
            nxt = step(cell, d)
            if nxt not in parent and is_open(grid, nxt):
                parent[nxt] = cell
                queue.append(nxt)
    if goal not in parent:
        raise ValueError(f"no path from {fmt(start)} to {fmt(goal)}")
    path: list[Cell] = []
    node: Cell | None = goal
    while node is not None:
        path.append(node)
        node = parent[node]
    return path[::-1]


def distances_from(grid: Grid, source: Cell) -> dict[Cell, int]:
    """Moves from `source` to every open cell it can reach (breadth-first search)."""
    dist = {source: 0}
    queue = deque([source])
    while queue:
        cell = queue.popleft()
        for d in DIRECTIONS:
            nxt = step(cell, d)
            if nxt not in dist and is_open(grid, nxt):
                dist[nxt] = dist[cell] + 1
                queue.append(nxt)
    return dist


def optimal_prefix(grid: Grid, start: Cell, goal: Cell, moves: list[str]) -> int:
    """How many leading moves follow some shortest path from `start` to `goal`.

    A move keeps to a shortest path exactly when it enters an open cell one step nearer the
    goal, so one distance table from the goal judges every shortest path at once.
    """
    dist = distances_from(grid, goal)
    if start not in dist:
        return 0
    cell, count = start, 0
    for direction in moves:
        nxt = step(cell, direction)
        if nxt not in dist or dist[nxt] != dist[cell] - 1:
            break
        cell, count = nxt, count + 1
    return count


def moves_of(path: list[Cell]) -> list[str]:
    """The direction of each step along a path of adjacent cells."""
    lookup = {delta: name for name, delta in DIRECTIONS.items()}
    return [lookup[(b[0] - a[0], b[1] - a[1])] for a, b in itertools.pairwise(path)]


@dataclass(frozen=True)
class Walk:
    """A move sequence carried out: the cells reached, and the first blocked step if any.

    `blocked` is the 1-based number of the move that would enter a wall or leave the board;
    the walk stops there, so `cells[-1]` is where the player stood when it was blocked.
    """

    cells: list[Cell]
    blocked: int | None = None

    @property
    def end(self) -> Cell:
        return self.cells[-1]


def walk(grid: Grid, start: Cell, moves: list[str]) -> Walk:
    cells = [start]
    for k, direction in enumerate(moves, 1):
        nxt = step(cells[-1], direction)
        if not is_open(grid, nxt):
            return Walk(cells, k)
        cells.append(nxt)
    return Walk(cells)


def reaches(grid: Grid, start: Cell, goal: Cell, moves: list[str]) -> bool:
    """Every move legal and the last one ends on the goal."""
    result = walk(grid, start, moves)
    return result.blocked is None and result.end == goal


def turns(moves: list[str]) -> list[int]:
    """1-based numbers of the moves whose direction differs from the move before."""
    return [k for k in range(2, len(moves) + 1) if moves[k - 1] != moves[k - 2]]
