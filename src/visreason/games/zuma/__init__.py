"""Zuma: pattern, in-domain; 6 question types."""

from ...core.registry import register
from .game import Zuma
from .tasks import TASKS

register(Zuma(), TASKS)
