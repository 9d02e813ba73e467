"""Star Battle played star by star: place one star in every row, column and region.

The puzzle is the game's own (`tasks.puzzle`: regions grown around a drawn solution and
repaired until the solution is unique), started empty. A star that breaks a rule now (its
row, column or region already has one, or it touches one) is refused with the rule it breaks
(`rules.blocker`); a star that breaks none is accepted even off the solution, and the player
may remove it. With n stars that each broke no rule, the grid is the unique solution.
Optimal length: the solution's stars still missing plus the placed stars off it (each
needs one removal); the verifier state keeps the solution.
"""

from __future__ import annotations

import random
import re
from typing import Any

from ...core.task import Draw
from ...core.text import fmt_cell as fmt
from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import cell
from . import tasks

_REMOVE_RE = re.compile(r"\b(?:remove|clear|erase|delete|take)\b", re.I)


class StarBattleEnv(GameEnv):
    """One star per turn: '(row, col)' places one, 'remove (row, col)' takes one back.
    Reward 1 when the grid holds a star in every row, column and region."""

    name = "star_battle"
    action_hint = ("a cell to place a star on as (row, col), e.g. <answer>(2, 3)</answer>; "
                   "or remove (row, col) to take back a star you placed")

    def start(self, rng: random.Random) -> dict[str, Any]:
        regions, solution = tasks.puzzle(Draw(rng, self.level, dict(self.params)))
        state = tasks.state_of(regions, [])
        state["solution"] = [list(s) for s in solution]
        return state

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return {k: state[k] for k in ("size", "regions", "stars")}

    def goal(self, state: dict[str, Any]) -> str:
        n, placed = state["size"], len(state["stars"])
        return (f"Goal: place {n} stars, one per turn, so that every row, column and region "
                f"holds one and no two touch ({placed} placed). A star that breaks a rule "
                "when placed is refused; a star may be removed again.")

    def parse(self, action: str, state: dict[str, Any]) -> tuple[tuple[int, int], bool]:
        n = state["size"]
        return cell(action, n, n), bool(_REMOVE_RE.search(action))

    def apply(self, state: dict[str, Any], action: tuple[tuple[int, int], bool]) -> Outcome:
        target, remove = action
        stars = {tuple(s) for s in state["stars"]}
        if remove:
            if target not in stars:
                raise InvalidAction(f"{fmt(target)} holds no star to remove.")
            stars.discard(target)
            state["stars"] = [list(s) for s in sorted(stars)]
            return Outcome(state, f"The star at {fmt(target)} is removed.")
        why = tasks.reason(state["regions"], stars, target)  # type: ignore[arg-type]
        if why.startswith("fails"):
            raise InvalidAction(f"a star on {fmt(target)} {why}.")
        stars.add(target)
        state["stars"] = [list(s) for s in sorted(stars)]
        won = len(stars) == state["size"]
        message = f"A star is placed on {fmt(target)}."
        return Outcome(state, message + (" Every row, column and region has its star."
                                         if won else ""), won=won)

    def _split(self, state: dict[str, Any]) -> tuple[list[tuple[int, int]],
                                                     list[tuple[int, int]]]:
        """(placed stars off the solution, solution stars not yet placed), in order."""
        stars = {tuple(s) for s in state["stars"]}
        solution = [tuple(s) for s in state["solution"]]
        return sorted(stars - set(solution)), [s for s in solution if s not in stars]

    def optimal_steps(self, state: dict[str, Any]) -> int:
        wrong, missing = self._split(state)
        return len(wrong) + len(missing)

    def policy(self, state: dict[str, Any]) -> str:
        wrong, missing = self._split(state)
        return f"remove {fmt(wrong[0])}" if wrong else fmt(missing[0])

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        n = state["size"]
        r, c = rng.randrange(n + 1), rng.randrange(n)
        return f"remove ({r}, {c})" if rng.random() < 0.15 else f"({r}, {c})"
