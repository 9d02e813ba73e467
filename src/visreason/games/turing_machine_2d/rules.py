"""A Turing machine whose head walks a 2D grid of symbols (no drawing).

A state is {"rows", "cols", "grid": rows of symbol numbers, "symbols": how many symbols,
"states": how many head states, "head": [row, col], "state": the head state, "rules":
rules[state][symbol] = [symbol written, move, new state]}. One step reads the symbol under
the head, writes the new symbol, changes state, then moves one cell; the head must never
leave the grid (there is no wrapping), so machines are built to stay on it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MOVES: dict[str, tuple[int, int]] = {"up": (-1, 0), "right": (0, 1), "down": (1, 0),
                                     "left": (0, -1)}
# Brackets that write a head state around a symbol: "[2]" is state 1 on symbol 2.
BRACKETS = ("()", "[]", "{}", "<>")

Cell = tuple[int, int]
# (step number, new state) -> whether a rule drawn at that step may lead to that state
StateFilter = Callable[[int, int], bool]


def shapes(low: int, high: int) -> list[tuple[int, int]]:
    """Grid shapes (rows >= cols >= 3) with low..high cells; sides up to 5 while boards stay
    within 25 cells, as in the original, up to 8 beyond."""
    most = max(5, math.isqrt(high))
    return [(r, c) for c in range(3, 9) for r in range(c, most + 1) if low <= r * c <= high]


def bracket(state: int, symbol: int) -> str:
    return f"{BRACKETS[state][0]}{symbol}{BRACKETS[state][1]}"


@dataclass(frozen=True)
class Step:
    number: int
    cell: Cell
    state: int
    read: int
    write: int
    move: str
    new_state: int
    to: Cell


def inside(state: dict[str, Any], cell: Cell) -> bool:
    return 0 <= cell[0] < state["rows"] and 0 <= cell[1] < state["cols"]


def ahead(cell: Cell, move: str) -> Cell:
    dr, dc = MOVES[move]
    return (cell[0] + dr, cell[1] + dc)


def simulate(state: dict[str, Any], count: int) -> list[Step]:
    """Up to `count` steps; the run stops early before a step that would leave the grid."""
    grid = [row[:] for row in state["grid"]]
    cell, current = (state["head"][0], state["head"][1]), state["state"]
    steps = []
    for number in range(1, count + 1):
        read = grid[cell[0]][cell[1]]
        write, move, new_state = state["rules"][current][read]
        to = ahead(cell, move)
        if not inside(state, to):
            break
        grid[cell[0]][cell[1]] = write
        steps.append(Step(number, cell, current, read, write, move, new_state, to))
        cell, current = to, new_state
    return steps


def step(state: dict[str, Any]) -> dict[str, Any] | None:
    """The machine after one step, or None when that step would leave the grid."""
    run = simulate(state, 1)
    if not run:
        return None
    s = run[0]
    grid = [row[:] for row in state["grid"]]
    grid[s.cell[0]][s.cell[1]] = s.write
    return {**state, "grid": grid, "head": list(s.to), "state": s.new_state}


def grid_after(state: dict[str, Any], steps: list[Step]) -> list[list[int]]:
    grid = [row[:] for row in state["grid"]]
    for s in steps:
        grid[s.cell[0]][s.cell[1]] = s.write
    return grid


def build(rng: random.Random, rows: int, cols: int, symbols: int, states: int, count: int,
          allow: StateFilter | None = None) -> dict[str, Any] | None:
    """A random machine whose head stays on the grid for `count` steps.

    The rule for a (state, symbol) pair is drawn the first time the head needs it, with a
    move that keeps the head on the grid (and, with `allow`, a new state it accepts at that
    step); pairs the run never meets get fully random rules. None when a rule drawn earlier
    later leads off the grid or to a state `allow` refuses.
    """
    grid = [[rng.randrange(symbols) for _ in range(cols)] for _ in range(rows)]
    head = (rng.randrange(rows), rng.randrange(cols))
    current = rng.randrange(states)
    machine = {"rows": rows, "cols": cols, "grid": grid, "symbols": symbols, "states": states,
               "head": list(head), "state": current, "rules": None}
    rules: list[list[list[Any] | None]] = [[None] * symbols for _ in range(states)]
    work = [row[:] for row in grid]
    cell = head
    for number in range(1, count + 1):
        read = work[cell[0]][cell[1]]
        rule = rules[current][read]
        if rule is None:
            moves = [m for m in MOVES if inside(machine, ahead(cell, m))]
            targets = [s for s in range(states) if allow is None or allow(number, s)]
            if not targets:
                return None
            rule = rules[current][read] = [rng.randrange(symbols), rng.choice(moves),
                                           rng.choice(targets)]
        write, move, new_state = rule
        if not inside(machine, ahead(cell, move)) or \
                (allow is not None and not allow(number, new_state)):
            return None
        work[cell[0]][cell[1]] = write
        cell, current = ahead(cell, move), new_state
    machine["rules"] = [[rule if rule is not None else
                         [rng.randrange(symbols), rng.choice(list(MOVES)), rng.randrange(states)]
                         for rule in row] for row in rules]
    return machine
