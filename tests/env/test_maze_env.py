"""Maze environment: shortest-path play, random play, seeds, hostile text."""

from visreason.env import checks


def test_scripted_policy_wins_in_the_shortest_path_length():
    results = checks.check_scripted_wins("maze", seeds=range(5))
    assert all(info["optimal_steps"] >= 1 for info in results)


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("maze", steps=40) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("maze")


def test_hostile_completions_are_refused():
    checks.check_hostile("maze")
