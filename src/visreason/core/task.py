"""What a game and a question type provide; the generator composes them into a Sample."""

from __future__ import annotations

import json
import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from PIL import Image

from . import rng
from .answers import letter
from .balance import balanced_pick, balanced_slot, unit_fraction
from .errors import Retry, Unaskable
from .levels import LEVELS
from .options import check_distinct
from .params import Param

T = TypeVar("T")


@dataclass
class OpenForm:
    """The same question without options: the model writes the answer itself.

    `answer` is canonical in the task's `open_type`. `text` replaces the question wording
    when the choice wording refers to options; `analysis` replaces the analysis when the
    choice analysis walks through the options; `meta` is added to the sample's meta (what a
    rule checker needs, e.g. every accepted answer); `hint` replaces the generic answer
    instruction of the open type (say how to write a move sequence, a set of cells ...).
    """

    answer: str
    text: str | None = None
    analysis: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    hint: str | None = None


@dataclass
class Question:
    """One task's output for one state: everything except the composed prompt and the image.

    `state` is JSON-serialisable and is all the renderer and the text describer see, so the
    stored state always reproduces the picture. `analysis` holds the solver's steps; the
    generator appends the closing sentence that states the answer. `open` is the open-answer
    form of a choice question. `trivial` marks an item answered without the rule the task
    tests (an empty board, a finished game): the audit counts them.
    """

    state: dict[str, Any]
    text: str
    answer: str
    analysis: str
    options: list[str] | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    open: OpenForm | None = None
    trivial: bool = False


def choice_question(
    state: dict[str, Any],
    text: str,
    options: Sequence[str],
    correct: int,
    analysis: str,
    meta: dict[str, Any] | None = None,
    open: OpenForm | None = None,
    trivial: bool = False,
) -> Question:
    """A multiple-choice Question whose answer is the letter of `options[correct]`."""
    return Question(state, text, letter(correct), analysis, list(options), dict(meta or {}),
                    open, trivial)


@dataclass
class Draw:
    """Everything a task may draw a question from: randomness, level, parameters, schedules.

    `rng` is the only source of randomness. `target` and `place` read balanced schedules
    keyed on the sample's index (see `balance`), so answer values and option letters come
    out even over a dataset without any shared state. `claim` rejects a state early when it
    belongs to another split than the one asked for, before an expensive solve.
    """

    rng: random.Random
    level: str
    params: dict[str, Any]
    index: int = 0
    schedule_key: str = ""
    split: str | None = None
    split_of: Callable[[dict[str, Any]], str] | None = None

    def target(self, values: Sequence[T], name: str = "answer") -> T:
        """The value this item should land on, balanced over consecutive indices."""
        return balanced_pick((self.schedule_key, "target", name), self.index, values)

    def slot(self, count: int, name: str = "answer") -> int:
        """A balanced slot in [0, count), e.g. a bucket number."""
        return balanced_slot((self.schedule_key, "target", name), self.index, count)

    def place(self, correct: str, distractors: Sequence[str]) -> tuple[list[str], int]:
        """Options with the correct one at this item's balanced letter; distractors shuffled.

        Returns (options, index of the correct option).
        """
        others = list(distractors)
        rng.shuffle(self.rng, others)
        position = balanced_slot((self.schedule_key, "letter"), self.index, len(others) + 1)
        options = [*others[:position], correct, *others[position:]]
        check_distinct(options)
        return options, position

    def item_fraction(self, name: str) -> float:
        """A number in [0, 1) fixed per item: the generator's fresh attempts at the same item
        see the same value, so a keep-or-skip decision cannot be undone by retrying."""
        return unit_fraction(self.schedule_key, self.index, name)

    def keep(self, weight: float, name: str = "kept") -> None:
        """Keep this item with chance `weight` (decided once per item), else raise Unaskable:
        the verdict is the item's, so fresh randomness cannot change it."""
        if self.item_fraction(name) >= weight:
            raise Unaskable

    def claim(self, state: dict[str, Any]) -> None:
        """Raise Retry unless `state` belongs to the requested split."""
        if self.split is not None and self.split_of is not None \
                and self.split_of(state) != self.split:
            raise Retry


class Game(ABC):
    """A game: its rules text, how a state looks and how it reads as text.

    Subclasses set the class attributes and implement `rules`, `render` and `describe`.
    `params` and `presets` declare the difficulty parameters and the three plot levels as
    presets of them. `state_key` names the part of a state that identifies it for splits and
    repeat counting (the board, not the question asked about it).
    """

    name: ClassVar[str]
    title: ClassVar[str]
    category: ClassVar[str]
    split: ClassVar[str]
    params: ClassVar[tuple[Param, ...]] = ()
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {level: {} for level in LEVELS}

    @abstractmethod
    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        """The rules and the coordinate convention a reader needs.

        With `text_only` the state is given as text: the rules must not mention a picture,
        or colours that the text does not name.
        """

    @abstractmethod
    def render(self, state: dict[str, Any]) -> Image.Image:
        """The picture of `state`, drawn with the render kit."""

    @abstractmethod
    def describe(self, state: dict[str, Any]) -> str:
        """The state as text, complete enough to answer every question without the picture."""

    def state_key(self, state: dict[str, Any]) -> str:
        """A canonical text of what identifies the state (default: the whole state)."""
        return json.dumps(state, sort_keys=True, separators=(",", ":"))


class Task(ABC):
    """A question type of a game.

    `build` draws a state from `draw` and asks one question about it; it raises `Retry`
    when the drawn state does not admit the question (or misses the balanced target).
    A choice task names its `open_type` and returns the open form in `Question.open`; a task
    whose `answer_type` is already open is its own open form. `check_open` lets a task with
    many valid open answers score one by rule (replay moves); None falls back to comparing
    canonical forms (and `meta["accepted"]`). `partial_credit` (optional) grants credit to
    a wrong open answer.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    qa_type: ClassVar[str]
    qa_level: ClassVar[str]
    answer_type: ClassVar[str]
    open_type: ClassVar[str | None] = None
    plot_levels: ClassVar[tuple[str, ...]] = LEVELS
    game: Game

    @property
    def id(self) -> str:
        return f"{self.game.name}/{self.name}"

    @property
    def is_choice(self) -> bool:
        return self.answer_type in ("choice", "multi_choice")

    @property
    def open_answer_type(self) -> str:
        return self.open_type if self.is_choice and self.open_type else self.answer_type

    @abstractmethod
    def build(self, draw: Draw) -> Question:
        """A fresh state drawn from `draw` alone, and one question about it."""

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float | None:
        return None

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A question about a state another task of the game drew (several questions per
        picture). Returns a Question whose state equals `state`; raises Retry when other
        free choices might fit, Unaskable when the state can never admit this question or
        miss its balanced target whatever the randomness. The default asks nothing: a task
        opts in by overriding it."""
        raise Unaskable

    @property
    def can_ask(self) -> bool:
        return type(self).ask is not Task.ask
