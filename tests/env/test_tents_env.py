"""Tents environment: placements checked by the stated rules, removals, solved grids."""

from __future__ import annotations

from visreason import env
from visreason.env import checks
from visreason.games.tents import rules
from visreason.games.tents.rules import Puzzle


def _solved(state):
    """Counts met, no two tents touching, and a one-to-one tree-tent pairing (checked
    independently, the pairing by trying every assignment of trees to tents)."""
    n, tents = state["size"], {tuple(t) for t in state["tents"]}
    trees = [tuple(t) for t in state["trees"]]
    if [sum(t[0] == r for t in tents) for r in range(n)] != state["row_targets"]:
        return False
    if [sum(t[1] == c for t in tents) for c in range(n)] != state["col_targets"]:
        return False
    if any(a != b and max(abs(a[0] - b[0]), abs(a[1] - b[1])) <= 1 for a in tents
           for b in tents):
        return False

    def pair(i, free):
        if i == len(trees):
            return not free
        r, c = trees[i]
        return any(t in free and pair(i + 1, free - {t})
                   for t in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)))
    return len(tents) == len(trees) and pair(0, frozenset(tents))


def test_scripted_policy_solves_with_one_placement_per_missing_tent():
    for info in checks.check_scripted_wins("tents", seeds=range(4)):
        state = info["state"]
        assert _solved(state)
        assert info["steps"] == len(state["trees"]) - len(state["givens"])


def test_rule_breaking_tents_are_refused_and_tents_can_be_removed():
    episode = env.make("tents", level="medium", seed=2)
    _, info = episode.reset()
    state = info["state"]
    tree = tuple(state["trees"][0])
    _, _, _, _, info = episode.step(f"({tree[0]}, {tree[1]})")
    assert not info["valid"] and "tree" in info["message"]
    given = state["givens"][0]
    _, _, _, _, info = episode.step(f"remove ({given[0]}, {given[1]})")
    assert not info["valid"] and "shown at the start" in info["message"]
    r, c = given
    near = next((x, y) for x, y in ((r + 1, c + 1), (r - 1, c - 1), (r + 1, c - 1),
                                    (r - 1, c + 1)) if 0 <= x < 10 and 0 <= y < 10)
    _, _, _, _, info = episode.step(f"({near[0]}, {near[1]})")
    assert not info["valid"] and "fails" in info["message"]
    missing = next(t for t in state["solution"] if t not in state["tents"])
    _, _, _, _, info = episode.step(f"<answer>({missing[0]}, {missing[1]})</answer>")
    assert info["valid"] and missing in info["state"]["tents"]
    _, _, _, _, info = episode.step(f"remove ({missing[0]}, {missing[1]})")
    assert info["valid"] and missing not in info["state"]["tents"]
    _, _, _, _, info = episode.step(f"remove ({missing[0]}, {missing[1]})")
    assert not info["valid"] and "no tent to remove" in info["message"]


def test_a_legal_tent_off_the_solution_costs_a_removal():
    for seed in range(10):
        episode = env.make("tents", level="hard", seed=seed)
        _, info = episode.reset()
        state = info["state"]
        off = [cell for cell in rules.valid_new_cells(Puzzle.from_state(state))
               if list(cell) not in state["solution"]]
        if off:
            break
    optimal = info["optimal_steps"]
    _, _, _, _, info = episode.step(f"({off[0][0]}, {off[0][1]})")
    assert info["valid"] and not info["won"]
    assert episode.env.optimal_steps(episode.state) == optimal + 1
    assert episode.env.policy(episode.state) == f"remove ({off[0][0]}, {off[0][1]})"


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("tents", steps=25) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("tents")


def test_hostile_completions_are_refused():
    checks.check_hostile("tents")
