"""Colour Sudoku logic: boards, candidates, a bitmask solver, puzzle making, naked singles.

A board is a list of rows of ints: 0 is an empty cell and v in 1..n is the colour `colors[v - 1]`.
Cells are (row, col) pairs, 0-based inside this module; the tasks add 1 when they write them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

EMPTY = 0
BASE_COLORS = ("red", "green", "blue", "magenta")
EXTRA_COLORS = ("yellow", "aqua", "gray", "purple", "forest green")
BOX = {4: 2, 9: 3}

Board = list[list[int]]
Cell = tuple[int, int]


def colors_for(size: int) -> list[str]:
    """The colour names of a board of `size`, in the order the values 1..size stand for."""
    return list(BASE_COLORS + EXTRA_COLORS)[:size]


def box_of(size: int, cell: Cell) -> int:
    b = BOX[size]
    return (cell[0] // b) * b + cell[1] // b


@lru_cache(maxsize=32)
def box_cells(size: int, index: int) -> tuple[Cell, ...]:
    """The cells of box `index` (boxes numbered row-major), row-major.

    Kept per box: carving asks for a cell's box once per blank it tries.
    """
    b = BOX[size]
    r0, c0 = (index // b) * b, (index % b) * b
    return tuple((r, c) for r in range(r0, r0 + b) for c in range(c0, c0 + b))


def empties(board: Board) -> list[Cell]:
    return [(r, c) for r, row in enumerate(board) for c, v in enumerate(row) if v == EMPTY]


@dataclass(frozen=True)
class Constraints:
    """What a cell's row, column and box already hold, and the values left for it."""

    row: list[int]
    col: list[int]
    box: list[int]
    candidates: list[int]


def constraints(board: Board, cell: Cell) -> Constraints:
    """The values in the cell's row, column and box (each in reading order) and its candidates."""
    size = len(board)
    r, c = cell
    row = [v for v in board[r] if v]
    col = [board[i][c] for i in range(size) if board[i][c]]
    box = [board[i][j] for i, j in box_cells(size, box_of(size, cell)) if board[i][j]]
    seen = set(row) | set(col) | set(box)
    return Constraints(row, col, box, [v for v in range(1, size + 1) if v not in seen])


# --- solving ---------------------------------------------------------------------------------

def _masks(board: Board) -> tuple[list[int], list[int], list[int]]:
    size = len(board)
    rows, cols, boxes = [0] * size, [0] * size, [0] * size
    for r, row in enumerate(board):
        for c, v in enumerate(row):
            if v:
                bit = 1 << v
                rows[r] |= bit
                cols[c] |= bit
                boxes[box_of(size, (r, c))] |= bit
    return rows, cols, boxes


def count_solutions(board: Board, limit: int = 2) -> int:
    """How many completions the board has, counting no further than `limit`.

    Depth-first search on row/column/box bitmasks, always branching on the empty cell with the
    fewest candidates, so a nearly full board is settled with little or no branching.
    """
    size = len(board)
    full = ((1 << (size + 1)) - 1) ^ 1
    if not _consistent(board):
        return 0
    rows, cols, boxes = _masks(board)
    open_cells = [(r, c, box_of(size, (r, c))) for r, c in empties(board)]

    def search(remaining: list[tuple[int, int, int]]) -> int:
        if not remaining:
            return 1
        best_i, best_free, best_count = -1, 0, size + 1
        for i, (r, c, b) in enumerate(remaining):
            free = full & ~(rows[r] | cols[c] | boxes[b])
            count = bin(free).count("1")
            if count < best_count:
                best_i, best_free, best_count = i, free, count
                if count <= 1:
                    break
        if best_count == 0:
            return 0
        r, c, b = remaining[best_i]
        rest = remaining[:best_i] + remaining[best_i + 1:]
        found = 0
        free = best_free
        while free:
            bit = free & -free
            free ^= bit
            rows[r] |= bit
            cols[c] |= bit
            boxes[b] |= bit
            found += search(rest)
            rows[r] ^= bit
            cols[c] ^= bit
            boxes[b] ^= bit
            if found >= limit:
                break
        return found

    return search(open_cells)


def _consistent(board: Board) -> bool:
    """No value repeats in any row, column or box among the filled cells."""
    size = len(board)
    groups = [[(r, c) for c in range(size)] for r in range(size)]
    groups += [[(r, c) for r in range(size)] for c in range(size)]
    groups += [box_cells(size, i) for i in range(size)]
    for group in groups:
        values = [board[r][c] for r, c in group if board[r][c]]
        if len(values) != len(set(values)):
            return False
    return True


# --- generation ------------------------------------------------------------------------------

def random_solution(rng: random.Random, size: int) -> Board:
    """A uniformly relabelled, shuffled full grid from the standard base pattern.

    The base pattern value(r, c) = (b * (r % b) + r // b + c) % n is a valid Sudoku; permuting
    rows inside bands, bands, columns inside stacks, stacks and the symbols keeps it valid.
    """
    b = BOX[size]

    def order() -> list[int]:
        bands = rng.sample(range(b), b)
        return [band * b + i for band in bands for i in rng.sample(range(b), b)]

    row_order, col_order = order(), order()
    symbols = rng.sample(range(1, size + 1), size)
    return [[symbols[(b * (r % b) + r // b + c) % size] for c in col_order] for r in row_order]


def carve_blanks(
    board: Board, cells: list[Cell], limit: int, accept: Callable[[Cell], bool] | None = None
) -> int:
    """Empty the filled cells of `cells` in order, each only while the solution stays unique.

    At most `limit` cells are emptied, and only those `accept` allows (checked on the board as
    it is at that moment). Returns how many were emptied. A blank whose row, column and box
    leave a single value cannot create a second solution, so only the others need a search.
    """
    removed = 0
    for r, c in cells:
        if removed >= limit:
            break
        value = board[r][c]
        if value == EMPTY or (accept is not None and not accept((r, c))):
            continue
        board[r][c] = EMPTY
        if len(constraints(board, (r, c)).candidates) > 1 and count_solutions(board) != 1:
            board[r][c] = value
        else:
            removed += 1
    return removed


def make_puzzle(rng: random.Random, solution: Board, blanks: int) -> Board:
    """Blank cells in random order, keeping a blank only while the solution stays unique.

    Stops after `blanks` blanks or when every cell has been tried.
    """
    size = len(solution)
    board = [row[:] for row in solution]
    cells = [(r, c) for r in range(size) for c in range(size)]
    rng.shuffle(cells)
    carve_blanks(board, cells, blanks)
    return board


def swap_values(board: Board, a: int, b: int) -> Board:
    """The board with colours `a` and `b` exchanged: still valid, with as many solutions."""
    swap = {a: b, b: a}
    return [[swap.get(v, v) for v in row] for row in board]


def peers(size: int, cell: Cell) -> list[Cell]:
    """The other cells of the cell's row, column and box, each once."""
    r, c = cell
    found = {(r, j) for j in range(size)} | {(i, c) for i in range(size)}
    found |= set(box_cells(size, box_of(size, cell)))
    found.discard(cell)
    return sorted(found)


# --- naked singles ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SingleStep:
    """One naked single found by the row-major scan: the cell, its constraints and its value."""

    cell: Cell
    why: Constraints

    @property
    def value(self) -> int:
        return self.why.candidates[0]


def first_naked_single(board: Board) -> SingleStep | None:
    """The first empty cell in row-major order whose row, column and box leave one value."""
    for cell in empties(board):
        why = constraints(board, cell)
        if len(why.candidates) == 1:
            return SingleStep(cell, why)
    return None


def naked_single_chain(board: Board, length: int) -> list[SingleStep] | None:
    """`length` naked singles, each found on the board with the previous ones filled in."""
    work = [row[:] for row in board]
    steps = []
    for _ in range(length):
        step = first_naked_single(work)
        if step is None:
            return None
        steps.append(step)
        work[step.cell[0]][step.cell[1]] = step.value
    return steps
