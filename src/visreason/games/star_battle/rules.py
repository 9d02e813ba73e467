"""Star Battle (one star per unit): generation of puzzles with a unique solution, the local
placement checks, and the solver that proves uniqueness.

An n x n grid is split into n connected regions. A solution puts one star in every row, every
column and every region, and no two stars touch, diagonals included. Generation draws the
solution first, grows one region around each of its stars, and then, while the solver finds a
second solution, moves one of that solution's star cells into a neighbouring region (which
breaks it and keeps the intended one), so every puzzle ends with exactly one solution.

Cells are (row, col) tuples, 0-based from the top-left; `regions[r][c]` is a region index.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

Cell = tuple[int, int]
Regions = list[list[int]]
ORTHOGONAL = ((-1, 0), (1, 0), (0, -1), (0, 1))
REPAIRS = 60  # region edits tried on one layout before it is dropped
SOLVER_BUDGET = 200_000  # cells the solver may try on one puzzle

# Reasons a star cannot go on a cell now, in the order the checks run (see `blocker`).
STAR, ROW, COLUMN, REGION, TOUCHING = "star", "row", "column", "region", "touching"


class SearchBudget(Exception):
    """The solver ran past its budget: the puzzle is not proven either way."""


def random_solution(rng: random.Random, n: int) -> list[int] | None:
    """Column of the star in each row: a permutation whose neighbours differ by 2 or more."""
    cols: list[int] = []

    def extend() -> bool:
        if len(cols) == n:
            return True
        choices = [c for c in range(n) if c not in cols and (not cols or abs(c - cols[-1]) > 1)]
        rng.shuffle(choices)
        for c in choices:
            cols.append(c)
            if extend():
                return True
            cols.pop()
        return False

    return cols if extend() else None


def grow_regions(rng: random.Random, n: int, seeds: Sequence[Cell]) -> Regions:
    """Regions grown at random from their seed cells until every cell belongs to one."""
    regions = [[-1] * n for _ in range(n)]
    frontier: list[tuple[Cell, int]] = []
    for k, (r, c) in enumerate(seeds):
        regions[r][c] = k
    for k, cell in enumerate(seeds):
        frontier += [(nb, k) for nb in neighbours(n, cell)]
    while frontier:
        i = rng.randrange(len(frontier))
        frontier[i], frontier[-1] = frontier[-1], frontier[i]
        (r, c), k = frontier.pop()
        if regions[r][c] != -1:
            continue
        regions[r][c] = k
        frontier += [(nb, k) for nb in neighbours(n, (r, c)) if regions[nb[0]][nb[1]] == -1]
    return regions


def neighbours(n: int, cell: Cell) -> list[Cell]:
    r, c = cell
    return [(r + dr, c + dc) for dr, dc in ORTHOGONAL if 0 <= r + dr < n and 0 <= c + dc < n]


def around(n: int, cell: Cell) -> list[Cell]:
    r, c = cell
    return [(r + dr, c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)
            if (dr or dc) and 0 <= r + dr < n and 0 <= c + dc < n]


def solutions(regions: Regions, limit: int = 2, budget: int = SOLVER_BUDGET) -> list[list[int]]:
    """Up to `limit` solutions, each as the star column of every row: rows are filled top to
    bottom, each star in a column and a region still free and not beside the last star."""
    n = len(regions)
    found: list[list[int]] = []
    cols: list[int] = []
    spent = [0]

    def place(r: int, used_cols: int, used_regions: int) -> None:
        if r == n:
            found.append(cols[:])
            return
        for c in range(n):
            if used_cols >> c & 1 or (cols and abs(c - cols[-1]) < 2):
                continue
            k = regions[r][c]
            if used_regions >> k & 1:
                continue
            spent[0] += 1
            if spent[0] > budget:
                raise SearchBudget
            cols.append(c)
            place(r + 1, used_cols | 1 << c, used_regions | 1 << k)
            cols.pop()
            if len(found) >= limit:
                return

    place(0, 0, 0)
    return found


def component(regions: Regions, start: Cell) -> set[Cell]:
    """The cells of `start`'s region reachable from it through that region."""
    n = len(regions)
    k = regions[start[0]][start[1]]
    seen = {start}
    todo = [start]
    while todo:
        for nb in neighbours(n, todo.pop()):
            if nb not in seen and regions[nb[0]][nb[1]] == k:
                seen.add(nb)
                todo.append(nb)
    return seen


def repair(rng: random.Random, regions: Regions, stars: Sequence[Cell], other: list[int]) -> bool:
    """Break the other solution: one of its star cells that is not a true star moves into a
    neighbouring region, so that region holds two of its stars. Any part of the old region
    cut off from the old region's true star follows the cell (it touches the cell), so every
    region stays connected and keeps its own star. False when no such cell exists."""
    n = len(regions)
    true_stars = set(stars)
    moves = []
    for r, c in enumerate(other):
        if (r, c) in true_stars:
            continue
        moves += [((r, c), regions[a][b]) for a, b in neighbours(n, (r, c))
                  if regions[a][b] != regions[r][c]]
    if not moves:
        return False
    (r, c), target = rng.choice(moves)
    old = regions[r][c]
    regions[r][c] = target
    kept = component(regions, stars[old])
    for a in range(n):
        for b in range(n):
            if regions[a][b] == old and (a, b) not in kept:
                regions[a][b] = target
    return True


def unique_puzzle(rng: random.Random, n: int) -> tuple[Regions, list[int]] | None:
    """(regions, solution columns) of a puzzle with exactly one solution, or None."""
    cols = random_solution(rng, n)
    if cols is None:
        return None
    stars = [(r, c) for r, c in enumerate(cols)]
    rng.shuffle(stars)  # region k grows around stars[k], so region numbers mix rows
    regions = grow_regions(rng, n, stars)
    for _ in range(REPAIRS):
        try:
            found = solutions(regions, 2)
        except SearchBudget:
            return None
        others = [s for s in found if s != cols]
        if not others:
            return regions, cols
        if not repair(rng, regions, stars, others[0]):
            return None
    return None


def blocker(regions: Regions, stars: set[Cell], cell: Cell) -> str | None:
    """The first check a star on `cell` fails now, or None: the cell is empty, its row, its
    column and its region hold no star, and none of its 8 neighbours holds one."""
    r, c = cell
    if cell in stars:
        return STAR
    if any(s[0] == r for s in stars):
        return ROW
    if any(s[1] == c for s in stars):
        return COLUMN
    if any(regions[s[0]][s[1]] == regions[r][c] for s in stars):
        return REGION
    if any(nb in stars for nb in around(len(regions), cell)):
        return TOUCHING
    return None


def valid_cells(regions: Regions, stars: set[Cell]) -> list[Cell]:
    n = len(regions)
    return [(r, c) for r in range(n) for c in range(n) if blocker(regions, stars, (r, c)) is None]


def region_cells(regions: Regions, k: int) -> list[Cell]:
    return [(r, c) for r, row in enumerate(regions) for c, v in enumerate(row) if v == k]
