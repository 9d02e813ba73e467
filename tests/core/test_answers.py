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
