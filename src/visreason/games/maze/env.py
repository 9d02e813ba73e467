"""Maze played move by move: walk the player to the goal; optimal = the shortest path."""

from __future__ import annotations

import random
from typing import Any

from ...core.text import fmt_cell as fmt
from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import one_direction
from . import rules


class MazeEnv(GameEnv):
    """One move per turn; a move into a wall is refused. Reward 1 on reaching the goal."""

    name = "maze"
    action_hint = "one move: up, down, left or right, e.g. <answer>up</answer>"

    def start(self, rng: random.Random) -> dict[str, Any]:
        return rules.random_state(rng, rules.side(self.params["rooms"]))

    def goal(self, state: dict[str, Any]) -> str:
        return ("Goal: move the player onto the goal cell, one move per turn. A move into a "
                "wall is refused and still uses up a turn.")

    def parse(self, action: str, state: dict[str, Any]) -> str:
        return one_direction(action)

    def apply(self, state: dict[str, Any], action: str) -> Outcome:
        here = tuple(state["player"])
        result = rules.walk(state["grid"], here, [action])
        if result.blocked is not None:
            ahead = rules.step(here, action)
            open_moves = ", ".join(rules.available(state["grid"], here))
            raise InvalidAction(f"{action}: {fmt(ahead)} is a wall, so the player stays at "
                                f"{fmt(here)}; open moves from there: {open_moves}.")
        state["player"] = list(result.end)
        won = result.end == tuple(state["goal"])
        text = f"{action}: the player moves {fmt(here)} -> {fmt(result.end)}"
        return Outcome(state, text + (", reaching the goal." if won else "."), won=won)

    def optimal_steps(self, state: dict[str, Any]) -> int:
        path = rules.shortest_path(state["grid"], tuple(state["player"]), tuple(state["goal"]))
        return len(path) - 1

    def policy(self, state: dict[str, Any]) -> str:
        path = rules.shortest_path(state["grid"], tuple(state["player"]), tuple(state["goal"]))
        return rules.moves_of(path[:2])[0]

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        return rng.choice(list(rules.DIRECTIONS))
