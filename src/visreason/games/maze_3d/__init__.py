"""3D maze: 3D spatial, in-domain; 4 question types."""

from ...core.registry import register
from .game import Maze3D
from .tasks import TASKS

register(Maze3D(), TASKS)
