"""Colour Sudoku played cell by cell: fill the empty cells of a uniquely solvable puzzle.

The puzzle comes from the game's own generator (a shuffled full grid, blanks carved while the
solution stays unique). A colour that repeats one in the cell's row, column or box is refused
with the clashing cell named; a colour that breaks no rule is accepted even when it differs
from the solution (the grid then cannot be completed, and the player may clear the cell).
Optimal length: the number of empty cells; the verifier state keeps the solution.
"""

from __future__ import annotations

import random
import re
from typing import Any

from ...core.task import Draw
from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import cell, integers, quoted
from . import rules, tasks
from .rules import EMPTY

_CLEAR_RE = re.compile(r"\b(?:clear|erase|empty|remove)\b", re.I)


def fmt(cell_: tuple[int, int]) -> str:
    return tasks.fmt(cell_)


class SudokuEnv(GameEnv):
    """One cell per turn: '(row, col) = colour number', or 'clear (row, col)'. Reward 1 when
    the grid is full (every placement having broken no rule, a full grid is the solution)."""

    name = "sudoku"
    action_hint = ("a cell and a colour number as (row, col) = number, rows and columns "
                   "counted from 1, e.g. <answer>(2, 3) = 4</answer>; or clear (row, col) to "
                   "empty a cell you filled")

    def start(self, rng: random.Random) -> dict[str, Any]:
        draw = Draw(rng, self.level, self.params)
        blanks = rng.choice(tasks.blank_range(draw))
        solution = tasks.new_solution(draw)
        carver = rules.Carver.solved(solution)
        board = carver.board
        tasks.carve_exactly(carver, tasks.shuffled(draw, tasks.all_cells(len(board))), blanks)
        state = tasks.state_of(board)
        state["givens"] = [[value != EMPTY for value in row] for row in board]
        state["solution"] = solution
        return state

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"size": state["size"], "board": state["board"], "colors": state["colors"]}

    def goal(self, state: dict[str, Any]) -> str:
        numbers = ", ".join(f"{i} = {name}" for i, name in enumerate(state["colors"], start=1))
        return ("Goal: fill every empty cell, one cell per turn, naming the colour by its "
                f"number ({numbers}). A colour that repeats one in the cell's row, column or "
                "box is refused. Cells given at the start cannot be changed.")

    def parse(self, action: str, state: dict[str, Any]) -> tuple[tuple[int, int], int]:
        size = state["size"]
        if _CLEAR_RE.search(action):
            return cell(action, size, size, base=1), EMPTY
        r, c, value = integers(action, 3)
        target = cell(f"{r} {c}", size, size, base=1)
        if not 1 <= value <= size:
            raise InvalidAction(f"{quoted(action)}: colour numbers run from 1 to {size}.")
        return target, value

    def apply(self, state: dict[str, Any], action: tuple[tuple[int, int], int]) -> Outcome:
        (r, c), value = action
        board, names = state["board"], state["colors"]
        if state["givens"][r][c]:
            raise InvalidAction(f"{fmt((r, c))} is given at the start and cannot be changed.")
        if value == EMPTY:
            if board[r][c] == EMPTY:
                raise InvalidAction(f"{fmt((r, c))} is already empty.")
            board[r][c] = EMPTY
            return Outcome(state, f"{fmt((r, c))} is empty again.")
        for peer in rules.peers(state["size"], (r, c)):
            if board[peer[0]][peer[1]] == value:
                raise InvalidAction(f"{names[value - 1]} ({value}) is already at {fmt(peer)}, "
                                    f"in the same row, column or box as {fmt((r, c))}.")
        board[r][c] = value
        won = not rules.empties(board)
        message = f"{fmt((r, c))} is now {names[value - 1]} ({value})."
        return Outcome(state, message + (" The grid is complete." if won else ""), won=won)

    def optimal_steps(self, state: dict[str, Any]) -> int:
        solution, board = state["solution"], state["board"]
        return sum(board[r][c] != solution[r][c] for r, c in tasks.all_cells(state["size"])) + \
            sum(board[r][c] not in (EMPTY, solution[r][c])
                for r, c in tasks.all_cells(state["size"]))

    def policy(self, state: dict[str, Any]) -> str:
        solution, board = state["solution"], state["board"]
        for r, c in tasks.all_cells(state["size"]):
            if board[r][c] not in (EMPTY, solution[r][c]):
                return f"clear {fmt((r, c))}"
        r, c = rules.empties(board)[0]
        return f"{fmt((r, c))} = {solution[r][c]}"

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        size = state["size"]
        r, c = rng.randint(1, size), rng.randint(1, size)
        if rng.random() < 0.1:
            return f"clear ({r}, {c})"
        return f"({r}, {c}) = {rng.randint(1, size + 1)}"
