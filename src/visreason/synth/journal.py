"""A run's model replies in one append-only file: the response cache a synthesis run resumes
from.

The shared ResponseCache writes one file per request, which suits many processes sharing a
cache but costs several file-system calls per reply; a synthesis run has one writer and
makes thousands of small calls, so its replies go to RUN/cache.jsonl instead, one flushed
line each, and are read back into memory when the run resumes. A torn last line (a run killed
mid-write) is dropped and cut off; a reply is only ever lost if the machine itself stops.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..llm.cache import ResponseCache

JOURNAL = "cache.jsonl"


class JournalCache(ResponseCache):
    """ResponseCache's get/put over one append-only JSONL journal."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        super().__init__(self.path.parent)
        self._entries: dict[str, dict[str, Any]] = {}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        good = 0
        if self.path.exists():
            data = self.path.read_bytes()
            lines = data.split(b"\n")
            for number, line in enumerate(lines, 1):
                if line.strip():
                    try:
                        entry = json.loads(line)
                        key = entry.pop("key")
                    except (ValueError, KeyError, TypeError, AttributeError) as exc:
                        if number >= len(lines) - 1:  # the last line, torn by a kill
                            break
                        raise VisreasonError(f"{self.path}:{number}: broken cache entry "
                                             f"({exc})") from exc
                    self._entries[key] = entry
                good += len(line) + 1
            if good < len(data):
                with open(self.path, "r+b") as handle:
                    handle.truncate(good)
            elif data and not data.endswith(b"\n"):  # whole, but unterminated
                with open(self.path, "ab") as handle:
                    handle.write(b"\n")
        # Open for the cache's lifetime: close() ends it.
        self._handle = open(self.path, "a", encoding="utf-8",  # noqa: SIM115
                            errors="backslashreplace")

    def get(self, key: str) -> dict[str, Any] | None:
        return self._entries.get(key)

    def put(self, key: str, value: dict[str, Any]) -> None:
        self._entries[key] = value
        self._handle.write(json.dumps({"key": key, **value}, ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()

    def __len__(self) -> int:
        return len(self._entries)
