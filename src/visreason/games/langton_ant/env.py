"""Langton's ant as a prediction game: predict where the ant stands and faces after each step.

The ant moves by itself, so the player's turn is a prediction, as in the game's
after-S-steps question taken one step at a time: each turn the player writes the ant's cell
and facing after the next step; it is scored, and the board then advances by the true step
(`rules.step`), so one mistake does not spoil the later predictions. The episode holds the
game's `steps` predictions. Reward, shaped: each prediction earns (half for the cell, half
for the facing) / predictions, so exact predictions earn 1 in all; no separate win reward.
The episode is won when every prediction was exact and otherwise just over.
"""

from __future__ import annotations

import random
import re
from typing import Any

from ...core.task import Draw
from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import integers, quoted
from . import rules, tasks
from .rules import FACINGS

_FACING_RE = re.compile(r"\b(up|down|left|right|north|south|west|east)\b", re.I)
_COMPASS = {"north": "up", "south": "down", "west": "left", "east": "right"}


def fmt(cell: rules.Cell) -> str:
    return f"({cell[0]}, {cell[1]})"


class LangtonAntEnv(GameEnv):
    """One prediction per turn, the game's `steps` turns; per-prediction shaped reward."""

    name = "langton_ant"
    action_hint = ("the ant's position and facing after the next step as (x, y) and a "
                   "direction, e.g. <answer>(2, 3) left</answer>")
    win_reward = 0.0

    def start(self, rng: random.Random) -> dict[str, Any]:
        state = tasks.new_state(Draw(rng, self.level, dict(self.params)))
        return {**state, "predictions": self.params["steps"], "made": 0, "exact": 0}

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return {k: state[k] for k in ("size", "grid", "ant", "facing")}

    def goal(self, state: dict[str, Any]) -> str:
        total, made = state["predictions"], state["made"]
        return (f"Goal: predict the ant's position (x, y) and facing after its next step. "
                f"After each prediction the ant takes the true step. {total} predictions in "
                f"all ({made} made); each earns half for the right position and half for the "
                f"right facing, divided by {total}.")

    def parse(self, action: str, state: dict[str, Any]) -> tuple[rules.Cell, str]:
        facings = {_COMPASS.get(w.lower(), w.lower()) for w in _FACING_RE.findall(action)}
        if len(facings) != 1:
            raise InvalidAction(f"{quoted(action)} names {len(facings)} facings; write "
                                "exactly one of up, down, left or right.")
        x, y = integers(action, 2)
        n = state["size"]
        if not (0 <= x < n and 0 <= y < n):
            raise InvalidAction(f"{fmt((x, y))} is off the board: x and y run 0-{n - 1}.")
        return (x, y), facings.pop()

    def apply(self, state: dict[str, Any], action: tuple[rules.Cell, str]) -> Outcome:
        (cell, facing), truth = action, rules.step(self.view(state))
        at, now = tuple(truth["ant"]), truth["facing"]
        right_cell, right_facing = cell == at, facing == now
        state.update(truth)
        state["made"] += 1
        state["exact"] += right_cell and right_facing
        if right_cell and right_facing:
            message = f"Correct: the ant is now at {fmt(at)}, facing {now}."
        else:
            wrong = [part for part, ok in (("position", right_cell), ("facing", right_facing))
                     if not ok]
            message = (f"Wrong {' and '.join(wrong)}: the ant is now at {fmt(at)}, facing "
                       f"{now} (you predicted {fmt(cell)}, {facing}).")
        done = state["made"] == state["predictions"]
        won = done and state["exact"] == state["made"]
        return Outcome(state, message, won=won, over=done and not won,
                       reward=(right_cell + right_facing) / 2 / state["predictions"])

    def optimal_steps(self, state: dict[str, Any]) -> int:
        return state["predictions"] - state["made"]

    def policy(self, state: dict[str, Any]) -> str:
        truth = rules.step(self.view(state))
        return f"{fmt(tuple(truth['ant']))} {truth['facing']}"

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        n = state["size"] + (rng.random() < 0.1)
        return f"({rng.randrange(n)}, {rng.randrange(n)}) {rng.choice(FACINGS)}"
