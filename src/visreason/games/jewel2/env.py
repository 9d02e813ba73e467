"""Jewel2 played command by command: clear a number of gems on a board the game draws.

Each turn is one command of the rules (`rules.apply`: swap or clear, then the board settles
with the stated refill cycle, so every outcome follows from the board). A command that does
nothing under the rules (a clear with no line, a swap touching a special gem, a swap that
swaps back) is refused with the rule's reason. The episode is won once Total Cleared has
grown by `gems`. Optimal length: the fewest commands that get there, by breadth-first search
over boards (the refill cycle is part of the board, so the search is exact); a board whose
goal the search cannot reach within SEARCH_NODES boards is drawn again.
"""

from __future__ import annotations

import json
import random
from functools import lru_cache
from typing import Any, ClassVar

from ...core import Param
from ...core.errors import Retry
from ...core.task import Draw
from ...core.text import fmt_cell as fmt
from ...env import InvalidAction, Outcome
from ...env.actions import quoted
from ...env.search import PlannedEnv, shortest_actions
from . import rules, tasks
from .game import Jewel2
from .rules import DIRECTIONS

SEARCH_NODES = 3_000
Command = tuple[str, tuple[int, int], str | None]

REFUSED = {
    "invalid": "no line of three or more equal basic gems passes through {cell}, and it "
               "holds no special gem, so nothing happens",
    "special": "only two basic gems can be swapped, and a special gem is involved",
    "undone": "no line of three or more forms through either swapped cell, so the gems "
              "swap back",
}


def _key(state: dict[str, Any], goal: int) -> tuple[Any, ...]:
    return tuple(state["grid"]), state["next"], min(state["total"], goal)


def clearing(state: dict[str, Any]) -> list[Command]:
    """The commands that remove something, in the rules' search order."""
    return [c for c in rules.commands(state["size"]) if rules.status_of(state, c) == "cleared"]


@lru_cache(maxsize=256)
def _plan(board_json: str, goal: int) -> tuple[Command, ...] | None:
    """The fewest commands that bring Total Cleared to `goal`, or None."""
    return shortest_actions(
        json.loads(board_json),
        lambda state: ((command, _after(state, command)) for command in clearing(state)),
        lambda state: state["total"] >= goal, lambda state: _key(state, goal), SEARCH_NODES)


def _after(state: dict[str, Any], command: Command) -> dict[str, Any]:
    after = rules.apply(state, command).state
    assert after is not None  # `clearing` lists only commands that clear
    return after


def _board(state: dict[str, Any]) -> dict[str, Any]:
    return {k: state[k] for k in ("size", "grid", "total", "next")}


def plan_of(state: dict[str, Any]) -> tuple[Command, ...] | None:
    return _plan(json.dumps(_board(state), sort_keys=True), state["goal"])


class Jewel2Env(PlannedEnv):
    """One command per turn; reward 1 once Total Cleared reaches the goal. A board on which
    no command removes anything loses."""

    name = "jewel2"
    action_hint = ("one command: clear x y, or swap x y dir with dir up, down, left or right, "
                   "e.g. <answer>swap 1 2 up</answer>")
    params = (*Jewel2.params,
              Param("gems", "gems to clear (Total Cleared to gain) to win", low=3, high=60))
    presets: ClassVar[dict[str, dict[str, Any]]] = {
        level: {**preset, "gems": gems} for (level, preset), gems in
        zip(Jewel2.presets.items(), (12, 20, 30), strict=True)}

    def start(self, rng: random.Random) -> dict[str, Any]:
        state = tasks.board(Draw(rng, self.level, dict(self.params)))
        state = {**state, "goal": state["total"] + self.params["gems"]}
        if not plan_of(state):
            raise Retry
        return state

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return _board(state)

    def goal(self, state: dict[str, Any]) -> str:
        left = state["goal"] - state["total"]
        return (f"Goal: bring Total Cleared to {state['goal']} ({left} more), one command per "
                "turn. A command that does nothing under the rules is refused and still uses "
                "up a turn; a board on which no command removes anything loses.")

    def parse(self, action: str, state: dict[str, Any]) -> Command:
        command = tasks.parse_command(action)
        if command is None:
            raise InvalidAction(f"{quoted(action)} does not hold exactly one command written "
                                "as clear x y or swap x y dir.")
        kind, cell, direction = command
        n = state["size"]
        if not rules.in_board(n, cell):
            where = fmt(cell) if max(cell) < 1_000 else quoted(action)
            raise InvalidAction(f"{where} is off the board: rows and columns run 0-{n - 1}.")
        if kind == "swap" and not rules.in_board(n, rules.neighbour(cell, direction or "up")):
            raise InvalidAction(f"{fmt(cell)} has no neighbour {direction}: it is on the edge.")
        return command

    def apply(self, state: dict[str, Any], action: Command) -> Outcome:
        done = rules.apply(state, action)
        text = rules.command_text(action)
        if done.status != "cleared":
            raise InvalidAction(f"{text}: " + REFUSED[done.status].format(
                cell=fmt(action[1])) + ".")
        after = {**done.state, "goal": state["goal"]}  # type: ignore[dict-item]
        cascades = sum(1 for r in done.rounds if r.removed)
        message = f"{text}: {done.removed} gem{'s' if done.removed != 1 else ''} cleared"
        if cascades:
            message += f" ({done.first} at once, then {cascades} cascade round" \
                f"{'s' if cascades != 1 else ''})"
        message += f"; Total Cleared is {after['total']} of {after['goal']}."
        won = after["total"] >= after["goal"]
        lost = not won and not clearing(after)
        if lost:
            message += " No command can remove anything now."
        return Outcome(after, message, won=won, lost=lost)

    def plan(self, state: dict[str, Any]) -> tuple[Any, ...] | None:
        return plan_of(state)

    def action_name(self, action: Any) -> str:
        return rules.command_text(action)

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        n = state["size"]
        r, c = rng.randrange(n + 1), rng.randrange(n)
        if rng.random() < 0.3:
            return f"clear {r} {c}"
        return f"swap {r} {c} {rng.choice(list(DIRECTIONS))}"
