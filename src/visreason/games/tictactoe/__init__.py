"""Tic-Tac-Toe: strategic, in-domain; 3 question types."""

from ...core.registry import register
from .game import TicTacToe
from .tasks import TASKS

register(TicTacToe(), TASKS)
