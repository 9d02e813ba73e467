"""Every bundled game; importing this package registers them, in the order of their package names.

Each game is a subpackage whose `__init__` registers it, so adding a game needs no edit here. A
game whose package fails to import is left out with a warning naming it and the error (kept in
`IMPORT_FAILURES`; the test suite fails on any), so one broken game cannot take the others down.
"""

from __future__ import annotations

import importlib
import pkgutil
import warnings

IMPORT_FAILURES: dict[str, str] = {}


def _register_all() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not module.ispkg:
            continue
        try:
            importlib.import_module(f"{__name__}.{module.name}")
        except Exception as error:  # reported here, and failed by the test suite
            IMPORT_FAILURES[module.name] = f"{type(error).__name__}: {error}"
            warnings.warn(f"game package {module.name!r} failed to import and is left out: "
                          f"{IMPORT_FAILURES[module.name]}", RuntimeWarning, stacklevel=2)


_register_all()
