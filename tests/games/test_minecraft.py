"""Minecraft answers re-derived from the stored scene by separate means: a 0-1 breadth-first
search over ground cells (a river cell costs a placed block) for crossings, counting blocks
for cuboids, a pillar simulation for climbing, and the pixels of the picture."""

from __future__ import annotations

import re
from collections import deque

import pytest

import visreason
from visreason.core import ParamError, get_game
from visreason.core.answers import LETTERS
from visreason.core.generate import generate_group
from visreason.data.audit import audit

from .contract import dense_audit_passes, wrong_options_score_zero

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("minecraft")
TASK_IDS = [t.id for t in visreason.tasks("minecraft")]
TARGETS = {"pumpkin", "gold_ore", "diamond_ore"}
NAMES = {"brick": "Brick", "gold_ore": "Gold Ore", "diamond_ore": "Diamond Ore", "tnt": "TNT",
         "pumpkin": "Pumpkin"}


def bridge_cost(state: dict, start: tuple[int, int], goals: set[tuple[int, int]]) -> int:
    """Fewest river cells to fill on a walk from `start` to any goal cell (0-1 BFS): walking
    on ground is free, each river cell entered needs a block."""
    w, d = state["ground"]
    water = {tuple(c) for c in state["water"]}
    solid = {(b[0], b[1]) for b in state["blocks"]}
    best = {start: 0}
    queue = deque([start])
    while queue:
        cell = queue.popleft()
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nxt = (cell[0] + dx, cell[1] + dy)
            if not (1 <= nxt[0] <= w and 1 <= nxt[1] <= d) or nxt in solid:
                continue
            cost = best[cell] + (nxt in water)
            if cost < best.get(nxt, 1 << 30):
                best[nxt] = cost
                (queue.append if nxt in water else queue.appendleft)(nxt)
    return min(best[g] for g in goals if g in best)


def other_bank(state: dict) -> set[tuple[int, int]]:
    """Ground cells beyond the river from the player, found by flood fill over ground."""
    w, d = state["ground"]
    water = {tuple(c) for c in state["water"]}
    start = tuple(state["player"])
    seen, todo = {start}, [start]
    while todo:
        x, y = todo.pop()
        for nxt in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
            if 1 <= nxt[0] <= w and 1 <= nxt[1] <= d and nxt not in water and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    ground = {(x, y) for x in range(1, w + 1) for y in range(1, d + 1)} - water
    return ground - seen


def climb(state: dict) -> int:
    """Blocks to pillar until the head reaches the target (0 with a ladder on its column)."""
    (target,) = [b for b in state["blocks"] if b[3] in TARGETS]
    x, y, level, _ = target
    if any(lx == x and ly == y for lx, ly, _ in state["ladders"]):
        return 0
    placed, head = 0, 2
    while head < level:
        placed, head = placed + 1, head + 1
    return placed


def check(s: visreason.Sample, o: visreason.Sample) -> None:
    state = s.state
    if s.task == "scenery_recognition":
        present = {NAMES[b[3]] for b in state["blocks"] if b[3] in NAMES}
        present |= {"Ladder"} if state["ladders"] else set()
        present |= {"River"} if state["water"] else set()
        present |= {"Lava"} if state["lava"] else set()
        assert sorted(present) == s.meta["sceneries"]
        right = s.options[LETTERS.index(s.answer)]
        assert right == ", ".join(sorted(present))
        for option in s.options:
            items = option.split(", ")
            assert items == sorted(items) and len(items) == len(present)
            assert (set(items) == present) == (option == right)
        names = sorted(present)
        assert visreason.verify(o, " and ".join(reversed(names)).lower()) == 1.0
        assert visreason.verify(o, ", ".join(names[1:])) == 0.0
        assert visreason.verify(o, ", ".join([*names, "Tree"])) == 0.0
        assert visreason.verify(o, ", ".join([*names, names[0]])) == 0.0
    elif s.task == "cube_count":
        cubes = {(b[0], b[1], b[2]) for b in state["blocks"]}
        extents = [len({c[k] for c in cubes}) for k in range(3)]
        assert extents[0] * extents[1] * extents[2] == len(cubes) == int(s.answer)
        assert min(c[2] for c in cubes) == 1
    elif s.task == "river_crossing":
        assert int(s.answer) == bridge_cost(state, tuple(state["player"]), other_bank(state))
    elif s.task == "climb":
        assert int(s.answer) == climb(state)
    elif s.task == "river_climb":
        (target,) = [b for b in state["blocks"] if b[3] in TARGETS]
        x, y = target[:2]
        beside = {(x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)}
        assert int(s.answer) == bridge_cost(state, tuple(state["player"]), beside) + climb(state)
    else:
        raise AssertionError(s.task)
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0
    assert visreason.verify(o, f"<answer>{o.answer}</answer>") == 1.0
    assert visreason.verify(o, "no idea") == 0.0
    if s.options:
        wrong_options_score_zero(s)
    else:
        n = int(s.answer)
        assert visreason.verify(s, str(n + 1)) == 0.0
        if n:
            assert visreason.verify(s, str(n - 1)) == 0.0


@pytest.mark.parametrize("task_id", TASK_IDS)
@pytest.mark.parametrize("level", LEVELS)
def test_answers_re_derived(task_id: str, level: str) -> None:
    for index in range(15):
        s = visreason.generate(task_id, level, 2, index, text_only=True)
        o = visreason.generate(task_id, level, 2, index, answer_form="open", text_only=True)
        assert o.state == s.state
        check(s, o)


def test_placing_needs_a_face_neighbour() -> None:
    from visreason.games.minecraft import rules

    scene = rules.empty_scene(5, 5, 0, False)
    scene["water"] = [[x, 3] for x in range(1, 6)]
    rules.add_block(scene, 2, 2, 1, "stone")
    assert rules.can_place(scene, 2, 2, 2)          # on top of a block
    assert rules.can_place(scene, 4, 4, 1)          # on the ground
    assert rules.can_place(scene, 3, 3, 0)          # into the river, next to the bank
    assert not rules.can_place(scene, 4, 4, 3)      # floating
    assert not rules.can_place(scene, 2, 2, 1)      # taken
    assert rules.river_width(scene) == 1


def test_pictures_show_the_player_and_the_target() -> None:
    for index in range(4):
        s = visreason.generate("minecraft/river_climb", "medium", 0, index)
        colours = {c for _, c in s.image.getcolors(1 << 20)}
        assert (220, 30, 30) in colours  # the player's lit top face
        (target,) = [b for b in s.state["blocks"] if b[3] in TARGETS]
        s2 = visreason.generate("minecraft/climb", "medium", 0, index)
        assert (220, 30, 30) in {c for _, c in s2.image.getcolors(1 << 20)}
        assert target


def test_text_only_prompts_name_no_picture() -> None:
    for task_id in TASK_IDS:
        for form in FORMS:
            s = visreason.generate(task_id, "medium", 4, 2, answer_form=form, text_only=True)
            # colours only where the description itself names them (plain blocks)
            text = (s.question.replace(GAME.describe(s.state), "") + "\n"
                    + s.analysis).lower()
            for word in ("image", "picture", "shown", "drawn", "red", "blue", "orange"):
                assert not re.search(rf"\b{word}\b", text), (s.id, word)
    s = visreason.generate("minecraft/river_climb", "hard", 0, text_only=True)
    assert GAME.describe(s.state) in s.question and "River: every cell" in s.question


def test_state_key_is_the_scene() -> None:
    a = visreason.generate("minecraft/climb", "easy", 0, 5)
    b = visreason.generate("minecraft/climb", "easy", 0, 5, answer_form="open")
    assert GAME.state_key(a.state) == GAME.state_key(b.state)


PAIRS = {"volume": (4, 144), "width": (1, 4), "column": (0, 4), "span": (1, 8)}


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param in GAME.params:
        for value in (param.low, param.high):
            params = {param.name: value}
            stem, _, end = param.name.partition("_")
            if end:  # keep the pair ordered: the other end at its widest
                other = "max" if end == "min" else "min"
                params[f"{stem}_{other}"] = PAIRS[stem][1 if other == "max" else 0]
            for index in range(3):
                s = visreason.generate(task_id, "medium", 0, index, text_only=True,
                                       params=params)
                o = visreason.generate(task_id, "medium", 0, index, text_only=True,
                                       answer_form="open", params=params)
                check(s, o)


@pytest.mark.parametrize("params", [{"sceneries": 1}, {"sceneries": 7}, {"width_max": 5},
                                    {"width_min": 3, "width_max": 2}, {"column_min": -1},
                                    {"volume_min": 100, "volume_max": 50}, {"trees": 2}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    task = {"sceneries": "scenery_recognition", "width": "river_crossing", "column": "climb",
            "volume": "cube_count", "trees": "climb"}[next(iter(params)).split("_")[0]]
    with pytest.raises(ParamError) as error:
        visreason.generate(f"minecraft/{task}", "easy", 0, params=params)
    assert "\n" not in str(error.value) and "minecraft" in str(error.value)


def test_presets_follow_the_levels() -> None:
    for level, count in zip(LEVELS, (3, 4, 5), strict=True):
        s = visreason.generate("minecraft/scenery_recognition", level, 0, text_only=True)
        assert len(s.options[0].split(", ")) == count
    volumes = [int(visreason.generate("minecraft/cube_count", level, 0, i,
                                      text_only=True).answer)
               for level in LEVELS for i in range(20)]
    assert max(volumes[:20]) <= 30 < min(volumes[20:40]) <= max(volumes[20:40]) <= 70 \
        < min(volumes[40:])


def test_audit_passes_in_both_forms() -> None:
    samples = [visreason.generate(t.id, level, 1, i, answer_form=form, text_only=True)
               for t in visreason.tasks("minecraft")
               for form in (FORMS if t.is_choice else ("open",))
               for level in LEVELS for i in range(300)]
    report = audit(samples)
    assert report.failures == [], "\n" + report.table()


def test_questions_asked_about_other_tasks_states_are_right() -> None:
    """River crossings and climbs are asked about river-and-climb scenes (a climb only when
    the column is on the player's side), each re-derived like a built one."""
    asked: set[str] = set()
    for level, g in ((level, g) for level in LEVELS for g in range(60)):
        choice = generate_group("minecraft", level, 0, g, questions=5, text_only=True)
        open_ = generate_group("minecraft", level, 0, g, questions=5, answer_form="open",
                               text_only=True)
        assert [s.task for s in choice] == [s.task for s in open_]
        for s, o in zip(choice, open_, strict=True):
            assert s.state == choice[0].state
            check(s, o)
            if s is not choice[0]:
                asked.add(s.task)
                assert s.task in ("river_crossing", "climb")
                assert choice[0].task == "river_climb"
    assert asked == {"river_crossing", "climb"}


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("minecraft", 1500)
