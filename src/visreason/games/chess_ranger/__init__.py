"""Chess Ranger (solo chess): strategic, out-of-domain; 5 question types."""

from ...core.registry import register
from .game import ChessRanger
from .tasks import TASKS

register(ChessRanger(), TASKS)
