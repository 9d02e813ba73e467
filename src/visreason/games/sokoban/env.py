"""Sokoban played move by move: push every box onto a target.

Boards come from the game's own generator (`rules.random_board`) with the level's `size` and
`boxes`, so an episode looks like the boards the questions ask about. The exact multi-box
solver (`rules.min_moves_multi`) gives the optimal length in moves (player steps, walks and
pushes alike, as the questions count them); a board it cannot settle within START_BUDGET
push states is redrawn, so every episode knows its optimum and starts quickly. A move blocked
by a wall or an unpushable box is refused; a push that provably leaves some box unable to
reach a target (`rules.deadlocked`: a dead cell, or boxes frozen off a target) loses.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from ...core.errors import Retry
from ...core.text import fmt_cell as fmt
from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import one_direction
from . import rules, tasks
from .game import Sokoban

# Push states a start board may need. Starts stay fast (a fifth of a second at worst on 12x12)
# and so do the policy's searches from later positions (about as hard; they run with the
# solver's full budget). This keeps about two thirds of the solvable hard boards (all but a
# few percent on the smaller levels): the hardest third would take seconds a step.
START_BUDGET = 5_000


PLANS_KEPT = 256
_PLANS: dict[tuple[str, ...], tuple[str, ...] | None] = {}


def plan(grid: tuple[str, ...], budget: int = rules.MULTI_BOX_BUDGET) -> tuple[str, ...] | None:
    """The solver's shortest command list for a board, kept under that board only: start,
    reset and the policy ask about the same position, and a plan never depends on earlier
    searches (a search that finishes gives the same plan whatever its budget)."""
    if grid not in _PLANS:
        moves = rules.min_moves_multi(rules.from_grid(list(grid)), budget)
        if len(_PLANS) >= PLANS_KEPT:
            _PLANS.clear()
        _PLANS[grid] = None if moves is None else tuple(moves)
    return _PLANS[grid]


class SokobanEnv(GameEnv):
    """One move per turn; reward 1 when every box stands on a target."""

    name = "sokoban"
    action_hint = "one move: up, down, left or right, e.g. <answer>left</answer>"
    params = tuple(p for p in Sokoban.params if p.name in ("size", "boxes"))
    presets: ClassVar[dict[str, dict[str, Any]]] = {
        level: {"size": preset["size"], "boxes": preset["boxes"]}
        for level, preset in Sokoban.presets.items()}

    def start(self, rng: random.Random) -> dict[str, Any]:
        board = rules.random_board(rng, self.params["size"], self.params["boxes"])
        if board is None or set(board.boxes) == set(board.targets) or rules.deadlocked(board):
            raise Retry
        state = tasks.state_of(board)
        try:
            moves = plan(tuple(state["grid"]), START_BUDGET)
        except rules.SearchBudgetExceeded:
            raise Retry from None
        if moves is None:
            raise Retry
        return state

    def goal(self, state: dict[str, Any]) -> str:
        what = "the box onto the target" if len(rules.from_grid(state["grid"]).boxes) == 1 \
            else "every box onto a target (any box may go on any target)"
        return (f"Goal: push {what}, one move per turn. A move that is blocked is refused and "
                "still uses up a turn; a push that leaves a box where it can never reach a "
                "target (against a wall it cannot leave, or jammed with other boxes off the "
                "targets) loses the game.")

    def parse(self, action: str, state: dict[str, Any]) -> str:
        return one_direction(action)

    def apply(self, state: dict[str, Any], action: str) -> Outcome:
        board = rules.from_grid(state["grid"])
        after, step = rules.move(board, action)
        if step.start == step.end:
            raise InvalidAction(step.describe() + ".")
        won = set(after.boxes) == set(after.targets)
        message = step.describe() + "."
        lost = False
        if won:
            message += " Every box is on a target." if len(after.boxes) > 1 else \
                " The box is on the target."
        elif step.pushed is not None and rules.deadlocked(after):
            lost = True
            moved = step.pushed[1]
            if moved in rules.dead_cells(after):
                where = "any target" if len(after.targets) > 1 else "the target"
                message += f" The box at {fmt(moved)} can no longer reach {where}."
            else:
                message += (" The boxes are jammed: some box can no longer reach a target "
                            "(stuck against walls and other boxes).")
        return Outcome(tasks.state_of(after), message, won=won, lost=lost)

    def _solution(self, state: dict[str, Any]) -> tuple[str, ...]:
        moves = plan(tuple(state["grid"]))
        if moves is None:
            raise ValueError("the board has no solution")
        return moves

    def optimal_steps(self, state: dict[str, Any]) -> int:
        return len(self._solution(state))

    def policy(self, state: dict[str, Any]) -> str:
        return self._solution(state)[0]

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        return rng.choice(rules.DIRECTIONS)
