"""Word search grids: random letters, a hidden word, and a direct search for words (no
drawing). A state is {"size": n, "grid": [n strings of n capital letters]}; rows and columns
are numbered from 1 in the prompts, and are 0-based here."""

from __future__ import annotations

import random
import string
from functools import lru_cache
from typing import Any

from .words import WORDS

LETTERS = string.ascii_uppercase
# The eight reading directions, (row step, column step), in the order the prompts list them.
DIRECTIONS: dict[str, tuple[int, int]] = {
    "right": (0, 1),
    "down": (1, 0),
    "diagonal-right-down": (1, 1),
    "diagonal-right-up": (-1, 1),
    "diagonal-left-down": (1, -1),
    "diagonal-left-up": (-1, -1),
    "up": (-1, 0),
    "left": (0, -1),
}

Cell = tuple[int, int]


@lru_cache(maxsize=1)
def word_list() -> tuple[str, ...]:
    """Upper-case words without palindromes (a palindrome reads the same both ways, so its
    direction from a start could be ambiguous and it always appears twice)."""
    words = dict.fromkeys(w.upper() for w in WORDS.split() if w != w[::-1])
    return tuple(words)


def words_up_to(length: int, shortest: int = 3) -> tuple[str, ...]:
    return tuple(w for w in word_list() if shortest <= len(w) <= length)


def random_grid(rng: random.Random, size: int) -> list[list[str]]:
    return [[rng.choice(LETTERS) for _ in range(size)] for _ in range(size)]


def state_of(grid: list[list[str]]) -> dict[str, Any]:
    return {"size": len(grid), "grid": ["".join(row) for row in grid]}


def cells_along(start: Cell, direction: str, length: int) -> list[Cell]:
    dr, dc = DIRECTIONS[direction]
    return [(start[0] + k * dr, start[1] + k * dc) for k in range(length)]


def fits(size: int, start: Cell, direction: str, length: int) -> bool:
    r, c = cells_along(start, direction, length)[-1]
    return 0 <= r < size and 0 <= c < size


def starts_fitting(size: int, direction: str, length: int) -> list[Cell]:
    return [(r, c) for r in range(size) for c in range(size)
            if fits(size, (r, c), direction, length)]


def reads(grid: list[str], start: Cell, direction: str, length: int) -> str:
    """The letters from `start` in `direction` (stopping at the edge)."""
    n = len(grid)
    out = []
    for r, c in cells_along(start, direction, length):
        if not (0 <= r < n and 0 <= c < n):
            break
        out.append(grid[r][c])
    return "".join(out)


def placements(grid: list[str], word: str) -> list[tuple[Cell, str]]:
    """Every (start, direction) from which `word` reads in the grid."""
    n = len(grid)
    return [((r, c), d) for r in range(n) for c in range(n) if grid[r][c] == word[0]
            for d in DIRECTIONS if reads(grid, (r, c), d, len(word)) == word]


def occurrences(grid: list[str], letter: str) -> list[Cell]:
    """Cells holding `letter`, row by row."""
    return [(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v == letter]
