"""Hue: pattern, in-domain; 3 question types."""

from ...core.registry import register
from .game import Hue
from .tasks import TASKS

register(Hue(), TASKS)
