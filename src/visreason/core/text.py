"""Text shared by the games: board states as text (the text-only variant), cells, plurals,
and the directions written in answers."""

from __future__ import annotations

import re
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
    if len(cell) == 2:  # the common case, spared the generator
        return f"({cell[0] + base}, {cell[1] + base})"
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


# ----------------------------------------------------------------------------- playing cards
# A card is written rank + suit letter: "A" "2".."10" "J" "Q" "K" then S, H, D or C
# ("10H", "QS"). The card games share these names, so a card reads the same in every prompt.

CARD_RANKS = ("A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K")
CARD_SUITS = ("S", "H", "D", "C")
SUIT_NAMES = {"S": "spades", "H": "hearts", "D": "diamonds", "C": "clubs"}
SUIT_SYMBOLS = {"S": "\u2660", "H": "\u2665", "D": "\u2666", "C": "\u2663"}
RED_SUITS = frozenset("HD")
_RANK_WORDS = {"A": "ace", "J": "jack", "Q": "queen", "K": "king"}
_RANK_READ = {
    **{w: r for r, w in _RANK_WORDS.items()}, **{r.lower(): r for r in CARD_RANKS},
    "1": "A", "11": "J", "12": "Q", "13": "K", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
}
_SUIT_READ = {
    **{name: s for s, name in SUIT_NAMES.items()}, **{name[:-1]: s for s, name in
                                                      SUIT_NAMES.items()},
    **{sym: s for s, sym in SUIT_SYMBOLS.items()},
    "\u2664": "S", "\u2661": "H", "\u2662": "D", "\u2667": "C",
    "s": "S", "h": "H", "d": "D", "c": "C",
}
_CARD_FILLER = frozenset({"of", "the", "card"})


_RANK_VALUE = {rank: value for value, rank in enumerate(CARD_RANKS, 1)}


def card_rank(card: str) -> int:
    """1 (ace) to 13 (king)."""
    return _RANK_VALUE[card[:-1]]


def card_suit(card: str) -> str:
    return card[-1]


def is_red(card: str) -> bool:
    return card[-1] in RED_SUITS


def make_card(rank: int, suit: str) -> str:
    return CARD_RANKS[rank - 1] + suit


def card_name(card: str) -> str:
    """'9 of hearts', 'ace of spades', 'queen of clubs': how prompts and answers name a card."""
    rank = card[:-1]
    return f"{_RANK_WORDS.get(rank, rank)} of {SUIT_NAMES[card[-1]]}"


def card_short(card: str) -> str:
    """'9♥', 'A♠': the card as its corner shows it."""
    return card[:-1] + SUIT_SYMBOLS[card[-1]]


def _card_tokens(text: str) -> list[str]:
    import re

    for sym in (*SUIT_SYMBOLS.values(), "\u2664", "\u2661", "\u2662", "\u2667"):
        text = text.replace(sym, f" {sym} ")
    return re.findall(r"[a-z]+|\d+|[\u2660-\u2667]", text.casefold())


def parse_card(text: str) -> str | None:
    """The one card named in `text` ('9 of hearts', '9♥', '9H', 'Heart 9', 'queen spade'),
    or None when it names no card, two ranks or two suits, or holds any other word."""
    rank = suit = None
    for token in _card_tokens(text):
        if token in _CARD_FILLER:
            continue
        compact = len(token) >= 2 and token[-1] in "shdc" and token[:-1] in _RANK_READ \
            and token not in _SUIT_READ and token not in _RANK_READ
        if compact:
            found_rank, found_suit = _RANK_READ[token[:-1]], token[-1].upper()
        elif token in _RANK_READ:
            found_rank, found_suit = _RANK_READ[token], None
        elif token in _SUIT_READ:
            found_rank, found_suit = None, _SUIT_READ[token]
        else:
            return None
        if found_rank is not None:
            if rank is not None:
                return None
            rank = found_rank
        if found_suit is not None:
            if suit is not None:
                return None
            suit = found_suit
    if rank is None or suit is None:
        return None
    return rank + suit


def clean_answer(answer: str) -> str:
    """An answer casefolded, its spaces collapsed and surrounding punctuation, quotes and
    markdown stars stripped: the form move and keyword readers match against."""
    return re.sub(r"\s+", " ", answer.casefold()).strip(" .!;:\"'`*")


_CARD_MOVE_RE = re.compile(r"^(?:move\s+)?(?:the\s+)?(?P<card>.+?)\s+from\s+(?P<src>.+?)\s+"
                           r"(?:to|onto|->)\s+(?P<dst>.+?)$")


def split_card_move(answer: str, longest: int = 120) -> tuple[str, str, str] | None:
    """A move written 'move <card> from <place> to <place>' (at most `longest` characters once
    cleaned): its card and the two place texts, for the game to read; else None."""
    text = clean_answer(answer)
    match = _CARD_MOVE_RE.match(text) if len(text) <= longest else None
    if not match:
        return None
    card = parse_card(match.group("card"))
    return None if card is None else (card, match.group("src"), match.group("dst"))


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '11th', '22nd'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
