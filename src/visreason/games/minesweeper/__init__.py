"""Minesweeper: multi-step, out-of-domain; 6 question types."""

from ...core.registry import register
from .game import Minesweeper
from .tasks import TASKS

register(Minesweeper(), TASKS)
