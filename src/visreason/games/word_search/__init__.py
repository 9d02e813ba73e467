"""Word search: multi-step, in-domain; 3 question types."""

from ...core.registry import register
from .game import WordSearch
from .tasks import TASKS

register(WordSearch(), TASKS)
