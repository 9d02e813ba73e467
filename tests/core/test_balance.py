"""Balanced schedules: exact shares per block, order-free, independent of other keys."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from visreason.core import Draw
from visreason.core.balance import balanced_pick, balanced_slot, pool_pick, unit_fraction


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 10])
def test_every_block_covers_every_slot_once(count: int) -> None:
    for block in range(20):
        slots = [balanced_slot("k", block * count + i, count) for i in range(count)]
        assert sorted(slots) == list(range(count))


def test_shares_are_exact_up_to_one_unfinished_block() -> None:
    counts = Counter(balanced_slot(("task", "easy"), i, 4) for i in range(302))
    assert set(counts) == {0, 1, 2, 3}
    assert max(counts.values()) - min(counts.values()) <= 1


def test_slot_is_a_pure_function_of_key_and_index() -> None:
    forward = [balanced_slot("x", i, 5) for i in range(50)]
    backward = [balanced_slot("x", i, 5) for i in reversed(range(50))][::-1]
    assert forward == backward


def test_blocks_are_not_all_the_same_permutation() -> None:
    perms = {tuple(balanced_slot("x", b * 4 + i, 4) for i in range(4)) for b in range(40)}
    assert len(perms) > 5  # otherwise the letter would follow the index modulo k


def test_different_keys_give_different_schedules() -> None:
    a = [balanced_slot("a", i, 6) for i in range(60)]
    b = [balanced_slot("b", i, 6) for i in range(60)]
    assert a != b


def test_pick_and_fraction() -> None:
    values = ["x", "y", "z"]
    picks = [balanced_pick("p", i, values) for i in range(30)]
    assert Counter(picks) == {"x": 10, "y": 10, "z": 10}
    fractions = [unit_fraction("f", i) for i in range(2000)]
    assert all(0.0 <= f < 1.0 for f in fractions)
    assert 0.45 < sum(f < 0.5 for f in fractions) / 2000 < 0.55
    with pytest.raises(ValueError):
        balanced_slot("k", 0, 0)


def test_pool_pick_balances_within_capacity_and_never_repeats() -> None:
    """The shared picker: capped pools used whole, the rest even, members distinct."""

    sizes = {"a": 10, "b": 500, "c": 500, "d": 45}
    picks = [pool_pick(Draw(random.Random(i), "easy", {}, i, "k"), sizes) for i in range(300)]
    counts = Counter(value for value, _ in picks)
    assert counts == {"a": 10, "d": 45, "b": 122, "c": 123} or \
        counts == {"a": 10, "d": 45, "b": 123, "c": 122}
    assert len(set(picks)) == 300 and all(0 <= m < sizes[v] for v, m in picks)
    even = Counter(pool_pick(Draw(random.Random(i), "easy", {}, i, "k"), {1: 99, 2: 99, 3: 99})[0]
                   for i in range(99))
    assert even == {1: 33, 2: 33, 3: 33}
