"""Star Battle environment: placements checked by the stated rules, removals, the solution."""

from __future__ import annotations

from visreason import env
from visreason.env import checks


def _solved(state):
    """One star per row, column and region, none touching (checked independently)."""
    n, stars = state["size"], [tuple(s) for s in state["stars"]]
    regions = state["regions"]
    if len(stars) != n:
        return False
    if len({r for r, _ in stars}) != n or len({c for _, c in stars}) != n:
        return False
    if len({regions[r][c] for r, c in stars}) != n:
        return False
    return all(max(abs(a[0] - b[0]), abs(a[1] - b[1])) > 1
               for i, a in enumerate(stars) for b in stars[i + 1:])


def test_scripted_policy_solves_with_one_placement_per_star():
    for info in checks.check_scripted_wins("star_battle", seeds=range(3)):
        assert _solved(info["state"])
        assert info["steps"] == info["state"]["size"]


def test_rule_breaking_stars_are_refused_and_stars_can_be_removed():
    episode = env.make("star_battle", level="easy", seed=2)
    _, info = episode.reset()
    solution = [tuple(s) for s in info["state"]["solution"]]
    r, c = solution[0]
    _, _, _, _, info = episode.step(f"({r}, {c})")
    assert info["valid"] and [r, c] in info["state"]["stars"]
    for cell, words in [((r, (c + 3) % 5), f"row {r} already has"),
                        (((r + 3) % 5, c), f"column {c} already has"),
                        ((r, c), "already holds a star")]:
        _, _, _, _, info = episode.step(f"({cell[0]}, {cell[1]})")
        assert not info["valid"] and words in info["message"], cell
    if r + 1 < 5:
        near = (r + 1, c + 1 if c + 1 < 5 else c - 1)
        _, _, _, _, info = episode.step(f"({near[0]}, {near[1]})")
        assert not info["valid"] and ("touches" in info["message"]
                                      or "already has" in info["message"])
    _, _, _, _, info = episode.step(f"remove ({r}, {c})")
    assert info["valid"] and info["state"]["stars"] == []
    _, _, _, _, info = episode.step(f"remove ({r}, {c})")
    assert not info["valid"] and "no star to remove" in info["message"]


def test_a_legal_star_off_the_solution_costs_a_removal():
    episode = env.make("star_battle", level="medium", seed=1)
    _, info = episode.reset()
    n, solution = info["state"]["size"], {tuple(s) for s in info["state"]["solution"]}
    off = next((r, c) for r in range(n) for c in range(n) if (r, c) not in solution)
    _, _, _, _, info = episode.step(f"({off[0]}, {off[1]})")
    assert info["valid"]
    assert episode.env.optimal_steps(episode.state) == n + 1
    assert episode.env.policy(episode.state) == f"remove ({off[0]}, {off[1]})"


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("star_battle", steps=25) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("star_battle")


def test_hostile_completions_are_refused():
    checks.check_hostile("star_battle")
