"""Optional dependencies: their tests skip locally when absent, and fail in CI (CI=true).

A marker names what a test needs. Library markers need modules in this interpreter; trainer
markers (verl, swift, openrlhf) need an interpreter where that trainer is installed:
`VISREASON_<TRAINER>_PYTHON`, else this one if it has the trainer (`.ci/run` builds one
environment per trainer, since their pinned dependencies conflict).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable

import pytest

NEEDS = {
    "torch": ("torch", "transformers"),
    "trl": ("torch", "transformers", "trl"),
    "hf": ("datasets", "pyarrow"),
    "serve": ("fastapi", "uvicorn", "httpx"),
    "synth": ("sklearn", "datasketch"),
}
TRAINERS = {"verl": "verl.trainer", "swift": "swift.rlhf_trainers",
            "openrlhf": "openrlhf.utils"}
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _missing(modules: tuple[str, ...]) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


@functools.cache
def trainer_interpreter(trainer: str) -> str | None:
    """An interpreter that can import `trainer`, or None."""
    module = TRAINERS[trainer]
    python = os.environ.get(f"VISREASON_{trainer.upper()}_PYTHON") or sys.executable
    probe = f"import importlib.util as u, sys; sys.exit(u.find_spec({module!r}) is None)"
    try:
        found = subprocess.run([python, "-c", probe], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return python if found.returncode == 0 else None


def _unmet(item: pytest.Item) -> str | None:
    for marker in item.iter_markers():
        if marker.name in NEEDS and (missing := _missing(NEEDS[marker.name])):
            return f"needs {', '.join(missing)} (pip install -e '.[test,hf,serve,eval,train]')"
        if marker.name in TRAINERS and trainer_interpreter(marker.name) is None:
            return (f"needs {marker.name} installed here or in VISREASON_"
                    f"{marker.name.upper()}_PYTHON (.ci/run sets this up)")
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = _unmet(item)
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI must provide what this test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def trainer_python() -> Callable[[str], str]:
    """The interpreter to run a trainer's own code in (the marker has checked it exists)."""
    def find(trainer: str) -> str:
        python = trainer_interpreter(trainer)
        assert python is not None, f"no interpreter with {trainer}"
        return python

    return find
