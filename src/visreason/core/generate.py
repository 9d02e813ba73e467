"""Compose one Sample from a task: seed, build, validate, prompt, picture."""

from __future__ import annotations

import json
import random
from collections.abc import Collection, Mapping
from functools import lru_cache
from typing import Any

from .answers import canonical
from .balance import balanced_pick, unit_fraction
from .errors import GenerationError, LevelError, Retry, Unaskable, VisreasonError
from .levels import check_level
from .options import check_distinct, format_options
from .params import resolve
from .registry import get_game, get_task, tasks
from .sample import ANSWER_FORMS, ANSWER_TYPES, Sample
from .seeds import derive_seed
from .splits import SPLIT_SHARES, check_split, split_of_key
from .task import Draw, Game, Question, Task

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
    """Build with fresh randomness per attempt until the task accepts its state.

    A split run keeps only the states whose hash falls in its split, so it gets the budget
    divided by the split's share (10x for a 10% split): the same number of in-split tries."""
    draw = draw_for(random.Random(per_sample_seed))
    attempts = MAX_ATTEMPTS if draw.split is None else \
        round(MAX_ATTEMPTS / SPLIT_SHARES[draw.split])
    for attempt in range(attempts):
        if attempt:
            draw = draw_for(random.Random(derive_seed(per_sample_seed, attempt)))
        try:
            q = task.build(draw)
            draw.claim(q.state)
            return q
        except Retry:
            continue
    raise GenerationError(f"{task.id} found no valid {draw.level} question in {attempts} "
                          "attempts")


def stored_form(kind: str, answer: str) -> bool:
    """Whether `answer` is stored as answers of `kind` are: in canonical form, except that a
    text answer may keep the case the picture shows (a capital "L", which a lower-case "l"
    would blur with "I"); text is compared case-folded, so the case never changes a score."""
    if not isinstance(answer, str):
        return False
    want = _canonical_open(kind, answer)
    return want == answer or (kind == "text" and want == answer.casefold())


@lru_cache(maxsize=4096)
def _canonical_open(kind: str, answer: str) -> str | None:
    # Stored answers recur ("3", "(1, 2)", "up, left"): each is read by the general reader once.
    return canonical(kind, answer)


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
            if not stored_form(open_kind, q.open.answer):
                raise GenerationError(f"{task.id}: open answer {q.open.answer!r} is not in "
                                      f"canonical {open_kind} form")
        well_formed = _is_letter_of(q.answer, q.options) \
            or canonical(kind, q.answer, q.options) == q.answer
    elif q.options is not None:
        raise GenerationError(f"{task.id}: only choice questions carry options")
    else:
        well_formed = isinstance(q.answer, str) and _canonical_open(kind, q.answer) == q.answer
    if not well_formed:
        raise GenerationError(f"{task.id}: answer {q.answer!r} is not in canonical {kind} form")
    json.dumps((q.state, q.meta, q.open.meta if q.open is not None else None))


def _is_letter_of(answer: str, options: list[str] | None) -> bool:
    """A single capital letter naming one of the options: canonical as it stands (the common
    case of a choice answer, spared the general reader)."""
    return bool(options) and isinstance(answer, str) and len(answer) == 1 \
        and "A" <= answer < chr(65 + len(options))


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


def _checked_args(task: Task, level: str, seed: int, answer_form: str) -> str:
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
    return level


class _Context:
    """What every question of one (game, level, seed, parameters) shares."""

    def __init__(self, game: Game, level: str, seed: int, split: str | None,
                 params: Mapping[str, Any] | None) -> None:
        self.game, self.level, self.seed, self.split = game, level, seed, check_split(split)
        self.values = resolve(game.name, game.params, game.presets, level, params)
        self.tag = overrides_tag(params and {k: self.values[k] for k in params})

    def split_of(self, state: dict[str, Any]) -> str:
        return split_of_key(self.game.name, self.game.state_key(state))

    def draw(self, task: Task, rng: random.Random, index: int, schedule: str = "") -> Draw:
        key = f"{task.id}{self.tag}/{self.level}/{self.seed}{schedule}"
        return Draw(rng, self.level, self.values, index, key, self.split, self.split_of)

    def sample(self, task: Task, q: Question, index: int, per_sample: int, form: str,
               text_only: bool, image: Any, sample_id: str) -> Sample:
        _validate(task, q)
        is_choice = task.is_choice
        form = "open" if form == "open" or not is_choice else "choice"
        if form == "open" and is_choice and q.open is None:
            raise GenerationError(f"{task.id}: this choice question gives no open form")
        meta = dict(q.meta)
        if q.trivial:
            meta["trivial"] = True
        if form == "open" and is_choice:
            assert q.open is not None
            answer, options, answer_type = q.open.answer, None, task.open_answer_type
            analysis = q.open.analysis or q.analysis
            meta.update(q.open.meta)
        else:
            answer, options = q.answer, q.options
            answer_type, analysis = task.answer_type, q.analysis
        return Sample(
            id=sample_id + ("/open" if form == "open" and is_choice else ""),
            game=self.game.name,
            task=task.name,
            category=self.game.category,
            split=self.game.split,
            qa_type=task.qa_type,
            plot_level=self.level,
            qa_level=task.qa_level,
            question=compose_prompt(task, q, text_only, form),
            options=options,
            answer=answer,
            answer_type=answer_type,
            analysis=analysis.rstrip() + "\n" + closing_sentence(answer, options),
            image=image,
            state=q.state,
            seed=per_sample,
            meta=meta,
            answer_form=form,
            partition=self.split or self.split_of(q.state),
        )


def _context(game: Game, level: str, seed: int, split: str | None,
             params: Mapping[str, Any] | None) -> _Context:
    """The shared context, kept for the last (game, level, seed, split) without overrides:
    consecutive samples of a run share it, and resolving parameters per sample showed up."""
    global _last_context
    if params:
        return _Context(game, level, seed, split, params)
    key, context = _last_context
    if key != (game, level, seed, split) or context is None:
        context = _Context(game, level, seed, split, None)
        _last_context = ((game, level, seed, split), context)  # one reference: thread-safe
    return context


_last_context: tuple[tuple[Any, ...], _Context | None] = ((), None)


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
    picture: bool = True,
) -> Sample:
    """The sample (task, level, seed, index); identical on every call, machine and worker.

    `answer_form` 'open' asks the same question without options (a task whose answer is
    already open gives the same sample in both forms). `split` draws only states whose
    hash puts them in that split. `params` overrides the level's difficulty parameters.
    `picture=False` leaves `image` None for `add_picture` to draw later (see there).
    """
    task = get_task(task_id)
    level = _checked_args(task, level, seed, answer_form)
    ctx = _context(task.game, level, seed, split, params)
    per_sample = sample_seed(task.id + ctx.tag, level, seed, index)
    q = build_question(task, lambda rng: ctx.draw(task, rng, index), per_sample)
    image = task.game.render(q.state) if picture and not text_only else None
    return ctx.sample(task, q, index, per_sample, answer_form, text_only, image,
                      f"{task.id}{ctx.tag}/{level}/{index}@{seed}")


ASK_ATTEMPTS = 8


def generate_group(
    game_name: str,
    level: str = "medium",
    seed: int = 0,
    group: int = 0,
    questions: int = 3,
    *,
    text_only: bool = False,
    answer_form: str = "choice",
    open_share: float = 0.5,
    split: str | None = None,
    params: Mapping[str, Any] | None = None,
    only: Collection[str] | None = None,
    picture: bool = True,
) -> list[Sample]:
    """Up to `questions` questions of different tasks about one state, sharing one picture.

    The lead task (each task of the game leads equally often over consecutive groups) draws
    the state as `generate` would; every other task that can `ask` about a given state is
    tried in a seeded order and asks its question about the same state, on its own balanced
    schedule, until `questions` are asked. A task whose question does not fit the state (or
    misses its balanced target) is skipped, so a group may hold fewer questions. The samples
    share one image object and `meta["state_group"]`, so a writer stores the picture once.
    `only` (task names or game/task ids) keeps the groups to those tasks of the game.
    `picture=False` leaves `image` None for `add_picture` to draw later.
    """
    game = get_game(game_name)
    level = check_level(level)
    if not isinstance(questions, int) or questions < 1:
        raise VisreasonError(f"questions per state must be a positive integer, got {questions!r}")
    offered = [t for t in tasks(game.name) if level in t.plot_levels]
    if only is not None:
        chosen = {get_task(n if "/" in n else f"{game.name}/{n}").id for n in only}
        offered = [t for t in offered if t.id in chosen]
        if not offered:
            raise LevelError(f"none of the chosen {game.name} tasks offers the {level} level")
    if not offered:
        raise LevelError(f"no {game.name} task offers the {level} level")
    ctx = _context(game, level, seed, split, params)
    lead = balanced_pick((game.name + ctx.tag, level, seed, "lead"), group, offered)
    forms = {t.id: pick_form(answer_form, open_share, t.id, level, seed, group) for t in offered}
    _checked_args(lead, level, seed, "choice")
    # Each task leads once per block of len(offered) groups, so its lead questions take
    # consecutive indices of its own schedule: they are exactly the single-question samples
    # 0, 1, 2 ... of that task, balanced as those are.
    lead_index = group // len(offered)
    per_lead = sample_seed(lead.id + ctx.tag, level, seed, lead_index)
    lead_q = build_question(lead, lambda rng: ctx.draw(lead, rng, lead_index), per_lead)
    asked: list[tuple[Task, Question, int, int]] = [(lead, lead_q, per_lead, lead_index)]
    others = [t for t in offered if t is not lead and t.can_ask]
    random.Random(derive_seed(per_lead, "ask order")).shuffle(others)
    for task in others:
        if len(asked) == questions:
            break
        per_sample = sample_seed(task.id + ctx.tag, level, seed, group) ^ 1
        for attempt in range(ASK_ATTEMPTS):
            rng = random.Random(derive_seed(per_sample, "ask", attempt))
            try:
                q = task.ask(ctx.draw(task, rng, group, "/group"), lead_q.state)
            except Unaskable:
                break
            except Retry:
                continue
            if q.state != lead_q.state:
                raise GenerationError(f"{task.id}: ask() changed the state it was given")
            asked.append((task, q, per_sample, group))
            break
    image = game.render(lead_q.state) if picture and not text_only else None
    group_id = f"{game.name}{ctx.tag}/{level}/g{group}@{seed}"
    samples = []
    for task, q, per_sample, index in asked:
        sample = ctx.sample(task, q, index, per_sample, forms[task.id], text_only, image,
                            f"{task.id}{ctx.tag}/{level}/g{group}@{seed}")
        sample.meta["state_group"] = group_id
        samples.append(sample)
    return samples


def add_picture(samples: list[Sample]) -> None:
    """Draw the picture of samples made with `picture=False` about one state (one sample, or
    one group), shared by all of them as `generate` would have shared it.

    A dataset run builds a batch of questions first and draws their pictures after: each
    phase keeps its own code and data in the CPU caches, which measured 8-15% less CPU per
    sample than alternating question and picture on the six foundation games.
    """
    if not samples:
        return
    state = samples[0].state
    if any(s.state is not state and s.state != state for s in samples):
        raise VisreasonError("add_picture draws one state: these samples show different ones")
    image = get_game(samples[0].game).render(state)
    for sample in samples:
        sample.image = image
