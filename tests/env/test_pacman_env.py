"""Pac-Man environment: shortest bean runs checked by brute force, catches lose, wall bumps."""

from __future__ import annotations

from visreason import env
from visreason.env import checks
from visreason.games.pacman import rules


def _wins_within(state, beans, moves):
    """Whether some list of at most `moves` moves eats `beans` beans uncaught: depth-first
    over every move list, stepping with the game's own step function."""
    def search(play, left):
        if len(play.eaten) >= beans:
            return True
        if left == 0:
            return False
        for move in rules.ORDER:
            nxt = rules.Play(play.grid, play.pacman, play.facing, play.pinky, play.blinky,
                             play.score, set(play.eaten))
            if nxt.advance(move).caught_by is None and search(nxt, left - 1):
                return True
        return False
    return search(rules.Play.of(state), moves)


def test_scripted_policy_eats_the_beans_in_the_fewest_moves():
    checks.check_scripted_wins("pacman", seeds=range(4))


def test_no_shorter_win_exists():
    checked = 0
    for seed in range(12):
        _, info = env.make("pacman", level="easy", seed=seed).reset()
        optimal, state = info["optimal_steps"], info["state"]
        assert optimal >= state["to_eat"]
        assert _wins_within(state, state["to_eat"], optimal)
        if optimal <= 7:
            assert not _wins_within(state, state["to_eat"], optimal - 1), seed
            checked += optimal > state["to_eat"]
    assert checked > 0  # some start needs a detour, so the search is really tested


def _open_board():
    grid = ["#######",
            "#######",
            "#.....#",
            "#-....#",
            "#.....#",
            "#######",
            "#######"]
    return {"grid": grid, "pacman": [3, 1], "facing": "right", "pinky": [2, 5],
            "blinky": [4, 5], "score": 0, "to_eat": 4}


def test_a_wall_bump_lets_the_ghosts_move_and_a_catch_loses():
    episode = env.make("pacman", level="easy")
    episode.reset()
    episode.state = _open_board()
    _, reward, terminated, _, info = episode.step("<answer>left</answer>")
    state = info["state"]
    assert info["valid"] and not terminated and "is a wall" in info["message"]
    assert state["pacman"] == [3, 1] and state["facing"] == "left"
    assert state["pinky"] == [3, 5] and state["blinky"] == [3, 5]  # both one step nearer
    _, _, _, _, info = episode.step("right")  # eats the bean at (3, 2)
    assert info["state"]["to_eat"] == 3 and info["state"]["score"] == 1
    assert info["state"]["grid"][3][2] == "-"
    _, reward, terminated, _, info = episode.step("right")
    assert terminated and info["lost"] and reward == 0.0 and "catches him" in info["message"]


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("pacman", steps=25) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("pacman")


def test_hostile_completions_are_refused():
    checks.check_hostile("pacman")
