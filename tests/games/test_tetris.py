"""Tetris answers re-derived from the stored grid with a separate, plain engine."""

from __future__ import annotations

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
SIZES = {"easy": 8, "medium": 12, "hard": 16}
GAME = get_game("tetris")
TASK_IDS = [t.id for t in visreason.tasks("tetris")]
SHAPES = {  # each piece drawn out in every orientation by hand, as sets of (row, col)
    "I": ["XXXX", "X/X/X/X"],
    "O": ["XX/XX"],
    "T": [".X./XXX", "X./XX/X.", "XXX/.X.", ".X/XX/.X"],
    "L": ["X./X./XX", "XXX/X..", "XX/.X/.X", "..X/XXX"],
    "J": [".X/.X/XX", "X../XXX", "XX/X./X.", "XXX/..X"],
    "S": [".XX/XX.", "X./XX/.X"],
    "Z": ["XX./.XX", ".X/XX/X."],
}


def cells_of(picture: str) -> frozenset:
    return frozenset((r, c) for r, row in enumerate(picture.split("/"))
                     for c, ch in enumerate(row) if ch == "X")


ORIENTED = {name: [cells_of(p) for p in pictures] for name, pictures in SHAPES.items()}


def parse(state: dict) -> tuple[int, set, list]:
    grid = state["grid"]
    locked = {(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch == "#"}
    active = [(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch == "A"]
    assert all(set(row) <= set(".#A") for row in grid)
    return len(grid), locked, active


def shape_name(active: list) -> str:
    top, left = min(r for r, _ in active), min(c for _, c in active)
    shape = frozenset((r - top, c - left) for r, c in active)
    (name,) = [n for n, shapes in ORIENTED.items() if shape in shapes]
    return name


def free(size: int, locked: set, cells) -> bool:
    return all(0 <= r < size and 0 <= c < size and (r, c) not in locked for r, c in cells)


def falls(size: int, locked: set, cells: list) -> int:
    """One row at a time until the next row is blocked."""
    n = 0
    while free(size, locked, [(r + n + 1, c) for r, c in cells]):
        n += 1
    return n


def most_rows(size: int, locked: set, name: str) -> int:
    """Brute force: every orientation at every (row, col) where it fits, rests, and every
    row above it on its way down from the top is free too."""
    best = 0
    for shape in ORIENTED[name]:
        for row in range(-3, size):
            for col in range(-3, size):
                cells = [(row + r, col + c) for r, c in shape]
                if not free(size, locked, cells):
                    continue
                if free(size, locked, [(r + 1, c) for r, c in cells]):
                    continue  # not resting
                top = min(r for r, _ in cells)
                if not all(free(size, locked, [(r - k, c) for r, c in cells])
                           for k in range(1, top + 1)):
                    continue  # cannot come straight down from the top
                after = locked | set(cells)
                best = max(best, sum(all((r, c) in after for c in range(size))
                                     for r in range(size)))
    return best


def wrong_letters_score_zero(s: visreason.Sample) -> None:
    for i in range(len(s.options)):
        if LETTERS[i] != s.answer:
            assert visreason.verify(s, f"Answer: {LETTERS[i]}") == 0.0


def check(s: visreason.Sample, level: str | None = None) -> None:
    """Re-derive one sample's answer (either form) from its grid."""
    size, locked, active = parse(s.state)
    assert size == s.state["size"] and all(len(row) == size for row in s.state["grid"])
    if level is not None:
        assert size == SIZES[level]
    assert not any(all((r, c) in locked for c in range(size)) for r in range(size))
    if active:
        assert len(active) == 4 and falls(size, locked, active) >= 0
        top = min(r for r, _ in active)
        assert all(free(size, locked, [(r - k, c) for r, c in active]) for k in range(top + 1))
    if s.task == "empty_cells_in_row":
        row = s.meta["row"]
        assert f"row {row}?" in s.question
        expected = sum(1 for c in range(size) if (row, c) not in locked
                       and (row, c) not in active)
        assert s.answer == str(expected)
    elif s.task == "shape_recognizing":
        name = shape_name(active) if active else None
        if s.answer_form == "choice":
            assert s.options[LETTERS.index(s.answer)] == (name or "no falling tetromino")
            wrong_letters_score_zero(s)
        else:
            assert s.answer == (name or "none")  # a capital: a lower-case "l" reads as "I"
            for other in "IOTLJSZ":
                for said_as in (other, other.lower()):
                    said = visreason.verify(s, f"<answer>{said_as}</answer>")
                    assert said == float(other == name)
            assert visreason.verify(s, "<answer>none</answer>") == float(name is None)
    elif s.task == "timesteps_until_collision":
        if not active:
            assert s.answer == "-1" and s.meta.get("trivial")
            return
        step = -1 if s.meta["direction"] == "left" else 1
        shifted = [(r, c + step) for r, c in active]
        cells = shifted if free(size, locked, shifted) else active
        assert s.meta["shifted"] == (cells is shifted)
        assert s.answer == str(falls(size, locked, cells))
    elif s.task == "max_rows_cleared":
        assert s.answer == str(most_rows(size, locked, shape_name(active)))
    else:
        raise AssertionError(s.task)
    if s.answer_form == "open" and s.answer_type == "integer":
        assert visreason.verify(s, str(int(s.answer) + 1)) == 0.0
        assert visreason.verify(s, str(int(s.answer) - 1)) == 0.0
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


# ----------------------------------------------------------------------------- answers

@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("task_id", TASK_IDS)
def test_answers_match_a_plain_engine(task_id: str, level: str) -> None:
    for index in range(12):
        for form in FORMS:
            check(visreason.generate(task_id, level, 3, index, answer_form=form,
                                     text_only=True), level)


def test_hand_board_answers() -> None:
    """A fixed board: an S falling above a stack with a well at column 3."""
    grid = ["......", ".AA...", "AA....", "......", "###.##", "###.##"]
    state = {"size": 6, "grid": grid}
    from visreason.games.tetris import rules

    assert rules.identify(rules.active_cells(grid)) == ("S", 0)
    assert rules.shift_and_fall(grid, -1) == (False, 1)  # the wall refuses the shift
    assert rules.shift_and_fall(grid, 1) == (True, 1)
    best, placements = rules.best_clear(grid)
    # the S stood on end puts its lower end into the well: one row, never two
    assert best == 1 and [sorted(p.cells) for p in placements] == \
        [[(2, 2), (3, 2), (3, 3), (4, 3)]]
    grid2 = ["......", "AAAA..", "......", "......", "###.##", "###.##"]
    assert rules.best_clear(grid2)[0] == 2  # the I stood on end fills the well
    assert most_rows(6, parse({"grid": grid2})[1], "I") == 2
    assert most_rows(6, parse(state)[1], "S") == 1


def test_line_clears_shift_the_rows_above_down() -> None:
    from visreason.games.tetris import rules

    locked = {(0, 1), (2, 0), (2, 3)} | {(r, c) for r in (1, 3) for c in range(4)}
    after, lines = rules.clear_rows(locked, 4)
    assert lines == [1, 3]
    assert after == {(2, 1), (3, 0), (3, 3)}


def test_shape_open_answers_accept_wordings() -> None:
    for index in range(40):
        s = visreason.generate("tetris/shape_recognizing", "easy", 0, index,
                               answer_form="open", text_only=True)
        name = s.meta["piece"]
        if name == "no falling tetromino":
            assert visreason.verify(s, "<answer>none</answer>") == 1.0
            continue
        for text in (name, f"the {name} piece", f"{name}-tetromino", name.lower()):
            assert visreason.verify(s, f"<answer>{text}</answer>") == 1.0, text
        for text in ("", "I or O", "tetromino", f"{name} {name}", "the T and the S"):
            assert visreason.verify(s, f"<answer>{text}</answer>") == 0.0, text


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param in GAME.params:
        for value in (param.low, param.high):
            for index in range(2):
                for form in FORMS:
                    s = visreason.generate(task_id, "medium", 0, index, answer_form=form,
                                           text_only=True, params={param.name: value})
                    check(s)
                    if param.name == "size":
                        assert s.state["size"] == value


@pytest.mark.parametrize("params", [{"size": 5}, {"size": 21}, {"size": "big"}, {"pieces": 0},
                                    {"pieces": 41}, {"speed": 3}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    with pytest.raises(ParamError) as error:
        visreason.generate("tetris/max_rows_cleared", "easy", 0, params=params)
    message = str(error.value)
    assert "\n" not in message and "tetris" in message


def test_presets_are_the_levels() -> None:
    for level in LEVELS:
        assert visreason.generate("tetris/empty_cells_in_row", level, 0).state["size"] == \
            SIZES[level]


# ----------------------------------------------------------------------------- samples

def test_deterministic_samples_and_pictures() -> None:
    for task_id in TASK_IDS:
        a = visreason.generate(task_id, "hard", 7, 3)
        b = visreason.generate(task_id, "hard", 7, 3)
        assert a.to_dict() == b.to_dict()
        assert png_bytes(a.image) == png_bytes(b.image)


def test_picture_agrees_with_grid() -> None:
    from visreason.games.tetris.render import layout_for

    colours = {".": (255, 255, 255), "#": (128, 128, 128), "A": (220, 40, 40)}
    for level in LEVELS:
        s = visreason.generate("tetris/shape_recognizing", level, 1)
        layout = layout_for(s.state["size"])
        image = s.image.convert("RGB")
        for r, row in enumerate(s.state["grid"]):
            for c, ch in enumerate(row):
                x, y = layout.center(r, c)
                assert image.getpixel((int(x), int(y))) == colours[ch]


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_prompts_name_no_picture_or_colour(task_id: str) -> None:
    for level in LEVELS:
        for form in FORMS:
            s = visreason.generate(task_id, level, 4, 2, answer_form=form, text_only=True)
            words = set(re.findall(r"[a-z]+", (s.question + "\n" + s.analysis).lower()))
            for word in ("image", "picture", "red", "grey", "gray", "white"):
                assert word not in words, (s.id, word)
            assert GAME.describe(s.state) in s.question


def test_state_key_is_the_board() -> None:
    s = visreason.generate("tetris/empty_cells_in_row", "easy", 0)
    assert GAME.state_key(s.state) == "/".join(s.state["grid"])


def test_audit_passes_in_both_forms() -> None:
    samples = [visreason.generate(task_id, level, 1, index, answer_form=form, text_only=True)
               for task_id in TASK_IDS for level in LEVELS for form in FORMS
               for index in range(300) if form == "open" or task_id.endswith("recognizing")]
    report = audit(samples)
    assert report.failures == [], "\n" + report.table()


# ----------------------------------------------------------------- several questions per state

@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_boards_are_right(level: str) -> None:
    asked = set()
    for g in range(40):
        for form in FORMS:
            group = generate_group("tetris", level, 2, g, questions=len(TASK_IDS),
                                   answer_form=form, text_only=True)
            for s in group:
                assert s.state == group[0].state
                check(s, level)
                asked.add(s.task)
    assert asked == {t.split("/")[1] for t in TASK_IDS}
    assert not get_task("tetris/max_rows_cleared").can_ask  # its answers need its own boards


def test_ask_refuses_a_board_without_an_active_piece() -> None:
    state = {"size": 8, "grid": ["........"] * 6 + ["###.####", "##.#####"]}
    draw = Draw(random.Random(0), "easy", dict(GAME.presets["easy"]), 0, "ask test")
    with pytest.raises(Retry):
        get_task("tetris/timesteps_until_collision").ask(draw, state)
    q = get_task("tetris/shape_recognizing").ask(draw, state)
    assert q.options[LETTERS.index(q.answer)] == "no falling tetromino" and q.trivial


def test_dense_groups_pass_the_audit() -> None:
    report = audit(dense_samples("tetris", 420))
    assert report.failures == [], "\n" + report.table()
