"""Game of Life as a prediction game: predict the next board, then the next, `steps` times.

Each turn the player writes the whole board after one iteration; it is scored by cells and
the board then advances to the true next board (`rules.step`), so one mistake does not spoil
the later predictions. Reward, shaped: each prediction earns (cells right / cells) / steps, so
an episode of exact predictions earns 1 in all (there is no separate win reward). The episode
is won when every prediction was exact and otherwise just over after `steps` predictions.
"""

from __future__ import annotations

import random
from typing import Any

from ...core.task import Draw
from ...env import GameEnv, Outcome
from ...env.actions import bit_grid
from . import rules, tasks

SYMBOLS = {"1": 1, "0": 0}


class LifeGameEnv(GameEnv):
    """One predicted board per turn, `steps` turns (the game's `steps` parameter)."""

    name = "lifegame"
    action_hint = ("the whole next board as rows of 1 (alive) and 0 (dead), one row per line "
                   "or rows separated by /, without row or column numbers, e.g. "
                   "<answer>010/011/000</answer> on a 3x3 board")
    win_reward = 0.0

    def start(self, rng: random.Random) -> dict[str, Any]:
        n, counts = tasks.board_params(self.params)
        grid = tasks.random_board(Draw(rng, self.level, self.params), n, counts)
        return {"grid": grid, "predictions": self.params["steps"], "made": 0, "exact": 0}

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return {"grid": state["grid"]}

    def goal(self, state: dict[str, Any]) -> str:
        total, made = state["predictions"], state["made"]
        return (f"Goal: predict the board after one iteration. After each prediction the board "
                f"advances to the true next board. {total} predictions in all ({made} made); "
                f"each earns its share of correctly predicted cells, divided by {total}.")

    def parse(self, action: str, state: dict[str, Any]) -> list[list[int]]:
        n = len(state["grid"])
        return bit_grid(action, n, n, SYMBOLS)

    def apply(self, state: dict[str, Any], action: list[list[int]]) -> Outcome:
        truth = rules.step(state["grid"])
        n = len(truth)
        right = sum(a == b for row, true_row in zip(action, truth, strict=True)
                    for a, b in zip(row, true_row, strict=True))
        wrong = [(r, c) for r in range(n) for c in range(n) if action[r][c] != truth[r][c]]
        state["grid"], state["made"] = truth, state["made"] + 1
        state["exact"] += not wrong
        if wrong:
            shown = ", ".join(f"({r}, {c})" for r, c in wrong[:8]) + \
                (" ..." if len(wrong) > 8 else "")
            message = (f"{right} of {n * n} cells right; wrong at {shown}. The board now shows "
                       "the true next board.")
        else:
            message = f"All {n * n} cells right. The board now shows the next board."
        done = state["made"] == state["predictions"]
        won = done and state["exact"] == state["made"]
        return Outcome(state, message, won=won, over=done and not won,
                       reward=right / (n * n) / state["predictions"])

    def optimal_steps(self, state: dict[str, Any]) -> int:
        return state["predictions"] - state["made"]

    def policy(self, state: dict[str, Any]) -> str:
        return "/".join("".join(map(str, row)) for row in rules.step(state["grid"]))

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        n = len(state["grid"]) + (rng.random() < 0.2)
        return "/".join("".join(rng.choice("01") for _ in range(n)) for _ in range(n))
