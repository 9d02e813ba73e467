"""Snake played move by move: bring the head onto the food while the whole body follows.

The start is one of the game's boards (`tasks.new_state`) whose food the snake can reach
within the solver's budget. The snake never grows, as in the game's questions; leaving the
grid or running into the body loses. Optimal length: the game's A* search over whole-body
states (`rules.shortest_path`), which accounts for the moving body.
"""

from __future__ import annotations

import random
from typing import Any

from ...core.errors import Retry
from ...core.task import Draw
from ...core.text import fmt_cell as fmt
from ...env import GameEnv, Outcome
from ...env.actions import one_direction
from . import rules, tasks
from .rules import BODY, WALL

# States the policy's search may expand: well above the start's budget, because a later
# position can need a longer search than the start did.
POLICY_BUDGET = 20 * rules.SEARCH_BUDGET


class SnakeEnv(GameEnv):
    """One move per turn; reward 1 when the head reaches the food. Hitting the wall or the
    body ends the episode with 0."""

    name = "snake"
    action_hint = "one move: up, down, left or right, e.g. <answer>left</answer>"

    def start(self, rng: random.Random) -> dict[str, Any]:
        state = tasks.new_state(Draw(rng, self.level, dict(self.params)))
        found = rules.shortest_path(*tasks.unpack(state))
        if found is None or found.length < 1:
            raise Retry  # past the budget, or the food can never be reached
        return state

    def goal(self, state: dict[str, Any]) -> str:
        return ("Goal: move the head onto the food, one move per turn. Moving off the grid or "
                "into the body ends the game with a loss.")

    def parse(self, action: str, state: dict[str, Any]) -> str:
        return one_direction(action)

    def apply(self, state: dict[str, Any], action: str) -> Outcome:
        body, food, size = tasks.unpack(state)
        after, event = rules.step(body, size, action)
        ahead = fmt(rules.add(body[0], action))
        if event == WALL:
            return Outcome(state, f"{action}: {ahead} is off the grid; the snake hits the "
                           "wall.", lost=True)
        if event == BODY:
            return Outcome(state, f"{action}: {ahead} holds the snake's body; the snake bites "
                           "itself.", lost=True)
        state["snake"] = [list(cell) for cell in after]
        won = after[0] == food
        text = f"{action}: the head moves {fmt(body[0])} -> {fmt(after[0])}"
        return Outcome(state, text + (", reaching the food." if won else "."), won=won)

    def _search(self, state: dict[str, Any], budget: int) -> rules.Search:
        found = rules.shortest_path(*tasks.unpack(state), budget=budget)
        if found is None or found.length < 0:
            raise ValueError("the food cannot be reached within the search budget")
        return found

    def optimal_steps(self, state: dict[str, Any]) -> int:
        return self._search(state, POLICY_BUDGET).length

    def policy(self, state: dict[str, Any]) -> str:
        return self._search(state, POLICY_BUDGET).moves[0]

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        return rng.choice(list(rules.DIRECTIONS))
