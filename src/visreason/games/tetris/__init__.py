"""Tetris: pattern, in-domain; 4 question types."""

from ...core.registry import register
from .game import Tetris
from .tasks import TASKS

register(Tetris(), TASKS)
