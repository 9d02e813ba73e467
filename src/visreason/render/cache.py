"""Bounded least-recently-used caches for things drawn once and reused by every picture.

Each cache is named and registered, so a profile can show what it holds (`cache_stats`) and a
test can start cold (`clear_caches`). Values are shared: callers paste from them or copy them,
never draw on them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

V = TypeVar("V")

_REGISTRY: dict[str, BoundedCache] = {}


@dataclass(frozen=True)
class CacheStats:
    hits: int
    misses: int
    size: int
    maxsize: int


class BoundedCache(Generic[V]):
    """A map from a key (everything the value depends on) to a value made on first use.

    Holds at most `maxsize` values and evicts the least recently used one beyond that, so a
    long run over many board sizes, fonts or labels keeps a flat memory footprint.
    """

    def __init__(self, name: str, maxsize: int) -> None:
        if maxsize < 1:
            raise ValueError(f"cache {name!r} needs maxsize >= 1, got {maxsize}")
        if name in _REGISTRY:
            raise ValueError(f"a render cache named {name!r} already exists")
        self.name, self.maxsize = name, maxsize
        self.hits = self.misses = 0
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        _REGISTRY[name] = self

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for `key`, calling `make()` only when it is not held.

        Safe to share between threads without a lock: each dictionary step is atomic, and a
        key evicted by another thread in between is simply made again.
        """
        items = self._items
        try:
            value = items[key]
        except KeyError:
            self.misses += 1
            value = items[key] = make()
            while len(items) > self.maxsize:
                try:
                    items.popitem(last=False)
                except KeyError:  # emptied by another thread meanwhile
                    break
            return value
        self.hits += 1
        try:  # noqa: SIM105  (contextlib.suppress costs more than the lookup, on a hot path)
            items.move_to_end(key)
        except KeyError:  # evicted by another thread meanwhile
            pass
        return value

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()
        self.hits = self.misses = 0

    def stats(self) -> CacheStats:
        return CacheStats(self.hits, self.misses, len(self._items), self.maxsize)


def cache_stats() -> dict[str, CacheStats]:
    """Hits, misses and size of every render cache, by name."""
    return {name: cache.stats() for name, cache in _REGISTRY.items()}


def clear_caches() -> None:
    """Empty every render cache (the next pictures are drawn cold; their pixels are the same)."""
    for cache in _REGISTRY.values():
        cache.clear()
