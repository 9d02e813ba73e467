"""Building choice options: distinctness and distractors that do not point at the answer."""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Sequence
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from . import rng as draws
from .answers import letter, normalise_text
from .errors import Retry

if TYPE_CHECKING:
    from .task import Draw

T = TypeVar("T", bound=Hashable)
Cell = tuple[int, int]


_LABELS = tuple(f"{letter(i)}. " for i in range(26))


def format_options(options: Sequence[str]) -> str:
    if len(options) > len(_LABELS):
        raise ValueError(f"{len(options)} options: more than there are letters")
    return "\n".join([f"{label}{text}" for label, text in zip(_LABELS, options, strict=False)])


def check_distinct(options: Sequence[str]) -> None:
    keys = [normalise_text(text) for text in options]
    if len(set(keys)) == len(keys):
        return
    seen: dict[str, int] = {}
    for i, text in enumerate(options):
        key = normalise_text(text)
        if key in seen:
            raise ValueError(f"options {letter(seen[key])} and {letter(i)} are the same: {text!r}")
        seen[key] = i


def sample_distinct(
    rng: random.Random, pool: Sequence[T], count: int, exclude: Sequence[T] = ()
) -> list[T]:
    """`count` distinct items of `pool` not in `exclude`, in a random order (fewer if short)."""
    banned = set(exclude)
    candidates = list(dict.fromkeys(item for item in pool if item not in banned))
    return draws.sample(rng, candidates, min(count, len(candidates)))


def integer_run_options(
    draw: Draw, value: int, low: int, high: int, count: int = 8
) -> tuple[list[str], int]:
    """`count` consecutive integers in [low, high] containing `value`, the answer's letter balanced.

    The run's start is drawn uniformly among the runs that contain `value`, so "pick the middle
    value" (or the smallest, or the largest) gains nothing beyond chance. Returns (options,
    index of `value`).
    """
    if high - low + 1 < count:
        raise ValueError(f"[{low}, {high}] holds fewer than {count} integers")
    start = draws.randint(draw.rng, max(low, value - count + 1), min(value, high - count + 1))
    others = [str(v) for v in range(start, start + count) if v != value]
    return draw.place(str(value), others)


def cluster_cells(
    rng: random.Random,
    answer: Cell,
    count: int,
    allowed: Callable[[Cell], bool],
    radius: int = 1,
) -> list[Cell]:
    """`count - 1` wrong cells around a hidden centre, so no option sits in the middle.

    Options made of the answer and its neighbours give the answer away: it is the one nearest
    all others. Here a centre is drawn among the cells within `radius` of the answer, and the
    wrong cells are drawn near that centre instead, so the answer is an ordinary member of the
    cluster. Raises Retry when too few allowed cells lie near the centre.
    """
    def near(cell: Cell, r: int) -> list[Cell]:
        row, col = cell
        return [(row + dr, col + dc) for dr, dc in _diamond(r)]

    centre = draws.choice(rng, near(answer, radius))
    pool = [c for c in near(centre, radius) if c != answer and allowed(c)]
    if len(pool) < count - 1:
        taken = set(pool)
        pool += [c for c in near(centre, radius + 1) if c not in taken and c != answer
                 and allowed(c)]
    if len(pool) < count - 1:
        raise Retry
    ring = [c for c in pool if abs(c[0] - centre[0]) + abs(c[1] - centre[1]) <= radius]
    rest = pool[len(ring):] if pool[:len(ring)] == ring else [c for c in pool if c not in ring]
    draws.shuffle(rng, ring)
    draws.shuffle(rng, rest)
    return (ring + rest)[: count - 1]


@cache
def _diamond(r: int) -> tuple[Cell, ...]:
    """The offsets within Manhattan distance r, row by row."""
    return tuple((dr, dc) for dr in range(-r, r + 1) for dc in range(-r, r + 1)
                 if abs(dr) + abs(dc) <= r)


def sibling_sequences(
    rng: random.Random,
    answer: Sequence[T],
    count: int,
    mutate: Callable[[random.Random, list[T]], list[T]],
    is_wrong: Callable[[list[T]], bool],
    tries: int = 60,
) -> list[list[T]]:
    """`count` wrong sequences that are siblings of the answer, not mutations of it.

    Distractors made by mutating the answer leave it at the centre of the option list (each
    distractor is one edit from it and two from each other). Here a hidden parent is one
    mutation of the answer and every distractor is one mutation of the parent, so the answer
    is just one more child. Each distractor is checked by `is_wrong` (e.g. by simulation).
    Raises Retry when the tries run out.
    """
    answer = list(answer)
    for _ in range(4):
        parent = mutate(rng, answer)
        if parent == answer:
            continue
        found: list[list[T]] = []
        for _ in range(tries):
            child = mutate(rng, parent)
            if child != answer and child not in found and is_wrong(child):
                found.append(child)
                if len(found) == count:
                    return found
    raise Retry
