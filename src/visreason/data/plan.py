"""What a dataset run generates, in one fixed order that no worker count can change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.registry import tasks


@dataclass(frozen=True)
class Job:
    task_id: str
    level: str
    index: int


def plan_jobs(games: Sequence[str], levels: Sequence[str], per_task: int) -> list[Job]:
    """Every (task, level, index) for the games, skipping levels a task does not offer."""
    jobs = []
    for game in games:
        for task in tasks(game):
            for level in levels:
                if level in task.plot_levels:
                    jobs.extend(Job(task.id, level, i) for i in range(per_task))
    return jobs


def chunked(jobs: Sequence[Job], size: int) -> list[list[Job]]:
    return [list(jobs[i:i + size]) for i in range(0, len(jobs), size)]
