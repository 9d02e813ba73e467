"""Tangram: pattern, in-domain; 5 question types."""

from ...core.registry import register
from .game import Tangram
from .tasks import TASKS

register(Tangram(), TASKS)
