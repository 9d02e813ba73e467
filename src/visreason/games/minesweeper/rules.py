"""Minesweeper logic: dealing a board, flood reveal, and an exact solver over visible information.

No drawing and no prompt text. The solver answers only from what a player sees (numbers, flags,
the total mine count): it enumerates every mine layout of the frontier consistent with the
numbers and counts the ways to place the remaining mines off the frontier, so "certainly a mine",
"certainly safe" and "its number is determined" are exact. A chain of simple deductions (one
number, two overlapping numbers, the total) is recorded too, so an analysis can show which numbers
force which cells.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from math import comb

from ...core.text import fmt_cell as fmt
from ...core.text import fmt_cells, plural

HIDDEN, FLAG = "#", "F"
Cell = tuple[int, int]
Board = list[list[str]]

# plot level -> (board side, total mines)
LEVEL_SIZES: dict[str, tuple[int, int]] = {"easy": (4, 3), "medium": (5, 5), "hard": (6, 8)}
MIN_FLAGS, MAX_FLAGS = 2, 4




def neighbours(cell: Cell, size: int) -> list[Cell]:
    """The up to 8 cells around `cell`, row-major."""
    r, c = cell
    return [(r + dr, c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)
            if (dr or dc) and 0 <= r + dr < size and 0 <= c + dc < size]


def all_cells(size: int) -> list[Cell]:
    return [(r, c) for r in range(size) for c in range(size)]


def is_revealed(value: str) -> bool:
    return value not in (HIDDEN, FLAG)


def cells_where(board: Board, test: Callable[[str], bool]) -> list[Cell]:
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
    safe (frontier cells only). `first_layout` is every mine of one consistent layout.
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
    first_layout: list[Cell] = field(default_factory=list)

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
        if not sol.first_layout:
            sol.first_layout = sorted(mines_here + rest[:off])
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
    """One forced deduction: from one or two numbers (or the total) some cells become known.

    `used` are the earlier deduced cells the step relies on, so a chain can be cut down to
    the steps a given cell depends on.
    """

    mines: tuple[Cell, ...]
    safes: tuple[Cell, ...]
    used: tuple[Cell, ...]
    text: str


def cells_at(word: str, cells: list[Cell] | tuple[Cell, ...]) -> str:
    """'a flag at (0, 1)' or 'flags at (0, 1), (2, 2)'."""
    return f"a {word} at {fmt(cells[0])}" if len(cells) == 1 else f"{word}s at {fmt_cells(cells)}"


@dataclass(frozen=True)
class NumberView:
    """A revealed number seen through what is known so far."""

    cell: Cell
    number: int
    flags: list[Cell]
    found: list[Cell]
    cleared: list[Cell]
    open_cells: tuple[Cell, ...]

    @property
    def need(self) -> int:
        """Mines still missing around the number once flags and found mines are counted."""
        return self.number - len(self.flags) - len(self.found)


def _view(board: Board, cell: Cell, known: dict[Cell, bool]) -> NumberView:
    around = neighbours(cell, len(board))
    hidden = [n for n in around if board[n[0]][n[1]] == HIDDEN]
    return NumberView(
        cell, int(board[cell[0]][cell[1]]),
        [n for n in around if board[n[0]][n[1]] == FLAG],
        [n for n in hidden if known.get(n) is True],
        [n for n in hidden if known.get(n) is False],
        tuple(n for n in hidden if n not in known),
    )


def _settle(cells: tuple[Cell, ...], mines: int) -> tuple[tuple[Cell, ...], tuple[Cell, ...], str]:
    """(mines, safes, wording) when `mines` among `cells` forces every one of them."""
    if mines:
        return cells, (), "so it is a mine" if len(cells) == 1 else "so all of them are mines"
    return (), cells, "so it is safe" if len(cells) == 1 else "so all of them are safe"


def _single_step(view: NumberView) -> Step | None:
    """One number whose missing mines fill all, or none, of its unknown neighbours."""
    if not view.open_cells or view.need not in (0, len(view.open_cells)):
        return None
    facts = []
    if view.flags:
        facts.append(cells_at("flag", view.flags))
    if view.found:
        facts.append(cells_at("known mine", view.found))
    used = list(view.found)
    if view.need and view.cleared:  # cleared cells matter only when the rest must be mines
        facts.append(cells_at("known safe cell", view.cleared))
        used += view.cleared
    known_part = f", next to {' and '.join(facts)}" if facts else ""
    mines, safes, verdict = _settle(view.open_cells, view.need)
    other = "other " if facts else ""
    noun = "neighbour" if len(view.open_cells) == 1 else "neighbours"
    text = (f"{fmt(view.cell)} shows {view.number}{known_part}. Its {other}unknown hidden "
            f"{noun} {fmt_cells(view.open_cells)} must hold {view.number} - "
            f"{len(view.flags) + len(view.found)} = {plural(view.need, 'mine')}, {verdict}.")
    return Step(mines, safes, tuple(used), text)


def _pair_step(a: NumberView, b: NumberView) -> Step | None:
    """Two overlapping numbers: what `a` allows in the shared cells forces `b`'s other cells.

    The shared cells hold at most min(shared, a.need) mines and at least a.need minus `a`'s
    cells outside them; if that leaves `b`'s outside cells needing all or none, they are settled.
    """
    a_cells = set(a.open_cells)
    shared = tuple(c for c in b.open_cells if c in a_cells)
    extra = tuple(c for c in b.open_cells if c not in a_cells)
    if not shared or not extra:
        return None
    a_out = len(a_cells) - len(shared)
    most = min(len(shared), a.need)
    least = max(0, a.need - a_out)
    if b.need - most == len(extra):
        bound, mines = f"at most {plural(most, 'mine')}", len(extra)
        reason = (f"they are only {len(shared)} cell(s)" if most == len(shared)
                  else f"{fmt(a.cell)} needs only {a.need}")
        tail = f"at least {b.need} - {most} = {len(extra)}"
    elif b.need == least:
        bound, mines = f"at least {plural(least, 'mine')}", 0
        reason = (f"all of {fmt(a.cell)}'s unknown cells are among them" if not a_out else
                  f"{fmt(a.cell)} has only {a_out} other unknown cell(s)")
        tail = f"at most {b.need} - {least} = 0"
    else:
        return None
    settled_mines, safes, verdict = _settle(extra, mines)
    text = (f"{fmt(a.cell)} still needs {plural(a.need, 'mine')} among "
            f"{fmt_cells(a.open_cells)}, and {fmt(b.cell)} still needs "
            f"{plural(b.need, 'mine')} among {fmt_cells(b.open_cells)}. Their shared cells "
            f"{fmt_cells(shared)} hold {bound}, since {reason}; so {fmt(b.cell)}'s other "
            f"cell(s) {fmt_cells(extra)} hold {tail} mines, {verdict}.")
    used = a.found + a.cleared + b.found + b.cleared
    return Step(settled_mines, safes, tuple(sorted(set(used))), text)


def _count_step(
    board: Board, total: int, known: dict[Cell, bool], views: list[NumberView]
) -> Step | None:
    """The total mine count settles the unknown cells: on its own, or beside one number.

    With L mines left: if L is 0 (or equals the unknown cells) they are all safe (all mines);
    if one number still needs all L, every unknown cell away from it is safe, and if the
    cells away from it number L minus its need, they are all mines.
    """
    flags = len(cells_where(board, lambda v: v == FLAG))
    found = sorted(c for c, m in known.items() if m)
    open_cells = tuple(c for c in cells_where(board, lambda v: v == HIDDEN) if c not in known)
    left = total - flags - len(found)
    head = (f"The board has {total} mines: {flags} flagged and {len(found)} found, leaving "
            f"{plural(left, 'mine')}")
    if open_cells and left in (0, len(open_cells)):
        mines, safes, verdict = _settle(open_cells, left)
        text = f"{head} for the unknown hidden cell(s) {fmt_cells(open_cells)}, {verdict}."
        return Step(mines, safes, tuple(found), text)
    for view in views:
        away = tuple(c for c in open_cells if c not in view.open_cells)
        if not away or left - view.need not in (0, len(away)):
            continue
        mines, safes, verdict = _settle(away, left - view.need)
        text = (f"{head}. {fmt(view.cell)} still needs {plural(view.need, 'mine')} among "
                f"{fmt_cells(view.open_cells)}, so the other unknown hidden cell(s) "
                f"{fmt_cells(away)} hold {left} - {view.need} = "
                f"{plural(left - view.need, 'mine')}, {verdict}.")
        used = sorted({*found, *view.found, *view.cleared})
        return Step(mines, safes, tuple(used), text)
    return None


def _next_step(board: Board, total: int, known: dict[Cell, bool]) -> Step | None:
    """The first rule that settles something: one number, two overlapping numbers, the total."""
    views = [_view(board, c, known) for c in cells_where(board, is_revealed)]
    views = [v for v in views if v.open_cells]
    for view in views:
        step = _single_step(view)
        if step:
            return step
    for a in views:
        for b in views:
            step = _pair_step(a, b) if a is not b else None
            if step:
                return step
    return _count_step(board, total, known, views)


def deduce(board: Board, total: int) -> list[Step]:
    """Apply the simple rules until nothing new follows; the exact solver covers the rest."""
    known: dict[Cell, bool] = {}
    steps: list[Step] = []
    step = _next_step(board, total, known)
    while step:
        steps.append(step)
        known.update(dict.fromkeys(step.mines, True) | dict.fromkeys(step.safes, False))
        step = _next_step(board, total, known)
    return steps


def settled_by_chain(steps: list[Step]) -> set[Cell]:
    return {c for s in steps for c in s.mines + s.safes}


def chain_for(steps: list[Step], cells: list[Cell]) -> list[Step]:
    """The steps that settle `cells` (those the chain reaches), with their premises, in order."""
    by_cell = {c: i for i, s in enumerate(steps) for c in s.mines + s.safes}
    needed: set[int] = set()
    todo = [by_cell[c] for c in cells if c in by_cell]
    while todo:
        i = todo.pop()
        if i not in needed:
            needed.add(i)
            todo.extend(by_cell[c] for c in steps[i].used)
    return [steps[i] for i in sorted(needed)]
