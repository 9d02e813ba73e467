"""Text shared by the games: board states as text (the text-only variant), cells, plurals,
and the directions written in answers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .answers import canonical_sequence


def text_grid(
    cells: Sequence[Sequence[object]],
    row_labels: Sequence[object] | None = None,
    col_labels: Sequence[object] | None = None,
) -> str:
    """Cells as aligned text with column labels on top and row labels on the left.

    Labels default to 0-based indices; every column is right-aligned to one width, so each line
    has the same length and a reader (or a model) can count columns reliably.
    """
    rows = [[str(v) for v in row] for row in cells]
    n_cols = max((len(row) for row in rows), default=0)
    rl = [str(v) for v in (row_labels if row_labels is not None else range(len(rows)))]
    cl = [str(v) for v in (col_labels if col_labels is not None else range(n_cols))]
    width = max([len(v) for row in rows for v in row] + [len(v) for v in cl] + [1])
    label_width = max([len(v) for v in rl] + [1])
    lines = [" " * (label_width + 1) + " ".join(v.rjust(width) for v in cl)]
    for label, row in zip(rl, rows, strict=True):
        lines.append(label.rjust(label_width) + " " + " ".join(v.rjust(width) for v in row))
    return "\n".join(lines)


def fmt_cell(cell: Sequence[int], base: int = 0) -> str:
    """A cell as the prompts write it, '(r, c)'; `base=1` for games that count from 1."""
    return "(" + ", ".join(str(v + base) for v in cell) + ")"


def fmt_cells(cells: Iterable[Sequence[int]], empty: str = "none", base: int = 0) -> str:
    text = ", ".join(fmt_cell(cell, base) for cell in cells)
    return text or empty


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 cell', '2 cells' (or the given irregular plural)."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


DIRECTION_WORDS = {"up": "up", "u": "up", "down": "down", "d": "down", "left": "left",
                   "l": "left", "right": "right", "r": "right"}


def parse_directions(answer: str, skip: Iterable[str] = ()) -> list[str] | None:
    """The directions written in an answer ('up, left', 'U L', 'up -> left'), in order.

    None when the answer holds no direction or any word that is not one, except the words in
    `skip` (e.g. 'and' in a set of directions). Linear in the length of the answer.
    """
    text = canonical_sequence(answer)
    if text is None:
        return None
    skipped = set(skip)
    moves = []
    for token in text.split(", "):
        if token in skipped:
            continue
        direction = DIRECTION_WORDS.get(token)
        if direction is None:
            return None
        moves.append(direction)
    return moves or None
