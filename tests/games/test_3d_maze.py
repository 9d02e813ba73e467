"""3D maze answers re-derived independently: the cube graph built from face contacts and
ladders, routes by depth-first search, option combinations walked cube by cube, heights read
from the coordinates."""

from __future__ import annotations

import re

import pytest

import visreason
from visreason.core import get_task
from visreason.core.answers import LETTERS

from .contract import param_error

GAME = "3d_maze"
LEVELS = visreason.LEVELS
SEEDS = range(10)


def graph(state: dict) -> dict[tuple, list[tuple]]:
    """Cubes joined when they share a side face on one level, or by a ladder."""
    cubes = [tuple(c) for c in state["cubes"]]
    adj: dict[tuple, list[tuple]] = {c: [] for c in cubes}
    for a in cubes:
        for b in cubes:
            if a < b and a[2] == b[2] and abs(a[0] - b[0]) + abs(a[1] - b[1]) == 1:
                adj[a].append(b)
                adj[b].append(a)
    for x, y, z in state["ladders"]:
        low, high = (x, y, z), (x, y, z + 3)
        assert high in adj and all((x, y, z + k) not in adj for k in (1, 2))
        adj[low].append(high)
        adj[high].append(low)
    return adj


def dfs_route(state: dict, source: tuple, target: tuple) -> list[tuple]:
    adj = graph(state)
    stack, seen = [(source, [source])], {source}
    while stack:
        cube, path = stack.pop()
        if cube == target:
            return path
        for nxt in adj[cube]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    raise AssertionError("no route")


def direction(a: tuple, b: tuple) -> str:
    d = (b[0] - a[0], b[1] - a[1], b[2] - a[2])
    return {(-1, 0, 0): "left", (0, -1, 0): "right", (0, 0, 3): "up"}.get(d, "back")


def labels(state: dict) -> dict[int, tuple]:
    return {n: (x, y, z) for n, x, y, z in state["labels"]}


def gen(task: str, level: str, seed: int, form: str = "choice"):
    return visreason.generate(f"{GAME}/{task}", level, seed, seed, answer_form=form,
                              text_only=True)


@pytest.mark.parametrize("level", LEVELS)
def test_worlds_are_trees(level: str) -> None:
    for task in ("path_finding", "main_path"):
        for seed in SEEDS:
            state = gen(task, level, seed).state
            adj = graph(state)
            edges = sum(len(v) for v in adj.values()) // 2
            assert edges == len(adj) - 1  # connected with one route between any two cubes
            assert tuple(state["start"]) in adj and tuple(state["goal"]) in adj


def walk_choices(state: dict, choice: dict[int, str]) -> bool:
    """Walk from the start, never turning back; at a numbered cube take the chosen way."""
    adj, marks = graph(state), {c: n for n, c in labels(state).items()}
    cube, came = tuple(state["start"]), None
    for _ in range(200):
        if cube == tuple(state["goal"]):
            return True
        ahead = [n for n in adj[cube] if n != came]
        if cube in marks:
            ahead = [n for n in ahead if direction(cube, n) == choice[marks[cube]]]
        if len(ahead) != 1:
            return False
        cube, came = ahead[0], cube
    return False


@pytest.mark.parametrize("level", LEVELS)
def test_path_finding_options_walked(level: str) -> None:
    for seed in SEEDS:
        s = gen("path_finding", level, seed)
        for i, text in enumerate(s.options):
            choice = {int(n): d for n, d in re.findall(r"(\d+)-(\w+)", text)}
            assert walk_choices(s.state, choice) == (LETTERS[i] == s.answer), text
            assert visreason.verify(s, LETTERS[i]) == float(LETTERS[i] == s.answer)
        o = gen("path_finding", level, seed, "open")
        right = s.options[LETTERS.index(s.answer)]
        pairs = re.findall(r"(\d+)-(\w+)", right)
        assert visreason.verify(o, right) == 1.0
        assert visreason.verify(o, "; ".join(f"branch {n}: {d}" for n, d in pairs[::-1])) == 1.0
        assert visreason.verify(o, ", ".join(f"{n}-{d}" for n, d in pairs[:-1])) == 0.0
        assert visreason.verify(o, "left everywhere") == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_sequence_finding_by_dfs(level: str) -> None:
    for seed in SEEDS:
        s = gen("sequence_finding", level, seed)
        route = dfs_route(s.state, tuple(s.state["start"]), tuple(s.state["goal"]))
        marks = labels(s.state)
        assert all(c in route for c in marks.values())
        order = sorted(marks, key=lambda n: route.index(marks[n]))
        assert s.options[LETTERS.index(s.answer)] == " -> ".join(
            ["Start", *map(str, order), "Goal"])
        o = gen("sequence_finding", level, seed, "open")
        assert visreason.verify(o, ", ".join(map(str, order))) == 1.0
        assert visreason.verify(o, "Start -> " + " -> ".join(map(str, order)) + " -> Goal") == 1.0
        assert visreason.verify(o, ", ".join(map(str, order[::-1]))) == 0.0
        assert visreason.verify(o, "1, 1, 1") == 0.0


def test_sequence_partial_credit_hand_cases() -> None:
    task = get_task(f"{GAME}/sequence_finding")
    meta = {"order": [2, 3, 1]}
    assert task.partial_credit({}, meta, "2, 3, 1") == 1.0
    assert task.partial_credit({}, meta, "2, 1, 3") == pytest.approx(1 / 3)
    assert task.partial_credit({}, meta, "3, 2, 1") == 0.0
    assert task.partial_credit({}, meta, "2, 3") == 0.0
    assert task.partial_credit({}, meta, "banana") == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_height_comparison_from_coordinates(level: str) -> None:
    for seed in SEEDS:
        s = gen("height_comparison", level, seed)
        z = {n: c[2] for n, c in labels(s.state).items()}
        levels = [sorted(n for n in z if z[n] == h) for h in sorted(set(z.values()))]
        expect = " < ".join(" = ".join(map(str, lv)) for lv in levels)
        assert s.options[LETTERS.index(s.answer)] == expect
        for i in range(len(s.options)):
            assert visreason.verify(s, LETTERS[i]) == float(LETTERS[i] == s.answer)
        o = gen("height_comparison", level, seed, "open")
        assert visreason.verify(o, expect) == 1.0
        reversed_text = " > ".join(" = ".join(map(str, lv[::-1])) for lv in levels[::-1])
        assert visreason.verify(o, reversed_text) == 1.0
        if len(levels) > 1:
            assert visreason.verify(o, expect.replace("<", "=")) == 0.0
        assert visreason.verify(o, "1 < 2 > 3") == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_main_path_by_dfs(level: str) -> None:
    for seed in SEEDS:
        s = gen("main_path", level, seed)
        route = set(dfs_route(s.state, tuple(s.state["start"]), tuple(s.state["goal"])))
        on = sorted(n for n, c in labels(s.state).items() if c in route)
        assert s.options[LETTERS.index(s.answer)] == (", ".join(map(str, on)) or "None")
        o = gen("main_path", level, seed, "open")
        assert visreason.verify(o, ", ".join(map(str, on[::-1])) or "none of them") == 1.0
        assert visreason.verify(o, ", ".join(map(str, [*on, 9]))) == 0.0
        if on:
            assert visreason.verify(o, "None") == 0.0


@pytest.mark.parametrize("task_id", [t.id for t in visreason.tasks(GAME)])
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for params in ({"segments": 3, "branches": 2}, {"segments": 8, "branches": 4},
                   {"segments": 3, "branches": 4}, {"segments": 8, "branches": 2}):
        for form in ("choice", "open"):
            s = visreason.generate(task_id, "medium", 1, 0, params=params, answer_form=form)
            assert visreason.verify(s, s.answer) == 1.0


@pytest.mark.parametrize("params", [{"segments": 2}, {"segments": 9}, {"branches": 1},
                                    {"branches": 5}, {"size": 3}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error(f"{GAME}/main_path", params, game_named=False)


def test_determinism_and_pictures() -> None:
    for task in visreason.tasks(GAME):
        a = visreason.generate(task.id, "hard", 3, 2)
        b = visreason.generate(task.id, "hard", 3, 2)
        assert a.to_dict() == b.to_dict() and a.image.tobytes() == b.image.tobytes()


def test_picture_colours_start_goal_and_labels() -> None:
    from visreason.games.maze_3d import render

    s = visreason.generate(f"{GAME}/main_path", "medium", 0, 3)
    image = s.image.convert("RGB")
    _, origin = render.frame(s.state["side"], s.state["height"])
    for cube, colour in ((s.state["start"], render.START), (s.state["goal"], render.GOAL)):
        u, v = render.ISO.point(cube[0] + 1.0, cube[1] + 0.5, cube[2] + 0.5)  # right face
        assert image.getpixel((origin[0] + round(u), origin[1] + round(v))) == tuple(
            round(c * 0.64) for c in colour)


def top_seen(cube: tuple, cubes: set[tuple], steps: int = 8) -> float:
    """The share of a cube's top face seen by the camera, by rays: from points spread over
    the top, toward the viewer along the projection's line of sight (+1 in x, +1 in y and
    +2h/s = 18/22 in z for the picture's camera), blocked by any unit cube they pass through."""
    dz = 18 / 22
    seen = 0
    for i in range(steps):
        for j in range(steps):
            px, py, pz = cube[0] + (i + 0.5) / steps, cube[1] + (j + 0.5) / steps, cube[2] + 1
            blocked = False
            for bx, by, bz in cubes:
                if bx + 1 <= px or by + 1 <= py or bz + 1 <= pz:
                    continue  # the ray only moves up in x, y and z
                enter = max((bx - px), (by - py), (bz - pz) / dz, 0)
                leave = min((bx + 1 - px), (by + 1 - py), (bz + 1 - pz) / dz)
                if enter < leave - 1e-9:
                    blocked = True
                    break
            seen += not blocked
    return seen / steps ** 2


@pytest.mark.parametrize("task", ["path_finding", "main_path", "sequence_finding",
                                  "height_comparison"])
def test_route_goal_and_numbered_tops_show(task: str) -> None:
    """The start, the goal, every numbered cube and every cube on the routes from the start
    to them show most of their top face, where the moves, ladders and numbers are read (a
    fifth of the path_finding items once hid part of their route behind higher cubes)."""
    for level in LEVELS:
        for index in range(40):
            s = visreason.generate(f"{GAME}/{task}", level, 11, index, text_only=True)
            state = s.state
            cubes = {tuple(c) for c in state["cubes"]}
            start = tuple(state["start"])
            key = {c for t in [tuple(state["goal"]), *labels(state).values()]
                   for c in dfs_route(state, start, t)}
            for cube in key:
                assert top_seen(cube, cubes) >= 0.7, (s.id, cube, top_seen(cube, cubes))
