"""Word search answers re-derived directly: letters read from the grid, counts by str.count,
and words found by scanning every line of the grid (rows, columns, diagonals) as strings,
forwards and backwards."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS

from .contract import (
    asked_counts,
    dense_audit_passes,
    param_error,
    same_sample_twice,
    text_only_names_none,
    wrong_options_score_zero,
)

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("word_search")
TASK_IDS = [t.id for t in visreason.tasks("word_search")]
SIZES = {"easy": {5}, "medium": {6, 7}, "hard": {8}}
NAMES = ["right", "down", "diagonal-right-down", "diagonal-right-up", "diagonal-left-down",
         "diagonal-left-up", "up", "left"]


def lines(grid: list[str]) -> list[tuple[str, list[tuple[int, int]], str]]:
    """Every maximal line of the grid as (text, its cells, direction of reading), in both
    reading directions: rows, columns and both diagonal families."""
    n = len(grid)
    found = []
    families = {
        "right": [[(r, c) for c in range(n)] for r in range(n)],
        "down": [[(r, c) for r in range(n)] for c in range(n)],
        "diagonal-right-down": [[(r, r - k) for r in range(n) if 0 <= r - k < n]
                                for k in range(-n + 1, n)],
        "diagonal-right-up": [[(s - c, c) for c in range(n) if 0 <= s - c < n]
                              for s in range(2 * n - 1)],
    }
    reverse = {"right": "left", "down": "up", "diagonal-right-down": "diagonal-left-up",
               "diagonal-right-up": "diagonal-left-down"}
    for name, cells_list in families.items():
        for cells in cells_list:
            text = "".join(grid[r][c] for r, c in cells)
            found.append((text, cells, name))
            found.append((text[::-1], cells[::-1], reverse[name]))
    return found


def find_word(grid: list[str], word: str) -> list[tuple[tuple[int, int], str]]:
    """(start cell, direction) of every occurrence of `word`, by substring search."""
    hits = []
    for text, cells, name in lines(grid):
        start = text.find(word)
        while start >= 0:
            hits.append((cells[start], name))
            start = text.find(word, start + 1)
    return sorted(set(hits))


def chosen(sample: visreason.Sample) -> str:
    return sample.options[LETTERS.index(sample.answer)]


def check(s: visreason.Sample, o: visreason.Sample) -> None:
    grid = s.state["grid"]
    assert o.state == s.state and len(grid) == s.state["size"]
    assert all(len(row) == len(grid) and row.isalpha() and row.isupper() for row in grid)
    if s.task == "cell_letter":
        for sample in (s, o):
            r, c = (int(v) - 1 for v in re.search(r"row (\d+), column (\d+)\?",
                                                   sample.question).groups())
            letter = grid[r][c]
            if sample is s:
                assert chosen(s) == f"letter {letter}" and len(set(s.options)) == 8
                assert all(re.fullmatch("letter [A-Z]", x) for x in s.options)
            else:
                assert o.answer == letter  # the capital the grid shows
                for written in (letter, letter.lower(), f"the letter {letter}", f"'{letter}'"):
                    assert visreason.verify(o, f"<answer>{written}</answer>") == 1.0, written
                other = "A" if letter != "A" else "B"
                for wrong in (other, f"{letter}{letter}", f"{letter} or {other}", "letter", ""):
                    assert visreason.verify(o, f"<answer>{wrong}</answer>") == 0.0, wrong
    elif s.task == "letter_count":
        for sample in (s, o):
            letter = re.search(r"the letter ([A-Z]) appear", sample.question)[1]
            count = "".join(grid).count(letter)
            if sample is s:
                assert chosen(s) == str(count)
                assert sorted(int(x) for x in s.options) == list(range(8))
            else:
                assert o.answer == str(count)
                assert visreason.verify(o, f"{count} times") == 1.0
                assert visreason.verify(o, str(count + 1)) == 0.0
    elif s.task == "word_direction":
        for sample in (s, o):
            word = re.search(r"The word ([A-Z]+) is hidden", sample.question)[1]
            r, c = (int(v) - 1 for v in re.search(r"row (\d+), column (\d+)\.",
                                                   sample.question).groups())
            hits = find_word(grid, word)
            assert len(hits) == 1 and hits[0][0] == (r, c)  # hidden exactly once
            direction = hits[0][1]
            if sample is s:
                assert s.options == NAMES and chosen(s) == direction
            else:
                assert o.answer == direction
                words = direction.replace("diagonal-", "").split("-")
                for written in (direction, " ".join(words), "-".join(words[::-1]),
                                "diagonally " + " and ".join(words[::-1]),
                                direction.upper()):
                    assert visreason.verify(o, f"<answer>{written}</answer>") == 1.0, written
                for wrong in [n for n in NAMES if n != direction] + ["up-down", "north", ""]:
                    assert visreason.verify(o, f"<answer>{wrong}</answer>") == 0.0, wrong
    else:
        raise AssertionError(s.task)
    if s.options:
        wrong_options_score_zero(s)
    assert visreason.verify(s, s.answer) == 1.0 and visreason.verify(o, o.answer) == 1.0


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("task_id", TASK_IDS)
def test_answers_match_a_direct_search(task_id: str, level: str) -> None:
    for seed in range(10):
        s = visreason.generate(task_id, level, seed)
        o = visreason.generate(task_id, level, seed, answer_form="open")
        assert s.state["size"] in SIZES[level]
        check(s, o)


def test_hand_grid_search() -> None:
    """A hand-made grid: CAT reads up from (3, 1), and the direction reader is right."""
    from visreason.games.word_search import rules, tasks
    grid = ["XTQ", "XAQ", "XCQ"]
    assert rules.placements(grid, "CAT") == [((2, 1), "up")] == [
        (cell, d) for cell, d in find_word(grid, "CAT")]
    assert find_word(["ABC", "DBF", "GHB"], "BB") == [
        ((0, 1), "down"), ((1, 1), "diagonal-right-down"), ((1, 1), "up"),
        ((2, 2), "diagonal-left-up")]
    assert tasks.parse_direction("Down-Left") == "diagonal-left-down"
    assert tasks.parse_direction("diagonal up right") == "diagonal-right-up"
    assert tasks.parse_direction("left") == "left"
    for junk in ("up down", "left left", "north", "", "up, left, right"):
        assert tasks.parse_direction(junk) is None


def test_words_are_placed_in_every_direction_and_length() -> None:
    seen = Counter()
    lengths = Counter()
    for i in range(48):
        s = visreason.generate("word_search/word_direction", "hard", 0, i, text_only=True)
        seen[chosen(s)] += 1
        lengths[len(re.search(r"The word ([A-Z]+) is", s.question)[1])] += 1
    assert set(seen.values()) == {6}
    assert set(lengths) == {3, 4, 5, 6, 7}


def test_picture_has_a_letter_in_every_cell() -> None:
    from visreason.games.word_search.render import layout_for
    s = visreason.generate("word_search/cell_letter", "medium", 3)
    layout = layout_for(s.state["size"])
    image = s.image.convert("L")
    boxes = []
    for r in range(s.state["size"]):
        for c in range(s.state["size"]):
            crop = image.crop(layout.box(r, c, inset=4))
            dark = sum(crop.histogram()[:128])
            boxes.append(dark)
    assert min(boxes) > 20  # every cell holds ink
    same = [(r, c) for r in range(s.state["size"]) for c in range(s.state["size"])
            if s.state["grid"][r][c] == s.state["grid"][0][0]]
    first = image.crop(layout.box(*same[0], inset=4)).tobytes()
    assert all(image.crop(layout.box(*cell, inset=4)).tobytes() == first for cell in same)


def test_text_description_matches_state() -> None:
    s = visreason.generate("word_search/letter_count", "hard", 2, text_only=True)
    table = s.question.split("given as text:\n")[1].split("\n\n")[0].splitlines()[1:]
    assert table[0].split() == [str(c) for c in range(1, 9)]
    for r, line in enumerate(table[1:]):
        assert line.split() == [str(r + 1), *s.state["grid"][r]]


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_names_no_picture(task_id: str) -> None:
    text_only_names_none(task_id, ("image", "picture", "edges"), whole_words=False)


def test_same_item_same_sample_and_pixels() -> None:
    same_sample_twice(TASK_IDS)


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_both_ends_of_every_parameter(task_id: str) -> None:
    cases = [{"min_size": 4, "max_size": 4}, {"min_size": 12, "max_size": 12},
             {"min_size": 4, "max_size": 12}, {"word_length": 3}, {"word_length": 7}]
    for params in cases:
        for index in range(3):
            for form in FORMS:
                s = visreason.generate(task_id, "medium", 0, index, answer_form=form,
                                       text_only=True, params=params)
                n = s.state["size"]
                assert params.get("min_size", 6) <= n <= params.get("max_size", 7)
                word = re.search(r"The word ([A-Z]+) is", s.question)
                if word:
                    assert 3 <= len(word[1]) <= min(n, params.get("word_length", 6))
                assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


@pytest.mark.parametrize("params", [{"min_size": 3}, {"max_size": 13}, {"word_length": 8},
                                    {"min_size": 8, "max_size": 6}, {"letters": 5}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("word_search/word_direction", params)


@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_states_are_right(level: str) -> None:
    asked = asked_counts("word_search", level, 24, 3, check)
    assert asked["cell_letter"] and asked["letter_count"] and not asked["word_direction"]


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("word_search", 300, 100)
