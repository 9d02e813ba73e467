"""Game of Life: multi-step, out-of-domain; 4 question types."""

from ...core.registry import register
from .game import LifeGame
from .tasks import TASKS

register(LifeGame(), TASKS)
