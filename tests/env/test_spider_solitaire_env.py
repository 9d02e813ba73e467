"""Spider environment: shortest plans to turn cards over, deals, collections, refusals."""

from __future__ import annotations

from visreason import env
from visreason.env import checks
from visreason.env.checks import check_no_shorter_plan
from visreason.games.spider_solitaire import rules


def test_scripted_policy_reaches_the_goal_in_the_fewest_turns():
    results = checks.check_scripted_wins("spider_solitaire", seeds=range(4))
    assert all(sum(i["state"]["down"]) <= i["state"]["goal"] for i in results)
    assert max(i["optimal_steps"] for i in results) >= 2


def _reachable_within(state, goal, depth):
    """Plain depth-first search over every move, deal and collection, no pruning."""
    if sum(state["down"]) <= goal:
        return True
    if depth == 0:
        return False
    following = [rules.apply(state, m) for m in rules.legal_moves(state)]
    following += [rules.collect(state, i) for i in range(len(state["piles"]))
                  if rules.complete_run(state, i)]
    if rules.can_deal(state):
        following.append(rules.deal(state))
    return any(_reachable_within(s, goal, depth - 1) for s in following)


def test_no_shorter_plan_exists():
    check_no_shorter_plan("spider_solitaire", "easy",
                          lambda state, depth: _reachable_within(state, state["goal"], depth))


def test_deals_collections_and_refusals():
    episode = env.make("spider_solitaire", level="medium", seed=3)
    _, info = episode.reset()
    state = info["state"]
    _, _, _, _, info = episode.step("<answer>move the run of pile 0 to the foundations</answer>")
    if not rules.complete_run(state, 0):
        assert not info["valid"] and "complete run" in info["message"]
    _, _, _, _, info = episode.step("<answer>move card 0 of pile 1 to pile 2</answer>")
    assert not info["valid"] and "face down" in info["message"]
    _, _, _, _, info = episode.step("<answer>move card 0 of pile 99 to pile 2</answer>")
    assert not info["valid"] and "piles are numbered" in info["message"]
    assert info["state"] == state
    if rules.can_deal(state):
        _, _, _, _, info = episode.step("<answer>Deal.</answer>")
        assert info["valid"] and len(info["state"]["stock"]) == len(state["stock"]) - \
            len(state["piles"])
        assert [p[-1] for p in info["state"]["piles"]] == state["stock"][:len(state["piles"])]


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("spider_solitaire", steps=25) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("spider_solitaire")


def test_hostile_completions_are_refused():
    checks.check_hostile("spider_solitaire")
