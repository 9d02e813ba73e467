"""The three difficulty levels shared by plot (image/state) and question difficulty."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import LevelError

LEVELS: tuple[str, ...] = ("easy", "medium", "hard")


def check_level(level: str) -> str:
    name = str(level).strip().lower()
    if name not in LEVELS:
        raise LevelError(f"unknown level {level!r}; choose from {', '.join(LEVELS)}")
    return name


def parse_levels(spec: str | Iterable[str] | None) -> tuple[str, ...]:
    """Parse 'easy,hard' (or a list) into levels in canonical order, rejecting unknown names."""
    if spec is None:
        return LEVELS
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    chosen = {check_level(item) for item in items if str(item).strip()}
    if not chosen:
        raise LevelError("no level given; choose from " + ", ".join(LEVELS))
    return tuple(level for level in LEVELS if level in chosen)
