"""Jewel2 (match-3): pattern, out-of-domain; 7 question types."""

from ...core.registry import register
from .game import Jewel2
from .tasks import TASKS

register(Jewel2(), TASKS)
