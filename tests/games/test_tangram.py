"""Tangram answers re-derived from the stored board with plain, separate code."""

from __future__ import annotations

import contextlib
import random
import re

import pytest

import visreason
from visreason.core import Draw, ParamError, Retry, get_game, get_task
from visreason.core.answers import LETTERS
from visreason.core.generate import generate_group
from visreason.data.audit import audit
from visreason.render import png_bytes

from .dense import dense_samples

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("tangram")
TASK_IDS = [t.id for t in visreason.tasks("tangram")]
SIZES = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 10)}
TURNS = {0: "It fits as shown, without turning", 1: "Turn it 90 degrees clockwise",
         2: "Turn it 180 degrees", 3: "Turn it 90 degrees counterclockwise"}


def cells(board: list, piece: int) -> set:
    return {(r, c) for r, row in enumerate(board) for c, v in enumerate(row) if v == piece}


def mask(points: set) -> list[str]:
    """Rows of '#'/'.' over the bounding box."""
    r0, c0 = min(r for r, _ in points), min(c for _, c in points)
    r1, c1 = max(r for r, _ in points), max(c for _, c in points)
    return ["".join("#" if (r, c) in points else "." for c in range(c0, c1 + 1))
            for r in range(r0, r1 + 1)]


def clockwise(rows: list[str]) -> list[str]:
    return ["".join(col) for col in zip(*reversed(rows), strict=True)]


def shown(state: dict, piece: int) -> list[str]:
    (rows,) = [p["shape"] for p in state["removed"] if p["id"] == piece]
    return [row.replace("X", "#") for row in rows]


def chosen(s: visreason.Sample) -> str:
    return s.options[LETTERS.index(s.answer)]


def check(s: visreason.Sample, level: str | None = None) -> None:
    state, board = s.state, s.state["board"]
    n = state["size"]
    assert len(board) == n and all(len(row) == n for row in board)
    if level is not None:
        low, high = SIZES[level]
        assert low <= n <= high
    on_board = {v for row in board for v in row if v}
    removed = [p["id"] for p in state["removed"]]
    assert removed and not on_board & set(removed)
    hole = cells(board, 0)
    if s.task == "piece_count":
        value = str(len(on_board))
    elif s.task == "piece_area":
        value = str(len(cells(board, s.meta["piece"])))
    elif s.task == "piece_adjacency":
        piece = s.meta["piece"]
        touching = set()
        for r in range(n):
            for c in range(n):
                for r2, c2 in ((r + 1, c), (r, c + 1)):
                    if r2 < n and c2 < n:
                        a, b = board[r][c], board[r2][c2]
                        if a and b and a != b and piece in (a, b):
                            touching.add(a + b - piece)
        value = str(len(touching))
    elif s.task == "piece_rotation":
        (piece,) = removed
        target = mask(hole)
        rows = shown(state, piece)
        fits = []
        for k in range(4):
            if rows == target:
                fits.append(k)
            rows = clockwise(rows)
        if s.answer_form == "open":
            assert s.answer == (", ".join(str(90 * k) for k in fits) or "none")
            if fits:
                assert visreason.verify(s, ", ".join(str(90 * k) for k in reversed(fits))) == 1
                assert visreason.verify(s, "none") == 0.0
            others = [k for k in range(4) if k not in fits]
            if others:
                wrong = ", ".join(str(90 * k) for k in sorted([*fits, others[0]]))
                assert visreason.verify(s, f"<answer>{wrong}</answer>") == 0.0
        else:
            text = chosen(s)
            if len(fits) == 1:
                assert text == TURNS[fits[0]]
            elif not fits:
                assert "mirrored" in text
            elif fits == [0, 2]:
                assert "180" in text and "as shown" in text
            elif fits == [1, 3]:
                assert "either way" in text
            else:
                assert fits == [0, 1, 2, 3] and text.startswith("Any")
        value = None
    elif s.task == "piece_placement":
        first, second = s.meta["piece"], s.meta["other"]
        a = {(r, c) for r, row in enumerate(shown(state, first)) for c, ch in enumerate(row)
             if ch == "#"}
        b_rows = shown(state, second)
        found = []
        for dr in range(-n, n):
            for dc in range(-n, n):
                placed = {(r + dr, c + dc) for r, c in a}
                if placed <= hole and mask(hole - placed) == b_rows:
                    found.append(placed)
        (placed,) = found  # exactly one way
        r0, c0 = min(r for r, _ in placed), min(c for _, c in placed)
        r1, c1 = max(r for r, _ in placed), max(c for _, c in placed)
        box = f"({r0}, {c0}) to ({r1}, {c1})"
        if s.answer_form == "open":
            assert visreason.verify(s, f"<answer>{box}</answer>") == 1.0
            assert visreason.verify(s, f"<answer>({c0}, {r0}) to ({c1}, {r1})</answer>") == \
                float(r0 == c0 and r1 == c1)
        else:
            assert chosen(s) == box
            sizes = {re.sub(r"\d+", "#", o) for o in s.options}
            assert len(sizes) == 1
        value = None
    else:
        raise AssertionError(s.task)
    if value is not None:
        if s.answer_form == "open":
            assert s.answer == value
            assert visreason.verify(s, str(int(value) + 1)) == 0.0
        else:
            assert chosen(s) == value
    if s.answer_form == "choice":
        for i in range(len(s.options)):
            if LETTERS[i] != s.answer:
                assert visreason.verify(s, f"Answer: {LETTERS[i]}") == 0.0
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


# ----------------------------------------------------------------------------- answers

@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("task_id", TASK_IDS)
def test_answers_match_plain_code(task_id: str, level: str) -> None:
    for index in range(15):
        for form in FORMS:
            check(visreason.generate(task_id, level, 3, index, answer_form=form,
                                     text_only=True), level)


def test_rotation_open_answers_are_sets() -> None:
    task = get_task("tangram/piece_rotation")
    for text, fits, score in (("0, 180", [0, 2], 1), ("180 and 0", [0, 2], 1),
                              ("180", [0, 2], 0), ("90", [1], 1), ("none", [], 1),
                              ("none", [1], 0), ("0", [], 0), ("90 counterclockwise", [1], 0),
                              ("45", [1], 0), ("", [1], 0), ("270, 90", [1, 3], 1),
                              ("Turn it 90 degrees either way", [1, 3], 1),
                              ("Turn it 90 degrees either way", [1], 0),
                              ("Turn it 90 degrees counterclockwise", [3], 1),
                              ("Either as shown or turned 180 degrees", [0, 2], 1),
                              ("Either as shown or turned 180 degrees", [2], 0),
                              ("No turn makes it fit: it is mirrored", [], 1),
                              ("Any turn makes it fit", [0, 1, 2, 3], 1),
                              ("90 or 270", [1], 0)):
        assert task.check_open({}, {"fits": fits}, text) == score, text


def test_voronoi_pieces_follow_the_nearest_seed() -> None:
    from visreason.games.tangram import rules

    for seed in range(20):
        board = rules.voronoi(random.Random(seed), 7, 6)
        if board is None:
            continue
        for piece in rules.pieces_on(board):
            found = cells(board, piece)
            assert len(rules.component(board, next(iter(found)))) == len(found)


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for params in ({"min_size": 4, "max_size": 4, "pieces": 4},
                   {"min_size": 4, "max_size": 4, "pieces": 12},
                   {"min_size": 12, "max_size": 12, "pieces": 4},
                   {"min_size": 12, "max_size": 12, "pieces": 12}):
        for form in FORMS:
            s = visreason.generate(task_id, "medium", 0, 1, answer_form=form, text_only=True,
                                   params=params)
            assert s.state["size"] == params["min_size"]
            assert len({v for row in s.state["board"] for v in row if v}) + \
                len(s.state["removed"]) <= params["pieces"]
            check(s)


@pytest.mark.parametrize("params", [{"min_size": 3}, {"max_size": 13}, {"pieces": 3},
                                    {"pieces": 13}, {"pieces": "x"}, {"colour": 1},
                                    {"min_size": 9, "max_size": 6}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    with pytest.raises(ParamError) as error:
        visreason.generate("tangram/piece_area", "easy", 0, params=params)
    message = str(error.value)
    assert "\n" not in message and "tangram" in message


# ----------------------------------------------------------------------------- samples

def test_deterministic_samples_and_pictures() -> None:
    for task_id in TASK_IDS:
        a = visreason.generate(task_id, "hard", 7, 3)
        b = visreason.generate(task_id, "hard", 7, 3)
        assert a.to_dict() == b.to_dict()
        assert png_bytes(a.image) == png_bytes(b.image)


def test_picture_numbers_and_colours_follow_the_board() -> None:
    from visreason.games.tangram import render

    s = visreason.generate("tangram/piece_count", "medium", 1)
    layout = render.layout_for(s.state["size"])
    image = s.image.convert("RGB")
    colors = visreason.render.COLORS
    for r, row in enumerate(s.state["board"]):
        for c, piece in enumerate(row):
            x0, y0, _, _ = layout.box(r, c)
            corner = image.getpixel((x0 + 4, y0 + layout.cell - 5))
            if piece:
                assert corner == colors[render.PIECE_COLORS[piece - 1]]
            else:
                assert corner in {(255, 255, 255), colors["gray"]}


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_prompts_name_no_picture(task_id: str) -> None:
    for level in LEVELS:
        for form in FORMS:
            s = visreason.generate(task_id, level, 4, 2, answer_form=form, text_only=True)
            words = set(re.findall(r"[a-z]+", (s.question + "\n" + s.analysis).lower()))
            for word in ("image", "picture", "hatching", "colour", "red", "blue", "panel"):
                assert word not in words, (s.id, word)
            assert GAME.describe(s.state) in s.question


def test_audit_passes_in_both_forms() -> None:
    samples = [visreason.generate(task_id, level, 1, index, answer_form=form, text_only=True)
               for task_id in TASK_IDS for level in LEVELS for form in FORMS
               for index in range(300)]
    report = audit(samples)
    assert report.failures == [], "\n" + report.table()


# ----------------------------------------------------------------- several questions per state

def test_questions_asked_about_other_tasks_boards_are_right() -> None:
    """Each task that asks does so about other tasks' boards at every level."""
    asked = set()
    for level in LEVELS:
        for g in range(40):
            for form in FORMS:
                group = generate_group("tangram", level, 2, g, questions=len(TASK_IDS),
                                       answer_form=form, text_only=True)
                for s in group:
                    assert s.state == group[0].state
                    check(s, level)
                asked |= {s.task for s in group[1:]}
    assert asked == {t.name for t in visreason.tasks("tangram") if t.can_ask}


def test_fitting_questions_do_not_ask_about_other_boards() -> None:
    for name in ("piece_rotation", "piece_placement", "piece_adjacency"):
        assert not get_task(f"tangram/{name}").can_ask
    state = visreason.generate("tangram/piece_placement", "easy", 0).state
    asked = []
    for index in range(30):
        draw = Draw(random.Random(index), "easy", dict(GAME.presets["easy"]), index, "ask")
        with contextlib.suppress(Retry):
            asked.append(get_task("tangram/piece_area").ask(draw, state))
    assert asked and all(q.state == state for q in asked)


def test_dense_groups_pass_the_audit() -> None:
    report = audit(dense_samples("tangram", 300))
    assert report.failures == [], "\n" + report.table()
