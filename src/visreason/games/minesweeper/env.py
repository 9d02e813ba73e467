"""Minesweeper played click by click: reveal every safe cell of a dealt position in play.

The start is a position the game deals for its questions (first click made, some cells
revealed, 2-4 correct flags). The mines are in the verifier state only; the player sees the
board. Optimal length: the fewest reveals that clear the board knowing the mines
(`rules.clearing_clicks`, the board's 3BV); a player without the mine map may need more, or
a guess, so it is a lower bound for honest play.
"""

from __future__ import annotations

import random
from typing import Any

from ...core.task import Draw
from ...core.text import fmt_cell as fmt
from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import cell
from . import rules, tasks
from .rules import FLAG, HIDDEN


class MinesweeperEnv(GameEnv):
    """One reveal per turn; revealing a mine loses, revealing every safe cell wins (reward 1)."""

    name = "minesweeper"
    action_hint = "one hidden, unflagged cell to reveal as (row, col), e.g. <answer>(2, 3)</answer>"

    def start(self, rng: random.Random) -> dict[str, Any]:
        dealt = tasks.deal_for(Draw(rng, self.level, self.params))
        state = tasks.state_of(dealt)
        state["hidden_mines"] = [list(m) for m in dealt.mines]
        return state

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"board": state["board"], "mines": state["mines"]}

    def goal(self, state: dict[str, Any]) -> str:
        return ("Goal: reveal every hidden cell that holds no mine, one cell per turn, without "
                "ever revealing a mine. Flagged cells hold mines and cannot be revealed.")

    def parse(self, action: str, state: dict[str, Any]) -> tuple[int, int]:
        size = len(state["board"])
        return cell(action, size, size)

    def apply(self, state: dict[str, Any], action: tuple[int, int]) -> Outcome:
        board, mines = state["board"], {tuple(m) for m in state["hidden_mines"]}
        r, c = action
        if board[r][c] == FLAG:
            raise InvalidAction(f"{fmt(action)} is flagged: it holds a mine.")
        if board[r][c] != HIDDEN:
            raise InvalidAction(f"{fmt(action)} is already revealed.")
        if action in mines:
            return Outcome(state, f"{fmt(action)} holds a mine.", lost=True)
        before = rules.revealed_total(board)
        rules.flood_reveal(action, mines, len(board), board)
        opened = rules.revealed_total(board) - before
        won = not rules.clearing_clicks(board, mines)
        shown = "a 0, so its neighbours open too" if board[r][c] == "0" else board[r][c]
        message = f"{fmt(action)} is safe and shows {shown}; {opened} cell" \
            f"{'s' if opened != 1 else ''} revealed."
        return Outcome(state, message + (" Every safe cell is revealed." if won else ""), won=won)

    def _clicks(self, state: dict[str, Any]) -> list[tuple[int, int]]:
        return rules.clearing_clicks(state["board"], {tuple(m) for m in state["hidden_mines"]})

    def optimal_steps(self, state: dict[str, Any]) -> int:
        return len(self._clicks(state))

    def policy(self, state: dict[str, Any]) -> str:
        return fmt(self._clicks(state)[0])

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        size = len(state["board"])
        return f"reveal ({rng.randrange(size + 1)}, {rng.randrange(size)})"
