"""Maze hops for multi-hop questions: walks along open cells, distances to the goal, exits.

Walks are drawn along open cells only (every move legal), carried out by `rules.walk`, and
distances come from `rules.distances_from`, the breadth-first search the maze tasks use.
"""

from __future__ import annotations

from typing import Any

from ...core.task import Draw
from ...core.text import fmt_cell as fmt
from ...synth.game import (
    Chain,
    Composition,
    GameHops,
    Hop,
    aim,
    compare_line,
    compare_outcome,
    compare_text,
    tries,
)
from . import rules
from .rules import Cell, Grid

LEVELS = {
    "easy": {"rooms": 4, "moves": 4},
    "medium": {"rooms": 5, "moves": 6},
    "hard": {"rooms": 6, "moves": 8},
}
WALK_TRIES = 24
# The counts asked about, each equally often, and the options: a fourth option "4" would be
# right almost never (four-way rooms are rare), leaving "the middle one of 2 and 3" near the
# audit's limit by chance alone.
EXIT_COUNTS = ("1", "2", "3")
BACK = {"up": "down", "down": "up", "left": "right", "right": "left"}


def draw_state(draw: Draw) -> dict[str, Any]:
    return rules.random_state(draw.rng, rules.side(draw.params["rooms"]))


def random_walk(draw: Draw, grid: Grid, start: Cell, count: int) -> list[str]:
    """`count` legal moves from `start`, each a random open direction; turning straight back
    only at a dead end, so walks explore instead of pacing back and forth."""
    moves: list[str] = []
    cell = start
    for _ in range(count):
        ways = rules.available(grid, cell)
        if moves and len(ways) > 1:
            ways = [d for d in ways if d != BACK[moves[-1]]]
        direction = draw.rng.choice(ways)
        moves.append(direction)
        cell = rules.step(cell, direction)
    return moves


def player_goal(state: dict[str, Any]) -> tuple[Grid, Cell, Cell]:
    return state["grid"], tuple(state["player"]), tuple(state["goal"])  # type: ignore[return-value]


# ------------------------------------------------------------------------------------ hops

def hop_walk(grid: Grid, start: Cell, moves: list[str]) -> Hop:
    """Carry out the moves; the value is the list of cells visited."""
    walked = rules.walk(grid, start, moves)
    if walked.blocked is not None:
        raise ValueError("maze hops walk legal moves only")
    trace = [f"{i}. {d}: {fmt(a)} -> {fmt(b)}."
             for i, (d, a, b) in enumerate(zip(moves, walked.cells, walked.cells[1:],
                                               strict=False), 1)]
    trace.append(f"The walk ends at {fmt(walked.end)}.")
    return Hop("walk the moves", walked.cells, trace)


def hop_goal_distance(grid: Grid, cell: Cell, goal: Cell) -> Hop:
    """The fewest moves from `cell` to the goal, by breadth-first search from the goal."""
    path = rules.shortest_path(grid, cell, goal)
    moves = len(path) - 1
    trace = [f"Breadth-first search from {fmt(cell)} reaches the goal {fmt(goal)} along "
             f"{' -> '.join(fmt(c) for c in path)}, which is {moves} moves."]
    return Hop("distance to the goal", moves, trace)


def hop_exits(grid: Grid, cell: Cell) -> Hop:
    """How many of the four neighbours of `cell` are open."""
    trace = []
    for direction in rules.DIRECTIONS:
        other = rules.step(cell, direction)
        trace.append(f"{direction} of {fmt(cell)}: {fmt(other)} is "
                     f"{'open' if rules.is_open(grid, other) else 'a wall'}.")
    count = len(rules.available(grid, cell))
    trace.append(f"So {count} direction(s) are open from {fmt(cell)}.")
    return Hop("count open directions", count, trace)


# ---------------------------------------------------------------------------- compositions

def bridge(draw: Draw) -> Chain:
    """After the moves, how many moves does the player need to reach the goal?"""
    state = draw_state(draw)
    grid, player, goal = player_goal(state)
    moves = random_walk(draw, grid, player, draw.params["moves"])
    first = hop_walk(grid, player, moves)
    second = hop_goal_distance(grid, first.value[-1], goal)
    far = max(rules.distances_from(grid, goal).values())
    text = (f"The player makes these {len(moves)} moves in order: {', '.join(moves)}. From the "
            "cell where the player then stands, what is the fewest number of moves needed to "
            "reach the goal?")
    return Chain(state, text, [first, second], second.value, {"moves": moves}, low=0,
                 high=max(far, 3))


def temporal(draw: Draw) -> Chain:
    """After the first k of the moves, how many directions are open to the player?"""
    state = draw_state(draw)
    grid, player, _ = player_goal(state)
    count = draw.params["moves"]
    want = int(aim(draw, EXIT_COUNTS))

    def attempt() -> tuple[list[str], int] | None:
        moves = random_walk(draw, grid, player, count)
        cells = rules.walk(grid, player, moves).cells
        fits = [k for k in range(1, count) if len(rules.available(grid, cells[k])) == want]
        return (moves, draw.rng.choice(fits)) if fits else None

    moves, k = tries(draw, WALK_TRIES, attempt)
    first = hop_walk(grid, player, moves[:k])
    first.name = f"walk the first {k} move(s)"
    second = hop_exits(grid, first.value[-1])
    text = (f"The player will make these {count} moves in order: {', '.join(moves)}. Consider "
            f"the moment right after move number {k}. How many of the four directions (up, "
            "down, left, right) lead from the player's cell at that moment to an open cell?")
    return Chain(state, text, [first, second], str(second.value), {"moves": moves, "k": k},
                 distractors=[c for c in EXIT_COUNTS if c != str(second.value)])


def compare(draw: Draw) -> Chain:
    """The distance to the goal now against the distance after the moves."""
    state = draw_state(draw)
    grid, player, goal = player_goal(state)
    want = aim(draw, ("first", "second", "equal"))
    to_goal = rules.distances_from(grid, goal)

    def attempt() -> list[str] | None:
        moves = random_walk(draw, grid, player, draw.rng.randint(2, draw.params["moves"]))
        end = rules.walk(grid, player, moves).end
        return moves if compare_outcome(to_goal[player], to_goal[end]) == want else None

    moves = tries(draw, WALK_TRIES, attempt)
    now = hop_goal_distance(grid, player, goal)
    now.name = "distance to the goal now"
    walked = hop_walk(grid, player, moves)
    later = hop_goal_distance(grid, walked.value[-1], goal)
    later.name = "distance to the goal after the moves"
    later.trace.append(compare_line(now.value, later.value))
    text = compare_text(
        "the fewest number of moves the player needs to reach the goal from where it stands "
        "now.",
        f"the fewest number of moves to the goal from the cell the player reaches after these "
        f"{len(moves)} moves: {', '.join(moves)}.")
    return Chain(state, text, [now, walked, later], want,
                 {"moves": moves, "first": now.value, "second": later.value})


HOPS = GameHops("maze", LEVELS, (
    Composition("bridge", "Moves to the goal from where a walk ends", "integer", bridge,
                "strategy_optimization"),
    Composition("compare", "Distance to the goal before and after a walk", "compare", compare,
                "strategy_optimization"),
    Composition("temporal", "Open directions part-way through a walk", "count", temporal),
))
