"""Train / validation / test by a hash of the state, so no state can sit in two splits.

Seeds decide which states are drawn, never which split a state is in: a state's split is a
pure function of its content (the game's `state_key`), so two runs with different seeds, or
a stream and a stored set, can never hand the same board to training and to testing.
"""

from __future__ import annotations

import hashlib

from .errors import VisreasonError

SPLIT_SHARES: dict[str, float] = {"train": 0.8, "validation": 0.1, "test": 0.1}
SPLIT_NAMES = tuple(SPLIT_SHARES)


def check_split(name: str | None) -> str | None:
    if name is None:
        return None
    value = str(name).strip().lower()
    if value not in SPLIT_SHARES:
        raise VisreasonError(f"unknown split {name!r}; choose from {', '.join(SPLIT_NAMES)}")
    return value


def split_of_key(game: str, key: str) -> str:
    """The split of the state whose canonical text is `key`."""
    digest = hashlib.blake2b(f"{game}\x1f{key}".encode(), digest_size=8).digest()
    point = int.from_bytes(digest, "big") / float(1 << 64)
    edge = 0.0
    for name, share in SPLIT_SHARES.items():
        edge += share
        if point < edge:
            return name
    return SPLIT_NAMES[-1]


def state_hash(game: str, key: str) -> str:
    """A short stable id of a state, for repeat and overlap counts."""
    return hashlib.blake2b(f"{game}\x1f{key}".encode(), digest_size=10).hexdigest()
