"""Colour Sudoku environment: fills checked against the rules, clears, a full grid wins."""

from __future__ import annotations

from visreason import env
from visreason.env import checks


def _valid(board):
    """Every row, column and box holds each value once (checked independently)."""
    n = len(board)
    b = int(n ** 0.5)
    groups = [board[r] for r in range(n)] + [[board[r][c] for r in range(n)] for c in range(n)]
    groups += [[board[r][c] for r in range(i, i + b) for c in range(j, j + b)]
               for i in range(0, n, b) for j in range(0, n, b)]
    return all(sorted(g) == list(range(1, n + 1)) for g in groups)


def test_scripted_policy_fills_every_blank_once():
    for info in checks.check_scripted_wins("sudoku", seeds=range(3)):
        assert _valid(info["state"]["board"])


def test_clashes_are_refused_and_cells_can_be_cleared():
    episode = env.make("sudoku", level="easy", seed=4)
    _, info = episode.reset()
    board, solution = info["state"]["board"], info["state"]["solution"]
    r, c = next((r, c) for r, row in enumerate(board) for c, v in enumerate(row) if v == 0)
    clash = next(v for v in board[r] if v)  # a colour already in the row
    where = board[r].index(clash)
    _, _, _, _, info = episode.step(f"({r + 1}, {c + 1}) = {clash}")
    assert not info["valid"] and f"already at ({r + 1}, {where + 1})" in info["message"]
    wrong = next((v for v in range(1, 5) if v != solution[r][c] and all(
        board[i][c] != v for i in range(4)) and v not in board[r]), None)
    if wrong is not None:  # legal by the rules but not the solution: accepted, then cleared
        _, _, _, _, info = episode.step(f"({r + 1}, {c + 1}) = {wrong}")
        if info["valid"]:
            _, _, _, _, info = episode.step(f"clear ({r + 1}, {c + 1})")
            assert info["valid"] and info["state"]["board"][r][c] == 0
    given = next((i, j) for i, row in enumerate(info["state"]["givens"]) for j, v in enumerate(row)
                 if v)
    _, _, _, _, info = episode.step(f"({given[0] + 1}, {given[1] + 1}) = 1")
    assert not info["valid"] and "given at the start" in info["message"]


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("sudoku", steps=30) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("sudoku")


def test_hostile_completions_are_refused():
    checks.check_hostile("sudoku")
