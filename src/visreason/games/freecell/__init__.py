"""FreeCell: pattern, in-domain; 3 question types."""

from ...core.registry import register
from .game import FreeCell
from .tasks import TASKS

register(FreeCell(), TASKS)
