"""Sokoban hops for multi-hop questions: moves carried out under the push rules, then counts.

Every value comes from `rules.move`/`rules.simulate`; the trace lines are the steps' own
descriptions, so a composed analysis replays exactly what the rules did.
"""

from __future__ import annotations

from typing import Any

from ...core.errors import Retry
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
from .rules import DIRECTIONS, Board, Cell, Step

LEVELS = {
    "easy": {"size": 6, "boxes": 2, "moves": 5},
    "medium": {"size": 8, "boxes": 3, "moves": 7},
    "hard": {"size": 10, "boxes": 4, "moves": 10},
}
MOVE_TRIES = 24


def draw_board(draw: Draw) -> Board:
    """A random board of the level with one to `boxes` boxes (as the game's tasks draw)."""
    count = draw.rng.randint(1, draw.params["boxes"])
    board = rules.random_board(draw.rng, draw.params["size"], count)
    if board is None:
        raise Retry
    return board


def state_of(board: Board) -> dict[str, Any]:
    return {"grid": rules.to_grid(board)}


def random_moves(draw: Draw, count: int) -> list[str]:
    return [draw.rng.choice(DIRECTIONS) for _ in range(count)]


def moves_text(moves: list[str]) -> str:
    return ", ".join(moves)


# ------------------------------------------------------------------------------------ hops

def hop_simulate(board: Board, moves: list[str]) -> Hop:
    """Apply the moves one at a time; the value is (final board, steps)."""
    final, steps = rules.simulate(board, moves)
    trace = [f"{i}. {step.describe()}." for i, step in enumerate(steps, 1)]
    trace.append(f"After the last move the player is at {fmt(final.player)}.")
    return Hop("apply the moves", (final, steps), trace)


def hop_blocked_neighbours(board: Board, cell: Cell) -> Hop:
    """How many of the four cells next to `cell` hold a wall or a box."""
    trace, count = [], 0
    for direction in DIRECTIONS:
        other = rules.shifted(cell, direction)
        what = "a wall" if other in board.walls else "a box" if other in board.boxes else \
            "free"
        count += what != "free"
        trace.append(f"{direction} of {fmt(cell)}: {fmt(other)} is {what}.")
    trace.append(f"So {count} of the four neighbouring cells are walls or boxes.")
    return Hop("count blocked neighbours", count, trace)


def hop_first_push(steps: list[Step]) -> Hop:
    """The number of the first move that pushes a box (0 when none does)."""
    for i, step in enumerate(steps, 1):
        if step.pushed is not None:
            return Hop("find the first push", i,
                       [f"Move {i} ({step.direction}) is the first that pushes a box: the box "
                        f"goes from {fmt(step.pushed[0])} to {fmt(step.pushed[1])}."])
    return Hop("find the first push", 0, ["No move pushes a box, so the answer is 0."])


def hop_count_steps(steps: list[Step], what: str) -> Hop:
    """How many moves were blocked (`what` 'blocked') or pushed a box ('pushes')."""
    if what == "blocked":
        hits = [i for i, s in enumerate(steps, 1) if s.end == s.start]
        label = "blocked moves"
    else:
        hits = [i for i, s in enumerate(steps, 1) if s.pushed is not None]
        label = "moves that push a box"
    if not hits:
        return Hop(f"count {label}", 0, [f"There are no {label}: 0 in all."])
    listed = ", ".join(map(str, hits))
    return Hop(f"count {label}", len(hits), [f"The {label} are number {listed}: "
                                             f"{len(hits)} in all."])


# ---------------------------------------------------------------------------- compositions

def bridge(draw: Draw) -> Chain:
    """After the moves, how many cells next to the player are walls or boxes?"""
    board = draw_board(draw)
    want = aim(draw, (0, 1, 2, 3))

    def attempt() -> tuple[list[str], Hop, Hop] | None:
        moves = random_moves(draw, draw.params["moves"])
        first = hop_simulate(board, moves)
        final, _ = first.value
        second = hop_blocked_neighbours(final, final.player)
        return (moves, first, second) if second.value == want else None

    moves, first, second = tries(draw, MOVE_TRIES, attempt)
    text = (f"The player makes these {len(moves)} moves in order: {moves_text(moves)}. After "
            "the last move, how many of the four cells directly above, below, left and right "
            "of the player hold a wall or a box?")
    # The five possible counts as options: a run of four would leave 0 always the smallest.
    return Chain(state_of(board), text, [first, second], str(second.value), {"moves": moves},
                 distractors=[str(v) for v in range(5) if v != second.value])


def temporal(draw: Draw) -> Chain:
    """At which move does the player first push a box (0 if never)?"""
    board = draw_board(draw)
    count = draw.params["moves"]
    want = aim(draw, range(count + 1))
    moves: list[str] = []
    current = board
    for number in range(1, count + 1):
        pushing, quiet = [], []
        for direction in DIRECTIONS:
            _, step = rules.move(current, direction)
            (pushing if step.pushed is not None else quiet).append(direction)
        pool = pushing if number == want else quiet if number < want or want == 0 else \
            list(DIRECTIONS)
        if not pool:
            raise Retry
        direction = draw.rng.choice(pool)
        current, _ = rules.move(current, direction)
        moves.append(direction)
    first = hop_simulate(board, moves)
    _, steps = first.value
    second = hop_first_push(steps)
    text = (f"The player makes these {count} moves in order: {moves_text(moves)}. Number the "
            "moves from 1. At which move does the player push a box for the first time? Answer "
            "0 if no move pushes a box.")
    return Chain(state_of(board), text, [first, second], second.value, {"moves": moves},
                 low=0, high=count)


def compare(draw: Draw) -> Chain:
    """Blocked moves against pushing moves in one move sequence."""
    board = draw_board(draw)
    want = aim(draw, ("first", "second", "equal"))

    def attempt() -> tuple[list[str], Hop, Hop, Hop] | None:
        moves = random_moves(draw, draw.params["moves"])
        first = hop_simulate(board, moves)
        _, steps = first.value
        blocked, pushes = hop_count_steps(steps, "blocked"), hop_count_steps(steps, "pushes")
        if compare_outcome(blocked.value, pushes.value) != want:
            return None
        return moves, first, blocked, pushes

    moves, first, blocked, pushes = tries(draw, MOVE_TRIES, attempt)
    pushes.trace.append(compare_line(blocked.value, pushes.value))
    text = (f"The player makes these {len(moves)} moves in order: {moves_text(moves)}. "
            + compare_text("the number of these moves that are blocked (the player does not "
                           "move).", "the number of these moves that push a box."))
    return Chain(state_of(board), text, [first, blocked, pushes], want,
                 {"moves": moves, "first": blocked.value, "second": pushes.value})


HOPS = GameHops("sokoban", LEVELS, (
    Composition("bridge", "Blocked cells next to the player after a move sequence", "count",
                bridge),
    Composition("compare", "Blocked moves against pushes in one move sequence", "compare",
                compare, "strategy_optimization"),
    Composition("temporal", "The move at which the player first pushes a box", "integer",
                temporal),
))
