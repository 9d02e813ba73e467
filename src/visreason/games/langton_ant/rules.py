"""Langton's ant on a torus: the board, one step of the ant, runs of steps (no drawing).

A state is {"size": n, "grid": [rows of "0"/"1"], "ant": [x, y], "facing": direction}: 1 is a
black cell, 0 a white one; x is the row (down), y the column (right), both 0-based.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

WHITE, BLACK = "0", "1"
# Clockwise, so a right turn is the next entry and a left turn the one before.
FACINGS = ("up", "right", "down", "left")
DELTA = {"up": (-1, 0), "right": (0, 1), "down": (1, 0), "left": (0, -1)}

Cell = tuple[int, int]


def turn(facing: str, right: bool) -> str:
    return FACINGS[(FACINGS.index(facing) + (1 if right else -1)) % 4]


def ahead(cell: Cell, facing: str, size: int) -> Cell:
    """The cell in front, wrapping around the edges."""
    dx, dy = DELTA[facing]
    return ((cell[0] + dx) % size, (cell[1] + dy) % size)


def black_range(size: int) -> tuple[int, int]:
    """How many black cells a fresh board gets: about a tenth to a half of the cells, as the
    original draws them (2-12 on 5x5, 8-40 on 9x9, 16-80 on 13x13)."""
    cells = size * size
    return max(1, cells // 10), max(2, cells * 12 // 25)


def random_state(rng: random.Random, size: int) -> dict[str, Any]:
    """A board with a random set of black cells and the ant on a random cell and facing."""
    low, high = black_range(size)
    black = set(rng.sample(range(size * size), rng.randint(low, high)))
    grid = ["".join(BLACK if r * size + c in black else WHITE for c in range(size))
            for r in range(size)]
    ant = [rng.randrange(size), rng.randrange(size)]
    return {"size": size, "grid": grid, "ant": ant, "facing": rng.choice(FACINGS)}


@dataclass(frozen=True)
class Step:
    """One step as it happened: where the ant stood, what it saw and did, where it went."""

    number: int
    cell: Cell
    facing: str
    was_black: bool
    turned: str  # the facing after the turn
    to: Cell
    wrapped: bool


@dataclass
class Run:
    """Steps carried out from a state: the trace and the board and ant at the end."""

    steps: list[Step]
    black: set[Cell]
    ant: Cell
    facing: str

    def visits(self, cell: Cell) -> list[int]:
        """Numbers of the steps taken from `cell`: each one flipped it."""
        return [s.number for s in self.steps if s.cell == cell]


def black_cells(state: dict[str, Any]) -> set[Cell]:
    return {(r, c) for r, row in enumerate(state["grid"]) for c, v in enumerate(row)
            if v == BLACK}


def step(state: dict[str, Any]) -> dict[str, Any]:
    """The state after one step (the step function an interactive environment uses)."""
    run = simulate(state, 1)
    size = state["size"]
    grid = ["".join(BLACK if (r, c) in run.black else WHITE for c in range(size))
            for r in range(size)]
    return {"size": size, "grid": grid, "ant": list(run.ant), "facing": run.facing}


def simulate(state: dict[str, Any], count: int) -> Run:
    """`count` steps: turn (right on white, left on black), flip the cell, move forward."""
    size = state["size"]
    black = black_cells(state)
    cell, facing = (state["ant"][0], state["ant"][1]), state["facing"]
    steps = []
    for number in range(1, count + 1):
        was_black = cell in black
        new_facing = turn(facing, right=not was_black)
        black ^= {cell}
        to = ahead(cell, new_facing, size)
        dx, dy = DELTA[new_facing]
        wrapped = to != (cell[0] + dx, cell[1] + dy)
        steps.append(Step(number, cell, facing, was_black, new_facing, to, wrapped))
        cell, facing = to, new_facing
    return Run(steps, black, cell, facing)


SLIPS = ("turns reversed", "moves before turning", "never flips")


def simulate_slip(state: dict[str, Any], count: int, slip: str) -> tuple[Cell, str]:
    """Where the ant would end with one rule mistaken: a plausible wrong answer."""
    size = state["size"]
    black = black_cells(state)
    cell, facing = (state["ant"][0], state["ant"][1]), state["facing"]
    for _ in range(count):
        was_black = cell in black
        right = was_black if slip == "turns reversed" else not was_black
        if slip != "never flips":
            black ^= {cell}
        if slip == "moves before turning":
            cell = ahead(cell, facing, size)
            facing = turn(facing, right)
        else:
            facing = turn(facing, right)
            cell = ahead(cell, facing, size)
    return cell, facing
