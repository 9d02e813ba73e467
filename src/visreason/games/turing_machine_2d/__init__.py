"""2D Turing machine: multi-step, in-domain; 4 question types."""

from ...core.registry import register
from .game import TuringMachine2D
from .tasks import TASKS

register(TuringMachine2D(), TASKS)
