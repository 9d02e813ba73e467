"""Jewel2 environment: fewest commands to the Total Cleared goal, refusals, random play."""

from __future__ import annotations

from visreason import env
from visreason.env import checks
from visreason.env.checks import check_no_shorter_plan
from visreason.games.jewel2 import rules


def test_scripted_policy_reaches_the_goal_in_the_fewest_commands():
    results = checks.check_scripted_wins("jewel2", seeds=range(4))
    assert all(i["state"]["total"] >= i["state"]["goal"] for i in results)
    assert max(i["optimal_steps"] for i in results) >= 2


def _reachable_within(state, goal, depth):
    """Plain depth-first search over every command on the board, no pruning."""
    if state["total"] >= goal:
        return True
    if depth == 0:
        return False
    for command in rules.commands(state["size"]):
        done = rules.apply(state, command)
        if done.status == "cleared" and _reachable_within(done.state, goal, depth - 1):
            return True
    return False


def test_no_shorter_plan_exists():
    check_no_shorter_plan("jewel2", "easy",
                          lambda state, depth: _reachable_within(state, state["goal"], depth))


def _refused(state, status):
    return next(c for c in rules.commands(state["size"]) if rules.status_of(state, c) == status)


def test_commands_that_do_nothing_are_refused_with_the_rule():
    for seed in range(20):
        episode = env.make("jewel2", level="medium", seed=seed)
        _, info = episode.reset()
        state = info["state"]
        statuses = {rules.status_of(state, c) for c in rules.commands(state["size"])}
        if not {"invalid", "undone", "special"} <= statuses:
            continue
        for status, words in (("invalid", "holds no special gem"), ("undone", "swap back"),
                              ("special", "a special gem is involved")):
            _, _, _, _, info = episode.step(f"<answer>{rules.command_text(_refused(state, status))}"
                                            "</answer>")
            assert not info["valid"] and words in info["message"], status
        _, _, _, _, info = episode.step("<answer>swap 0 0 up</answer>")
        assert not info["valid"] and "on the edge" in info["message"]
        _, _, _, _, info = episode.step("<answer>clear 1 1 and clear 2 2</answer>")
        assert not info["valid"] and "exactly one command" in info["message"]
        assert info["state"] == state
        return
    raise AssertionError("no board with every kind of refusal")


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("jewel2", steps=25) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("jewel2")


def test_hostile_completions_are_refused():
    checks.check_hostile("jewel2")
