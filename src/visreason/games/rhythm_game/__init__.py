"""Rhythm game: multi-step, in-domain; 7 question types."""

from ...core.registry import register
from .game import RhythmGame
from .tasks import TASKS

register(RhythmGame(), TASKS)
