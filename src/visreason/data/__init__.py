"""Writing, reading and planning datasets."""

from .read import read_dataset
from .run import RunConfig, RunSummary, run_dataset
from .stream import stream

__all__ = ["RunConfig", "RunSummary", "read_dataset", "run_dataset", "stream"]
