"""Star Battle answers re-derived independently: brute-force uniqueness over every permutation,
direct checks per cell, region lookups from the grid."""

from __future__ import annotations

import itertools
import re

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS
from visreason.core.generate import generate_group
from visreason.data.audit import audit

from .contract import param_error, wrong_options_score_zero
from .dense import dense_samples

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("star_battle")
TASK_IDS = [t.id for t in visreason.tasks("star_battle")]
SIZES = {"easy": 5, "medium": 6, "hard": 8}
COLOURS = ["red", "orange", "yellow", "green", "aqua", "blue", "purple", "pink", "brown"]


def stars_of(state: dict) -> set[tuple[int, int]]:
    return {(r, c) for r, c in state["stars"]}


def brute_force_solutions(regions: list[list[int]]) -> list[tuple[int, ...]]:
    """Every permutation of columns (one star per row and column) that puts one star in
    each region with no two stars touching."""
    n = len(regions)
    found = []
    for cols in itertools.permutations(range(n)):
        if any(abs(cols[r] - cols[r + 1]) < 2 for r in range(n - 1)):
            continue
        if len({regions[r][cols[r]] for r in range(n)}) == n:
            found.append(cols)
    return found


def touching(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a != b and abs(a[0] - b[0]) <= 1 and abs(a[1] - b[1]) <= 1


def can_take(state: dict, cell: tuple[int, int]) -> bool:
    regions, stars = state["regions"], stars_of(state)
    r, c = cell
    return (cell not in stars and all(s[0] != r and s[1] != c for s in stars)
            and all(regions[s[0]][s[1]] != regions[r][c] for s in stars)
            and not any(touching(s, cell) for s in stars))


def all_cells(n: int) -> list[tuple[int, int]]:
    return list(itertools.product(range(n), repeat=2))


def as_cell(text: str) -> tuple[int, int] | None:
    found = re.findall(r"-?\d+", text)
    return (int(found[0]), int(found[1])) if len(found) == 2 else None


def chosen(s: visreason.Sample) -> str:
    return s.options[LETTERS.index(s.answer)]


def asked_region(s: visreason.Sample) -> int:
    region = int(re.search(r"region (\d+) \((\w+)\)", s.question).group(1))
    name = re.search(r"region (\d+) \((\w+)\)", s.question).group(2)
    assert COLOURS[region] == name
    return region


def connected(regions: list[list[int]], k: int) -> bool:
    cells = {(r, c) for r, row in enumerate(regions) for c, v in enumerate(row) if v == k}
    start = next(iter(cells))
    seen, todo = {start}, [start]
    while todo:
        r, c = todo.pop()
        for nb in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if nb in cells and nb not in seen:
                seen.add(nb)
                todo.append(nb)
    return seen == cells


def check(s: visreason.Sample) -> None:
    """Re-derive the answer of one sample of any star battle task, in its form."""
    state, n = s.state, s.state["size"]
    regions, stars = state["regions"], stars_of(state)
    if s.task == "last_star":
        free = [cell for cell in all_cells(n) if can_take(state, cell)]
        rows_left = set(range(n)) - {r for r, _ in stars}
        assert len(stars) == n - 1 and len(rows_left) == 1
        (cell,) = [c for c in free if c[0] in rows_left]
        assert s.answer == f"({cell[0]}, {cell[1]})"
    elif s.task == "region_cell":
        k = asked_region(s)
        if s.options is not None:
            for option in s.options:
                r, c = as_cell(option)
                assert (regions[r][c] == k) == (option == chosen(s))
        else:
            row = s.meta["row"]
            for r, c in all_cells(n):
                want = 1.0 if regions[r][c] == k and r == row else 0.0
                assert visreason.verify(s, f"({r}, {c})") == want
    elif s.task == "region_star":
        k = asked_region(s)
        star = next((x for x in stars if regions[x[0]][x[1]] == k), None)
        if s.options is not None:
            assert s.options[-1].startswith("none")
            if star is None:
                assert s.answer == LETTERS[len(s.options) - 1]
            else:
                assert as_cell(chosen(s)) == star
            for option in s.options[:-1]:
                cell = as_cell(option)
                assert (cell == star) == (option == chosen(s))
        else:
            assert s.answer == ("none" if star is None else f"({star[0]}, {star[1]})")
            assert visreason.verify(s, "none") == (1.0 if star is None else 0.0)
            for r, c in all_cells(n):
                assert visreason.verify(s, f"({r}, {c})") == (1.0 if (r, c) == star else 0.0)
    elif s.task == "star_placement":
        free = {cell for cell in all_cells(n) if can_take(state, cell)}
        if s.options is not None:
            assert s.options[-1].startswith("none")
            if not free:
                assert s.answer == LETTERS[len(s.options) - 1]
            for option in s.options[:-1]:
                cell = as_cell(option)
                assert cell not in stars
                assert (cell in free) == (option == chosen(s)), option
        else:
            assert visreason.verify(s, "none") == (0.0 if free else 1.0)
            for r, c in all_cells(n):
                assert visreason.verify(s, f"({r}, {c})") == (1.0 if (r, c) in free else 0.0)
    else:
        raise AssertionError(s.task)
    if s.options is not None:
        wrong_options_score_zero(s)
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


# ----------------------------------------------------------------------------- puzzles

@pytest.mark.parametrize("level", LEVELS)
def test_puzzles_have_one_solution_by_brute_force_holding_every_placed_star(level: str) -> None:
    seeds = range(6) if level != "hard" else range(2)
    for seed in seeds:
        for task_id in ("star_battle/last_star", "star_battle/star_placement"):
            state = visreason.generate(task_id, level, seed, text_only=True).state
            regions, n = state["regions"], state["size"]
            assert n == SIZES[level] and len(regions) == n
            assert sorted({v for row in regions for v in row}) == list(range(n))
            assert all(connected(regions, k) for k in range(n))
            (solution,) = brute_force_solutions(regions)
            assert stars_of(state) <= {(r, c) for r, c in enumerate(solution)}


def test_brute_force_finds_several_solutions_when_regions_allow_them() -> None:
    """Five columns as regions: every non-touching permutation solves it."""
    regions = [list(range(5)) for _ in range(5)]
    assert len(brute_force_solutions(regions)) == 14
    from visreason.games.star_battle import rules
    assert len(rules.solutions(regions, 20)) == 14


@pytest.mark.parametrize("task_id", TASK_IDS)
@pytest.mark.parametrize("level", LEVELS)
def test_answers_rederived_in_both_forms(task_id: str, level: str) -> None:
    for seed in range(6):
        for form in FORMS:
            check(visreason.generate(task_id, level, seed, answer_form=form, text_only=True))


def test_none_answers_happen_and_are_right() -> None:
    for task in ("region_star", "star_placement"):
        answers = [visreason.generate(f"star_battle/{task}", "medium", 0, i, text_only=True)
                   for i in range(16)]
        nones = [s for s in answers if s.answer == "H"]
        assert len(nones) == 2
        for s in nones:
            check(s)


def test_open_near_misses_and_malformed_answers_score_zero() -> None:
    s = visreason.generate("star_battle/last_star", "medium", 3)
    r, c = as_cell(s.answer)
    assert visreason.verify(s, f"row {r}, column {c}") == 1.0
    for junk in ("", "none", f"({c + 1}, {r})", f"({r}, {c}) or ({c}, {r})", "(r, c)"):
        if junk != s.answer:
            assert visreason.verify(s, junk) == 0.0, junk
    o = visreason.generate("star_battle/star_placement", "medium", 4, answer_form="open")
    for junk in ("", "none or (1, 2)", "(1, 2, 3)", "star", "(99, 0)"):
        assert visreason.verify(o, junk) == 0.0, junk


def test_picture_colours_regions_and_draws_stars() -> None:
    from visreason.games.star_battle.render import layout_for
    from visreason.render import COLORS

    for level in LEVELS:
        s = visreason.generate("star_battle/region_star", level, 2)
        image = s.image.convert("RGB")
        layout = layout_for(s.state["size"])
        stars = stars_of(s.state)
        for r, c in all_cells(s.state["size"]):
            x0, y0, _, _ = layout.box(r, c)
            corner = image.getpixel((x0 + 6, y0 + 6))
            assert corner == COLORS[COLOURS[s.state["regions"][r][c]]]
            x, y = layout.center(r, c)
            centre = image.getpixel((int(x), int(y)))
            assert (centre == COLORS["black"]) == ((r, c) in stars)


def test_text_description_matches_state() -> None:
    s = visreason.generate("star_battle/region_cell", "hard", 3, text_only=True)
    text = s.question.split("given as text:\n")[1]
    lines = text.split("\nRegion colours")[0].splitlines()[2:]
    assert len(lines) == 8
    for r, line in enumerate(lines):
        for c, mark in enumerate(line.split()[1:]):
            star = "*" if [r, c] in s.state["stars"] else ""
            assert mark == f"{s.state['regions'][r][c]}{star}"
    assert "region 7 is pink" in text
    for word in ("image", "picture", "rgb"):
        assert word not in s.question.lower()


def test_state_key_is_the_board() -> None:
    a = visreason.generate("star_battle/region_cell", "easy", 0, 5)
    moved = dict(a.state, stars=a.state["stars"][1:])
    assert GAME.state_key(moved) != GAME.state_key(a.state)


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_the_size(task_id: str) -> None:
    for value in (5, 9):
        for index in range(2):
            for form in FORMS:
                s = visreason.generate(task_id, "medium", 0, index, text_only=True,
                                       answer_form=form, params={"size": value})
                assert s.state["size"] == value
                check(s)


@pytest.mark.parametrize("params", [{"size": 4}, {"size": 10}, {"size": "big"}, {"n": 6}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("star_battle/last_star", params)


# ----------------------------------------------------------------------------- data quality

def test_asked_questions_are_rederived_and_dense_data_passes_the_audit() -> None:
    for level in LEVELS:
        for g in range(12):
            for form in FORMS:
                for s in generate_group("star_battle", level, 2, g, questions=4,
                                        answer_form=form, text_only=True):
                    check(s)
    report = audit(dense_samples("star_battle", 300))
    assert report.failures == [], "\n" + report.table()


@pytest.mark.parametrize("level", LEVELS)
def test_last_star_question_leaves_the_stars_to_the_board(level: str) -> None:
    """The placed stars are read from the board, not from the question: listed there, they
    name the missing row and column without the picture. The text-only form still gives
    every star in its grid."""
    for index in range(10):
        s = visreason.generate("star_battle/last_star", level, 2, index)
        t = visreason.generate("star_battle/last_star", level, 2, index, text_only=True)
        asked = next(line for line in s.question.splitlines() if "must it go?" in line)
        assert not re.search(r"\d+, \d+", asked), asked
        grid = get_game("star_battle").describe(t.state)
        assert grid in t.question
        assert sum(line.count("*") for line in grid.splitlines()[1:]) == len(stars_of(t.state))
