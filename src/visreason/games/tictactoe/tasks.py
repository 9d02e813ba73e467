"""Tic-tac-toe question types."""

from __future__ import annotations

import random
from typing import Any

from ...core import Draw, Question, Retry, Task, choice_question
from ...core.text import fmt_cell as fmt
from . import rules
from .rules import CELLS, EMPTY, LEVEL_OF_RULE, O, X, decide, other, to_move

STRATEGY = (
    "The current player follows this strategy, taking the first rule that applies, and within "
    "a rule the first qualifying cell in row-major order (row 0 left to right, then row 1, then "
    "row 2):\n"
    "1. Win: take a cell that completes a line of your own pieces.\n"
    "2. Block: take a cell where the opponent would complete a line on their next move.\n"
    "3. Fork: take a cell that lies on two lines which each hold exactly one of your pieces and "
    "none of the opponent's.\n"
    "4. Block a fork: take a cell that would be such a fork cell for the opponent.\n"
    "5. Otherwise take the first empty cell."
)


def board_for_level(rng: random.Random, level: str) -> list[list[str]]:
    """A random reachable board whose strategy decision falls in `level`'s rule group."""
    board = rules.random_board(rng)
    if LEVEL_OF_RULE[decide(board, to_move(board)).rule] != level:
        raise Retry
    return board


def state_of(board: list[list[str]]) -> dict[str, Any]:
    return {"board": [row[:] for row in board]}


def _count_line(board: list[list[str]]) -> tuple[str, str]:
    n_o, n_x = rules.counts(board)
    player = to_move(board)
    reason = "the counts are equal" if n_o == n_x else "O has one more piece"
    return player, f"O has {n_o} piece(s) and X has {n_x}; {reason}, so {player} is to move."


class BlockColor(Task):
    name = "block_color"
    description = "Colour of the block at a given cell"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"

    OPTIONS = ("red", "blue", "white")

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        board = board_for_level(rng, plot_level)
        r, c = rng.choice(CELLS)
        value = board[r][c]
        color = {O: "red", X: "blue", EMPTY: "white"}[value]
        meaning = {O: "a piece of player O", X: "a piece of player X", EMPTY: "an empty cell"}
        analysis = f"The cell at row {r}, column {c} holds {meaning[value]}, drawn in {color}."
        return choice_question(
            state_of(board), f"What is the colour of the block at {fmt((r, c))}?",
            self.OPTIONS, self.OPTIONS.index(color), analysis,
        )


MOVE_OPTIONS = ["None (the game is already over)"] + [fmt(cell) for cell in CELLS]


def _decision_analysis(board: list[list[str]], player: str) -> str:
    steps = []
    decision = decide(board, player)
    if decision.rule == 0:
        return decision.reason[0].upper() + decision.reason[1:] + "."
    wins = rules.winning_cells(board, player)
    steps.append(f"Rule 1 (win): {player} can complete a line at "
                 f"{', '.join(fmt(c) for c, _ in wins)}." if wins else
                 f"Rule 1 (win): no empty cell completes a line for {player}.")
    if decision.rule >= 2:
        threats = rules.winning_cells(board, other(player))
        steps.append(f"Rule 2 (block): {other(player)} could complete a line at "
                     f"{', '.join(fmt(c) for c, _ in threats)}." if threats else
                     f"Rule 2 (block): {other(player)} has no line it could complete next move.")
    if decision.rule >= 3:
        forks = rules.fork_cells(board, player)
        steps.append(f"Rule 3 (fork): fork cells for {player}: "
                     f"{', '.join(fmt(c) for c, _ in forks)}." if forks else
                     f"Rule 3 (fork): no cell gives {player} two open lines at once.")
    if decision.rule >= 4:
        rival = rules.fork_cells(board, other(player))
        steps.append(f"Rule 4 (block a fork): fork cells for {other(player)}: "
                     f"{', '.join(fmt(c) for c, _ in rival)}." if rival else
                     f"Rule 4 (block a fork): {other(player)} has no fork cell.")
    steps.append("Decision: " + decision.reason + ".")
    return "\n".join(steps)


class BestMove(Task):
    name = "best_move"
    description = "The current player's move under the stated strategy"
    qa_type = "strategy_optimization"
    qa_level = "medium"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        board = board_for_level(rng, plot_level)
        player, count_line = _count_line(board)
        decision = decide(board, player)
        correct = 0 if decision.move is None else 1 + CELLS.index(decision.move)
        analysis = count_line + "\n" + _decision_analysis(board, player)
        text = (STRATEGY + "\n\nWhich cell does the current player take next? Choose None if the "
                "game is already over.")
        return choice_question(state_of(board), text, MOVE_OPTIONS, correct, analysis)


class MoveOutcome(Task):
    name = "move_outcome"
    description = "Outcome of a proposed move: illegal, winning, drawn, or the opponent's reply"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"

    FIXED = ("The move is illegal (the cell is taken or the game is already over)",
             "The move wins the game at once",
             "The move fills the board without a winner: the game is a draw")
    REPLIES = tuple(f"The opponent replies at {fmt(cell)}" for cell in CELLS)

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        board = board_for_level(rng, plot_level)
        player, count_line = _count_line(board)
        free = rules.empties(board)
        cell = rng.choice(free) if free and not rules.is_over(board) and rng.random() < 0.85 \
            else rng.choice(CELLS)
        steps = [count_line]
        if rules.is_over(board) or board[cell[0]][cell[1]] != EMPTY:
            why = "the game is already over" if rules.is_over(board) else \
                f"{fmt(cell)} is already taken"
            steps.append(f"Moving to {fmt(cell)} is illegal: {why}.")
            correct = 0
        else:
            after = [row[:] for row in board]
            after[cell[0]][cell[1]] = player
            if rules.winner(after) == player:
                steps.append(f"{player} at {fmt(cell)} completes a line and wins at once.")
                correct = 1
            elif not rules.empties(after):
                steps.append(f"{player} at {fmt(cell)} fills the last cell with no line, a draw.")
                correct = 2
            else:
                reply = decide(after, other(player))
                steps.append(f"After {player} plays {fmt(cell)} it is {other(player)}'s turn; "
                             "apply the strategy for " + other(player) + ".")
                steps.append(_decision_analysis(after, other(player)))
                correct = 3 + CELLS.index(reply.move)
        everything = [*self.FIXED, *self.REPLIES]
        others = [i for i in range(len(everything)) if i != correct]
        chosen = sorted([correct, *rng.sample(others, 7)])
        options = [everything[i] for i in chosen]
        text = (STRATEGY + f"\n\nSuppose the current player places a piece at {fmt(cell)}. Is "
                "the move legal? If it is, does it win at once or end the game in a draw? If "
                "neither, where does the opponent reply, following the same strategy?")
        return choice_question(state_of(board), text, options, chosen.index(correct),
                               "\n".join(steps), {"cell": list(cell)})


TASKS = [BlockColor(), BestMove(), MoveOutcome()]
