"""Hue answers re-derived by painting the board again from its line list with a separate
painter, a separate Lab colour distance, and reading the picture's pixels."""

from __future__ import annotations

import itertools
import re

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS
from visreason.data.audit import audit

from .contract import asked_counts, dense_audit_passes, param_error, wrong_options_score_zero

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("hue")
TASK_IDS = [t.id for t in visreason.tasks("hue")]
SIZES = {"easy": 5, "medium": 7, "hard": 8}
PALETTE = {"red": (220, 30, 30), "orange": (245, 135, 20), "yellow": (245, 215, 30),
           "green": (30, 150, 50), "teal": (0, 128, 128), "cyan": (40, 200, 230),
           "blue": (30, 70, 210), "navy": (20, 30, 110), "purple": (120, 50, 170),
           "magenta": (220, 40, 200), "pink": (250, 160, 200), "brown": (130, 80, 40),
           "black": (25, 25, 25), "gray": (140, 140, 140)}


def to_lab(rgb):
    def lin(v):
        v = v / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = map(lin, rgb)
    xyz = ((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g
           + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883)
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def gap(a, b) -> float:
    return sum((x - y) ** 2 for x, y in zip(to_lab(a), to_lab(b), strict=True)) ** 0.5


def rgb(text: str) -> tuple[int, int, int]:
    return tuple(int(text[k:k + 2], 16) for k in (1, 3, 5))


def repaint(state: dict) -> list[list[tuple | None]]:
    """The board painted again from the line list: each line's ends, then straight runs
    between the cells on it that are already coloured (kept as they are)."""
    n = state["size"]
    board: list[list[tuple | None]] = [[None] * n for _ in range(n)]
    for line in state["lines"]:
        spots = [(line["index"], k) if line["axis"] == "row" else (k, line["index"])
                 for k in range(n)]
        board[spots[0][0]][spots[0][1]] = PALETTE[line["start"]]
        board[spots[-1][0]][spots[-1][1]] = PALETTE[line["end"]]
        fixed = [k for k, (r, c) in enumerate(spots) if board[r][c] is not None]
        for a, b in itertools.pairwise(fixed):
            ca, cb = board[spots[a][0]][spots[a][1]], board[spots[b][0]][spots[b][1]]
            for k in range(a + 1, b):
                t = (k - a) / (b - a)
                board[spots[k][0]][spots[k][1]] = tuple(round(x + (y - x) * t)
                                                        for x, y in zip(ca, cb, strict=True))
    return board


def chosen(s: visreason.Sample) -> str:
    return s.options[LETTERS.index(s.answer)]


def asked_cell(text: str) -> tuple[int, int]:
    m = re.search(r"row (\d+), column (\d+)", text)
    return int(m[1]) - 1, int(m[2]) - 1


def check(s: visreason.Sample, o: visreason.Sample) -> None:
    state = s.state
    board = repaint(state)
    removed = {tuple(c) for c in state["removed"]}
    for r, row in enumerate(state["cells"]):
        for c, value in enumerate(row):
            if (r, c) in removed:
                assert value == "" and board[r][c] is not None
            else:
                assert (rgb(value) if value else None) == board[r][c]
    n = state["size"]
    for k, line in enumerate(state["lines"]):
        assert gap(PALETTE[line["start"]], PALETTE[line["end"]]) >= 45
        # no flat stretch: each run between cells fixed before this line changes clearly
        spots = [(line["index"], j) if line["axis"] == "row" else (j, line["index"])
                 for j in range(n)]
        earlier = {c for ln in state["lines"][:k] for c in
                   ([(ln["index"], j) for j in range(n)] if ln["axis"] == "row"
                    else [(j, ln["index"]) for j in range(n)])}
        fixed = [j for j, spot in enumerate(spots) if j in (0, n - 1) or spot in earlier]
        for a, b in itertools.pairwise(fixed):
            if b - a > 1:
                assert gap(board[spots[a][0]][spots[a][1]], board[spots[b][0]][spots[b][1]]) >= 22
    if s.task == "color_description":
        r, c = asked_cell(s.question)
        name = chosen(s)
        assert board[r][c] == PALETTE[name] and o.answer == name
        assert len(s.options) == 8
        for option in s.options:
            assert option == name or gap(PALETTE[option], PALETTE[name]) >= 35
        assert visreason.verify(o, name.upper()) == 1.0
        assert all(visreason.verify(o, n) == 0.0 for n in PALETTE if n != name)
    elif s.task == "gradient_pattern":
        m = re.search(r"pattern of (row|column) (\d+)", s.question)
        axis, k = ("row" if m[1] == "row" else "col"), int(m[2]) - 1
        (line,) = [ln for ln in state["lines"] if (ln["axis"], ln["index"]) == (axis, k)]
        n = state["size"]
        first = board[k][0] if axis == "row" else board[0][k]
        last = board[k][n - 1] if axis == "row" else board[n - 1][k]
        start = next(x for x, v in PALETTE.items() if v == first)
        end = next(x for x, v in PALETTE.items() if v == last)
        assert chosen(s) == f"from {start} to {end}" and o.answer == f"{start}, {end}"
        for option in s.options:
            a, b = re.fullmatch(r"from (\w+) to (\w+)", option).groups()
            assert a != b
            if option != chosen(s):
                assert (a, b) != (start, end)
                assert a == start or gap(PALETTE[a], PALETTE[start]) >= 35
                assert b == end or gap(PALETTE[b], PALETTE[end]) >= 35
        assert visreason.verify(o, f"from {start} to {end}") == 1.0
        assert visreason.verify(o, f"{start} {end}") == 1.0
        assert visreason.verify(o, f"{end}, {start}") == 0.0
        assert visreason.verify(o, start) == 0.0
        assert visreason.verify(o, f"{start}, {end}, {end}") == 0.0
    elif s.task == "color_matching":
        # Cleared cells are lettered in lower case, apart from the capital option letters.
        label = re.search(r"belongs in cell ([a-f])", s.question)[1]
        cell = tuple(state["removed"][ord(label) - 97])
        truth = board[cell[0]][cell[1]]
        swatches = [rgb(v) for v in state["swatches"]]
        assert len(swatches) == 6 and 1 <= len(removed) <= 6
        k = int(chosen(s).split()[-1]) - 1
        assert swatches[k] == truth and o.answer == str(k + 1)
        hexed = "#" + "".join(f"{v:02x}" for v in truth)
        assert f"so its colour is {hexed}" in s.analysis
        for j, other in enumerate(swatches):
            if j != k:
                assert gap(other, truth) >= 22
        for r, c in removed:
            assert board[r][c] in swatches
        assert visreason.verify(o, str(k + 2 if k < 5 else 1)) == 0.0
    else:
        raise AssertionError(s.task)
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0
    assert visreason.verify(o, f"<answer>{o.answer}</answer>") == 1.0
    assert visreason.verify(o, "???") == 0.0
    wrong_options_score_zero(s)


@pytest.mark.parametrize("task_id", TASK_IDS)
@pytest.mark.parametrize("level", LEVELS)
def test_answers_re_derived(task_id: str, level: str) -> None:
    for index in range(12):
        s = visreason.generate(task_id, level, 3, index, text_only=True)
        o = visreason.generate(task_id, level, 3, index, answer_form="open", text_only=True)
        assert o.state == s.state and s.state["size"] == SIZES[level]
        check(s, o)


def test_lines_are_never_next_to_a_parallel_line() -> None:
    for index in range(60):
        state = visreason.generate("hue/gradient_pattern", "hard", 0, index,
                                   text_only=True).state
        assert len(state["lines"]) == 4
        for a in state["lines"]:
            for b in state["lines"]:
                if a is not b and a["axis"] == b["axis"]:
                    assert abs(a["index"] - b["index"]) >= 2


def test_picture_shows_the_cells_swatches_and_letters() -> None:
    from visreason.games.hue import render

    s = visreason.generate("hue/color_matching", "medium", 0, 4)
    image = s.image.convert("RGB")
    lay = render.layout_for(s.state["size"])
    removed = {tuple(c) for c in s.state["removed"]}
    for r, row in enumerate(s.state["cells"]):
        for c, value in enumerate(row):
            x0, y0, _, _ = lay.box(r, c)
            pixel = image.getpixel((x0 + 4, y0 + 4))
            assert pixel == (rgb(value) if value else (255, 255, 255)), (r, c)
            if (r, c) in removed:
                x, y = lay.center(r, c)
                box = image.crop((int(x) - 8, int(y) - 8, int(x) + 8, int(y) + 8))
                assert len(box.getcolors()) >= 2  # the letter is drawn
    _, top, _ = render.frame(s.state["size"], True)
    for k, value in enumerate(s.state["swatches"]):
        x = 8 + k * (render.SWATCH + 14)
        assert image.getpixel((x + 10, top + 10)) == rgb(value)


def test_text_only_prompts_name_no_picture() -> None:
    for task_id in TASK_IDS:
        for form in FORMS:
            s = visreason.generate(task_id, "medium", 4, 2, answer_form=form, text_only=True)
            text = (s.question + "\n" + s.analysis).lower()
            for word in ("image", "picture", "drawn", "legend", "white"):
                assert not re.search(rf"\b{word}\b", text), (s.id, word)
            if form == "open":
                assert "option" not in s.analysis.lower()
    s = visreason.generate("hue/color_matching", "easy", 0, text_only=True)
    assert GAME.describe(s.state) in s.question and "Swatches: 1: #" in s.question


def test_state_key_is_the_board() -> None:
    a = visreason.generate("hue/gradient_pattern", "easy", 0, 5)
    b = visreason.generate("hue/gradient_pattern", "easy", 0, 5, answer_form="open")
    assert GAME.state_key(a.state) == GAME.state_key(b.state)
    assert a.state["cells"][0][0] in GAME.state_key(a.state) or "." in GAME.state_key(a.state)


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param in GAME.params:
        for value in (param.low, param.high):
            params = {param.name: value}
            if param.name == "cleared_min":
                params["cleared_max"] = 6
            if param.name == "cleared_max":
                params["cleared_min"] = 1
            for index in range(3):
                s = visreason.generate(task_id, "medium", 0, index, text_only=True,
                                       params=params)
                o = visreason.generate(task_id, "medium", 0, index, text_only=True,
                                       answer_form="open", params=params)
                check(s, o)
                if param.name == "size":
                    assert s.state["size"] == value
                if param.name == "lines":
                    assert len(s.state["lines"]) == value
                if param.name.startswith("cleared") and s.task == "color_matching":
                    n = len(s.state["removed"])
                    assert n == value if param.name == "cleared_max" and value == 1 else n >= 1


@pytest.mark.parametrize("params", [{"size": 4}, {"size": 9}, {"lines": 6}, {"lines": "x"},
                                    {"cleared_min": 5, "cleared_max": 4}, {"colours": 3}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("hue/color_matching", params)


def test_presets_are_the_levels() -> None:
    for level in LEVELS:
        assert GAME.presets[level]["size"] == SIZES[level]


def test_audit_passes_in_both_forms() -> None:
    samples = [visreason.generate(t.id, level, 1, i, answer_form=form, text_only=True)
               for t in visreason.tasks("hue") for form in FORMS
               for level in LEVELS for i in range(300)]
    report = audit(samples)
    assert report.failures == [], "\n" + report.table()


@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_states_are_right(level: str) -> None:
    asked = asked_counts("hue", level, 40, 3, check, lead=False, choice_text_only=True)
    assert set(asked) == {t.name for t in visreason.tasks("hue") if t.can_ask}


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("hue", 600)
