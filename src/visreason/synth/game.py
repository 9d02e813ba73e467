"""Verifiable multi-hop questions composed from single-hop questions about one game state.

A game declares its hops in `visreason/games/<game>/hops.py`: functions from a state to a
value with the solver's trace (a `Hop`), state transforms (apply moves, k generations later)
and, built from them, one `Composition` per kind:

- bridge: a later hop takes an earlier hop's result as its input ("after these moves, how
  many cells next to the player are blocked?");
- compare: two computed quantities, the answer says which is larger or that they are equal
  (a fixed option list, the outcome balanced);
- temporal: a question about the state some steps later, or about the step at which
  something first happens.

The answer comes from the game's own rules, the analysis chains the hops' real traces, and
the sample is in the usual schema: `verify` scores it by rule in both answer forms. This
module turns compositions into Tasks of a registry of their own (kept apart from the game
registry so that existing tasks, groups and listings do not change), balances answers and
letters through `Draw.target`/`Draw.place`, and makes Samples deterministically by seed.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core.answers import canonical
from ..core.errors import GenerationError, Retry, UnknownGameError, UnknownTaskError, VisreasonError
from ..core.generate import ANSWER_HINTS, build_question, closing_sentence, pick_form, stored_form
from ..core.levels import LEVELS, check_level, parse_levels
from ..core.options import format_options, integer_run_options
from ..core.registry import game_names, get_game
from ..core.sample import ANSWER_FORMS, Sample
from ..core.seeds import derive_seed
from ..core.splits import split_of_key
from ..core.task import Draw, Game, OpenForm, Question, Task, choice_question
from ..data.dataset import Dataset

KINDS = ("bridge", "compare", "temporal")
TASK_PREFIX = "multihop_"
FOUNDATION = ("sokoban", "maze", "minesweeper", "tictactoe", "lifegame", "sudoku")
INTEGER_OPTIONS = 4

# The fixed option list of every comparison, in this order; the outcome is balanced instead.
OUTCOMES = ("first", "second", "equal")
COMPARE_OPTIONS = ("The first quantity is larger", "The second quantity is larger",
                   "The two quantities are equal")
COMPARE_HINT = "Answer with one word: first, second or equal."
ACCEPTED = {
    "first": ["the first", "first quantity", "the first quantity", "the first is larger",
              "the first quantity is larger", "first is larger", "(1)", "1st"],
    "second": ["the second", "second quantity", "the second quantity", "the second is larger",
               "the second quantity is larger", "second is larger", "(2)", "2nd"],
    "equal": ["equal", "they are equal", "the two quantities are equal", "both are equal",
              "same", "the same", "they are the same", "neither"],
}


@dataclass
class Hop:
    """One single-hop result: what it computes, its value, and the solver's lines that give it."""

    name: str
    value: Any
    trace: list[str]


@dataclass
class Chain:
    """A composed question before its options: the state, the wording, the hops in order and
    the answer they lead to.

    `answer` is an int for `integer` answers, one of OUTCOMES for `compare`, and a text (a
    count, or a cell "(r, c)") for `count` and `cell` answers, whose `distractors` give the
    wrong options.
    `low`/`high` bound the integer options. `meta` holds the hop inputs (moves, cells, k).
    """

    state: dict[str, Any]
    text: str
    hops: list[Hop]
    answer: Any
    meta: dict[str, Any] = field(default_factory=dict)
    low: int = 0
    high: int = 0
    distractors: list[str] = field(default_factory=list)
    open_hint: str | None = None


@dataclass(frozen=True)
class Composition:
    """One composition kind of a game: how to build its chain from a `Draw`."""

    kind: str
    description: str
    # "integer" (a run of integers as options), "count" (an integer among the chain's own
    # distractors), "compare" (the fixed outcome options), "cell" (a cell among distractors)
    # or "label" (a name, e.g. a colour, among distractors)
    answer: str
    build: Callable[[Draw], Chain]
    qa_type: str = "state_prediction"


@dataclass(frozen=True)
class GameHops:
    """What a game's hops module declares: its compositions and per-level parameters."""

    game: str
    levels: dict[str, dict[str, Any]]
    compositions: tuple[Composition, ...]


def compare_outcome(first: int, second: int) -> str:
    return "first" if first > second else "second" if second > first else "equal"


def compare_text(first: str, second: str) -> str:
    """The question of a comparison: two quantities, which is larger or are they equal."""
    return (f"Compare two quantities. First: {first} Second: {second} Which quantity is "
            "larger, or are they equal?")


def compare_line(first: int, second: int) -> str:
    verdict = {"first": f"{first} > {second}, so the first quantity is larger",
               "second": f"{first} < {second}, so the second quantity is larger",
               "equal": f"{first} = {second}, so the two quantities are equal"}
    return "Compare: " + verdict[compare_outcome(first, second)] + "."


def aim(draw: Draw, values: Sequence[Any], name: str = "answer") -> Any:
    """The answer value this item must land on (balanced over consecutive items)."""
    return draw.target(list(values), name)


def tries(draw: Draw, count: int, make: Callable[[], Any | None]) -> Any:
    """Call `make` up to `count` times on the same state until it returns a value, else Retry:
    cheap re-draws of the question's free choices before a fresh state is drawn."""
    for _ in range(count):
        found = make()
        if found is not None:
            return found
    raise Retry


# --------------------------------------------------------------------------------- tasks

class MultiHopTask(Task):
    """A composition of one game as a Task: options, open form and analysis from its chain."""

    qa_level = "hard"
    answer_type = "choice"

    def __init__(self, game: Game, composition: Composition) -> None:
        self.game = game
        self.composition = composition
        self.name = TASK_PREFIX + composition.kind
        self.description = composition.description
        self.qa_type = composition.qa_type
        self.open_type = {"integer": "integer", "count": "integer", "compare": "text",
                          "cell": "coordinate", "label": "text"}[composition.answer]

    def build(self, draw: Draw) -> Question:
        chain = self.composition.build(draw)
        kind = self.composition.answer
        steps = []
        for number, hop in enumerate(chain.hops, 1):
            steps.append(f"Hop {number} ({hop.name}):")
            steps.extend(hop.trace)
        analysis = "\n".join(steps)
        meta = {**chain.meta, "composition": self.composition.kind,
                "hops": [hop.name for hop in chain.hops], "source": "synth_game"}
        if kind == "compare":
            correct = OUTCOMES.index(chain.answer)
            open_form = OpenForm(chain.answer, hint=COMPARE_HINT,
                                 meta={"accepted": ACCEPTED[chain.answer]})
            return choice_question(chain.state, chain.text, COMPARE_OPTIONS, correct, analysis,
                                   meta, open=open_form)
        if kind == "integer":
            value = int(chain.answer)
            options, correct = integer_run_options(draw, value, chain.low, chain.high,
                                                   INTEGER_OPTIONS)
            return choice_question(chain.state, chain.text, options, correct, analysis, meta,
                                   open=OpenForm(str(value), hint=chain.open_hint))
        # "count", "cell" and "label": the answer among the chain's own wrong options
        answer = str(chain.answer)
        options, correct = draw.place(answer, chain.distractors)
        return choice_question(chain.state, chain.text, options, correct, analysis, meta,
                               open=OpenForm(canonical(self.open_type, answer) or answer,
                                             hint=chain.open_hint))


_REGISTRY: dict[str, dict[str, MultiHopTask]] = {}
_LEVELS: dict[str, dict[str, dict[str, Any]]] = {}


def _load() -> None:
    """Find every game that declares hops (a `hops` module beside its rules)."""
    if _REGISTRY:
        return
    for name in game_names():
        module_name = f"visreason.games.{name}.hops"
        try:
            if importlib.util.find_spec(module_name) is None:
                continue
        except ModuleNotFoundError:
            continue
        declared: GameHops = importlib.import_module(module_name).HOPS
        game = get_game(declared.game)
        _LEVELS[game.name] = declared.levels
        _REGISTRY[game.name] = {}
        for composition in declared.compositions:
            task = MultiHopTask(game, composition)
            if task.name in _REGISTRY[game.name]:
                raise ValueError(f"{game.name} declares two {composition.kind} compositions")
            _REGISTRY[game.name][task.name] = task


def hop_games() -> list[str]:
    """Games that declare hops, in registry order."""
    _load()
    return list(_REGISTRY)


def multihop_tasks(game: str | None = None) -> list[MultiHopTask]:
    _load()
    if game is None:
        return [t for by_name in _REGISTRY.values() for t in by_name.values()]
    if game not in _REGISTRY:
        get_game(game)
        raise UnknownGameError(f"{game} declares no hops; games with hops: "
                               f"{', '.join(_REGISTRY)}")
    return list(_REGISTRY[game].values())


def get_multihop(game: str, kind: str) -> MultiHopTask:
    name = kind if kind.startswith(TASK_PREFIX) else TASK_PREFIX + kind
    for task in multihop_tasks(game):
        if task.name == name:
            return task
    raise UnknownTaskError(f"{game} has no {kind!r} composition; it has: "
                           f"{', '.join(t.composition.kind for t in multihop_tasks(game))}")


def level_params(game: str, level: str) -> dict[str, Any]:
    _load()
    return dict(_LEVELS[game][check_level(level)])


def parse_hop_games(spec: str | Sequence[str]) -> list[str]:
    """'all' or a comma list of games that declare hops, validated."""
    items = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    if not items:
        raise UnknownGameError("no game given; use --games all or a comma-separated list")
    if items == ["all"]:
        return hop_games()
    for item in items:
        multihop_tasks(item)
    return list(dict.fromkeys(items))


def parse_kinds(spec: str | Sequence[str] | None) -> tuple[str, ...]:
    if spec is None:
        return KINDS
    items = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    unknown = [k for k in items if k not in KINDS]
    if unknown or not items:
        raise VisreasonError(f"unknown composition kind(s) {', '.join(unknown) or '(none)'}; "
                             f"choose from {', '.join(KINDS)}")
    return tuple(k for k in KINDS if k in items)


# ------------------------------------------------------------------------------- samples

def compose_prompt(task: MultiHopTask, q: Question, text_only: bool, form: str) -> str:
    """Rules (and the state as text), the question, the options or the open answer's hint."""
    game = task.game
    parts = [game.rules(q.state, text_only=text_only).strip()]
    if text_only:
        parts.append("The state is given as text:\n" + game.describe(q.state).strip("\n"))
    parts.append(q.text.strip())
    if form == "open":
        assert q.open is not None
        parts.append(q.open.hint or ANSWER_HINTS[task.open_type or "text"])
    else:
        parts.append("Options:\n" + format_options(q.options or []))
        parts.append(ANSWER_HINTS["choice"])
    return "\n\n".join(parts)


def generate_multihop(game: str, kind: str, level: str = "medium", seed: int = 0,
                      index: int = 0, *, answer_form: str = "choice",
                      text_only: bool = False) -> Sample:
    """The multi-hop sample (game, kind, level, seed, index): the same on every call and machine.

    `answer_form` 'open' asks the same question without options; the answer is then the
    count, the outcome word, the cell or the colour itself.
    """
    (sample,) = generate_forms(game, kind, level, seed, index, (answer_form,),
                               text_only=text_only)
    return sample


def generate_forms(game: str, kind: str, level: str = "medium", seed: int = 0, index: int = 0,
                   forms: Sequence[str] = ANSWER_FORMS, *,
                   text_only: bool = False) -> list[Sample]:
    """The item's sample in each of `forms`, built once (one state, one picture)."""
    task = get_multihop(game, kind)
    level = check_level(level)
    for form in forms:
        if form not in ANSWER_FORMS:
            raise VisreasonError(f"unknown answer form {form!r}; choose from "
                                 f"{', '.join(ANSWER_FORMS)} (resolve 'mixed' with pick_form)")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    params = level_params(game, level)
    key = f"{task.id}/{level}/{seed}"
    per_sample = derive_seed("visreason-multihop", task.id, level, seed, index)
    q = build_question(task, lambda rng: Draw(rng, level, params, index, key), per_sample)
    _check(task, q)
    image = None if text_only else task.game.render(q.state)
    partition = split_of_key(task.game.name, task.game.state_key(q.state))
    samples = []
    for form in forms:
        if form == "open":
            assert q.open is not None
            answer, options, answer_type = q.open.answer, None, task.open_type or "text"
            meta = {**q.meta, **q.open.meta}
        else:
            answer, options, answer_type, meta = q.answer, q.options, "choice", dict(q.meta)
        samples.append(Sample(
            id=f"{task.id}/{level}/{index}@{seed}" + ("/open" if form == "open" else ""),
            game=task.game.name, task=task.name, category=task.game.category,
            split=task.game.split, qa_type=task.qa_type, plot_level=level,
            qa_level=task.qa_level, question=compose_prompt(task, q, text_only, form),
            options=options, answer=answer, answer_type=answer_type,
            analysis=q.analysis.rstrip() + "\n" + closing_sentence(answer, options),
            image=image, state=q.state, seed=per_sample, meta=meta, answer_form=form,
            partition=partition))
    return samples


def _check(task: MultiHopTask, q: Question) -> None:
    """A composition bug caught at generation time, not in someone's training run."""
    if not q.options or canonical("choice", q.answer, q.options) != q.answer:
        raise GenerationError(f"{task.id}: answer {q.answer!r} is not a letter of its options")
    assert q.open is not None
    if not stored_form(task.open_type or "text", q.open.answer):
        raise GenerationError(f"{task.id}: open answer {q.open.answer!r} is not canonical")


def plan(games: Sequence[str], per_game: int, levels: Sequence[str] | None = None,
         kinds: Sequence[str] | None = None) -> Iterator[tuple[str, str, str, int]]:
    """(game, kind, level, index) for `per_game` items of each game, cycling through its
    kinds x levels so that any prefix is spread over all of them."""
    chosen_levels = tuple(levels) if levels else LEVELS
    chosen_kinds = tuple(kinds) if kinds else KINDS
    for game in games:
        offered = [t.composition.kind for t in multihop_tasks(game)]
        pairs = [(k, lv) for k in chosen_kinds if k in offered for lv in chosen_levels]
        if not pairs:
            continue
        for i in range(per_game):
            kind, level = pairs[i % len(pairs)]
            yield game, kind, level, i // len(pairs)


def generate_all(games: Sequence[str], per_game: int, seed: int = 0, *,
                 levels: Sequence[str] | None = None, kinds: Sequence[str] | None = None,
                 answer_form: str = "choice", open_share: float = 0.5,
                 text_only: bool = False) -> Iterator[Sample]:
    """Every sample of a `visreason synth game` run, in plan order."""
    for game, kind, level, index in plan(games, per_game, levels, kinds):
        task_id = f"{game}/{TASK_PREFIX}{kind}"
        form = pick_form(answer_form, open_share, task_id, level, seed, index)
        yield generate_multihop(game, kind, level, seed, index, answer_form=form,
                                text_only=text_only)


class MultiHopDataset(Dataset):
    """Multi-hop game questions as a `visreason.Dataset`: `len`, random access, iteration,
    `score(i, completion)` and the Hugging Face conversions, nothing on disk.

    Items cycle through the (game, kind, level) triples, so any prefix is spread over all of
    them; item i of triple t is that triple's sample number i // triples.
    """

    def __init__(self, games: Sequence[str] | str = "all", kinds: Sequence[str] | str | None = None,
                 levels: Sequence[str] | str | None = None, size: int = 100, seed: int = 0, *,
                 answer_form: str = "choice", open_share: float = 0.5,
                 text_only: bool = False) -> None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise VisreasonError(f"size must be a non-negative integer, got {size!r}")
        chosen_kinds = parse_kinds(kinds)
        self.triples = [(g, k, lv) for g in parse_hop_games(games) for k in chosen_kinds
                        for lv in parse_levels(levels)
                        if k in {t.composition.kind for t in multihop_tasks(g)}]
        if not self.triples:
            raise VisreasonError("no selected game offers the selected kinds")
        pick_form(answer_form, open_share, "", "", 0, 0)  # validates both
        self.size, self.seed, self.text_only = size, seed, text_only
        self.answer_form, self.open_share = answer_form, open_share

    def locate(self, i: int) -> tuple[str, str, int]:  # type: ignore[override]
        """(game/multihop_kind, level, index within that triple) of item i."""
        if not -self.size <= i < self.size:
            raise IndexError(f"index {i} out of range for a dataset of {self.size}")
        i %= self.size
        game, kind, level = self.triples[i % len(self.triples)]
        return f"{game}/{TASK_PREFIX}{kind}", level, i // len(self.triples)

    def __getitem__(self, i: int) -> Sample:
        task_id, level, index = self.locate(i)
        game, _, name = task_id.partition("/")
        form = pick_form(self.answer_form, self.open_share, task_id, level, self.seed, index)
        return generate_multihop(game, name, level, self.seed, index, answer_form=form,
                                 text_only=self.text_only)
