"""Rhythm game answers re-derived independently: a second-by-second simulation of the falling
board with a mirror flag, counting cells, scanning snakes, and reading the picture."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS
from visreason.rewards import accuracy_score

from .contract import asked_counts, dense_audit_passes, param_error, text_only_names_none

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("rhythm_game")
TASK_IDS = [t.id for t in visreason.tasks("rhythm_game")]
SHAPES = {"easy": (15, 4), "medium": (15, 6), "hard": (20, 6)}
RGB = {"C": (245, 210, 40), "R": (40, 170, 60), "H": (245, 150, 190), "B": (40, 90, 220),
       "T": (128, 128, 128), ".": (255, 255, 255)}
NAMES = {".": "Empty", "C": "Click", "R": "Reverse", "H": "Snake head", "B": "Snake body",
         "T": "Snake tail"}


def timed_score(grid: list[str], finger: int, delay: int) -> int:
    """Second by second: at second t the original row t + 1 reaches the bottom; the finger
    reads its own column, or the mirrored one after an odd number of reverses."""
    rows, cols = len(grid), len(grid[0])
    mirrored, busy_until, score = False, 0, 0
    for t in range(rows):
        if t < busy_until:
            continue
        col = cols - finger + 1 if mirrored else finger
        kind = grid[t][col - 1]
        if kind == "C":
            score += 10
        elif kind == "R":
            score += 15
            mirrored = not mirrored
            busy_until = t + 1 + delay
        elif kind in "HBT":
            top = t
            while grid[top][col - 1] != "T":
                top += 1
            if kind == "H":
                length = top - t + 1
                score += length * (2 * length + 7)
            busy_until = top + 1
    return score


def chosen(s: visreason.Sample) -> str:
    return s.options[LETTERS.index(s.answer)]


def check_state(state: dict) -> None:
    grid = state["grid"]
    assert len(grid) == state["rows"] and all(len(line) == state["cols"] for line in grid)
    for c in range(state["cols"]):
        column = "".join(line[c] for line in grid)
        # Every snake reads H, then B*, then T, bottom to top, 2-5 cells.
        for run in re.findall(r"H[B]*T?", column):
            assert run.endswith("T") and 2 <= len(run) <= 5, column
        assert column.count("H") == column.count("T")
        assert re.fullmatch(r"(?:[.CR]|HB{0,3}T)*", column), column


def check_sample(s: visreason.Sample, o: visreason.Sample | None = None) -> None:
    state, grid = s.state, s.state["grid"]
    check_state(state)
    rows, cols = state["rows"], state["cols"]
    if s.task == "block_type":
        r, c = (int(v) for v in re.search(r"at \((\d+), (\d+)\)", s.question).groups())
        kind = grid[r - 1][c - 1]
        assert chosen(s) == NAMES[kind]
        if s.image is not None:
            from visreason.games.rhythm_game.render import layout_for
            x, y = layout_for(rows, cols).center(rows - r, c - 1)
            assert s.image.convert("RGB").getpixel((int(x), int(y))) == RGB[kind]
        if o is not None:
            assert visreason.verify(o, NAMES[kind]) == 1.0
            for other in set(NAMES.values()) - {NAMES[kind]}:
                assert visreason.verify(o, other) == 0.0
            assert visreason.verify(o, "snake") == 0.0
    elif s.task == "occupancy":
        occ = sum(ch != "." for line in grid for ch in line)
        assert float(s.answer) == pytest.approx(round(occ / (rows * cols), 3), abs=1e-12)
        assert visreason.verify(s, f"{occ}/{rows * cols}") == 1.0
        assert visreason.verify(s, f"{occ / (rows * cols):.3f}") == 1.0
        assert visreason.verify(s, f"{occ / (rows * cols) + 0.001:.3f}") == 0.0
        assert visreason.verify(s, f"{(occ + 1) / (rows * cols):.3f}") == 0.0
    elif s.task == "snake_after_fall":
        k, r, c = (int(v) for v in re.search(
            r"after (\d+) seconds? a snake's head is at \((\d+), (\d+)\)", s.question).groups())
        head = r + k
        assert grid[head - 1][c - 1] == "H"
        top = head
        while grid[top - 1][c - 1] != "T":
            top += 1
        assert chosen(s) == str(top - head + 1)
        if o is not None:
            assert o.answer == str(top - head + 1)
    elif s.task.startswith("column_score"):
        delay = int(s.task.endswith("delayed"))
        column = int(re.search(r"finger on column (\d+)", s.question).group(1))
        truth = timed_score(grid, column, delay)
        assert chosen(s) == str(truth)
        if o is not None:
            assert o.answer == str(truth) and visreason.verify(o, str(truth + 1)) == 0.0
    elif s.task.startswith("best_columns"):
        delay = int(s.task.endswith("delayed"))
        scores = [timed_score(grid, c, delay) for c in range(1, cols + 1)]
        best = [c for c, v in enumerate(scores, 1) if v == max(scores)]
        assert s.answer == "".join(LETTERS[c - 1] for c in best)
        assert s.options == [f"Column {c}" for c in range(1, cols + 1)]
        for c in range(1, cols + 1):  # no lower-scoring column is ever marked right
            if c not in best:
                assert visreason.verify(s, LETTERS[c - 1]) == 0.0
                assert visreason.verify(s, "".join(sorted({*s.answer, LETTERS[c - 1]}))) == 0.0
        if len(best) > 1:
            assert visreason.verify(s, LETTERS[best[0] - 1]) == 0.0
        if o is not None:
            assert visreason.verify(o, ", ".join(map(str, reversed(best)))) == 1.0
            assert visreason.verify(o, " and ".join(f"column {c}" for c in best)) == 1.0
            worse = next((c for c in range(1, cols + 1) if c not in best), None)
            if worse is not None:
                assert visreason.verify(o, ", ".join(map(str, [*best, worse]))) == 0.0
                assert visreason.verify(o, str(worse)) == 0.0
            assert visreason.verify(o, "") == 0.0
            assert visreason.verify(o, f"{best[0]}, {best[0]}") == 0.0
    else:
        raise AssertionError(s.task)
    if s.options and s.answer_type == "choice":
        for i in range(len(s.options)):
            if LETTERS[i] != s.answer:
                assert visreason.verify(s, LETTERS[i]) == 0.0
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("task_id", TASK_IDS)
def test_answers_rederived(task_id: str, level: str) -> None:
    for index in range(10):
        s = visreason.generate(task_id, level, 3, index)
        assert (s.state["rows"], s.state["cols"]) == SHAPES[level]
        o = visreason.generate(task_id, level, 3, index, answer_form="open", text_only=True)
        assert o.state == s.state
        check_sample(s, o)


def test_hand_board_scores() -> None:
    """A 6x3 board worked by hand (bottom row first)."""
    grid = ["R.C",   # row 1
            "C.H",   # row 2
            "..B",   # row 3
            "H.T",   # row 4
            "T.R",   # row 5
            ".C."]   # row 6
    state = {"rows": 6, "cols": 3, "grid": grid}
    from visreason.games.rhythm_game import rules
    # Column 1: reverse +15, mirror to 3; row 2 head of a 3-snake: +39, on to row 5; reverse
    # +15, mirror to 1; row 6 empty. 69.
    assert rules.play(grid, 1).score == timed_score(grid, 1, 0) == 69
    # With the delay: reverse +15, row 2 skipped; row 3 in column 3 is a body cell: held to
    # row 5; row 5 reverse +15, row 6 skipped. 30.
    assert rules.play(grid, 1, 1).score == timed_score(grid, 1, 1) == 30
    # Column 3: click, head of 3 (+39, to row 5), reverse (+15, to column 1), row 6 empty. 64.
    assert rules.play(grid, 3).score == timed_score(grid, 3, 0) == 64
    # Column 2: row 6 click only. 10.
    assert rules.play(grid, 2).score == 10
    assert rules.best_columns(grid) == [1]
    task = visreason.get_task("rhythm_game/best_columns")
    assert task.check_open(state, {}, "1") == 1.0
    assert task.check_open(state, {}, "1, 3") == 0.0
    assert task.check_open(state, {}, "column one") == 0.0


def test_column_symmetries_keep_scores() -> None:
    import random

    from visreason.games.rhythm_game import rules
    rng = random.Random(3)
    for cols in (3, 4, 5, 6):
        perms = rules.symmetries(cols)
        assert len(set(perms)) == len(perms)
        for _ in range(5):
            board = rules.random_board(rng, 12, cols, 20)
            for perm in rng.sample(perms, min(6, len(perms))):
                moved = rules.permute(board, perm)
                for c in range(1, cols + 1):
                    for delay in (0, 1):
                        assert timed_score(moved, perm[c - 1], delay) == \
                            timed_score(board, c, delay)


def test_block_mix_follows_the_original_ratio() -> None:
    from visreason.games.rhythm_game import rules
    assert rules.counts(30) == (15, 8, 7)
    for index in range(10):
        s = visreason.generate("rhythm_game/occupancy", "medium", 0, index, text_only=True)
        text = "".join(s.state["grid"])
        clicks, reverses, snakes = text.count("C"), text.count("R"), text.count("H")
        total = clicks + reverses + snakes
        assert (clicks, reverses, snakes) == rules.counts(total)
        assert 90 * 35 // 100 <= total <= 90 * 50 // 100


def test_text_description_matches_state() -> None:
    s = visreason.generate("rhythm_game/occupancy", "hard", 2, text_only=True)
    lines = s.question.split("given as text:\n")[1].splitlines()
    assert lines[0].split() == [str(c) for c in range(1, 7)]
    for line in lines[1:21]:
        label, *cells = line.split()
        assert "".join(cells) == s.state["grid"][int(label) - 1]
    assert lines[1].split()[0] == "20" and lines[20].split()[0] == "1"


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_names_no_picture_or_colour(task_id: str) -> None:
    text_only_names_none(task_id, ("image", "picture", "yellow", "green", "pink", "blue", "grey",
                                   "spine", "rgb"))


def test_state_key_is_the_board() -> None:
    s = visreason.generate("rhythm_game/block_type", "easy", 0, 1)
    assert GAME.state_key(s.state) == "/".join(s.state["grid"])


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param in GAME.params:
        for value in (param.low, param.high):
            params = {param.name: value}
            if param.name == "min_fill":
                params["max_fill"] = 50
            if param.name == "max_fill":
                params["min_fill"] = 20
            for index in range(3):
                for form in FORMS:
                    s = visreason.generate(task_id, "medium", 0, index, answer_form=form,
                                           text_only=True, params=params)
                    if form == "choice":
                        check_sample(s)
                    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0
                    if param.name in ("rows", "cols"):
                        assert s.state[param.name] == value


@pytest.mark.parametrize("params", [{"rows": 7}, {"cols": 9}, {"cols": 2}, {"min_fill": 60},
                                    {"rows": "tall"}, {"speed": 1},
                                    {"min_fill": 45, "max_fill": 30}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("rhythm_game/occupancy", params, "medium")


# ----------------------------------------------------------------------------- data quality

@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_states_are_right(level: str) -> None:
    asked = asked_counts("rhythm_game", level, 28, len(TASK_IDS), check_sample)
    # Four-column boards are never asked which columns are best (see BestColumns.ask).
    never = {"best_columns", "best_columns_delayed"} if level == "easy" else set()
    assert {t for t, n in asked.items() if n} == {t.name for t in visreason.tasks("rhythm_game")
                                                  } - never


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("rhythm_game", 300, 30)


def test_best_columns_partial_credit_hand_cases() -> None:
    """Columns 2 and 3 tie on this board (bottom row first): each scores 10."""
    task = visreason.get_task("rhythm_game/best_columns")
    state = {"rows": 3, "cols": 4, "grid": [".CC.", "....", "...."]}
    meta = {"ties": 2}
    from visreason.games.rhythm_game import rules
    assert rules.best_columns(state["grid"]) == [2, 3]
    assert task.check_open(state, meta, "3, 2") == 1.0
    cases = {"2": 1 / 2, "3": 1 / 2, "2, 3, 4": 2 / 3, "1, 2, 3, 4": 2 / 4, "1": 0.0,
             "1, 4": 0.0, "2, 2": 0.0, "": 0.0, "column": 0.0}
    for answer, credit in cases.items():
        assert task.check_open(state, meta, answer) == 0.0, answer
        assert task.partial_credit(state, meta, answer) == pytest.approx(credit), answer
    assert task.partial_credit(state, {"best": [2, 3]}, "B") is None
    sample = visreason.generate("rhythm_game/best_columns", "easy", 0, answer_form="open")
    sample = replace(sample, state=state, meta={**sample.meta, "ties": 2}, answer="2, 3")
    assert accuracy_score(sample, "<answer>2</answer>", partial=True) == pytest.approx(0.5)
    assert accuracy_score(sample, "<answer>2</answer>") == 0.0
    assert accuracy_score(sample, "<answer>2, 3</answer>", partial=True) == 1.0


def test_none_alone_means_an_empty_cell_but_none_of_these_names_nothing() -> None:
    for index in range(60):
        sample = visreason.generate("rhythm_game/block_type", "easy", 2, index,
                                    answer_form="open", text_only=True)
        if sample.answer == "empty":
            break
    else:
        raise AssertionError("no empty cell asked about in 60 items")
    assert visreason.verify(sample, "none") == 1.0
    assert visreason.verify(sample, "no block") == 1.0
    assert visreason.verify(sample, "none of these") == 0.0
    assert visreason.verify(sample, "empty or click") == 0.0
