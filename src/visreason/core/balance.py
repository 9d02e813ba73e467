"""Balanced, order-free schedules: which answer value and which option letter item i gets.

Drawing the correct letter or the answer value independently per sample balances them only
on average; over 300 samples a 4-option task then shows a favourite letter now and then.
Instead, indices are cut into blocks of k consecutive items and each block gets its own
seeded permutation of the k slots: any k consecutive items of a block cover every slot once,
so shares are exact up to one unfinished block, yet slot i is a pure function of
(key, i), whatever order or worker computes it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from .errors import Retry
from .seeds import derive_seed

if TYPE_CHECKING:
    from .task import Draw

T = TypeVar("T")


def balanced_slot(key: object, index: int, count: int) -> int:
    """Slot in [0, count) for item `index`; every block of `count` items covers all slots."""
    if count < 1:
        raise ValueError(f"a schedule needs at least one slot, got {count}")
    if count == 1:
        return 0
    block, offset = divmod(index, count)
    try:
        return _block_order(key, count, block)[offset]
    except TypeError:  # an unhashable key: nothing to cache under
        return _block_order.__wrapped__(key, count, block)[offset]


@lru_cache(maxsize=256)
def _block_order(key: object, count: int, block: int) -> tuple[int, ...]:
    """The seeded permutation of one block: the items of a block share it, so it is drawn once."""
    order = list(range(count))
    random.Random(derive_seed("balance", key, count, block)).shuffle(order)
    return tuple(order)


def balanced_pick(key: object, index: int, values: Sequence[T]) -> T:
    """`values[balanced_slot(...)]`: the value item `index` should land on."""
    return values[balanced_slot(key, index, len(values))]


def unit_fraction(*parts: object) -> float:
    """A stable number in [0, 1) from `parts`, for per-item draws such as the answer form."""
    return derive_seed("fraction", *parts) / float(1 << 63)


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
    In a split run (`draw.split`) members are drawn at random, so retries can find one of the
    split's own.
    """
    values, per_block = _schedule(tuple(sizes.items()),
                                  tuple(weights.items()) if weights else (), horizon)
    slot = draw.slot(sum(per_block), name)
    for value, share in zip(values, per_block, strict=True):
        if slot < share:
            if draw.split is not None:
                # The scheduled member may belong to another split, and it would be the same
                # on every retry: a split run draws members at random instead (claim() keeps
                # only its own).
                return value, draw.rng.randrange(sizes[value])
            rank = draw.index // sum(per_block) * share + slot
            return value, _permute(rank, sizes[value], draw.schedule_key, name, repr(value))
        slot -= share
    raise AssertionError("slot beyond the schedule")


@lru_cache(maxsize=256)
def _schedule(sizes: tuple[tuple[T, int], ...], weights: tuple[tuple[T, float], ...],
              horizon: int) -> tuple[tuple[T, ...], tuple[int, ...]]:
    """(values, items of each value per schedule block) for these pool sizes: a pure function
    of its arguments, and a run asks about the same few pool sizes over and over."""
    pools = dict(sizes)
    values = [v for v, size in sizes if size > 0]
    if not values:
        raise Retry
    counts = _fill(values, pools, dict(weights), horizon)
    values = [v for v in values if counts[v] > 0]
    unit = math.gcd(*(counts[v] for v in values))
    return tuple(values), tuple(counts[v] // unit for v in values)


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
    step, shift = _affine(size, key)
    return (step * rank + shift) % size


@lru_cache(maxsize=256)
def _affine(size: int, key: tuple[object, ...]) -> tuple[int, int]:
    seed = derive_seed("pool", size, *key)
    step = 1 + seed % size
    while math.gcd(step, size) != 1:
        step += 1
    return step, seed >> 24
