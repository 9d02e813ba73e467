"""Ultimate tic-tac-toe against the game's greedy opponent, as a race to a number of points.

The start is a position of the game's own greedy self-play (`tasks.position`, stopped in the
level's move range); the player moves for the side to move, and the opponent answers at once
with the self-play rule made deterministic: the cell of its forced Nine-grid that gains the
most points, ties to the first cell in reading order (`rules.best_moves(...)[0]`). The player
wins on gaining `points` points since the start before the opponent does; the opponent
reaching them first loses, and a full forced Nine-grid ends the game without a winner.
Optimal length: the fewest of the player's own moves that force the win against that fixed
opponent, by exhaustive search to `MAX_DEPTH` moves (starts needing more are redrawn).
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any, ClassVar

from ...core import Param
from ...core.errors import Retry
from ...core.task import Draw
from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import integers, quoted
from . import rules, tasks
from .game import UltraTicTacToe
from .rules import EMPTY

LOSS = 99  # moves to win from a position the player cannot force within the depth
MAX_DEPTH = 4  # the player's own moves searched for a forced win


def _reply(board: tuple[str, ...], last: rules.Move) -> rules.Move | None:
    """The opponent's move: the most points, ties to the first cell (None: grid full)."""
    best = rules.best_moves(list(board), last)
    return best[0] if best else None


@lru_cache(maxsize=200_000)
def moves_to_win(board: tuple[str, ...], last: rules.Move | None, need: int, rival_need: int,
                 depth: int) -> int:
    """Fewest own moves (at most `depth`) that gain `need` points before the opponent gains
    `rival_need`, against `_reply`; LOSS when none does."""
    if depth == 0:
        return LOSS
    return min((_after(board, last, move, need, rival_need, depth)
                for move in rules.legal_moves(list(board), last)), default=LOSS)


def _after(board: tuple[str, ...], last: rules.Move | None, move: rules.Move, need: int,
           rival_need: int, depth: int) -> int:
    me = rules.to_move(list(board))
    need -= rules.gain(board[move[0]], move[1], me)
    if need <= 0:
        return 1
    after = tuple(rules.play(list(board), move, me))
    reply = _reply(after, move)
    if reply is None:
        return LOSS
    rival_need -= rules.gain(after[reply[0]], reply[1], rules.other(me))
    if rival_need <= 0:
        return LOSS
    after = tuple(rules.play(list(after), reply, rules.other(me)))
    return min(LOSS, 1 + moves_to_win(after, reply, need, rival_need, depth - 1))


class UltraTicTacToeEnv(GameEnv):
    """One move per turn, the opponent's reply follows at once. Reward 1 for reaching the
    points first; the opponent reaching them first, or a full forced grid, ends with 0."""

    name = "ultra_tictactoe"
    action_hint = ("one empty cell of the forced Nine-grid as (i, j, row, col), all 1-based, "
                   "e.g. <answer>(2, 2, 1, 3)</answer>")
    params = (*UltraTicTacToe.params,
              Param("points", "points to gain before the opponent does", low=1, high=4))
    presets: ClassVar[dict[str, dict[str, int]]] = {
        level: {**preset, "points": points} for (level, preset), points in
        zip(UltraTicTacToe.presets.items(), (1, 2, 2), strict=True)}

    def start(self, rng: random.Random) -> dict[str, Any]:
        state = tasks.position(Draw(rng, self.level, dict(self.params)), tasks.playable)
        state["player"] = rules.to_move(state["board"])
        state["need"] = state["rival_need"] = self.params["points"]
        if self._solve(state) >= LOSS:
            raise Retry
        return state

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"board": state["board"], "last": state["last"]}

    def goal(self, state: dict[str, Any]) -> str:
        me, grid = state["player"], rules.forced_grid(tasks.unpack(state)[1])
        return (f"You play {me}; your opponent plays {rules.other(me)} and answers each of "
                "your moves at once: it takes the cell of its forced Nine-grid that gains it "
                "the most points, ties going to the first such cell in reading order (row 1 "
                f"left to right, then row 2, then row 3). Goal: gain {state['need']} more "
                f"point{'s' if state['need'] != 1 else ''} before your opponent gains "
                f"{state['rival_need']} more. If the Nine-grid a move is sent to is full, the "
                f"game ends without a winner. Your next move goes into Nine-grid "
                f"{tasks.fmt_grid(grid)}.")

    def parse(self, action: str, state: dict[str, Any]) -> rules.Move:
        i, j, r, c = integers(action, 4)
        if not all(1 <= v <= 3 for v in (i, j, r, c)):
            raise InvalidAction(f"{quoted(action)}: every coordinate runs from 1 to 3.")
        return 3 * (i - 1) + j - 1, 3 * (r - 1) + c - 1

    def apply(self, state: dict[str, Any], action: rules.Move) -> Outcome:
        board, last = tasks.unpack(state)
        me, them = state["player"], rules.other(state["player"])
        g, p = action
        forced = rules.forced_grid(last)
        if g != forced:
            raise InvalidAction(f"{tasks.fmt(g, p)} is in Nine-grid {tasks.fmt_grid(g)}; this "
                                f"move must go into Nine-grid {tasks.fmt_grid(forced)}.")
        if board[g][p] != EMPTY:
            raise InvalidAction(f"{tasks.fmt(g, p)} already holds {board[g][p]}.")
        gained = rules.gain(board[g], p, me)
        board = rules.play(board, action, me)
        state["need"] -= gained
        message = f"{me} plays {tasks.fmt(g, p)}, gaining {gained}"
        state.update(board=board, last=list(rules.coords(g, p)))
        if state["need"] <= 0:
            return Outcome(state, message + f" and reaching the points first: {me} wins.",
                           won=True)
        reply = _reply(tuple(board), action)
        if reply is None:
            return Outcome(state, message + f"; Nine-grid {tasks.fmt_grid(p)} is full, so "
                           "the game ends without a winner.", over=True)
        rival = rules.gain(board[reply[0]], reply[1], them)
        state.update(board=rules.play(board, reply, them), last=list(rules.coords(*reply)))
        state["rival_need"] -= rival
        message += f"; {them} replies at {tasks.fmt(*reply)}, gaining {rival}"
        if state["rival_need"] <= 0:
            return Outcome(state, message + f" and reaching the points first: {them} wins.",
                           lost=True)
        if rules.is_over(state["board"], reply):
            return Outcome(state, message + f". Nine-grid {tasks.fmt_grid(reply[1])} is full, "
                           "so the game ends without a winner.", over=True)
        return Outcome(state, message + f". Your next move goes into Nine-grid "
                       f"{tasks.fmt_grid(reply[1])}.")

    def _solve(self, state: dict[str, Any], depth: int = MAX_DEPTH) -> int:
        board, last = tasks.unpack(state)
        return moves_to_win(tuple(board), last, state["need"], state["rival_need"], depth)

    def optimal_steps(self, state: dict[str, Any]) -> int:
        return self._solve(state)

    def policy(self, state: dict[str, Any]) -> str:
        board, last = tasks.unpack(state)
        key = tuple(board)
        move = min(rules.legal_moves(board, last), key=lambda m: _after(
            key, last, m, state["need"], state["rival_need"], MAX_DEPTH))
        return tasks.fmt(*move)

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        if rng.random() < 0.7:
            g = rules.forced_grid(tasks.unpack(state)[1])
            i, j = rules.grid_coords(g)
        else:
            i, j = rng.randint(1, 3), rng.randint(1, 3)
        return f"({i}, {j}, {rng.randint(1, 3)}, {rng.randint(1, 3)})"
