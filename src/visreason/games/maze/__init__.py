"""Maze: strategic, in-domain; 6 question types."""

from ...core.registry import register
from .game import Maze
from .tasks import TASKS

register(Maze(), TASKS)
