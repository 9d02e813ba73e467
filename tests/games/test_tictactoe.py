"""Tic-tac-toe answers re-derived with an independent brute-force engine."""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter

import pytest

import visreason
from visreason.core import Draw, Retry, get_task
from visreason.core.generate import generate_group
from visreason.core.params import ParamError
from visreason.core.splits import split_of_key
from visreason.data.audit import audit

from .dense import dense_samples

TASKS = ["block_color", "best_move", "move_outcome"]
LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]
GROUP = {"easy": "win", "medium": "block", "hard": "other"}


def flat(state: dict) -> list[str]:
    return [v for row in state["board"] for v in row]


def won(cells: list[str], p: str) -> bool:
    return any(all(cells[i] == p for i in line) for line in LINES)


def over(cells: list[str]) -> bool:
    return won(cells, "O") or won(cells, "X") or "." not in cells


def put(cells: list[str], i: int, p: str) -> list[str]:
    return [*cells[:i], p, *cells[i + 1:]]


def threats_after(cells: list[str], p: str, i: int) -> int:
    trial = put(cells, i, p)
    return sum(1 for j in range(9) if trial[j] == "." and won(put(trial, j, p), p))


def reference_decision(cells: list[str], p: str) -> tuple[int, int | None]:
    """(rule, cell) by simulation: the first cell that wins, blocks, forks or blocks a fork."""
    q = "X" if p == "O" else "O"
    if over(cells):
        return 0, None
    free = [i for i in range(9) if cells[i] == "."]
    for rule, test in enumerate((
        lambda i: won(put(cells, i, p), p),
        lambda i: won(put(cells, i, q), q),
        lambda i: threats_after(cells, p, i) >= 2,
        lambda i: threats_after(cells, q, i) >= 2,
    ), start=1):
        hits = [i for i in free if test(i)]
        if hits:
            return rule, hits[0]
    return 5, free[0]


def reference_move(cells: list[str], p: str) -> int | None:
    return reference_decision(cells, p)[1]


def to_move(cells: list[str]) -> str:
    return "O" if cells.count("O") == cells.count("X") else "X"


def reference_group(cells: list[str]) -> str:
    rule = reference_decision(cells, to_move(cells))[0]
    return {1: "win", 2: "block"}.get(rule, "other")


def option_cell(text: str) -> int | None:
    digits = [int(ch) for ch in text if ch.isdigit()]
    return digits[0] * 3 + digits[1] if len(digits) == 2 else None


def cell_text(i: int) -> str:
    return f"({i // 3}, {i % 3})"


def reachable() -> set[str]:
    """Every position of legal play from the empty board that stops at a win, by recursion."""
    found: set[str] = set()

    def play(cells: list[str]) -> None:
        found.add("".join(cells))
        if over(cells):
            return
        for i in range(9):
            if cells[i] == ".":
                play(put(cells, i, to_move(cells)))

    play(["."] * 9)
    return found


def check_board(s: visreason.Sample, level: str) -> list[str]:
    cells = flat(s.state)
    assert "".join(cells) in REACHABLE and cells != ["."] * 9
    assert reference_group(cells) == GROUP[level]
    return cells


REACHABLE = reachable()


def test_positions_are_every_reachable_board() -> None:
    from visreason.games.tictactoe.rules import positions

    assert len(REACHABLE) == 5478
    assert {key.replace("/", "") for key in positions()} == REACHABLE


def test_per_board_tables_agree_with_playing_the_move() -> None:
    """The tables built once per process (each board's outcomes and worked texts) against
    the move played on the board: by the rules module on every reachable board, and by the
    reference engine on every 29th."""
    from visreason.games.tictactoe import rules, tasks

    for n, key in enumerate(rules.positions()):
        cells = list(key.replace("/", ""))
        worked = tasks.worked(key)
        assert worked == tasks._work(key)
        assert worked.player == to_move(cells)
        assert worked.free == sum(1 << i for i in range(9) if cells[i] == ".")
        for i, found in enumerate(tasks.outcomes(key)):
            board = rules.board_of(key)
            r, c = divmod(i, 3)
            if rules.is_over(board):
                assert found == tasks.OVER
                continue
            if board[r][c] != ".":
                assert found == tasks.ILLEGAL
                continue
            board[r][c] = worked.player
            if rules.winner(board):
                assert found == tasks.WIN
            elif not rules.empties(board):
                assert found == tasks.DRAW
            else:
                rival = rules.other(worked.player)
                assert found == rules.decide(board, rival).move
                after = tasks.worked(rules.played_key(key, (r, c), worked.player))
                assert after.steps == tasks._decision_analysis(board, rival,
                                                               rules.decide(board, rival))
            if n % 29 == 0:
                assert tasks.outcome_answer(found) == outcome_of(cells, i)


def test_move_outcome_distractors_match_the_plain_lists() -> None:
    """The reply options read from cell masks and shuffled by the fast draws, against the
    lists built cell by cell and shuffled by `random.Random` on the same seed, for every
    cell of every third reachable board."""
    from visreason.games.tictactoe import rules, tasks

    for n, key in enumerate(rules.positions()[::3]):
        worked = tasks.worked(key)
        empty = [divmod(i, 3) for i in range(9) if key.replace("/", "")[i] == "."]
        for cell, value in zip(rules.CELLS, tasks.outcomes(key), strict=True):
            answer = tasks.outcome_text(value)
            free = [c for c in empty if c != cell and c != value]
            taken = [c for c in rules.CELLS if c not in free and c != value]
            plain = random.Random(n)
            plain.shuffle(free)
            plain.shuffle(taken)
            wanted = 5 - isinstance(value, tuple)
            expected = [t for t in tasks.FIXED_TEXTS if t != answer] + \
                [f"The opponent replies at ({r}, {c})" for r, c in (free + taken)[:wanted]]
            draw = Draw(random.Random(n), "medium", {})
            assert tasks.MoveOutcome._distractors(draw, worked.free, cell, value,
                                                  answer) == expected
            assert draw.rng.getstate() == plain.getstate()


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("seed", range(25))
def test_best_move_matches_reference(level: str, seed: int) -> None:
    s = visreason.generate("tictactoe/best_move", level, seed)
    cells = check_board(s, level)
    assert cells.count("O") - cells.count("X") in (0, 1) and not over(cells)
    expected = reference_move(cells, to_move(cells))
    assert s.options == [cell_text(i) for i in range(9)]
    assert option_cell(s.options[ord(s.answer) - 65]) == expected


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("seed", range(25))
def test_move_outcome_matches_replay(level: str, seed: int) -> None:
    s = visreason.generate("tictactoe/move_outcome", level, seed)
    cells = check_board(s, level)
    r, c = s.meta["cell"]
    i = r * 3 + c
    p = to_move(cells)
    chosen = s.options[ord(s.answer) - 65]
    assert len(s.options) == 8 and sum(o.startswith("The opponent") for o in s.options) == 5
    assert s.meta.get("trivial", False) == over(cells)
    if over(cells) or cells[i] != ".":
        assert chosen.startswith("Illegal")
        return
    after = put(cells, i, p)
    if won(after, p):
        assert "wins" in chosen
    elif "." not in after:
        assert chosen.startswith("Draw")
    else:
        assert option_cell(chosen) == reference_move(after, "X" if p == "O" else "O")


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_block_color_reads_the_state(level: str) -> None:
    for seed in range(20):
        s = visreason.generate("tictactoe/block_color", level, seed)
        check_board(s, level)
        r, c = (int(ch) for ch in s.question.split("block at (")[1].split(")")[0].split(", "))
        value = s.state["board"][r][c]
        assert s.options == ["red", "blue", "white"]
        assert s.options[ord(s.answer) - 65] == {"O": "red", "X": "blue", ".": "white"}[value]
        pixel = s.image.convert("RGB").getpixel(tuple(int(v) for v in _center(r, c)))
        assert pixel == {"O": (220, 40, 40), "X": (40, 90, 220), ".": (255, 255, 255)}[value]


def _center(r: int, c: int) -> tuple[float, float]:
    from visreason.games.tictactoe.render import LAYOUT

    return LAYOUT.center(r, c)


def test_fork_rule_says_two_or_more_lines() -> None:
    s = visreason.generate("tictactoe/best_move", "hard", 0)
    assert "3. Fork: take a cell that lies on two or more lines" in s.question
    # What the engine counts: the centre here opens three lines for O at once.
    from visreason.games.tictactoe.rules import fork_cells

    board = [list("OOX"), list("O.."), list("X..")]
    assert len(dict(fork_cells(board, "O"))[(1, 1)]) == 3
    assert threats_after(flat({"board": board}), "O", 4) == 3


@pytest.mark.parametrize("task", TASKS)
def test_wrong_options_score_zero(task: str) -> None:
    for level in visreason.LEVELS:
        s = visreason.generate(f"tictactoe/{task}", level, 3)
        assert len(set(s.options)) == len(s.options)
        for i, option in enumerate(s.options):
            expected = 1.0 if chr(65 + i) == s.answer else 0.0
            assert visreason.verify(s, f"<answer>{chr(65 + i)}</answer>") == expected
            assert visreason.verify(s, f"Answer: {option}") == expected


# ------------------------------------------------------------------------- open answers

def open_sample(task: str, level: str, seed: int) -> visreason.Sample:
    s = visreason.generate(f"tictactoe/{task}", level, seed, answer_form="open", text_only=True)
    assert s.answer_form == "open" and s.options is None
    assert "option" not in s.question.lower() and "option" not in s.analysis.lower()
    return s


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_open_best_move_is_the_one_cell(level: str) -> None:
    for seed in range(15):
        s = open_sample("best_move", level, seed)
        cells = flat(s.state)
        move = reference_move(cells, to_move(cells))
        r, c = divmod(move, 3)
        assert s.answer_type == "coordinate" and s.answer == f"({r}, {c})"
        for right in (f"({r}, {c})", f"({r},{c})", f"row {r}, column {c}", f"{r} {c}"):
            assert visreason.verify(s, f"<answer>{right}</answer>") == 1.0
        for i in range(9):  # every other cell, the transposed one among them
            if i != move:
                assert visreason.verify(s, f"<answer>{cell_text(i)}</answer>") == 0.0
        # The move the other player would make is wrong unless it is the same cell.
        rival = reference_move(cells, "X" if to_move(cells) == "O" else "O")
        assert visreason.verify(s, f"<answer>{cell_text(rival)}</answer>") == float(rival == move)
        assert visreason.verify(s, "<answer>none</answer>") == 0.0


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_open_block_color_names_one_colour(level: str) -> None:
    for seed in range(15):
        s = open_sample("block_color", level, seed)
        r, c = s.meta["cell"]
        color = {"O": "red", "X": "blue", ".": "white"}[s.state["board"][r][c]]
        assert s.answer_type == "text" and s.answer == color
        for right in (color, color.upper() + ".", f"The block is {color}"):
            assert visreason.verify(s, f"<answer>{right}</answer>") == 1.0
        for wrong in {"red", "blue", "white"} - {color}:
            assert visreason.verify(s, f"<answer>{wrong}</answer>") == 0.0
            assert visreason.verify(s, f"<answer>{color} or {wrong}</answer>") == 0.0
        assert visreason.verify(s, "<answer>reddish</answer>") == 0.0


def outcome_of(cells: list[str], i: int) -> str:
    p = to_move(cells)
    if over(cells) or cells[i] != ".":
        return "illegal"
    after = put(cells, i, p)
    if won(after, p):
        return "win"
    if "." not in after:
        return "draw"
    return cell_text(reference_move(after, "X" if p == "O" else "O"))


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_open_move_outcome_by_replay(level: str) -> None:
    for seed in range(15):
        s = open_sample("move_outcome", level, seed)
        r, c = s.meta["cell"]
        cells = flat(s.state)
        truth = outcome_of(cells, r * 3 + c)
        assert s.answer_type == "text" and s.answer == truth
        assert visreason.verify(s, f"<answer>{truth}</answer>") == 1.0
        others = ["illegal", "win", "draw", *(cell_text(i) for i in range(9))]
        for wrong in others:
            if wrong != truth:
                assert visreason.verify(s, f"<answer>{wrong}</answer>") == 0.0
        if truth.startswith("("):
            a, b = int(truth[1]), int(truth[4])
            assert visreason.verify(s, f"The opponent replies at ({a},{b})") == 1.0
            if a != b:
                assert visreason.verify(s, f"<answer>({b}, {a})</answer>") == 0.0
            assert visreason.verify(s, f"<answer>{truth} or illegal</answer>") == 0.0
        else:
            assert visreason.verify(s, f"<answer>The move is {truth}.</answer>") == 1.0
        assert visreason.verify(s, "<answer>win or draw</answer>") == 0.0


# --------------------------------------------------------------------------- parameters

def test_presets_reproduce_the_levels() -> None:
    from visreason.core import get_game

    game = get_game("tictactoe")
    assert {level: dict(v) for level, v in game.presets.items()} == {
        level: {"decision": group} for level, group in GROUP.items()}
    assert [(p.name, p.choices) for p in game.params] == [
        ("decision", ("win", "block", "other"))]


@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("group", ["win", "block", "other"])
def test_every_task_generates_for_every_decision_group(task: str, group: str) -> None:
    for level in visreason.LEVELS:
        for index in range(4):
            s = visreason.generate(f"tictactoe/{task}", level, 0, index,
                                   params={"decision": group}, text_only=True)
            assert reference_group(flat(s.state)) == group


def test_a_bad_decision_group_fails_with_one_line() -> None:
    with pytest.raises(ParamError) as info:
        visreason.generate("tictactoe/best_move", "easy", 0, params={"decision": "fork"})
    message = str(info.value)
    assert "tictactoe.decision must be one of win, block, other, got 'fork'" in message
    assert "\n" not in message


# ----------------------------------------------------------------- balance and repeats

def test_hard_boards_are_never_empty_and_rarely_finished() -> None:
    for task in TASKS:
        finished = 0
        for index in range(300):
            s = visreason.generate(f"tictactoe/{task}", "hard", 0, index, text_only=True)
            cells = flat(s.state)
            assert cells != ["."] * 9
            finished += over(cells) and task == "move_outcome"
        assert finished <= 30


def test_best_move_hard_is_balanced_and_does_not_repeat_across_items() -> None:
    samples = [visreason.generate("tictactoe/best_move", "hard", 0, i, text_only=True)
               for i in range(300)]
    moves = Counter(s.answer for s in samples)
    assert len(moves) == 9 and max(moves.values()) <= 0.16 * 300
    assert len({"".join(flat(s.state)) for s in samples}) == 300


def test_state_key_is_the_board_and_splits_hold() -> None:
    from visreason.core import get_game

    game = get_game("tictactoe")
    for task in TASKS:
        for index in range(20):
            s = visreason.generate(f"tictactoe/{task}", "medium", 2, index, split="test",
                                   text_only=True)
            key = game.state_key(s.state)
            assert key == "/".join("".join(row) for row in s.state["board"])
            assert split_of_key("tictactoe", key) == "test" and s.partition == "test"


def test_audit_passes_in_both_forms() -> None:
    samples = [visreason.generate(f"tictactoe/{task}", level, 1, i, text_only=True,
                                  answer_form=form)
               for task in TASKS for level in visreason.LEVELS for form in ("choice", "open")
               for i in range(300)]
    report = audit(samples)
    assert report.failures == []
    assert all(g.repeats == 0 for g in report.groups)


@pytest.mark.parametrize("task", TASKS)
def test_text_only_form_never_mentions_a_picture(task: str) -> None:
    for level, form in itertools.product(visreason.LEVELS, ("choice", "open")):
        s = visreason.generate(f"tictactoe/{task}", level, 4, text_only=True, answer_form=form)
        assert not re.search(r"\b(image|picture|shown)\b", (s.question + s.analysis).lower())
        assert "as labelled on the image" in visreason.generate(f"tictactoe/{task}", level,
                                                                 4).question


# ----------------------------------------------------------------- several questions per state

FORMS = ("choice", "open")


def groups(level: str, count: int, form: str = "choice",
           text_only: bool = False) -> list[list[visreason.Sample]]:
    return [generate_group("tictactoe", level, 2, g, questions=len(TASKS), answer_form=form,
                           text_only=text_only) for g in range(count)]


def check_asked(s: visreason.Sample, o: visreason.Sample, level: str) -> None:
    """One question asked about another task's board, re-derived by the reference engine:
    choice form `s`, open form `o` of the same question."""
    cells = check_board(s, level)
    r, c = s.meta["cell"]
    chosen = s.options[ord(s.answer) - 65]
    if s.task == "block_color":
        assert f"block at ({r}, {c})" in s.question and s.options == ["red", "blue", "white"]
        color = {"O": "red", "X": "blue", ".": "white"}[cells[r * 3 + c]]
        assert chosen == color and o.answer == color
        if s.image is not None:
            pixel = s.image.convert("RGB").getpixel(tuple(int(v) for v in _center(r, c)))
            assert pixel == {"red": (220, 40, 40), "blue": (40, 90, 220),
                             "white": (255, 255, 255)}[color]
    elif s.task == "move_outcome":
        assert f"places a piece at ({r}, {c})" in s.question
        truth = outcome_of(cells, r * 3 + c)
        assert o.answer == truth and s.meta.get("trivial", False) == over(cells)
        if truth.startswith("("):
            assert cell_text(option_cell(chosen)) == truth
        else:
            assert chosen.casefold().startswith({"illegal": "illegal", "win": "the move wins",
                                                 "draw": "draw"}[truth])
        assert len(s.options) == 8 and sum(x.startswith("The opponent") for x in s.options) == 5
    else:
        raise AssertionError(f"{s.task} should only lead")
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0
    assert visreason.verify(o, f"<answer>{o.answer}</answer>") == 1.0
    for i, option in enumerate(s.options):
        if chr(65 + i) != s.answer:
            assert visreason.verify(s, f"<answer>{chr(65 + i)}</answer>") == 0.0
            assert visreason.verify(s, f"Answer: {option}") == 0.0


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_questions_asked_about_other_tasks_boards_are_right(level: str) -> None:
    """Block colours and move outcomes asked about boards other tasks drew, re-derived by
    the reference engine on the shared board and picture; the best move only leads."""
    asked: Counter[str] = Counter()
    for choice, open_ in zip(groups(level, 90), groups(level, 90, "open", text_only=True),
                             strict=True):
        lead = choice[0]
        assert [s.task for s in open_] == [s.task for s in choice]
        for s, o in zip(choice[1:], open_[1:], strict=True):
            assert s.task != lead.task and s.state == lead.state and s.image is lead.image
            assert o.state == s.state and o.answer_form == "open"
            check_asked(s, o, level)
            asked[s.task] += 1
    assert set(asked) == {"block_color", "move_outcome"}
    assert not get_task("tictactoe/best_move").can_ask


def test_ask_takes_only_boards_of_its_decision_group() -> None:
    """A board of another decision group, or the empty board, is no board the level's pools
    could hold: asking about it retries."""
    win_board = visreason.generate("tictactoe/block_color", "easy", 0, text_only=True).state
    for name in ("block_color", "move_outcome"):
        task = get_task(f"tictactoe/{name}")
        for state in (win_board, {"board": [["."] * 3 for _ in range(3)]}):
            draw = Draw(random.Random(0), "medium", {"decision": "block"}, 0, "ask test")
            with pytest.raises(Retry):
                task.ask(draw, state)


def test_dense_groups_pass_the_audit() -> None:
    """Groups with every task per board pass the audit in both forms at every level.

    Asked block colours and move outcomes aim at their balanced answers and are thinned so
    that answers common on other tasks' boards do not crowd out the rest; a board shared by
    several tasks is no repeat. Tic-tac-toe's boards are few, so the boards of different
    groups recur (30 to 40 pairs among 300 hard groups); asked items are weighed by their
    cells so that a recurring board rarely gets the same question twice.
    """
    report = audit(dense_samples("tictactoe", 300))
    assert report.failures == [], "\n" + report.table()
    for g in report.groups:
        assert g.n >= (100 if g.task == "tictactoe/best_move" else 110), g
