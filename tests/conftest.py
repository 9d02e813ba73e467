"""Heavy optional dependencies: their tests skip locally when absent, but never in CI."""

from __future__ import annotations

import importlib.util
import os

import pytest

NEEDS = {"torch": ("torch", "transformers"), "trl": ("torch", "transformers", "trl")}


def _missing(modules: tuple[str, ...]) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    for item in items:
        for marker, modules in NEEDS.items():
            if marker not in item.keywords:
                continue
            missing = _missing(modules)
            if not missing:
                continue
            reason = f"needs {', '.join(missing)} (pip install 'visreason[train]')"
            if in_ci:
                item.add_marker(pytest.mark.usefixtures("_fail_missing_in_ci"))
                item.user_properties.append(("missing", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def _fail_missing_in_ci(request: pytest.FixtureRequest) -> None:
    reason = dict(request.node.user_properties).get("missing", "a heavy dependency")
    pytest.fail(f"CI must install what this test {reason}")
