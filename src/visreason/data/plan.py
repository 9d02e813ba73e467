"""What a dataset run generates, in one fixed order that no worker count can change.

A plan is a few lines of (task or game, level, count) and indexes its jobs arithmetically,
so a run of any size holds no list of its jobs: each chunk makes its own slice when it runs.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..core.registry import tasks


@dataclass(frozen=True)
class Job:
    """One sample: item `index` of a task at a level."""

    task_id: str
    level: str
    index: int


@dataclass(frozen=True)
class GroupJob:
    """One state of a game at a level and the questions asked about it (`generate_group`)."""

    game: str
    level: str
    group: int


@dataclass(frozen=True)
class Plan:
    """Jobs line by line: `count` jobs of each (task id, level), or of each (game, level)
    when `grouped` (one job per state)."""

    lines: tuple[tuple[str, str, int], ...]
    grouped: bool = False

    @property
    def starts(self) -> list[int]:
        starts, total = [], 0
        for _name, _level, count in self.lines:
            starts.append(total)
            total += count
        return starts

    def __len__(self) -> int:
        return sum(count for _name, _level, count in self.lines)

    def jobs(self, start: int, stop: int) -> Iterator[Job | GroupJob]:
        """Jobs start..stop-1 of the plan, made on demand."""
        starts = self.starts
        line = max(0, bisect.bisect_right(starts, start) - 1)
        position = start
        while position < stop and line < len(self.lines):
            name, level, count = self.lines[line]
            for index in range(position - starts[line], count):
                if position == stop:
                    return
                yield GroupJob(name, level, index) if self.grouped else Job(name, level, index)
                position += 1
            line += 1

    def chunks(self, size: int) -> list[tuple[int, int]]:
        """(start, stop) of each chunk of at most `size` jobs."""
        total = len(self)
        return [(i, min(i + size, total)) for i in range(0, total, size)]

    def names(self) -> set[str]:
        return {name for name, _level, count in self.lines if count}


def plan_tasks(games: Sequence[str], levels: Sequence[str], per_task: int,
               chosen: set[str] | None = None) -> Plan:
    """Every (task, level, index) for the games (or only the `chosen` task ids), skipping
    levels a task does not offer."""
    lines = tuple((task.id, level, per_task) for game in games for task in tasks(game)
                  for level in levels if level in task.plot_levels
                  and (chosen is None or task.id in chosen))
    return Plan(lines)


def groups_for(per_task: int, offered: int, questions: int) -> int:
    """States to draw so each of `offered` tasks is asked about `per_task` times, when every
    state holds up to `questions` questions: ceil(per_task * offered / min(questions, offered))."""
    return math.ceil(per_task * offered / min(questions, offered))


def plan_groups(games: Sequence[str], levels: Sequence[str], per_task: int,
                questions: int, chosen: set[str] | None = None) -> Plan:
    """Every (game, level, group) for several questions per state (see `groups_for`), asking
    only the `chosen` task ids when given."""
    lines = []
    for game in games:
        for level in levels:
            offered = sum(1 for task in tasks(game) if level in task.plot_levels
                          and (chosen is None or task.id in chosen))
            if offered:
                lines.append((game, level, groups_for(per_task, offered, questions)))
    return Plan(tuple(lines), grouped=True)
