"""Rhythm game rules: the board of falling blocks, the scoring walk of one column, and the
column symmetries used to place the best column.

The board has `rows` rows, row 1 at the bottom, and `cols` columns, column 1 at the left; it
is stored bottom row first, one string per row. A cell holds EMPTY, CLICK, REVERSE or part of
a snake: a vertical run whose lowest cell is its HEAD, its top cell its TAIL and any cells
between them BODY. Blocks fall one row per second; the player's finger stays on one column and
takes whatever reaches row 1, so playing column c is a walk up the board from row 1.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from functools import lru_cache

EMPTY, CLICK, REVERSE, HEAD, BODY, TAIL = ".", "C", "R", "H", "B", "T"
KINDS = (EMPTY, CLICK, REVERSE, HEAD, BODY, TAIL)
CLICK_POINTS, REVERSE_POINTS = 10, 15
SNAKE_LENGTHS = (2, 3, 4, 5)
# The original's block mix: click : reverse : snake = 7 : 4 : 3.
MIX = (7, 4, 3)

Board = list[str]


def snake_points(length: int) -> int:
    return length * (2 * length + 7)


def cell(board: Board, row: int, col: int) -> str:
    """The block at (row, col), both 1-based, row 1 at the bottom."""
    return board[row - 1][col - 1]


def snake_length_from(board: Board, row: int, col: int) -> int:
    """Cells from (row, col) up to and including the snake's tail: 1 + body cells + 1 for a
    head or a body cell, counting only the cells at and above (row, col)."""
    n = row + 1
    while cell(board, n, col) == BODY:
        n += 1
    return n - row + 1


def mirror(col: int, cols: int) -> int:
    return cols - col + 1


@dataclass
class Event:
    """One cell the finger meets: its (row, col) in the original frame, kind, points, and the
    row the walk goes on from."""

    row: int
    col: int
    kind: str
    points: int
    next_row: int
    length: int = 0  # a snake's length from this cell (head: the whole snake)


@dataclass
class Walk:
    column: int
    delay: int
    events: list[Event] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(e.points for e in self.events)


def play(board: Board, column: int, delay: int = 0) -> Walk:
    """The walk of the finger on `column`: each reverse scores and mirrors the board (the
    finger then reads the mirrored column) and, with `delay`, the next `delay` rows pass
    unclicked; a snake scores only from its head, and a snake met above its head (after a
    mirror) scores nothing and is passed over up to its tail."""
    rows, cols = len(board), len(board[0])
    walk = Walk(column, delay)
    row, col = 1, column
    while row <= rows:
        kind = cell(board, row, col)
        if kind == CLICK:
            walk.events.append(Event(row, col, kind, CLICK_POINTS, row + 1))
            row += 1
        elif kind == REVERSE:
            walk.events.append(Event(row, col, kind, REVERSE_POINTS, row + 1 + delay))
            row, col = row + 1 + delay, mirror(col, cols)
        elif kind == HEAD:
            n = snake_length_from(board, row, col)
            walk.events.append(Event(row, col, kind, snake_points(n), row + n, n))
            row += n
        elif kind == BODY:
            n = snake_length_from(board, row, col)
            walk.events.append(Event(row, col, kind, 0, row + n, n))
            row += n
        elif kind == TAIL:
            walk.events.append(Event(row, col, kind, 0, row + 1, 1))
            row += 1
        else:
            row += 1
    return walk


def scores(board: Board, delay: int = 0) -> list[int]:
    return [play(board, c, delay).score for c in range(1, len(board[0]) + 1)]


def best_columns(board: Board, delay: int = 0) -> list[int]:
    values = scores(board, delay)
    top = max(values)
    return [c for c, v in enumerate(values, 1) if v == top]


def snakes(board: Board) -> list[tuple[int, int, int]]:
    """Every snake as (head row, column, length)."""
    found = []
    for r, line in enumerate(board, 1):
        for c, kind in enumerate(line, 1):
            if kind == HEAD:
                found.append((r, c, snake_length_from(board, r, c)))
    return found


def counts(total: int) -> tuple[int, int, int]:
    """(clicks, reverses, snakes) for `total` blocks in the original's 7 : 4 : 3 mix."""
    clicks = total * MIX[0] // sum(MIX)
    reverses = total * MIX[1] // sum(MIX)
    return clicks, reverses, total - clicks - reverses


def random_board(rng: random.Random, rows: int, cols: int, total: int) -> Board | None:
    """Snakes of 2-5 cells first, then clicks, then reverses, each at a random free place;
    None when a snake finds no free run of its length."""
    grid = [[EMPTY] * cols for _ in range(rows)]
    clicks, reverses, snake_count = counts(total)
    for _ in range(snake_count):
        length = rng.choice(SNAKE_LENGTHS)
        places = [(r, c) for c in range(cols) for r in range(rows - length + 1)
                  if all(grid[r + k][c] == EMPTY for k in range(length))]
        if not places:
            return None
        r, c = rng.choice(places)
        for k in range(length):
            grid[r + k][c] = HEAD if k == 0 else TAIL if k == length - 1 else BODY
    free = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] == EMPTY]
    if len(free) < clicks + reverses:
        return None
    chosen = rng.sample(free, clicks + reverses)
    for k, (r, c) in enumerate(chosen):
        grid[r][c] = CLICK if k < clicks else REVERSE
    return ["".join(row) for row in grid]


@lru_cache(maxsize=16)
def symmetries(cols: int) -> tuple[tuple[int, ...], ...]:
    """Column permutations that commute with the mirror c -> cols - c + 1 (permute the mirror
    pairs, flip any pair), as lists p with p[c - 1] the new column of column c.

    Moving every column of a board by such a permutation moves each column's walk with it
    (a reverse sends column p(c) to p(mirror(c)) = mirror(p(c))), so scores move along too.
    """
    pairs = [(c, mirror(c, cols)) for c in range(1, cols // 2 + 1)]
    found = []
    for order in itertools.permutations(range(len(pairs))):
        for flips in itertools.product((False, True), repeat=len(pairs)):
            perm = list(range(1, cols + 1))
            for (a, b), k, flip in zip(pairs, order, flips, strict=True):
                ta, tb = pairs[k]
                if flip:
                    ta, tb = tb, ta
                perm[a - 1], perm[b - 1] = ta, tb
            found.append(tuple(perm))
    return tuple(found)


def permute(board: Board, perm: tuple[int, ...]) -> Board:
    """The board with column c moved to column perm[c - 1]."""
    out = []
    for line in board:
        row = [EMPTY] * len(line)
        for c, kind in enumerate(line):
            row[perm[c] - 1] = kind
        out.append("".join(row))
    return out


def occupied(board: Board) -> int:
    return sum(kind != EMPTY for line in board for kind in line)
