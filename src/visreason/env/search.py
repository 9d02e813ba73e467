"""The bounded breadth-first search that environments use for their optimal play length.

Several games' environments plan the fewest actions to a goal over positions they can compare
by a key; this is that search once. It refuses (None) rather than run long: past `max_nodes`
positions, or past `max_depth` actions when one is given.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from .base import GameEnv

A = TypeVar("A")


def shortest_actions(start: Any, turns: Callable[[Any], Iterable[tuple[A, Any]]],
                     done: Callable[[Any], bool], key: Callable[[Any], Hashable],
                     max_nodes: int, max_depth: int | None = None) -> tuple[A, ...] | None:
    """The fewest actions from `start` to a position where `done` holds: `turns(position)`
    gives (action, next position) pairs; positions with equal `key` are one. () when `start`
    is done already; None when no such sequence is found within the bounds."""
    if done(start):
        return ()
    parents: dict[Hashable, tuple[Hashable, A] | None] = {key(start): None}
    frontier = [start]
    depth = 0
    while frontier and (max_depth is None or depth < max_depth):
        depth += 1
        following = []
        for position in frontier:
            here = key(position)
            for action, after in turns(position):
                there = key(after)
                if there in parents:
                    continue
                parents[there] = (here, action)
                if done(after):
                    return _path(parents, there)
                if len(parents) > max_nodes:
                    return None
                following.append(after)
        frontier = following
    return None


def _path(parents: dict[Hashable, tuple[Hashable, A] | None], end: Hashable) -> tuple[A, ...]:
    path = []
    link = parents[end]
    while link is not None:
        path.append(link[1])
        link = parents[link[0]]
    return tuple(reversed(path))


class PlannedEnv(GameEnv, ABC):
    """An environment whose optimal play is a planned shortest action sequence: `plan` gives
    it (None when the bounded search gives up), `action_name` writes an action as a player
    would, and the optimal length and the policy's next action follow from them."""

    @abstractmethod
    def plan(self, state: dict[str, Any]) -> Sequence[Any] | None:
        """The shortest action sequence to the goal, or None when the search gives up."""

    @abstractmethod
    def action_name(self, action: Any) -> str:
        """`action` written as a player writes it."""

    def _planned(self, state: dict[str, Any]) -> Sequence[Any]:
        plan = self.plan(state)
        if plan is None:
            raise ValueError("the search finds no way to the goal from this position")
        return plan

    def optimal_steps(self, state: dict[str, Any]) -> int:
        return len(self._planned(state))

    def policy(self, state: dict[str, Any]) -> str:
        return self.action_name(self._planned(state)[0])
