"""Sokoban environment: solver-optimal play, deadlocks lose, random play, seeds, hostile text."""

from visreason import env
from visreason.env import checks
from visreason.games.sokoban import rules


def test_scripted_policy_wins_in_the_solver_length():
    checks.check_scripted_wins("sokoban", seeds=range(4))


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("sokoban", steps=40) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("sokoban")


def test_hostile_completions_are_refused():
    checks.check_hostile("sokoban")


def test_pushing_the_box_into_a_corner_loses():
    """A hand-made board: the box one push from a corner that is not the target."""
    grid = ["######",
            "#----#",
            "#$---#",
            "#@---#",
            "#--.-#",
            "######"]
    episode = env.make("sokoban", level="easy")
    episode.reset()
    episode.state = {"grid": grid}
    _, reward, terminated, _, info = episode.step("up")
    assert terminated and info["lost"] and not info["won"] and reward == 0.0
    assert "can no longer reach" in info["message"]
    assert rules.from_grid(info["state"]["grid"]).boxes == ((1, 1),)
