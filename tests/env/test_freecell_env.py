"""FreeCell environment: shortest plans to the foundation goal, refusals, random play, seeds."""

from __future__ import annotations

from visreason import env
from visreason.env import checks
from visreason.env.checks import check_no_shorter_plan
from visreason.games.freecell import rules


def test_scripted_policy_reaches_the_goal_in_the_fewest_moves():
    results = checks.check_scripted_wins("freecell", seeds=range(4))
    assert all(sum(i["state"]["foundations"]) >= i["state"]["goal"] for i in results)
    assert max(i["optimal_steps"] for i in results) >= 2


def _reachable_within(state, goal, depth):
    """Plain depth-first search over every legal move, no pruning (small depths only)."""
    if sum(state["foundations"]) >= goal:
        return True
    if depth == 0:
        return False
    return any(_reachable_within(rules.apply(state, m), goal, depth - 1)
               for m in rules.legal_moves(state))


def test_no_shorter_plan_exists():
    check_no_shorter_plan("freecell", "easy",
                          lambda state, depth: _reachable_within(state, state["goal"], depth))


def test_illegal_and_unreadable_moves_are_explained():
    episode = env.make("freecell", level="medium", seed=2)
    _, info = episode.reset()
    state = info["state"]
    buried = next(c[0] for c in state["cascades"] if len(c) > 3 and not rules.is_sequence(c))
    where = next(i for i, c in enumerate(state["cascades"]) if buried in c)
    _, _, _, _, info = episode.step(f"<answer>move {buried} from cascade {where} to free "
                                    "cell 0</answer>")
    assert not info["valid"] and "not exposed" in info["message"]
    _, _, _, _, info = episode.step("<answer>put it somewhere</answer>")
    assert not info["valid"] and "is not a move written as" in info["message"]
    assert info["invalid_actions"] == 2 and info["state"] == state


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("freecell", steps=25) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("freecell")


def test_hostile_completions_are_refused():
    checks.check_hostile("freecell")
