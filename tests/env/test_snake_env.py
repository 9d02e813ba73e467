"""Snake environment: shortest reaches checked by search, collisions lose, random play, seeds."""

from __future__ import annotations

import itertools

from visreason import env
from visreason.env import checks

STEPS = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}


def _reaches_within(state, moves):
    """Whether some list of `moves` moves brings the head onto the food (brute force, with
    its own statement of the movement rule)."""
    size, food = state["size"], tuple(state["food"])
    for plan in itertools.product(STEPS, repeat=moves):
        body = [tuple(c) for c in state["snake"]]
        for move in plan:
            head = (body[0][0] + STEPS[move][0], body[0][1] + STEPS[move][1])
            if not (0 <= head[0] < size and 0 <= head[1] < size) or head in body[:-1]:
                break
            body = [head, *body[:-1]]
            if head == food:
                return True
    return False


def test_scripted_policy_reaches_the_food_in_the_fewest_moves():
    checks.check_scripted_wins("snake", seeds=range(4))


def test_no_shorter_reach_exists():
    for seed in range(4):
        _, info = env.make("snake", level="easy", seed=seed).reset()
        optimal = info["optimal_steps"]
        if optimal <= 7:
            assert not _reaches_within(info["state"], optimal - 1), seed


def test_leaving_the_grid_and_biting_lose():
    episode = env.make("snake", level="easy")
    episode.reset()
    episode.state = {"size": 5, "snake": [[0, 0], [0, 1], [0, 2]], "food": [4, 4]}
    _, reward, terminated, _, info = episode.step("<answer>up</answer>")
    assert terminated and info["lost"] and reward == 0.0 and "wall" in info["message"]
    episode.reset()
    episode.state = {"size": 5, "snake": [[1, 1], [1, 2], [2, 2], [2, 1], [2, 0]],
                     "food": [4, 4]}
    _, _, terminated, _, info = episode.step("right")
    assert terminated and info["lost"] and "body" in info["message"]
    episode.reset()
    episode.state = {"size": 5, "snake": [[1, 1], [1, 2], [2, 2], [2, 1]], "food": [4, 4]}
    _, _, terminated, _, info = episode.step("down")  # into the cell the tail leaves: safe
    assert not terminated and info["valid"]
    assert info["state"]["snake"] == [[2, 1], [1, 1], [1, 2], [2, 2]]


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("snake", steps=30) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("snake")


def test_hostile_completions_are_refused():
    checks.check_hostile("snake", seed=3)  # a start where the nested message's "up" is safe
