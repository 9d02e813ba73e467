"""The guard for marked tests: skip locally when a dependency is missing, fail under CI=true.

It used to add a fixture after collection, which pytest never ran, so marked tests skipped
silently in CI too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("ci", "code", "needle"), [("true", 1, "CI must provide"),
                                                    ("", 0, "1 skipped")])
def test_a_marked_test_without_its_trainer(tmp_path, ci, code, needle) -> None:
    (tmp_path / "test_marked.py").write_text(
        "import pytest\n\n\n@pytest.mark.verl\ndef test_needs_verl():\n    pass\n")
    env = {**os.environ, "CI": ci, "VISREASON_VERL_PYTHON": str(tmp_path / "no-python")}
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.conftest", "-q",
                           "-p", "no:cacheprovider", "-rs", str(tmp_path / "test_marked.py")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == code, done.stdout + done.stderr
    assert needle in done.stdout
