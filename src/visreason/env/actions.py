"""Reading actions from a final answer: directions, cells, cell values, whole boards.

Every reader takes the episode's already bounded final answer and costs one linear pass;
each raises InvalidAction with a message that quotes what was written and says what the
reader expected, so an environment's feedback is uniform across games.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..core.text import fmt_cell, parse_directions
from .base import InvalidAction

_INT_RE = re.compile(r"-?\d+")
_MAX_DIGITS = 6
SNIPPET = 60


def quoted(text: str) -> str:
    """The start of what was written, quoted safely for feedback."""
    short = text if len(text) <= SNIPPET else text[:SNIPPET] + "..."
    return repr(short)


def one_direction(text: str, allowed: Sequence[str] = ("up", "down", "left", "right")) -> str:
    """Exactly one direction word ('up', 'U', 'move left')."""
    cleaned = text.lower().replace("move", " ").replace("go", " ").strip(" .!")
    moves = parse_directions(cleaned)
    if not moves:
        raise InvalidAction(f"{quoted(text)} is not a direction.")
    if len(moves) != 1:
        raise InvalidAction(f"{quoted(text)} holds {len(moves)} moves; write one move per turn.")
    if moves[0] not in allowed:
        raise InvalidAction(f"{moves[0]} is not allowed here.")
    return moves[0]


def integers(text: str, count: int) -> list[int]:
    """The `count` integers written in `text` (words and brackets around them are ignored)."""
    found = []
    for match in _INT_RE.finditer(text):
        if len(found) == count:
            raise InvalidAction(f"{quoted(text)} holds more than {count} numbers.")
        digits = match.group()
        if len(digits.lstrip("-")) > _MAX_DIGITS:
            raise InvalidAction(f"{quoted(text)} holds a number too large to be on the board.")
        found.append(int(digits))
    if len(found) != count:
        raise InvalidAction(f"{quoted(text)} holds {len(found)} numbers; expected {count}.")
    return found


def cell(text: str, rows: int, cols: int, base: int = 0) -> tuple[int, int]:
    """One cell written '(row, col)' in the game's numbering (`base` 0 or 1), 0-based back."""
    r, c = integers(text, 2)
    if not (base <= r < rows + base and base <= c < cols + base):
        raise InvalidAction(f"{fmt_cell((r, c))} is off the board: rows run {base}-"
                            f"{rows - 1 + base} and columns {base}-{cols - 1 + base}.")
    return r - base, c - base


def bit_grid(text: str, rows: int, cols: int, symbols: dict[str, int]) -> list[list[int]]:
    """A whole board written as rows of symbols (e.g. '1'/'0' or '#'/'.'); spaces, commas and
    brackets are ignored and rows may be split by newlines or '/'. Row labels are not allowed:
    exactly rows x cols symbols must remain."""
    values = []
    for char in text:
        if char in symbols:
            values.append(symbols[char])
            if len(values) > rows * cols:
                break
        elif not (char.isspace() or char in ",;/|[](){}'\""):
            raise InvalidAction(f"{quoted(text)} holds {char!r}, which is not a cell symbol "
                                f"({', '.join(symbols)}).")
    if len(values) != rows * cols:
        got = f"more than {rows * cols}" if len(values) > rows * cols else str(len(values))
        raise InvalidAction(f"the board must have {rows * cols} cells ({rows} rows of {cols}); "
                            f"got {got}.")
    return [values[r * cols:(r + 1) * cols] for r in range(rows)]
