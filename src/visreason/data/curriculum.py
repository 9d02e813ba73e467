"""Adaptive difficulty for online RL: each task climbs or drops a rung by its recent reward.

By default a task's rungs are the plot levels it offers (easy < medium < hard). With
`grades=N` the rungs are N parameter sets from the game's easy preset to its hard one
(`core.params.grades`), so a task can move in finer steps than three; each rung still names
the plot level nearest to it. The schedule keeps a window of recent rewards per task; when
the window is full and its mean is above `raise_above` the task moves one rung up, below
`lower_below` one rung down, and the window restarts (rewards earned on the old rung say
nothing about the new one).
"""

from __future__ import annotations

import functools
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..core.errors import VisreasonError
from ..core.levels import LEVELS, check_level
from ..core.params import grades as grade_ladder
from ..core.registry import get_task, tasks


def _rungs(task_id: str, count: int | None) -> tuple[tuple[str, dict[str, Any] | None], ...]:
    """(plot level, parameter overrides or None) for each rung of a task's ladder."""
    task = get_task(task_id)
    offered = [level for level in LEVELS if level in task.plot_levels]
    if count is None or not task.game.params or len(offered) < 3:
        return tuple((level, None) for level in offered)
    ladder = grade_ladder(task.game.params, task.game.presets, count)
    return tuple((LEVELS[min(2, round(2 * g / (count - 1)))], values)
                 for g, values in enumerate(ladder))


class AdaptiveCurriculum:
    """Per-task level schedule driven by observed rewards.

    Feed it with `update(task_id, reward, level)` or wrap a reward function with `track`;
    read it with `level(task_id)`. Thread-safe; `state_dict`/`load_state_dict` let a
    training checkpoint carry it.
    """

    def __init__(self, task_ids: Iterable[str] | None = None, *, start: str = "easy",
                 raise_above: float = 0.8, lower_below: float = 0.3, window: int = 32,
                 grades: int | None = None) -> None:
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
        if grades is not None and grades < 2:
            raise VisreasonError(f"grades must be at least 2, got {grades}")
        self.grades = grades
        self._rungs = {task_id: _rungs(task_id, grades) for task_id in ids}
        self._ladders: dict[str, tuple[str, ...]] = {}
        self._index: dict[str, int] = {}
        for task_id in ids:
            ladder = tuple(level for level, _ in self._rungs[task_id])
            self._ladders[task_id] = ladder
            # Start at `start` (on a graded ladder: the grade that is its preset), or the
            # nearest offered level at or below it (else the lowest).
            rank = LEVELS.index(start)
            if self._rungs[task_id][0][1] is not None:
                self._index[task_id] = round(rank * (len(ladder) - 1) / 2)
                continue
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

    def grade(self, task_id: str) -> int:
        """The rung task `task_id` is on (0 = easiest)."""
        return self._index[self._key(task_id)]

    def params(self, task_id: str) -> dict[str, Any] | None:
        """The difficulty parameters of the task's rung (None: the plot level's preset)."""
        values = self._rungs[self._key(task_id)][self._index[task_id]][1]
        return None if values is None else dict(values)

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
            self.changes.append((key, self._label(key, target - step), self._label(key, target)))
            return new

    def _label(self, key: str, rung: int) -> str:
        level = self._ladders[key][rung]
        if self._rungs[key][rung][1] is None:
            return level
        return f"{level} (grade {rung + 1} of {len(self._ladders[key])})"

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
            return {"levels": self.levels(), "grades": dict(self._index),
                    "recent": {k: list(v) for k, v in self._recent.items()},
                    "changes": [list(c) for c in self.changes]}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        with self._lock:
            for task_id, level in state["levels"].items():
                ladder = self._ladders[self._key(task_id)]
                if level not in ladder:
                    raise VisreasonError(f"{task_id} has no level {level!r}")
                rung = state.get("grades", {}).get(task_id, ladder.index(level))
                if not 0 <= rung < len(ladder) or ladder[rung] != level:
                    raise VisreasonError(f"{task_id} has no rung {rung} at level {level!r}")
                self._index[task_id] = rung
            for task_id, values in state.get("recent", {}).items():
                self._recent[self._key(task_id)] = deque(values, maxlen=self.window)
            self.changes = [tuple(c) for c in state.get("changes", [])]
