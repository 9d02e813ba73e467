"""Tents: multi-step, in-domain; 7 question types."""

from ...core.registry import register
from .game import Tents
from .tasks import TASKS

register(Tents(), TASKS)
