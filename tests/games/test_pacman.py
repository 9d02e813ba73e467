"""Pac-Man answers re-derived with a second, literal engine: ghosts move along the path a
breadth-first search from the ghost finds when it expands neighbours up, down, left, right
(parent pointers, as the rules text words it), and every step is replayed cell by cell."""

from __future__ import annotations

import random
import re
from collections import Counter, deque

import pytest

import visreason
from visreason.core import get_game, get_task
from visreason.core.answers import LETTERS
from visreason.core.generate import generate_group

from .contract import at_parameter_ends, dense_audit_passes, param_error

LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("pacman")
TASK_IDS = [t.id for t in visreason.tasks("pacman")]
SIZES = {"easy": 16, "medium": 18, "hard": 20}
MOVE = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
NAMES = ("pinky", "blinky")


def add(cell, d):
    return (cell[0] + MOVE[d][0], cell[1] + MOVE[d][1])


def free(grid, cell) -> bool:
    return grid[cell[0]][cell[1]] != "#"


def bfs_first_step(grid, ghost, target):
    """The first move of the path a BFS from `ghost` finds to `target` (None on target)."""
    if ghost == target:
        return None
    parent = {ghost: None}
    queue = deque([ghost])
    while queue:
        cell = queue.popleft()
        if cell == target:
            break
        for d in MOVE:
            nxt = add(cell, d)
            if nxt not in parent and free(grid, nxt):
                parent[nxt] = (cell, d)
                queue.append(nxt)
    cell, first = target, None
    while parent[cell] is not None:
        cell, first = parent[cell]
    return first


def pinky_target(grid, pacman, facing):
    cell = pacman
    for _ in range(4):
        if not free(grid, add(cell, facing)):
            break
        cell = add(cell, facing)
    return cell


class Sim:
    """The step rules, written out plainly."""

    def __init__(self, state):
        self.grid = state["grid"]
        self.pac = tuple(state["pacman"])
        self.facing = state["facing"]
        self.ghosts = {g: tuple(state[g]) for g in NAMES}
        self.eaten = set()

    def step(self, d):
        self.facing = d
        if free(self.grid, add(self.pac, d)):
            self.pac = add(self.pac, d)
        if self.grid[self.pac[0]][self.pac[1]] == ".":
            self.eaten.add(self.pac)
        for g in NAMES:
            if self.ghosts[g] == self.pac:
                return g
        for g in NAMES:
            target = self.pac if g == "blinky" else pinky_target(self.grid, self.pac, self.facing)
            move = bfs_first_step(self.grid, self.ghosts[g], target)
            if move:
                self.ghosts[g] = add(self.ghosts[g], move)
            if self.ghosts[g] == self.pac:
                return g
        return None


def play(state, moves):
    sim = Sim(state)
    for d in moves:
        caught = sim.step(d)
        if caught:
            return len(sim.eaten), caught
    return len(sim.eaten), None


def hold(state, d):
    sim = Sim(state)
    while free(sim.grid, add(sim.pac, d)):
        caught = sim.step(d)
        if caught:
            return len(sim.eaten), caught
    return len(sim.eaten), None


def both(task: str, level: str, seed: int):
    choice = visreason.generate(f"pacman/{task}", level, seed)
    open_ = visreason.generate(f"pacman/{task}", level, seed, answer_form="open")
    assert open_.state == choice.state and open_.options is None
    return choice, open_


def chosen(s):
    return s.options[LETTERS.index(s.answer)]


def only_right_letter(s) -> None:
    assert visreason.verify(s, f"Answer: {s.answer}") == 1.0
    for i in range(len(s.options)):
        if LETTERS[i] != s.answer:
            assert visreason.verify(s, f"<answer>{LETTERS[i]}</answer>") == 0.0


def check_board(state, n):
    grid = state["grid"]
    assert len(grid) == n and all(len(row) == n for row in grid)
    assert grid[0] == grid[-1] == "#" * n and all(row[0] == row[-1] == "#" for row in grid)
    cells = [tuple(state[k]) for k in ("pacman", "pinky", "blinky")]
    assert len(set(cells)) == 3 and all(free(grid, c) for c in cells)
    for g in NAMES:
        assert grid[state[g][0]][state[g][1]] == "-"  # no bean under a ghost
    # every open cell reaches every other
    start = cells[0]
    seen, queue = {start}, deque([start])
    while queue:
        cell = queue.popleft()
        for d in MOVE:
            nxt = add(cell, d)
            if nxt not in seen and free(grid, nxt):
                seen.add(nxt)
                queue.append(nxt)
    assert len(seen) == sum(ch != "#" for row in grid for ch in row)


# ----------------------------------------------------------------------------- engine

def test_ghost_rule_is_the_bfs_first_step() -> None:
    from visreason.games.pacman import rules

    for seed in range(25):
        rng = random.Random(seed)
        state = rules.random_state(rng, rng.choice([8, 12, 16]))
        grid = state["grid"]
        cells = rules.open_cells(grid)
        for _ in range(40):
            a, b = rng.choice(cells), rng.choice(cells)
            assert rules.ghost_step(grid, a, b) == bfs_first_step(grid, a, b)


def test_ties_go_up_down_left_right() -> None:
    from visreason.games.pacman import rules

    grid = ["#####", "#---#", "#---#", "#---#", "#####"]
    assert rules.ghost_step(grid, (1, 1), (3, 3)) == "down"
    assert rules.ghost_step(grid, (3, 3), (1, 1)) == "up"
    assert rules.ghost_step(grid, (1, 3), (3, 1)) == "down"
    assert rules.ghost_step(grid, (2, 3), (2, 1)) == "left"
    assert rules.ghost_step(grid, (2, 2), (2, 2)) is None
    assert rules.pinky_target(grid, (2, 2), "right") == (2, 3)


def test_a_ghost_landing_on_pacman_catches_him_and_a_bump_ends_a_held_run() -> None:
    from visreason.games.pacman import rules

    state = {"grid": ["######", "#....#", "#-##-#", "#....#", "#----#", "######"],
             "pacman": [1, 1],
             "facing": "right", "pinky": [3, 4], "blinky": [1, 3], "score": 0}
    out = rules.play_moves(state, ["right", "right"])
    assert out.caught_by == "blinky" and out.beans == 1
    assert play(state, ["right", "right"]) == (1, "blinky")
    out = rules.hold_direction(state, "up")
    assert out.steps == [] and out.beans == 0 and out.caught_by is None


# ----------------------------------------------------------------------------- tasks

@pytest.mark.parametrize("level", LEVELS)
def test_perception_answers(level: str) -> None:
    for seed in range(8):
        s, o = both("pacman_position", level, seed)
        check_board(s.state, SIZES[level])
        pr, pc = s.state["pacman"]
        facing = s.state["facing"]
        assert chosen(s) == f"({pr}, {pc}), {facing}"
        only_right_letter(s)
        for text in (f"({pr}, {pc}), {facing}", f"row {pr}, column {pc}, facing {facing}"):
            assert visreason.verify(o, f"<answer>{text}</answer>") == 1.0
        wrong = next(d for d in MOVE if d != facing)
        for text in (f"({pr}, {pc}), {wrong}", f"({pr + 1}, {pc}), {facing}",
                     f"({pr}, {pc}) {facing} or {wrong}", "(1, 2, 3), up"):
            assert visreason.verify(o, f"<answer>{text}</answer>") == 0.0

        s = visreason.generate("pacman/beans_nearby", level, seed)
        grid = s.state["grid"]
        n = len(grid)
        pr, pc = s.state["pacman"]
        count = sum(grid[r][c] == "." for r in range(max(0, pr - 2), min(n, pr + 3))
                    for c in range(max(0, pc - 2), min(n, pc + 3)))
        assert s.answer == str(count)
        assert visreason.verify(s, str(count + 1)) == 0.0

        s, o = both("closer_ghost", level, seed)
        pac = tuple(s.state["pacman"])
        dist = {g: abs(s.state[g][0] - pac[0]) + abs(s.state[g][1] - pac[1]) for g in NAMES}
        expected = ("Pinky is closer" if dist["pinky"] < dist["blinky"] else
                    "Blinky is closer" if dist["blinky"] < dist["pinky"]
                    else "Both are equally close")
        assert chosen(s) == expected
        only_right_letter(s)
        word = {"Pinky is closer": "Pinky", "Blinky is closer": "Blinky"}.get(expected, "equal")
        assert visreason.verify(o, f"<answer>{word}</answer>") == 1.0
        for other in {"Pinky", "Blinky", "equal"} - {word}:
            assert visreason.verify(o, f"<answer>{other}</answer>") == 0.0
        assert visreason.verify(o, "<answer>Pinky or Blinky</answer>") == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_straight_run_counts_the_beans_on_the_ray(level: str) -> None:
    for seed in range(10):
        s = visreason.generate("pacman/straight_run", level, seed)
        grid, cell, facing = s.state["grid"], tuple(s.state["pacman"]), s.state["facing"]
        beans = 0
        while free(grid, add(cell, facing)):
            cell = add(cell, facing)
            assert cell not in {tuple(s.state[g]) for g in NAMES}
            beans += grid[cell[0]][cell[1]] == "."
        assert s.answer == str(beans)


@pytest.mark.parametrize("level", LEVELS)
def test_moves_outcome_matches_a_literal_replay(level: str) -> None:
    seen = Counter()
    for seed in range(14):
        s, o = both("moves_outcome", level, seed)
        d1, n1, d2, n2 = s.meta["plan"]
        assert 1 <= n1 <= 3 and 1 <= n2 <= 3 and d1 != d2
        beans, caught = play(s.state, [d1] * n1 + [d2] * n2)
        score = s.state["score"]
        expected = (f"He is caught by {caught.capitalize()}" if caught else
                    f"He eats {beans} bean{'s' if beans != 1 else ''} and is not caught; the "
                    f"score becomes {score + beans}")
        assert chosen(s) == expected
        only_right_letter(s)
        if caught:
            other = next(g for g in NAMES if g != caught)
            assert visreason.verify(o, f"<answer>caught by {caught}</answer>") == 1.0
            assert visreason.verify(o, f"<answer>caught by {other}</answer>") == 0.0
            assert visreason.verify(o, "<answer>2 beans</answer>") == 0.0
        else:
            assert visreason.verify(o, f"<answer>{beans} beans</answer>") == 1.0
            assert visreason.verify(o, f"<answer>{beans + 1} beans</answer>") == 0.0
            assert visreason.verify(o, "<answer>caught by Pinky</answer>") == 0.0
        seen["caught" if caught else "eats"] += 1
    assert len(seen) == 2


@pytest.mark.parametrize("level", LEVELS)
def test_ghost_direction_questions_match_a_literal_search(level: str) -> None:
    for seed in range(8):
        for ghost in NAMES:
            s, o = both(f"{ghost}_next_move", level, seed)
            grid, pac, facing = s.state["grid"], tuple(s.state["pacman"]), s.state["facing"]
            target = pac if ghost == "blinky" else pinky_target(grid, pac, facing)
            move = bfs_first_step(grid, tuple(s.state[ghost]), target)
            assert chosen(s) == move and o.answer == move
            only_right_letter(s)
            assert visreason.verify(o, f"<answer>{move}</answer>") == 1.0
            for d in MOVE:
                if d != move:
                    assert visreason.verify(o, f"<answer>{d}</answer>") == 0.0

            s, o = both(f"{ghost}_direction_change", level, seed)
            grid, pac = s.state["grid"], tuple(s.state["pacman"])
            d, times = s.meta["direction"], s.meta["times"]
            assert f"moves {d} " in s.question and 1 <= times <= 3
            cell = pac
            for _ in range(times):
                if free(grid, add(cell, d)):
                    cell = add(cell, d)
                    assert cell not in {tuple(s.state[g]) for g in NAMES}
            target = cell if ghost == "blinky" else pinky_target(grid, cell, d)
            after = bfs_first_step(grid, tuple(s.state[ghost]), target)
            assert chosen(s) == after and o.answer == after
            only_right_letter(s)
            assert visreason.verify(o, f"<answer>{after}</answer>") == 1.0
            assert visreason.verify(o, "<answer>up, down</answer>") == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_best_direction_is_the_unique_optimum_by_trying_all(level: str) -> None:
    for seed in range(6):
        s, o = both("best_direction", level, seed)
        results = {d: hold(s.state, d) for d in MOVE}
        safe = {d: beans for d, (beans, caught) in results.items() if caught is None}
        best = max(safe.values())
        winners = [d for d, v in safe.items() if v == best]
        assert winners == [chosen(s)]  # a unique optimum, and it is the answer
        only_right_letter(s)  # no other direction, worse or caught, is marked correct
        assert visreason.verify(o, f"<answer>{winners[0]}</answer>") == 1.0
        for d in MOVE:
            if d != winners[0]:
                assert visreason.verify(o, f"<answer>{d}</answer>") == 0.0
        assert visreason.verify(o, "<answer>caught whatever the direction</answer>") == 0.0


def test_best_direction_on_a_small_hand_board() -> None:
    state = {"grid": ["#######", "#..-..#", "#.###.#", "#.....#", "#######", "#######",
                      "#######"],
             "pacman": [1, 3], "facing": "left", "pinky": [3, 1], "blinky": [3, 5],
             "score": 0}
    task = get_task("pacman/best_direction")
    results = {d: hold(state, d) for d in MOVE}
    assert results["up"] == (0, None) and results["down"] == (0, None)
    from visreason.games.pacman.tasks import best_of, direction_outcomes

    outcomes = direction_outcomes(state)
    for d in MOVE:
        assert (outcomes[d].beans, outcomes[d].caught_by) == results[d]
    best = best_of(outcomes)
    if best in MOVE:
        assert task.check_open(state, {}, best) == 1.0


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param, value, s in at_parameter_ends(task_id, 1):
        size = value if param.name == "size" else SIZES["medium"]
        check_board(s.state, size)
        assert visreason.verify(s, s.answer) == 1.0
        if task_id == "pacman/moves_outcome" and param.name == "legs":
            plan = s.meta["plan"]
            assert max(plan[1], plan[3]) <= value


@pytest.mark.parametrize("params", [{"size": 7}, {"size": 25}, {"size": "big"}, {"legs": 0},
                                    {"legs": 4}, {"ghosts": 3}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("pacman/closer_ghost", params, ranged=True)


# ----------------------------------------------------------------------------- data quality

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_prompts_name_no_picture(task_id: str) -> None:
    for level in LEVELS:
        for form in FORMS:
            s = visreason.generate(task_id, level, 4, 2, answer_form=form, text_only=True)
            text = (s.question + "\n" + s.analysis).lower()
            for word in ("image", "picture", "yellow", "blue", "pink", "red", "disc", "mouth"):
                assert not re.search(rf"\b{word}\b", text), (s.id, word)
            if form == "open":
                assert "option" not in s.analysis.lower()


def test_description_and_state_key() -> None:
    s = visreason.generate("pacman/closer_ghost", "easy", 0)
    text = GAME.describe(s.state).splitlines()
    marks = {tuple(s.state["pacman"]): "P", tuple(s.state["pinky"]): "K",
             tuple(s.state["blinky"]): "B"}
    for r, row in enumerate(s.state["grid"]):
        assert text[r + 1].split() == [str(r), *(marks.get((r, c), ch)
                                                  for c, ch in enumerate(row))]
    assert f"facing {s.state['facing']}" in GAME.describe(s.state)
    key = GAME.state_key(s.state)
    assert "/".join(s.state["grid"]) in key and s.question not in key


def test_picture_agrees_with_the_state() -> None:
    from visreason.games.pacman.render import (
        BEAN_COLOR,
        FLOOR_COLOR,
        GHOST_COLORS,
        WALL_COLOR,
        layout_for,
    )

    for level in LEVELS:
        for seed in range(3):
            s = visreason.generate("pacman/closer_ghost", level, seed)
            grid = s.state["grid"]
            layout = layout_for(len(grid))
            image = s.image.convert("RGB")
            specials = {tuple(s.state[k]) for k in ("pacman", "pinky", "blinky")}
            for r, row in enumerate(grid):
                for c, ch in enumerate(row):
                    if (r, c) in specials:
                        continue
                    x, y = layout.center(r, c)
                    want = {"#": WALL_COLOR, ".": BEAN_COLOR, "-": FLOOR_COLOR}[ch]
                    assert image.getpixel((int(x), int(y))) == want, (s.id, r, c)
            for g in NAMES:
                x0, y0, x1, y1 = layout.box(*s.state[g])
                colours = {col for _, col in image.crop((x0, y0, x1, y1)).getcolors(4096)}
                assert GHOST_COLORS[g] in colours
            again = visreason.generate("pacman/closer_ghost", level, seed)
            assert again.image.tobytes() == s.image.tobytes()


# ----------------------------------------------------------------- several questions per state

ASKING = {t.split("/")[1] for t in TASK_IDS}


def test_questions_asked_about_other_tasks_boards_are_right() -> None:
    asked: Counter[str] = Counter()
    for level in LEVELS:
        for g in range(20):
            choice = generate_group("pacman", level, 2, g, questions=len(TASK_IDS),
                                    text_only=True)
            for s in choice[1:]:
                assert s.state == choice[0].state and s.task in ASKING
                grid, pac, facing = s.state["grid"], tuple(s.state["pacman"]), s.state["facing"]
                if s.task == "pacman_position":
                    assert chosen(s) == f"({pac[0]}, {pac[1]}), {facing}"
                elif s.task == "beans_nearby":
                    n = len(grid)
                    assert int(s.answer) == sum(
                        grid[r][c] == "." for r in range(max(0, pac[0] - 2), min(n, pac[0] + 3))
                        for c in range(max(0, pac[1] - 2), min(n, pac[1] + 3)))
                elif s.task == "closer_ghost":
                    d = [abs(s.state[k][0] - pac[0]) + abs(s.state[k][1] - pac[1])
                         for k in NAMES]
                    assert chosen(s).startswith("Pinky" if d[0] < d[1] else
                                                "Blinky" if d[1] < d[0] else "Both")
                elif s.task == "straight_run":
                    cell, beans = pac, 0
                    while free(grid, add(cell, facing)):
                        cell = add(cell, facing)
                        beans += grid[cell[0]][cell[1]] == "."
                    assert s.answer == str(beans)
                elif s.task.endswith("next_move"):
                    ghost = s.task.split("_")[0]
                    target = pac if ghost == "blinky" else pinky_target(grid, pac, facing)
                    assert chosen(s) == bfs_first_step(grid, tuple(s.state[ghost]), target)
                elif s.task.endswith("direction_change"):
                    ghost = s.task.split("_")[0]
                    d, cell = s.meta["direction"], pac
                    for _ in range(s.meta["times"]):
                        if free(grid, add(cell, d)):
                            cell = add(cell, d)
                    target = cell if ghost == "blinky" else pinky_target(grid, cell, d)
                    assert chosen(s) == bfs_first_step(grid, tuple(s.state[ghost]), target)
                elif s.task == "moves_outcome":
                    d1, n1, d2, n2 = s.meta["plan"]
                    beans, caught = play(s.state, [d1] * n1 + [d2] * n2)
                    assert chosen(s).endswith(caught.capitalize()) if caught else \
                        chosen(s).startswith(f"He eats {beans} bean")
                else:
                    results = {d: hold(s.state, d) for d in MOVE}
                    safe = {d: b for d, (b, caught) in results.items() if caught is None}
                    assert [d for d, b in safe.items() if b == max(safe.values())] == \
                        [chosen(s)]
                if s.options:
                    only_right_letter(s)
                asked[s.task] += 1
    assert set(asked) == ASKING


def test_open_answers_are_parsed_linearly_and_malformed_ones_score_zero() -> None:
    s = visreason.generate("pacman/pacman_position", "easy", 0, answer_form="open")
    for junk in ("", "(((", "up" * 5000, "1" * 10000, "\x00\x01"):
        assert visreason.verify(s, junk) == 0.0
    assert re.fullmatch(r"\(\d+, \d+\), (up|down|left|right)", s.answer)


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("pacman", 600)
