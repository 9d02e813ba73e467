"""Tetris logic: tetrominoes, falling, locking, line clears and placements (no drawing).

A board is a list of strings, one per row from the top: '.' empty, '#' a locked block and
'A' a cell of the active (falling) piece. A piece is a tuple of (row, col) offsets from the
top-left corner of its bounding box, sorted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

EMPTY, LOCKED, ACTIVE = ".", "#", "A"
Cell = tuple[int, int]
Shape = tuple[Cell, ...]

# The canonical masks (rotation 0), as the prompt describes them.
MASKS: dict[str, tuple[str, ...]] = {
    "I": ("XXXX",),
    "O": ("XX", "XX"),
    "T": (".X.", "XXX"),
    "L": ("X.", "X.", "XX"),
    "J": (".X", ".X", "XX"),
    "S": (".XX", "XX."),
    "Z": ("XX.", ".XX"),
}
NAMES = tuple(MASKS)


def normalise(cells: list[Cell] | tuple[Cell, ...]) -> Shape:
    """Cells shifted so the bounding box starts at (0, 0), sorted."""
    top = min(r for r, _ in cells)
    left = min(c for _, c in cells)
    return tuple(sorted((r - top, c - left) for r, c in cells))


def turn(shape: Shape) -> Shape:
    """The shape turned a quarter clockwise: (r, c) -> (c, height - 1 - r)."""
    height = max(r for r, _ in shape) + 1
    return normalise([(c, height - 1 - r) for r, c in shape])


@cache
def rotations(name: str) -> tuple[Shape, ...]:
    """The shape after 0, 1, 2 and 3 clockwise quarter turns (repeats kept, by index)."""
    shape = normalise([(r, c) for r, row in enumerate(MASKS[name])
                       for c, ch in enumerate(row) if ch == "X"])
    out = [shape]
    for _ in range(3):
        out.append(turn(out[-1]))
    return tuple(out)


@cache
def orientations(name: str) -> tuple[Shape, ...]:
    """The distinct orientations of a piece, in order of first appearance."""
    return tuple(dict.fromkeys(rotations(name)))


def identify(cells: list[Cell]) -> tuple[str, int] | None:
    """(name, clockwise quarter turns) of the first canonical mask the cells match, or None."""
    shape = normalise(cells)
    for name in NAMES:
        for k, rotated in enumerate(rotations(name)):
            if rotated == shape:
                return name, k
    return None


def size_of(shape: Shape) -> tuple[int, int]:
    return max(r for r, _ in shape) + 1, max(c for _, c in shape) + 1


# ----------------------------------------------------------------------------- boards

def empty_board(size: int) -> list[str]:
    return [EMPTY * size for _ in range(size)]


def active_cells(board: list[str]) -> list[Cell]:
    return [(r, c) for r, row in enumerate(board) for c, ch in enumerate(row) if ch == ACTIVE]


def locked_set(board: list[str]) -> set[Cell]:
    return {(r, c) for r, row in enumerate(board) for c, ch in enumerate(row) if ch == LOCKED}


def fits(locked: set[Cell], size: int, shape: Shape, row: int, col: int) -> bool:
    """The shape with its box's top-left at (row, col) lies inside and on no locked cell."""
    for dr, dc in shape:
        r, c = row + dr, col + dc
        if not (0 <= r < size and 0 <= c < size) or (r, c) in locked:
            return False
    return True


def drops(locked: set[Cell], size: int, shape: Shape, row: int, col: int) -> int:
    """How many one-row falls the shape makes from (row, col) before it can fall no more."""
    count = 0
    while fits(locked, size, shape, row + count + 1, col):
        count += 1
    return count


def full_rows(locked: set[Cell], size: int) -> list[int]:
    return [r for r in range(size) if all((r, c) in locked for c in range(size))]


def clear_rows(locked: set[Cell], size: int) -> tuple[set[Cell], list[int]]:
    """Full rows removed, every row above them moved down by the number removed below it."""
    full = full_rows(locked, size)
    if not full:
        return locked, []
    out = set()
    for r, c in locked:
        if r in full:
            continue
        out.add((r + sum(1 for f in full if f > r), c))
    return out, full


@dataclass(frozen=True)
class Placement:
    """A hard drop: the orientation index, column, resting row and the cells it covers."""

    rotation: int
    col: int
    row: int
    cells: tuple[Cell, ...]


def tops_of(locked: set[Cell], size: int) -> list[int]:
    """The highest locked row of each column (`size` for an empty column)."""
    tops = [size] * size
    for r, c in locked:
        if r < tops[c]:
            tops[c] = r
    return tops


@cache
def bottom_profile(shape: Shape) -> tuple[tuple[int, int], ...]:
    """(column offset, lowest row offset) of each column of the shape."""
    lowest: dict[int, int] = {}
    for r, c in shape:
        lowest[c] = max(lowest.get(c, -1), r)
    return tuple(sorted(lowest.items()))


def landing_row(tops: list[int], shape: Shape, col: int) -> int:
    """Where the shape rests when it falls straight down from above the board in `col`:
    falling from the top, each column first meets its highest locked block. Negative when
    it does not fit below the top edge."""
    return min(tops[col + dc] - low - 1 for dc, low in bottom_profile(shape))


def hard_drops(locked: set[Cell], size: int, name: str,
               tops: list[int] | None = None) -> list[Placement]:
    """Every placement the piece reaches by turning and shifting at the top, then dropping
    straight down: one per distinct orientation and column where it fits at the top."""
    if tops is None:
        tops = tops_of(locked, size)
    found = []
    for k, shape in enumerate(orientations(name)):
        width = size_of(shape)[1]
        for col in range(size - width + 1):
            row = landing_row(tops, shape, col)
            if row >= 0:
                cells = tuple((row + dr, col + dc) for dr, dc in shape)
                found.append(Placement(k, col, row, cells))
    return found


def cleared_by(locked: set[Cell], size: int, placement: Placement) -> list[int]:
    """The rows a placement completes."""
    after = locked | set(placement.cells)
    rows = {r for r, _ in placement.cells}
    return sorted(r for r in rows if all((r, c) in after for c in range(size)))


def play_pieces(rng: random.Random, size: int, count: int, max_height: int,
                greedy: float = 0.7) -> set[Cell]:
    """Locked cells after up to `count` random pieces, each hard-dropped where a stacking
    policy likes it best (or, one time in (1 - greedy), at a random hard drop), locked and
    its full rows cleared. Stops early when the stack grows past `max_height` rows or a
    piece finds no placement (the game would be over).

    The policy scores a drop +100 a completed line, -50 a cell it covers without filling
    (a new hole under the piece) and -30 a row the stack grows by; the first best wins.
    """
    locked: set[Cell] = set()
    tops = [size] * size  # the highest locked row of each column (size when empty)
    filled = [0] * size  # locked cells per row
    for _ in range(count):
        name = rng.choice(NAMES)
        options = hard_drops(locked, size, name, tops)
        if not options:
            break
        if rng.random() < greedy:
            choice = max(options, key=lambda p: _score(filled, size, tops, p))
        else:
            choice = rng.choice(options)
        locked, lines = clear_rows(locked | set(choice.cells), size)
        if lines:
            filled = [0] * size
            for r, _ in locked:
                filled[r] += 1
        else:
            for r, _ in choice.cells:
                filled[r] += 1
        tops = tops_of(locked, size)
        if size - min(tops) > max_height:
            break
    return locked


def _score(filled: list[int], size: int, tops: list[int], placement: Placement) -> int:
    lowest: dict[int, int] = {}
    per_row: dict[int, int] = {}
    for r, c in placement.cells:
        if r > lowest.get(c, -1):
            lowest[c] = r
        per_row[r] = per_row.get(r, 0) + 1
    covered = sum(tops[c] - r - 1 for c, r in lowest.items())
    lines = sum(1 for r, n in per_row.items() if filled[r] + n == size)
    rise = max(0, min(tops) - min(per_row) - lines)
    return 100 * lines - 50 * covered - 30 * rise


def to_board(locked: set[Cell], size: int, active: tuple[Cell, ...] = ()) -> list[str]:
    rows = [[EMPTY] * size for _ in range(size)]
    for r, c in locked:
        rows[r][c] = LOCKED
    for r, c in active:
        rows[r][c] = ACTIVE
    return ["".join(row) for row in rows]


def reachable_from_top(locked: set[Cell], size: int, shape: Shape, row: int, col: int) -> bool:
    """The shape can fall straight down from the top row to (row, col)."""
    return all(fits(locked, size, shape, r, col) for r in range(row + 1))


# ----------------------------------------------------------------------------- questions

def shift_and_fall(board: list[str], direction: int) -> tuple[bool, int]:
    """Shift the active piece one column (-1 left, +1 right), then let it fall.

    Returns (whether the shift happened, the number of one-row falls before it rests). A
    shift into a wall or a locked block is refused and the piece falls from where it was.
    """
    size = len(board)
    locked = locked_set(board)
    cells = active_cells(board)
    shape = normalise(cells)
    row = min(r for r, _ in cells)
    col = min(c for _, c in cells)
    moved = fits(locked, size, shape, row, col + direction)
    if moved:
        col += direction
    return moved, drops(locked, size, shape, row, col)


def best_clear(board: list[str]) -> tuple[int, list[Placement]]:
    """The most rows one hard drop of the active piece completes, and every placement that
    completes that many (0 and [] without an active piece)."""
    cells = active_cells(board)
    if not cells:
        return 0, []
    found = identify(cells)
    if found is None:
        raise ValueError("the active cells are not a tetromino")
    size = len(board)
    locked = locked_set(board)
    scored = [(len(cleared_by(locked, size, p)), p) for p in hard_drops(locked, size, found[0])]
    best = max((n for n, _ in scored), default=0)
    return best, [p for n, p in scored if n == best]


# ----------------------------------------------------------------------------- timesteps

TIMESTEP_MOVES = ("left", "right", "rotate", "down", "drop")


@dataclass(frozen=True)
class Tick:
    """One timestep of play: the board after it, whether the shift or turn fitted (a move
    that does not fit changes nothing), whether the piece locked and the rows it cleared."""

    board: list[str]
    fitted: bool
    locked: bool
    cleared: tuple[int, ...]


def timestep(board: list[str], move: str) -> Tick:
    """Play one timestep of the active piece, as the interactive game does.

    'left'/'right' shift it one column and 'rotate' turns it a quarter clockwise with the
    top-left corner of its bounding box kept in place, each only when the piece then lies
    inside the board and on no locked block (else nothing happens and `fitted` is False);
    'down' leaves it as it is. The piece then falls one row, or, when it cannot, locks and
    full rows are cleared. 'drop' lets it fall as far as it can and locks it at once.
    """
    size = len(board)
    locked = locked_set(board)
    cells = active_cells(board)
    shape = normalise(cells)
    row, col = min(r for r, _ in cells), min(c for _, c in cells)
    if move in ("left", "right"):
        step = -1 if move == "left" else 1
        if not fits(locked, size, shape, row, col + step):
            return Tick(board, False, False, ())
        col += step
    elif move == "rotate":
        turned = turn(shape)
        if not fits(locked, size, turned, row, col):
            return Tick(board, False, False, ())
        shape = turned
    elif move == "drop":
        row += drops(locked, size, shape, row, col)
    elif move != "down":
        raise ValueError(f"unknown move {move!r}")
    if move != "drop" and fits(locked, size, shape, row + 1, col):
        return Tick(to_board(locked, size, tuple((row + 1 + dr, col + dc) for dr, dc in shape)),
                    True, False, ())
    after, full = clear_rows(locked | {(row + dr, col + dc) for dr, dc in shape}, size)
    return Tick(to_board(after, size), True, True, tuple(full))
