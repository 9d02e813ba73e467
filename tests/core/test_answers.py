"""Canonical forms: what counts as the same answer, and what is refused as ambiguous."""

from __future__ import annotations

import pytest

from visreason.core.answers import canonical

OPTIONS = ["up", "down", "(1, 2)", "None of these"]


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("choice", "C", "C"), ("choice", "c", "C"), ("choice", "(B)", "B"), ("choice", "B.", "B"),
        ("choice", "Option D", "D"), ("choice", "option (a)", None),
        ("choice", "D. None of these", "D"),
        ("choice", "down", "B"), ("choice", "(1, 2)", "C"), ("choice", "E", None),
        ("choice", "A red block", "A"), ("choice", "a red block", None),
        ("choice", "up or down", None),
        ("multi_choice", "BD", "BD"), ("multi_choice", "D, B", "BD"),
        ("multi_choice", "B and D", "BD"),
        ("multi_choice", "BB", None), ("multi_choice", "bad", None), ("multi_choice", "C", "C"),
        ("multi_choice", "BE", None),
        ("integer", "7", "7"), ("integer", "7 moves", "7"), ("integer", "-3", "-3"),
        ("integer", "seven", "7"), ("integer", "3 or 4", None), ("integer", "2.5", None),
        ("integer", "4.0", "4"), ("integer", "none", None), ("integer", "\u22125", "-5"),
        ("number", "0.5", "0.5"), ("number", "1/2", "0.5"), ("number", "3", "3"),
        ("coordinate", "(2, 3)", "(2, 3)"), ("coordinate", "2,3", "(2, 3)"),
        ("coordinate", "[2 , 3]", "(2, 3)"), ("coordinate", "row 2, column 3", "(2, 3)"),
        ("coordinate", "(1, 2, 3)", "(1, 2, 3)"), ("coordinate", "nowhere", None),
        # order is meaning: (row, col) is not (col, row)
        ("coordinate", "(3, 1)", "(3, 1)"), ("coordinate", "(5, -2, 0)", "(5, -2, 0)"),
        # hedges name several answers: none of them counts
        ("choice", "A or B", None), ("choice", "B, A", None), ("choice", "A B C D", None),
        ("choice", "(A) or (B)", None), ("choice", "B and C", None), ("choice", "B/C", None),
        ("choice", "B: A red block", "B"), ("choice", "C. (1, 2)", "C"),
        ("multi_choice", "B or D", None),
        ("integer", "6..11", None), ("integer", "6-11", None), ("integer", "6 to 11", None),
        ("number", "0.5..0.7", None),
        # full-width forms read as their ASCII letters and digits
        ("choice", "\uff22", "B"), ("integer", "\uff11\uff12", "12"),
        ("coordinate", "\uff08\uff12, \uff13\uff09", "(2, 3)"),
        ("sequence", "Up → Right", "up, right"), ("sequence", "up, right", "up, right"),
        ("sequence", "[up, right, down]", "up, right, down"),
        ("sequence", "UP -> left", "up, left"),
        ("text", "  Hello  World. ", "hello world"),
    ],
)
def test_canonical(kind: str, raw: str, expected: str | None) -> None:
    assert canonical(kind, raw, OPTIONS) == expected


def test_unknown_type_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown answer type"):
        canonical("colour", "red")


@pytest.mark.parametrize("kind, text", [
    ("integer", "not 9"), ("integer", "more than 9"), ("integer", "fewer than 9"),
    ("integer", "anything except 9"), ("integer", "!= 9"), ("integer", "9 or maybe ten"),
    ("integer", "at least 9"), ("number", "about 0.75"), ("number", "< 0.75"),
    ("coordinate", "not (3, 4, 0)"), ("coordinate", "(3, 4) or (4, 3)"),
])
def test_a_qualified_value_states_no_value(kind: str, text: str) -> None:
    assert canonical(kind, text) is None


@pytest.mark.parametrize("kind, text, want", [
    ("integer", "The answer is 9.", "9"), ("integer", "9 cubes", "9"), ("integer", "-3", "-3"),
    ("number", "0.75", "0.75"), ("coordinate", "row 3, column 4", "(3, 4)"),
])
def test_plain_values_still_read(kind: str, text: str, want: str) -> None:
    assert canonical(kind, text) == want
