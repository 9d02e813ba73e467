"""Even answers for questions asked about other tasks' boards.

A task asked about a board another task drew cannot choose its answer: it takes what the board
offers, and boards offer some answers far more often than others (an empty column, a ghost's
tie order). `AskBalance` measures, once per parameter set, how often calibration boards offer
each answer, and keeps an asked item with a chance inversely proportional to that share.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from .errors import Retry
from .generate import build_question
from .seeds import derive_seed
from .task import Draw, Task

Params = tuple[tuple[str, Any], ...]
Available = Callable[[str, dict[str, Any], dict[str, Any], random.Random], set[Any]]


class AskBalance:
    """Calibration boards, answer availability and the keep-even rule of one game.

    `available(name, state, params, rng)` gives the answers a question of task `name` can have
    on a board (for a task that draws what it asks with `rng`, the answer of one draw); `tasks`
    returns the game's task list (a callable, as the list is built after the tasks)."""

    def __init__(self, game: str, boards: int, floor: float, available: Available,
                 tasks: Callable[[], Sequence[Task]]) -> None:
        self.game, self.boards, self.floor = game, boards, floor
        self._available, self._tasks = available, tasks
        self.calibration_boards = lru_cache(maxsize=16)(self._calibration_boards)
        self.availability = lru_cache(maxsize=64)(self._availability)

    def _calibration_boards(self, params: Params) -> tuple[dict[str, Any], ...]:
        """Boards the tasks build in turn from a fixed seed: what asked questions meet."""
        tasks = self._tasks()
        values = dict(params)
        boards = []
        for index in range(self.boards):
            task = tasks[index % len(tasks)]
            key = f"calibration/{task.name}"
            seed = derive_seed(self.game, "calibration", params, index)
            # Retried as the generator retries, so boards of tasks that often retry are
            # counted as often as the data holds them.
            boards.append(build_question(task, lambda rng, key=key, index=index: Draw(
                rng, "calibration", values, index // len(tasks), key), seed).state)
        return tuple(boards)

    def _availability(self, name: str, params: Params) -> dict[Any, float]:
        """Per answer, the share of calibration boards on which task `name` can have it."""
        boards = self.calibration_boards(params)
        rng = random.Random(derive_seed(self.game, "availability", name, params))
        found: Counter[Any] = Counter()
        for state in boards:
            found.update(self._available(name, state, dict(params), rng))
        return {value: n / len(boards) for value, n in found.items()}

    def keep_even(self, draw: Draw, name: str, value: Any) -> None:
        """Keep an asked item with a chance inversely proportional to how often boards offer
        its answer, decided once per item so retries cannot raise it; an answer no board
        offers is retried. A value rarer than `floor` times the most common stays rarer
        rather than starving the others."""
        shares = self.availability(name, tuple(sorted(draw.params.items())))
        share = shares.get(value, 0.0)
        if not share:
            raise Retry
        floor = max(min(shares.values()), self.floor * max(shares.values()))
        draw.keep(min(1.0, floor / share), "even")
