"""Adaptive difficulty for online RL: each task climbs or drops a level by its recent reward.

Difficulty is the plot level (easy < medium < hard) a task offers. The schedule keeps a
window of recent rewards per task; when the window is full and its mean is above
`raise_above` the task moves one level up, below `lower_below` one level down, and the
window restarts (rewards earned at the old level say nothing about the new one).
"""

from __future__ import annotations

import functools
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..core.errors import VisreasonError
from ..core.levels import LEVELS, check_level
from ..core.registry import get_task, tasks


class AdaptiveCurriculum:
    """Per-task level schedule driven by observed rewards.

    Feed it with `update(task_id, reward, level)` or wrap a reward function with `track`;
    read it with `level(task_id)`. Thread-safe; `state_dict`/`load_state_dict` let a
    training checkpoint carry it.
    """

    def __init__(self, task_ids: Iterable[str] | None = None, *, start: str = "easy",
                 raise_above: float = 0.8, lower_below: float = 0.3, window: int = 32) -> None:
        if not 0.0 <= lower_below < raise_above <= 1.0:
            raise VisreasonError(
                f"need 0 <= lower_below < raise_above <= 1, got {lower_below} and {raise_above}")
        if window < 1:
            raise VisreasonError(f"window must be at least 1, got {window}")
        ids = [t.id for t in tasks()] if task_ids is None else [get_task(t).id for t in task_ids]
        if not ids:
            raise VisreasonError("a curriculum needs at least one task")
        self.raise_above, self.lower_below, self.window = raise_above, lower_below, window
        start = check_level(start)
        self._ladders: dict[str, tuple[str, ...]] = {}
        self._index: dict[str, int] = {}
        for task_id in ids:
            offered = get_task(task_id).plot_levels
            ladder = tuple(level for level in LEVELS if level in offered)
            self._ladders[task_id] = ladder
            # Start at `start`, or the nearest offered level at or below it (else the lowest).
            rank = LEVELS.index(start)
            below = [i for i, level in enumerate(ladder) if LEVELS.index(level) <= rank]
            self._index[task_id] = below[-1] if below else 0
        self._recent: dict[str, deque[float]] = {t: deque(maxlen=window) for t in ids}
        self._lock = threading.Lock()
        self.changes: list[tuple[str, str, str]] = []  # (task_id, old level, new level)

    @property
    def task_ids(self) -> list[str]:
        return list(self._ladders)

    def level(self, task_id: str) -> str:
        """The level task `task_id` is now trained at."""
        return self._ladders[self._key(task_id)][self._index[self._key(task_id)]]

    def levels(self) -> dict[str, str]:
        return {task_id: self.level(task_id) for task_id in self._ladders}

    def _key(self, task_id: str) -> str:
        if task_id not in self._ladders:
            raise VisreasonError(f"task {task_id!r} is not in this curriculum")
        return task_id

    def update(self, task_id: str, reward: float, level: str | None = None) -> str | None:
        """Record one reward; returns the new level when this reward moved the task.

        A reward earned at another level than the current one (a sample generated before
        the last move) is ignored.
        """
        key = self._key(task_id)
        with self._lock:
            current = self._ladders[key][self._index[key]]
            if level is not None and level != current:
                return None
            recent = self._recent[key]
            recent.append(float(reward))
            if len(recent) < self.window:
                return None
            mean = sum(recent) / len(recent)
            step = 1 if mean > self.raise_above else -1 if mean < self.lower_below else 0
            target = self._index[key] + step
            if step == 0 or not 0 <= target < len(self._ladders[key]):
                return None
            self._index[key] = target
            recent.clear()
            new = self._ladders[key][target]
            self.changes.append((key, current, new))
            return new

    def track(self, reward_function: Callable[..., Sequence[float]]) -> Callable[..., list[float]]:
        """Wrap a TRL-style reward function so every reward it gives updates this curriculum.

        Rows are matched to tasks by their `game`/`task` columns and to levels by
        `plot_level`; rows of tasks outside the curriculum are scored but not recorded.
        """
        @functools.wraps(reward_function)
        def tracked(*args: Any, **columns: Any) -> list[float]:
            rewards = list(reward_function(*args, **columns))
            games, names = columns.get("game"), columns.get("task")
            levels = columns.get("plot_level") or [None] * len(rewards)
            if games is None or names is None:
                raise VisreasonError("a tracked reward needs the 'game' and 'task' columns")
            for game, name, level, reward in zip(games, names, levels, rewards, strict=True):
                task_id = f"{game}/{name}"
                if reward is not None and task_id in self._ladders:
                    self.update(task_id, reward, level)
            return rewards

        return tracked

    def state_dict(self) -> dict[str, Any]:
        with self._lock:
            return {"levels": self.levels(),
                    "recent": {k: list(v) for k, v in self._recent.items()},
                    "changes": [list(c) for c in self.changes]}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        with self._lock:
            for task_id, level in state["levels"].items():
                ladder = self._ladders[self._key(task_id)]
                if level not in ladder:
                    raise VisreasonError(f"{task_id} has no level {level!r}")
                self._index[task_id] = ladder.index(level)
            for task_id, values in state.get("recent", {}).items():
                self._recent[self._key(task_id)] = deque(values, maxlen=self.window)
            self.changes = [tuple(c) for c in state.get("changes", [])]
