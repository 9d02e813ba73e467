"""Chess Ranger (solo chess): every move is a capture; solve by leaving exactly one piece.

Pieces move as in chess (no side: any piece may capture any other, a king included). Pawns
capture one square diagonally toward rank 8 and never promote. A position is a dict from
square ("e4") to piece letter (P, R, N, B, Q, K). Squares are scanned a8, b8 ... h8, a7 ...
h1 (rank 8 first, files a to h), and each piece's directions in a fixed order: that order is
the solver's, so its trace is deterministic.

Puzzles are made backwards from one piece: a capture is undone by moving a piece back along
a free line and putting a new piece on the square it took, so every puzzle is solvable by
construction; questions then use the solver (`solve`, `winning`) for everything else.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

Square = str
Position = dict[Square, str]
PIECES = ("P", "R", "N", "B", "Q", "K")
NAMES = {"P": "pawn", "R": "rook", "N": "knight", "B": "bishop", "Q": "queen", "K": "king"}
FILES = "abcdefgh"
ORTHO = ((0, 1), (1, 0), (0, -1), (-1, 0))  # (file step, rank step): up, right, down, left
DIAG = ((1, 1), (1, -1), (-1, -1), (-1, 1))
KNIGHT = ((1, 2), (2, 1), (2, -1), (1, -2), (-1, -2), (-2, -1), (-2, 1), (-1, 2))
RAYS = {"R": ORTHO, "B": DIAG, "Q": ORTHO + DIAG}
STEPS = {"N": KNIGHT, "K": ORTHO + DIAG, "P": ((-1, 1), (1, 1))}
UNDO_TRIES = 40  # attempts at undoing one capture before a layout is dropped
NODE_BUDGET = 50_000  # positions the solver may visit


class SearchBudget(Exception):
    """The solver ran past its budget (never on the puzzle sizes offered)."""


def xy(square: Square) -> tuple[int, int]:
    return FILES.index(square[0]), int(square[1]) - 1


def name(x: int, y: int) -> Square:
    return f"{FILES[x]}{y + 1}"


SCAN = [name(x, y) for y in range(7, -1, -1) for x in range(8)]
ORDER = {s: i for i, s in enumerate(SCAN)}


@dataclass(frozen=True)
class Capture:
    piece: str
    origin: Square
    victim: str
    target: Square

    def short(self) -> str:
        return f"{self.piece}{self.origin}x{self.target}"

    def words(self) -> str:
        return (f"the {NAMES[self.piece]} on {self.origin} captures the {NAMES[self.victim]} on "
                f"{self.target}")


def _tables() -> tuple[dict[str, dict[Square, list[list[Square]]]],
                      dict[str, dict[Square, list[Square]]]]:
    """Per piece and square: its rays (squares outward, nearest first) for the sliding
    pieces, its target squares for the others; built once, so captures are list walks."""
    rays: dict[str, dict[Square, list[list[Square]]]] = {}
    for piece, directions in RAYS.items():
        rays[piece] = {}
        for sq in SCAN:
            x, y = xy(sq)
            lines = []
            for dx, dy in directions:
                line = []
                cx, cy = x + dx, y + dy
                while 0 <= cx < 8 and 0 <= cy < 8:
                    line.append(name(cx, cy))
                    cx, cy = cx + dx, cy + dy
                lines.append(line)
            rays[piece][sq] = lines
    steps: dict[str, dict[Square, list[Square]]] = {}
    for piece, deltas in STEPS.items():
        steps[piece] = {}
        for sq in SCAN:
            x, y = xy(sq)
            steps[piece][sq] = [name(x + dx, y + dy) for dx, dy in deltas
                                if 0 <= x + dx < 8 and 0 <= y + dy < 8]
    return rays, steps


RAY_TABLE, STEP_TABLE = _tables()


def captures_from(pos: Position, origin: Square) -> Iterator[Capture]:
    """Every capture the piece on `origin` can make, in its direction order."""
    piece = pos[origin]
    if piece in RAY_TABLE:
        for line in RAY_TABLE[piece][origin]:
            for sq in line:
                if sq in pos:
                    yield Capture(piece, origin, pos[sq], sq)
                    break
        return
    for sq in STEP_TABLE[piece][origin]:
        if sq in pos:
            yield Capture(piece, origin, pos[sq], sq)


def _targets(pos: Position, origin: Square) -> Iterator[Square]:
    """The squares the piece on `origin` can capture on (the solver's inner loop)."""
    piece = pos[origin]
    if piece in RAY_TABLE:
        for line in RAY_TABLE[piece][origin]:
            for sq in line:
                if sq in pos:
                    yield sq
                    break
        return
    for sq in STEP_TABLE[piece][origin]:
        if sq in pos:
            yield sq


def legal_captures(pos: Position) -> list[Capture]:
    """Every capture in the position, in scan order (a8 ... h1) then direction order."""
    return [c for sq in sorted(pos, key=ORDER.__getitem__) for c in captures_from(pos, sq)]


def play(pos: Position, move: Capture) -> Position:
    after = dict(pos)
    del after[move.origin]
    after[move.target] = move.piece
    return after


def key(pos: Position) -> frozenset[tuple[Square, str]]:
    return frozenset(pos.items())


@dataclass
class Trace:
    """What the depth-first search did: its steps as (kind, depth, capture, pieces left)."""

    steps: list[tuple[str, int, Capture | None, int]]
    solution: list[Capture] | None
    visited: int


def solve(pos: Position, budget: int = NODE_BUDGET) -> Trace:
    """Depth-first search in scan order for captures that leave one piece; a position
    already found to be a dead end is not searched again."""
    steps: list[tuple[str, int, Capture | None, int]] = []
    dead: set[frozenset[tuple[Square, str]]] = set()
    path: list[Capture] = []
    visited = [0]

    def search(p: Position, depth: int) -> bool:
        visited[0] += 1
        if visited[0] > budget:
            raise SearchBudget
        if len(p) == 1:
            steps.append(("success", depth, None, 1))
            return True
        k = key(p)
        if k in dead:
            steps.append(("known", depth, None, len(p)))
            return False
        moves = legal_captures(p)
        if not moves:
            steps.append(("stuck", depth, None, len(p)))
            dead.add(k)
            return False
        for move in moves:
            steps.append(("try", depth + 1, move, len(p) - 1))
            path.append(move)
            if search(play(p, move), depth + 1):
                return True
            path.pop()
            steps.append(("back", depth + 1, move, len(p)))
        dead.add(k)
        return False

    found = search(pos, 0)
    return Trace(steps, path[:] if found else None, visited[0])


def solvable(pos: Position, budget: int = NODE_BUDGET,
             dead: set[frozenset[tuple[Square, str]]] | None = None) -> bool:
    """Whether captures can leave one piece (the same search as `solve`, without a trace).
    `dead` collects the dead ends found, to share between searches of one puzzle."""
    dead = set() if dead is None else dead
    visited = [0]

    def search(p: Position) -> bool:
        if len(p) == 1:
            return True
        k = frozenset(p.items())
        if k in dead:
            return False
        visited[0] += 1
        if visited[0] > budget:
            raise SearchBudget
        for origin in list(p):
            for target in list(_targets(p, origin)):
                after = dict(p)
                after[target] = after.pop(origin)
                if search(after):
                    return True
        dead.add(k)
        return False

    return search(pos)


def winning(pos: Position) -> dict[Capture, bool]:
    """Whether each legal capture still leads to a solution."""
    dead: set[frozenset[tuple[Square, str]]] = set()
    return {move: solvable(play(pos, move), dead=dead) for move in legal_captures(pos)}


def random_position(rng: random.Random, count: int) -> Position:
    """`count` pieces of random kinds on random squares (repeats allowed; no pawn on rank 1
    or 8, where it could never have stood)."""
    squares = rng.sample(SCAN, count)
    return {sq: rng.choice(PIECES if sq[1] not in "18" else PIECES[1:]) for sq in squares}


def _origins(pos: Position, piece: str, target: Square) -> list[Square]:
    """Empty squares a `piece` could have captured from to land on `target` (lines free)."""
    x, y = xy(target)
    found = []
    if piece in RAYS:
        for dx, dy in RAYS[piece]:
            cx, cy = x - dx, y - dy
            while 0 <= cx < 8 and 0 <= cy < 8 and name(cx, cy) not in pos:
                found.append(name(cx, cy))
                cx, cy = cx - dx, cy - dy
        return found
    for dx, dy in STEPS[piece]:
        cx, cy = x - dx, y - dy
        if 0 <= cx < 8 and 0 <= cy < 8 and name(cx, cy) not in pos:
            found.append(name(cx, cy))
    if piece == "P":
        found = [s for s in found if s[1] not in "18"]
    return found


def backward_puzzle(rng: random.Random, count: int, kinds: tuple[str, ...] = PIECES
                    ) -> Position | None:
    """A position of `count` pieces with a solution, built by undoing captures from one
    piece: a piece steps back to a square it could have captured from, and a new piece
    appears where it stood. Pawns never stand on rank 1 or 8. None when stuck."""
    def fresh(square: Square) -> str:
        choices = [k for k in kinds if not (k == "P" and square[1] in "18")]
        return rng.choice(choices)

    start = rng.choice(SCAN)
    pos: Position = {start: fresh(start)}
    while len(pos) < count:
        for _ in range(UNDO_TRIES):
            target = rng.choice(sorted(pos))
            origins = _origins(pos, pos[target], target)
            if origins:
                break
        else:
            return None
        origin = rng.choice(origins)
        pos[origin] = pos[target]
        pos[target] = fresh(target)
    return pos
