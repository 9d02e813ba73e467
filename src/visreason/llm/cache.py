"""On-disk response cache keyed by the request, safe for many writers at once."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

_DATA_URL = "data:"


def _digest_images(value: Any) -> Any:
    """The request with each data URL replaced by its hash: same key, far less hashing input."""
    if isinstance(value, str):
        if value.startswith(_DATA_URL):
            return "sha256:" + hashlib.sha256(value.encode("ascii", "replace")).hexdigest()
        return value
    if isinstance(value, dict):
        return {k: _digest_images(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_digest_images(v) for v in value]
    return value


def request_key(model: str, messages: list[dict[str, Any]], params: dict[str, Any]) -> str:
    """A stable hash of (model, messages with image hashes, sampling parameters)."""
    canonical = json.dumps({"model": model, "messages": _digest_images(messages),
                            "params": params}, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


class ResponseCache:
    """One JSON file per request under two-character fan-out folders.

    Writes go to a unique temporary file renamed into place, so concurrent writers (threads or
    processes) never leave a torn entry and a reader sees either nothing or a whole answer.
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            with open(self._path(key), encoding="utf-8") as handle:
                value = json.load(handle)
        except (OSError, ValueError):
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{key[:8]}.", suffix=".tmp")
        try:
            # A lone surrogate (a model's broken UTF-16 output) becomes a \uXXXX escape,
            # which JSON reads back as the same character.
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
                json.dump(value, handle, ensure_ascii=False)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def __len__(self) -> int:
        return sum(1 for _ in self.directory.glob("*/*.json"))
