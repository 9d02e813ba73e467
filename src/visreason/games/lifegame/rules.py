"""Conway's Game of Life (B3/S23) on a torus: grids, neighbourhoods, steps, settling (no text).

A grid is a list of rows of 0 (dead) and 1 (alive); every edge wraps around, so the top row
neighbours the bottom row and the left column neighbours the right column.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

Grid = list[list[int]]
Cell = tuple[int, int]

SIZES = {"easy": 3, "medium": 4, "hard": 5}
ALIVE_PROBABILITY = 0.3
DENSITY_RANGE = (0.2, 0.4)
WINDOW = 3

# The 8 neighbours in reading order: (name, row offset, column offset).
DIRECTIONS: list[tuple[str, int, int]] = [
    ("above-left", -1, -1), ("above", -1, 0), ("above-right", -1, 1),
    ("left", 0, -1), ("right", 0, 1),
    ("below-left", 1, -1), ("below", 1, 0), ("below-right", 1, 1),
]


@dataclass(frozen=True)
class Neighbour:
    """One of a cell's 8 neighbours; `wrapped` says the offset crossed an edge of the board."""

    direction: str
    cell: Cell
    wrapped: bool
    alive: bool


@dataclass(frozen=True)
class CellUpdate:
    """How one cell fares in one iteration, with the neighbourhood that decided it."""

    cell: Cell
    before: int
    after: int
    neighbours: list[Neighbour]

    @property
    def live_neighbours(self) -> int:
        return sum(n.alive for n in self.neighbours)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def random_grid(rng: random.Random, n: int, p: float = ALIVE_PROBABILITY) -> Grid:
    """Each cell independently alive with probability p."""
    return [[int(rng.random() < p) for _ in range(n)] for _ in range(n)]


def live_cells(grid: Grid) -> list[Cell]:
    """Live cells in row-major order."""
    return [(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v]


def live_count(grid: Grid) -> int:
    return sum(map(sum, grid))


def density_ok(grid: Grid) -> bool:
    """The live fraction lies in DENSITY_RANGE, so boards are neither empty nor crowded."""
    low, high = DENSITY_RANGE
    return low <= live_count(grid) / (len(grid) ** 2) <= high


@lru_cache(maxsize=16)
def neighbour_table(n: int) -> tuple[tuple[tuple[str, Cell, bool], ...], ...]:
    """For each cell of an n x n torus (row-major), its 8 neighbours as (direction, cell,
    wrapped); on boards of 3x3 or larger they are 8 distinct cells. Built once per size."""
    table = []
    for r in range(n):
        for c in range(n):
            row = []
            for name, dr, dc in DIRECTIONS:
                rr, cc = r + dr, c + dc
                wrapped = not (0 <= rr < n and 0 <= cc < n)
                row.append((name, (rr % n, cc % n), wrapped))
            table.append(tuple(row))
    return tuple(table)


def neighbours(grid: Grid, r: int, c: int) -> list[Neighbour]:
    """The 8 toroidal neighbours of (r, c) with their current states."""
    n = len(grid)
    return [Neighbour(name, cell, wrapped, bool(grid[cell[0]][cell[1]]))
            for name, cell, wrapped in neighbour_table(n)[r * n + c]]


def live_neighbours(grid: Grid, r: int, c: int) -> int:
    n = len(grid)
    return sum(grid[rr][cc] for _, (rr, cc), _ in neighbour_table(n)[r * n + c])


def next_state(alive: int, live_neighbours: int) -> int:
    """B3/S23: birth on exactly 3 live neighbours, survival on 2 or 3."""
    if alive:
        return int(live_neighbours in (2, 3))
    return int(live_neighbours == 3)


def step_trace(grid: Grid) -> list[CellUpdate]:
    """Every cell's update for one iteration, row-major; all cells update simultaneously."""
    updates = []
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            around = neighbours(grid, r, c)
            after = next_state(value, sum(n.alive for n in around))
            updates.append(CellUpdate((r, c), value, after, around))
    return updates


def step(grid: Grid) -> Grid:
    """One iteration without the trace (the searches call this many times)."""
    return [[next_state(v, live_neighbours(grid, r, c)) for c, v in enumerate(row)]
            for r, row in enumerate(grid)]


def evolve(grid: Grid, k: int) -> list[Grid]:
    """The grid now and after each of the next k iterations (k + 1 grids)."""
    history = [grid]
    for _ in range(k):
        history.append(step(history[-1]))
    return history


def window(grid: Grid, r: int, c: int, size: int = WINDOW) -> Grid:
    """The size x size block whose top-left cell is (r, c), wrapping around the board's edges."""
    n = len(grid)
    return [[grid[(r + i) % n][(c + j) % n] for j in range(size)] for i in range(size)]


def window_cells(n: int, r: int, c: int, size: int = WINDOW) -> tuple[list[int], list[int]]:
    """The board rows and columns a wrapped window starting at (r, c) covers, in order."""
    return [(r + i) % n for i in range(size)], [(c + j) % n for j in range(size)]


@dataclass(frozen=True)
class Settling:
    """The first step k at which a pattern is still (unchanged by one more iteration) or repeats
    an earlier state; `history` holds the states 0..k and `repeat_of` the earlier index, if any."""

    k: int
    history: list[Grid]
    still: bool
    repeat_of: int | None


def settle(grid: Grid) -> Settling:
    """Evolve `grid` on its own torus until a state is still or repeats.

    Terminates within 2**(n*n) steps because a state must eventually recur; for the 3x3 windows
    used here that bound is 512, and in practice it takes at most 2 steps.
    """
    history = [grid]
    seen = {_key(grid): 0}
    while True:
        current = history[-1]
        following = step(current)
        if following == current:
            return Settling(len(history) - 1, history, True, None)
        key = _key(following)
        if key in seen:
            history.append(following)
            return Settling(len(history) - 1, history, False, seen[key])
        seen[key] = len(history)
        history.append(following)


def _key(grid: Grid) -> tuple[int, ...]:
    return tuple(v for row in grid for v in row)


