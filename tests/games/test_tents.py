"""Tents answers re-derived independently: brute-force uniqueness, direct counts, cell checks."""

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
GAME = get_game("tents")
TASK_IDS = [t.id for t in visreason.tasks("tents")]
SIZES = {"easy": 7, "medium": 10, "hard": 13}
TREES = {"easy": 5, "medium": 10, "hard": 17}
SEEDS = range(6)


def cells_of(state: dict, key: str) -> set[tuple[int, int]]:
    return {(r, c) for r, c in state[key]}


def inside(n: int, r: int, c: int) -> bool:
    return 0 <= r < n and 0 <= c < n


def side_cells(n: int, cell: tuple[int, int]) -> list[tuple[int, int]]:
    r, c = cell
    return [(r + dr, c + dc) for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0))
            if inside(n, r + dr, c + dc)]


def ring(n: int, cell: tuple[int, int]) -> list[tuple[int, int]]:
    r, c = cell
    return [(r + dr, c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)
            if (dr or dc) and inside(n, r + dr, c + dc)]


def pairs_up(trees: list, tents: list) -> bool:
    """Trees and tents pair one to one along orthogonal sides: tried over every permutation."""
    if len(trees) != len(tents):
        return False
    return any(all(abs(t[0] - a[0]) + abs(t[1] - a[1]) == 1 for t, a in zip(trees, order,
                                                                         strict=True))
               for order in itertools.permutations(tents))


def obeys_rules(state: dict, tents: set) -> bool:
    n, trees = state["size"], cells_of(state, "trees")
    if tents & trees:
        return False
    if [sum(t[0] == r for t in tents) for r in range(n)] != state["row_targets"]:
        return False
    if [sum(t[1] == c for t in tents) for c in range(n)] != state["col_targets"]:
        return False
    if any(a != b and abs(a[0] - b[0]) <= 1 and abs(a[1] - b[1]) <= 1
           for a in tents for b in tents):
        return False
    return pairs_up(sorted(trees), sorted(tents))


def brute_force_solutions(state: dict) -> list[set]:
    """Every tent set obeying the rules, over all subsets of the cells beside a tree."""
    n, trees = state["size"], cells_of(state, "trees")
    spots = sorted({c for t in trees for c in side_cells(n, t)} - trees)
    return [set(combo) for combo in itertools.combinations(spots, len(trees))
            if obeys_rules(state, set(combo))]


def independent_blocker(state: dict, cell: tuple[int, int]) -> bool:
    """Whether a new tent on `cell` breaks a check now (written separately from the game)."""
    n, trees, tents = state["size"], cells_of(state, "trees"), cells_of(state, "tents")
    r, c = cell
    placed_row = sum(1 for t in tents if t[0] == r)
    placed_col = sum(1 for t in tents if t[1] == c)
    return (cell in trees or cell in tents or not any(s in trees for s in side_cells(n, cell))
            or any(x in tents for x in ring(n, cell)) or placed_row >= state["row_targets"][r]
            or placed_col >= state["col_targets"][c])


def valid_cells(state: dict) -> set:
    n = state["size"]
    return {(r, c) for r in range(n) for c in range(n) if not independent_blocker(state, (r, c))}


def as_cell(text: str) -> tuple[int, int]:
    r, c = (int(v) for v in re.findall(r"-?\d+", text))
    return (r, c)


def chosen(s: visreason.Sample) -> str:
    return s.options[LETTERS.index(s.answer)]


def question_number(s: visreason.Sample, pattern: str) -> int:
    return int(re.search(pattern, s.question).group(1))


def check(s: visreason.Sample) -> None:
    """Re-derive the answer of one sample of any tents task, in the form it was made."""
    state, n = s.state, s.state["size"]
    trees, tents = cells_of(state, "trees"), cells_of(state, "tents")
    if s.task == "row_tent_count":
        r = question_number(s, r"placed in row (\d+) now")
        assert s.answer == str(sum(1 for t in tents if t[0] == r))
    elif s.task == "column_missing_tents":
        c = question_number(s, r"missing in column (\d+)")
        assert s.answer == str(state["col_targets"][c] - sum(1 for t in tents if t[1] == c))
    elif s.task == "total_missing_tents":
        assert s.answer == str(len(trees) - len(tents))
        assert sum(state["row_targets"]) == sum(state["col_targets"]) == len(trees)
    elif s.task == "tree_adjacent_cells":
        near = {x for t in trees for x in side_cells(n, t) if x not in trees}
        assert s.answer == str(len(near))
    elif s.task == "valid_new_tent_count":
        assert s.answer == str(len(valid_cells(state)))
    elif s.task == "tree_position":
        if s.options is not None:
            assert as_cell(chosen(s)) in trees
            for option in s.options:
                assert (as_cell(option) in trees) == (option == chosen(s))
                assert inside(n, *as_cell(option))
        else:
            row = s.meta["row"]
            for r, c in itertools.product(range(n), repeat=2):
                expected = 1.0 if (r, c) in trees and r == row else 0.0
                assert visreason.verify(s, f"({r}, {c})") == expected, (r, c)
    elif s.task == "new_tent_position":
        valid = valid_cells(state)
        if s.options is not None:
            for option in s.options:
                assert (as_cell(option) in valid) == (option == chosen(s)), option
        else:
            assert as_cell(s.answer) in valid
            for r, c in itertools.product(range(n), repeat=2):
                expected = 1.0 if (r, c) in valid else 0.0
                assert visreason.verify(s, f"<answer>({r}, {c})</answer>") == expected
    else:
        raise AssertionError(s.task)
    if s.options is not None:
        wrong_options_score_zero(s)
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


# ----------------------------------------------------------------------------- puzzles

@pytest.mark.parametrize("level", LEVELS)
def test_states_are_puzzles_whose_placed_tents_belong_to_a_solution(level: str) -> None:
    for seed in SEEDS:
        state = visreason.generate("tents/tree_position", level, seed, text_only=True).state
        n, trees, tents = state["size"], cells_of(state, "trees"), cells_of(state, "tents")
        assert n == SIZES[level] and len(trees) == TREES[level]
        assert sum(state["row_targets"]) == len(trees) and not trees & tents
        assert len(trees) - len(tents) >= 1
        assert all(inside(n, *c) for c in trees | tents)


@pytest.mark.parametrize("seed", range(8))
def test_small_puzzles_have_exactly_one_solution_by_brute_force(seed: int) -> None:
    """Every subset of cells beside a tree is tried: exactly one obeys all the rules, and it
    holds every tent the state shows."""
    for level, params in (("easy", None), ("medium", {"size": 6, "tree_share": 12})):
        state = visreason.generate("tents/total_missing_tents", level, seed, text_only=True,
                                   params=params).state
        found = brute_force_solutions(state)
        assert len(found) == 1, found
        assert cells_of(state, "tents") <= found[0]


def test_brute_force_sees_a_second_solution_when_there_is_one() -> None:
    """The brute force can fail: trees at (1, 1) and (1, 3) with tents wanted in rows 0 and 2
    and columns 1 and 3 take them above one tree and below the other, either way round."""
    state = {"size": 5, "trees": [[1, 1], [1, 3]], "tents": [],
             "row_targets": [1, 0, 1, 0, 0], "col_targets": [0, 1, 0, 1, 0]}
    assert len(brute_force_solutions(state)) == 2
    from visreason.games.tents import rules
    p = rules.Puzzle.from_state(state)
    assert len(rules.solutions(p, 5)) == 2 and rules.unique_solution(p) is None


@pytest.mark.parametrize("task_id", TASK_IDS)
@pytest.mark.parametrize("level", LEVELS)
def test_answers_rederived_in_both_forms(task_id: str, level: str) -> None:
    for seed in range(5):
        for form in FORMS:
            check(visreason.generate(task_id, level, seed, answer_form=form, text_only=True))


def test_open_near_misses_and_malformed_answers_score_zero() -> None:
    for task_id in ("tents/tree_position", "tents/new_tent_position"):
        s = visreason.generate(task_id, "medium", 3, answer_form="open")
        r, c = as_cell(s.answer)
        assert visreason.verify(s, f"row {r}, col {c}") == 1.0
        for junk in ("", "tree", f"({r}, {c}) or ({c}, {r})", f"({r}, {c}, 1)", "(99, 99)",
                     "(-1, 0)"):
            assert visreason.verify(s, junk) == 0.0, junk
    s = visreason.generate("tents/valid_new_tent_count", "hard", 2)
    assert visreason.verify(s, str(int(s.answer) + 1)) == 0.0
    assert visreason.verify(s, f"{s.answer} or {int(s.answer) + 1}") == 0.0


def test_picture_shows_trees_tents_and_empty_cells() -> None:
    from visreason.games.tents.render import CANOPY, TENT, TENT_EDGE, layout_for

    for level in LEVELS:
        s = visreason.generate("tents/tree_position", level, 1)
        image = s.image.convert("RGB")
        layout = layout_for(s.state["size"])
        trees, tents = cells_of(s.state, "trees"), cells_of(s.state, "tents")
        for r, c in itertools.product(range(s.state["size"]), repeat=2):
            x, y = layout.center(r, c)
            colour = image.getpixel((int(x), int(y)))
            if (r, c) in trees:
                assert colour == CANOPY
            elif (r, c) in tents:
                assert colour in (TENT, TENT_EDGE)
            else:
                assert colour == (255, 255, 255)


def test_text_description_matches_state() -> None:
    s = visreason.generate("tents/row_tent_count", "medium", 3, text_only=True)
    text = s.question.split("given as text:\n")[1]
    grid = text.split("\nLegend")[0].splitlines()[2:]
    assert len(grid) == 10
    for r, line in enumerate(grid):
        marks = line.split()[1:]
        for c, mark in enumerate(marks):
            want = "T" if [r, c] in s.state["trees"] else "A" if [r, c] in s.state["tents"] \
                else "."
            assert mark == want
    assert ", ".join(map(str, s.state["row_targets"])) in text
    assert ", ".join(map(str, s.state["col_targets"])) in text
    for word in ("image", "picture", "green", "orange", "blue", "rgb"):
        assert word not in s.question.lower()


def test_state_key_is_the_board() -> None:
    a = visreason.generate("tents/row_tent_count", "easy", 0, 5)
    assert GAME.state_key(a.state) == GAME.state_key(dict(a.state))
    moved = dict(a.state, tents=a.state["tents"][1:])
    assert GAME.state_key(moved) != GAME.state_key(a.state)


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param in GAME.params:
        for value in (param.low, param.high):
            params = {param.name: value}
            if param.name == "removed_min":
                params["removed_max"] = 12
            if param.name == "removed_max":
                params["removed_min"] = 1
            for index in range(2):
                s = visreason.generate(task_id, "medium", 0, index, text_only=True,
                                       answer_form="open", params=params)
                check(s)
                if param.name == "size":
                    assert s.state["size"] == value


def test_removed_counts_follow_the_parameters() -> None:
    seen = {int(visreason.generate("tents/total_missing_tents", "hard", 0, i,
                                   text_only=True).answer) for i in range(30)}
    assert seen == set(range(4, 10))


@pytest.mark.parametrize("params", [{"size": 4}, {"size": 15}, {"tree_share": 16},
                                    {"removed_min": 0}, {"removed_min": 5, "removed_max": 3},
                                    {"trees": 3}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("tents/row_tent_count", params)


# ----------------------------------------------------------------------------- data quality

def test_asked_questions_are_rederived_and_dense_data_passes_the_audit() -> None:
    for level in LEVELS:
        for g in range(10):
            for form in FORMS:
                group = generate_group("tents", level, 2, g, questions=len(TASK_IDS),
                                       answer_form=form, text_only=True)
                assert len(group) >= 4
                for s in group:
                    check(s)
    report = audit(dense_samples("tents", 300))
    assert report.failures == [], "\n" + report.table()
