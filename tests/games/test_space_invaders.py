"""Space Invaders answers re-derived from the stored grid with a plain engine of its own:
enemies as a set of (row, col, colour), shots and formation shifts applied literally, and
best scores by trying every sequence of ship columns."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

import visreason
from visreason.core import Draw, Retry, get_game, get_task
from visreason.core.answers import LETTERS
from visreason.core.generate import generate_group
from visreason.data.audit import audit

from .contract import at_parameter_ends, dense_audit_passes, param_error

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("space_invaders")
TASK_IDS = [t.id for t in visreason.tasks("space_invaders")]
VALUE = {"P": 30, "B": 20, "G": 10}
NAMES = {"purple": "P", "blue": "B", "green": "G"}


def enemies(state: dict) -> set[tuple[int, int, str]]:
    return {(r, c, ch) for r, row in enumerate(state["grid"], 1)
            for c, ch in enumerate(row, 1) if ch != "."}


def fire(units: set, col: int) -> tuple[set, int]:
    """Remove the enemy with the largest row in `col`; its points (0 when there is none)."""
    in_col = [u for u in units if u[1] == col]
    if not in_col:
        return units, 0
    low = max(in_col)
    return units - {low}, VALUE[low[2]]


def moved(units: set, step: int) -> set:
    return {(r, c + step, ch) for r, c, ch in units}


def chosen(sample: visreason.Sample) -> str:
    return sample.options[LETTERS.index(sample.answer)]


def check_answer(choice: visreason.Sample, open_: visreason.Sample, expected: int) -> None:
    """Both forms hold `expected`; every wrong letter and every wrong number scores 0."""
    assert int(chosen(choice)) == expected and open_.answer == str(expected)
    assert visreason.verify(choice, f"Answer: {choice.answer}") == 1.0
    for i, text in enumerate(choice.options):
        if LETTERS[i] != choice.answer:
            assert int(text) != expected
            assert visreason.verify(choice, f"<answer>{LETTERS[i]}</answer>") == 0.0
    assert visreason.verify(open_, f"<answer>{expected}</answer>") == 1.0
    for miss in (expected - 10, expected - 1, expected + 1, expected + 10):
        assert visreason.verify(open_, f"<answer>{miss}</answer>") == 0.0
    assert visreason.verify(open_, "<answer>many</answer>") == 0.0


def both(task: str, level: str, seed: int) -> tuple[visreason.Sample, visreason.Sample]:
    choice = visreason.generate(f"space_invaders/{task}", level, seed)
    open_ = visreason.generate(f"space_invaders/{task}", level, seed, answer_form="open")
    assert open_.state == choice.state and open_.options is None
    return choice, open_


def number_in(text: str, before: str) -> int:
    """The integer right after `before` in `text` ('column 4' -> 4)."""
    return int(text.split(before, 1)[1].split()[0].strip("?.,"))


# ----------------------------------------------------------------------------- the engine

def test_shots_hit_the_lowermost_enemy_and_shifts_move_everything() -> None:
    from visreason.games.space_invaders import rules

    grid = ["..P.", "..B.", ".PG.", "...."]
    after, points = rules.shoot(grid, 3)
    assert points == 10 and after == ["..P.", "..B.", ".P..", "...."]
    assert rules.shoot(after, 3)[1] == 20 and rules.shoot(grid, 4) == (grid, 0)
    assert rules.shift(grid, 1) == ["...P", "...B", "..PG", "...."]
    with pytest.raises(ValueError):
        rules.shift(rules.shift(grid, 1), 1)
    assert rules.best_shots(grid, 2)[0] == 30 + 10  # column 2's purple, then column 3's green
    assert rules.best_shots(grid, 3)[0] == 30 + 10 + 20
    assert rules.best_shots(grid, 9)[0] == 30 + 10 + 20 + 30


def test_colours_follow_the_formation_rows() -> None:
    from visreason.games.space_invaders import rules

    assert [rules.row_color(3, i) for i in (1, 2, 3)] == ["P", "B", "G"]
    assert [rules.row_color(4, i) for i in (1, 2, 3, 4)] == ["P", "B", "G", "G"]
    assert [rules.row_color(5, i) for i in (1, 2, 3, 4, 5)] == ["P", "B", "B", "G", "G"]


# ----------------------------------------------------------------------------- counting

@pytest.mark.parametrize("level", LEVELS)
def test_counts_match_the_grid(level: str) -> None:
    for seed in range(10):
        units = None
        for task in ("column_count", "row_count", "total_count", "color_count"):
            choice, open_ = both(task, level, seed)
            units = enemies(choice.state)
            if task == "column_count":
                col = number_in(choice.question.split("\n\n")[-3], "in column")
                expected = sum(1 for u in units if u[1] == col)
            elif task == "row_count":
                row = number_in(choice.question.split("\n\n")[-3], "in row")
                expected = sum(1 for u in units if u[0] == row)
            elif task == "total_count":
                expected = len(units)
            else:
                name = choice.meta["color"]
                assert f"How many {name} enemies" in choice.question
                expected = sum(1 for u in units if u[2] == NAMES[name])
            check_answer(choice, open_, expected)


# ----------------------------------------------------------------------------- shooting

@pytest.mark.parametrize("level", LEVELS)
def test_single_shots_score_the_lowermost_enemy(level: str) -> None:
    for seed in range(12):
        choice, open_ = both("shoot_here", level, seed)
        check_answer(choice, open_, fire(enemies(choice.state), choice.state["ship"])[1])
        choice, open_ = both("move_and_shoot", level, seed)
        col = choice.meta["column"]
        assert col != choice.state["ship"] and f"moves to column {col}" in choice.question
        check_answer(choice, open_, fire(enemies(choice.state), col)[1])


@pytest.mark.parametrize("level", LEVELS)
def test_moving_formation_matches_a_literal_replay(level: str) -> None:
    shots_seen = Counter()
    for seed in range(15):
        choice, open_ = both("moving_formation", level, seed)
        state = choice.state
        width = len(state["grid"][0])
        shots, word = choice.meta["shots"], choice.meta["direction"]
        assert f"next {shots} intervals" in choice.question and f"to the {word}" in choice.question
        assert 2 <= shots <= GAME.presets[level]["volley"]
        step = 1 if word == "right" else -1
        units, total = enemies(state), 0
        for k in range(shots):
            units, points = fire(units, state["ship"])
            total += points
            if k < shots - 1:
                units = moved(units, step)
                assert all(1 <= c <= width for _, c, _ in units)  # never leaves the grid
        check_answer(choice, open_, total)
        shots_seen[shots] += 1
    assert len(shots_seen) >= 2


def brute_best(state: dict, shots: int, step: int) -> int:
    """The most points over every sequence of ship columns, the formation shifting `step`
    columns after each interval (bouncing is never needed: only reachability matters)."""
    width = len(state["grid"][0])
    best = 0
    for cols in itertools.product(range(1 - width, 2 * width), repeat=shots):
        units, total = enemies(state), 0
        for k, col in enumerate(cols):
            units, points = fire(units, col)
            total += points
            units = moved(units, step if k < shots - 1 else 0)
        best = max(best, total)
    return best


@pytest.mark.parametrize("level", LEVELS)
def test_best_scores_are_optimal_by_exhaustive_search(level: str) -> None:
    for seed in range(6):
        choice, open_ = both("best_single_shot", level, seed)
        units = enemies(choice.state)
        width = len(choice.state["grid"][0])
        expected = max(fire(units, c)[1] for c in range(1, width + 1))
        check_answer(choice, open_, expected)
        choice, open_ = both("best_shots", level, seed)
        shots = choice.meta["shots"]
        expected = brute_best(choice.state, shots, 1)
        assert expected == brute_best(choice.state, shots, -1)
        check_answer(choice, open_, expected)
        # no smaller option is marked correct: every option below the optimum scores 0
        for i, text in enumerate(choice.options):
            if int(text) < expected:
                assert visreason.verify(choice, LETTERS[i]) == 0.0


def test_best_shots_with_more_shots_on_a_small_board() -> None:
    for shots in (1, 3):
        for seed in range(4):
            s = visreason.generate("space_invaders/best_shots", "easy", seed,
                                   params={"shots": shots})
            assert s.meta["shots"] == shots
            assert int(chosen(s)) == brute_best(s.state, shots, 1)


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param, value, s in at_parameter_ends(task_id, 2):
        grid = s.state["grid"]
        p = dict(GAME.presets["medium"], **{param.name: value})
        assert len(grid[0]) == p["cols"] + 2 * p["margin"]
        assert p["rows"] + 2 <= len(grid) <= p["rows"] + 3
        assert len(enemies(s.state)) >= 2
        assert visreason.verify(s, s.answer) == 1.0
    for params in ({"rows": 2, "cols": 3, "margin": 1, "volley": 5, "shots": 4},
                   {"rows": 6, "cols": 12, "margin": 3, "volley": 2, "shots": 1}):
        s = visreason.generate(task_id, "hard", 1, 0, params=params)
        assert len(s.state["grid"][0]) == params["cols"] + 2 * params["margin"]


@pytest.mark.parametrize("params", [{"rows": 1}, {"rows": 7}, {"cols": 2}, {"cols": 13},
                                    {"margin": 0}, {"volley": 6}, {"shots": 0},
                                    {"shots": "two"}, {"speed": 3}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("space_invaders/total_count", params, ranged=True)


# ----------------------------------------------------------------------------- data quality

def test_audit_passes_in_both_forms() -> None:
    samples = [visreason.generate(task_id, level, 1, index, answer_form=form, text_only=True)
               for task_id in TASK_IDS for level in LEVELS for form in FORMS
               for index in range(300)]
    report = audit(samples)
    assert report.failures == [], "\n" + report.table()


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_prompts_name_no_picture(task_id: str) -> None:
    for level in LEVELS:
        for form in FORMS:
            s = visreason.generate(task_id, level, 4, 2, answer_form=form, text_only=True)
            text = (s.question + "\n" + s.analysis).lower()
            for word in ("image", "picture", "drawn", "orange", "lane", "squid"):
                assert word not in text, (s.id, word)
            if form == "open":
                assert "option" not in s.analysis.lower()
            assert "Ship: below column" in s.question


def test_description_and_state_key() -> None:
    s = visreason.generate("space_invaders/total_count", "easy", 0)
    text = GAME.describe(s.state)
    lines = text.splitlines()
    assert lines[0].split() == [str(c) for c in range(1, len(s.state["grid"][0]) + 1)]
    for r, row in enumerate(s.state["grid"], 1):
        assert lines[r].split() == [str(r), *row]
    assert GAME.state_key(s.state) == "/".join(s.state["grid"]) + f"|ship{s.state['ship']}"


# ----------------------------------------------------------------------------- pictures

def test_picture_agrees_with_grid() -> None:
    from visreason.games.space_invaders.render import INVADER_COLORS, SHIP_COLOR, layout_for

    for level in LEVELS:
        for seed in range(5):
            s = visreason.generate("space_invaders/total_count", level, seed)
            grid = s.state["grid"]
            layout = layout_for(len(grid), len(grid[0]))
            image = s.image.convert("RGB")
            for r, row in enumerate(grid):
                for c, ch in enumerate(row):
                    x0, y0, x1, y1 = layout.box(r, c)
                    colours = {color for _, color in
                               image.crop((x0 + 2, y0 + 2, x1 - 1, y1 - 1)).getcolors(4096)}
                    for kind, color in INVADER_COLORS.items():
                        assert (color in colours) == (ch == kind), (s.id, r, c)
            x0, y0, x1, y1 = layout.box(len(grid), s.state["ship"] - 1)
            assert SHIP_COLOR in {color for _, color in
                                  image.crop((x0, y0, x1, y1)).getcolors(4096)}
            again = visreason.generate("space_invaders/total_count", level, seed)
            assert again.image.tobytes() == s.image.tobytes()


# ----------------------------------------------------------------- several questions per state

ASKING = {t.split("/")[1] for t in TASK_IDS}


def test_questions_asked_about_other_tasks_boards_are_right() -> None:
    asked: Counter[str] = Counter()
    for level in LEVELS:
        for g in range(24):
            choice = generate_group("space_invaders", level, 2, g, questions=len(TASK_IDS))
            open_ = generate_group("space_invaders", level, 2, g, questions=len(TASK_IDS),
                                   answer_form="open", text_only=True)
            assert [s.task for s in choice] == [s.task for s in open_]
            for s, o in zip(choice[1:], open_[1:], strict=True):
                assert s.state == choice[0].state and s.task in ASKING
                units = enemies(s.state)
                if s.task == "column_count":
                    col = number_in(s.question.split("\n\n")[-3], "in column")
                    expected = sum(1 for u in units if u[1] == col)
                elif s.task == "row_count":
                    row = number_in(s.question.split("\n\n")[-3], "in row")
                    expected = sum(1 for u in units if u[0] == row)
                elif s.task == "color_count":
                    expected = sum(1 for u in units if u[2] == NAMES[s.meta["color"]])
                elif s.task == "total_count":
                    expected = len(units)
                elif s.task == "shoot_here":
                    expected = fire(units, s.state["ship"])[1]
                elif s.task == "best_single_shot":
                    width = len(s.state["grid"][0])
                    expected = max(fire(units, c)[1] for c in range(1, width + 1))
                elif s.task == "best_shots":
                    expected = brute_best(s.state, s.meta["shots"], 1)
                elif s.task == "moving_formation":
                    step = 1 if s.meta["direction"] == "right" else -1
                    width, expected = len(s.state["grid"][0]), 0
                    for k in range(s.meta["shots"]):
                        units, points = fire(units, s.state["ship"])
                        expected += points
                        if k < s.meta["shots"] - 1:
                            units = moved(units, step)
                            assert all(1 <= c <= width for _, c, _ in units)
                else:
                    expected = fire(units, s.meta["column"])[1]
                check_answer(s, o, expected)
                asked[s.task] += 1
    assert set(asked) == ASKING


def test_a_board_without_the_answer_is_refused() -> None:
    state = {"grid": [".....", ".PPP.", ".....", "....."], "ship": 2}
    task = get_task("space_invaders/move_and_shoot")
    refused, points = 0, set()
    for index in range(16):
        draw = Draw(random.Random(index), "easy", dict(GAME.presets["easy"]), index, "ask test")
        try:
            q = task.ask(draw, state)
        except Retry:
            refused += 1
            continue
        assert q.state == state
        points.add(q.open.answer)
    assert refused and points <= {"0", "30"}  # no column but the ship's scores 20 or 10


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("space_invaders", 600)
