"""Jewel2 answers re-derived with a second simulator written separately (a dict board,
specials fired by recursion, lines found cell by cell), plus hand-made boards."""

from __future__ import annotations

import re

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
GAME = get_game("jewel2")
TASK_IDS = [t.id for t in visreason.tasks("jewel2")]
SIZES = {"easy": 4, "medium": 5, "hard": 6}
STEP = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
CYCLE = "ABCDE"
COMMAND = r"(clear \d+ \d+|swap \d+ \d+ (?:up|down|left|right))"


class Endless(Exception):
    pass


def in_line(board: dict, cell: tuple[int, int], n: int) -> set:
    """Cells of the horizontal and vertical runs (3+) of equal basic gems through cell."""
    gem = board.get(cell)
    found = set()
    if gem is None or gem not in CYCLE:
        return found
    for dr, dc in ((0, 1), (1, 0)):
        run = {cell}
        for sign in (1, -1):
            r, c = cell[0] + sign * dr, cell[1] + sign * dc
            while board.get((r, c)) == gem:
                run.add((r, c))
                r, c = r + sign * dr, c + sign * dc
        if len(run) >= 3:
            found |= run
    return found


def fire(board: dict, cell: tuple[int, int], n: int, done: set) -> set:
    """Cells a special clears, recursively firing the specials it catches."""
    done.add(cell)
    gem = board[cell]
    r, c = cell
    if gem == "|":
        hit = {(k, c) for k in range(n)}
    elif gem == "+":
        hit = {(a, b) for a in range(r - 1, r + 2) for b in range(c - 1, c + 2) if (a, b) in board}
    else:
        hit = {cell} | {k for k, v in board.items() if v == gem.upper()}
    for other in sorted(hit):
        if other not in done and board[other] not in CYCLE:
            hit |= fire(board, other, n, done)
    return hit


def settle(board: dict, n: int, nxt: int) -> tuple[int, int]:
    removed, seen = 0, set()
    while True:
        for c in range(n):
            stack = [board[(r, c)] for r in range(n) if board[(r, c)] is not None]
            stack = [None] * (n - len(stack)) + stack
            for r in range(n):
                board[(r, c)] = stack[r]
        for c in range(n):
            for r in range(n):
                if board[(r, c)] is None:
                    board[(r, c)] = CYCLE[nxt]
                    nxt = (nxt + 1) % 5
        key = (tuple(sorted(board.items())), nxt)
        if key in seen:
            raise Endless
        seen.add(key)
        gone = set().union(*(in_line(board, cell, n) for cell in board))
        if not gone:
            return removed, nxt
        removed += len(gone)
        for cell in gone:
            board[cell] = None


def simulate(state: dict, command: str) -> tuple[int, dict]:
    """(gems cleared, state after) by the second simulator; 0 and the same state when the
    command does nothing."""
    n = state["size"]
    board = {(r, c): v for r, row in enumerate(state["grid"]) for c, v in enumerate(row)}
    words = command.split()
    cell = (int(words[1]), int(words[2]))
    if words[0] == "clear":
        gone = fire(board, cell, n, set()) if board[cell] not in CYCLE else in_line(board, cell, n)
    else:
        other = (cell[0] + STEP[words[3]][0], cell[1] + STEP[words[3]][1])
        if board[cell] not in CYCLE or board[other] not in CYCLE:
            return 0, state
        board[cell], board[other] = board[other], board[cell]
        gone = in_line(board, cell, n) | in_line(board, other, n)
    if not gone:
        return 0, state
    for x in gone:
        board[x] = None
    more, nxt = settle(board, n, state["next"])
    total = len(gone) + more
    grid = ["".join(board[(r, c)] for c in range(n)) for r in range(n)]
    return total, {"size": n, "grid": grid, "total": state["total"] + total, "next": nxt}


def all_commands(n: int) -> list[str]:
    out = []
    for r in range(n):
        for c in range(n):
            out += [f"swap {r} {c} {d}" for d, (dr, dc) in STEP.items()
                    if 0 <= r + dr < n and 0 <= c + dc < n]
            out.append(f"clear {r} {c}")
    return out


def chosen(s: visreason.Sample) -> str:
    return s.options[LETTERS.index(s.answer)]


def outcome_text(state: dict, command: str) -> str:
    k, _ = simulate(state, command)
    if k:
        return f"{k} gem{'s' if k != 1 else ''} cleared, Total Cleared becomes {state['total'] + k}"
    words = command.split()
    if words[0] == "clear":
        return "Nothing happens (invalid command), Total Cleared stays the same"
    cell = (int(words[1]), int(words[2]))
    other = (cell[0] + STEP[words[3]][0], cell[1] + STEP[words[3]][1])
    grid = state["grid"]
    if grid[cell[0]][cell[1]] not in CYCLE or grid[other[0]][other[1]] not in CYCLE:
        return "Refused (a special gem is involved), Total Cleared stays the same"
    return "No line forms and the gems swap back, Total Cleared stays the same"


def check(s: visreason.Sample, o: visreason.Sample) -> None:
    state = s.state
    assert o.state == state and len(state["grid"]) == state["size"]
    text = "".join(state["grid"])
    if s.task == "gem_count":
        letter = re.search(r"How many basic ([A-E]) gems", s.question)[1]
        assert s.answer == o.answer == str(text.count(letter))
    elif s.task == "special_count":
        assert s.answer == str(sum(ch not in CYCLE for ch in text))
    elif s.task == "gem_position":
        letter = re.search(r"holds a basic ([A-E]) gem", s.question)[1]
        holding = [i for i, opt in enumerate(s.options)
                   if state["grid"][int(opt[1])][int(opt[4])] == letter]
        assert holding == [LETTERS.index(s.answer)]
        letter_o = re.search(r"of a basic ([A-E]) gem", o.question)[1]
        n = state["size"]
        for r in range(n):
            for c in range(n):
                want = 1.0 if state["grid"][r][c] == letter_o else 0.0
                assert visreason.verify(o, f"<answer>({r}, {c})</answer>") == want
        assert visreason.verify(o, "(0, 0) or (1, 1)") == 0.0
    elif s.task in ("clear_outcome", "swap_outcome"):
        command = re.search(rf"after the command {COMMAND}\?", s.question)[1]
        assert chosen(s) == outcome_text(state, command)
        command_o = re.search(rf"the command {COMMAND} clear in all", o.question)[1]
        k, _ = simulate(state, command_o)
        assert o.answer == str(k) and visreason.verify(o, str(k + 1)) == 0.0
        cleared = [int(x.split()[0]) for x in s.options if "cleared," in x]
        assert cleared == sorted(cleared) or len(set(cleared)) == len(cleared)
        assert len(set(cleared)) == len(cleared) and \
            max(cleared) - min(cleared) == len(cleared) - 1  # a run of counts
    elif s.task == "two_commands":
        first, second = re.search(rf"command {COMMAND}, let the board settle, then carry out "
                                  rf"{COMMAND}\.", s.question).groups()
        k1, middle = simulate(state, first)
        k2, _ = simulate(middle, second)
        assert k1 > 0 and first != second and s.answer == str(k1 + k2)
    elif s.task == "best_command":
        counts = {cmd: simulate(state, cmd)[0] for cmd in all_commands(state["size"])}
        best = max(counts.values())
        assert best > 0 and counts[s.answer] == best
        for cmd, k in counts.items():
            if k == best or (k in (0, best - 1) and cmd.endswith(("2", "up"))):
                assert visreason.verify(o, f"<answer>{cmd}</answer>") == float(k == best), cmd
        assert visreason.verify(o, s.answer.replace(" ", "  ").upper()) == 1.0
        for junk in ("", "clear", f"{s.answer} or clear 0 0", "swap 0 0", "clear 9 9",
                     "swap 0 0 up"):
            if junk != s.answer:
                assert visreason.verify(o, junk) == 0.0, junk
    else:
        raise AssertionError(s.task)
    if s.options:
        wrong_options_score_zero(s)
    assert visreason.verify(s, s.answer) == 1.0 and visreason.verify(o, o.answer) == 1.0


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("task_id", TASK_IDS)
def test_answers_match_a_second_simulator(task_id: str, level: str) -> None:
    for seed in range(6):
        s = visreason.generate(task_id, level, seed)
        o = visreason.generate(task_id, level, seed, answer_form="open")
        assert s.state["size"] == SIZES[level]
        check(s, o)


def test_hand_made_boards() -> None:
    from visreason.games.jewel2 import rules
    # Clearing the A line drops the C column into a vertical line: a cascade of 3 more.
    state = {"size": 4, "grid": ["BCDE", "DCBE", "AAAB", "ECDB"], "total": 5, "next": 0}
    out = rules.clear(state, (2, 1))
    assert out.first == 3 and out.removed == simulate(state, "clear 2 1")[0]
    assert len(out.rounds[0].refilled) == 3
    assert out.rounds[0].refilled[0] == ((0, 0), "A")  # dealt from A, column by column
    assert out.removed == 6 and out.rounds[0].letters == ["C"]
    # A blast catching a column gem: the column gem fires too.
    state = {"size": 4, "grid": ["ABCD", "B+|A", "CDAB", "DABC"], "total": 0, "next": 2}
    out = rules.clear(state, (1, 1))
    assert [f.gem for f in out.fired] == ["+", "|"] and out.first == 10  # 3x3 + (3, 2)
    assert out.removed == simulate(state, "clear 1 1")[0]
    # Swaps: refused with a special, swapped back without a line.
    assert rules.swap(state, (1, 0), "right").status == "special"
    assert rules.swap(state, (0, 0), "right").status == "undone"
    assert simulate(state, "swap 0 0 right")[0] == 0
    for command in all_commands(4):
        kind, r, c, *d = command.split()
        cmd = (kind, (int(r), int(c)), d[0] if d else None)
        assert rules.status_of(state, cmd) == rules.apply(state, cmd).status


def test_step_function_matches_second_simulator() -> None:
    from visreason.games.jewel2 import rules
    for i in range(20):
        s = visreason.generate("jewel2/special_count", "medium", 3, i, text_only=True)
        for command in all_commands(5)[::7]:
            kind, r, c, *d = command.split()
            try:
                out = rules.apply(s.state, (kind, (int(r), int(c)), d[0] if d else None))
            except rules.EndlessCascade:
                with pytest.raises(Endless):
                    simulate(s.state, command)
                continue
            k, after = simulate(s.state, command)
            assert out.removed == k and out.state == after


def test_text_description_matches_state() -> None:
    s = visreason.generate("jewel2/gem_count", "hard", 2, text_only=True)
    table = s.question.split("given as text:\n")[1].split("\nTotal")[0].splitlines()[1:]
    assert table[0].split() == [str(c) for c in range(6)]
    for r, line in enumerate(table[1:]):
        assert line.split() == [str(r), *s.state["grid"][r]]
    assert f"Total Cleared: {s.state['total']}\nNext gem: {CYCLE[s.state['next']]}" in s.question


def test_picture_shows_every_gem() -> None:
    from visreason.games.jewel2.render import layout_for
    colours = {"A": (220, 40, 40), "B": (40, 170, 60), "C": (40, 90, 220), "D": (245, 210, 40),
               "E": (128, 50, 170), "|": (40, 210, 220), "+": (0, 0, 0)}
    for level in LEVELS:
        s = visreason.generate("jewel2/gem_position", level, 1)
        layout = layout_for(s.state["size"])
        image = s.image.convert("RGB")
        for r, row in enumerate(s.state["grid"]):
            for c, gem in enumerate(row):
                x0, y0, _, _ = layout.box(r, c)
                probe = (x0 + layout.cell // 2, y0 + layout.cell // 5)
                assert image.getpixel(probe) == colours[gem.upper()], (r, c, gem)


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_names_no_picture_or_colour(task_id: str) -> None:
    text_only_names_none(task_id, ("image", "picture", "red", "green", "blue", "yellow", "purple",
                                   "aqua", "diamond"))


def test_same_item_same_sample_and_pixels() -> None:
    same_sample_twice(TASK_IDS)


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_both_ends_of_every_parameter(task_id: str) -> None:
    for params in ({"size": 4}, {"size": 8}, {"specials": 0}, {"specials": 6}):
        for index in range(2):
            for form in FORMS:
                s = visreason.generate(task_id, "medium", 0, index, answer_form=form,
                                       text_only=True, params=params)
                assert s.state["size"] == params.get("size", 5)
                specials = sum(ch not in CYCLE for ch in "".join(s.state["grid"]))
                assert specials <= params.get("specials", 3)
                assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


@pytest.mark.parametrize("params", [{"size": 3}, {"size": 9}, {"specials": 7}, {"gems": 5}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("jewel2/gem_count", params)


@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_states_are_right(level: str) -> None:
    asked = asked_counts("jewel2", level, 14, 7, check)
    assert asked["gem_position"] and asked["best_command"] and asked["two_commands"]
    assert not asked["clear_outcome"] and not asked["swap_outcome"]


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("jewel2", 150)
