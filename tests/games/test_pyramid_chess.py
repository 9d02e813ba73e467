"""Pyramid chess answers re-derived independently: the board read as balls at 3D points
(a ball rests on the balls half a step away in x and y one level down), fills simulated turn
by turn, best moves found by trying every legal move."""

from __future__ import annotations

import re

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS
from visreason.games.pyramid_chess import rules

from .contract import dense_audit_passes, param_error

GAME = "pyramid_chess"
LEVELS = visreason.LEVELS
SEEDS = range(10)


def balls_3d(state: dict) -> dict[tuple[float, float, int], str]:
    """Every ball at its centre: level k slot [x, y] at (x + k/2, y + k/2) on height k."""
    out = {}
    for k, rows in enumerate(state["levels"]):
        for y, row in enumerate(rows):
            for x, v in enumerate(row):
                if v != ".":
                    out[(x + k / 2, y + k / 2, k)] = v
    return out


def exists(n: int, k: int, x: int, y: int) -> bool:
    return 0 <= k < n and 0 <= x <= n - 1 - k and 0 <= y <= n - 1 - k


def below(k: int, x: int, y: int) -> list[tuple[float, float, int]]:
    cx, cy = x + k / 2, y + k / 2
    return [(cx + dx, cy + dy, k - 1) for dx in (-0.5, 0.5) for dy in (-0.5, 0.5)]


def on_top(k: int, x: int, y: int) -> list[tuple[float, float, int]]:
    cx, cy = x + k / 2, y + k / 2
    return [(cx + dx, cy + dy, k + 1) for dx in (-0.5, 0.5) for dy in (-0.5, 0.5)]


def status(state: dict, slot: tuple[int, int, int]) -> str:
    k, x, y = slot
    n = state["n"]
    if not exists(n, k, x, y):
        return "out"
    balls = balls_3d(state)
    here = balls.get((x + k / 2, y + k / 2, k))
    if here is not None:
        return "covered" if any(p in balls for p in on_top(k, x, y)) else "free"
    return "placeable" if k == 0 or all(p in balls for p in below(k, x, y)) else "unplaceable"


def slot_of(question: str) -> tuple[int, int, int]:
    x, y, k = map(int, re.search(r"\[(\d+), (\d+)\] on level (\d+)", question).groups())
    return (k, x, y)


def completes(state: dict, slot: tuple[int, int, int], colour: str) -> bool:
    """A ball of `colour` at `slot` finishes a same-colour 2x2 block, by looking at the four
    square windows of that level around it."""
    k, x, y = slot
    n = state["n"]
    lvl = state["levels"][k]
    for bx in (x - 1, x):
        for by in (y - 1, y):
            cells = [(bx, by), (bx + 1, by), (bx, by + 1), (bx + 1, by + 1)]
            if all(exists(n, k, cx, cy) for cx, cy in cells) and all(
                    (cx, cy) == (x, y) or lvl[cy][cx] == colour for cx, cy in cells):
                return True
    return False


def wrong_options_score_zero(sample: visreason.Sample) -> None:
    assert visreason.verify(sample, sample.answer) == 1.0
    for i in range(len(sample.options)):
        if LETTERS[i] != sample.answer:
            assert visreason.verify(sample, LETTERS[i]) == 0.0


def both_forms(task: str, level: str, seed: int):
    for form in ("choice", "open"):
        yield visreason.generate(f"{GAME}/{task}", level, seed, seed, answer_form=form,
                                 text_only=True)


@pytest.mark.parametrize("level", LEVELS)
def test_slot_status(level: str) -> None:
    names = {"a ball of PLAYER_0": "B", "a ball of PLAYER_1": "R", "empty": ".",
             "out of bounds": "out"}
    for seed in SEEDS:
        choice, open_ = both_forms("slot_status", level, seed)
        k, x, y = slot_of(choice.question)
        expect = "out" if not exists(choice.state["n"], k, x, y) else \
            balls_3d(choice.state).get((x + k / 2, y + k / 2, k), ".")
        assert names[choice.options[LETTERS.index(choice.answer)]] == expect
        wrong_options_score_zero(choice)
        assert visreason.verify(open_, open_.answer) == 1.0
        for text, value in names.items():
            assert visreason.verify(open_, text) == float(value == expect)
        assert visreason.verify(open_, "player_0 or player_1") == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_placement_outcome(level: str) -> None:
    for seed in SEEDS:
        choice, open_ = both_forms("placement_outcome", level, seed)
        slot = slot_of(choice.question)
        mover = "BR"[int(re.search(r"Suppose PLAYER_(\d)", choice.question).group(1))]
        kind = status(choice.state, slot)
        expect = (2 if kind in ("covered", "free") else 3 if kind == "unplaceable"
                  else 1 if completes(choice.state, slot, mover) else 0)
        assert LETTERS.index(choice.answer) == expect
        wrong_options_score_zero(choice)
        words = ["placeable, no block", "it completes a block, balls can be taken back",
                 "already occupied", "not supported"]
        for i, text in enumerate(words):
            assert visreason.verify(open_, text) == float(i == expect), text


def fill_turns(state: dict, slot: tuple[int, int, int]) -> int:
    """Turns until `slot` is filled, simulated: each turn fills one placeable empty slot of
    the cone under `slot` (lowest level first), the last turn fills `slot` itself."""
    n = state["n"]
    levels = [list(map(list, rows)) for rows in state["levels"]]
    k0, x0, y0 = slot
    cone = {(k, x, y) for k in range(k0 + 1) for x in range(x0, x0 + k0 - k + 1)
            for y in range(y0, y0 + k0 - k + 1)}
    turns = 0
    while levels[k0][y0][x0] == ".":
        for k, x, y in sorted(cone):
            if levels[k][y][x] == "." and (k == 0 or all(
                    levels[k - 1][y + dy][x + dx] != "." for dx in (0, 1) for dy in (0, 1))):
                levels[k][y][x] = "B"
                turns += 1
                break
        assert turns <= rules.total_slots(n)
    return turns


@pytest.mark.parametrize("level", LEVELS)
def test_turns_to_place_by_simulation(level: str) -> None:
    for seed in SEEDS:
        sample = visreason.generate(f"{GAME}/turns_to_place", level, seed, seed,
                                    text_only=True)
        slot = slot_of(sample.question)
        assert int(sample.answer) == fill_turns(sample.state, slot)
        assert visreason.verify(sample, str(int(sample.answer) + 1)) == 0.0


def good_moves(state: dict) -> set[tuple[int, int, int]]:
    """Every legal move that completes a block of the mover's colour, or failing that, every
    one that fills a gap the opponent would complete (each tried on the board)."""
    n, mover = state["n"], "BR"[state["turn"]]
    legal = [(k, x, y) for k in range(n) for y in range(n - k) for x in range(n - k)
             if status(state, (k, x, y)) == "placeable"]
    own = {s for s in legal if completes(state, s, mover)}
    if own:
        return own
    return {s for s in legal if completes(state, s, "RB"[state["turn"]])}


@pytest.mark.parametrize("level", LEVELS)
def test_best_placement_is_the_only_good_move(level: str) -> None:
    for seed in SEEDS:
        sample = visreason.generate(f"{GAME}/best_placement", level, seed, seed,
                                    text_only=True)
        x, y, k = map(int, re.findall(r"\d+", sample.answer))
        assert good_moves(sample.state) == {(k, x, y)}
        assert visreason.verify(sample, f"[{x}, {y}] at level {k}") == 1.0
        assert visreason.verify(sample, f"({x}, {y}, {k + 1})") == 0.0
        assert visreason.verify(sample, "somewhere in the middle") == 0.0


def test_pools_are_the_starting_pools_less_the_balls_on_the_board() -> None:
    """Take-backs return balls from the board to the pool, so this holds on every board."""
    for task in ("best_placement", "count_balls", "slot_status"):
        for level in LEVELS:
            for seed in SEEDS:
                state = visreason.generate(f"{GAME}/{task}", level, seed, seed,
                                           text_only=True).state
                on_board = [sum(r.count(c) for lv in state["levels"] for r in lv)
                            for c in "BR"]
                assert state["pools"] == [p - c for p, c in zip(
                    rules.initial_pools(state["n"]), on_board, strict=True)]


@pytest.mark.parametrize("level", LEVELS)
def test_count_balls_from_the_text_description(level: str) -> None:
    game = get_game(GAME)
    for seed in SEEDS:
        sample = visreason.generate(f"{GAME}/count_balls", level, seed, seed, text_only=True)
        grid_text = game.describe(sample.state).split("Balls left")[0]
        letters = sum(line.split(" ", 1)[1].count("B") + line.split(" ", 1)[1].count("R")
                      for line in grid_text.splitlines() if line[:1].isdigit() or
                      line.strip()[:1].isdigit())
        assert int(sample.answer) == letters == len(balls_3d(sample.state))


@pytest.mark.parametrize("level", LEVELS)
def test_slot_composite(level: str) -> None:
    order = ["out", "covered", "free", "placeable", "unplaceable"]
    for seed in SEEDS:
        choice, open_ = both_forms("slot_composite", level, seed)
        expect = order.index(status(choice.state, slot_of(choice.question)))
        assert LETTERS.index(choice.answer) == expect
        wrong_options_score_zero(choice)
        for i, text in enumerate(["out of bounds", "covered ball", "free ball",
                                  "empty, placeable", "empty, not placeable"]):
            assert visreason.verify(open_, text) == float(i == expect), text
        assert visreason.verify(open_, "free ball or covered ball") == 0.0


def test_rules_step_function() -> None:
    state = rules.new_state(3)
    assert state["pools"] == [7, 7] and rules.legal_moves(state) == [
        (0, x, y) for y in range(3) for x in range(3)]
    moves = [(0, 0, 0), (0, 2, 2), (0, 1, 0), (0, 2, 1), (0, 0, 1)]
    for m in moves:
        state, blocks = rules.place(state, m)
        assert blocks == []
    # Blue holds [0,0], [1,0], [0,1]: blue (to move? no, red) ... red moves, then blue closes
    assert state["turn"] == 1
    state, _ = rules.place(state, (0, 2, 0))
    state, blocks = rules.place(state, (0, 1, 1))
    assert blocks == [[(0, 0, 0), (0, 1, 0), (0, 0, 1), (0, 1, 1)]]
    assert rules.can_place(state, (1, 0, 0)) and not rules.can_place(state, (1, 1, 1))
    state = rules.take_back(state, 0, [(0, 1, 1)])
    assert state["pools"][0] == 7 - 4 + 1 and rules.get(state, (0, 1, 1)) == "."
    with pytest.raises(ValueError):
        rules.take_back(state, 0, [(0, 2, 0)])  # a red ball
    state, _ = rules.place(state, (0, 1, 1))  # red now
    state, _ = rules.place(state, (1, 0, 0))  # blue, on top of four
    assert not rules.is_free(state, (0, 0, 0)) and rules.is_free(state, (1, 0, 0))
    with pytest.raises(ValueError):
        rules.take_back(state, 0, [(0, 0, 0)])  # covered


def test_winner_and_empty_pool() -> None:
    state = rules.new_state(3)
    for k in range(3):
        state["levels"][k] = ["B" * (3 - k)] * (3 - k)
    assert rules.winner(state) == 0
    state = rules.new_state(3)
    state["pools"] = [0, 3]
    assert rules.winner(state) == 1


@pytest.mark.parametrize("task_id", [t.id for t in visreason.tasks(GAME)])
def test_every_task_generates_at_both_ends_of_the_size(task_id: str) -> None:
    for size in (3, 6):
        for form in ("choice", "open"):
            s = visreason.generate(task_id, "medium", 1, 0, params={"size": size},
                                   answer_form=form)
            assert s.state["n"] == size and visreason.verify(s, s.answer) == 1.0


@pytest.mark.parametrize("params", [{"size": 2}, {"size": 7}, {"size": "big"}, {"boxes": 1}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error(f"{GAME}/count_balls", params, game_named=False)


def test_determinism_and_pictures() -> None:
    for task in visreason.tasks(GAME):
        a = visreason.generate(task.id, "hard", 3, 2)
        b = visreason.generate(task.id, "hard", 3, 2)
        assert a.to_dict() == b.to_dict() and a.image.tobytes() == b.image.tobytes()


def test_picture_shows_each_ball_in_its_colour() -> None:
    from visreason.games.pyramid_chess import render
    sample = visreason.generate(f"{GAME}/count_balls", "medium", 0, 5)
    layouts, _, _ = render.panels(sample.state["n"])
    for k, rows in enumerate(sample.state["levels"]):
        for y, row in enumerate(rows):
            for x, v in enumerate(row):
                cx, cy = layouts[k].center(y, x)
                pixel = sample.image.convert("RGB").getpixel((int(cx), int(cy)))
                expect = render.BALL_COLOURS.get(v, render.SLOT_COLOUR)
                assert pixel == expect, (k, x, y)


def test_text_only_names_no_colour() -> None:
    for task in visreason.tasks(GAME):
        s = visreason.generate(task.id, "medium", 4, 0, text_only=True)
        text = (s.question + s.analysis).lower()
        assert not re.search(r"\b(blue|red|picture|image)\b", text), task.id


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes(GAME, 300)


def test_turns_to_place_plays_out_with_the_pools() -> None:
    """Play the counted turns out with the pools: the empty slots under the asked one are
    filled lowest level first, one per turn, players alternating from the mover; a player
    who must move with an empty pool loses, so both pools must last until the asked slot
    takes its ball, on exactly the answer's turn (about 4% of items once failed this)."""
    for level in LEVELS:
        for index in range(150):
            s = visreason.generate(f"{GAME}/turns_to_place", level, 7, index, text_only=True)
            state, (k0, x0, y0) = s.state, s.meta["slot"]
            filled = {(k, x, y) for k, rows in enumerate(state["levels"])
                      for y, row in enumerate(rows) for x, v in enumerate(row) if v != "."}
            todo, stack = set(), [(k0, x0, y0)]
            while stack:
                k, x, y = stack.pop()
                for under in ((k - 1, x + dx, y + dy) for dx in (0, 1) for dy in (0, 1)):
                    if k > 0 and under not in filled and under not in todo:
                        todo.add(under)
                        stack.append(under)
            pools, mover, turns = list(state["pools"]), state["turn"], 0
            for k, x, y in [*sorted(todo), (k0, x0, y0)]:
                assert pools[mover] > 0, (s.id, "a player must move with no ball left")
                assert k == 0 or all((k - 1, x + dx, y + dy) in filled
                                     for dx in (0, 1) for dy in (0, 1)), s.id
                filled.add((k, x, y))
                pools[mover] -= 1
                mover, turns = 1 - mover, turns + 1
            assert turns == int(s.answer), (s.id, turns, s.answer)
