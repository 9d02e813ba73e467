"""Compose one Sample from a task: seed, build, validate, prompt, picture."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from typing import Any

from .answers import canonical
from .balance import unit_fraction
from .errors import GenerationError, LevelError, Retry, VisreasonError
from .levels import check_level
from .options import check_distinct, format_options
from .params import resolve
from .registry import get_task
from .sample import ANSWER_FORMS, ANSWER_TYPES, Sample
from .seeds import derive_seed
from .splits import check_split, split_of_key
from .task import Draw, Question, Task

MAX_ATTEMPTS = 1000
FORM_CHOICES = (*ANSWER_FORMS, "mixed")

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


def overrides_tag(params: Mapping[str, Any] | None) -> str:
    """'' without overrides, else '[a=1,b=2]': part of the id and of every seed."""
    if not params:
        return ""
    return "[" + ",".join(f"{k}={params[k]}" for k in sorted(params)) + "]"


def pick_form(answer_form: str, open_share: float, task_id: str, level: str, seed: int,
              index: int) -> str:
    """The form of one item: 'choice', 'open', or for 'mixed' a stable draw at `open_share`."""
    if answer_form not in FORM_CHOICES:
        raise VisreasonError(f"unknown answer form {answer_form!r}; choose from "
                             f"{', '.join(FORM_CHOICES)}")
    if answer_form != "mixed":
        return answer_form
    if not 0.0 <= open_share <= 1.0:
        raise VisreasonError(f"the open share must be in [0, 1], got {open_share}")
    return "open" if unit_fraction("form", task_id, level, seed, index) < open_share else "choice"


def build_question(task: Task, draw_for: Any, per_sample_seed: int) -> Question:
    """Build with fresh randomness per attempt until the task accepts its state."""
    for attempt in range(MAX_ATTEMPTS):
        seed = per_sample_seed if attempt == 0 else derive_seed(per_sample_seed, attempt)
        draw = draw_for(random.Random(seed))
        try:
            q = task.build(draw)
            draw.claim(q.state)
            return q
        except Retry:
            continue
    raise GenerationError(f"{task.id} found no valid {draw.level} question in {MAX_ATTEMPTS} "
                          "attempts")


def _validate(task: Task, q: Question) -> None:
    """Catch a task bug at generation time rather than in someone's training run."""
    kind = task.answer_type
    if kind not in ANSWER_TYPES:
        raise GenerationError(f"{task.id}: unknown answer type {kind!r}")
    if kind in ("choice", "multi_choice"):
        if not q.options or len(q.options) < 2:
            raise GenerationError(f"{task.id}: a choice question needs two or more options")
        check_distinct(q.options)
        if q.open is not None:
            open_kind = task.open_answer_type
            if canonical(open_kind, q.open.answer) != q.open.answer:
                raise GenerationError(f"{task.id}: open answer {q.open.answer!r} is not in "
                                      f"canonical {open_kind} form")
            json.dumps(q.open.meta)
    elif q.options is not None:
        raise GenerationError(f"{task.id}: only choice questions carry options")
    if canonical(kind, q.answer, q.options) != q.answer:
        raise GenerationError(f"{task.id}: answer {q.answer!r} is not in canonical {kind} form")
    json.dumps(q.state)
    json.dumps(q.meta)


def compose_prompt(task: Task, q: Question, text_only: bool, form: str) -> str:
    parts = [task.game.rules(q.state, text_only=text_only).strip()]
    if text_only:
        parts.append("The state is given as text:\n"
                     + task.game.describe(q.state).strip("\n").rstrip())
    is_open = form == "open" and q.open is not None
    parts.append(((q.open.text if is_open else None) or q.text).strip())
    if q.options and not is_open:
        parts.append("Options:\n" + format_options(q.options))
    if is_open:
        parts.append(q.open.hint or ANSWER_HINTS[task.open_answer_type])
    else:
        parts.append(getattr(task, "answer_hint", None) or ANSWER_HINTS[task.answer_type])
    return "\n\n".join(parts)


def closing_sentence(answer: str, options: list[str] | None) -> str:
    if options and len(answer) == 1:
        return f"So the answer is {answer}: {options[ord(answer) - 65]}."
    return f"So the answer is {answer}."


def generate(
    task_id: str,
    level: str = "medium",
    seed: int = 0,
    index: int = 0,
    *,
    text_only: bool = False,
    answer_form: str = "choice",
    split: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> Sample:
    """The sample (task, level, seed, index); identical on every call, machine and worker.

    `answer_form` 'open' asks the same question without options (a task whose answer is
    already open gives the same sample in both forms). `split` draws only states whose
    hash puts them in that split. `params` overrides the level's difficulty parameters.
    """
    task = get_task(task_id)
    level = check_level(level)
    if level not in task.plot_levels:
        raise LevelError(
            f"{task.id} has no {level} level; it offers {', '.join(task.plot_levels)}"
        )
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if answer_form not in ANSWER_FORMS:
        raise VisreasonError(f"unknown answer form {answer_form!r}; choose from "
                             f"{', '.join(ANSWER_FORMS)} (resolve 'mixed' with pick_form)")
    split = check_split(split)
    game = task.game
    values = resolve(game.name, game.params, game.presets, level, params)
    tag = overrides_tag(params and {k: values[k] for k in params})
    per_sample = sample_seed(task.id + tag, level, seed, index)

    def split_of(state: dict[str, Any]) -> str:
        return split_of_key(game.name, game.state_key(state))

    def draw_for(rng: random.Random) -> Draw:
        return Draw(rng, level, values, index, f"{task.id}{tag}/{level}/{seed}", split, split_of)

    q = build_question(task, draw_for, per_sample)
    _validate(task, q)
    form = "open" if answer_form == "open" or not task.is_choice else "choice"
    if form == "open" and task.is_choice and q.open is None:
        raise GenerationError(f"{task.id}: this choice question gives no open form")
    meta = dict(q.meta)
    if q.trivial:
        meta["trivial"] = True
    if form == "open" and task.is_choice:
        assert q.open is not None
        answer, options, answer_type = q.open.answer, None, task.open_answer_type
        analysis = q.open.analysis or q.analysis
        meta.update(q.open.meta)
    else:
        answer, options, answer_type, analysis = q.answer, q.options, task.answer_type, q.analysis
    return Sample(
        id=f"{task.id}{tag}/{level}/{index}@{seed}" + ("/open" if form == "open"
                                                        and task.is_choice else ""),
        game=game.name,
        task=task.name,
        category=game.category,
        split=game.split,
        qa_type=task.qa_type,
        plot_level=level,
        qa_level=task.qa_level,
        question=compose_prompt(task, q, text_only, form),
        options=options,
        answer=answer,
        answer_type=answer_type,
        analysis=analysis.rstrip() + "\n" + closing_sentence(answer, options),
        image=None if text_only else game.render(q.state),
        state=q.state,
        seed=per_sample,
        meta=meta,
        answer_form=form,
        partition=split or split_of(q.state),
    )
