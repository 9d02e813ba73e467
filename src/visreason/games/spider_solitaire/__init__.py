"""Spider solitaire: pattern, in-domain; 7 question types."""

from ...core.registry import register
from .game import SpiderSolitaire
from .tasks import TASKS

register(SpiderSolitaire(), TASKS)
