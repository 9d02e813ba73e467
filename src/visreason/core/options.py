"""Building choice options: distinctness and distractors that do not point at the answer."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from .answers import letter, normalise_text
from .errors import Retry
from .seeds import derive_seed

if TYPE_CHECKING:
    from .task import Draw

T = TypeVar("T", bound=Hashable)
Cell = tuple[int, int]


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
    """Options with the correct one at a random place; returns (options, index of correct).

    Unbalanced over a dataset: tasks use `Draw.place`. Kept until every game has moved over.
    """
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
    start = draw.rng.randint(max(low, value - count + 1), min(value, high - count + 1))
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
        return [(cell[0] + dr, cell[1] + dc) for dr in range(-r, r + 1) for dc in range(-r, r + 1)
                if abs(dr) + abs(dc) <= r]

    centre = rng.choice(near(answer, radius))
    pool = [c for c in near(centre, radius) if c != answer and allowed(c)]
    if len(pool) < count - 1:
        pool += [c for c in near(centre, radius + 1) if c not in pool and c != answer
                 and allowed(c)]
    if len(pool) < count - 1:
        raise Retry
    ring = [c for c in pool if abs(c[0] - centre[0]) + abs(c[1] - centre[1]) <= radius]
    rest = [c for c in pool if c not in ring]
    rng.shuffle(ring)
    rng.shuffle(rest)
    return (ring + rest)[: count - 1]


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


POOL_HORIZON = 300


def pool_pick(
    draw: Draw,
    sizes: Mapping[T, int],
    name: str = "answer",
    weights: Mapping[T, float] | None = None,
    horizon: int = POOL_HORIZON,
) -> tuple[T, int]:
    """(answer value, member number in [0, sizes[value])) for this item: balanced, no repeats.

    For small state spaces (a 3x3 board) drawing states at random repeats them, and an even
    answer split can ask more of a value than its pool holds. Here `sizes` gives, per answer
    value, how many distinct items land on it. Over `horizon` consecutive items the values get
    even shares (or shares in proportion to `weights`), except that a value whose pool is
    smaller than its share gets its whole pool and the others split the rest. The member is
    the item's rank among the items of its value, passed through a seeded permutation of the
    pool, so no member recurs before the pool is used up. Callers keep each pool in a fixed
    shuffled order (neighbouring members unrelated). Raises Retry when every pool is empty.
    """
    values = [v for v, size in sizes.items() if size > 0]
    if not values:
        raise Retry
    counts = _fill(values, sizes, weights or {}, horizon)
    values = [v for v in values if counts[v] > 0]
    unit = math.gcd(*(counts[v] for v in values))
    per_block = [counts[v] // unit for v in values]
    slot = draw.slot(sum(per_block), name)
    for value, share in zip(values, per_block, strict=True):
        if slot < share:
            rank = draw.index // sum(per_block) * share + slot
            return value, _permute(rank, sizes[value], draw.schedule_key, name, repr(value))
        slot -= share
    raise AssertionError("slot beyond the schedule")


def _fill(values: list[T], sizes: Mapping[T, int], weights: Mapping[T, float],
          horizon: int) -> dict[T, int]:
    """Whole items per value over `horizon` items: weighted shares, capped by pool size."""
    want = {v: float(weights.get(v, 1.0)) for v in values}
    counts: dict[T, float] = {}
    left, open_values = float(horizon), list(values)
    while open_values:
        total = sum(want[v] for v in open_values)
        capped = [v for v in open_values if sizes[v] <= left * want[v] / total]
        if not capped:
            for v in open_values:
                counts[v] = left * want[v] / total
            break
        for v in capped:
            counts[v] = sizes[v]
            left -= sizes[v]
        open_values = [v for v in open_values if v not in capped]
    whole = {v: max(int(counts[v]), 1) for v in values}
    if len(open_values) < len(values):
        # A pool is used up within the horizon: the counts must add up to the horizon exactly
        # (one schedule block), or the next block would reach past that pool's end.
        spare = sorted(open_values, key=lambda v: whole[v] - counts[v])
        for v in spare[:max(0, min(horizon, sum(sizes.values())) - sum(whole.values()))]:
            whole[v] += 1
    return whole


def _permute(rank: int, size: int, *key: object) -> int:
    """A seeded affine permutation of [0, size): distinct ranks below `size` never collide."""
    seed = derive_seed("pool", size, *key)
    step = 1 + seed % size
    while math.gcd(step, size) != 1:
        step += 1
    return (step * rank + (seed >> 24)) % size
