"""Klondike solitaire: pattern, out-of-domain; 3 question types."""

from ...core.registry import register
from .game import Klondike
from .tasks import TASKS

register(Klondike(), TASKS)
