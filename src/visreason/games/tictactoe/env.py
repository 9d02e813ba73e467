"""Tic-tac-toe against the game's stated priority strategy (`rules.decide`), which replies at once.

The start is one of the game's positions (every position legal play reaches) whose deciding
rule is the level's (`decision`: win, block, other) and from which the side to move can force
a win against that deterministic opponent. Optimal length: the fewest of the player's own
moves that force the win, by exhaustive search of the opponent's fixed replies.
"""

from __future__ import annotations

import random
from functools import cache, lru_cache
from typing import Any

from ...core.text import fmt_cell as fmt
from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import cell
from . import rules
from .rules import EMPTY

LOSS = 99  # moves to win from a position the player cannot force

OPPONENT_RULES = (
    "it completes a line of its own if it can; else it blocks a line the player could complete "
    "next; else it makes a fork (a move opening two lines of two); else it takes the cell where "
    "the player could fork; else it takes the first empty cell. Ties go to the first cell in "
    "reading order (row 0 left to right, then row 1, then row 2)"
)


@cache
def moves_to_win(key: str) -> int:
    """The fewest moves with which the side to move forces a win against `rules.decide`
    (LOSS when it cannot: the opponent wins or the board fills first)."""
    return min((_after_move(key, move) for move in rules.empties(rules.board_of(key))),
               default=LOSS)


def _after_move(key: str, move: tuple[int, int]) -> int:
    board = rules.board_of(key)
    player = rules.to_move(board)
    board[move[0]][move[1]] = player
    if rules.winner(board) == player:
        return 1
    if not rules.empties(board):
        return LOSS
    reply = rules.decide(board, rules.other(player)).move
    board[reply[0]][reply[1]] = rules.other(player)  # type: ignore[index]
    if rules.is_over(board):
        return LOSS
    return min(LOSS, 1 + moves_to_win(rules.key_of(board)))


def best_move(key: str) -> tuple[int, int]:
    """The first cell in reading order that wins in the fewest moves."""
    board = rules.board_of(key)
    return min(rules.empties(board), key=lambda move: _after_move(key, move))


@lru_cache(maxsize=4)
def starts(decision: str) -> tuple[str, ...]:
    """Unfinished positions of the decision group from which the mover forces a win."""
    return tuple(key for key in rules.positions()
                 if not rules.is_over(rules.board_of(key)) and rules.group_of(key) == decision
                 and moves_to_win(key) < LOSS)


class TicTacToeEnv(GameEnv):
    """One move per turn, the opponent's reply follows at once. Reward 1 for a win; a draw or
    a loss ends the episode with 0."""

    name = "tictactoe"
    action_hint = "one empty cell to mark as (row, col), e.g. <answer>(1, 1)</answer>"

    def start(self, rng: random.Random) -> dict[str, Any]:
        key = rng.choice(starts(self.params["decision"]))
        board = rules.board_of(key)
        return {"board": board, "player": rules.to_move(board)}

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"board": state["board"]}

    def goal(self, state: dict[str, Any]) -> str:
        me = state["player"]
        return (f"You play {me}; your opponent plays {rules.other(me)} and answers each of your "
                f"moves at once with a fixed strategy: {OPPONENT_RULES}. Goal: complete a line "
                f"of {me} before the board fills. A draw or a loss ends the game without a win.")

    def parse(self, action: str, state: dict[str, Any]) -> tuple[int, int]:
        return cell(action, 3, 3)

    def apply(self, state: dict[str, Any], action: tuple[int, int]) -> Outcome:
        board, me = state["board"], state["player"]
        if board[action[0]][action[1]] != EMPTY:
            raise InvalidAction(f"{fmt(action)} already holds {board[action[0]][action[1]]}.")
        board[action[0]][action[1]] = me
        message = f"{me} plays {fmt(action)}"
        if rules.winner(board) == me:
            return Outcome(state, message + f" and completes a line: {me} wins.", won=True)
        if not rules.empties(board):
            return Outcome(state, message + "; the board is full: a draw.", over=True)
        them = rules.other(me)
        reply = rules.decide(board, them)
        board[reply.move[0]][reply.move[1]] = them  # type: ignore[index]
        message += f"; {them} replies at {fmt(reply.move)} ({reply.reason})"  # type: ignore[arg-type]
        if rules.winner(board) == them:
            return Outcome(state, message + f". {them} wins.", lost=True)
        if not rules.empties(board):
            return Outcome(state, message + ". The board is full: a draw.", over=True)
        return Outcome(state, message + ".")

    def optimal_steps(self, state: dict[str, Any]) -> int:
        return moves_to_win(rules.key_of(state["board"]))

    def policy(self, state: dict[str, Any]) -> str:
        return fmt(best_move(rules.key_of(state["board"])))

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        return f"({rng.randrange(3)}, {rng.randrange(3)})"
