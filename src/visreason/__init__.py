"""visreason: verifiable multimodal reasoning data for vision-language models."""

from .core import (
    LEVELS,
    Sample,
    VisreasonError,
    extract_answer,
    game_names,
    generate,
    get_game,
    get_task,
    tasks,
    verify,
)
from .data.dataset import Dataset

__version__ = "0.1.0"

__all__ = [
    "LEVELS", "Dataset", "Sample", "VisreasonError", "__version__", "extract_answer", "game_names",
    "generate", "get_game", "get_task", "tasks", "verify",
]
