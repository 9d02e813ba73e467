"""Sokoban played move by move: push the one box onto its target.

One box, because the game's solver (`rules.min_moves`) is exact for one box: the episode
then knows its optimal length. A move blocked by a wall or an unpushable box is refused; a
push into a cell from which the box can never reach the target (`rules.live_cells`) loses.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from ...core.errors import Retry
from ...core.task import Draw
from ...core.text import fmt_cell as fmt
from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import one_direction
from . import rules, tasks
from .game import Sokoban


class SokobanEnv(GameEnv):
    """One move per turn; reward 1 when the box stands on the target."""

    name = "sokoban"
    action_hint = "one move: up, down, left or right, e.g. <answer>left</answer>"
    params = tuple(p for p in Sokoban.params if p.name == "size")
    presets: ClassVar[dict[str, dict[str, Any]]] = {
        level: {"size": preset["size"]} for level, preset in Sokoban.presets.items()}

    def start(self, rng: random.Random) -> dict[str, Any]:
        board = tasks.solvable_candidate(Draw(rng, self.level, self.params))
        if rules.min_moves(board) is None:
            raise Retry
        return tasks.state_of(board)

    def goal(self, state: dict[str, Any]) -> str:
        return ("Goal: push the box onto the target, one move per turn. A move that is "
                "blocked is refused and still uses up a turn; pushing the box where it can "
                "never reach the target (against a wall it cannot leave) loses the game.")

    def parse(self, action: str, state: dict[str, Any]) -> str:
        return one_direction(action)

    def apply(self, state: dict[str, Any], action: str) -> Outcome:
        board = rules.from_grid(state["grid"])
        after, step = rules.move(board, action)
        if step.start == step.end:
            raise InvalidAction(step.describe() + ".")
        won = after.boxes == after.targets
        lost = not won and step.pushed is not None and \
            step.pushed[1] not in rules.live_cells(after, after.targets[0])
        message = step.describe() + "."
        if won:
            message += " The box is on the target."
        elif lost:
            message += (f" The box at {fmt(step.pushed[1])} can no longer reach the "  # type: ignore[index]
                        "target.")
        return Outcome(tasks.state_of(after), message, won=won, lost=lost)

    def _solution(self, state: dict[str, Any]) -> list[str]:
        moves = rules.min_moves(rules.from_grid(state["grid"]))
        if moves is None:
            raise ValueError("the board has no solution")
        return moves

    def optimal_steps(self, state: dict[str, Any]) -> int:
        return len(self._solution(state))

    def policy(self, state: dict[str, Any]) -> str:
        return self._solution(state)[0]

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        return rng.choice(rules.DIRECTIONS)
