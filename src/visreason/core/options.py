"""Building choice options: shuffling, distinctness and nearby numeric distractors."""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from typing import TypeVar

from .answers import letter, normalise_text

T = TypeVar("T", bound=Hashable)


def format_options(options: Sequence[str]) -> str:
    return "\n".join(f"{letter(i)}. {text}" for i, text in enumerate(options))


def check_distinct(options: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    for i, text in enumerate(options):
        key = normalise_text(text)
        if key in seen:
            raise ValueError(f"options {letter(seen[key])} and {letter(i)} are the same: {text!r}")
        seen[key] = i


def shuffled_choice(
    rng: random.Random, correct: str, distractors: Sequence[str]
) -> tuple[list[str], int]:
    """Options with the correct one at a random place; returns (options, index of correct)."""
    options = [correct, *distractors]
    check_distinct(options)
    rng.shuffle(options)
    return options, options.index(correct)


def sample_distinct(
    rng: random.Random, pool: Sequence[T], count: int, exclude: Sequence[T] = ()
) -> list[T]:
    """`count` distinct items of `pool` not in `exclude`, in a random order (fewer if short)."""
    banned = set(exclude)
    candidates = list(dict.fromkeys(item for item in pool if item not in banned))
    return rng.sample(candidates, min(count, len(candidates)))


def nearby_integers(
    rng: random.Random, value: int, count: int, low: int | None = None, high: int | None = None
) -> list[int]:
    """`count` distinct integers != value, drawn from the closest ones inside [low, high]."""
    low = value - 10 * (count + 1) if low is None else low
    high = value + 10 * (count + 1) if high is None else high
    pool = [v for v in range(low, high + 1) if v != value]
    if len(pool) < count:
        raise ValueError(f"only {len(pool)} integers in [{low}, {high}] besides {value}")
    pool.sort(key=lambda v: (abs(v - value), v))
    window = pool[: max(count, min(len(pool), 2 * count))]
    return rng.sample(window, count)


def integer_run_options(
    rng: random.Random, value: int, low: int, high: int, count: int = 8
) -> tuple[list[str], int]:
    """`count` consecutive integers in [low, high] containing `value`, shuffled.

    The run's start is drawn uniformly among the runs that contain `value`, so "pick the middle
    value" gains nothing, and the shuffle keeps the answer letter uniform even when `value` sits
    at the edge of the range. Returns (options, index of `value`).
    """
    if high - low + 1 < count:
        raise ValueError(f"[{low}, {high}] holds fewer than {count} integers")
    start = rng.randint(max(low, value - count + 1), min(value, high - count + 1))
    others = [str(v) for v in range(start, start + count) if v != value]
    return shuffled_choice(rng, str(value), others)
