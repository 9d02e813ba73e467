"""Tangram logic: a grid cut into pieces, pieces removed, shapes turned, flipped and fitted
(no drawing, no text).

The board is a list of rows of piece ids (1..k); 0 marks a cell whose piece was removed. A
shape is a tuple of (row, col) cells normalised to start at (0, 0), sorted.
"""

from __future__ import annotations

import random
from collections import deque

Cell = tuple[int, int]
Shape = tuple[Cell, ...]
Board = list[list[int]]
STEPS = ((-1, 0), (0, 1), (1, 0), (0, -1))  # up, right, down, left


def normalise(cells) -> Shape:
    top = min(r for r, _ in cells)
    left = min(c for _, c in cells)
    return tuple(sorted((r - top, c - left) for r, c in cells))


def turn(shape: Shape, quarters: int) -> Shape:
    """The shape turned `quarters` quarter turns clockwise: (r, c) -> (c, h - 1 - r)."""
    for _ in range(quarters % 4):
        height = max(r for r, _ in shape) + 1
        shape = normalise([(c, height - 1 - r) for r, c in shape])
    return shape


def mirror(shape: Shape) -> Shape:
    """The shape flipped left to right."""
    width = max(c for _, c in shape) + 1
    return normalise([(r, width - 1 - c) for r, c in shape])


def dims(shape: Shape) -> tuple[int, int]:
    return max(r for r, _ in shape) + 1, max(c for _, c in shape) + 1


def rows_of(shape: Shape) -> list[str]:
    """The shape as rows of 'X' (cell) and '.' (gap) over its bounding box."""
    height, width = dims(shape)
    cells = set(shape)
    return ["".join("X" if (r, c) in cells else "." for c in range(width)) for r in range(height)]


def from_rows(rows: list[str]) -> Shape:
    return normalise([(r, c) for r, row in enumerate(rows) for c, ch in enumerate(row)
                      if ch == "X"])


def voronoi(rng: random.Random, size: int, count: int) -> Board | None:
    """Cells to the nearest of `count` distinct random seed cells (squared distance, ties to
    the lower seed number); None when a piece comes out in two parts."""
    cells = [(r, c) for r in range(size) for c in range(size)]
    seeds = rng.sample(cells, count)
    board = [[0] * size for _ in range(size)]
    for r, c in cells:
        best = min(range(count), key=lambda i: ((seeds[i][0] - r) ** 2 + (seeds[i][1] - c) ** 2,
                                                 i))
        board[r][c] = best + 1
    if any(len(component(board, seeds[i])) != sum(row.count(i + 1) for row in board)
           for i in range(count)):
        return None
    return board


def component(board: Board, start: Cell) -> set[Cell]:
    """The cells joined to `start` by edges through cells of its piece."""
    size = len(board)
    piece = board[start[0]][start[1]]
    seen = {start}
    queue = deque([start])
    while queue:
        r, c = queue.popleft()
        for dr, dc in STEPS:
            nr, nc = r + dr, c + dc
            if 0 <= nr < size and 0 <= nc < size and (nr, nc) not in seen \
                    and board[nr][nc] == piece:
                seen.add((nr, nc))
                queue.append((nr, nc))
    return seen


def cells_of(board: Board, piece: int) -> list[Cell]:
    return [(r, c) for r, row in enumerate(board) for c, v in enumerate(row) if v == piece]


def pieces_on(board: Board) -> list[int]:
    return sorted({v for row in board for v in row if v})


def neighbours(board: Board, piece: int) -> dict[int, int]:
    """Other pieces on the board sharing an edge with `piece`, and how many cell edges each
    shares (removed cells, 0, are not a piece)."""
    size = len(board)
    contact: dict[int, int] = {}
    for r, c in cells_of(board, piece):
        for dr, dc in STEPS:
            nr, nc = r + dr, c + dc
            if 0 <= nr < size and 0 <= nc < size:
                other = board[nr][nc]
                if other and other != piece:
                    contact[other] = contact.get(other, 0) + 1
    return contact


def remove(board: Board, pieces: list[int]) -> Board:
    gone = set(pieces)
    return [[0 if v in gone else v for v in row] for row in board]


def hole(board: Board) -> list[Cell]:
    return [(r, c) for r, row in enumerate(board) for c, v in enumerate(row) if v == 0]


def fitting_turns(shown: Shape, hole_shape: Shape) -> list[int]:
    """The clockwise quarter turns (0-3) after which the shown shape equals the hole."""
    return [k for k in range(4) if turn(shown, k) == hole_shape]


def placements(shape: Shape, hole_cells: set[Cell]) -> list[Cell]:
    """Every offset (top-left of the shape's box) putting the shape inside the hole cells."""
    rows = [r for r, _ in hole_cells]
    cols = [c for _, c in hole_cells]
    height, width = dims(shape)
    out = []
    for top in range(min(rows), max(rows) - height + 2):
        for left in range(min(cols), max(cols) - width + 2):
            if all((top + r, left + c) in hole_cells for r, c in shape):
                out.append((top, left))
    return out


def fills_with(first: Shape, second: Shape, hole_cells: set[Cell]) -> list[Cell]:
    """Offsets of `first` inside the hole whose leftover cells are exactly `second` (moved,
    not turned)."""
    out = []
    for top, left in placements(first, hole_cells):
        rest = hole_cells - {(top + r, left + c) for r, c in first}
        if rest and normalise(rest) == second:
            out.append((top, left))
    return out
