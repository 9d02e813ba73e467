"""Snake: strategic, out-of-domain; 5 question types."""

from ...core.registry import register
from .game import Snake
from .tasks import TASKS

register(Snake(), TASKS)
