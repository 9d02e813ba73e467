"""Core: the sample, tasks and their registry, levels, seeds, answers, extraction, verification."""

from .answers import canonical
from .errors import (
    GenerationError,
    LevelError,
    Retry,
    Unaskable,
    UnknownGameError,
    UnknownTaskError,
    VisreasonError,
)
from .extract import extract_answer
from .generate import generate
from .levels import LEVELS
from .params import Param, ParamError
from .registry import game_names, get_game, get_task, tasks
from .sample import Sample
from .task import Draw, Game, OpenForm, Question, Task, choice_question
from .verify import verify

__all__ = [
    "LEVELS",
    "Draw",
    "Game",
    "GenerationError",
    "LevelError",
    "OpenForm",
    "Param",
    "ParamError",
    "Question",
    "Retry",
    "Sample",
    "Task",
    "Unaskable",
    "UnknownGameError",
    "UnknownTaskError",
    "VisreasonError",
    "canonical",
    "choice_question",
    "extract_answer",
    "game_names",
    "generate",
    "get_game",
    "get_task",
    "tasks",
    "verify",
]
