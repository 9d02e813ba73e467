"""Pac-Man played step by step: eat a set number of beans before a ghost catches Pac-Man.

The start is one of the game's boards (`rules.random_state`: walls, the pre-play walk, both
ghosts) and each step is the game's own step (`rules.Play.advance`): Pac-Man moves (a move
into a wall leaves him in place, turned, as the rules say), eats, then Pinky and Blinky chase
him by their targets. Eating the level's number of beans wins; being caught loses. Optimal
length: breadth-first search over (Pac-Man, facing, ghosts, beans eaten) positions, bounded by
a node budget; a start whose search runs past it, or that cannot be won, is redrawn.
"""

from __future__ import annotations

import random
from collections import deque
from typing import Any, ClassVar

from ...core import Param
from ...core.errors import Retry
from ...core.text import fmt_cell as fmt
from ...env import GameEnv, Outcome
from ...env.actions import one_direction
from . import rules
from .game import Pacman

# Positions the breadth-first search may expand before a start is redrawn.
SEARCH_BUDGET = 60_000
# Solved positions kept with their plans (reset and the policy ask about the same start).
PLANS_KEPT = 4_096
_PLANS: dict[tuple[Any, ...], list[str]] = {}

Key = tuple[Any, ...]


def _key(play: rules.Play) -> Key:
    return (play.pacman, play.facing, play.pinky, play.blinky, frozenset(play.eaten))


def _board(grid: list[str], eaten: frozenset[rules.Cell] | set[rules.Cell]) -> str:
    """The walls and beans left once `eaten` are gone, as one string."""
    rows = [list(row) for row in grid]
    for r, c in eaten:
        rows[r][c] = rules.FLOOR
    return "/".join("".join(row) for row in rows)


def _plan_key(play: rules.Play, beans: int) -> Key:
    return (_board(play.grid, play.eaten), *_key(play)[:4], beans - len(play.eaten))


def _copy(play: rules.Play) -> rules.Play:
    return rules.Play(play.grid, play.pacman, play.facing, play.pinky, play.blinky, play.score,
                      set(play.eaten))


def solve(state: dict[str, Any], beans: int, budget: int = SEARCH_BUDGET) -> list[str] | None:
    """The fewest moves that eat `beans` beans without being caught ([] if none can; None
    past the budget). Breadth-first with moves tried up, down, left, right, so the plan is
    the first shortest one in that order."""
    start = rules.Play.of(state)
    kept = _PLANS.get(_plan_key(start, beans))
    if kept is not None:
        return kept
    root = _key(start)
    parent: dict[Key, tuple[Key, str]] = {}
    queue = deque([start])
    seen = {root}
    while queue:
        if len(seen) > budget:
            return None
        play = queue.popleft()
        here = _key(play)
        for move in rules.ORDER:
            nxt = _copy(play)
            if nxt.advance(move).caught_by is not None:
                continue
            key = _key(nxt)
            if key in seen:
                continue
            seen.add(key)
            parent[key] = (here, move)
            if len(nxt.eaten) >= beans:
                return _remember(start, parent, key, root, beans)
            queue.append(nxt)
    return []


def _remember(start: rules.Play, parent: dict[Key, tuple[Key, str]], key: Key, root: Key,
              beans: int) -> list[str]:
    """The plan to `key`, kept under the position it was solved from (only there, so the
    policy's move from any position never depends on what was solved before)."""
    moves = []
    while key != root:
        key, move = parent[key]
        moves.append(move)
    moves.reverse()
    if len(_PLANS) >= PLANS_KEPT:
        _PLANS.clear()
    _PLANS[_plan_key(start, beans)] = moves
    return moves


class PacmanEnv(GameEnv):
    """One move per turn; reward 1 when Pac-Man has eaten the level's number of beans.
    Being caught ends the episode with 0."""

    name = "pacman"
    action_hint = "one move: up, down, left or right, e.g. <answer>up</answer>"
    params = (
        *(p for p in Pacman.params if p.name == "size"),
        Param("beans", "beans Pac-Man must eat to win", low=1, high=12),
    )
    presets: ClassVar[dict[str, dict[str, Any]]] = {
        "easy": {"size": 16, "beans": 3},
        "medium": {"size": 18, "beans": 5},
        "hard": {"size": 20, "beans": 7},
    }

    def start(self, rng: random.Random) -> dict[str, Any]:
        state = rules.random_state(rng, self.params["size"])
        state["to_eat"] = self.params["beans"]
        if not solve(state, state["to_eat"]):
            raise Retry  # past the budget, or no way to eat them all before a catch
        return state

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in state.items() if k != "to_eat"}

    def goal(self, state: dict[str, Any]) -> str:
        return (f"Goal: eat {state['to_eat']} more "
                f"{'bean' if state['to_eat'] == 1 else 'beans'}, one move per turn, without "
                "being caught. The ghosts move after every move, including a move into a wall "
                "(Pac-Man then stays in place, turned that way). A ghost may pass over a bean "
                "during play; the bean stays for Pac-Man. Being caught loses.")

    def parse(self, action: str, state: dict[str, Any]) -> str:
        return one_direction(action)

    def apply(self, state: dict[str, Any], action: str) -> Outcome:
        play = rules.Play.of(state)
        before = play.pacman
        result = play.advance(action)
        if result.blocked:
            text = (f"{action}: {fmt(rules.step(before, action))} is a wall, so Pac-Man stays "
                    f"at {fmt(before)}, facing {action}")
        else:
            text = f"{action}: Pac-Man moves {fmt(before)} -> {fmt(play.pacman)}"
        if result.ate:
            text += " and eats a bean"
        state.update(grid=_board(play.grid, play.eaten).split("/"), pacman=list(play.pacman),
                     facing=play.facing, pinky=list(play.pinky), blinky=list(play.blinky),
                     score=play.score, to_eat=state["to_eat"] - len(play.eaten))
        if result.caught_by is not None:
            return Outcome(state, text + f"; {result.caught_by.capitalize()} catches him.",
                           lost=True)
        text += (f"; Pinky is now at {fmt(play.pinky)} and Blinky at {fmt(play.blinky)}.")
        won = state["to_eat"] <= 0
        if won:
            text += " Enough beans are eaten."
        return Outcome(state, text, won=won)

    def _plan(self, state: dict[str, Any]) -> list[str]:
        plan = solve(state, state["to_eat"], budget=10 * SEARCH_BUDGET)
        if not plan:
            raise ValueError("no winning plan within the search budget")
        return plan

    def optimal_steps(self, state: dict[str, Any]) -> int:
        return len(self._plan(state))

    def policy(self, state: dict[str, Any]) -> str:
        return self._plan(state)[0]

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        return rng.choice(rules.ORDER)
