"""Ultimate tic-tac-toe environment: the points race against the greedy opponent, shortest
wins checked by an independent brute force, the forced Nine-grid enforced."""

from __future__ import annotations

from visreason import env
from visreason.env import checks

LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]


def _gain(grid, p, who):
    return sum(all(grid[q] == who for q in line if q != p) for line in LINES if p in line)


def _opponent(board, g, who):
    """The stated reply: most points in grid g, ties to the first cell; None when full."""
    free = [p for p in range(9) if board[g][p] == "."]
    return max(free, key=lambda p: (_gain(board[g], p, who), -p)) if free else None


def _put(board, g, p, who):
    board = list(board)
    board[g] = board[g][:p] + who + board[g][p + 1:]
    return board


def _wins_within(board, g, me, need, rival_need, moves):
    """Whether some `moves` own moves into the forced grids gain `need` points first."""
    if moves == 0:
        return False
    them = "O" if me == "X" else "X"
    for p in range(9):
        if board[g][p] != ".":
            continue
        left = need - _gain(board[g], p, me)
        if left <= 0:
            return True
        after = _put(board, g, p, me)
        reply = _opponent(after, p, them)
        if reply is None:
            continue
        rival_left = rival_need - _gain(after[p], reply, them)
        if rival_left <= 0:
            continue
        after = _put(after, p, reply, them)
        if _wins_within(after, reply, me, left, rival_left, moves - 1):
            return True
    return False


def _grid(last):
    return 4 if last is None else 3 * (last[2] - 1) + last[3] - 1


def test_scripted_policy_wins_in_the_fewest_moves():
    checks.check_scripted_wins("ultra_tictactoe", seeds=range(5))


def test_no_shorter_win_exists():
    for level in ("easy", "medium", "hard"):
        for seed in range(4):
            _, info = env.make("ultra_tictactoe", level=level, seed=seed).reset()
            s, optimal = info["state"], info["optimal_steps"]
            args = (s["board"], _grid(s["last"]), s["player"], s["need"], s["rival_need"])
            assert _wins_within(*args, optimal), (level, seed)
            assert not _wins_within(*args, optimal - 1), (level, seed)


def test_the_forced_grid_and_the_opponent_follow_the_rules():
    episode = env.make("ultra_tictactoe", level="medium", seed=2)
    _, info = episode.reset()
    state = info["state"]
    g = _grid(state["last"])
    elsewhere = (g + 1) % 9
    free = next(p for p in range(9) if state["board"][elsewhere][p] == ".")
    text = f"({elsewhere // 3 + 1}, {elsewhere % 3 + 1}, {free // 3 + 1}, {free % 3 + 1})"
    _, _, _, _, info = episode.step(text)
    assert not info["valid"] and "must go into Nine-grid" in info["message"]
    taken = next((p for p in range(9) if state["board"][g][p] != "."), None)
    if taken is not None:
        _, _, _, _, info = episode.step(f"({g // 3 + 1}, {g % 3 + 1}, {taken // 3 + 1}, "
                                        f"{taken % 3 + 1})")
        assert not info["valid"] and "already holds" in info["message"]
    p = next(p for p in range(9) if state["board"][g][p] == ".")
    _, _, _, _, info = episode.step(f"({g // 3 + 1}, {g % 3 + 1}, {p // 3 + 1}, {p % 3 + 1})")
    assert info["valid"]
    if not episode.done:
        me, them = state["player"], "O" if state["player"] == "X" else "X"
        after = _put(state["board"], g, p, me)
        reply = _opponent(after, p, them)
        assert info["state"]["board"] == _put(after, p, reply, them)
        assert info["state"]["last"] == [p // 3 + 1, p % 3 + 1, reply // 3 + 1, reply % 3 + 1]


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("ultra_tictactoe", steps=20) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("ultra_tictactoe")


def test_hostile_completions_are_refused():
    checks.check_hostile("ultra_tictactoe")
