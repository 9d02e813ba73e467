"""Jewel2, a match-3 game: the board, the two commands, special gems, gravity, the stated
refill cycle and cascades (no drawing, no text).

A state is {"size": n, "grid": n strings, "total": Total Cleared, "next": index into
REFILL of the next new gem}. Cells hold a basic gem A-E, a round special a-e (clears every
basic gem of its letter), "|" (clears its column) or "+" (clears its 3x3 block). Cells are
(row, col), 0-based from the top-left.

One command: its own removal (the lines through the target, or the special it fires, with
every special caught in a blast firing too), then the board settles: gems fall, the empty
cells are refilled, and every line of three or more equal basic gems anywhere is removed,
again and again until no line is left. Refills are deterministic so every outcome follows
from the board: new gems are dealt from the cycle A, B, C, D, E, A ... starting at `next`,
column by column from left to right and each column from top to bottom.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

BASIC = "ABCDE"
ROUND = "abcde"
COLUMN, BLAST = "|", "+"
SPECIALS = ROUND + COLUMN + BLAST
REFILL = BASIC
# Swap directions in the order the best-command search tries them.
DIRECTIONS: dict[str, tuple[int, int]] = {"up": (-1, 0), "down": (1, 0), "right": (0, 1),
                                          "left": (0, -1)}

Cell = tuple[int, int]
Grid = list[list[str | None]]


def is_basic(v: str | None) -> bool:
    return v is not None and v in BASIC


def random_state(rng: random.Random, size: int, specials: int, total: int) -> dict[str, Any]:
    """A board of random basic gems with `specials` special gems on random cells."""
    cells = [rng.choice(BASIC) for _ in range(size * size)]
    for k in rng.sample(range(size * size), specials):
        cells[k] = rng.choice(SPECIALS)
    grid = ["".join(cells[r * size:(r + 1) * size]) for r in range(size)]
    return {"size": size, "grid": grid, "total": total, "next": rng.randrange(len(REFILL))}


def to_grid(state: dict[str, Any]) -> Grid:
    return [list(row) for row in state["grid"]]


def run_through(grid: Grid, cell: Cell, dr: int, dc: int) -> list[Cell]:
    """The run of equal basic gems through `cell` along (dr, dc), if 3 or longer."""
    n = len(grid)
    r, c = cell
    v = grid[r][c]
    if not is_basic(v):
        return []
    cells = [cell]
    for sign in (1, -1):
        rr, cc = r + sign * dr, c + sign * dc
        while 0 <= rr < n and 0 <= cc < n and grid[rr][cc] == v:
            cells.append((rr, cc))
            rr, cc = rr + sign * dr, cc + sign * dc
    return sorted(cells) if len(cells) >= 3 else []


def lines_through(grid: Grid, cell: Cell) -> list[list[Cell]]:
    """The horizontal and the vertical line (3 or more) through `cell`, those that exist."""
    return [line for line in (run_through(grid, cell, 0, 1), run_through(grid, cell, 1, 0))
            if line]


def all_lines(grid: Grid) -> list[list[Cell]]:
    """Every maximal line of 3 or more equal basic gems: rows first, then columns."""
    n = len(grid)
    found = []
    for horizontal in (True, False):
        for a in range(n):
            b = 0
            while b < n:
                r, c = (a, b) if horizontal else (b, a)
                v = grid[r][c]
                end = b + 1
                while end < n and (grid[a][end] if horizontal else grid[end][a]) == v:
                    end += 1
                if is_basic(v) and end - b >= 3:
                    found.append([(a, k) if horizontal else (k, a) for k in range(b, end)])
                b = end
    return found


def blast(grid: Grid, cell: Cell) -> list[Cell]:
    """The cells a special gem at `cell` clears (itself included)."""
    n = len(grid)
    v = grid[cell[0]][cell[1]]
    r, c = cell
    if v == COLUMN:
        return [(k, c) for k in range(n)]
    if v == BLAST:
        return [(rr, cc) for rr in range(r - 1, r + 2) for cc in range(c - 1, c + 2)
                if 0 <= rr < n and 0 <= cc < n]
    target = v.upper()
    return sorted({cell} | {(rr, cc) for rr in range(n) for cc in range(n)
                            if grid[rr][cc] == target})


@dataclass
class Fired:
    cell: Cell
    gem: str
    cells: list[Cell]


def fire_chain(grid: Grid, start: list[Cell]) -> tuple[set[Cell], list[Fired]]:
    """Cells cleared when the specials in `start` fire; a special caught by a blast fires
    too (once), in the order it was caught."""
    cleared: set[Cell] = set()
    fired: list[Fired] = []
    queue = list(start)
    done: set[Cell] = set()
    while queue:
        cell = queue.pop(0)
        if cell in done:
            continue
        done.add(cell)
        cells = blast(grid, cell)
        fired.append(Fired(cell, grid[cell[0]][cell[1]], cells))
        cleared.update(cells)
        queue.extend(c for c in cells if c not in done and grid[c[0]][c[1]] in SPECIALS)
    return cleared, fired


@dataclass
class Round:
    """One cascade round: the new gems dealt, then the lines removed."""

    refilled: list[tuple[Cell, str]]
    lines: list[list[Cell]]
    letters: list[str]
    removed: int


@dataclass
class Outcome:
    """What a command did. `status` is 'cleared', 'invalid' (a clear with no line and no
    special), 'special' (a swap touching a special: refused) or 'undone' (a swap making no
    line: swapped back)."""

    command: str
    status: str
    first: int = 0
    lines: list[list[Cell]] = field(default_factory=list)
    fired: list[Fired] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    state: dict[str, Any] | None = None

    @property
    def removed(self) -> int:
        return self.first + sum(r.removed for r in self.rounds)


MAX_ROUNDS = 40


class EndlessCascade(Exception):
    """The refill cycle keeps making lines: the board would never settle (a board seen
    before comes back), or not within MAX_ROUNDS rounds. Such boards are not asked about."""


def settle(grid: Grid, next_gem: int) -> tuple[list[Round], int]:
    """Gravity, refill and line removal, repeated until no line is left (grid in place).
    Raises EndlessCascade when it would go on for ever."""
    n = len(grid)
    rounds = []
    seen: set[tuple[str, int]] = set()
    while True:
        if len(rounds) >= MAX_ROUNDS:
            raise EndlessCascade
        for c in range(n):
            column = [grid[r][c] for r in range(n) if grid[r][c] is not None]
            empty = n - len(column)
            for r in range(n):
                grid[r][c] = None if r < empty else column[r - empty]
        refilled = []
        for c in range(n):
            for r in range(n):
                if grid[r][c] is None:
                    grid[r][c] = REFILL[next_gem]
                    refilled.append(((r, c), REFILL[next_gem]))
                    next_gem = (next_gem + 1) % len(REFILL)
        key = ("".join(v or "." for row in grid for v in row), next_gem)
        if key in seen:
            raise EndlessCascade
        seen.add(key)
        lines = all_lines(grid)
        removed = {cell for line in lines for cell in line}
        letters = [grid[line[0][0]][line[0][1]] for line in lines]
        rounds.append(Round(refilled, lines, letters, len(removed)))
        if not removed:
            return rounds, next_gem
        for r, c in removed:
            grid[r][c] = None


def finish(state: dict[str, Any], grid: Grid, outcome: Outcome, cleared: set[Cell]) -> Outcome:
    outcome.first = len(cleared)
    for r, c in cleared:
        grid[r][c] = None
    outcome.rounds, next_gem = settle(grid, state["next"])
    outcome.state = {"size": state["size"], "grid": ["".join(row) for row in grid],
                     "total": state["total"] + outcome.removed, "next": next_gem}
    return outcome


def clear(state: dict[str, Any], cell: Cell) -> Outcome:
    grid = to_grid(state)
    command = f"clear {cell[0]} {cell[1]}"
    v = grid[cell[0]][cell[1]]
    if v in SPECIALS:
        cleared, fired = fire_chain(grid, [cell])
        return finish(state, grid, Outcome(command, "cleared", fired=fired), cleared)
    lines = lines_through(grid, cell)
    if not lines:
        return Outcome(command, "invalid", state=state)
    cleared = {c for line in lines for c in line}
    return finish(state, grid, Outcome(command, "cleared", lines=lines), cleared)


def neighbour(cell: Cell, direction: str) -> Cell:
    dr, dc = DIRECTIONS[direction]
    return (cell[0] + dr, cell[1] + dc)


def swap(state: dict[str, Any], cell: Cell, direction: str) -> Outcome:
    """Swap the gem at `cell` with its neighbour in `direction` (which must be on the board)."""
    grid = to_grid(state)
    other = neighbour(cell, direction)
    command = f"swap {cell[0]} {cell[1]} {direction}"
    if not (is_basic(grid[cell[0]][cell[1]]) and is_basic(grid[other[0]][other[1]])):
        return Outcome(command, "special", state=state)
    (a, b), (c, d) = cell, other
    grid[a][b], grid[c][d] = grid[c][d], grid[a][b]
    lines = lines_through(grid, cell) + lines_through(grid, other)
    if not lines:
        return Outcome(command, "undone", state=state)
    cleared = {x for line in lines for x in line}
    return finish(state, grid, Outcome(command, "cleared", lines=lines), cleared)


def in_board(size: int, cell: Cell) -> bool:
    return 0 <= cell[0] < size and 0 <= cell[1] < size


def commands(size: int) -> list[tuple[str, Cell, str | None]]:
    """Every command on the board in search order: swaps (row-major, directions up, down,
    right, left, neighbours on the board), then clears (row-major)."""
    found: list[tuple[str, Cell, str | None]] = []
    for r in range(size):
        for c in range(size):
            for d in DIRECTIONS:
                if in_board(size, neighbour((r, c), d)):
                    found.append(("swap", (r, c), d))
    found += [("clear", (r, c), None) for r in range(size) for c in range(size)]
    return found


def _run_length(grid: list[str], cell: Cell, gem: str, dr: int, dc: int,
                swap: tuple[Cell, Cell, str, str]) -> int:
    """Length of the run of `gem` through `cell` along (dr, dc) on the board with the swap
    (a, b, gem now at a, gem now at b) applied."""
    a, b, at_a, at_b = swap
    n = len(grid)
    length = 1
    for sign in (1, -1):
        r, c = cell[0] + sign * dr, cell[1] + sign * dc
        while 0 <= r < n and 0 <= c < n:
            v = at_a if (r, c) == a else at_b if (r, c) == b else grid[r][c]
            if v != gem:
                break
            length += 1
            r, c = r + sign * dr, c + sign * dc
    return length


def status_of(state: dict[str, Any], command: tuple[str, Cell, str | None]) -> str:
    """The status `apply` would give, found without carrying the command out (cheap: no
    copying, no settling)."""
    kind, cell, direction = command
    grid = state["grid"]
    gem = grid[cell[0]][cell[1]]
    if kind == "clear":
        if gem in SPECIALS:
            return "cleared"
        none = (cell, cell, gem, gem)
        runs = (_run_length(grid, cell, gem, 0, 1, none), _run_length(grid, cell, gem, 1, 0, none))
        return "cleared" if max(runs) >= 3 else "invalid"
    other = neighbour(cell, direction)
    there = grid[other[0]][other[1]]
    if gem not in BASIC or there not in BASIC:
        return "special"
    swap = (cell, other, there, gem)
    for at, now in ((cell, there), (other, gem)):
        if _run_length(grid, at, now, 0, 1, swap) >= 3 or \
                _run_length(grid, at, now, 1, 0, swap) >= 3:
            return "cleared"
    return "undone"


def apply(state: dict[str, Any], command: tuple[str, Cell, str | None]) -> Outcome:
    kind, cell, direction = command
    return swap(state, cell, direction) if kind == "swap" else clear(state, cell)


def command_text(command: tuple[str, Cell, str | None]) -> str:
    kind, (r, c), direction = command
    return f"swap {r} {c} {direction}" if kind == "swap" else f"clear {r} {c}"
