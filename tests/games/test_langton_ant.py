"""Langton's ant answers re-derived with a second simulator (complex-number headings, board
snapshots compared step by step), hand-traced runs, and the picture read back."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS

from .contract import (
    asked_counts,
    at_parameter_ends,
    dense_audit_passes,
    param_error,
    same_sample_twice,
    text_only_names_none,
    wrong_options_score_zero,
)

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("langton_ant")
TASK_IDS = [t.id for t in visreason.tasks("langton_ant")]
SIZES = {"easy": 5, "medium": 9, "hard": 13}
# Headings as complex numbers: real part = row step, imaginary part = column step.
HEADING = {"up": -1 + 0j, "down": 1 + 0j, "left": -1j, "right": 1j}
NAME = {v: k for k, v in HEADING.items()}


def run(state: dict, steps: int) -> tuple[list[list[bool]], tuple[int, int], str, list[Counter]]:
    """A second simulator: the board as booleans, the heading as a complex number multiplied
    by -1j (a right turn on screen) or 1j (a left turn). Returns the final board, cell and
    heading, and the colour changes of every cell counted by comparing board snapshots."""
    n = state["size"]
    board = [[v == "1" for v in row] for row in state["grid"]]
    pos = complex(*state["ant"])
    heading = HEADING[state["facing"]]
    changes: Counter = Counter()
    history = [changes.copy()]
    for _ in range(steps):
        before = [row[:] for row in board]
        r, c = int(pos.real), int(pos.imag)
        heading *= 1j if board[r][c] else -1j
        board[r][c] = not board[r][c]
        pos += heading
        pos = complex(pos.real % n, pos.imag % n)
        for i in range(n):
            for j in range(n):
                if before[i][j] != board[i][j]:
                    changes[(i, j)] += 1
        history.append(changes.copy())
    return board, (int(pos.real), int(pos.imag)), NAME[heading], history


def steps_of(sample: visreason.Sample) -> int:
    return int(re.search(r"takes (\d+) steps", sample.question)[1])


def chosen(sample: visreason.Sample) -> str:
    return sample.options[LETTERS.index(sample.answer)]


def pose(text: str) -> tuple[tuple[int, int], str]:
    x, y = (int(v) for v in re.findall(r"\d+", text))
    return (x, y), re.search(r"facing (\w+)", text)[1]


def check_pose_options(sample: visreason.Sample, cell: tuple[int, int], facing: str) -> None:
    assert pose(chosen(sample)) == (cell, facing)
    poses = [pose(o) for o in sample.options]
    cells = Counter(c for c, _ in poses)
    assert len(set(poses)) == 8 and len(cells) == 2 and set(cells.values()) == {4}
    assert all(0 <= v < sample.state["size"] for c in cells for v in c)
    wrong_options_score_zero(sample)


def check_pose_open(sample: visreason.Sample, cell: tuple[int, int], facing: str) -> None:
    x, y = cell
    assert sample.options is None and sample.answer == f"({x}, {y}), facing {facing}"
    for written in (f"({x}, {y}), facing {facing}", f"({x},{y}) {facing.upper()}",
                    f"x = {x}, y = {y}, facing {facing}", f"Position ({x}, {y}), facing {facing}"):
        assert visreason.verify(sample, f"<answer>{written}</answer>") == 1.0, written
    other = next(f for f in HEADING if f != facing)
    for wrong in (f"({y}, {x}), facing {facing}" if x != y else f"({x}, {y + 1}), facing {facing}",
                  f"({x}, {y}), facing {other}", f"({x}, {y})", facing,
                  f"({x}, {y}), facing {facing} or {other}", f"({x}, {y}, 1), facing {facing}",
                  ""):
        assert visreason.verify(sample, f"<answer>{wrong}</answer>") == 0.0, wrong


def torus(d: int, n: int) -> int:
    """Steps between two rows (or columns) on a ring of n."""
    return min(d % n, -d % n)


def is_red(image, at: tuple, along: float, across: float) -> bool:
    """Whether the pixel `along` the facing and `across` it from the cell centre is red."""
    x, y, dr, dc, k = at
    px, py = x + (dc * along - dr * across) * k, y + (dr * along + dc * across) * k
    return image.getpixel((int(px), int(py))) == (220, 40, 40)


def check(choice: visreason.Sample, open_: visreason.Sample) -> None:
    """One question re-derived from its state, in both forms."""
    state = choice.state
    assert open_.state == state
    if choice.task == "ant_position":
        cell, facing = tuple(state["ant"]), state["facing"]
        check_pose_options(choice, cell, facing)
        check_pose_open(open_, cell, facing)
    elif choice.task == "position_after_steps":
        _, cell, facing, _ = run(state, steps_of(choice))
        check_pose_options(choice, cell, facing)
        _, cell, facing, _ = run(state, steps_of(open_))
        check_pose_open(open_, cell, facing)
    elif choice.task == "flip_count":
        for s in (choice, open_):
            cell = tuple(int(v) for v in re.search(r"the cell \((\d+), (\d+)\)", s.question)
                         .groups())
            history = run(state, steps_of(s))[3]
            assert s.answer == str(history[-1][cell])
            assert visreason.verify(s, str(history[-1][cell] + 1)) == 0.0
            if history[-1][cell] == 0:  # the cell is where the ant ends or next to its path
                near = {k for k, v in history[-1].items() if v} | {run(state, steps_of(s))[1]}
                n = state["size"]
                assert any(torus(cell[0] - a, n) + torus(cell[1] - b, n) <= 1 for a, b in near)
    else:
        raise AssertionError(choice.task)
    assert visreason.verify(choice, choice.answer) == 1.0
    assert visreason.verify(open_, open_.answer) == 1.0


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("task_id", TASK_IDS)
def test_answers_match_a_second_simulator(task_id: str, level: str) -> None:
    for seed in range(8):
        choice = visreason.generate(task_id, level, seed)
        open_ = visreason.generate(task_id, level, seed, answer_form="open")
        assert choice.state["size"] == SIZES[level]
        check(choice, open_)


def test_hand_traced_run() -> None:
    """All-white 3x3 board, ant at (1, 1) facing up: four right turns round a 2x2 square,
    then the black start cell turns it left."""
    state = {"size": 3, "grid": ["000", "000", "000"], "ant": [1, 1], "facing": "up"}
    from visreason.games.langton_ant import rules
    result = rules.simulate(state, 5)
    assert [s.cell for s in result.steps] == [(1, 1), (1, 2), (2, 2), (2, 1), (1, 1)]
    assert [s.turned for s in result.steps] == ["right", "down", "left", "up", "left"]
    assert result.ant == (1, 0) and result.facing == "left"
    assert result.black == {(1, 2), (2, 2), (2, 1)}
    wrapped = rules.simulate({"size": 3, "grid": ["000"] * 3, "ant": [0, 0], "facing": "left"}, 1)
    assert wrapped.ant == (2, 0) and wrapped.facing == "up" and wrapped.steps[0].wrapped
    after = rules.step(state)
    assert after == {"size": 3, "grid": ["000", "010", "000"], "ant": [1, 2], "facing": "right"}


def test_flip_count_answers_cover_their_range() -> None:
    for level, values in (("easy", {"0", "1", "2"}), ("hard", {"0", "1", "2", "3"})):
        answers = Counter(visreason.generate("langton_ant/flip_count", level, 0, i,
                                             text_only=True).answer for i in range(40))
        assert set(answers) == values and max(answers.values()) <= 40 // len(values) + 1


def test_picture_shows_cells_and_ant() -> None:
    from visreason.games.langton_ant.render import layout_for
    for level in LEVELS:
        s = visreason.generate("langton_ant/ant_position", level, 3)
        layout = layout_for(s.state["size"])
        image = s.image.convert("RGB")
        ant = tuple(s.state["ant"])
        for r, row in enumerate(s.state["grid"]):
            for c, v in enumerate(row):
                x, y = layout.center(r, c)
                if (r, c) == ant:
                    assert image.getpixel((int(x), int(y))) == (220, 40, 40)
                    # narrow at the tip end (toward the facing), wide at the back
                    dr, dc = {"up": (-1, 0), "down": (1, 0), "left": (0, -1),
                              "right": (0, 1)}[s.state["facing"]]
                    at = (x, y, dr, dc, layout.cell * 0.3)
                    assert is_red(image, at, 1, 0) and is_red(image, at, -1, 1)
                    assert is_red(image, at, -1, -1)
                    assert not is_red(image, at, 1, 1) and not is_red(image, at, 1, -1)
                else:
                    expected = (0, 0, 0) if v == "1" else (255, 255, 255)
                    assert image.getpixel((int(x), int(y))) == expected


def test_text_description_matches_state() -> None:
    s = visreason.generate("langton_ant/position_after_steps", "medium", 2, text_only=True)
    table = s.question.split("given as text:\n")[1].split("\nLegend")[0].splitlines()[1:]
    header = table.pop(0)
    assert header.split() == [str(c) for c in range(9)]
    arrows = {"up": "^", "down": "v", "left": "<", "right": ">"}
    for r, line in enumerate(table):
        for c, symbol in enumerate(line.split()[1:]):
            if [r, c] == s.state["ant"]:
                assert symbol == arrows[s.state["facing"]]
            else:
                assert symbol == ("#" if s.state["grid"][r][c] == "1" else ".")
    x, y = s.state["ant"]
    under = "black" if s.state["grid"][x][y] == "1" else "white"
    assert f"over its cell, which is {under}" in s.question


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_names_no_picture_or_colour_of_the_drawing(task_id: str) -> None:
    text_only_names_none(task_id, ("image", "picture", "red", "rgb"))


def test_same_item_same_sample_and_pixels() -> None:
    same_sample_twice(TASK_IDS, "hard")


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_both_ends_of_every_parameter(task_id: str) -> None:
    for param, value, s in at_parameter_ends(task_id, 3):
        if param.name == "size":
            assert s.state["size"] == len(s.state["grid"]) == value
        if "takes" in s.question:
            assert steps_of(s) <= (value if param.name == "steps" else 10)
        assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


@pytest.mark.parametrize("params", [{"size": 3}, {"size": 17}, {"steps": 0}, {"steps": "x"},
                                    {"ants": 2}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("langton_ant/flip_count", params)


@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_states_are_right(level: str) -> None:
    asked = asked_counts("langton_ant", level, 24, 3, check)
    assert all(asked[t.name] for t in visreason.tasks("langton_ant"))


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("langton_ant", 300, 250)
