"""Rubik's cube as 54 stickers: face turns, whole-cube orientations and exact solve distances.

A state is six faces, each three strings of colour letters, rows top to bottom as the faces
are drawn on the net (U above F; L, F, R, B in a band; D below F; every face seen from
outside, U with its bottom edge on F, D with its top edge on F, B with its left edge on R).
Questions count rows from the bottom, so (row, col) is `face[2 - row][col]`.

Turns are permutations of the 54 sticker slots, derived once from the cube's geometry: every
sticker has a position in {-1, 0, 1}^3 and an outward normal, and a clockwise quarter turn of
a face rotates every sticker of its layer by -90 degrees about the face's normal (clockwise
as seen when looking at that face). Solve distances are exact in the quarter-turn metric:
a table of every state within `TABLE_DEPTH` turns of solved, one step of search beyond it,
and an iterative-deepening search (admissible bound) for making a single face one colour.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

FACES = ("U", "L", "F", "R", "B", "D")
OPPOSITE = {"U": "D", "D": "U", "L": "R", "R": "L", "F": "B", "B": "F"}
FACE_NAMES = {"U": "up", "D": "down", "L": "left", "R": "right", "F": "front", "B": "back"}
MOVES = tuple(f + s for f in ("U", "D", "L", "R", "F", "B") for s in ("", "'"))
# Colour letters and names; the solved cube in the standard orientation (before the whole
# cube is turned in the hand) has U yellow, D white, L orange, R red, F blue, B green.
COLOR_NAMES = {"W": "white", "Y": "yellow", "R": "red", "O": "orange", "B": "blue",
               "G": "green"}
COLOR_ORDER = ("W", "Y", "R", "O", "B", "G")
SCHEME = {"U": "Y", "D": "W", "L": "O", "R": "R", "F": "B", "B": "G"}
TABLE_DEPTH = 4
MAX_DISTANCE = TABLE_DEPTH + 1

Vec = tuple[int, int, int]
Faces = dict[str, list[str]]

NORMALS: dict[str, Vec] = {"U": (0, 1, 0), "D": (0, -1, 0), "L": (-1, 0, 0), "R": (1, 0, 0),
                           "F": (0, 0, 1), "B": (0, 0, -1)}


def _position(face: str, i: int, c: int) -> Vec:
    """Where sticker (row i from the top, col c) of `face` sits: x right, y up, z front."""
    a, b = c - 1, 1 - i  # across and up within the face as drawn
    if face == "F":
        return (a, b, 1)
    if face == "B":
        return (-a, b, -1)
    if face == "R":
        return (1, b, -a)
    if face == "L":
        return (-1, b, a)
    if face == "U":
        return (a, 1, -b)
    return (a, -1, b)  # D


def _cross(n: Vec, v: Vec) -> Vec:
    return (n[1] * v[2] - n[2] * v[1], n[2] * v[0] - n[0] * v[2], n[0] * v[1] - n[1] * v[0])


def _rotate(n: Vec, v: Vec) -> Vec:
    """v turned by -90 degrees about the unit axis n: clockwise seen from the tip of n."""
    dot = n[0] * v[0] + n[1] * v[1] + n[2] * v[2]
    x = _cross(n, v)
    return (n[0] * dot - x[0], n[1] * dot - x[1], n[2] * dot - x[2])


STICKERS: list[tuple[Vec, Vec]] = [(_position(f, i, c), NORMALS[f])
                                   for f in FACES for i in range(3) for c in range(3)]
_INDEX = {sticker: k for k, sticker in enumerate(STICKERS)}


def _permutation(axis: Vec, layer: bool) -> tuple[int, ...]:
    """`src` with new[j] = old[src[j]] for a clockwise quarter turn about `axis`: of the
    layer facing `axis` (a face turn), or of the whole cube."""
    src = list(range(54))
    for k, (pos, normal) in enumerate(STICKERS):
        if layer and sum(p * a for p, a in zip(pos, axis, strict=True)) != 1:
            continue
        src[_INDEX[(_rotate(axis, pos), _rotate(axis, normal))]] = k
    return tuple(src)


def _compose(first: Sequence[int], then: Sequence[int]) -> tuple[int, ...]:
    """The permutation applying `first`, then `then`."""
    return tuple(first[j] for j in then)


def _inverse(perm: Sequence[int]) -> tuple[int, ...]:
    inv = [0] * len(perm)
    for j, k in enumerate(perm):
        inv[k] = j
    return tuple(inv)


def _move_tables() -> dict[str, tuple[int, ...]]:
    tables = {}
    for face, axis in NORMALS.items():
        turn = _permutation(axis, layer=True)
        tables[face] = turn
        tables[face + "'"] = _inverse(turn)
    return tables


PERMS = _move_tables()
_GETTERS = {m: itemgetter(*p) for m, p in PERMS.items()}


def _orientations() -> list[tuple[int, ...]]:
    """The 24 ways to hold the cube, as sticker permutations (closure of two whole turns)."""
    gens = [_permutation(NORMALS["R"], layer=False), _permutation(NORMALS["U"], layer=False)]
    found = [tuple(range(54))]
    seen = set(found)
    for perm in found:
        for g in gens:
            nxt = _compose(perm, g)
            if nxt not in seen:
                seen.add(nxt)
                found.append(nxt)
    return found


ORIENTATIONS = _orientations()
SOLVED = "".join(SCHEME[f] * 9 for f in FACES)


# ----------------------------------------------------------------------------- states

def flat(faces: Faces) -> str:
    """The 54 stickers in slot order (faces U L F R B D, rows top to bottom)."""
    return "".join("".join(faces[f]) for f in FACES)


def unflat(stickers: str) -> Faces:
    return {f: [stickers[9 * k + 3 * i: 9 * k + 3 * i + 3] for i in range(3)]
            for k, f in enumerate(FACES)}


def apply(stickers: str, move: str) -> str:
    return "".join(_GETTERS[move](stickers))


def apply_all(stickers: str, moves: Iterable[str]) -> str:
    for move in moves:
        stickers = apply(stickers, move)
    return stickers


def oriented(index: int) -> str:
    """The solved cube held in orientation `index` (0-23)."""
    return "".join(itemgetter(*ORIENTATIONS[index])(SOLVED))


def slot(face: str, row: int, col: int) -> int:
    """The slot of the sticker at (row counted from the bottom, col from the left)."""
    return FACES.index(face) * 9 + (2 - row) * 3 + col


def coords(index: int) -> tuple[str, int, int]:
    """(face, row from the bottom, col) of a slot."""
    k, rest = divmod(index, 9)
    i, c = divmod(rest, 3)
    return FACES[k], 2 - i, c


def face_of(stickers: str, face: str) -> str:
    k = FACES.index(face) * 9
    return stickers[k:k + 9]


def centre(stickers: str, face: str) -> str:
    return stickers[FACES.index(face) * 9 + 4]


def is_uniform(stickers: str, face: str) -> bool:
    return len(set(face_of(stickers, face))) == 1


def is_solved(stickers: str) -> bool:
    return all(is_uniform(stickers, f) for f in FACES)


def inverse_move(move: str) -> str:
    return move[:-1] if move.endswith("'") else move + "'"


def allowed_after(previous: Sequence[str], move: str) -> bool:
    """Sequences that a shorter one equals are skipped: a turn undone at once, three equal
    turns in a row, and (of two commuting opposite faces) the second face before the first."""
    if not previous:
        return True
    last = previous[-1]
    if move == inverse_move(last):
        return False
    if len(previous) >= 2 and previous[-2] == last == move:
        return False
    return not (move[0] == OPPOSITE[last[0]] and FACES.index(move[0]) < FACES.index(last[0]))


def random_moves(rng: random.Random, count: int) -> list[str]:
    """`count` turns in which no turn undoes the one before (a scramble, or asked moves)."""
    moves: list[str] = []
    while len(moves) < count:
        move = rng.choice(MOVES)
        if not moves or move != inverse_move(moves[-1]):
            moves.append(move)
    return moves


def state_of(stickers: str) -> dict[str, Any]:
    return {"faces": unflat(stickers)}


def stickers_of(state: dict[str, Any]) -> str:
    return flat(state["faces"])


# ----------------------------------------------------------------------------- distances

def canonical(stickers: str) -> str:
    """Colours renamed by the face whose centre shows them: the cube as if held in the standard
    orientation. Face turns never move centres, so distances are unchanged."""
    names = {centre(stickers, f): f for f in FACES}
    return "".join(names[ch] for ch in stickers)


CANON_SOLVED = "".join(f * 9 for f in FACES)


@lru_cache(maxsize=1)
def distance_table() -> dict[str, int]:
    """Every canonical state within TABLE_DEPTH quarter turns of solved, with its distance."""
    table = {CANON_SOLVED: 0}
    frontier = [CANON_SOLVED]
    for depth in range(1, TABLE_DEPTH + 1):
        nxt = []
        for s in frontier:
            for move in MOVES:
                t = apply(s, move)
                if t not in table:
                    table[t] = depth
                    nxt.append(t)
        frontier = nxt
    return table


@lru_cache(maxsize=8)
def states_at(distance: int) -> tuple[str, ...]:
    """The canonical states exactly `distance` turns from solved, in a fixed order."""
    return tuple(sorted(s for s, d in distance_table().items() if d == distance))


def distance(stickers: str) -> int | None:
    """Fewest quarter turns that solve the cube, exact up to MAX_DISTANCE (else None)."""
    table = distance_table()
    canon = canonical(stickers)
    if canon in table:
        return table[canon]
    if any(apply(canon, m) in table for m in MOVES):
        return TABLE_DEPTH + 1
    return None


def solution(stickers: str) -> list[str]:
    """A shortest solving sequence: from the table, always a turn that lowers the distance."""
    table = distance_table()
    canon = canonical(stickers)
    moves: list[str] = []
    if canon not in table:
        move = next((m for m in MOVES if apply(canon, m) in table), None)
        if move is None:
            raise ValueError("the cube is farther from solved than the table reaches")
        moves.append(move)
        canon = apply(canon, move)
    while table[canon]:
        move = next(m for m in MOVES if table.get(apply(canon, m), 99) == table[canon] - 1)
        moves.append(move)
        canon = apply(canon, move)
    return moves


def wrong_on(stickers: str, face: str) -> int:
    """Stickers of `face` whose colour differs from its centre."""
    c = centre(stickers, face)
    return sum(ch != c for ch in face_of(stickers, face))


def face_solution(stickers: str, face: str, limit: int = MAX_DISTANCE) -> list[str] | None:
    """A shortest turn sequence after which `face` is one colour (None beyond `limit`).

    Iterative deepening; a turn changes at most three stickers of the face (its own turn
    only moves them around, the opposite face's none), so ceil(wrong / 3) more turns are
    always needed: an admissible bound, and the first sequence found is a shortest one.
    """
    path: list[str] = []

    def search(s: str, budget: int) -> bool:
        wrong = wrong_on(s, face)
        if wrong == 0:
            return True
        if (wrong + 2) // 3 > budget:
            return False
        for move in MOVES:
            if allowed_after(path, move):
                path.append(move)
                if search(apply(s, move), budget - 1):
                    return True
                path.pop()
        return False

    for budget in range(limit + 1):
        if search(stickers, budget):
            return path
    return None


def moved_slots(move: str) -> frozenset[int]:
    """The slots a turn changes (its face and the three-sticker strips around it)."""
    return frozenset(j for j, k in enumerate(PERMS[move]) if j != k)
