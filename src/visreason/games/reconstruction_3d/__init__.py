"""3D reconstruction: 3D spatial, in-domain; 6 question types."""

from ...core.registry import register
from .game import Reconstruction3D
from .tasks import TASKS

register(Reconstruction3D(), TASKS)
