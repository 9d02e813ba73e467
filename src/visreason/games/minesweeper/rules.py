"""Minesweeper logic: dealing a board, flood reveal, and an exact solver over visible information.

No drawing and no prompt text. The solver answers only from what a player sees (numbers, flags,
the total mine count): it enumerates every mine layout of the frontier consistent with the
numbers and counts the ways to place the remaining mines off the frontier, so "certainly a mine",
"certainly safe" and "its number is determined" are exact. A simple one-number deduction chain
is recorded too, so an analysis can show which numbers force which cells.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from math import comb

HIDDEN, FLAG = "#", "F"
Cell = tuple[int, int]
Board = list[list[str]]

# plot level -> (board side, total mines)
LEVEL_SIZES: dict[str, tuple[int, int]] = {"easy": (4, 3), "medium": (5, 5), "hard": (6, 8)}
MIN_FLAGS, MAX_FLAGS = 2, 4


def fmt(cell: Cell) -> str:
    return f"({cell[0]}, {cell[1]})"


def fmt_cells(cells: list[Cell] | tuple[Cell, ...]) -> str:
    return ", ".join(fmt(c) for c in cells)


def neighbours(cell: Cell, size: int) -> list[Cell]:
    """The up to 8 cells around `cell`, row-major."""
    r, c = cell
    return [(r + dr, c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)
            if (dr or dc) and 0 <= r + dr < size and 0 <= c + dc < size]


def all_cells(size: int) -> list[Cell]:
    return [(r, c) for r in range(size) for c in range(size)]


def is_revealed(value: str) -> bool:
    return value not in (HIDDEN, FLAG)


def cells_where(board: Board, test) -> list[Cell]:
    """Cells of `board` whose value passes `test`, row-major."""
    return [(r, c) for r, row in enumerate(board) for c, v in enumerate(row) if test(v)]


# ---------------------------------------------------------------- dealing a board


@dataclass(frozen=True)
class Deal:
    """A dealt board: what the player sees, plus the hidden truth it came from."""

    board: Board
    mines: list[Cell]
    click: Cell
    total: int


def mine_count(cell: Cell, mines: set[Cell], size: int) -> int:
    return sum(1 for n in neighbours(cell, size) if n in mines)


def flood_reveal(click: Cell, mines: set[Cell], size: int) -> Board:
    """Reveal `click` and spread through zero cells, as a first click does."""
    board = [[HIDDEN] * size for _ in range(size)]
    queue = [click]
    while queue:
        cell = queue.pop()
        r, c = cell
        if board[r][c] != HIDDEN:
            continue
        count = mine_count(cell, mines, size)
        board[r][c] = str(count)
        if count == 0:
            queue.extend(n for n in neighbours(cell, size) if board[n[0]][n[1]] == HIDDEN)
    return board


def deal(rng: random.Random, size: int, total: int) -> Deal:
    """Random first click; mines avoid its 3x3 block; flood reveal; flag 2-4 touching mines.

    Flags go on the first hidden mines (row-major) that touch a revealed cell; when fewer such
    mines exist they are all flagged, and the caller decides whether the board is usable.
    """
    click = (rng.randrange(size), rng.randrange(size))
    banned = {click, *neighbours(click, size)}
    mines = sorted(rng.sample([c for c in all_cells(size) if c not in banned], total))
    mine_set = set(mines)
    board = flood_reveal(click, mine_set, size)
    touching = [m for m in mines
                if any(is_revealed(board[n[0]][n[1]]) for n in neighbours(m, size))]
    for r, c in touching[: rng.randint(MIN_FLAGS, MAX_FLAGS)]:
        board[r][c] = FLAG
    return Deal(board, mines, click, total)


# ---------------------------------------------------------------- exact solver


@dataclass
class Solution:
    """Every mine layout consistent with the visible board, summarised per hidden cell.

    `unknown` are the hidden unflagged cells, split into `frontier` (touching a revealed number)
    and `rest`. `layouts` counts full layouts of the unknown cells; `mine_layouts[c]` those with
    a mine at c; `numbers[c]` the numbers c could show in layouts where it is safe.
    `mine_example[c]` / `safe_example[c]` hold the frontier mines of one layout with c a mine /
    safe (frontier cells only).
    """

    unknown: list[Cell]
    frontier: list[Cell]
    rest: list[Cell]
    to_place: int
    layouts: int = 0
    mine_layouts: dict[Cell, int] = field(default_factory=dict)
    numbers: dict[Cell, set[int]] = field(default_factory=dict)
    mine_example: dict[Cell, list[Cell]] = field(default_factory=dict)
    safe_example: dict[Cell, list[Cell]] = field(default_factory=dict)

    def is_mine(self, cell: Cell) -> bool:
        return self.mine_layouts[cell] == self.layouts

    def is_safe(self, cell: Cell) -> bool:
        return self.mine_layouts[cell] == 0

    def number(self, cell: Cell) -> int | None:
        """The number `cell` shows if it is certainly safe and shows the same in every layout."""
        values = self.numbers[cell]
        return next(iter(values)) if self.is_safe(cell) and len(values) == 1 else None


Constraint = tuple[Cell, int, list[Cell]]


def _constraints(board: Board, size: int, unknown: set[Cell]) -> list[Constraint]:
    """(number cell, mines still needed, its unknown neighbours) for each revealed number."""
    out = []
    for cell in cells_where(board, is_revealed):
        around = neighbours(cell, size)
        cells = [n for n in around if n in unknown]
        if cells:
            flags = sum(1 for n in around if board[n[0]][n[1]] == FLAG)
            out.append((cell, int(board[cell[0]][cell[1]]) - flags, cells))
    return out


def _frontier_layouts(
    frontier: list[Cell], constraints: list[Constraint], to_place: int
) -> list[tuple[bool, ...]]:
    """Every mine/safe assignment of the frontier that meets each number exactly (backtracking)."""
    index = {c: i for i, c in enumerate(frontier)}
    need = [k for _, k, _ in constraints]
    left = [len(cells) for _, _, cells in constraints]
    touching: list[list[int]] = [[] for _ in frontier]
    for j, (_, _, cells) in enumerate(constraints):
        for c in cells:
            touching[index[c]].append(j)
    found: list[tuple[bool, ...]] = []
    assignment: list[bool] = []

    def place(i: int, mines: int) -> None:
        if i == len(frontier):
            found.append(tuple(assignment))
            return
        for mine in (False, True):
            if mine and mines == to_place:
                continue
            ok = True
            for j in touching[i]:
                left[j] -= 1
                need[j] -= mine
                if need[j] < 0 or need[j] > left[j]:
                    ok = False
            if ok:
                assignment.append(mine)
                place(i + 1, mines + mine)
                assignment.pop()
            for j in touching[i]:
                left[j] += 1
                need[j] += mine

    place(0, 0)
    return found


def solve(board: Board, total: int) -> Solution:
    """Exact summary of all layouts consistent with the numbers, the flags and the total."""
    size = len(board)
    unknown = cells_where(board, lambda v: v == HIDDEN)
    unknown_set = set(unknown)
    flags = len(cells_where(board, lambda v: v == FLAG))
    constraints = _constraints(board, size, unknown_set)
    on_frontier = {c for _, _, cells in constraints for c in cells}
    frontier = [c for c in unknown if c in on_frontier]
    rest = [c for c in unknown if c not in on_frontier]
    rest_set = set(rest)
    sol = Solution(unknown, frontier, rest, total - flags)
    sol.mine_layouts = dict.fromkeys(unknown, 0)
    sol.numbers = {c: set() for c in unknown}
    position = {c: i for i, c in enumerate(frontier)}
    around = {c: neighbours(c, size) for c in unknown}
    base_flags = {c: sum(1 for n in around[c] if board[n[0]][n[1]] == FLAG) for c in unknown}
    rest_around = {c: sum(1 for n in around[c] if n in rest_set) for c in unknown}
    for layout in _frontier_layouts(frontier, constraints, sol.to_place):
        placed = sum(layout)
        off = sol.to_place - placed
        if off < 0 or off > len(rest):
            continue
        ways = comb(len(rest), off)
        sol.layouts += ways
        mines_here = [c for c, m in zip(frontier, layout, strict=True) if m]
        for c in frontier:
            is_mine = layout[position[c]]
            example = sol.mine_example if is_mine else sol.safe_example
            example.setdefault(c, mines_here)
            if is_mine:
                sol.mine_layouts[c] += ways
        if rest and off:
            for c in rest:
                sol.mine_layouts[c] += comb(len(rest) - 1, off - 1)
        for c in unknown:
            base = base_flags[c] + sum(1 for n in around[c] if n in position
                                       and layout[position[n]])
            if c in rest_set:  # c safe: `off` mines among the other rest cells
                if off > len(rest) - 1:
                    continue
                others = len(rest) - 1
            elif layout[position[c]]:
                continue
            else:
                others = len(rest)
            a = rest_around[c]
            for j in range(max(0, off - (others - a)), min(a, off) + 1):
                sol.numbers[c].add(base + j)
    return sol


# ---------------------------------------------------------------- deduction chain


@dataclass(frozen=True)
class Step:
    """One forced deduction: from a number (or the total count) some cells become known."""

    source: Cell | None
    mines: tuple[Cell, ...]
    safes: tuple[Cell, ...]
    used: tuple[Cell, ...]
    text: str


def _number_step(board: Board, cell: Cell, known: dict[Cell, bool]) -> Step | None:
    size = len(board)
    number = int(board[cell[0]][cell[1]])
    around = neighbours(cell, size)
    flags = [n for n in around if board[n[0]][n[1]] == FLAG]
    hidden = [n for n in around if board[n[0]][n[1]] == HIDDEN]
    found = [n for n in hidden if known.get(n) is True]
    cleared = [n for n in hidden if known.get(n) is False]
    open_cells = tuple(n for n in hidden if n not in known)
    left = number - len(flags) - len(found)
    if not open_cells or left not in (0, len(open_cells)):
        return None
    facts = []
    if flags:
        facts.append(f"flag(s) at {fmt_cells(flags)}")
    if found:
        facts.append(f"mine(s) already found at {fmt_cells(found)}")
    if cleared:
        facts.append(f"safe cell(s) already found at {fmt_cells(cleared)}")
    known_part = f"; around it are {' and '.join(facts)}" if facts else ""
    verdict = "so all of them are mines" if left else "so all of them are safe"
    text = (f"{fmt(cell)} shows {number}{known_part}. Its other hidden neighbours "
            f"{fmt_cells(open_cells)} must hold {number} - {len(flags) + len(found)} = {left} "
            f"mine(s), {verdict}.")
    mines = open_cells if left else ()
    safes = () if left else open_cells
    return Step(cell, mines, safes, tuple(found + cleared), text)


def _count_step(board: Board, total: int, known: dict[Cell, bool]) -> Step | None:
    flags = len(cells_where(board, lambda v: v == FLAG))
    found = [c for c, m in known.items() if m]
    open_cells = tuple(c for c in cells_where(board, lambda v: v == HIDDEN) if c not in known)
    left = total - flags - len(found)
    if not open_cells or left not in (0, len(open_cells)):
        return None
    verdict = "so every one of them is a mine" if left else "so every one of them is safe"
    text = (f"The board has {total} mines: {flags} flagged and {len(found)} found, leaving "
            f"{left} for the {len(open_cells)} still-unknown hidden cell(s) "
            f"{fmt_cells(open_cells)}, {verdict}.")
    return Step(None, open_cells if left else (), () if left else open_cells,
                tuple(sorted(found)), text)


def deduce(board: Board, total: int) -> list[Step]:
    """Apply the one-number rule (and the total-count rule) until nothing new follows."""
    known: dict[Cell, bool] = {}
    steps: list[Step] = []
    numbers = cells_where(board, is_revealed)
    progress = True
    while progress:
        progress = False
        for cell in numbers:
            step = _number_step(board, cell, known)
            if step:
                steps.append(step)
                known.update(dict.fromkeys(step.mines, True) | dict.fromkeys(step.safes, False))
                progress = True
        if not progress:
            step = _count_step(board, total, known)
            if step:
                steps.append(step)
                known.update(dict.fromkeys(step.mines, True) | dict.fromkeys(step.safes, False))
                progress = True
    return steps


def chain_for(steps: list[Step], cell: Cell) -> list[Step] | None:
    """The steps `cell`'s status depends on, in order, or None if the chain never reaches it."""
    by_cell = {c: i for i, s in enumerate(steps) for c in s.mines + s.safes}
    if cell not in by_cell:
        return None
    needed: set[int] = set()
    todo = [by_cell[cell]]
    while todo:
        i = todo.pop()
        if i not in needed:
            needed.add(i)
            todo.extend(by_cell[c] for c in steps[i].used)
    return [steps[i] for i in sorted(needed)]
