"""Colour Sudoku logic: boards, candidates, a bitmask solver, puzzle making, naked singles.

A board is a list of rows of ints: 0 is an empty cell and v in 1..n is the colour `colors[v - 1]`.
Cells are (row, col) pairs, 0-based inside this module; the tasks add 1 when they write them.
Colours seen in a row, column or box are kept as bitmasks (bit v for colour v), and the tables
of a board size (box of each cell, cells of each box) are built once per process.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, compress
from operator import itemgetter, not_

from ...core import rng as draws

EMPTY = 0
BASE_COLORS = ("red", "green", "blue", "magenta")
EXTRA_COLORS = ("yellow", "aqua", "gray", "purple", "forest green")
BOX = {4: 2, 9: 3}

Board = list[list[int]]
Cell = tuple[int, int]
Masks = tuple[list[int], list[int], list[int]]


def colors_for(size: int) -> list[str]:
    """The colour names of a board of `size`, in the order the values 1..size stand for."""
    return _ALL_COLORS[:size]


_ALL_COLORS = [*BASE_COLORS, *EXTRA_COLORS]


@cache
def box_index(size: int) -> tuple[tuple[int, ...], ...]:
    """box_index(size)[r][c]: the box (numbered row-major) of cell (r, c)."""
    b = BOX[size]
    return tuple(tuple((r // b) * b + c // b for c in range(size)) for r in range(size))


def box_of(size: int, cell: Cell) -> int:
    return box_index(size)[cell[0]][cell[1]]


@lru_cache(maxsize=32)
def box_cells(size: int, index: int) -> tuple[Cell, ...]:
    """The cells of box `index` (boxes numbered row-major), row-major.

    Kept per box: carving asks for a cell's box once per blank it tries.
    """
    b = BOX[size]
    r0, c0 = (index // b) * b, (index % b) * b
    return tuple((r, c) for r in range(r0, r0 + b) for c in range(c0, c0 + b))


@cache
def _colours(size: int) -> set[int]:
    """Every value of a board of `size` (`difference` then gives a new set each time)."""
    return set(range(1, size + 1))


def full_mask(size: int) -> int:
    """Bits 1..size set: every colour."""
    return ((1 << (size + 1)) - 1) ^ 1


@cache
def cells_of(size: int) -> tuple[Cell, ...]:
    """Every cell of a board of `size`, row-major (kept per size)."""
    return tuple((r, c) for r in range(size) for c in range(size))


def empties(board: Board) -> list[Cell]:
    """The empty cells, row-major."""
    return list(compress(cells_of(len(board)), map(not_, chain.from_iterable(board))))


@dataclass(frozen=True)
class Constraints:
    """What a cell's row, column and box already hold, and the values left for it."""

    row: list[int]
    col: list[int]
    box: list[int]
    candidates: list[int]


def constraints(board: Board, cell: Cell) -> Constraints:
    """The values in the cell's row, column and box (each in reading order) and its candidates."""
    size, b = len(board), BOX[len(board)]
    r, c = cell
    r0, c0 = r - r % b, c - c % b
    row = [v for v in board[r] if v]
    col = [line[c] for line in board if line[c]]
    box = [v for line in board[r0:r0 + b] for v in line[c0:c0 + b] if v]
    seen = set(row)
    seen.update(col, box)
    return Constraints(row, col, box, [v for v in range(1, size + 1) if v not in seen])


# --- solving ---------------------------------------------------------------------------------

def consistent_masks(board: Board) -> Masks | None:
    """The row, column and box bitmasks of the filled cells; None if a value repeats in one."""
    size = len(board)
    boxes_of = box_index(size)
    rows, cols, boxes = [0] * size, [0] * size, [0] * size
    for r, row in enumerate(board):
        in_row, box_row = 0, boxes_of[r]
        for c, v in enumerate(row):
            if v:
                bit = 1 << v
                b = box_row[c]
                if (in_row | cols[c] | boxes[b]) & bit:
                    return None
                in_row |= bit
                cols[c] |= bit
                boxes[b] |= bit
        rows[r] = in_row
    return rows, cols, boxes


def _search(masks: Masks, remaining: list[tuple[int, int, int]], full: int, limit: int) -> int:
    """Completions of the open cells `remaining` (row, col, box), counted no further than
    `limit`; always branches on the first open cell with the fewest candidates. The masks
    are changed while searching and left as they were."""
    if not remaining:
        return 1
    rows, cols, boxes = masks
    best_i, best_free, best_count = -1, 0, full.bit_count() + 1
    for i, (r, c, b) in enumerate(remaining):
        free = full & ~(rows[r] | cols[c] | boxes[b])
        count = free.bit_count()
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
        found += _search(masks, rest, full, limit)
        rows[r] ^= bit
        cols[c] ^= bit
        boxes[b] ^= bit
        if found >= limit:
            break
    return found


def count_solutions(board: Board, limit: int = 2) -> int:
    """How many completions the board has, counting no further than `limit`.

    Depth-first search on row/column/box bitmasks, always branching on the empty cell with the
    fewest candidates, so a nearly full board is settled with little or no branching.
    """
    size = len(board)
    masks = consistent_masks(board)
    if masks is None:
        return 0
    boxes_of = box_index(size)
    open_cells = [(r, c, boxes_of[r][c]) for r, c in empties(board)]
    return _search(masks, open_cells, full_mask(size), limit)


# --- generation ------------------------------------------------------------------------------

@cache
def _pattern_shifts(size: int) -> tuple[int, ...]:
    """Per row r of the base pattern, the shift b * (r % b) + r // b of its values."""
    b = BOX[size]
    return tuple(b * (r % b) + r // b for r in range(size))


def random_solution(rng: random.Random, size: int) -> Board:
    """A uniformly relabelled, shuffled full grid from the standard base pattern.

    The base pattern value(r, c) = (b * (r % b) + r // b + c) % n is a valid Sudoku; permuting
    rows inside bands, bands, columns inside stacks, stacks and the symbols keeps it valid.
    """
    b = BOX[size]
    # Drawn in turn: the row bands, the rows inside each, the column stacks, the columns
    # inside each (b + 1 permutations of range(b) per axis), then the symbols.
    perms = draws.permutations(rng, b, 2 * (b + 1))
    symbols = draws.permutation(rng, size, start=1)
    shifts = _pattern_shifts(size)
    col_order = []
    for stack, inner in zip(perms[b + 1], perms[b + 2:], strict=True):
        col_order += [stack * b + i for i in inner]
    # Row r reads symbols[(shift + c) % n] at column c: pick the columns from a doubled list.
    doubled = symbols + symbols
    pick = itemgetter(*col_order)
    grid = []
    for band, inner in zip(perms[0], perms[1:b + 1], strict=True):
        grid += [list(pick(doubled[shifts[band * b + i]:])) for i in inner]
    return grid


class Carver:
    """A board being carved into a puzzle, with what carving needs kept up to date.

    The colours of each row, column and box are bitmasks and the open cells a list, so a
    tried blank costs a few bit operations, plus a search only when it leaves a choice.
    `board` is carved in place; the board must be consistent (no value repeats).
    """

    def __init__(self, board: Board, masks: Masks, open_cells: list[Cell] | None = None) -> None:
        """`open_cells`: the board's empty cells, if known."""
        size = len(board)
        self.board = board
        self.rows, self.cols, self.boxes = masks
        self.boxes_of = box_index(size)
        self.full = full_mask(size)
        self.open = [(r, c, self.boxes_of[r][c])
                     for r, c in (empties(board) if open_cells is None else open_cells)]

    @classmethod
    def solved(cls, solution: Board, copy: bool = True) -> Carver:
        """A carver of a copy of a complete grid from `random_solution` (of the grid itself
        with `copy=False`, for a caller that keeps no other use of it): valid by
        construction, so every row, column and box holds every colour."""
        size = len(solution)
        full = full_mask(size)
        masks = ([full] * size, [full] * size, [full] * size)
        return cls([row[:] for row in solution] if copy else solution, masks, [])

    def carve(
        self, cells: Iterable[Cell], limit: int, accept: Callable[[Cell], bool] | None = None
    ) -> int:
        """Empty the filled cells of `cells` in order, each only while the solution stays
        unique; see `carve_blanks`."""
        board, rows, cols, boxes = self.board, self.rows, self.cols, self.boxes
        boxes_of, full, open_cells = self.boxes_of, self.full, self.open
        masks = (rows, cols, boxes)
        removed = 0
        for r, c in cells:
            if removed >= limit:
                break
            value = board[r][c]
            if value == EMPTY or (accept is not None and not accept((r, c))):
                continue
            board[r][c] = EMPTY
            b, bit = boxes_of[r][c], 1 << value
            rows[r] ^= bit
            cols[c] ^= bit
            boxes[b] ^= bit
            open_cells.append((r, c, b))
            # The board stays consistent, so the removed value is always a candidate.
            if full & ~(rows[r] | cols[c] | boxes[b]) != bit \
                    and _search(masks, open_cells, full, 2) != 1:
                board[r][c] = value
                rows[r] |= bit
                cols[c] |= bit
                boxes[b] |= bit
                open_cells.pop()
            else:
                removed += 1
        return removed

    def naked_single_fills(self, length: int) -> list[tuple[Cell, int]] | None:
        """`naked_single_fills` of the carved board, read off the kept masks: the board is
        consistent, so a cell's candidates are the colours its row, column and box masks
        leave. The carver is left as it was."""
        rows, cols, boxes, full = self.rows[:], self.cols[:], self.boxes[:], self.full
        open_cells = sorted(self.open)
        fills = []
        for _ in range(length):
            for r, c, b in open_cells:
                free = full & ~(rows[r] | cols[c] | boxes[b])
                if free and not free & (free - 1):
                    break
            else:
                return None
            open_cells.remove((r, c, b))
            rows[r] |= free
            cols[c] |= free
            boxes[b] |= free
            fills.append(((r, c), free.bit_length() - 1))
        return fills


def carve_blanks(
    board: Board, cells: Iterable[Cell], limit: int, accept: Callable[[Cell], bool] | None = None
) -> int:
    """Empty the filled cells of `cells` in order, each only while the solution stays unique.

    At most `limit` cells are emptied, and only those `accept` allows (checked on the board as
    it is at that moment). Returns how many were emptied. A blank whose row, column and box
    leave a single value cannot create a second solution, so only the others need a search.
    """
    masks = consistent_masks(board)
    if masks is None:
        return _carve_plain(board, cells, limit, accept)
    return Carver(board, masks).carve(cells, limit, accept)


def _carve_plain(
    board: Board, cells: Iterable[Cell], limit: int, accept: Callable[[Cell], bool] | None
) -> int:
    """`carve_blanks` on a board where a value repeats, cell by cell without kept masks
    (a blank may remove the repeat)."""
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
    draws.shuffle(rng, cells)
    carve_blanks(board, cells, blanks)
    return board


def swap_values(board: Board, a: int, b: int) -> Board:
    """The board with colours `a` and `b` exchanged: still valid, with as many solutions."""
    if a == b:
        return [row[:] for row in board]
    if 0 <= a < 256 and 0 <= b < 256:
        table = _swap_table(a, b)
        try:  # each row as bytes, relabelled in one pass
            return [list(bytes(row).translate(table)) for row in board]
        except (ValueError, TypeError):  # a value that is no byte
            pass
    swap = list(range(max(len(board), a, b) + 1))
    swap[a], swap[b] = b, a
    relabel = swap.__getitem__
    return [list(map(relabel, row)) for row in board]


@lru_cache(maxsize=128)
def _swap_table(a: int, b: int) -> bytes:
    """The byte translation that exchanges a and b."""
    table = bytearray(range(256))
    table[a], table[b] = b, a
    return bytes(table)


@cache
def peer_cells(size: int, cell: Cell) -> tuple[Cell, ...]:
    """`peers` as a tuple kept per cell (for callers that only read it)."""
    r, c = cell
    found = {(r, j) for j in range(size)} | {(i, c) for i in range(size)}
    found |= set(box_cells(size, box_of(size, cell)))
    found.discard(cell)
    return tuple(sorted(found))


def peers(size: int, cell: Cell) -> list[Cell]:
    """The other cells of the cell's row, column and box, each once, in reading order."""
    return list(peer_cells(size, cell))


# --- naked singles ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SingleStep:
    """One naked single found by the row-major scan: the cell, its constraints and its value."""

    cell: Cell
    why: Constraints

    @property
    def value(self) -> int:
        return self.why.candidates[0]


def _left(board: Board, r: int, c: int) -> set[int]:
    """The values the row, column and box of (r, c) leave (a new set)."""
    b = BOX[len(board)]
    r0, c0 = r - r % b, c - c % b
    return _colours(len(board)).difference(
        board[r], [line[c] for line in board], *[line[c0:c0 + b] for line in board[r0:r0 + b]])


def first_naked_single(board: Board) -> SingleStep | None:
    """The first empty cell in row-major order whose row, column and box leave one value."""
    for cell in empties(board):
        if len(_left(board, *cell)) == 1:
            return SingleStep(cell, constraints(board, cell))
    return None


def naked_single_fills(board: Board, length: int) -> list[tuple[Cell, int]] | None:
    """The (cell, value) of `length` naked singles, each found by the row-major scan on the
    board with the previous ones filled in; None if the scan runs dry first.

    A cell's candidates are worked out when the scan first reaches it and then only lose
    the values filled into its peers, so a scan that stops early leaves the rest alone.
    """
    boxes_of = box_index(len(board))
    work = [row[:] for row in board]
    open_cells = empties(board)
    known: dict[Cell, set[int]] = {}
    fills = []
    for _ in range(length):
        for cell in open_cells:
            left = known.get(cell)
            if left is None:
                left = known[cell] = _left(work, *cell)
            if len(left) == 1:
                break
        else:
            return None
        (value,) = left
        open_cells.remove(cell)
        del known[cell]
        r, c = cell
        work[r][c] = value
        fills.append((cell, value))
        box = boxes_of[r][c]
        for (i, j), values in known.items():
            if i == r or j == c or boxes_of[i][j] == box:
                values.discard(value)
    return fills


@cache
def _flat_lookups(size: int) -> tuple[tuple[Callable[[list[int]], tuple[int, ...]], ...],
                                      tuple[Callable[[list[int]], tuple[int, ...]], ...]]:
    """Per flat cell index r * size + c of a board read row-major into one list: a getter
    of its peers' values (row, column and box, each peer once) and a getter of its box's
    values in reading order (kept per size)."""
    cells = cells_of(size)
    flat = {cell: i for i, cell in enumerate(cells)}
    peer_getters = tuple(itemgetter(*[flat[p] for p in peer_cells(size, cell)]) for cell in cells)
    box_getters = tuple(itemgetter(*[flat[p] for p in box_cells(size, box_of(size, cell))])
                        for cell in cells)
    return peer_getters, box_getters


def naked_single_chain(board: Board, length: int) -> list[SingleStep] | None:
    """`length` naked singles, each found by the row-major scan on the board with the
    previous ones filled in, with the row, column and box values each one is found from;
    None if the scan runs dry first.

    The board is read into one list, and a scanned cell's candidates are the colours its
    peers' values (one table lookup) leave.
    """
    size = len(board)
    peer_values, box_values = _flat_lookups(size)
    colours = _colours(size)
    work = list(chain.from_iterable(board))
    open_cells = list(compress(range(size * size), map(not_, work)))
    steps = []
    for _ in range(length):
        for i in open_cells:
            left = colours.difference(peer_values[i](work))
            if len(left) == 1:
                break
        else:
            return None
        open_cells.remove(i)
        r, c = divmod(i, size)
        start = i - c
        why = Constraints(list(filter(None, work[start:start + size])),
                          list(filter(None, work[c::size])),
                          list(filter(None, box_values[i](work))), list(left))
        steps.append(SingleStep((r, c), why))
        work[i] = why.candidates[0]
    return steps
