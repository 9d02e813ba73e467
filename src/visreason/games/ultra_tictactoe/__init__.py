"""Ultimate tic-tac-toe: strategic, in-domain; 7 question types."""

from ...core.registry import register
from .game import UltraTicTacToe
from .tasks import TASKS

register(UltraTicTacToe(), TASKS)
