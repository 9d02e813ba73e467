"""Star Battle: multi-step, in-domain; 4 question types."""

from ...core.registry import register
from .game import StarBattle
from .tasks import TASKS

register(StarBattle(), TASKS)
