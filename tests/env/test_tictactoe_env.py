"""Tic-tac-toe environment: wins against the stated opponent, shortest wins checked by search."""

from __future__ import annotations

import itertools

from visreason import env
from visreason.env import checks
from visreason.games.tictactoe import rules

LINES = [[(r, 0), (r, 1), (r, 2)] for r in range(3)] + \
    [[(0, c), (1, c), (2, c)] for c in range(3)] + \
    [[(0, 0), (1, 1), (2, 2)], [(0, 2), (1, 1), (2, 0)]]


def _won(board, player):
    return any(all(board[r][c] == player for r, c in line) for line in LINES)


def _wins_within(episode_seed, level, moves):
    """Whether some sequence of `moves` player moves wins, replayed through fresh episodes."""
    for cells in itertools.product(itertools.product(range(3), repeat=2), repeat=moves):
        episode = env.make("tictactoe", level=level, seed=episode_seed, text_only=True)
        episode.reset()
        for cell in cells:
            _, _, terminated, _, info = episode.step(f"({cell[0]}, {cell[1]})")
            if terminated or not info["valid"]:
                break
        if info["won"] and _won(info["state"]["board"], info["state"]["player"]):
            return True
    return False


def test_scripted_policy_wins_in_the_fewest_moves():
    checks.check_scripted_wins("tictactoe", seeds=range(6))


def test_no_shorter_win_exists():
    for level in ("medium", "hard"):
        for seed in range(2):
            _, info = env.make("tictactoe", level=level, seed=seed).reset()
            optimal = info["optimal_steps"]
            assert optimal >= 2
            assert not _wins_within(seed, level, optimal - 1), (level, seed)


def test_opponent_replies_with_the_stated_strategy():
    episode = env.make("tictactoe", level="hard", seed=1)
    _, info = episode.reset()
    before = [row[:] for row in info["state"]["board"]]
    me = info["state"]["player"]
    cell = rules.empties(before)[-1]
    _, _, _, _, info = episode.step(f"({cell[0]}, {cell[1]})")
    after = info["state"]["board"]
    before[cell[0]][cell[1]] = me
    if not info["won"]:
        expected = rules.decide(before, rules.other(me)).move
        assert after[expected[0]][expected[1]] == rules.other(me)
        assert f"replies at ({expected[0]}, {expected[1]})" in info["message"]
    occupied = next(c for c in itertools.product(range(3), repeat=2) if after[c[0]][c[1]] != ".")
    if not episode.done:
        _, _, _, _, info = episode.step(f"{occupied}")
        assert not info["valid"] and "already holds" in info["message"]


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("tictactoe", steps=12) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("tictactoe")


def test_hostile_completions_are_refused():
    checks.check_hostile("tictactoe")
