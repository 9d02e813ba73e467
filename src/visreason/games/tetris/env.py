"""Tetris played timestep by timestep: steer the falling piece to clear the most rows it can.

The start is one of the game's boards: a stack built by play and an active piece falling
above it. Each turn is one timestep (`rules.timestep`): shift left or right, turn, or
nothing ('down'), after which the piece falls a row or locks; 'drop' drops and locks it at
once. The episode ends when the piece locks: it is won when the piece cleared as many rows
as any reachable resting place would (the start is drawn again when that is none).
Optimal length: the fewest timesteps to such a lock, by breadth-first search over the
piece's positions (a few hundred at most).
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

from ...core.errors import Retry
from ...core.task import Draw
from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import quoted
from . import rules, tasks
from .rules import TIMESTEP_MOVES

_WORDS = {"left": "left", "l": "left", "right": "right", "r": "right", "rotate": "rotate",
          "turn": "rotate", "rotate clockwise": "rotate", "down": "down", "wait": "down",
          "d": "down", "drop": "drop", "hard drop": "drop"}


@lru_cache(maxsize=512)
def _search(grid: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    """(the most rows a lock reachable from `grid` clears, the shortest moves to such a
    lock), breadth first over the active piece's positions."""
    parents: dict[tuple[str, ...], tuple[tuple[str, ...], str] | None] = {grid: None}
    frontier = [grid]
    best: tuple[int, tuple[str, ...]] = (-1, ())

    def path_to(board: tuple[str, ...], last: str) -> tuple[str, ...]:
        moves = [last]
        link = parents[board]
        while link is not None:
            moves.append(link[1])
            link = parents[link[0]]
        return tuple(reversed(moves))

    while frontier:
        following = []
        for board in frontier:
            for move in TIMESTEP_MOVES:
                tick = rules.timestep(list(board), move)
                if not tick.fitted:
                    continue
                if tick.locked:
                    if len(tick.cleared) > best[0]:  # first found = fewest moves
                        best = (len(tick.cleared), path_to(board, move))
                    continue
                after = tuple(tick.board)
                if after not in parents:
                    parents[after] = (board, move)
                    following.append(after)
        frontier = following
    return best


class TetrisEnv(GameEnv):
    """One timestep per turn; reward 1 when the piece locks clearing the most rows it could."""

    name = "tetris"
    action_hint = ("one move: left, right, rotate (a quarter turn clockwise), down (just fall) "
                   "or drop (fall all the way and lock), e.g. <answer>left</answer>")

    def start(self, rng: random.Random) -> dict[str, Any]:
        draw = Draw(rng, self.level, dict(self.params))
        state = tasks.with_active(draw, tasks.stack(draw), rng.choice(rules.NAMES))
        most, _ = _search(tuple(state["grid"]))
        if most < 1:
            raise Retry
        return {**state, "target": most}

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"size": state["size"], "grid": state["grid"]}

    def goal(self, state: dict[str, Any]) -> str:
        want = state["target"]
        return (f"Goal: steer the active piece so that when it locks it completes {want} "
                f"row{'s' if want != 1 else ''}, the most it can. Each turn is one timestep: "
                "'left' or 'right' shifts the piece one column and 'rotate' turns it a quarter "
                "clockwise keeping the top-left corner of its bounding box in place (a move "
                "that would leave the board or overlap a locked block is refused and still "
                "uses up a turn); 'down' does nothing else. The piece then falls one row, or "
                "locks if it cannot. 'drop' lets it fall all the way and locks it at once. "
                "The game ends when the piece locks.")

    def parse(self, action: str, state: dict[str, Any]) -> str:
        text = " ".join(action.lower().replace("move", " ").split()).strip(" .!")
        if text in _WORDS:
            return _WORDS[text]
        raise InvalidAction(f"{quoted(action)} is not one of left, right, rotate, down, drop.")

    def apply(self, state: dict[str, Any], action: str) -> Outcome:
        tick = rules.timestep(state["grid"], action)
        if not tick.fitted:
            what = "turned" if action == "rotate" else f"shifted {action}"
            raise InvalidAction(f"the piece cannot be {what}: it would leave the board or "
                                "overlap a locked block.")
        after = {**state, "grid": tick.board}
        if not tick.locked:
            return Outcome(after, f"{action}: the piece falls one row.")
        rows = len(tick.cleared)
        message = f"{action}: the piece locks and clears {rows} row{'s' if rows != 1 else ''}"
        message += f" ({', '.join(map(str, tick.cleared))})." if rows else "."
        won = rows >= state["target"]
        if not won:
            message += f" It could have cleared {state['target']}."
        return Outcome(after, message, won=won, lost=not won)

    def optimal_steps(self, state: dict[str, Any]) -> int:
        return len(_search(tuple(state["grid"]))[1])

    def policy(self, state: dict[str, Any]) -> str:
        return _search(tuple(state["grid"]))[1][0]

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        return rng.choice(TIMESTEP_MOVES)
