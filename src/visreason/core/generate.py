"""Compose one Sample from a task: seed, build, validate, prompt, picture."""

from __future__ import annotations

import json
import random

from .answers import canonical
from .errors import GenerationError, LevelError, Retry
from .levels import check_level
from .options import check_distinct, format_options
from .registry import get_task
from .sample import ANSWER_TYPES, Sample
from .seeds import derive_seed
from .task import Question, Task

MAX_ATTEMPTS = 200

ANSWER_HINTS = {
    "choice": "Answer with the letter of the correct option.",
    "multi_choice": "Answer with the letters of every correct option together, e.g. AC.",
    "integer": "Answer with a single integer.",
    "number": "Answer with a single number.",
    "coordinate": "Answer with the coordinates in parentheses, e.g. (1, 2).",
    "sequence": "Answer with the items in order, separated by commas.",
    "text": "Answer with a short phrase.",
}


def sample_seed(task_id: str, level: str, seed: int, index: int) -> int:
    return derive_seed("visreason", task_id, level, seed, index)


def build_question(task: Task, level: str, per_sample_seed: int) -> Question:
    for attempt in range(MAX_ATTEMPTS):
        seed = per_sample_seed if attempt == 0 else derive_seed(per_sample_seed, attempt)
        rng = random.Random(seed)
        try:
            return task.build(rng, level)
        except Retry:
            continue
    raise GenerationError(f"{task.id} found no valid {level} question in {MAX_ATTEMPTS} attempts")


def _validate(task: Task, q: Question) -> None:
    """Catch a task bug at generation time rather than in someone's training run."""
    kind = task.answer_type
    if kind not in ANSWER_TYPES:
        raise GenerationError(f"{task.id}: unknown answer type {kind!r}")
    if kind in ("choice", "multi_choice"):
        if not q.options or len(q.options) < 2:
            raise GenerationError(f"{task.id}: a choice question needs two or more options")
        check_distinct(q.options)
    elif q.options is not None:
        raise GenerationError(f"{task.id}: only choice questions carry options")
    if canonical(kind, q.answer, q.options) != q.answer:
        raise GenerationError(f"{task.id}: answer {q.answer!r} is not in canonical {kind} form")
    json.dumps(q.state)
    json.dumps(q.meta)


def compose_prompt(task: Task, q: Question, text_only: bool) -> str:
    parts = [task.game.rules(q.state).strip()]
    if text_only:
        parts.append("The state is given as text instead of an image:\n"
                     + task.game.describe(q.state).strip("\n").rstrip())
    parts.append(q.text.strip())
    if q.options:
        parts.append("Options:\n" + format_options(q.options))
    parts.append(getattr(task, "answer_hint", None) or ANSWER_HINTS[task.answer_type])
    return "\n\n".join(parts)


def closing_sentence(q: Question) -> str:
    if q.options and len(q.answer) == 1:
        return f"So the answer is {q.answer}: {q.options[ord(q.answer) - 65]}."
    return f"So the answer is {q.answer}."


def generate(
    task_id: str, level: str = "medium", seed: int = 0, index: int = 0, *, text_only: bool = False
) -> Sample:
    """The sample (task, level, seed, index); identical on every call, machine and worker."""
    task = get_task(task_id)
    level = check_level(level)
    if level not in task.plot_levels:
        raise LevelError(
            f"{task.id} has no {level} level; it offers {', '.join(task.plot_levels)}"
        )
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    per_sample = sample_seed(task.id, level, seed, index)
    q = build_question(task, level, per_sample)
    _validate(task, q)
    game = task.game
    return Sample(
        id=f"{task.id}/{level}/{index}@{seed}",
        game=game.name,
        task=task.name,
        category=game.category,
        split=game.split,
        qa_type=task.qa_type,
        plot_level=level,
        qa_level=task.qa_level,
        question=compose_prompt(task, q, text_only),
        options=q.options,
        answer=q.answer,
        answer_type=task.answer_type,
        analysis=q.analysis.rstrip() + "\n" + closing_sentence(q),
        image=None if text_only else game.render(q.state),
        state=q.state,
        seed=per_sample,
        meta=q.meta,
    )
