"""Durable file writes and checksums for dataset runs.

A run that is killed (or loses power) must never leave a file that looks whole but is not.
Records, parts and manifests go to a temporary file that is flushed to disk before it is
renamed over the target. Pictures, many and small, are written straight to their names
(`Directories.write`): a flush and rename each cost more kernel time than making the sample,
and every picture is listed with its SHA-256 in a durable record, so a resumed run tells a
damaged or missing picture from a good one and makes its chunk again.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

CHUNK = 1 << 20
# Temporary names this package (and render.encode.write_atomic) use: .NAME.tmp or .NAME.tmpPID
_TEMPORARY_RE = re.compile(r"^\..+\.tmp\d*$")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str | os.PathLike[str]) -> str | None:
    """The file's SHA-256, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(CHUNK):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # not every platform opens directories
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_durable(path: str | os.PathLike[str], data: bytes) -> str:
    """Write `data` to `path` atomically and durably; returns its SHA-256."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    _sync_directory(target.parent)
    return sha256_bytes(data)


class Directories:
    """Plain writes that create each directory once (one `mkdir` per directory, not per file)."""

    def __init__(self) -> None:
        self.made: set[Path] = set()

    def write(self, path: Path, data: bytes) -> str:
        """Write `data` to `path` without flushing it; returns its SHA-256."""
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        with open(path, "wb") as handle:
            handle.write(data)
        return sha256_bytes(data)


def sync_all() -> None:
    """Flush every written file to disk at once (where the platform can), before a run's
    manifest vouches for the files it lists."""
    if hasattr(os, "sync"):
        os.sync()


def commit_file(tmp: Path, target: Path) -> None:
    """Flush a finished temporary file to disk and rename it over `target`."""
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    _sync_directory(target.parent)


def remove_temporaries(root: Path) -> int:
    """Delete temporary files an interrupted run left under `root`; returns how many."""
    removed = 0
    for current, _dirs, files in os.walk(root):
        for name in files:
            if _TEMPORARY_RE.match(name):
                try:
                    os.unlink(os.path.join(current, name))
                    removed += 1
                except OSError:
                    pass
    return removed
