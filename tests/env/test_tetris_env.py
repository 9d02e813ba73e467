"""Tetris environment: timesteps of the falling piece, shortest steering to the best lock."""

from __future__ import annotations

import itertools

from visreason import env
from visreason.env import checks
from visreason.games.tetris import rules


def test_scripted_policy_clears_the_most_rows_in_the_fewest_timesteps():
    results = checks.check_scripted_wins("tetris", seeds=range(4))
    assert all(not rules.active_cells(i["state"]["grid"]) for i in results)
    assert max(i["optimal_steps"] for i in results) >= 3


def _shape_at(cells):
    return rules.normalise(cells), min(r for r, _ in cells), min(c for _, c in cells)


def _play(grid, move):
    """The timestep written out again from the rules text: move if it fits, then fall a row
    or lock (drop: fall all the way, lock); None for a refused move, else (grid, cleared)."""
    size = len(grid)
    locked = {(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch == "#"}
    shape, row, col = _shape_at([(r, c) for r, row in enumerate(grid)
                                 for c, ch in enumerate(row) if ch == "A"])

    def free(shape, row, col):
        return all(0 <= row + r < size and 0 <= col + c < size and (row + r, col + c)
                   not in locked for r, c in shape)

    if move in ("left", "right"):
        col += -1 if move == "left" else 1
    elif move == "rotate":
        height = max(r for r, _ in shape) + 1
        shape = rules.normalise([(c, height - 1 - r) for r, c in shape])
    if not free(shape, row, col):
        return None
    while move == "drop" and free(shape, row + 1, col):
        row += 1
    if move != "drop" and free(shape, row + 1, col):
        cells = {(row + 1 + r, col + c) for r, c in shape}
        return ["".join("A" if (r, c) in cells else "#" if (r, c) in locked else "."
                        for c in range(size)) for r in range(size)], None
    locked |= {(row + r, col + c) for r, c in shape}
    return grid, sum(all((r, c) in locked for c in range(size)) for r in range(size))


def _best_within(grid, depth):
    """The most rows any sequence of at most `depth` timesteps locks with (-1: no lock)."""
    best = -1
    if depth == 0:
        return best
    for move in rules.TIMESTEP_MOVES:
        played = _play(grid, move)
        if played is None:
            continue
        after, cleared = played
        if cleared is not None:
            best = max(best, cleared)
        elif depth > 1:
            best = max(best, _best_within(after, depth - 1))
    return best


def test_no_shorter_steering_exists_and_the_target_is_the_most():
    checked = 0
    for seed in itertools.count():
        _, info = env.make("tetris", level="easy", seed=seed).reset()
        optimal, state = info["optimal_steps"], info["state"]
        if 2 <= optimal <= 5:
            assert _best_within(state["grid"], optimal - 1) < state["target"], seed
            assert _best_within(state["grid"], optimal) == state["target"], seed
            checked += 1
        if checked == 3 or seed > 40:
            break
    assert checked == 3


def test_refused_moves_and_a_poor_lock():
    episode = env.make("tetris", level="medium", seed=1)
    _, info = episode.reset()
    for _ in range(info["state"]["size"]):
        _, _, _, _, info = episode.step("<answer>left</answer>")
        if not info["valid"]:
            assert "cannot be shifted left" in info["message"]
            break
    else:
        raise AssertionError("the piece never met the wall")
    _, _, _, _, info = episode.step("<answer>spin twice</answer>")
    assert not info["valid"] and "is not one of" in info["message"]
    while not episode.done:
        _, reward, terminated, _, info = episode.step("drop")
    assert terminated and not rules.active_cells(info["state"]["grid"])
    assert info["won"] == (reward == 1.0)


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("tetris", steps=25) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("tetris")


def test_hostile_completions_are_refused():
    checks.check_hostile("tetris")
