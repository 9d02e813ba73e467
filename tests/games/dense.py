"""Dense data for the audit: groups asking every task of a game about each state."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import visreason
from visreason.core.generate import generate_group

FORMS = ("choice", "open")


def dense_samples(game: str, groups: int | Mapping[str, int],
                  per_group: int = 300) -> list[visreason.Sample]:
    """Groups asking every task of `game` about each state, both forms, every level, seed 1
    (`groups` per level, or a count per level); the first `per_group` samples of each task x
    level x form, enough for the audit."""
    counts = groups if isinstance(groups, Mapping) else dict.fromkeys(visreason.LEVELS, groups)
    taken: Counter[tuple[str, str, str]] = Counter()
    samples = []
    for form in FORMS:
        for level in visreason.LEVELS:
            for g in range(counts[level]):
                for s in generate_group(game, level, 1, g, questions=len(visreason.tasks(game)),
                                        answer_form=form, text_only=True):
                    key = (s.task, level, s.answer_form)
                    # the open run repeats the choice run's open-only tasks: count them once
                    fresh = form == "choice" or visreason.get_task(s.task_id).is_choice
                    if fresh and taken[key] < per_group:
                        taken[key] += 1
                        samples.append(s)
    return samples
