"""2D Turing machine answers re-derived with a second simulator (a dict of cells, the rule
table read as a dict), plus hand-made machines and the picture read back."""

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
GAME = get_game("turing_machine_2d")
TASK_IDS = [t.id for t in visreason.tasks("turing_machine_2d")]
CELLS = {"easy": (9, 12), "medium": (13, 16), "hard": (17, 25)}
DELTA = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
OPEN, CLOSE = "([{<", ")]}>"


def run(state: dict, steps: int) -> list[dict]:
    """A second simulator: returns the machine after each step (position, state, the cells'
    symbols and the write made), failing if the head would leave the grid."""
    cells = {(r, c): v for r, row in enumerate(state["grid"]) for c, v in enumerate(row)}
    table = {(s, k): tuple(rule) for s, row in enumerate(state["rules"])
             for k, rule in enumerate(row)}
    pos, current = tuple(state["head"]), state["state"]
    history = []
    for number in range(1, steps + 1):
        write, move, new = table[(current, cells[pos])]
        cells[pos] = write
        nxt = (pos[0] + DELTA[move][0], pos[1] + DELTA[move][1])
        assert nxt in cells, "the head left the grid"
        history.append({"number": number, "at": pos, "write": write, "to": nxt, "state": new,
                        "cells": dict(cells)})
        pos, current = nxt, new
    return history


def steps_of(s: visreason.Sample) -> int:
    return int(re.search(r"runs for (\d+) steps", s.question)[1])


def chosen(s: visreason.Sample) -> str:
    return s.options[LETTERS.index(s.answer)]


def bracketed(state: int, symbol: int) -> str:
    return f"{OPEN[state]}{symbol}{CLOSE[state]}"


def check(s: visreason.Sample, o: visreason.Sample) -> None:
    state = s.state
    assert o.state == state
    assert len(state["rules"]) == state["states"]
    assert all(len(row) == state["symbols"] for row in state["rules"])
    if s.task == "head_position":
        for x in (s, o):
            end = run(state, steps_of(x))[-1]["to"]
            text = f"({end[0]}, {end[1]})"
            if x is s:
                assert chosen(s) == text and len(set(s.options)) == 8
            else:
                assert o.answer == text and visreason.verify(o, f"{end[0]},{end[1]}") == 1.0
                assert visreason.verify(o, f"({end[1]}, {end[0]})") == float(end[0] == end[1])
    elif s.task == "head_state_symbol":
        for x in (s, o):
            last = run(state, steps_of(x))[-1]
            symbol = last["cells"][last["to"]]
            if x is s:
                assert chosen(s) == bracketed(last["state"], symbol)
            else:
                assert o.answer == f"state {last['state']}, symbol {symbol}"
                for written in (o.answer, bracketed(last["state"], symbol),
                                f"symbol {symbol} and state {last['state']}"):
                    assert visreason.verify(o, f"<answer>{written}</answer>") == 1.0, written
                other = (last["state"] + 1) % state["states"]
                for wrong in (f"state {other}, symbol {symbol}", bracketed(other, symbol),
                              f"{OPEN[last['state']]}{symbol}{CLOSE[other]}", str(symbol), ""):
                    assert visreason.verify(o, f"<answer>{wrong}</answer>") == 0.0, wrong
    elif s.task == "symbol_trajectory":
        for x in (s, o):
            cell = tuple(int(v) for v in re.search(r"in cell \((\d+), (\d+)\)", x.question)
                         .groups())
            history = run(state, steps_of(x))
            assert any(h["at"] == cell for h in history) and history[-1]["to"] != cell
            text = str(state["grid"][cell[0]][cell[1]]) + "".join(
                f" -> {h['write']} (step {h['number']})" for h in history if h["at"] == cell)
            if x is s:
                assert chosen(s) == text and len(set(s.options)) == 8
            else:
                assert o.answer == text
                assert visreason.verify(o, text.replace(" (step", " (at step")) == 1.0
                parts = text.split(" -> ")
                assert visreason.verify(o, " -> ".join(parts[:-1])) == 0.0
                assert visreason.verify(o, text + f" -> 0 (step {steps_of(x) + 1})") == 0.0
    elif s.task == "first_state_entry":
        for x in (s, o):
            goal = int(re.search(r"in state (\d+) for the first time", x.question)[1])
            assert state["state"] != goal
            history = run(state, 8)  # never leaves the grid before the answer's step
            when = next(h["number"] for h in history if h["state"] == goal)
            if x is s:
                assert chosen(s) == str(when)
                assert sorted(int(v) for v in s.options) == list(range(1, 9))
            else:
                assert o.answer == str(when) and visreason.verify(o, str(when + 1)) == 0.0
    else:
        raise AssertionError(s.task)
    if s.options:
        wrong_options_score_zero(s)
    assert visreason.verify(s, s.answer) == 1.0 and visreason.verify(o, o.answer) == 1.0


def run_until_goal(state: dict, goal: int, steps: int) -> list[dict]:
    """Steps up to the first one entering `goal` (the rest may leave the grid)."""
    history = []
    for number in range(1, steps + 1):
        try:
            history = run(state, number)
        except AssertionError:
            break
        if history[-1]["state"] == goal:
            break
    return history


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("task_id", TASK_IDS)
def test_answers_match_a_second_simulator(task_id: str, level: str) -> None:
    for seed in range(8):
        s = visreason.generate(task_id, level, seed)
        o = visreason.generate(task_id, level, seed, answer_form="open")
        low, high = CELLS[level]
        assert low <= s.state["rows"] * s.state["cols"] <= high
        assert 3 <= s.state["cols"] <= s.state["rows"] <= 5
        if s.task == "first_state_entry":
            for x in (s, o):
                goal = int(re.search(r"in state (\d+) for the first time", x.question)[1])
                history = run_until_goal(x.state, goal, 8)
                assert history[-1]["state"] == goal
                expected = str(len(history))
                assert (chosen(x) if x is s else x.answer) == expected
            wrong_options_score_zero(s)
        else:
            check(s, o)


def test_hand_made_machine() -> None:
    """A 3x3 grid of zeros; state 0 writes 1 and moves right into state 1, state 1 writes 2
    and moves down into state 0 (on any symbol)."""
    from visreason.games.turing_machine_2d import rules
    state = {"rows": 3, "cols": 3, "grid": [[0, 0, 0], [0, 0, 0], [0, 0, 0]], "symbols": 3,
             "states": 2, "head": [0, 0], "state": 0,
             "rules": [[[1, "right", 1]] * 3, [[2, "down", 0]] * 3]}
    steps = rules.simulate(state, 5)
    assert [s.cell for s in steps] == [(0, 0), (0, 1), (1, 1), (1, 2)]
    assert len(steps) == 4  # step 5 would move right off the grid: the run stops before it
    assert rules.grid_after(state, steps) == [[1, 2, 0], [0, 1, 2], [0, 0, 0]]
    after = rules.step(state)
    assert after["head"] == [0, 1] and after["state"] == 1 and after["grid"][0][0] == 1
    assert rules.step({**state, "head": [2, 2], "state": 0}) is None
    assert rules.bracket(3, 4) == "<4>" and rules.bracket(1, 0) == "[0]"


def test_first_entry_answers_cover_one_to_eight() -> None:
    for level in LEVELS:
        answers = Counter(visreason.generate("turing_machine_2d/first_state_entry", level, 0, i,
                                             text_only=True, answer_form="open").answer
                          for i in range(40))
        assert set(answers) == {str(v) for v in range(1, 9)} and max(answers.values()) == 5


def test_picture_shows_symbols_and_head() -> None:
    from visreason.games.turing_machine_2d.render import layout_for
    rgb = {0: (220, 40, 40), 1: (40, 170, 60), 2: (40, 90, 220), 3: (220, 40, 200),
           4: (40, 210, 220)}
    for level in LEVELS:
        s = visreason.generate("turing_machine_2d/head_position", level, 1)
        layout = layout_for(s.state["rows"], s.state["cols"])
        image = s.image.convert("RGB")
        head = tuple(s.state["head"])
        for r, row in enumerate(s.state["grid"]):
            for c, v in enumerate(row):
                x0, y0, _, _ = layout.box(r, c)
                assert image.getpixel((x0 + 8, y0 + layout.cell // 2)) == rgb[v]
                frame = image.getpixel((x0 + 2, y0 + layout.cell // 2))
                assert (frame == (0, 0, 0)) == ((r, c) == head)
        assert f"Head state: {s.state['state']}" not in s.question  # drawn, not written


def test_text_description_matches_state() -> None:
    s = visreason.generate("turing_machine_2d/head_position", "hard", 2, text_only=True)
    table = s.question.split("given as text:\n")[1].split("\n\n")[0].splitlines()[1:]
    head = tuple(s.state["head"])
    assert table[0].split() == [str(c) for c in range(s.state["cols"])]
    for r, line in enumerate(table[1:]):
        row = line.split()[1:]
        for c, v in enumerate(s.state["grid"][r]):
            assert row[c] == (bracketed(s.state["state"], v) if (r, c) == head else str(v))
    for k, (state_rules) in enumerate(s.state["rules"]):
        for symbol, (w, move, new) in enumerate(state_rules):
            assert (f"State {k}, symbol {symbol} -> write {w}, move {move}, new state {new}"
                    in s.question)


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_names_no_picture_or_colour(task_id: str) -> None:
    text_only_names_none(task_id, ("image", "picture", "red", "green", "blue", "frame", "colour"))


def test_same_item_same_sample_and_pixels() -> None:
    same_sample_twice(TASK_IDS)


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_both_ends_of_every_parameter(task_id: str) -> None:
    cases = [{"min_cells": 9, "max_cells": 9}, {"min_cells": 64, "max_cells": 64},
             {"symbols": 2}, {"symbols": 5}, {"states": 2}, {"states": 4}, {"steps": 1},
             {"steps": 12}, {"states": 2, "symbols": 2}]
    for params in cases:
        for index in range(3):
            for form in FORMS:
                s = visreason.generate(task_id, "medium", 0, index, answer_form=form,
                                       text_only=True, params=params)
                st = s.state
                assert params.get("min_cells", 13) <= st["rows"] * st["cols"] <= \
                    params.get("max_cells", 16)
                assert st["symbols"] == params.get("symbols", 4)
                assert st["states"] == params.get("states", 3)
                if "runs for" in s.question:
                    assert steps_of(s) <= params.get("steps", 8)
                    run(st, steps_of(s))
                assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


@pytest.mark.parametrize("params", [{"min_cells": 8}, {"max_cells": 65}, {"symbols": 6},
                                    {"states": 1}, {"steps": 13},
                                    {"min_cells": 20, "max_cells": 10},
                                    {"min_cells": 26, "max_cells": 26}, {"tapes": 2}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("turing_machine_2d/head_position", params)


@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_states_are_right(level: str) -> None:
    asked = asked_counts("turing_machine_2d", level, 24, 4, check, lead=False)
    assert set(asked) == {"head_position", "head_state_symbol", "symbol_trajectory"}


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("turing_machine_2d", 300, 70)
