"""Game of Life prediction environment: cell scores re-derived with an independent step."""

from __future__ import annotations

import pytest

from visreason import env
from visreason.env import checks


def _next(grid):
    """One toroidal Life iteration, written independently of the game's rules."""
    n = len(grid)
    out = [[0] * n for _ in range(n)]
    for r in range(n):
        for c in range(n):
            live = sum(grid[(r + dr) % n][(c + dc) % n]
                       for dr in (-1, 0, 1) for dc in (-1, 0, 1) if dr or dc)
            out[r][c] = int(live == 3 or (live == 2 and grid[r][c]))
    return out


def test_exact_predictions_earn_one_in_all():
    for info in checks.check_scripted_wins("lifegame", seeds=range(4)):
        assert info["total_reward"] == pytest.approx(1.0)


def test_wrong_prediction_scores_its_right_cells_and_the_board_advances():
    episode = env.make("lifegame", level="medium", seed=2)
    _, info = episode.reset()
    grid, steps = info["state"]["grid"], info["params"]["steps"]
    truth = _next(grid)
    guess = [row[:] for row in truth]
    guess[0][0] ^= 1
    guess[1][2] ^= 1
    text = "\n".join("".join(map(str, row)) for row in guess)
    _, reward, terminated, _, info = episode.step(f"<answer>\n{text}\n</answer>")
    n = len(grid)
    assert reward == pytest.approx((n * n - 2) / (n * n) / steps)
    assert info["state"]["grid"] == truth and not terminated
    assert "wrong at (0, 0), (1, 2)" in info["message"]
    for _ in range(steps - 1):
        truth = _next(truth)
        _, _, terminated, _, info = episode.step("/".join("".join(map(str, r)) for r in truth))
    assert terminated and info["over"] and not info["won"]
    assert info["total_reward"] == pytest.approx(1 - 2 / (n * n) / steps)


def test_malformed_boards_are_refused():
    episode = env.make("lifegame", level="easy", seed=0)
    episode.reset()
    _, _, _, _, info = episode.step("0101")
    assert not info["valid"] and "must have 9 cells" in info["message"]
    _, _, _, _, info = episode.step("abc/def/ghi")
    assert not info["valid"] and "not a cell symbol" in info["message"]


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("lifegame", steps=10) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("lifegame")


def test_hostile_completions_are_refused():
    checks.check_hostile("lifegame")
