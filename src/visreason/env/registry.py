"""Environments found in the game packages: every `games/<game>/env.py` is imported once.

Discovery mirrors the games': adding an environment needs no edit here. A module contributes
every GameEnv subclass it defines; a module that fails to import is left out with a warning
and kept in IMPORT_FAILURES (the test suite fails on any), so one broken environment cannot
take the others down.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import inspect
import pkgutil
import threading
import warnings
from typing import Any

from .base import EnvError, Episode, GameEnv

IMPORT_FAILURES: dict[str, str] = {}
_ENVS: dict[str, type[GameEnv]] = {}
_LOADING = threading.Lock()
_EPISODE_OPTIONS = ("text_only", "describe", "max_steps", "invalid_penalty")


def _load() -> dict[str, type[GameEnv]]:
    if _ENVS:
        return _ENVS
    with _LOADING:  # servers look environments up from many threads at once
        if not _ENVS:
            _ENVS.update(_discover())
    return _ENVS


def _discover() -> dict[str, type[GameEnv]]:
    from .. import games

    found: dict[str, type[GameEnv]] = {}
    for module in sorted(pkgutil.iter_modules(games.__path__), key=lambda m: m.name):
        name = f"{games.__name__}.{module.name}.env"
        if not module.ispkg or module.name in games.IMPORT_FAILURES:
            continue  # a game that fails to import is reported by the game registry
        try:
            if importlib.util.find_spec(name) is None:
                continue
            loaded = importlib.import_module(name)
        except Exception as error:  # reported here, and failed by the test suite
            IMPORT_FAILURES[module.name] = f"{type(error).__name__}: {error}"
            warnings.warn(f"environment {name!r} failed to import and is left out: "
                          f"{IMPORT_FAILURES[module.name]}", RuntimeWarning, stacklevel=2)
            continue
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, GameEnv) and cls.__module__ == name and "name" in cls.__dict__:
                if cls.name in found:
                    raise EnvError(f"environment {cls.name!r} is defined twice")
                found[cls.name] = cls
    return found


def names() -> list[str]:
    """Every environment's name, sorted."""
    return sorted(_load())


def env_class(name: str) -> type[GameEnv]:
    envs = _load()
    if name not in envs:
        close = difflib.get_close_matches(str(name), list(envs), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise EnvError(f"unknown environment {name!r}{hint}; environments: {', '.join(names())}")
    return envs[name]


def make(name: str, level: str = "medium", seed: int = 0, **options: Any) -> Episode:
    """An episode of environment `name` at `level`, reset to `seed` on first use.

    Options: text_only (no picture; the state as text), describe (the state as text next to
    the picture; default True), max_steps (default: the environment's limit from the
    optimal length), invalid_penalty (reward lost per invalid action; default 0), params (a
    dict of difficulty parameters); any other keyword is a difficulty parameter of the game.
    """
    cls = env_class(name)
    params = dict(options.pop("params", None) or {})
    episode_options = {key: options.pop(key) for key in _EPISODE_OPTIONS if key in options}
    params.update(options)
    return Episode(cls(level, params), seed=int(seed), **episode_options)
