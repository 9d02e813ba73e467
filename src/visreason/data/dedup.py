"""Dropping duplicate items from a finished run (`dedup`): an item whose task, state and
question repeat an earlier item in plan order is left out of the data files, so the result is
the same for any worker count or engine.

Generation never looks at other items (item i is a pure function of its job), so duplicates
can only be found once every chunk is written; the writers then skip the listed positions
while assembling, and pictures no kept item shows are removed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .writers import state_path_of


class Duplicates:
    """Scans chunk records in plan order; remembers which positions to drop."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.positions: dict[int, set[int]] = {}  # chunk -> positions of dropped items
        self.by_group: Counter[str] = Counter()  # 'task|level|form' -> items dropped
        self._pictures: dict[int, tuple[set[str], set[str]]] = {}  # chunk -> (dropped, kept)

    @property
    def count(self) -> int:
        return sum(self.by_group.values())

    def scan(self, chunk: int, items: list[list]) -> list[list]:
        """The chunk's items that are not duplicates; the others are recorded as dropped."""
        kept, dropped_pictures, kept_pictures = [], set(), set()
        for position, item in enumerate(items):
            task_id, key = item[0], item[1]
            picture = item[4] if len(item) > 4 else None
            digest = int(key[:16], 16)  # the key hashes task, state and question
            if digest in self.seen:
                self.positions.setdefault(chunk, set()).add(position)
                if len(item) > 3:
                    self.by_group[f"{task_id}|{item[2]}|{item[3]}"] += 1
                if picture:
                    dropped_pictures.add(picture)
                continue
            self.seen.add(digest)
            kept.append(item)
            if picture:
                kept_pictures.add(picture)
        if dropped_pictures:
            self._pictures[chunk] = (dropped_pictures, kept_pictures)
        return kept

    def remove_orphans(self, out: Path) -> set[str]:
        """Delete pictures (and GameQA state files beside them) only dropped items showed (a
        shared picture another question of its state keeps stays); their relative paths."""
        removed: set[str] = set()
        for dropped, kept in self._pictures.values():
            for name in dropped - kept:
                for path in (name, state_path_of(name)):
                    if (out / path).exists():
                        (out / path).unlink()
                        removed.add(path)
        return removed
