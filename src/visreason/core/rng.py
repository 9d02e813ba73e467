"""`random.Random` draws made without its per-call overhead, number for number the same.

Games draw thousands of small shuffles, choices and samples per second, and the generic
methods spend more time in their Python frames than in the generator.

`shuffle`, `sample`, `choice` and `randint` of a plain `random.Random` spend most of their time
in Python frames around `getrandbits` (`_randbelow`, argument checks). These helpers make the
same `getrandbits` calls in the same order and return the same results, so a puzzle drawn from
a seed is unchanged; any other generator (a subclass, a mock) gets its own methods.
Tests check them against `random.Random` on many seeds.
"""

from __future__ import annotations

import random
from collections.abc import Callable, MutableSequence, Sequence
from functools import cache
from math import ceil, log
from typing import TypeVar

T = TypeVar("T")


def _plain(rng: random.Random) -> bool:
    return type(rng) is random.Random


def randbelow(rng: random.Random, n: int) -> int:
    """`rng._randbelow(n)` for n > 0: getrandbits(k) until below n, k = n.bit_length()."""
    getrandbits = rng.getrandbits
    k = n.bit_length()
    r = getrandbits(k)
    while r >= n:
        r = getrandbits(k)
    return r


def shuffle(rng: random.Random, items: MutableSequence[T]) -> None:
    """`rng.shuffle(items)`."""
    if not _plain(rng):
        rng.shuffle(items)
        return
    getrandbits = rng.getrandbits
    for i, n, k in _shuffle_steps(len(items)):
        j = getrandbits(k)
        while j >= n:
            j = getrandbits(k)
        items[i], items[j] = items[j], items[i]


@cache
def _shuffle_steps(length: int) -> tuple[tuple[int, int, int], ...]:
    """Per step of shuffling `length` items: the place i filled, the bound n = i + 1 of the
    draw and its bit length."""
    return tuple((i, i + 1, (i + 1).bit_length()) for i in range(length - 1, 0, -1))


def sample(rng: random.Random, population: Sequence[T], k: int) -> list[T]:
    """`rng.sample(population, k)`: the pool method for small populations, the set method
    (redraw an index already taken) for large ones, as `random.Random.sample` chooses."""
    n = len(population)
    if not _plain(rng) or not 0 <= k <= n or isinstance(population, (set, frozenset)):
        return rng.sample(population, k)
    setsize = 21 + (4 ** ceil(log(k * 3, 4)) if k > 5 else 0)
    getrandbits = rng.getrandbits
    if n > setsize:
        bits = n.bit_length()
        taken: set[int] = set()
        picked = []
        for _ in range(k):
            j = getrandbits(bits)
            while j >= n or j in taken:
                j = getrandbits(bits)
            taken.add(j)
            picked.append(population[j])
        return picked
    return _pool_draws(getrandbits, list(population), _pool_steps(n)[:k])


def permutation(rng: random.Random, n: int, start: int = 0) -> list[int]:
    """`rng.sample(range(start, start + n), n)` for n <= 21 (the pool method)."""
    if not _plain(rng) or n > 21:
        return rng.sample(range(start, start + n), n)
    return _pool_draws(rng.getrandbits, list(range(start, start + n)), _pool_steps(n))


def permutations(rng: random.Random, n: int, count: int) -> list[list[int]]:
    """`[rng.sample(range(n), n) for _ in range(count)]` for n <= 21, in one call."""
    if not _plain(rng) or n > 21:
        return [rng.sample(range(n), n) for _ in range(count)]
    getrandbits, steps = rng.getrandbits, _pool_steps(n)
    return [_pool_draws(getrandbits, list(range(n)), steps) for _ in range(count)]


def _pool_draws(getrandbits: Callable[[int], int], pool: list[T],
                steps: tuple[tuple[int, int], ...]) -> list[T]:
    """The pool method of `random.Random.sample`: each step draws below its bound m and moves
    the last unpicked item into the picked one's place (`pool` is used up)."""
    picked = []
    for m, bits in steps:
        j = getrandbits(bits)
        while j >= m:
            j = getrandbits(bits)
        picked.append(pool[j])
        pool[j] = pool[m - 1]
    return picked


@cache
def _pool_steps(n: int) -> tuple[tuple[int, int], ...]:
    """Per draw of a full sample of n items: the bound m of the draw and its bit length."""
    return tuple((m, m.bit_length()) for m in range(n, 0, -1))


def choice(rng: random.Random, seq: Sequence[T]) -> T:
    """`rng.choice(seq)`."""
    if not _plain(rng) or not seq:
        return rng.choice(seq)
    return seq[randbelow(rng, len(seq))]


def randint(rng: random.Random, low: int, high: int) -> int:
    """`rng.randint(low, high)`."""
    if not _plain(rng) or high < low:
        return rng.randint(low, high)
    return low + randbelow(rng, high - low + 1)
