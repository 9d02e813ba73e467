"""Every bundled game; importing this package registers them, in the order of their package names.

Each game is a subpackage whose `__init__` registers it, so adding a game needs no edit here.
"""

from __future__ import annotations

import importlib
import pkgutil


def _register_all() -> None:
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.ispkg:
            importlib.import_module(f"{__name__}.{module.name}")


_register_all()
