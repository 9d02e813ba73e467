"""Sokoban: strategic, in-domain; 6 question types."""

from ...core.registry import register
from .game import Sokoban
from .tasks import TASKS

register(Sokoban(), TASKS)
