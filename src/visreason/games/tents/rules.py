"""Tents: puzzle generation, the local placement checks, and a solver that proves uniqueness.

A puzzle is an n x n grid of trees with a tent count per row and per column. A solution is a
set of tent cells such that trees and tents pair up one to one, each tent orthogonally next to
its own tree; no two tents touch, diagonals included; and every row and column holds its
count. The state shows some of the solution's tents already placed; the generator keeps a
state only when exactly one completion of it exists (`solutions` with limit 2).

Cells are (row, col) tuples, 0-based from the top-left. The state is JSON: lists of [r, c].
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

Cell = tuple[int, int]
ORTHOGONAL = ((-1, 0), (1, 0), (0, -1), (0, 1))
AROUND = tuple((dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if dr or dc)
PAIR_TRIES = 200  # fresh starts of the pair placement before giving up on a layout
# Row choices the solver may try on one puzzle; medium puzzles take a few hundred, and the
# rare puzzle past this is dropped rather than proven.
SOLVER_BUDGET = 40_000

# Reasons a cell cannot take a new tent, in the order the checks run (see `blocker`).
TREE, TENT, NO_TREE, TOUCHING, ROW_FULL, COL_FULL = (
    "tree", "tent", "no tree", "touching", "row full", "column full")
CHECKS = (TREE, TENT, NO_TREE, TOUCHING, ROW_FULL, COL_FULL)


@dataclass(frozen=True)
class Puzzle:
    """A tents state: the trees, the tents already placed, and the counts per row and column."""

    size: int
    trees: frozenset[Cell]
    tents: frozenset[Cell]
    row_targets: tuple[int, ...]
    col_targets: tuple[int, ...]

    def to_state(self) -> dict[str, Any]:
        return {"size": self.size, "trees": [list(c) for c in sorted(self.trees)],
                "tents": [list(c) for c in sorted(self.tents)],
                "row_targets": list(self.row_targets), "col_targets": list(self.col_targets)}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Puzzle:
        return cls(state["size"], frozenset(map(tuple, state["trees"])),
                   frozenset(map(tuple, state["tents"])), tuple(state["row_targets"]),
                   tuple(state["col_targets"]))

    def inside(self, cell: Cell) -> bool:
        return 0 <= cell[0] < self.size and 0 <= cell[1] < self.size

    def row_count(self, r: int) -> int:
        return sum(1 for t in self.tents if t[0] == r)

    def col_count(self, c: int) -> int:
        return sum(1 for t in self.tents if t[1] == c)

    @property
    def missing(self) -> int:
        return sum(self.col_targets) - len(self.tents)


def shifted(cell: Cell, delta: tuple[int, int]) -> Cell:
    return (cell[0] + delta[0], cell[1] + delta[1])


def orthogonal(size: int, cell: Cell) -> list[Cell]:
    return [n for d in ORTHOGONAL if 0 <= (n := shifted(cell, d))[0] < size and 0 <= n[1] < size]


def around(size: int, cell: Cell) -> list[Cell]:
    return [n for d in AROUND if 0 <= (n := shifted(cell, d))[0] < size and 0 <= n[1] < size]


# ----------------------------------------------------------------------------- generation

def random_pairs(rng: random.Random, size: int, count: int) -> list[tuple[Cell, Cell]] | None:
    """`count` (tree, tent) pairs: each tent on a free cell touching no other tent, its tree on
    a free orthogonal neighbour. None when `PAIR_TRIES` fresh starts all get stuck."""
    cells = [(r, c) for r in range(size) for c in range(size)]
    for _ in range(PAIR_TRIES):
        pairs: list[tuple[Cell, Cell]] = []
        used: set[Cell] = set()
        blocked: set[Cell] = set()  # tents and their 8 neighbours: no tent may go there
        order = cells[:]
        rng.shuffle(order)
        for tent in order:
            if len(pairs) == count:
                break
            if tent in used or tent in blocked:
                continue
            spots = [n for n in orthogonal(size, tent) if n not in used]
            if not spots:
                continue
            tree = rng.choice(spots)
            pairs.append((tree, tent))
            used.update((tree, tent))
            blocked.add(tent)
            blocked.update(around(size, tent))
        if len(pairs) == count:
            return pairs
    return None


def puzzle_from(size: int, trees: Iterable[Cell], solution: Iterable[Cell],
                shown: Iterable[Cell]) -> Puzzle:
    tents = list(solution)
    rows, cols = [0] * size, [0] * size
    for r, c in tents:
        rows[r] += 1
        cols[c] += 1
    return Puzzle(size, frozenset(trees), frozenset(shown), tuple(rows), tuple(cols))


# ----------------------------------------------------------------------------- local checks

def tree_cells_next_to(p: Puzzle, cell: Cell) -> list[Cell]:
    return [n for n in orthogonal(p.size, cell) if n in p.trees]


def blocker(p: Puzzle, cell: Cell) -> str | None:
    """The first check a new tent on `cell` fails now, or None when it passes them all:
    not a tree, no tent there, an orthogonal tree, no tent among its 8 neighbours, its row
    and its column still short of their counts."""
    if cell in p.trees:
        return TREE
    if cell in p.tents:
        return TENT
    if not tree_cells_next_to(p, cell):
        return NO_TREE
    if any(n in p.tents for n in around(p.size, cell)):
        return TOUCHING
    if p.row_count(cell[0]) >= p.row_targets[cell[0]]:
        return ROW_FULL
    if p.col_count(cell[1]) >= p.col_targets[cell[1]]:
        return COL_FULL
    return None


def valid_new_cells(p: Puzzle) -> list[Cell]:
    """Every cell that passes all the local checks for a new tent, row-major."""
    rows = [p.row_count(r) for r in range(p.size)]
    cols = [p.col_count(c) for c in range(p.size)]
    found = []
    for cell in tree_neighbourhood(p):
        r, c = cell
        if cell in p.tents or rows[r] >= p.row_targets[r] or cols[c] >= p.col_targets[c]:
            continue
        if any(n in p.tents for n in around(p.size, cell)):
            continue
        found.append(cell)
    return found


def tree_neighbourhood(p: Puzzle) -> list[Cell]:
    """Every non-tree cell orthogonally next to some tree, row-major (tents included)."""
    cells = {n for t in p.trees for n in orthogonal(p.size, t) if n not in p.trees}
    return sorted(cells)


# ----------------------------------------------------------------------------- the solver

def _masks(cols: Sequence[int]) -> dict[int, list[int]]:
    """Subsets of `cols` with no two neighbouring columns, as bit masks, by size."""
    by_size: dict[int, list[int]] = {}

    def extend(i: int, mask: int, count: int) -> None:
        if i == len(cols):
            by_size.setdefault(count, []).append(mask)
            return
        extend(i + 1, mask, count)
        bit = 1 << cols[i]
        if not mask & (bit >> 1):
            extend(i + 1, mask | bit, count + 1)

    extend(0, 0, 0)
    return by_size


def has_pairing(trees: Sequence[Cell], tents: set[Cell]) -> bool:
    """Whether trees and tents pair up one to one, each pair orthogonal neighbours
    (augmenting paths; a few dozen cells at most)."""
    if len(trees) != len(tents):
        return False
    owner: dict[Cell, Cell] = {}

    def assign(tree: Cell, seen: set[Cell]) -> bool:
        for d in ORTHOGONAL:
            tent = shifted(tree, d)
            if tent in tents and tent not in seen:
                seen.add(tent)
                if tent not in owner or assign(owner[tent], seen):
                    owner[tent] = tree
                    return True
        return False

    return all(assign(tree, set()) for tree in trees)


class SearchBudget(Exception):
    """The solver ran past its node budget: the puzzle is not proven either way."""


def solutions(p: Puzzle, limit: int = 2, budget: int = SOLVER_BUDGET) -> list[frozenset[Cell]]:
    """Up to `limit` tent sets that complete the puzzle: they hold every placed tent and
    satisfy every rule. Rows are filled top to bottom, each with a subset of its cells next
    to a tree; columns may not overflow and must stay reachable, and every tree whose
    neighbours are all decided must have a tent among them. Raises SearchBudget after
    `budget` row choices (a few milliseconds), so no puzzle stalls the generator."""
    n = p.size
    full = (1 << n) - 1
    fixed_rows = [0] * n
    for r, c in p.tents:
        fixed_rows[r] |= 1 << c
    near_fixed = [0] * n  # columns of each row touching a placed tent (8 neighbours)
    for r, c in p.tents:
        for rr in (r - 1, r, r + 1):
            if 0 <= rr < n:
                near_fixed[rr] |= ((1 << c) | (1 << c >> 1) | (1 << c << 1)) & full
    options: list[dict[int, list[int]]] = []
    capacity = [[0] * n for _ in range(n + 1)]  # capacity[r][c]: free candidates in rows >= r
    for r in range(n):
        cols = [c for c in range(n) if (r, c) not in p.trees and not near_fixed[r] >> c & 1
                and any((r + dr, c + dc) in p.trees for dr, dc in ORTHOGONAL)]
        options.append(_masks(cols))
        for c in cols:
            capacity[r][c] = 1
    for r in range(n - 1, -1, -1):
        for c in range(n):
            capacity[r][c] += capacity[r + 1][c]
    fixed_cols = [p.col_count(c) for c in range(n)]
    trees_by_row: list[list[Cell]] = [[] for _ in range(n)]
    for t in p.trees:
        trees_by_row[t[0]].append(t)
    trees = sorted(p.trees)
    rows_out = [0] * n
    found: list[frozenset[Cell]] = []
    counts = fixed_cols[:]
    spent = [0]

    def tree_served(tree: Cell) -> bool:
        r, c = tree
        return any(0 <= rr < n and (rows_out[rr] | fixed_rows[rr]) >> cc & 1
                   for rr, cc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1))
                   if 0 <= cc < n)

    def place(r: int, above: int) -> None:
        if len(found) >= limit:
            return
        if r == n:
            if counts != list(p.col_targets) or \
                    not all(tree_served(t) for t in trees_by_row[n - 1]):
                return
            tents = {(rr, c) for rr in range(n) for c in range(n)
                     if (rows_out[rr] | fixed_rows[rr]) >> c & 1}
            if has_pairing(trees, tents):
                found.append(frozenset(tents))
            return
        need = p.row_targets[r] - bin(fixed_rows[r]).count("1")
        forbidden = above | (above << 1) | (above >> 1)
        for mask in options[r].get(need, ()):
            if mask & forbidden:
                continue
            spent[0] += 1
            if spent[0] > budget:
                raise SearchBudget
            ok = True
            for c in range(n):
                if mask >> c & 1 and counts[c] + 1 > p.col_targets[c]:
                    ok = False
                    break
            if not ok:
                continue
            for c in range(n):
                if mask >> c & 1:
                    counts[c] += 1
            if all(counts[c] + capacity[r + 1][c] >= p.col_targets[c] for c in range(n)):
                rows_out[r] = mask
                if r == 0 or all(tree_served(t) for t in trees_by_row[r - 1]):
                    place(r + 1, mask | fixed_rows[r])
                rows_out[r] = 0
            for c in range(n):
                if mask >> c & 1:
                    counts[c] -= 1

    place(0, 0)
    return found


def is_solution(p: Puzzle, tents: set[Cell]) -> bool:
    """Every rule checked directly on a full tent set (for tests and answers alike)."""
    n = p.size
    if not p.tents <= tents or tents & p.trees:
        return False
    if any(not p.inside(t) for t in tents):
        return False
    if [sum(1 for t in tents if t[0] == r) for r in range(n)] != list(p.row_targets):
        return False
    if [sum(1 for t in tents if t[1] == c) for c in range(n)] != list(p.col_targets):
        return False
    if any(n_ in tents for t in tents for n_ in around(n, t)):
        return False
    return has_pairing(sorted(p.trees), tents)


def unique_solution(p: Puzzle) -> frozenset[Cell] | None:
    """The puzzle's only solution, or None when it has several, none, or needs more search
    than the budget allows."""
    try:
        found = solutions(p, 2)
    except SearchBudget:
        return None
    return found[0] if len(found) == 1 else None
