"""BoundedCache: made once per key, bounded, least recently used out first, registered."""

from __future__ import annotations

import pytest

from visreason.render.cache import BoundedCache, cache_stats, clear_caches


def test_value_is_made_once_per_key_and_counted() -> None:
    cache: BoundedCache[int] = BoundedCache("test counting", maxsize=4)
    made: list[str] = []

    def make(key: str) -> int:
        made.append(key)
        return len(key)

    assert [cache.get(k, lambda k=k: make(k)) for k in ("a", "bb", "a", "a")] == [1, 2, 1, 1]
    assert made == ["a", "bb"]
    stats = cache_stats()["test counting"]
    assert (stats.hits, stats.misses, stats.size, stats.maxsize) == (2, 2, 2, 4)


def test_least_recently_used_is_evicted_beyond_maxsize() -> None:
    cache: BoundedCache[str] = BoundedCache("test eviction", maxsize=2)
    cache.get("a", lambda: "A")
    cache.get("b", lambda: "B")
    cache.get("a", lambda: "A")  # a is now the most recent
    cache.get("c", lambda: "C")  # evicts b
    assert len(cache) == 2
    assert cache.get("a", lambda: "new") == "A"
    assert cache.get("b", lambda: "new") == "new"


def test_clear_caches_empties_every_cache() -> None:
    cache: BoundedCache[int] = BoundedCache("test clearing", maxsize=3)
    cache.get(1, lambda: 1)
    clear_caches()
    assert len(cache) == 0 and cache.stats().misses == 0


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="maxsize"):
        BoundedCache("test zero", maxsize=0)
    BoundedCache("test twice", maxsize=1)
    with pytest.raises(ValueError, match="already exists"):
        BoundedCache("test twice", maxsize=1)


def test_threads_share_a_cache_without_errors() -> None:
    from concurrent.futures import ThreadPoolExecutor

    cache: BoundedCache[int] = BoundedCache("test threads", maxsize=8)

    def work(seed: int) -> bool:
        return all(cache.get(k % 13, lambda k=k: k % 13) == k % 13
                   for k in range(seed, seed + 20_000))

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(work, range(4)))
    assert len(cache) <= 8
