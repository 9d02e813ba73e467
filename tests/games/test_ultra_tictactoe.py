"""Ultimate tic-tac-toe answers re-derived independently: counts read cell by cell with
(i, j, row, col) arithmetic, lines checked by coordinates, the forced grid brute-forced from
every cell the opponent could have played last, and the best move by trying every cell."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS

from .contract import asked_counts, dense_audit_passes, param_error, text_only_names_none

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("ultra_tictactoe")
TASK_IDS = [t.id for t in visreason.tasks("ultra_tictactoe")]
RANGES = {"easy": (10, 34), "medium": (35, 59), "hard": (60, 75)}


def at(board: list[str], i: int, j: int, r: int, c: int) -> str:
    return board[3 * (i - 1) + (j - 1)][3 * (r - 1) + (c - 1)]


def line_count(board: list[str], i: int, j: int, player: str) -> int:
    """Complete lines of `player` in Nine-grid (i, j), by coordinates."""
    def mine(r: int, c: int) -> bool:
        return at(board, i, j, r, c) == player
    rows = sum(all(mine(r, c) for c in (1, 2, 3)) for r in (1, 2, 3))
    cols = sum(all(mine(r, c) for r in (1, 2, 3)) for c in (1, 2, 3))
    diags = all(mine(k, k) for k in (1, 2, 3)) + all(mine(k, 4 - k) for k in (1, 2, 3))
    return rows + cols + diags


def put(board: list[str], i: int, j: int, r: int, c: int, mark: str) -> list[str]:
    g, p = 3 * (i - 1) + j - 1, 3 * (r - 1) + c - 1
    out = list(board)
    out[g] = board[g][:p] + mark + board[g][p + 1:]
    return out


def mover(board: list[str]) -> str:
    xs = sum(g.count("X") for g in board)
    os_ = sum(g.count("O") for g in board)
    assert xs - os_ in (0, 1)
    return "X" if xs == os_ else "O"


def brute_forced(board: list[str]) -> set[tuple[int, int]]:
    """Every grid the mover could be sent to: for each opponent piece taken as the last move,
    undo it and check that the rest balances (every earlier move answered in the grid it
    named), counting X's opening move into (2, 2) as unsent."""
    me = mover(board)
    rival = "O" if me == "X" else "X"
    found = set()
    for i in (1, 2, 3):
        for j in (1, 2, 3):
            for r in (1, 2, 3):
                for c in (1, 2, 3):
                    if at(board, i, j, r, c) != rival:
                        continue
                    before = put(board, i, j, r, c, ".")
                    ok = True
                    for gi in (1, 2, 3):
                        for gj in (1, 2, 3):
                            sent = sum(at(before, a, b, gi, gj) == rival
                                       for a in (1, 2, 3) for b in (1, 2, 3))
                            here = sum(at(before, gi, gj, a, b) == me
                                       for a in (1, 2, 3) for b in (1, 2, 3))
                            if me == "X" and (gi, gj) == (2, 2):
                                here -= 1
                            ok &= sent == here
                    if ok:
                        found.add((r, c))
    return found


def chosen(s: visreason.Sample) -> str:
    return s.options[LETTERS.index(s.answer)]


def check_state(state: dict, level: str | None = None) -> None:
    board = state["board"]
    assert len(board) == 9 and all(len(g) == 9 and set(g) <= set("XO.") for g in board)
    pieces = sum(9 - g.count(".") for g in board)
    if level:
        low, high = RANGES[level]
        assert low <= pieces <= high
    i, j, r, c = state["last"]
    assert at(board, i, j, r, c) == ("O" if mover(board) == "X" else "X")
    assert "." in board[3 * (r - 1) + c - 1]  # the forced grid has room
    assert brute_forced(board) >= {(r, c)}


def check_sample(s: visreason.Sample, o: visreason.Sample | None = None) -> None:
    state, board = s.state, s.state["board"]
    check_state(state)
    li, lj, lr, lc = state["last"]
    if s.task == "cell_owner":
        i, j, r, c = (int(v) for v in re.search(r"cell \((\d), (\d), (\d), (\d)\)",
                                                 s.question).groups())
        mark = at(board, i, j, r, c)
        want = {"X": "first player", "O": "second player", ".": "empty"}[mark]
        assert want in chosen(s).lower()
        if o is not None:
            assert visreason.verify(o, {"X": "the first player", "O": "Second player",
                                        ".": "not marked"}[mark]) == 1.0
            for wrong in {"first player", "second player", "not marked"} - {o.answer}:
                assert visreason.verify(o, wrong) == 0.0
            assert visreason.verify(o, "first or second player") == 0.0
    elif s.task == "next_move_count":
        assert f"just played ({li}, {lj}, {lr}, {lc})" in s.question
        free = sum(at(board, lr, lc, r, c) == "." for r in (1, 2, 3) for c in (1, 2, 3))
        assert chosen(s) == str(free)
    elif s.task == "centre_count":
        count = sum(at(board, i, j, 2, 2) != "." for i in (1, 2, 3) for j in (1, 2, 3))
        assert chosen(s) == str(count)
    elif s.task == "piece_count":
        assert chosen(s) == str(sum(ch != "." for g in board for ch in g))
    elif s.task == "grid_points":
        m = re.search(r"does the (first|second) player \([XO]\) have in Nine-grid \((\d), (\d)\)",
                      s.question)
        player = "X" if m.group(1) == "first" else "O"
        assert chosen(s) == str(line_count(board, int(m.group(2)), int(m.group(3)), player))
    elif s.task == "forced_grid":
        assert "just played" not in s.question and "previous move is not shown" in s.question
        grids = brute_forced(board)
        assert grids == {(lr, lc)}, grids  # the counts name exactly one grid
        assert chosen(s) == f"({lr}, {lc})"
        if o is not None:
            assert visreason.verify(o, f"Nine-grid ({lr}, {lc})") == 1.0
            assert visreason.verify(o, f"({lc}, {lr})") == float(lr == lc)
    elif s.task == "best_move":
        assert f"just played ({li}, {lj}, {lr}, {lc})" in s.question
        me = mover(board)
        gains = {}
        for r in (1, 2, 3):
            for c in (1, 2, 3):
                if at(board, lr, lc, r, c) == ".":
                    after = put(board, lr, lc, r, c, me)
                    gains[(lr, lc, r, c)] = (line_count(after, lr, lc, me)
                                             - line_count(board, lr, lc, me))
        top = max(gains.values())
        best = [cell for cell, v in gains.items() if v == top]
        assert top > 0 and len(best) == 1
        assert s.answer == "({}, {}, {}, {})".format(*best[0])
        for cell, v in gains.items():  # no other legal cell is marked right
            assert visreason.verify(s, "({}, {}, {}, {})".format(*cell)) == float(v == top)
        other_grid = ((lr % 3) + 1, lc)
        for r in (1, 2, 3):  # a cell outside the forced grid never scores
            assert visreason.verify(s, f"({other_grid[0]}, {other_grid[1]}, {r}, 1)") == 0.0
        assert visreason.verify(s, "(1, 2, 3)") == 0.0
        assert visreason.verify(s, "") == 0.0
    else:
        raise AssertionError(s.task)
    if s.options and s.answer_type == "choice":
        for i in range(len(s.options)):
            if LETTERS[i] != s.answer:
                assert visreason.verify(s, LETTERS[i]) == 0.0
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0
    if o is not None:
        assert visreason.verify(o, f"<answer>{o.answer}</answer>") == 1.0


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("task_id", TASK_IDS)
def test_answers_rederived(task_id: str, level: str) -> None:
    for index in range(10):
        s = visreason.generate(task_id, level, 3, index)
        check_state(s.state, level)
        o = visreason.generate(task_id, level, 3, index, answer_form="open", text_only=True)
        assert o.state == s.state
        check_sample(s, o)


def test_best_move_ties_are_all_accepted_and_nothing_else() -> None:
    """A hand position: O to move in grid (1, 1), where both (1, 1, 1, 3) and (1, 1, 3, 1)
    complete an O line; the checker takes each and no other cell."""
    task = visreason.get_task("ultra_tictactoe/best_move")
    board = ["OO.O.....", "X........", ".........", ".........", "X...X....", ".........",
             ".........", ".........", "X........"]
    state = {"board": board, "last": [3, 3, 1, 1]}
    assert mover(board) == "O"
    assert task.check_open(state, {}, "(1, 1, 1, 3)") == 1.0
    assert task.check_open(state, {}, "(1, 1, 3, 1)") == 1.0
    for cell in ("(1, 1, 2, 2)", "(1, 1, 3, 3)", "(2, 2, 1, 3)", "(1, 1, 1, 1)", "1, 1, 4, 1",
                 "(1, 1, 1)", "maybe"):
        assert task.check_open(state, {}, cell) == 0.0


def test_best_move_exhaustive_on_random_positions() -> None:
    """On self-played positions, the game's gains match trying every cell, and the unique
    optimum is found whenever one exists."""
    from visreason.games.ultra_tictactoe import rules, tasks
    rng = random.Random(4)
    seen = Counter()
    for _ in range(60):
        for state in tasks.stops(rng, {"min_moves": 10, "max_moves": 70})[::5]:
            board = state["board"]
            _, _, lr, lc = state["last"]
            me = mover(board)
            gains = {}
            for r in (1, 2, 3):
                for c in (1, 2, 3):
                    if at(board, lr, lc, r, c) == ".":
                        after = put(board, lr, lc, r, c, me)
                        gains[(lr, lc, r, c)] = (line_count(after, lr, lc, me)
                                                 - line_count(board, lr, lc, me))
            top = max(gains.values())
            best = {k for k, v in gains.items() if v == top}
            unique = tasks.unique(state)
            if top > 0 and len(best) == 1:
                assert unique is not None and rules.coords(*unique) in best
            else:
                assert unique is None
            seen[unique is not None] += 1
            assert {rules.coords(*m) for m in rules.best_moves(board, tasks.unpack(state)[1])
                    } == best
    assert seen[True] > 20 and seen[False] > 20


def test_forced_grid_inference_on_played_games() -> None:
    from visreason.games.ultra_tictactoe import rules
    rng = random.Random(9)
    for _ in range(30):
        game = rules.self_play(rng, 60)
        for steps in range(1, len(game.moves) + 1, 3):
            board = game.board_after(steps)
            g = game.moves[steps - 1][1]
            assert rules.inferred_grid(board) == g
            assert (g // 3 + 1, g % 3 + 1) in brute_forced(board)


@pytest.mark.parametrize("level", LEVELS)
def test_picture_shows_the_pieces(level: str) -> None:
    from visreason.games.ultra_tictactoe.render import CELL, cell_origin
    s = visreason.generate("ultra_tictactoe/cell_owner", level, 0, 0)
    image = s.image.convert("RGB")
    for g, grid in enumerate(s.state["board"]):
        for p, mark in enumerate(grid):
            x, y = cell_origin(g, p)
            box = image.crop((x + 2, y + 2, x + CELL - 2, y + CELL - 2))
            colours = {c for _, c in box.getcolors(4096)}
            assert ((40, 90, 220) in colours) == (mark == "X")
            assert ((220, 40, 40) in colours) == (mark == "O")


def test_text_description_matches_state() -> None:
    s = visreason.generate("ultra_tictactoe/piece_count", "medium", 2, text_only=True)
    text = s.question.split("given as text:\n")[1]
    rows = [line for line in text.splitlines() if re.match(r"^(i = \d|\s+)\s+\d  [XO.]", line)]
    assert len(rows) == 9
    board = s.state["board"]
    for k, line in enumerate(rows):
        i, r = k // 3 + 1, k % 3 + 1
        marks = line.split()[-9:]
        assert marks == [at(board, i, j, r, c) for j in (1, 2, 3) for c in (1, 2, 3)]


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_names_no_picture_or_colour(task_id: str) -> None:
    text_only_names_none(task_id, ("image", "picture", "blue", "red", "bold", "rgb", "drawn"))


def test_state_key_is_the_board() -> None:
    s = visreason.generate("ultra_tictactoe/best_move", "easy", 0, 1)
    assert GAME.state_key(s.state) == GAME.state_key(dict(s.state, last=None))


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param in GAME.params:
        for value in (param.low, param.high):
            params = {param.name: value}
            params["min_moves" if param.name == "max_moves" else "max_moves"] = value
            for index in range(2):
                for form in FORMS:
                    s = visreason.generate(task_id, "medium", 0, index, answer_form=form,
                                           text_only=True, params=params)
                    pieces = sum(9 - g.count(".") for g in s.state["board"])
                    assert pieces == value
                    if form == "choice":
                        check_sample(s)
                    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


@pytest.mark.parametrize("params", [{"min_moves": 9}, {"max_moves": 76}, {"max_moves": "x"},
                                    {"moves": 3}, {"min_moves": 40, "max_moves": 30}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("ultra_tictactoe/piece_count", params, "medium")


# ----------------------------------------------------------------------------- data quality

@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_states_are_right(level: str) -> None:
    asked = asked_counts("ultra_tictactoe", level, 35, len(TASK_IDS), check_sample)
    from visreason.games.ultra_tictactoe import tasks
    low, high = RANGES[level]
    # Count questions with three answers or fewer at this level only lead (see tasks).
    lead_only = {name for name in ("next_move_count", "centre_count", "grid_points",
                                   "forced_grid")
                 if len(tasks.calibrate(name, low, high).feasible) < tasks.ASK_MIN_ANSWERS}
    assert lead_only <= {"centre_count", "grid_points"}
    assert {t for t, n in asked.items() if n} == {t.name for t in
                                                  visreason.tasks("ultra_tictactoe")} - lead_only


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("ultra_tictactoe", 420, 30)


def test_rules_step_function_plays_a_whole_game() -> None:
    """Moves applied one at a time through the rules keep every invariant the tasks read."""
    from visreason.games.ultra_tictactoe import rules
    rng = random.Random(1)
    board, last = rules.empty_board(), None
    for _ in range(81):
        if rules.is_over(board, last):
            break
        move = rng.choice(rules.legal_moves(board, last))
        assert move[0] == (4 if last is None else last[1])
        board = rules.play(board, move, rules.to_move(board))
        last = move
        assert rules.inferred_grid(board) == move[1]
    total = {p: sum(line_count(board, i, j, p) for i in (1, 2, 3) for j in (1, 2, 3))
             for p in "XO"}
    assert total == {p: rules.score(board, p) for p in "XO"}
    with pytest.raises(ValueError):
        rules.play(board, move, "X")
