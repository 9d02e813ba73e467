"""Zuma answers re-derived from the stored state with a separate, plain engine."""

from __future__ import annotations

import contextlib
import math
import random
import re
from itertools import groupby, pairwise

import pytest

import visreason
from visreason.core import Draw, ParamError, get_game, get_task
from visreason.core.answers import LETTERS
from visreason.core.generate import generate_group
from visreason.data.audit import audit
from visreason.render import png_bytes

from .dense import dense_samples

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("zuma")
TASK_IDS = [t.id for t in visreason.tasks("zuma")]
COUNTS = {"easy": (10, 30), "medium": (31, 75), "hard": (76, 134)}
NAMES = ["right", "up-right", "up", "up-left", "left", "down-left", "down", "down-right"]


def first_touch(state: dict, angle: float) -> tuple[int, tuple[float, float]] | None:
    """Solve |F + t d - M| = 0.6 for the smallest t > 0 over all marbles (quadratic roots)."""
    fx, fy = state["frog"]["x"], state["frog"]["y"]
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    best = None
    for i, m in enumerate(state["marbles"]):
        ox, oy = fx - m["x"], fy - m["y"]
        b = 2 * (ox * dx + oy * dy)
        c = ox * ox + oy * oy - 0.36
        disc = b * b - 4 * c
        if disc <= 0:
            continue
        t = (-b - math.sqrt(disc)) / 2
        if t > 0 and (best is None or t < best[0]):
            best = (t, i)
    if best is None:
        return None
    t, i = best
    return i, (fx + t * dx, fy + t * dy)


def join_index(marbles: list, i: int, contact: tuple) -> int:
    m = marbles[i]
    nb = marbles[i + 1] if i + 1 < len(marbles) else None
    if nb is not None:
        v = (nb["x"] - m["x"], nb["y"] - m["y"])
    else:
        v = (m["x"] - marbles[i - 1]["x"], m["y"] - marbles[i - 1]["y"])
    dot = (contact[0] - m["x"]) * v[0] + (contact[1] - m["y"]) * v[1]
    return i + 1 if dot > 0 else i


def eliminate(colors: list[str], at: int, shot: str) -> int:
    """Chain marbles removed: a list with the shot marked, collapsed run by run."""
    items = [*colors[:at], "*" + shot, *colors[at:]]
    removed = 0
    cursor = at
    first = True
    while True:
        if not 0 <= cursor < len(items):
            return removed
        colour = items[cursor].lstrip("*")
        lo = cursor
        while lo > 0 and items[lo - 1].lstrip("*") == colour:
            lo -= 1
        hi = cursor
        while hi + 1 < len(items) and items[hi + 1].lstrip("*") == colour:
            hi += 1
        if hi - lo + 1 < 3 or (not first and lo == cursor and hi == cursor):
            return removed
        removed += sum(1 for x in items[lo:hi + 1] if not x.startswith("*"))
        del items[lo:hi + 1]
        first = False
        if lo == 0 or lo >= len(items) or items[lo - 1] != items[lo]:
            return removed
        cursor = lo


def shot_result(state: dict, angle: float, shot: str) -> str:
    touch = first_touch(state, angle)
    if touch is None:
        return "leaves the field"
    i, contact = touch
    at = join_index(state["marbles"], i, contact)
    n = eliminate([m["color"] for m in state["marbles"]], at, shot)
    return f"{n} removed" if n else "stays"


def brute_best(state: dict) -> str:
    """Aim at every marble's centre; collect the removed runs and their totals."""
    shot = state["frog"]["next"]
    colors = [m["color"] for m in state["marbles"]]
    fx, fy = state["frog"]["x"], state["frog"]["y"]
    totals = {}
    for m in state["marbles"]:
        angle = math.degrees(math.atan2(m["y"] - fy, m["x"] - fx))
        touch = first_touch(state, angle)
        if touch is None:
            continue
        at = join_index(state["marbles"], *touch)
        n = eliminate(colors, at, shot)
        if n:
            lo = at
            while lo > 0 and colors[lo - 1] == shot:
                lo -= 1
            totals[lo] = n
    if not totals:
        return "no, 0, 0"
    best = max(totals.values())
    return f"yes, {best}, {sum(1 for v in totals.values() if v == best)}"


def sector_index(angle: float) -> int:
    return math.floor(((angle % 360) + 22.5) / 45) % 8


def chosen(s: visreason.Sample) -> str:
    return s.options[LETTERS.index(s.answer)]


def check(s: visreason.Sample, level: str | None = None) -> None:
    state = s.state
    marbles, frog = state["marbles"], state["frog"]
    if level is not None:
        low, high = COUNTS[level]
        assert low <= len(marbles) <= high
    for a, b in pairwise(marbles):
        assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) >= 0.599
    colour_word = None
    if s.task == "shooter_color":
        colour_word = frog["next"]
    elif s.task == "color_count":
        assert s.answer == str(sum(m["color"] == s.meta["color"] for m in marbles))
    elif s.task == "group_count":
        k = NAMES.index(s.meta["sector"])
        fx, fy = frog["x"], frog["y"]
        count = 0
        index = 0
        for _, run in groupby(marbles, key=lambda m: m["color"]):
            run = list(run)
            index += len(run)
            if len(run) >= 2 and any(
                    sector_index(math.degrees(math.atan2(m["y"] - fy, m["x"] - fx))) == k
                    for m in run):
                count += 1
        assert s.answer == str(count)
    elif s.task == "hit_color":
        touch = first_touch(state, frog["angle"])
        colour_word = "none" if touch is None else marbles[touch[0]]["color"]
    elif s.task == "shot_outcome":
        expected = shot_result(state, frog["angle"], frog["next"])
        if s.answer_form == "open":
            assert s.answer == expected
        else:
            text = chosen(s)
            n = re.findall(r"\d+", text)
            got = f"{n[0]} removed" if n else "leaves the field" if "leaves" in text else "stays"
            assert got == expected
    elif s.task == "best_shot":
        assert s.answer == brute_best(state)
        fake = s.answer.replace("yes", "no") if s.answer.startswith("yes") else "yes, 2, 1"
        assert visreason.verify(s, f"<answer>{fake}</answer>") == 0.0
    else:
        raise AssertionError(s.task)
    if colour_word is not None:
        if s.answer_form == "choice":
            assert chosen(s) == colour_word
        else:
            assert s.answer == colour_word
            for other in ("red", "yellow", "blue", "green", "none"):
                if other != colour_word:
                    assert visreason.verify(s, f"<answer>{other}</answer>") == 0.0
    if s.answer_form == "choice":
        for i in range(len(s.options)):
            if LETTERS[i] != s.answer:
                assert visreason.verify(s, f"Answer: {LETTERS[i]}") == 0.0
    elif s.answer_type == "integer":
        assert visreason.verify(s, str(int(s.answer) + 1)) == 0.0
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


# ----------------------------------------------------------------------------- answers

@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("task_id", TASK_IDS)
def test_answers_match_a_plain_engine(task_id: str, level: str) -> None:
    for index in range(8):
        for form in FORMS:
            check(visreason.generate(task_id, level, 3, index, answer_form=form,
                                     text_only=True), level)


def test_eliminations_and_cascades_by_hand() -> None:
    from visreason.games.zuma import rules

    def total(colors: str, at: int, shot: str) -> int:
        return sum(s.removed for s in rules.resolve(list(colors), at, shot))

    assert total("rgbbr", 2, "b") == 2  # b b b goes; r g r stays
    assert total("rrbbrg", 2, "b") == 5  # b b b goes, then r r r meets and goes
    assert total("rrbbrrgg", 4, "b") == 6  # cascade of four reds
    assert total("grrbbrrgg", 3, "b") == 9  # blues, then four reds, then three greens
    assert total("rb", 1, "b") == 0
    assert total("bb", 0, "b") == 2  # at the tail end
    for colors, at, shot in (("rgbbr", 2, "b"), ("rrbbrg", 2, "b"), ("rrbbrrgg", 4, "b"),
                             ("grrbbrrgg", 3, "b"), ("yyrryy", 2, "r"), ("bb", 2, "b")):
        assert total(colors, at, shot) == eliminate(list(colors), at, shot)


def test_outcome_open_answers_parse_wordings() -> None:
    task = get_task("zuma/shot_outcome")
    meta = {"outcome": "4 removed"}
    for text, score in (("4 removed", 1), ("4 marbles are removed", 1), ("four", 0),
                        ("3 removed", 0), ("stays", 0), ("", 0), ("4 or 5", 0), ("4", 0)):
        assert task.check_open({}, meta, text) == score, text
    meta = {"outcome": "stays"}
    for text, score in (("stays", 1), ("It joins the chain and nothing is removed", 1),
                        ("The marble leaves the field.", 0), ("0", 0), ("2 removed", 0)):
        assert task.check_open({}, meta, text) == score, text
    meta = {"outcome": "leaves the field"}
    assert task.check_open({}, meta, "It misses and leaves the field") == 1
    assert task.check_open({}, meta, "leaves or stays") == 0


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for low, high in ((5, 5), (5, 150), (150, 150)):
        for form in FORMS:
            s = visreason.generate(task_id, "medium", 0, 1, answer_form=form, text_only=True,
                                   params={"min_marbles": low, "max_marbles": high})
            assert low <= len(s.state["marbles"]) <= high
            check(s)


@pytest.mark.parametrize("params", [{"min_marbles": 4}, {"max_marbles": 151},
                                    {"min_marbles": "many"}, {"speed": 2},
                                    {"min_marbles": 40, "max_marbles": 30}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    with pytest.raises(ParamError) as error:
        visreason.generate("zuma/color_count", "easy", 0, params=params)
    message = str(error.value)
    assert "\n" not in message and "zuma" in message


def test_presets_are_the_levels() -> None:
    for level in LEVELS:
        s = visreason.generate("zuma/color_count", level, 0)
        low, high = COUNTS[level]
        assert low <= len(s.state["marbles"]) <= high


# ----------------------------------------------------------------------------- samples

def test_deterministic_samples_and_pictures() -> None:
    for task_id in TASK_IDS:
        a = visreason.generate(task_id, "medium", 7, 3)
        b = visreason.generate(task_id, "medium", 7, 3)
        assert a.to_dict() == b.to_dict()
        assert png_bytes(a.image) == png_bytes(b.image)


def test_picture_shows_marbles_in_their_colours() -> None:
    from visreason.games.zuma import render

    s = visreason.generate("zuma/color_count", "medium", 2)
    image = s.image.convert("RGB")
    scale = render.scale_for(s.state)
    side = image.size[0]
    fx, fy = s.state["frog"]["x"], s.state["frog"]["y"]
    for m in s.state["marbles"]:
        x = side / 2 + (m["x"] - fx) * scale
        y = side / 2 - (m["y"] - fy) * scale
        assert image.getpixel((round(x), round(y))) == render.MARBLE_COLORS[m["color"]]
    centre = image.getpixel((side // 2, side // 2))
    assert centre == render.MARBLE_COLORS[s.state["frog"]["next"]]


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_prompts_name_no_picture(task_id: str) -> None:
    for level in LEVELS:
        for form in FORMS:
            s = visreason.generate(task_id, level, 4, 2, answer_form=form, text_only=True)
            words = set(re.findall(r"[a-z]+", (s.question + "\n" + s.analysis).lower()))
            for word in ("image", "picture", "triangle", "grey", "dashed", "white"):
                assert word not in words, (s.id, word)
            assert GAME.describe(s.state) in s.question


def test_audit_passes_in_both_forms() -> None:
    samples = [visreason.generate(t.id, level, 1, index, answer_form=form, text_only=True)
               for t in visreason.tasks("zuma") for level in LEVELS
               for form in (FORMS if t.is_choice else ("open",)) for index in range(300)]
    report = audit(samples)
    assert report.failures == [], "\n" + report.table()


# ----------------------------------------------------------------- several questions per state

@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_states_are_right(level: str) -> None:
    asked = set()
    for g in range(24):
        for form in FORMS:
            group = generate_group("zuma", level, 2, g, questions=len(TASK_IDS),
                                   answer_form=form, text_only=True)
            for s in group:
                assert s.state == group[0].state
                check(s, level)
                asked.add(s.task)
    assert asked == {t.name for t in visreason.tasks("zuma") if t.can_ask} | \
        {t.name for t in visreason.tasks("zuma") if not t.can_ask}


def test_ask_keeps_the_state() -> None:
    state = visreason.generate("zuma/best_shot", "easy", 0).state
    draw = Draw(random.Random(0), "easy", dict(GAME.presets["easy"]), 0, "ask test")
    for task in visreason.tasks("zuma"):
        if task.can_ask:
            with contextlib.suppress(visreason.core.Retry):
                assert task.ask(draw, state).state == state


def test_dense_groups_pass_the_audit() -> None:
    report = audit(dense_samples("zuma", 300))
    assert report.failures == [], "\n" + report.table()
