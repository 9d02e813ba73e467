"""Reward files that trainers load by path, one per trainer.

verl, ms-swift and OpenRLHF import a reward file with `importlib.util.spec_from_file_location`
rather than as part of a package, so these files use absolute imports only. They sit in a
folder of their own because ms-swift also puts the file's folder first on `sys.path`: a
sibling named like a package (`trl.py`, `verl.py`) would then shadow the real one.
`visreason reward-file TRAINER` prints the path to pass.
"""

from __future__ import annotations

from pathlib import Path

from ...core.errors import VisreasonError

FILES = {"verl": "verl_reward.py", "swift": "swift_reward.py", "openrlhf": "openrlhf_reward.py"}


def plugin_file(trainer: str) -> Path:
    """The reward file to give `trainer` (verl, swift or openrlhf)."""
    if trainer not in FILES:
        raise VisreasonError(f"no reward file for {trainer!r}; choose from {', '.join(FILES)}")
    return Path(__file__).with_name(FILES[trainer])
