"""Resolve a file named by a record or a URL, and refuse anything outside the allowed roots.

Records and URLs are untrusted: a path may climb out with `..`, be absolute, carry a NUL, or
lead through a symlink to a file elsewhere. Every file the viewer serves goes through
`safe_file`, which answers None for all of these, so the caller's answer is a plain 404.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def safe_file(roots: Iterable[str | os.PathLike[str]], relative: str | None) -> Path | None:
    """The real path of `relative` under one of `roots`, or None when it is not a regular
    file there (missing, a directory, absolute, climbing out, or a symlink leading out)."""
    if not relative or not isinstance(relative, str) or "\x00" in relative:
        return None
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute() \
            or PureWindowsPath(relative).drive or relative.startswith(("~", "\\")):
        return None
    if ".." in PurePosixPath(relative.replace("\\", "/")).parts:
        return None
    for root in roots:
        real_root = os.path.realpath(root)
        candidate = os.path.realpath(os.path.join(real_root, relative))
        if _inside(candidate, real_root) and os.path.isfile(candidate):
            return Path(candidate)
    return None


def relative_to_any(roots: Iterable[str | os.PathLike[str]], path: str) -> str | None:
    """`path` (as a record may hold it, absolute) made relative to the first root that holds
    it lexically; None when no root does. The result still goes through `safe_file`."""
    if not path or "\x00" in path:
        return None
    absolute = os.path.normpath(os.path.abspath(path))
    for root in roots:
        base = os.path.normpath(os.path.abspath(root))
        if _inside(absolute, base) and absolute != base:
            return os.path.relpath(absolute, base)
    return None
