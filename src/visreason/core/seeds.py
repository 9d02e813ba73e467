"""Stable per-sample seeds: a hash of the parts, never a shared RNG or iteration order."""

from __future__ import annotations

import hashlib

_SEP = "\x1f"


def derive_seed(*parts: object) -> int:
    """A 63-bit seed from any parts (ints, strings); identical on every machine and Python."""
    digest = hashlib.blake2b(_SEP.join(map(str, parts)).encode("utf-8"), digest_size=8)
    return int.from_bytes(digest.digest(), "big") >> 1
