"""Difficulty parameters: validation with one-line errors, overrides, grade ladders."""

from __future__ import annotations

import pytest

from visreason.core.params import (
    Param,
    ParamError,
    check_overrides,
    grades,
    parse_overrides,
    resolve,
)

DECLARED = (Param("size", "board side", low=5, high=15),
            Param("style", "wall style", choices=("thin", "thick")))
PRESETS = {"easy": {"size": 5, "style": "thin"}, "medium": {"size": 9, "style": "thin"},
           "hard": {"size": 13, "style": "thick"}}


def test_resolve_applies_and_types_overrides() -> None:
    assert resolve("g", DECLARED, PRESETS, "medium") == {"size": 9, "style": "thin"}
    assert resolve("g", DECLARED, PRESETS, "easy", {"size": "7"}) == {"size": 7, "style": "thin"}


@pytest.mark.parametrize(("overrides", "message"), [
    ({"size": 16}, "g.size must be in [5, 15], got 16"),
    ({"size": 4}, "g.size must be in [5, 15], got 4"),
    ({"size": "big"}, "g.size must be an integer in [5, 15], got 'big'"),
    ({"size": True}, "g.size must be an integer in [5, 15]"),
    ({"style": "dotted"}, "g.style must be one of thin, thick, got 'dotted'"),
    ({"colour": 1}, "g has no difficulty parameter 'colour'; it has: size, style"),
])
def test_bad_values_name_the_valid_range(overrides: dict, message: str) -> None:
    with pytest.raises(ParamError) as info:
        resolve("g", DECLARED, PRESETS, "easy", overrides)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_choice_values_given_as_text_take_the_choice_type() -> None:
    sized = (Param("box", "box side", choices=(2, 3)),)
    presets = {level: {"box": 3} for level in ("easy", "medium", "hard")}
    assert resolve("g", sized, presets, "easy", {"box": "2"}) == {"box": 2}
    with pytest.raises(ParamError, match="one of 2, 3"):
        resolve("g", sized, presets, "easy", {"box": "4"})


def test_parse_overrides() -> None:
    assert parse_overrides(["sokoban.boxes=3", "sokoban.size= 9", "maze.size=11"]) == {
        "sokoban": {"boxes": "3", "size": "9"}, "maze": {"size": "11"}}
    for bad in ["sokoban.boxes", "boxes=3", "sokoban.=3", "sokoban.boxes="]:
        with pytest.raises(ParamError, match=r"game\.name=value"):
            parse_overrides([bad])


def test_check_overrides_needs_a_generated_game() -> None:
    with pytest.raises(ParamError, match="does not generate"):
        check_overrides({"sokoban": {}}, ["maze"], ["easy"])


def test_grades_run_from_easy_through_medium_to_hard() -> None:
    ladder = grades(DECLARED, PRESETS, 5)
    assert ladder[0] == PRESETS["easy"] and ladder[2] == PRESETS["medium"]
    assert ladder[-1] == PRESETS["hard"]
    sizes = [g["size"] for g in ladder]
    assert sizes == sorted(sizes) and sizes == [5, 7, 9, 11, 13]
    assert [g["style"] for g in ladder] == ["thin", "thin", "thin", "thick", "thick"]
    with pytest.raises(ParamError):
        grades(DECLARED, PRESETS, 1)
