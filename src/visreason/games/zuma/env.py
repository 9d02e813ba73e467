"""Zuma played shot by shot: remove a number of chain marbles before the chain reaches the hole.

The start is one of the game's boards (a chain on a fresh spiral, the frog near its centre
holding two colours); the colours the frog loads later are drawn with it and kept in the
verifier state (the player sees the next two, as in the picture). A turn is one shot at an
angle: it joins the chain where the rules say, groups of 3 or more go (`rules.after_shot`),
and the chain is laid again from its tail (`rules.relay`), so a growing chain creeps toward
the hole and loses when its head would pass it. Optimal length: the fewest shots that remove
`marbles` chain marbles, by breadth-first search over shots aimed at each marble's centre
(the aims the game's questions use) and a shot past the chain; an off-centre aim may rarely
join the chain at a place no centre aim reaches, so the figure is exact for those aims. A
start whose goal the search does not reach within SEARCH_NODES positions or SEARCH_DEPTH
shots is drawn again.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, ClassVar

import numpy as np

from ...core import Param
from ...core.errors import Retry
from ...core.task import Draw
from ...env import InvalidAction, Outcome
from ...env.actions import quoted
from ...env.search import PlannedEnv, shortest_actions
from . import rules, tasks
from .game import Zuma
from .rules import COLORS, CONTACT

SEARCH_NODES = 400
SEARCH_DEPTH = 4
QUEUE = 64  # colours drawn for the frog after its first two (used in a cycle)
_NUMBER_RE = re.compile(r"[-+]?\d{1,4}(?:\.\d{1,3})?")
MISS_ANGLES = np.arange(-179, 181, dtype=float)


def _angle(value: float) -> float:
    """Into (-180, 180], one decimal."""
    value = round(value, 1) % 360.0
    return round(value - 360.0 if value > 180.0 else value, 1)


def shoot(state: dict[str, Any], angle: float) -> tuple[dict[str, Any], str, int, bool]:
    """(the state after a shot at `angle`, what happened, chain marbles removed, whether the
    chain reached the hole)."""
    frog = state["frog"]
    chain = state["marbles"]
    shot = frog["next"]
    loaded = state["queue"][state["shots"] % len(state["queue"])]
    after = {**state, "frog": {**frog, "angle": angle, "next": frog["after"], "after": loaded},
             "shots": state["shots"] + 1}
    hit = rules.first_hit(rules.frog_point(state), angle, chain)
    if hit is None:
        return after, f"the {shot} marble touches nothing and leaves the field", 0, False
    colors = rules.chain_colors(state)
    position = rules.insert_position(chain, hit)
    left = rules.after_shot(colors, position, shot)
    removed = max(0, len(colors) - len(left))
    marbles = rules.relay(state["track"], left)
    text = (f"the {shot} marble touches marble {hit.index + 1} "
            f"({chain[hit.index]['color']}) and joins the chain")
    if removed:
        text += f"; {removed} chain marble{'s' if removed != 1 else ''} disappear"
    after["removed"] = state["removed"] + removed
    if marbles is None:
        return after, text + "; the chain now reaches the hole", removed, True
    after["marbles"] = marbles
    return after, text, removed, False


def aims(state: dict[str, Any]) -> list[float]:
    """Shots at each marble's centre that touch that marble first, and one shot past the
    chain when there is one (one decimal, as a player would write them)."""
    frog = rules.frog_point(state)
    chain = state["marbles"]
    if not chain:
        return []
    angles = np.array([_angle(rules.angle_of(frog, (m["x"], m["y"]))) for m in chain])
    first = tasks.first_indices(state, angles, CONTACT)
    found = [float(a) for i, a in enumerate(angles) if first[i] == i]
    misses = np.flatnonzero(tasks.first_indices(state, MISS_ANGLES, CONTACT) < 0)
    if len(misses):
        found.append(float(MISS_ANGLES[misses[0]]))
    return found


def _key(state: dict[str, Any]) -> tuple[Any, ...]:
    frog = state["frog"]
    return (tuple(rules.chain_colors(state)), frog["next"], frog["after"],
            state["shots"] % len(state["queue"]), min(state["removed"], state["target"]))


@lru_cache(maxsize=256)
def _plan(state_json: str) -> tuple[float, ...] | None:
    """The fewest shots (angles) that bring the removed count to the target, or None."""
    return shortest_actions(json.loads(state_json), _shots,
                            lambda state: state["removed"] >= state["target"], _key,
                            SEARCH_NODES, SEARCH_DEPTH)


def _shots(state: dict[str, Any]) -> Iterator[tuple[float, dict[str, Any]]]:
    """Each aim and the position after it, leaving out shots that let the chain reach the
    hole (a loss)."""
    for angle in aims(state):
        after, _, _, reached = shoot(state, angle)
        if not reached:
            yield angle, after


def plan_of(state: dict[str, Any]) -> tuple[float, ...] | None:
    return _plan(json.dumps(state, sort_keys=True))


class ZumaEnv(PlannedEnv):
    """One shot per turn; reward 1 once the shots have removed the target number of chain
    marbles. The chain reaching the hole loses."""

    name = "zuma"
    action_hint = ("one shot as an angle in degrees, counter-clockwise from the right, e.g. "
                   "<answer>37.5</answer>")
    params = (*Zuma.params,
              Param("marbles", "chain marbles to remove to win", low=2, high=12))
    presets: ClassVar[dict[str, dict[str, Any]]] = {
        level: {**preset, "marbles": marbles} for (level, preset), marbles in
        zip(Zuma.presets.items(), (3, 4, 5), strict=True)}

    def start(self, rng: random.Random) -> dict[str, Any]:
        state = tasks.new_state(Draw(rng, self.level, dict(self.params)))
        state = {**state, "queue": [rng.choice(COLORS) for _ in range(QUEUE)], "shots": 0,
                 "removed": 0, "target": self.params["marbles"]}
        if not plan_of(state):
            raise Retry
        return state

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return {k: state[k] for k in ("track", "marbles", "frog")}

    def goal(self, state: dict[str, Any]) -> str:
        return (f"Goal: remove {state['target']} chain marbles in all ({state['removed']} "
                "removed so far), one shot per turn: write the angle to shoot at. After each "
                "shot the frog loads the marble after it and a new one behind it; the chain "
                "does not roll by itself, but it stays with its tail at the outer end of the "
                "track, so every marble it gains moves its head toward the hole and every "
                "marble it loses moves it back. If the head would pass the hole, you lose.")

    def parse(self, action: str, state: dict[str, Any]) -> float:
        found = _NUMBER_RE.findall(action[:200])
        if len(found) != 1:
            raise InvalidAction(f"{quoted(action)} holds {len(found)} numbers; write one "
                                "angle in degrees.")
        value = float(found[0])
        if not -360.0 <= value <= 360.0:
            raise InvalidAction(f"{found[0]} is not an angle: write one from -180 to 180.")
        return _angle(value)

    def apply(self, state: dict[str, Any], action: float) -> Outcome:
        after, text, _, reached = shoot(state, action)
        message = f"shot at {action:g} degrees: {text}."
        if reached:
            return Outcome(after, message + " You lose.", lost=True)
        won = after["removed"] >= after["target"]
        message += f" Removed so far: {after['removed']} of {after['target']}."
        return Outcome(after, message, won=won)

    def plan(self, state: dict[str, Any]) -> tuple[Any, ...] | None:
        return plan_of(state)

    def action_name(self, action: Any) -> str:
        return f"{action:g}"

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        if rng.random() < 0.1:
            return f"shoot at {rng.randint(181, 999)} degrees"
        return f"{_angle(rng.uniform(-180.0, 180.0)):g}"
