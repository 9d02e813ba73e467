"""Klondike environment: shortest plans to the foundation goal, draws, refusals, random play."""

from __future__ import annotations

from visreason import env
from visreason.env import checks
from visreason.env.checks import check_no_shorter_plan
from visreason.games.klondike import rules


def _cards(state):
    ranks = {"A": 1, "J": 11, "Q": 12, "K": 13}
    return sum(ranks.get(top[:-1]) or int(top[:-1]) for top in state["foundations"] if top)


def test_scripted_policy_reaches_the_goal_in_the_fewest_turns():
    results = checks.check_scripted_wins("klondike", seeds=range(4))
    assert all(_cards(i["state"]) >= i["state"]["goal"] for i in results)
    assert max(i["optimal_steps"] for i in results) >= 2


def _reachable_within(state, goal, depth):
    """Plain depth-first search over every legal move and the draw, no pruning."""
    if _cards(state) >= goal:
        return True
    if depth == 0:
        return False
    following = [rules.apply(state, m) for m in rules.legal_moves(state)]
    if state["stock"] or state["waste"]:
        following.append(rules.draw_card(state))
    return any(_reachable_within(s, goal, depth - 1) for s in following)


def test_no_shorter_plan_exists():
    check_no_shorter_plan("klondike", "medium",
                          lambda state, depth: _reachable_within(state, state["goal"], depth),
                          lengths=range(2, 5))


def test_draws_turn_the_stock_and_illegal_moves_are_explained():
    episode = env.make("klondike", level="easy", seed=1)
    _, info = episode.reset()
    state = info["state"]
    if state["stock"]:
        _, _, _, _, info = episode.step("<answer>Draw</answer>")
        assert info["valid"] and info["state"]["waste"][-1] == state["stock"][-1]
        assert info["state"]["stock"] == state["stock"][:-1]
    _, _, _, _, info = episode.step("<answer>move king of spades from pile 9 to pile 1</answer>")
    assert not info["valid"] and "neither 'draw' nor a move" in info["message"]
    down = next(i for i, d in enumerate(info["state"]["down"]) if d)
    hidden = info["state"]["tableau"][down][0]
    before = info["state"]
    _, _, _, _, info = episode.step(f"move {hidden} from pile {down + 1} to foundation 1")
    assert not info["valid"] and "does not show that card face up" in info["message"]
    assert info["state"] == before


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("klondike", steps=25) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("klondike")


def test_hostile_completions_are_refused():
    checks.check_hostile("klondike")
