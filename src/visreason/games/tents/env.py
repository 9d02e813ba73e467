"""Tents played tent by tent: complete the game's puzzle by placing the missing tents.

The puzzle is the game's own (`tasks.lay_out`, kept only when `tasks.prove` finds its
solution unique even with no tent shown), with the level's number of tents left out. A tent
that fails a check now (a tree or tent there, no tree beside it, touching a tent, its row or
column already full: `rules.blocker`) is refused with the check it fails; a tent that passes
is accepted even off the solution, and the player may remove it (the tents shown at the start
stay). The puzzle is won when the tents form a solution (`rules.is_solution`: counts, no
touching, trees and tents paired one to one), which is the unique one. Optimal length: the
solution's tents still missing plus the placed tents off it (each needs one removal).
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import Any

from ...core.task import Draw
from ...core.text import fmt_cell as fmt
from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import cell
from . import rules, tasks
from .rules import Puzzle

_REMOVE_RE = re.compile(r"\b(?:remove|clear|erase|delete|take)\b", re.I)


def puzzle_of(state: dict[str, Any]) -> Puzzle:
    return Puzzle.from_state(state)


class TentsEnv(GameEnv):
    """One tent per turn: '(row, col)' places one, 'remove (row, col)' takes one back.
    Reward 1 when the tents solve the puzzle."""

    name = "tents"
    action_hint = ("a cell to place a tent on as (row, col), e.g. <answer>(2, 3)</answer>; "
                   "or remove (row, col) to take back a tent you placed")

    def start(self, rng: random.Random) -> dict[str, Any]:
        draw = Draw(rng, self.level, dict(self.params))
        puzzle = tasks.lay_out(rng, draw.params)
        solution = tasks.prove(draw, puzzle)
        state = puzzle.to_state()
        state["givens"] = [list(t) for t in sorted(puzzle.tents)]
        state["solution"] = [list(t) for t in sorted(solution)]
        return state

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return puzzle_of(state).to_state()

    def goal(self, state: dict[str, Any]) -> str:
        p = puzzle_of(state)
        return (f"Goal: complete the puzzle by placing tents, one per turn ({len(p.tents)} of "
                f"{sum(p.row_targets)} placed). A tent that breaks a rule when placed is "
                "refused; a tent you placed may be removed again, the tents shown at the start "
                "may not.")

    def parse(self, action: str, state: dict[str, Any]) -> tuple[tuple[int, int], bool]:
        n = state["size"]
        return cell(action, n, n), bool(_REMOVE_RE.search(action))

    def apply(self, state: dict[str, Any], action: tuple[tuple[int, int], bool]) -> Outcome:
        target, remove = action
        p = puzzle_of(state)
        if remove:
            if target not in p.tents:
                raise InvalidAction(f"{fmt(target)} holds no tent to remove.")
            if list(target) in state["givens"]:
                raise InvalidAction(f"the tent at {fmt(target)} is shown at the start and "
                                    "cannot be removed.")
            state["tents"] = [list(t) for t in sorted(p.tents - {target})]
            return Outcome(state, f"The tent at {fmt(target)} is removed.")
        why = tasks.reason(p, target)
        if why.startswith("fails"):
            raise InvalidAction(f"a tent on {fmt(target)} {why}.")
        tents = p.tents | {target}
        state["tents"] = [list(t) for t in sorted(tents)]
        message = f"A tent is placed on {fmt(target)}."
        if rules.is_solution(replace(p, tents=frozenset()), set(tents)):
            return Outcome(state, message + " The puzzle is solved.", won=True)
        if len(tents) == sum(p.row_targets):
            message += (" Every row and column has its count, but the trees and tents do not "
                        "pair up one to one, so some tent must move.")
        return Outcome(state, message)

    def _split(self, state: dict[str, Any]) -> tuple[list[tuple[int, int]],
                                                     list[tuple[int, int]]]:
        """(placed tents off the solution, solution tents not yet placed), in order."""
        tents = {tuple(t) for t in state["tents"]}
        solution = [tuple(t) for t in state["solution"]]
        return sorted(tents - set(solution)), [t for t in solution if t not in tents]

    def optimal_steps(self, state: dict[str, Any]) -> int:
        wrong, missing = self._split(state)
        return len(wrong) + len(missing)

    def policy(self, state: dict[str, Any]) -> str:
        wrong, missing = self._split(state)
        return f"remove {fmt(wrong[0])}" if wrong else fmt(missing[0])

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        n = state["size"]
        if rng.random() < 0.5:  # mostly beside a tree, where a tent can stand
            tree = rng.choice(state["trees"])
            dr, dc = rng.choice(rules.ORTHOGONAL)
            r, c = tree[0] + dr, tree[1] + dc
        else:
            r, c = rng.randrange(n), rng.randrange(n)
        return f"remove ({r}, {c})" if rng.random() < 0.15 else f"({r}, {c})"
