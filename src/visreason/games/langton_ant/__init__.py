"""Langton's ant: multi-step, in-domain; 3 question types."""

from ...core.registry import register
from .game import LangtonAnt
from .tasks import TASKS

register(LangtonAnt(), TASKS)
