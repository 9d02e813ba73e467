"""Minecraft: 3D spatial, out-of-domain; 5 question types."""

from ...core.registry import register
from .game import Minecraft
from .tasks import TASKS

register(Minecraft(), TASKS)
