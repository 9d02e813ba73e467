"""Rubik's cube environment: solved in the exact distance, checked by brute force; turn
notation read in its common spellings; half turns refused."""

from __future__ import annotations

import itertools

from visreason import env
from visreason.env import checks
from visreason.games.rubiks_cube import rules


def _solves_within(state, turns):
    """Whether some sequence of `turns` quarter turns solves the cube (every sequence)."""
    start = rules.stickers_of(state)
    for moves in itertools.product(rules.MOVES, repeat=turns):
        faces = rules.unflat(rules.apply_all(start, moves))
        if all(len(set("".join(faces[f]))) == 1 for f in rules.FACES):
            return True
    return False


def test_scripted_policy_solves_in_the_exact_distance():
    infos = checks.check_scripted_wins("rubiks_cube", seeds=range(4))
    assert {info["optimal_steps"] for info in infos} == {2, 3, 4}


def test_no_shorter_solution_exists():
    for level in ("easy", "medium"):
        for seed in range(3):
            _, info = env.make("rubiks_cube", level=level, seed=seed).reset()
            assert not _solves_within(info["state"], info["optimal_steps"] - 1), (level, seed)


def test_turn_notation_is_read():
    episode = env.make("rubiks_cube", level="easy", seed=1)
    episode.reset()
    start = rules.stickers_of(episode.state)
    for text, move in [("R", "R"), ("r'", "R'"), ("turn U prime", "U'"),
                       ("the front face counterclockwise", "F'"), ("B’", "B'"),
                       ("left clockwise", "L")]:
        assert episode.env.parse(text, episode.state) == move, text
    _, _, _, _, info = episode.step("R2")
    assert not info["valid"] and "half turn" in info["message"]
    _, _, _, _, info = episode.step("R U")
    assert not info["valid"] and "not one turn" in info["message"]
    assert rules.stickers_of(info["state"]) == start
    _, _, _, _, info = episode.step("I turn D. <answer>D'</answer>")
    assert info["valid"] and rules.stickers_of(info["state"]) == rules.apply(start, "D'")


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("rubiks_cube", steps=15) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("rubiks_cube")


def test_hostile_completions_are_refused():
    checks.check_hostile("rubiks_cube")
