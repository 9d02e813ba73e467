"""Colour Sudoku: multi-step, out-of-domain; 5 question types."""

from ...core.registry import register
from .game import Sudoku
from .tasks import TASKS

register(Sudoku(), TASKS)
