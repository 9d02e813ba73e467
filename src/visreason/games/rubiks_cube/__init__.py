"""Rubik's cube: 3D spatial, in-domain; 5 question types."""

from ...core.registry import register
from .game import RubiksCube
from .tasks import TASKS

register(RubiksCube(), TASKS)
