"""Conway's Game of Life (B3/S23) on a torus: grids, neighbourhoods, steps, settling (no text).

A grid is a list of rows of 0 (dead) and 1 (alive); every edge wraps around, so the top row
neighbours the bottom row and the left column neighbours the right column.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ...core import rng as draws

Grid = list[list[int]]
Cell = tuple[int, int]

ALIVE_PROBABILITY = 0.3
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


def live_counts(n: int, low_percent: int, high_percent: int) -> range:
    """The live-cell counts whose share of the n*n cells lies in [low, high] percent."""
    cells = n * n
    return range(-(-low_percent * cells // 100), high_percent * cells // 100 + 1)


@lru_cache(maxsize=64)
def _count_weights(n: int, counts: range, p: float) -> tuple[float, ...]:
    """Cumulative binomial weights of the live counts in `counts` (fixed per window)."""
    cells = n * n
    return tuple(itertools.accumulate(math.comb(cells, k) * p ** k * (1 - p) ** (cells - k)
                                      for k in counts))


def random_bits(rng: random.Random, n: int, counts: range,
                p: float = ALIVE_PROBABILITY) -> int:
    """Each cell alive with probability p, conditioned on the live count lying in `counts`.

    The count is drawn from the binomial law restricted to `counts` and the live cells
    uniformly, which is the same as redrawing independent cells until the count fits.
    """
    live = counts[weighted_index(rng, _count_weights(n, counts, p))]
    # Sampling the cells' bits draws as sampling range(n * n) does: the same positions.
    return sum(draws.sample(rng, _cell_bits(n), live))


def weighted_index(rng: random.Random, cum_weights: Sequence[float]) -> int:
    """The index `rng.choices(range(len(cum_weights)), cum_weights=cum_weights)[0]` picks,
    by the same single `rng.random()` call and bisection, without its per-call overhead."""
    return bisect.bisect_right(cum_weights, rng.random() * (cum_weights[-1] + 0.0), 0,
                               len(cum_weights) - 1)


@lru_cache(maxsize=16)
def _cell_bits(n: int) -> tuple[int, ...]:
    """1 << i for every cell i of an n x n board."""
    return tuple(1 << i for i in range(n * n))


def random_grid(rng: random.Random, n: int, counts: range,
                p: float = ALIVE_PROBABILITY) -> Grid:
    """`random_bits` as a grid."""
    return grid_of(random_bits(rng, n, counts, p), n)


@lru_cache(maxsize=16)
def _row_lists(n: int) -> tuple[tuple[int, ...], ...]:
    """Each n-cell row pattern as its 0/1 values (bit c is column c)."""
    return tuple(tuple((p >> c) & 1 for c in range(n)) for p in range(1 << n))


def grid_of(bits: int, n: int) -> Grid:
    """The grid whose cell (r, c) is bit r*n + c of `bits`."""
    rows, mask = _row_lists(n), (1 << n) - 1
    return [list(rows[(bits >> shift) & mask]) for shift in range(0, n * n, n)]


def bits_of(grid: Grid) -> int:
    n = len(grid)
    return sum(1 << (r * n + c) for r, row in enumerate(grid) for c, v in enumerate(row) if v)


def boards_with(n: int, counts: range) -> list[int]:
    """Every n x n board (as bits) whose live count lies in `counts`, in a fixed order."""
    return [sum(1 << i for i in live) for k in counts
            for live in itertools.combinations(range(n * n), k)]


def board_count(n: int, counts: range) -> int:
    return sum(math.comb(n * n, k) for k in counts)


def unrank_board(n: int, live: int, rank: int) -> int:
    """The board (as bits) of `live` live cells numbered `rank` in colex order of the cells:
    per k from `live` down, the highest cell c with comb(c, k) <= rank is live."""
    combs = _comb_rows(n * n)
    bits = 0
    for k in range(live, 0, -1):
        c = bisect.bisect_right(combs[k], rank) - 1
        rank -= combs[k][c]
        bits |= 1 << c
    return bits


@lru_cache(maxsize=16)
def _comb_rows(cells: int) -> tuple[tuple[int, ...], ...]:
    """comb(c, k) for c in 0..cells-1, per k in 0..cells (each row ascends in c)."""
    return tuple(tuple(math.comb(c, k) for c in range(cells)) for k in range(cells + 1))


@lru_cache(maxsize=16)
def neighbour_masks(n: int) -> tuple[int, ...]:
    """For each cell (row-major), the bits of its 8 toroidal neighbours."""
    return tuple(sum(1 << (rr * n + cc) for _, (rr, cc), _ in row)
                 for row in neighbour_table(n))


def step_bits(bits: int, n: int) -> int:
    """One iteration on a board given as bits (the searches call this many times): looked up
    in `step_table` on boards of up to STEP_TABLE_CELLS cells."""
    if n * n <= STEP_TABLE_CELLS:
        return step_table(n)[bits]
    if n <= ROW_TABLE_SIDE:
        return row_step_bits(bits, n)
    return plain_step_bits(bits, n)


# Boards of up to this many cells (4x4) have every next board listed (65,536 entries, built
# in well under 0.1 s); a 5x5 board's 33 million would not fit.
STEP_TABLE_CELLS = 16
# Boards up to this side step row by row from `row_step_table` (32,768 row triples of a 5x5
# board).
ROW_TABLE_SIDE = 5


def row_step_bits(bits: int, n: int) -> int:
    """`plain_step_bits` a row at a time: each row's next state looked up by the rows above,
    at and below it."""
    table, row_mask, cells = row_step_table(n), (1 << n) - 1, n * n
    # The board with its last row put before it and its first row after it: bits r*n on
    # hold rows r - 1, r and r + 1 of the torus.
    around = bits >> (cells - n) | bits << n | (bits & row_mask) << (cells + n)
    triple, after = (1 << 3 * n) - 1, 0
    for shift in range(0, cells, n):
        after |= table[around >> shift & triple] << shift
    return after


@lru_cache(maxsize=4)
def row_step_table(n: int) -> tuple[int, ...]:
    """Per three consecutive rows of an n x n torus (the row above in the low bits, then the
    row, then the row below), the row's next state: on a board of 3 or more rows its cells'
    neighbours lie in those rows alone."""
    masks = neighbour_masks(n)[n:2 * n]  # the middle row's cells of a board made of the triple
    return tuple(sum(1 << c for c, mask in enumerate(masks)
                     if (live := (rows & mask).bit_count()) == 3
                     or (live == 2 and rows >> (n + c) & 1))
                 for rows in range(1 << 3 * n))


@lru_cache(maxsize=4)
def step_table(n: int) -> tuple[int, ...]:
    """`plain_step_bits(bits, n)` of every n x n board, indexed by its bits (stepped a row
    at a time, which builds it in half the time)."""
    return tuple(row_step_bits(bits, n) for bits in range(1 << n * n))


def plain_step_bits(bits: int, n: int) -> int:
    """One iteration on a board given as bits, cell by cell."""
    after = 0
    for i, mask in enumerate(neighbour_masks(n)):
        live = (bits & mask).bit_count()
        if live == 3 or (live == 2 and bits >> i & 1):
            after |= 1 << i
    return after


def live_cells(grid: Grid) -> list[Cell]:
    """Live cells in row-major order."""
    return [(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v]


def live_count(grid: Grid) -> int:
    return sum(map(sum, grid))


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


def cell_update(grid: Grid, r: int, c: int) -> CellUpdate:
    """How cell (r, c) fares in one iteration, with the neighbourhood that decides it."""
    around = neighbours(grid, r, c)
    return CellUpdate((r, c), grid[r][c], next_state(grid[r][c], sum(n.alive for n in around)),
                      around)


def step_trace(grid: Grid) -> list[CellUpdate]:
    """Every cell's update for one iteration, row-major; all cells update simultaneously."""
    return [cell_update(grid, r, c) for r in range(len(grid)) for c in range(len(grid))]


def step(grid: Grid) -> Grid:
    """One iteration without the trace, on the board's bits (the searches call this often)."""
    n = len(grid)
    return grid_of(step_bits(bits_of(grid), n), n)


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




# ------------------------------------------------------------------ tables for the searches

@lru_cache(maxsize=16)
def _window_columns(n: int) -> tuple[tuple[int, ...], ...]:
    """Per start column c, each row pattern's WINDOW cells from column c on (wrapping), as
    the bits of one block row."""
    return tuple(tuple(sum(((p >> ((c + j) % n)) & 1) << j for j in range(WINDOW))
                       for p in range(1 << n))
                 for c in range(n))


def window_block(bits: int, n: int, index: int) -> int:
    """`window_blocks(bits, n)[index]` alone."""
    r, c = divmod(index, n)
    mask, columns = (1 << n) - 1, _window_columns(n)[c]
    top, middle, bottom = ((bits >> ((r + i) % n * n)) & mask for i in range(WINDOW))
    return columns[top] | columns[middle] << WINDOW | columns[bottom] << 2 * WINDOW


def window_blocks(bits: int, n: int) -> list[int]:
    """The bits of every wrapped WINDOW x WINDOW block of a board, by top-left cell in
    row-major order: entry r*n + c equals `bits_of(window(grid_of(bits, n), r, c))`."""
    mask = (1 << n) - 1
    rows = [(bits >> (r * n)) & mask for r in range(n)]
    columns = _window_columns(n)
    blocks = []
    for r in range(n):
        # WINDOW (= 3) board rows make the block's rows 0, 1 and 2.
        top, middle, bottom = rows[r], rows[(r + 1) % n], rows[(r + 2) % n]
        blocks.extend(t[top] | t[middle] << WINDOW | t[bottom] << 2 * WINDOW for t in columns)
    return blocks


@lru_cache(maxsize=1)
def block_settlings() -> tuple[Settling, ...]:
    """`settle` of every WINDOW x WINDOW block, indexed by the block's bits (512 blocks).

    Shared: callers copy the history grids before handing them out."""
    return tuple(settle(grid_of(block, WINDOW)) for block in range(1 << WINDOW * WINDOW))
