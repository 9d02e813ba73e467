"""Pyramid chess: 3D spatial, out-of-domain; 6 question types."""

from ...core.registry import register
from .game import PyramidChess
from .tasks import TASKS

register(PyramidChess(), TASKS)
