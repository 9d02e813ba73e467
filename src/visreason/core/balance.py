"""Balanced, order-free schedules: which answer value and which option letter item i gets.

Drawing the correct letter or the answer value independently per sample balances them only
on average; over 300 samples a 4-option task then shows a favourite letter now and then.
Instead, indices are cut into blocks of k consecutive items and each block gets its own
seeded permutation of the k slots: any k consecutive items of a block cover every slot once,
so shares are exact up to one unfinished block, yet slot i is a pure function of
(key, i), whatever order or worker computes it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

from .seeds import derive_seed

T = TypeVar("T")


def balanced_slot(key: object, index: int, count: int) -> int:
    """Slot in [0, count) for item `index`; every block of `count` items covers all slots."""
    if count < 1:
        raise ValueError(f"a schedule needs at least one slot, got {count}")
    if count == 1:
        return 0
    block, offset = divmod(index, count)
    order = list(range(count))
    random.Random(derive_seed("balance", key, count, block)).shuffle(order)
    return order[offset]


def balanced_pick(key: object, index: int, values: Sequence[T]) -> T:
    """`values[balanced_slot(...)]`: the value item `index` should land on."""
    return values[balanced_slot(key, index, len(values))]


def unit_fraction(*parts: object) -> float:
    """A stable number in [0, 1) from `parts`, for per-item draws such as the answer form."""
    return derive_seed("fraction", *parts) / float(1 << 63)
