"""What a game and a question type provide; the generator composes them into a Sample."""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from PIL import Image

from .answers import letter
from .levels import LEVELS


@dataclass
class Question:
    """One task's output for one state: everything except the composed prompt and the image.

    `state` is JSON-serialisable and is all the renderer and the text describer see, so the
    stored state always reproduces the picture. `analysis` holds the solver's steps; the
    generator appends the closing sentence that states the answer.
    """

    state: dict[str, Any]
    text: str
    answer: str
    analysis: str
    options: list[str] | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def choice_question(
    state: dict[str, Any],
    text: str,
    options: Sequence[str],
    correct: int,
    analysis: str,
    meta: dict[str, Any] | None = None,
) -> Question:
    """A multiple-choice Question whose answer is the letter of `options[correct]`."""
    return Question(state, text, letter(correct), analysis, list(options), dict(meta or {}))


class Game(ABC):
    """A game: its rules text, how a state looks and how it reads as text.

    Subclasses set the class attributes and implement `render` and `describe`.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    category: ClassVar[str]
    split: ClassVar[str]

    @abstractmethod
    def rules(self, state: dict[str, Any]) -> str:
        """The rules and the coordinate convention a reader of the picture needs."""

    @abstractmethod
    def render(self, state: dict[str, Any]) -> Image.Image:
        """The picture of `state`, drawn with the render kit."""

    @abstractmethod
    def describe(self, state: dict[str, Any]) -> str:
        """The state as text, complete enough to answer every question without the picture."""


class Task(ABC):
    """A question type of a game.

    `build` draws a state for the plot level and asks one question about it; it raises
    `Retry` when the drawn state does not admit the question. `check` lets a task with many
    valid answers score a completion by rule; returning None falls back to comparing the
    canonical answer (and `meta["accepted"]`).
    """

    name: ClassVar[str]
    description: ClassVar[str]
    qa_type: ClassVar[str]
    qa_level: ClassVar[str]
    answer_type: ClassVar[str]
    plot_levels: ClassVar[tuple[str, ...]] = LEVELS
    game: Game

    @property
    def id(self) -> str:
        return f"{self.game.name}/{self.name}"

    @abstractmethod
    def build(self, rng: random.Random, plot_level: str) -> Question:
        """A fresh state for `plot_level` drawn from `rng` alone, and one question about it."""

    def check(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float | None:
        return None
