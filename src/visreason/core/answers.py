"""Canonical forms per answer type: one normaliser for stored answers and for model output.

Each `canonical_*` returns the canonical string, or None when the text is not a well-formed
answer of that type (a None never scores). Ambiguous text (two different numbers where one is
asked) is None too, so a completion cannot win by listing every candidate.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections.abc import Iterable, Sequence
from fractions import Fraction
from functools import lru_cache

LETTERS = string.ascii_uppercase

_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)
_WORD_NUMBERS = {word: value for value, word in enumerate(_NUMBER_WORDS)}
_NUMBER_RE = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?:/\d+)?(?![\w])")
_INT_RE = re.compile(r"[-+]?\d+")
_LEAD_LETTER_RE = re.compile(r"^(?:(?i:option|choice)\s*)?[\(\[]?([A-Z])[\)\]]?(?=$|[\s.:,;)\]])")
# Matched right after a leading letter: another bare letter, alone or after a separator
# ("A or B", "B, A", "A B C D", "(A) or (B)"): a hedge, which must not score as its first item.
_HEDGE_RE = re.compile(
    r"\s*(?:(?:,|;|/|&|\||\bor\b|\band\b)\s*)?[\(\[]?[A-Z][\)\]]?(?=$|[\s.,;:!?)\]])")
# Two numbers joined as a range ("6..11", "6-11", "6 to 11"): no single value.
_RANGE_RE = re.compile(r"\d\s*(?:\.{2,}|…|–|—|~|-|\bto\b)\s*[-+]?\d")
# Words and signs that qualify a value instead of stating it ("not 9", "more than 9", "9 or
# ten", "about 9", "!= 9"): a numeric or coordinate answer holding one states no single value.
_QUALIFIER_RE = re.compile(
    r"\b(?:not|no|never|none|except|excluding|other|more|less|fewer|greater|smaller|larger|"
    r"than|least|most|above|below|over|under|about|around|approximately|roughly|nearly|almost|"
    r"maybe|perhaps|possibly|probably|either|or|neither|nor|between|unless|instead|isn'?t|"
    r"aren'?t|wrong)\b|!=|≠|<|>|≤|≥|≈|~", re.I)
_SEQ_SPLIT_RE = re.compile(r"\s*(?:->|=>|→|⇒|,|;|\bthen\b|\s)\s*")
_TRIM = " \t\r\n.,;:!?\"'`*$"


def letter(index: int) -> str:
    return LETTERS[index]


def normalise_text(value: str) -> str:
    """Case-folded, whitespace-collapsed text without surrounding punctuation or markup."""
    return _normalised(str(value))


@lru_cache(maxsize=4096)
def _normalised(value: str) -> str:
    # Options and answers recur across a dataset ("(2, 3)", "up"): each is normalised once.
    text = " ".join(value.split()).strip(_TRIM).casefold()
    return text.replace("\\text{", "").replace("}", "") if "\\text{" in text else text


def _clean(value: str) -> str:
    """Compatibility-normalised (full-width letters and digits read as ASCII) and unwrapped."""
    text = unicodedata.normalize("NFKC", str(value)).replace("\u2212", "-")
    return text.strip().strip("*`$ ").strip()


def canonical_choice(value: str, options: Sequence[str] | None = None) -> str | None:
    text = _clean(value)
    count = len(options) if options else len(LETTERS)
    bare = text.strip("()[]. ")
    if len(bare) == 1 and bare.isalpha():
        text = bare.upper()
    match = _LEAD_LETTER_RE.match(text)
    if match:
        if _HEDGE_RE.match(text, match.end()):
            return None
        index = LETTERS.index(match.group(1))
        return match.group(1) if index < count else None
    if options:
        wanted = normalise_text(text)
        hits = [i for i, option in enumerate(options) if normalise_text(option) == wanted]
        if len(hits) == 1:
            return letter(hits[0])
    return None


def canonical_multi_choice(value: str, options: Sequence[str] | None = None) -> str | None:
    text = _clean(value)
    text = re.sub(r"(?i)\b(?:options?|choices?|and)\b", " ", text)
    letters = re.sub(r"[\s,;&/+()\[\].]", "", text)
    if not letters or not letters.isalpha() or not letters.isupper():
        single = canonical_choice(value, options)
        return single
    if len(set(letters)) != len(letters):
        return None
    count = len(options) if options else len(LETTERS)
    if any(LETTERS.index(ch) >= count for ch in letters):
        return None
    return "".join(sorted(letters))


def _numbers(text: str) -> list[Fraction]:
    if _RANGE_RE.search(text):
        return []
    found = []
    for token in _NUMBER_RE.findall(text):
        try:
            found.append(Fraction(token))
        except (ValueError, ZeroDivisionError):
            return []
    if not found:
        words = [w for w in re.findall(r"[a-z]+", text.lower()) if w in _WORD_NUMBERS]
        found = [Fraction(_WORD_NUMBERS[w]) for w in words]
    return found


def _qualified(text: str) -> bool:
    return _QUALIFIER_RE.search(text) is not None


_ARROW_RE = re.compile(r"-+>|=+>|→|⇒|<-+")


def hedged(value: str, keep: Iterable[str] = ()) -> bool:
    """True when a word answer negates, hedges or qualifies what it names ("not up", "front
    only or both", "2 beans unless caught"): such text states no single answer, so a checker
    that looks for the answer's words must not score it.

    `keep` lists phrases of the task's own answers that hold such words themselves ("no
    block", "not placeable", "none", "no"): they are taken out before the test, so "not
    placeable" still reads while "not no" does not. Arrows ("1 -> 2") are not comparisons.
    """
    text = _ARROW_RE.sub(" ", _clean(value).casefold())
    for phrase in sorted(keep, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(phrase.casefold())}(?!\w)", " ", text)
    return _qualified(text)


def canonical_integer(value: str) -> str | None:
    if _qualified(_clean(value)):
        return None
    values = set(_numbers(_clean(value)))
    if len(values) != 1:
        return None
    (number,) = values
    return str(int(number)) if number.denominator == 1 else None


def canonical_number(value: str) -> str | None:
    if _qualified(_clean(value)):
        return None
    values = set(_numbers(_clean(value)))
    if len(values) != 1:
        return None
    (number,) = values
    if number.denominator == 1:
        return str(int(number))
    return format(float(number), ".12g")


def numbers_close(a: str, b: str, rel_tol: float = 1e-6, abs_tol: float = 1e-9) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=rel_tol, abs_tol=abs_tol)
    except ValueError:
        return False


def canonical_coordinate(value: str) -> str | None:
    if _qualified(_clean(value)):
        return None
    ints = _INT_RE.findall(_clean(value))
    if not ints or len(ints) > 4:
        return None
    return "(" + ", ".join(str(int(i)) for i in ints) + ")"


def canonical_sequence(value: str) -> str | None:
    text = _clean(value).strip("[]() ").casefold()
    parts = [p.strip(_TRIM + "()[]") for p in _SEQ_SPLIT_RE.split(text)]
    items = [p for p in parts if p]
    return ", ".join(items) if items else None


def canonical_text(value: str) -> str | None:
    text = normalise_text(_clean(value))
    return text or None


_LABEL_SPLIT_RE = re.compile(r"\s*(?:,|;|/|&|\band\b|\s)\s*", re.I)
_LABEL_WORD_RE = re.compile(r"^(?:(?:option|choice)s?\s*)", re.I)


def relabel(value: str, labels: Sequence[str], options: Sequence[str] | None = None,
            multi: bool = False) -> str:
    """An answer given with a question's own option labels ("3", "(3)", "3: text", "2, 3" or
    "23" when options are numbered) as our letters; anything else comes back unchanged.

    Data from elsewhere (GameQA) numbers its options 1..n or 0..n-1 in the question text, so
    a model that answers with those labels must score the same as one answering a letter.
    """
    text = _LABEL_WORD_RE.sub("", _clean(value)).strip(_TRIM)
    bare = text.strip(_TRIM + "()[]")
    index = {str(label).casefold(): i for i, label in enumerate(labels)}
    if bare.casefold() in index:
        return LETTERS[index[bare.casefold()]]
    head, sep, rest = text.partition(":") if ":" in text else text.partition(". ")
    if sep and head.strip().casefold() in index and options:
        i = index[head.strip().casefold()]
        if normalise_text(rest) == normalise_text(options[i]):
            return LETTERS[i]
    if not multi:
        return value
    parts = [p for p in _LABEL_SPLIT_RE.split(bare) if p]
    if len(parts) == 1 and all(len(str(label)) == 1 for label in labels):
        parts = list(parts[0])
    if parts and all(p.casefold() in index for p in parts):
        return "".join(LETTERS[index[p.casefold()]] for p in parts)
    return value


def canonical(answer_type: str, value: object, options: Sequence[str] | None = None) -> str | None:
    """The canonical form of `value` read as an answer of `answer_type`, or None if malformed."""
    if value is None:
        return None
    text = str(value)
    if answer_type == "choice":
        return canonical_choice(text, options)
    if answer_type == "multi_choice":
        return canonical_multi_choice(text, options)
    if answer_type == "integer":
        return canonical_integer(text)
    if answer_type == "number":
        return canonical_number(text)
    if answer_type == "coordinate":
        return canonical_coordinate(text)
    if answer_type == "sequence":
        return canonical_sequence(text)
    if answer_type == "text":
        return canonical_text(text)
    raise ValueError(f"unknown answer type {answer_type!r}")
