"""Durable file writes and checksums for dataset runs.

A run that is killed (or loses power) must never leave a file that looks whole but is not:
writes go to a temporary file that is flushed to disk before it is renamed over the target,
and every part and image is recorded with its SHA-256 so a resumed run can tell a damaged file
from a good one.
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
