"""Langton's ant environment: predictions scored against an independent simulation."""

from __future__ import annotations

import pytest

from visreason import env
from visreason.env import checks

TURN = {"up": ("left", "right"), "right": ("up", "down"), "down": ("right", "left"),
        "left": ("down", "up")}  # (after a left turn, after a right turn)
MOVE = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}


def _next(state):
    """One step by the stated rule: turn (right on white), flip, move forward, wrapping."""
    n, (x, y), facing = state["size"], state["ant"], state["facing"]
    grid = [list(row) for row in state["grid"]]
    facing = TURN[facing][grid[x][y] == "0"]
    grid[x][y] = "1" if grid[x][y] == "0" else "0"
    dx, dy = MOVE[facing]
    return ["".join(row) for row in grid], [(x + dx) % n, (y + dy) % n], facing


def test_scripted_predictions_are_all_exact():
    for info in checks.check_scripted_wins("langton_ant", seeds=range(3)):
        assert info["total_reward"] == pytest.approx(1.0)
        assert info["steps"] == info["state"]["predictions"]


def test_predictions_are_scored_and_the_ant_takes_the_true_step():
    episode = env.make("langton_ant", level="medium", seed=3)
    _, info = episode.reset()
    total, reward_sum = info["state"]["predictions"], 0.0
    for k in range(total):
        grid, ant, facing = _next(info["state"])
        wrong_facing = next(f for f in MOVE if f != facing)
        guess = f"({ant[0]}, {ant[1]}) {wrong_facing}" if k % 2 else \
            f"the ant goes to ({ant[0]}, {ant[1]}) facing {facing}"
        _, reward, terminated, _, info = episode.step(f"<answer>{guess}</answer>")
        reward_sum += reward
        assert info["valid"]
        assert reward == pytest.approx((0.5 if k % 2 else 1.0) / total)
        assert (info["state"]["grid"], info["state"]["ant"], info["state"]["facing"]) == \
            (grid, ant, facing)
    assert terminated and info["over"] and not info["won"]
    assert reward_sum == pytest.approx(info["total_reward"])


def test_unreadable_predictions_are_refused():
    episode = env.make("langton_ant", level="easy", seed=0)
    episode.reset()
    for text, words in [("(1, 2)", "0 facings"), ("(1, 2) up or left", "2 facings"),
                        ("(9, 2) up", "off the board"), ("(1) up", "expected 2")]:
        _, _, _, _, info = episode.step(text)
        assert not info["valid"] and words in info["message"], text
    assert info["state"]["made"] == 0


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("langton_ant", steps=15) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("langton_ant")


def test_hostile_completions_are_refused():
    checks.check_hostile("langton_ant")
