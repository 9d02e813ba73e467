"""Space Invaders: strategic, in-domain; 9 question types."""

from ...core.registry import register
from .game import SpaceInvaders
from .tasks import TASKS

register(SpaceInvaders(), TASKS)
