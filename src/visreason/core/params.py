"""Difficulty parameters: what a game lets a user turn, with ranges, presets and grades.

A game declares its parameters (board size, boxes, mines, steps ...) once. The three plot
levels are presets of them; a user overrides single values (`--param sokoban.boxes=3`, or a
dict in Python), and the curriculum walks finer grades between the easy and hard presets.
Every value is validated against its declared range, so a bad one fails with a line that
names the range instead of a deep error inside a solver.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import VisreasonError
from .levels import LEVELS


class ParamError(VisreasonError, ValueError):
    """An unknown difficulty parameter or a value outside its range."""


@dataclass(frozen=True)
class Param:
    """One difficulty knob: an integer in [low, high], or one of `choices`."""

    name: str
    description: str
    low: int | None = None
    high: int | None = None
    choices: tuple[Any, ...] | None = None

    def check(self, game: str, value: Any) -> Any:
        where = f"{game}.{self.name}"
        if self.choices is not None:
            by_text = {str(choice): choice for choice in self.choices}
            value = by_text.get(str(value).strip(), value) if value not in self.choices else value
            if value not in self.choices:
                raise ParamError(f"{where} must be one of {', '.join(map(str, self.choices))}, "
                                 f"got {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except ValueError:
                raise ParamError(f"{where} must be an integer in [{self.low}, {self.high}], "
                                 f"got {value!r}") from None
        if (self.low is not None and value < self.low) or \
                (self.high is not None and value > self.high):
            raise ParamError(f"{where} must be in [{self.low}, {self.high}], got {value}")
        return value

    @property
    def range_text(self) -> str:
        if self.choices is not None:
            return "|".join(map(str, self.choices))
        return f"{self.low}..{self.high}"


def resolve(
    game: str,
    declared: Iterable[Param],
    presets: Mapping[str, Mapping[str, Any]],
    level: str,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The parameter values for `level` with `overrides` applied, every value validated."""
    by_name = {p.name: p for p in declared}
    values = dict(presets[level])
    for name, value in (overrides or {}).items():
        if name not in by_name:
            known = ", ".join(by_name) or "none"
            raise ParamError(f"{game} has no difficulty parameter {name!r}; it has: {known}")
        values[name] = value
    return {name: by_name[name].check(game, value) for name, value in values.items()}


def parse_overrides(items: Iterable[str]) -> dict[str, dict[str, str]]:
    """'sokoban.boxes=3' strings into {game: {param: value}}; values are checked later."""
    parsed: dict[str, dict[str, str]] = {}
    for item in items:
        key, sep, value = str(item).partition("=")
        game, dot, name = key.strip().partition(".")
        if not sep or not dot or not game or not name or not value.strip():
            raise ParamError(f"--param {item!r} must look like game.name=value, "
                             "e.g. sokoban.boxes=3")
        parsed.setdefault(game, {})[name.strip()] = value.strip()
    return parsed


def grades(
    declared: Iterable[Param], presets: Mapping[str, Mapping[str, Any]], count: int
) -> list[dict[str, Any]]:
    """`count` parameter sets from the easy preset to the hard one, in order.

    Integer parameters are interpolated (and rounded) through the medium preset, so the
    three presets are grades 0, (count-1)/2 and count-1 when count is odd; choice parameters
    switch at the same points as the presets do.
    """
    if count < 2:
        raise ParamError(f"a grade ladder needs at least 2 grades, got {count}")
    anchors = [presets[level] for level in LEVELS]
    ladder = []
    for g in range(count):
        position = 2 * g / (count - 1)  # 0 = easy, 1 = medium, 2 = hard
        low = min(int(position), 1)
        frac = position - low
        values = {}
        for param in declared:
            a, b = anchors[low][param.name], anchors[low + 1][param.name]
            if param.choices is not None or not isinstance(a, int):
                values[param.name] = a if frac < 0.5 else b
            else:
                values[param.name] = round(a + (b - a) * frac)
        ladder.append(values)
    return ladder


def check_overrides(
    overrides: Mapping[str, Mapping[str, Any]], games: Iterable[str], levels: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """Validate {game: {param: value}} for the games and levels of a run; values typed."""
    from .registry import get_game

    chosen = list(games)
    typed: dict[str, dict[str, Any]] = {}
    for name, values in overrides.items():
        game = get_game(name)
        if name not in chosen:
            raise ParamError(f"--param names {name}, which this run does not generate")
        for level in levels:
            resolved = resolve(name, game.params, game.presets, level, values)
        typed[name] = {key: resolved[key] for key in values}
    return typed
