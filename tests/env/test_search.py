"""The shared bounded breadth-first search: fewest actions, refusal past its bounds."""

from __future__ import annotations

from visreason.env.search import shortest_actions


def steps(n: int):
    """Positions 0..; +1 or *2 from each (the fewest steps to 10 from 1: +1 *2 +1 *2 = 4)."""
    return [("+1", n + 1), ("*2", n * 2)] if n < 100 else []


def test_fewest_actions_and_the_path_leads_there() -> None:
    path = shortest_actions(1, steps, lambda n: n == 10, lambda n: n, max_nodes=1000)
    assert path is not None and len(path) == 4
    n = 1
    for action in path:
        n = n + 1 if action == "+1" else n * 2
    assert n == 10


def test_a_start_that_is_done_needs_no_action() -> None:
    assert shortest_actions(10, steps, lambda n: n == 10, lambda n: n, max_nodes=1) == ()


def test_it_refuses_past_its_bounds_and_when_nothing_reaches_the_goal() -> None:
    assert shortest_actions(1, steps, lambda n: n == 10, lambda n: n, max_nodes=3) is None
    assert shortest_actions(1, steps, lambda n: n == 10, lambda n: n, 1000, max_depth=3) is None
    assert shortest_actions(1, steps, lambda n: n == 10, lambda n: n, 1000, max_depth=4)
    assert shortest_actions(1, steps, lambda n: n < 0, lambda n: n, max_nodes=10_000) is None
