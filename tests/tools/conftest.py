"""The `sandbox` marker: tests that need every isolation layer the project installs.

bubblewrap (a Debian package) and pyseccomp (the `sandbox` extra) are what `.ci/run`
installs; a marked test skips locally without them and fails under CI=true, like the other
optional dependencies (see tests/conftest.py).
"""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def sandbox_missing() -> str | None:
    from visreason.tools.sandbox import launch
    from visreason.tools.sandbox.confine import seccomp_available

    missing = []
    if not launch.bwrap_works():
        missing.append("a working bubblewrap (apt-get install bubblewrap)")
    if not seccomp_available():
        missing.append("pyseccomp with libseccomp (pip install -e '.[sandbox]')")
    return ", ".join(missing) or None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("sandbox") is None:
        return
    missing = sandbox_missing()
    if missing is None:
        return
    if IN_CI:
        pytest.fail(f"CI must provide what this test needs: {missing}", pytrace=False)
    pytest.skip(f"needs {missing}")
