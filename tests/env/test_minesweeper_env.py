"""Minesweeper environment: fewest clearing clicks checked by exhaustive search, mines hidden."""

from __future__ import annotations

import itertools

from visreason import env
from visreason.env import checks
from visreason.games.minesweeper import rules


def test_scripted_policy_clears_the_board_in_the_fewest_clicks():
    checks.check_scripted_wins("minesweeper", seeds=range(5))


def _fewest_clicks(board, mines):
    """Breadth-first search over every order of reveals (small boards only)."""
    size = len(board)
    safe = [(r, c) for r in range(size) for c in range(size)
            if board[r][c] == rules.HIDDEN and (r, c) not in mines]
    start = tuple(tuple(row) for row in board)
    frontier, seen, depth = [start], {start}, 0
    while frontier:
        if any(all(b[r][c] != rules.HIDDEN for r, c in safe) for b in frontier):
            return depth
        following = []
        for current in frontier:
            for r, c in safe:
                if current[r][c] == rules.HIDDEN:
                    grid = [list(row) for row in current]
                    rules.flood_reveal((r, c), mines, size, grid)
                    key = tuple(tuple(row) for row in grid)
                    if key not in seen:
                        seen.add(key)
                        following.append(key)
        frontier, depth = following, depth + 1
    raise AssertionError("board cannot be cleared")


def test_optimal_length_matches_an_exhaustive_search():
    for seed in range(6):
        _, info = env.make("minesweeper", level="easy", seed=seed).reset()
        state = info["state"]
        mines = {tuple(m) for m in state["hidden_mines"]}
        assert info["optimal_steps"] == _fewest_clicks(state["board"], mines), seed


def test_mines_stay_hidden_and_revealing_one_loses():
    episode = env.make("minesweeper", level="medium", seed=3)
    obs, info = episode.reset()
    assert "hidden_mines" not in obs["text"]
    mine = next(m for m in info["state"]["hidden_mines"]
                if info["state"]["board"][m[0]][m[1]] == rules.HIDDEN)
    _, reward, terminated, _, info = episode.step(f"<answer>reveal ({mine[0]}, {mine[1]})</answer>")
    assert terminated and info["lost"] and reward == 0.0 and "holds a mine" in info["message"]


def test_flags_and_revealed_cells_are_refused():
    episode = env.make("minesweeper", level="easy", seed=1)
    _, info = episode.reset()
    board = info["state"]["board"]
    flag = next((r, c) for r, c in itertools.product(range(len(board)), repeat=2)
                if board[r][c] == rules.FLAG)
    _, _, _, _, info = episode.step(f"({flag[0]}, {flag[1]})")
    assert not info["valid"] and "flagged" in info["message"]


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("minesweeper", steps=30) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("minesweeper")


def test_hostile_completions_are_refused():
    checks.check_hostile("minesweeper")
