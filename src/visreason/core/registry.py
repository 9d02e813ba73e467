"""Every game and task, looked up by name; games register themselves on import."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .errors import UnknownGameError, UnknownTaskError
from .task import Game, Task

_GAMES: dict[str, Game] = {}
_TASKS: dict[str, dict[str, Task]] = {}


def register(game: Game, tasks: Iterable[Task]) -> None:
    if game.name in _GAMES:
        raise ValueError(f"game {game.name!r} is registered twice")
    _GAMES[game.name] = game
    _TASKS[game.name] = {}
    for task in tasks:
        if task.name in _TASKS[game.name]:
            raise ValueError(f"task {game.name}/{task.name} is registered twice")
        task.game = game
        _TASKS[game.name][task.name] = task


def _ensure_loaded() -> None:
    if not _GAMES:
        from .. import games  # noqa: F401  (registers every bundled game)


def _suggest(name: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def game_names() -> list[str]:
    _ensure_loaded()
    return list(_GAMES)


def get_game(name: str) -> Game:
    _ensure_loaded()
    if name not in _GAMES:
        raise UnknownGameError(
            f"unknown game {name!r}{_suggest(name, _GAMES)}; run 'visreason list' to see all games"
        )
    return _GAMES[name]


def tasks(game: str | None = None) -> list[Task]:
    """Every registered task in registry order, or those of one game."""
    _ensure_loaded()
    if game is not None:
        get_game(game)
        return list(_TASKS[game].values())
    return [task for by_name in _TASKS.values() for task in by_name.values()]


def get_task(task_id: str) -> Task:
    _ensure_loaded()
    game, sep, name = str(task_id).partition("/")
    if not sep:
        raise UnknownTaskError(f"task id {task_id!r} must look like 'game/task', e.g. 'maze/turns'")
    get_game(game)
    if name not in _TASKS[game]:
        raise UnknownTaskError(
            f"unknown task {task_id!r}{_suggest(name, _TASKS[game])}; "
            f"{game} has: {', '.join(_TASKS[game])}"
        )
    return _TASKS[game][name]


def find_task(game: str, name: str) -> Task | None:
    _ensure_loaded()
    return _TASKS.get(game, {}).get(name)


def parse_games(spec: str | Iterable[str]) -> list[str]:
    """'all' or a comma list of game names, validated, in registry order of first mention."""
    items = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    if not items:
        raise UnknownGameError("no game given; use --games all or a comma-separated list")
    if items == ["all"]:
        return game_names()
    chosen: list[str] = []
    for item in items:
        get_game(item)
        if item not in chosen:
            chosen.append(item)
    return chosen
