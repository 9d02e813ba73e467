"""Chess Ranger answers re-derived with a second move generator and solver (coordinates and
step-by-step line walks), direct counts, and hand positions for the rules that differ from
chess (pawns capture upward only, no promotion, kings can be captured)."""

from __future__ import annotations

import re
from functools import lru_cache

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
GAME = get_game("chess_ranger")
TASK_IDS = [t.id for t in visreason.tasks("chess_ranger")]
NAMES = {"P": "pawn", "R": "rook", "N": "knight", "B": "bishop", "Q": "queen", "K": "king"}
LINES = {"R": [(1, 0), (-1, 0), (0, 1), (0, -1)], "B": [(1, 1), (1, -1), (-1, 1), (-1, -1)]}
LINES["Q"] = LINES["R"] + LINES["B"]
JUMPS = {"N": [(1, 2), (2, 1), (-1, 2), (-2, 1), (1, -2), (2, -1), (-1, -2), (-2, -1)],
         "K": [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy],
         "P": [(1, 1), (-1, 1)]}


def coords(square: str) -> tuple[int, int]:
    return ord(square[0]) - 97, int(square[1])


def square(x: int, y: int) -> str:
    return f"{chr(97 + x)}{y}"


def board_of(state: dict) -> dict[tuple[int, int], str]:
    return {coords(sq): piece for sq, piece in state["pieces"]}


def moves(board: dict) -> set[tuple[tuple[int, int], tuple[int, int]]]:
    """Every capture (from, to), found by walking each line step by step."""
    found = set()
    for (x, y), piece in board.items():
        if piece in LINES:
            for dx, dy in LINES[piece]:
                k = 1
                while 0 <= x + k * dx < 8 and 1 <= y + k * dy <= 8:
                    if (x + k * dx, y + k * dy) in board:
                        found.add(((x, y), (x + k * dx, y + k * dy)))
                        break
                    k += 1
        else:
            for dx, dy in JUMPS[piece]:
                if (x + dx, y + dy) in board:
                    found.add(((x, y), (x + dx, y + dy)))
    return found


def after(board: dict, move: tuple) -> dict:
    a, b = move
    out = dict(board)
    out[b] = out.pop(a)
    return out


@lru_cache(maxsize=100_000)
def _solvable(items: frozenset) -> bool:
    board = dict(items)
    if len(board) == 1:
        return True
    return any(_solvable(frozenset(after(board, m).items())) for m in moves(board))


def solvable(board: dict) -> bool:
    return _solvable(frozenset(board.items()))


def parse_move(text: str) -> tuple[str, tuple[int, int], tuple[int, int]]:
    piece, a, b = re.fullmatch(r"([PRNBQK])([a-h][1-8])x([a-h][1-8])", text).groups()
    return piece, coords(a), coords(b)


def chosen(s: visreason.Sample) -> str:
    return s.options[LETTERS.index(s.answer)]


def check(s: visreason.Sample) -> None:
    """Re-derive one sample of any chess ranger task, in its form."""
    board = board_of(s.state)
    assert solvable(board)
    if s.task == "solution_length":
        truth = str(len(board) - 1)
        assert (chosen(s) if s.options else s.answer) == truth
        replay = dict(board)
        for text in s.meta.get("solution", []):
            piece, a, b = parse_move(text)
            assert replay[a] == piece and (a, b) in moves(replay)
            replay = after(replay, (a, b))
        if "solution" in s.meta:
            assert len(replay) == 1
    elif s.task == "piece_count":
        kind = next(k for k, n in NAMES.items() if f"many {n}s " in s.question)
        assert s.answer == str(sum(p == kind for p in board.values()))
    elif s.task == "piece_square":
        kind = next(k for k, n in NAMES.items() if f"exactly one {n} " in s.question)
        (where,) = [sq for sq, p in board.items() if p == kind]
        assert s.answer == square(*where)
        assert visreason.verify(s, f"The {NAMES[kind]} is on {square(*where).upper()}.") == 1.0
        others = [sq for sq in board if sq != where]
        for sq in others:
            assert visreason.verify(s, square(*sq)) == 0.0
    elif s.task == "piece_on_square":
        where = re.search(r"square ([a-h][1-8])\?", s.question).group(1)
        piece = board.get(coords(where))
        truth = NAMES[piece] if piece else "no piece"
        assert (chosen(s).lower() if s.options else s.answer) == truth
        if not s.options:
            assert visreason.verify(s, f"a {truth}") == 1.0
            for name in [*NAMES.values(), "no piece"]:
                if name != truth:
                    assert visreason.verify(s, name) == 0.0
                    assert visreason.verify(s, f"{truth} or {name}") == 0.0
    elif s.task == "winning_captures":
        listed = re.findall(r"^\d\. ([PRNBQK][a-h][1-8]x[a-h][1-8]) ", s.question, re.M)
        assert len(listed) == 4 and len(set(listed)) == 4
        wins = []
        for i, text in enumerate(listed, 1):
            piece, a, b = parse_move(text)
            assert board[a] == piece and (a, b) in moves(board)
            if solvable(after(board, (a, b))):
                wins.append(i)
        truth = ", ".join(map(str, wins)) if wins else None
        if s.options:
            assert chosen(s) == (truth or "none of them")
            assert s.options[-1] == "none of them"
        else:
            assert s.answer == (truth or "none")
            if wins:
                assert visreason.verify(s, " and ".join(map(str, reversed(wins)))) == 1.0
                assert visreason.verify(s, "none") == 0.0
                assert visreason.verify(s, ", ".join(map(str, [*wins, *wins]))) == 0.0
            for k in range(1, 5):
                flipped = sorted(set(wins) ^ {k})
                text = ", ".join(map(str, flipped)) if flipped else "none"
                assert visreason.verify(s, text) == 0.0
    else:
        raise AssertionError(s.task)
    if s.options is not None:
        wrong_options_score_zero(s)
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


# ----------------------------------------------------------------------------- rules

def test_hand_positions_follow_the_stated_rules() -> None:
    from visreason.games.chess_ranger import rules

    # A pawn captures only diagonally upward; nothing is captured straight ahead.
    pos = {"b2": "P", "a3": "N", "a1": "N", "b3": "R"}
    pawn = [m.target for m in rules.legal_captures(pos) if m.origin == "b2"]
    assert pawn == ["a3"]
    # A pawn that reaches rank 8 stays a pawn and cannot capture any more.
    pos = {"a7": "P", "b8": "Q"}
    (up,) = [m for m in rules.legal_captures(pos) if m.origin == "a7"]
    end = rules.play(pos, up)
    assert end == {"b8": "P"}
    assert [m.origin for m in rules.legal_captures({"b8": "P", "a8": "R", "c8": "N"})] == ["a8"]
    # A rook stops at the first piece in its way; a king may be captured.
    pos = {"a1": "R", "a4": "K", "a8": "Q"}
    assert {(m.origin, m.target) for m in rules.legal_captures(pos)} == {("a1", "a4"),
                                                                         ("a8", "a4")}
    assert rules.solvable({"a1": "R", "a4": "K"})
    # Two knights a knight's move apart solve; two rooks on different lines do not.
    assert rules.solvable({"b1": "N", "c3": "N"})
    assert not rules.solvable({"a1": "R", "b2": "R"})
    trace = rules.solve({"a1": "R", "b2": "R"})
    assert trace.solution is None and trace.steps[0][0] == "stuck"


def test_solver_agrees_with_the_second_solver_on_random_positions() -> None:
    import random

    from visreason.games.chess_ranger import rules

    rng = random.Random(7)
    for _ in range(300):
        pos = rules.random_position(rng, rng.randint(2, 6))
        board = {coords(sq): p for sq, p in pos.items()}
        assert rules.solvable(pos) == solvable(board) == (rules.solve(pos).solution is not None)
        mine = {(coords(m.origin), coords(m.target)) for m in rules.legal_captures(pos)}
        assert mine == moves(board)


# ----------------------------------------------------------------------------- tasks

@pytest.mark.parametrize("task_id", TASK_IDS)
@pytest.mark.parametrize("level", LEVELS)
def test_answers_rederived_in_both_forms(task_id: str, level: str) -> None:
    for seed in range(5):
        for form in FORMS:
            check(visreason.generate(task_id, level, seed, answer_form=form, text_only=True))


def test_piece_counts_follow_the_levels() -> None:
    for level, (low, high) in {"easy": (4, 6), "medium": (5, 7), "hard": (6, 8)}.items():
        counts = {len(visreason.generate("chess_ranger/solution_length", level, 0, i,
                                         text_only=True).state["pieces"]) for i in range(12)}
        assert counts == set(range(low, high + 1))


def test_open_malformed_answers_score_zero() -> None:
    s = visreason.generate("chess_ranger/winning_captures", "medium", 1, answer_form="open")
    for junk in ("", "1, x", "5", "0", "candidate", "1 2 3 4 5"):
        assert visreason.verify(s, junk) == 0.0, junk
    s = visreason.generate("chess_ranger/piece_square", "easy", 2)
    for junk in ("", "z9", "d5 or e4", "somewhere"):
        assert visreason.verify(s, junk) == 0.0, junk


def test_picture_draws_a_piece_exactly_on_occupied_squares() -> None:
    from visreason.games.chess_ranger.render import layout_for

    for level in LEVELS:
        s = visreason.generate("chess_ranger/piece_on_square", level, 3)
        image = s.image.convert("RGB")
        layout = layout_for()
        board = board_of(s.state)
        for x in range(8):
            for y in range(1, 9):
                x0, y0, x1, y1 = layout.box(8 - y, x)
                colours = {c for _, c in image.crop((x0 + 1, y0 + 1, x1 - 1, y1 - 1))
                           .getcolors(10_000)}
                assert ((0, 0, 0) in colours) == ((x, y) in board), square(x, y)
                assert ((x + y) % 2 == 0) == ((240, 217, 181) in colours)  # a1 is dark


def test_text_description_matches_state() -> None:
    s = visreason.generate("chess_ranger/piece_count", "hard", 3, text_only=True)
    text = s.question.split("given as text:\n")[1]
    rows = text.split("\nLegend")[0].splitlines()[2:]
    board = board_of(s.state)
    assert len(rows) == 8
    for i, line in enumerate(rows):
        rank = 8 - i
        assert line.split()[0] == str(rank)
        for x, mark in enumerate(line.split()[1:]):
            assert mark == board.get((x, rank), ".")
    for word in ("image", "picture", "diagram", "white"):
        assert word not in s.question.lower()


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_the_piece_counts(task_id: str) -> None:
    for params in ({"pieces_min": 4, "pieces_max": 4}, {"pieces_min": 8, "pieces_max": 8},
                   {"pieces_min": 4, "pieces_max": 8}):
        for index in range(3):
            s = visreason.generate(task_id, "medium", 0, index, text_only=True, params=params)
            assert params["pieces_min"] <= len(s.state["pieces"]) <= params["pieces_max"]
            check(s)


@pytest.mark.parametrize("params", [{"pieces_min": 3}, {"pieces_max": 9},
                                    {"pieces_min": 6, "pieces_max": 5}, {"pieces": 4}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("chess_ranger/piece_count", params)


# ----------------------------------------------------------------------------- data quality

def test_asked_questions_are_rederived_and_dense_data_passes_the_audit() -> None:
    for level in LEVELS:
        for g in range(10):
            for form in FORMS:
                for s in generate_group("chess_ranger", level, 2, g, questions=5,
                                        answer_form=form, text_only=True):
                    check(s)
    report = audit(dense_samples("chess_ranger", 300))
    assert report.failures == [], "\n" + report.table()
