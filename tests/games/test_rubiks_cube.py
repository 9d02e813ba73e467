"""Rubik's cube answers re-derived with a second cube built from hand-written permutations of
face grids (a U turn and two whole-cube rotations, every other turn by conjugation), brute-force
breadth-first search for the fewest turns, and counting on the stored faces."""

from __future__ import annotations

import re
from collections import Counter
from itertools import product

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS
from visreason.data.audit import audit

from .contract import asked_counts, dense_audit_passes, param_error, wrong_options_score_zero

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("rubiks_cube")
TASK_IDS = [t.id for t in visreason.tasks("rubiks_cube")]
NAMES = {"white": "W", "yellow": "Y", "red": "R", "orange": "O", "blue": "B", "green": "G"}
ORDER = ("U", "L", "F", "R", "B", "D")
SOLVED = {"U": "Y", "D": "W", "L": "O", "R": "R", "F": "B", "B": "G"}
Cube = dict[str, list[list[str]]]


# ----------------------------------------------------------------- a second cube, by hand

def grid(rows: list[str]) -> list[list[str]]:
    return [list(r) for r in rows]


def cw(g: list[list[str]]) -> list[list[str]]:
    return [[g[2 - j][i] for j in range(3)] for i in range(3)]


def ccw(g: list[list[str]]) -> list[list[str]]:
    return [[g[j][2 - i] for j in range(3)] for i in range(3)]


def half(g: list[list[str]]) -> list[list[str]]:
    return [row[::-1] for row in g[::-1]]


def turn_u(c: Cube) -> Cube:
    """U clockwise seen from above: the band's top rows go front -> left -> back -> right."""
    n = {f: [row[:] for row in g] for f, g in c.items()}
    n["U"] = cw(c["U"])
    n["L"][0], n["B"][0], n["R"][0], n["F"][0] = (c["F"][0][:], c["L"][0][:], c["B"][0][:],
                                                  c["R"][0][:])
    return n


def rot_y(c: Cube) -> Cube:
    """The whole cube turned like U: every band face moves one place left on the net."""
    return {"U": cw(c["U"]), "D": ccw(c["D"]), "L": c["F"], "B": c["L"], "R": c["B"],
            "F": c["R"]}


def rot_x(c: Cube) -> Cube:
    """The whole cube turned like R: front to up, up to back, back to down, down to front."""
    return {"U": c["F"], "B": half(c["U"]), "D": half(c["B"]), "F": c["D"], "R": cw(c["R"]),
            "L": ccw(c["L"])}


def times(f, k: int):
    def run(c: Cube) -> Cube:
        for _ in range(k):
            c = f(c)
        return c
    return run


X, XI, Y, YI = rot_x, times(rot_x, 3), rot_y, times(rot_y, 3)
# Each face is brought to the top, turned there, and brought back.
CONJUGATE = {"U": [], "F": [X], "B": [XI], "D": [X, X], "R": [Y, X], "L": [YI, X]}
INVERSE = {X: XI, XI: X, Y: YI, YI: Y}


def hand_turn(c: Cube, move: str) -> Cube:
    face, prime = move[0], move.endswith("'")
    there = CONJUGATE[face]
    for f in there:
        c = f(c)
    for _ in range(3 if prime else 1):
        c = turn_u(c)
    for f in reversed(there):
        c = INVERSE[f](c)
    return c


def cube_of(state: dict) -> Cube:
    return {f: grid(state["faces"][f]) for f in ORDER}


def key(c: Cube) -> str:
    return "".join("".join("".join(r) for r in c[f]) for f in ORDER)


def replay(c: Cube, moves: list[str]) -> Cube:
    for m in moves:
        c = hand_turn(c, m)
    return c


MOVES = [f + s for f in "UDLRFB" for s in ("", "'")]


def sticker(c: Cube, face: str, row: int, col: int) -> str:
    return c[face][2 - row][col]


def uniform(c: Cube, face: str) -> bool:
    return len({ch for row in c[face] for ch in row}) == 1


def fewest(c: Cube, done, limit: int) -> int | None:
    """Breadth-first over all turn sequences (states deduplicated) up to `limit` turns."""
    seen, frontier = {key(c)}, [c]
    for depth in range(limit + 1):
        if any(done(s) for s in frontier):
            return depth
        nxt = []
        for s in frontier:
            for m in MOVES:
                t = hand_turn(s, m)
                if key(t) not in seen:
                    seen.add(key(t))
                    nxt.append(t)
        frontier = nxt
    return None


def solved_cube() -> Cube:
    return {f: [[SOLVED[f]] * 3 for _ in range(3)] for f in ORDER}


# ----------------------------------------------------------------------------- the model

def test_turns_agree_with_the_hand_built_cube() -> None:
    from visreason.games.rubiks_cube import rules

    for move in MOVES:
        expected = key(hand_turn(solved_cube(), move))
        assert rules.apply(rules.SOLVED, move) == expected, move
    import random
    rng = random.Random(3)
    for _ in range(40):
        start = rules.oriented(rng.randrange(24))
        moves = [rng.choice(MOVES) for _ in range(rng.randint(1, 12))]
        hand = replay({f: grid(rules.unflat(start)[f]) for f in ORDER}, moves)
        assert rules.apply_all(start, moves) == key(hand)


def test_a_known_front_turn() -> None:
    """F on the solved cube: U's bottom row turns orange (from L), R's left column yellow."""
    c = hand_turn(solved_cube(), "F")
    assert c["U"][2] == ["O"] * 3 and [r[0] for r in c["R"]] == ["Y"] * 3
    assert c["D"][0] == ["R"] * 3 and [r[2] for r in c["L"]] == ["W"] * 3
    assert replay(c, ["F'"]) == solved_cube()
    assert replay(solved_cube(), ["R"] * 4) == solved_cube()


def test_orientations_are_the_24_rotations_of_the_solved_cube() -> None:
    from visreason.games.rubiks_cube import rules

    found, todo = {key(solved_cube())}, [solved_cube()]
    while todo:
        c = todo.pop()
        for f in (rot_x, rot_y):
            t = f(c)
            if key(t) not in found:
                found.add(key(t))
                todo.append(t)
    assert len(found) == 24 and {rules.oriented(i) for i in range(24)} == found


# ----------------------------------------------------------------------------- the tasks

def chosen(s: visreason.Sample) -> str:
    return s.options[LETTERS.index(s.answer)]


def asked_spot(s: visreason.Sample) -> tuple[str, int, int]:
    m = re.search(r"\((\d), (\d)\) on face ([ULFRBD])", s.question)
    return m[3], int(m[1]), int(m[2])


def check(s: visreason.Sample, o: visreason.Sample) -> None:
    """Re-derive one question (choice form `s`, open form `o`) from its state."""
    c = cube_of(s.state)
    if s.task == "sticker_color":
        face, row, col = asked_spot(s)
        assert (row, col) != (1, 1)
        assert NAMES[chosen(s)] == sticker(c, face, row, col)
        assert s.options == list(NAMES)
        assert o.answer == chosen(s)
    elif s.task == "color_after_moves":
        face, row, col = asked_spot(s)
        moves = re.search(r"the turns (.+?) are made", s.question)[1].split()
        assert moves == s.meta["moves"] and 1 <= len(moves) <= 5
        after = replay(c, moves)
        assert NAMES[chosen(s)] == sticker(after, face, row, col)
        assert o.answer == chosen(s)
    elif s.task == "face_solve_moves":
        face = re.search(r"after which face ([ULFRBD]) is solved", s.question)[1]
        n = int(s.answer)
        assert not uniform(c, face) and n >= 1
        assert uniform(replay(c, s.meta["solution"]), face) and len(s.meta["solution"]) == n
        assert fewest(c, lambda t: uniform(t, face), n - 1) is None
    elif s.task == "cube_solve_moves":
        n = int(s.answer)
        done = lambda t: all(uniform(t, f) for f in ORDER)  # noqa: E731
        assert not done(c) and len(s.meta["solution"]) == n
        assert done(replay(c, s.meta["solution"]))
        assert fewest(c, done, n - 1) is None
    elif s.task == "color_count":
        m = re.search(r"stickers on face ([ULFRBD]) are (\w+)\?", s.question)
        count = sum(ch == NAMES[m[2]] for row in c[m[1]] for ch in row)
        assert 1 <= count <= 8 and chosen(s) == str(count) == o.answer
        values = sorted(int(v) for v in s.options)
        assert values == list(range(values[0], values[0] + 4)) and 0 <= values[0] <= 6
    else:
        raise AssertionError(s.task)
    for sample in (s, o):
        assert visreason.verify(sample, f"<answer>{sample.answer}</answer>") == 1.0
    if s.options:
        wrong_options_score_zero(s)
    if o.answer in NAMES:
        assert visreason.verify(o, o.answer.upper() + ".") == 1.0
        for other in NAMES:
            if other != o.answer:
                assert visreason.verify(o, other) == 0.0
    else:
        n = int(o.answer)
        assert visreason.verify(o, str(n + 1)) == 0.0 and visreason.verify(o, str(n - 1)) == 0.0
    assert visreason.verify(o, "no idea") == 0.0


@pytest.mark.parametrize("task_id", TASK_IDS)
@pytest.mark.parametrize("level", LEVELS)
def test_answers_re_derived(task_id: str, level: str) -> None:
    count = 4 if "solve" in task_id and level == "hard" else 8
    for index in range(count):
        s = visreason.generate(task_id, level, 2, index, text_only=True)
        o = visreason.generate(task_id, level, 2, index, answer_form="open", text_only=True)
        assert o.state == s.state
        check(s, o)


def test_scrambles_and_distances_follow_the_parameters() -> None:
    from visreason.games.rubiks_cube import rules

    for level, turns in (("easy", 1), ("medium", 2), ("hard", 3)):
        for index in range(10):
            s = visreason.generate("rubiks_cube/sticker_color", level, 0, index, text_only=True)
            d = fewest(cube_of(s.state), lambda t: all(uniform(t, f) for f in ORDER), 3)
            assert d is not None and 0 < d <= turns
            assert rules.distance(rules.stickers_of(s.state)) == d
    answers = Counter(visreason.generate("rubiks_cube/cube_solve_moves", "hard", 0, i,
                                         text_only=True).answer for i in range(40))
    assert set(answers) == {"1", "2", "3", "4"}


def test_analysis_walks_the_turns() -> None:
    s = visreason.generate("rubiks_cube/color_after_moves", "medium", 0, 3, text_only=True)
    turns = [line for line in s.analysis.splitlines() if line.startswith("Turn ")]
    assert len(turns) == len(s.meta["moves"])


# ----------------------------------------------------------------------------- picture

def test_net_and_views_show_the_stickers() -> None:
    from visreason.games.rubiks_cube import render

    s = visreason.generate("rubiks_cube/sticker_color", "hard", 0, 7)
    image = s.image.convert("RGB")
    c = cube_of(s.state)
    for face, row, col in product(ORDER, range(3), range(3)):
        if (row, col) == (1, 1):
            continue  # carries the face's letter
        x0, y0 = render._face_box(face)
        i = 2 - row
        xy = (x0 + col * render.STICKER + 6, y0 + i * render.STICKER + 6)
        assert image.getpixel(xy) == render.STICKER_RGB[c[face][i][col]], (face, row, col)
    # the top face of the view from above shows U at full brightness
    polygons, _ = render._view_polygons(0)
    for slot, side, poly in polygons:
        if side == "top" and slot % 9 != 4:
            cx = sum(p[0] for p in poly) / 4
            cy = sum(p[1] for p in poly) / 4
            face, k = ORDER[slot // 9], slot % 9
            assert image.getpixel((round(cx), round(cy))) == \
                render.STICKER_RGB[c[face][k // 3][k % 3]]


def test_text_only_prompts_name_no_picture() -> None:
    for task_id in TASK_IDS:
        for form in FORMS:
            s = visreason.generate(task_id, "medium", 4, 2, answer_form=form, text_only=True)
            text = (s.question + "\n" + s.analysis).lower()
            for word in ("image", "picture", "legend", "view", "3d"):
                assert not re.search(rf"\b{word}\b", text), (s.id, word)
            if form == "open":
                assert "option" not in s.analysis.lower()
    s = visreason.generate("rubiks_cube/sticker_color", "easy", 0, text_only=True)
    assert GAME.describe(s.state) in s.question


def test_state_key_is_the_stickers() -> None:
    a = visreason.generate("rubiks_cube/color_after_moves", "hard", 0, 5)
    b = visreason.generate("rubiks_cube/color_after_moves", "hard", 0, 5, answer_form="open")
    assert GAME.state_key(a.state) == GAME.state_key(b.state)
    assert set(a.state) == {"faces"}


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param in GAME.params:
        for value in (param.low, param.high):
            for index in range(3):
                s = visreason.generate(task_id, "medium", 0, index, text_only=True,
                                       params={param.name: value})
                o = visreason.generate(task_id, "medium", 0, index, text_only=True,
                                       answer_form="open", params={param.name: value})
                if param.name == "depth" and "solve" in task_id:
                    assert 1 <= int(s.answer) <= value
                if param.name == "depth" and value == param.high and "solve" in task_id:
                    continue  # re-derived at hard above; brute force at 4 turns is slow
                check(s, o)


@pytest.mark.parametrize("params", [{"scramble": 0}, {"scramble": 21}, {"depth": 5},
                                    {"moves": 0}, {"moves": "many"}, {"size": 3}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("rubiks_cube/sticker_color", params)


def test_presets_are_the_levels() -> None:
    assert [GAME.presets[lv]["scramble"] for lv in LEVELS] == [1, 2, 3]


# ----------------------------------------------------------------------------- data quality

def test_audit_passes_in_both_forms() -> None:
    samples = [visreason.generate(t.id, level, 1, i, answer_form=form, text_only=True)
               for t in visreason.tasks("rubiks_cube")
               for form in (FORMS if t.is_choice else ("open",))
               for level in LEVELS for i in range(300)]
    report = audit(samples)
    assert report.failures == [], "\n" + report.table()


@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_states_are_right(level: str) -> None:
    asked = asked_counts("rubiks_cube", level, 30, 5, check, lead=False, choice_text_only=True)
    assert set(asked) == {t.name for t in visreason.tasks("rubiks_cube") if t.can_ask}


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("rubiks_cube", 400)
