"""Tic-tac-toe hops for multi-hop questions: the priority strategy's move, the lines it
opens, and the game played out under the strategy.

Positions are the reachable unfinished boards, grouped by how many pieces they hold; the
state space is small, so each composition lists its answer per position once and draws
positions through `pool_pick` (balanced answers, no repeats until a pool runs out).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from ...core.balance import pool_pick
from ...core.seeds import derive_seed
from ...core.task import Draw
from ...core.text import fmt_cell as fmt
from ...synth.game import (
    Chain,
    Composition,
    GameHops,
    Hop,
    compare_line,
    compare_outcome,
    compare_text,
)
from . import rules
from .rules import Board, board_of, decide, other, to_move
from .tasks import STRATEGY

LEVELS = {
    # Easy reaches 4 pieces: boards of 1-3 pieces hold too few where the opponent keeps more
    # open lines (66 of 333) for a balanced comparison.
    "easy": {"pieces_min": 2, "pieces_max": 4},
    "medium": {"pieces_min": 5, "pieces_max": 5},
    "hard": {"pieces_min": 6, "pieces_max": 7},
}


def pieces(board: Board) -> int:
    return sum(v != rules.EMPTY for row in board for v in row)


def played(board: Board, cell: tuple[int, int], player: str) -> Board:
    after = [row[:] for row in board]
    after[cell[0]][cell[1]] = player
    return after


# ------------------------------------------------------------------------------------ hops

def hop_strategy_move(board: Board) -> Hop:
    """The current player's move under the strategy; the value is (cell, board after it)."""
    player = to_move(board)
    decision = decide(board, player)
    assert decision.move is not None
    after = played(board, decision.move, player)
    trace = [f"{player} is to move. Rule {decision.rule} ({rules.RULE_NAMES[decision.rule]}): "
             f"{decision.reason}."]
    return Hop(f"{player}'s move under the strategy", (decision.move, after), trace)


def hop_open_lines(board: Board, player: str, when: str) -> Hop:
    """How many lines hold none of the opponent's pieces (lines `player` could still fill)."""
    rival = other(player)
    lines = [name for name, cells in rules.LINES
             if all(board[r][c] != rival for r, c in cells)]
    return Hop(f"count the lines open to {player} {when}", len(lines),
               [f"Lines without any {rival} piece {when}: {', '.join(lines) or 'none'}. That "
                f"is {len(lines)}."])


def hop_reply(board: Board) -> Hop:
    """The reply the strategy gives the player to move on `board` (after the first move)."""
    player = to_move(board)
    decision = decide(board, player)
    assert decision.move is not None
    return Hop(f"{player}'s reply under the strategy", decision.move,
               [f"Now {player} is to move. Rule {decision.rule} "
                f"({rules.RULE_NAMES[decision.rule]}): {decision.reason}."])


def hops_play_out(board: Board) -> list[Hop]:
    """Both players follow the strategy until the game ends: one hop per move, each taking
    the board the previous move left, then the count of moves played."""
    hops, count = [], 0
    while not rules.is_over(board):
        move = hop_strategy_move(board)
        count += 1
        move.name = f"move {count}: {move.name}"
        hops.append(move)
        board = move.value[1]
    won = rules.winner(board)
    hops.append(Hop("count the moves", count,
                    [f"The game ends after {count} move(s): "
                     + (f"{won} has completed a line." if won else "the board is full.")]))
    return hops


# --------------------------------------------------------------------------- answer pools

def _bridge_value(board: Board) -> str | None:
    (_cell, after) = hop_strategy_move(board).value
    if rules.is_over(after):
        return None
    return fmt(hop_reply(after).value)


def _temporal_value(board: Board) -> int | None:
    return hops_play_out(board)[-1].value


def _compare_value(board: Board) -> str | None:
    player = to_move(board)
    (_cell, after) = hop_strategy_move(board).value
    if rules.is_over(after):
        return None
    return compare_outcome(hop_open_lines(board, player, "now").value,
                           hop_open_lines(after, other(player), "after").value)


VALUES: dict[str, Callable[[Board], Any]] = {
    "bridge": _bridge_value, "temporal": _temporal_value, "compare": _compare_value}


@lru_cache(maxsize=32)
def pools(kind: str, low: int, high: int) -> dict[Any, tuple[str, ...]]:
    """Unfinished positions with `low`-`high` pieces by their answer, each pool in a fixed
    shuffled order (neighbouring members unrelated)."""
    found: dict[Any, list[str]] = {}
    for key in rules.positions():
        board = board_of(key)
        if rules.is_over(board) or not low <= pieces(board) <= high:
            continue
        value = VALUES[kind](board)
        if value is not None:
            found.setdefault(value, []).append(key)
    for value, keys in found.items():
        random.Random(derive_seed("tictactoe hops", kind, low, high, value)).shuffle(keys)
    return {value: tuple(keys) for value, keys in sorted(found.items(), key=lambda i: str(i[0]))}


def drawn_board(draw: Draw, kind: str) -> tuple[Board, list[Any]]:
    """A position of the level on this item's balanced answer, and every answer the level's
    positions can have."""
    by_value = pools(kind, draw.params["pieces_min"], draw.params["pieces_max"])
    value, member = pool_pick(draw, {v: len(keys) for v, keys in by_value.items()})
    return board_of(by_value[value][member]), list(by_value)


# ---------------------------------------------------------------------------- compositions

def bridge(draw: Draw) -> Chain:
    """The strategy's move, then the opponent's reply to it under the same strategy."""
    board, _ = drawn_board(draw, "bridge")
    move = hop_strategy_move(board)
    cell, after = move.value
    reply = hop_reply(after)
    answer = fmt(reply.value)
    empty = [c for c in rules.empties(after) if c != reply.value]
    draw.rng.shuffle(empty)
    taken = [c for c in rules.CELLS if c not in rules.empties(after)]
    draw.rng.shuffle(taken)
    wrong = (empty + taken)[:3]  # wrong cells: empty ones first, taken ones when too few
    text = (STRATEGY + "\n\nThe current player makes the move this strategy gives, and then "
            "the other player answers with the move the same strategy gives. Which cell does "
            "the other player take?")
    return Chain({"board": board}, text, [move, reply], answer, {"first_move": list(cell)},
                 distractors=[fmt(c) for c in wrong],
                 open_hint="Answer with the cell as (row, col), e.g. (0, 2).")


def temporal(draw: Draw) -> Chain:
    """The number of moves until the game ends when both players follow the strategy."""
    board, values = drawn_board(draw, "temporal")
    hops = hops_play_out(board)
    count = hops[-1].value
    text = (STRATEGY + "\n\nFrom this position both players follow this strategy on every "
            "move. After how many more moves does the game end (a player completes a line, or "
            "the board is full)?")
    # Every answer the level's positions can have is an option, each equally often right.
    return Chain({"board": board}, text, hops, str(count), {},
                 distractors=[str(v) for v in values if v != count])


def compare(draw: Draw) -> Chain:
    """Lines open to the mover now against lines open to the opponent after the move."""
    board, _ = drawn_board(draw, "compare")
    player = to_move(board)
    now = hop_open_lines(board, player, "now")
    move = hop_strategy_move(board)
    _cell, after = move.value
    reply = hop_open_lines(after, other(player), "after that move")
    reply.trace.append(compare_line(now.value, reply.value))
    text = STRATEGY + "\n\n" + compare_text(
        f"the number of lines (rows, columns and diagonals) that hold no {other(player)} "
        f"piece right now, i.e. lines {player}, the current player, could still complete.",
        f"the number of lines that hold no {player} piece after {player} makes the move this "
        f"strategy gives, i.e. lines {other(player)} could still complete.")
    answer = compare_outcome(now.value, reply.value)
    return Chain({"board": board}, text, [now, move, reply], answer,
                 {"first": now.value, "second": reply.value})


HOPS = GameHops("tictactoe", LEVELS, (
    Composition("bridge", "The opponent's reply to the strategy's move", "cell", bridge,
                "strategy_optimization"),
    Composition("compare", "Lines open to the mover now against the opponent's after the "
                "strategy's move", "compare", compare, "strategy_optimization"),
    Composition("temporal", "Moves until the game ends under the strategy", "count", temporal,
                "strategy_optimization"),
))
