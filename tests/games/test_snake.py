"""Snake answers re-derived independently: a grid-array simulator, a plain breadth-first search
over whole-body states, replays, and counting from the drawn picture."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS

from .contract import asked_counts, dense_audit_passes, param_error, text_only_names_none

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("snake")
TASK_IDS = [t.id for t in visreason.tasks("snake")]
SIZES = {"easy": 5, "medium": 10, "hard": 15}
DELTA = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
RGB = {"head": (245, 210, 40), "body": (40, 90, 220), "food": (220, 40, 40),
       "empty": (255, 255, 255)}


def simulate(state: dict, moves: list[str]) -> str:
    """A second simulator on a grid of segment ages: 'wall', 'body', 'food' or 'nothing'.

    Each cell holds how many more moves its segment stays (the tail 1, the head L); a move
    ages every cell by one first, so the tail's cell is free when the head arrives.
    """
    n, snake = state["size"], [tuple(c) for c in state["snake"]]
    life = [[0] * n for _ in range(n)]
    for k, (r, c) in enumerate(snake):
        life[r][c] = len(snake) - k
    r, c = snake[0]
    for move in moves:
        r, c = r + DELTA[move][0], c + DELTA[move][1]
        if not (0 <= r < n and 0 <= c < n):
            return "wall"
        for row in life:
            for j, v in enumerate(row):
                row[j] = max(0, v - 1)
        if life[r][c]:
            return "body"
        life[r][c] = len(snake)
        if [r, c] == state["food"]:
            return "food"
    return "nothing"


def bfs_shortest(state: dict, cap: int = 200_000) -> int | None:
    """Plain level-by-level search over whole bodies (no heuristic); None past `cap` states."""
    n, food = state["size"], tuple(state["food"])
    start = tuple(tuple(c) for c in state["snake"])
    seen, frontier, depth = {start}, [start], 0
    while frontier:
        depth += 1
        nxt = []
        for body in frontier:
            for dr, dc in DELTA.values():
                head = (body[0][0] + dr, body[0][1] + dc)
                if not (0 <= head[0] < n and 0 <= head[1] < n) or head in body[:-1]:
                    continue
                if head == food:
                    return depth
                moved = (head, *body[:-1])
                if moved not in seen:
                    seen.add(moved)
                    nxt.append(moved)
                    if len(seen) > cap:
                        return None
        frontier = nxt
    return -1


def replay_reaches(state: dict, moves: list[str]) -> bool:
    return simulate(state, moves) == "food" and all(
        simulate(state, moves[:k]) == "nothing" for k in range(len(moves)))


def cell_text(cell) -> str:
    return f"({cell[0]}, {cell[1]})"


def pixel(sample: visreason.Sample, cell) -> tuple[int, int, int]:
    from visreason.games.snake.render import layout_for

    x, y = layout_for(sample.state["size"]).center(*cell)
    return sample.image.convert("RGB").getpixel((int(x), int(y)))


def check_state(state: dict, level: str | None = None) -> None:
    snake = [tuple(c) for c in state["snake"]]
    n = state["size"]
    if level:
        assert n == SIZES[level]
    assert len(set(snake)) == len(snake) and tuple(state["food"]) not in snake
    assert all(abs(a[0] - b[0]) + abs(a[1] - b[1]) == 1 for a, b in itertools.pairwise(snake))
    assert all(0 <= r < n and 0 <= c < n for r, c in [*snake, tuple(state["food"])])


def check_sample(s: visreason.Sample, o: visreason.Sample | None = None) -> None:
    """Re-derive one sample's answer (choice `s`, open `o` of the same item)."""
    state = s.state
    check_state(state)
    snake = state["snake"]
    if s.task in ("head_position", "food_position"):
        cell = snake[0] if s.task == "head_position" else state["food"]
        assert s.answer == cell_text(cell)
        r, c = cell
        assert visreason.verify(s, f"row {r}, column {c}") == 1.0
        for miss in {(r + 1, c), (r, c - 1), (c, r)} - {(r, c)}:
            assert visreason.verify(s, cell_text(miss)) == 0.0
    elif s.task == "snake_length":
        assert s.answer == str(len(snake))
        assert visreason.verify(s, str(len(snake) - 1)) == 0.0
    elif s.task == "move_outcome":
        moves = re.findall(r"step \d+: (\w+)", s.question)
        assert 1 <= len(moves) <= 10
        assert all(DELTA[a] != tuple(-v for v in DELTA[b]) for a, b in itertools.pairwise(moves))
        neck = (snake[0][0] + DELTA[moves[0]][0], snake[0][1] + DELTA[moves[0]][1])
        assert len(snake) < 2 or list(neck) != snake[1]
        truth = simulate(state, moves)
        words = {"wall": "leaves the grid", "body": "hits the snake", "food": "reaches the food",
                 "nothing": "Nothing happens"}
        assert words[truth] in s.options[LETTERS.index(s.answer)]
        for i, option in enumerate(s.options):
            if LETTERS[i] != s.answer:
                assert words[truth] not in option
                assert visreason.verify(s, LETTERS[i]) == 0.0
        if o is not None:
            assert o.answer == truth
            assert visreason.verify(o, f"<answer>{truth}</answer>") == 1.0
            for other in set(words) - {truth}:
                assert visreason.verify(o, other) == 0.0
            assert visreason.verify(o, "wall or body") == 0.0
    elif s.task == "shortest_path":
        answer = int(s.answer)
        exact = bfs_shortest(state) if answer <= 12 or answer == -1 else None
        if exact is not None:
            assert answer == exact
        if answer >= 0:
            moves = s.meta["moves"]
            assert len(moves) == answer and replay_reaches(state, moves)
            head, food = snake[0], state["food"]
            assert answer >= abs(head[0] - food[0]) + abs(head[1] - food[1])
        assert visreason.verify(s, str(answer + 1)) == 0.0
    else:
        raise AssertionError(s.task)
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("task_id", TASK_IDS)
def test_answers_rederived(task_id: str, level: str) -> None:
    for index in range(12):
        s = visreason.generate(task_id, level, 3, index)
        assert s.state["size"] == SIZES[level]
        o = visreason.generate(task_id, level, 3, index, answer_form="open", text_only=True)
        assert o.state == s.state
        check_sample(s, o)


def test_shortest_path_needs_the_body_to_move() -> None:
    """Hand cases: the head follows its own tail out of a corner (a static-obstacle search
    would call the food unreachable), and a head with no surviving move."""
    # The head at (0, 0) is boxed in by (1, 0) and the tail at (0, 1): with the body as
    # fixed walls nothing moves, but the tail leaves (0, 1) as the head enters it.
    state = {"size": 3, "snake": [[0, 0], [1, 0], [1, 1], [0, 1]], "food": [0, 2]}
    assert bfs_shortest(state) == 2
    from visreason.games.snake import rules
    found = rules.shortest_path(tuple(map(tuple, state["snake"])), (0, 2), 3)
    assert found.length == 2 and found.moves == ["right", "right"]
    trapped = {"size": 3, "snake": [[0, 0], [0, 1], [1, 1], [1, 0], [2, 0]], "food": [2, 2]}
    # up/left leave the grid, right and down enter the body (not the tail).
    assert bfs_shortest(trapped) == -1
    assert rules.shortest_path(tuple(map(tuple, trapped["snake"])), (2, 2), 3).length == -1


def test_shortest_path_exhaustive_on_small_grids() -> None:
    """Every snake of 3-6 cells on a 4x4 grid from a fixed set: the game's search agrees with
    plain breadth-first search."""
    import random

    from visreason.games.snake import rules
    rng = random.Random(7)
    checked = Counter()
    for _ in range(300):
        body = rules.random_body(rng, 4, rng.randint(3, 8))
        if body is None:
            continue
        free = [(r, c) for r in range(4) for c in range(4) if (r, c) not in body]
        for food in free:
            state = {"size": 4, "snake": [list(c) for c in body], "food": list(food)}
            found = rules.shortest_path(body, food, 4, budget=10**6)
            assert found.length == bfs_shortest(state)
            checked[found.length == -1] += 1
            if found.length > 0:
                assert replay_reaches(state, found.moves)
    assert checked[True] > 20 and checked[False] > 1000


def test_move_outcome_open_answers() -> None:
    task = visreason.get_task("snake/move_outcome")
    state = {"size": 4, "snake": [[1, 1], [1, 2], [2, 2], [2, 1], [2, 0]], "food": [0, 3]}
    cases = {("up",): "nothing", ("left", "left"): "wall", ("down",): "body",
             ("up", "right", "right"): "food", ("left", "down"): "nothing"}
    for moves, truth in cases.items():
        assert simulate(state, list(moves)) == truth
        meta = {"moves": list(moves)}
        assert task.check_open(state, meta, truth) == 1.0
        for other in {"wall", "body", "food", "nothing"} - {truth}:
            assert task.check_open(state, meta, other) == 0.0
    # left then down: the head enters (2, 0), the tail's cell, as the tail leaves it.
    meta = {"moves": ["left", "down"]}
    assert task.check_open(state, meta, "Nothing happens.") == 1.0
    assert task.check_open(state, {"moves": ["left", "left"]}, "it leaves the grid") == 1.0
    for junk in ("", "maybe", "wall body", "A"):
        assert task.check_open(state, {"moves": ["down"]}, junk) == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_picture_shows_the_board(level: str) -> None:
    for index in range(3):
        s = visreason.generate("snake/snake_length", level, 0, index)
        snake = [tuple(c) for c in s.state["snake"]]
        assert pixel(s, snake[0]) == RGB["head"]
        assert pixel(s, tuple(s.state["food"])) == RGB["food"]
        for cell in snake[1:]:
            assert pixel(s, cell) == RGB["body"]
        n = s.state["size"]
        for r in range(n):
            for c in range(n):
                if (r, c) not in snake and [r, c] != s.state["food"]:
                    assert pixel(s, (r, c)) == RGB["empty"]


def test_text_description_matches_state() -> None:
    s = visreason.generate("snake/snake_length", "medium", 2, text_only=True)
    text = s.question.split("given as text:\n")[1]
    rows = [line.split()[1:] for line in text.splitlines()[1:11]]
    snake = [tuple(c) for c in s.state["snake"]]
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            want = ("H" if (r, c) == snake[0] else "B" if (r, c) in snake else
                    "F" if [r, c] == s.state["food"] else ".")
            assert v == want
    assert ", ".join(cell_text(c) for c in snake) in text


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_names_no_picture_or_colour(task_id: str) -> None:
    text_only_names_none(task_id, ("image", "picture", "yellow", "blue", "red", "bridge", "rgb"))


def test_state_key_is_the_board() -> None:
    a = visreason.generate("snake/move_outcome", "easy", 0, 1)
    b = dict(a.state, food=a.state["snake"][-1])
    assert GAME.state_key(a.state) != GAME.state_key(b)
    assert str(a.state["snake"]) in GAME.state_key(a.state)


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param in GAME.params:
        for value in (param.low, param.high):
            params = {param.name: value}
            if param.name == "min_length":
                params["max_length"] = max(value, 20)
            if param.name == "max_length":
                params["min_length"] = min(value, 10)
            for index in range(3):
                for form in FORMS:
                    s = visreason.generate(task_id, "medium", 0, index, answer_form=form,
                                           text_only=True, params=params)
                    check_state(s.state)
                    n = len(s.state["snake"])
                    assert params.get("min_length", 10) <= n <= params.get("max_length", 20)
                    if param.name == "size":
                        assert s.state["size"] == value
                    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


@pytest.mark.parametrize("params", [{"size": 4}, {"size": 17}, {"min_length": 1},
                                    {"max_length": 21}, {"size": "big"}, {"speed": 2},
                                    {"min_length": 15, "max_length": 12}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("snake/snake_length", params, "medium")


# ----------------------------------------------------------------------------- data quality

@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_states_are_right(level: str) -> None:
    asked = asked_counts("snake", level, 30, len(TASK_IDS), check_sample)
    assert set(asked) == {t.name for t in visreason.tasks("snake")}
    assert all(asked.values())


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("snake", 320, 250)
