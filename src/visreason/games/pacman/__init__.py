"""Pac-Man: strategic, out-of-domain; 10 question types."""

from ...core.registry import register
from .game import Pacman
from .tasks import TASKS

register(Pacman(), TASKS)
