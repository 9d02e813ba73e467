"""Rhythm game question types (GameQA rhythm game ids 1-7).

Every task can ask about a board another task drew: the cell, the snake, the column are the
question's own choices, and the best-column questions take a board when its best columns hold
the item's balanced column.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from ...core import (
    Draw,
    OpenForm,
    ParamError,
    Question,
    Retry,
    Task,
    Unaskable,
    choice_question,
)
from ...core.answers import canonical_number, hedged
from ...core.options import integer_run_options
from ...core.text import plural
from . import rules
from .rules import BODY, CLICK, EMPTY, HEAD, KINDS, REVERSE, SNAKE_LENGTHS, TAIL, Board

KIND_NAMES = {EMPTY: "Empty", CLICK: "Click", REVERSE: "Reverse", HEAD: "Snake head",
              BODY: "Snake body", TAIL: "Snake tail"}
DELAY_RULE = ("In this question each reverse takes 1 second, during which nothing can be "
              "taken: the row right after a reverse passes the finger untaken (and the walk "
              "goes on two rows above the reverse, in the mirrored column).")
SCORE_OPTIONS = 8


def fmt(row: int, col: int) -> str:
    return f"({row}, {col})"


def new_state(draw: Draw) -> dict[str, Any]:
    rows, cols = draw.params["rows"], draw.params["cols"]
    low, high = draw.params["min_fill"], draw.params["max_fill"]
    if low > high:
        raise ParamError(f"rhythm_game.min_fill ({low}) must not exceed "
                         f"rhythm_game.max_fill ({high})")
    cells = rows * cols
    total = draw.rng.randint(max(3, cells * low // 100), max(3, cells * high // 100))
    board = rules.random_board(draw.rng, rows, cols, total)
    if board is None:
        raise Retry
    return claimed(draw, board)


def claimed(draw: Draw, board: Board) -> dict[str, Any]:
    state = {"rows": len(board), "cols": len(board[0]), "grid": board}
    draw.claim(state)
    return state


# --------------------------------------------------------------------------- block type

OPEN_KINDS = {"empty": EMPTY, "click": CLICK, "reverse": REVERSE, "head": HEAD, "body": BODY,
              "tail": TAIL}
# Whole answers that mean an empty cell; inside a longer answer ("none of these") they do not.
EMPTY_ANSWERS = {"none", "nothing", "no block"}
_WORD = re.compile(r"[a-z]+")


class BlockType(Task):
    name = "block_type"
    description = "Kind of block at a given cell"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A cell of the balanced kind (the kinds keep one fixed order as options)."""
        want = draw.target(KINDS)
        board = state["grid"]
        cells = [(r, c) for r, line in enumerate(board, 1) for c, k in enumerate(line, 1)
                 if k == want]
        if not cells:
            raise Unaskable  # the item's kind is fixed by its schedule: no retry can help
        row, col = draw.rng.choice(cells)
        kind = rules.cell(board, row, col)
        analysis = f"Row {row} counted from the bottom, column {col} from the left: "
        if kind in (HEAD, BODY, TAIL):
            analysis += self._snake_part(board, row, col)
        else:
            analysis += {EMPTY: "the cell is empty.", CLICK: "a click block.",
                         REVERSE: "a reverse block."}[kind]
        text = f"What kind of block is at {fmt(row, col)}?"
        hint = ("Answer with one of: empty, click, reverse, snake head, snake body, "
                "snake tail.")
        return choice_question(state, text, [KIND_NAMES[k] for k in KINDS], KINDS.index(kind),
                               analysis, {"cell": [row, col]},
                               open=OpenForm(KIND_NAMES[kind].lower(), hint=hint))

    @staticmethod
    def _snake_part(board: Board, row: int, col: int) -> str:
        head = row
        while rules.cell(board, head, col) != HEAD:
            head -= 1
        length = rules.snake_length_from(board, head, col)
        tail = head + length - 1
        part = {HEAD: "its head (lowest cell)", TAIL: "its tail (top cell)",
                BODY: "a body cell between head and tail"}[rules.cell(board, row, col)]
        return (f"it belongs to the snake in column {col} from row {head} to row {tail}, and "
                f"is {part}.")

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """Right when the answer names one kind ('snake' alone names none) and it is the cell's."""
        words = _WORD.findall(str(answer).casefold())
        if hedged(str(answer), EMPTY_ANSWERS):
            return 0.0
        named = {EMPTY} if " ".join(words) in EMPTY_ANSWERS else \
            {OPEN_KINDS[w] for w in words if w in OPEN_KINDS}
        if "cell" not in meta:
            return None
        row, col = meta["cell"]
        return float(named == {rules.cell(state["grid"], row, col)})


# ----------------------------------------------------------------------------- occupancy

class Occupancy(Task):
    name = "occupancy"
    description = "Share of the board's cells holding a block, to 3 decimals"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "number"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        board, rows, cols = state["grid"], state["rows"], state["cols"]
        lines = ["Count the occupied cells row by row (every cell of a snake counts):"]
        for r in range(rows, 0, -1):
            n = sum(k != EMPTY for k in board[r - 1])
            lines.append(f"Row {r}: {n}")
        occ = rules.occupied(board)
        total = rows * cols
        lines.append(f"Occupied cells: {occ} of {rows} x {cols} = {total}; {occ}/{total} = "
                     f"{occ / total:.5f}, which is {occ / total:.3f} to 3 decimals.")
        text = ("What fraction of the board's cells hold a block (every cell of a snake "
                "counts)? Give it as a decimal rounded to 3 decimal places.")
        answer = canonical_number(f"{occ / total:.3f}")
        assert answer is not None
        return Question(state, text, answer, "\n".join(lines),
                        meta={"occupied": occ, "cells": total})

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """Right within half a unit of the third decimal of the exact share (the exact
        fraction itself is right too)."""
        value = canonical_number(str(answer))
        if value is None:
            return 0.0
        exact = Fraction(meta["occupied"], meta["cells"])
        got = Fraction(value)
        return float(abs(got - exact) <= Fraction(1, 2000))


# ----------------------------------------------------------------------- snake after fall

class SnakeAfterFall(Task):
    name = "snake_after_fall"
    description = "Length of the snake whose head will be at a cell after k seconds"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A snake of the balanced length with its head above row 1."""
        want = draw.target(SNAKE_LENGTHS)
        found = [s for s in rules.snakes(state["grid"]) if s[2] == want and s[0] > 1]
        if not found:
            raise Unaskable
        row, col, length = draw.rng.choice(found)
        k = draw.rng.randint(1, row - 1)
        now = rules.cell(state["grid"], row - k, col)
        holds = ("is empty" if now == EMPTY else
                 f"holds a {KIND_NAMES[now].lower()} cell" if now in (HEAD, BODY, TAIL) else
                 f"holds a {KIND_NAMES[now].lower()} block")
        analysis = (f"Blocks fall one row per second, so a head that is at {fmt(row - k, col)} "
                    f"after {plural(k, 'second')} is {plural(k, 'row')} higher now, at "
                    f"{fmt(row, col)}. (Right now {fmt(row - k, col)} itself {holds}.) The "
                    f"snake with its head at {fmt(row, col)} runs up to its tail at "
                    f"{fmt(row + length - 1, col)}: {length} cells. Falling does not change it, "
                    f"so its length is {length}.")
        text = (f"If nothing is clicked, after {plural(k, 'second')} a snake's head is at "
                f"{fmt(row - k, col)}. How many cells long is that snake?")
        options = [str(n) for n in SNAKE_LENGTHS]
        return choice_question(state, text, options, SNAKE_LENGTHS.index(length), analysis,
                               {"head": [row, col], "seconds": k},
                               open=OpenForm(str(length)))


# --------------------------------------------------------------------------- column score

def walk_lines(board: Board, walk: rules.Walk) -> list[str]:
    """Every block the finger meets on its walk, with the running total."""
    cols = len(board[0])
    lines = [f"Column {walk.column}: start at row 1 in column {walk.column}."]
    total = 0
    for e in walk.events:
        total += e.points
        where = f"At {fmt(e.row, e.col)}"
        if e.kind == CLICK:
            lines.append(f"{where} a click: +10 (total {total}).")
        elif e.kind == REVERSE:
            skipped = (f"; row {e.row + 1} passes untaken during the reverse"
                       if walk.delay else "")
            lines.append(f"{where} a reverse: +15 (total {total}); the board mirrors, so the "
                         f"finger now reads column {rules.mirror(e.col, cols)}{skipped}.")
        elif e.kind == HEAD:
            lines.append(f"{where} a snake head, length {e.length}: {e.length} x "
                         f"(2 x {e.length} + 7) = {e.points} (total {total}); go on at row "
                         f"{e.next_row}.")
        elif e.kind == BODY:
            lines.append(f"{where} the body of a snake whose head was not taken: nothing; the "
                         f"finger is held until its tail at row {e.next_row - 1} passes.")
        else:
            lines.append(f"{where} the tail of a snake whose head was not taken: nothing.")
    lines.append(f"The walk leaves the board; column {walk.column} scores {walk.score}.")
    return lines


class ColumnScore(Task):
    name = "column_score"
    description = "Score of playing one column"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"
    delay = 0

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        board = state["grid"]
        column = draw.rng.randint(1, state["cols"])
        walk = rules.play(board, column, self.delay)
        options, index = integer_run_options(draw, walk.score, 0, 10_000, SCORE_OPTIONS)
        text = (f"{DELAY_RULE} " if self.delay else "") + (
            f"The player puts the finger on column {column}. What is the final score?")
        return choice_question(state, text, options, index, "\n".join(walk_lines(board, walk)),
                               {"column": column}, open=OpenForm(str(walk.score)))


class ColumnScoreDelayed(ColumnScore):
    name = "column_score_delayed"
    description = "Score of playing one column when each reverse costs a second"
    delay = 1


# ---------------------------------------------------------------------------- best column

_INT = re.compile(r"\d+")
ASK_MIN_COLUMNS = 5


class BestColumns(Task):
    name = "best_columns"
    description = "Every column with the highest score"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "multi_choice"
    open_type = "sequence"
    delay = 0

    def build(self, draw: Draw) -> Question:
        """A board whose columns are moved (keeping the mirror pairs) so that a best column
        lands on the balanced column."""
        cols = draw.params["cols"]
        want = draw.target(range(1, cols + 1), name="column")
        state = new_state(draw)
        board = state["grid"]
        best = rules.best_columns(board, self.delay)
        moves = [p for p in rules.symmetries(cols) if any(p[b - 1] == want for b in best)]
        if not moves:
            raise Retry  # the middle column of an odd board maps only to itself
        board = rules.permute(board, draw.rng.choice(moves))
        return self._question(claimed(draw, board))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """Only when the board's best columns hold the item's balanced column, and only on
        boards of ASK_MIN_COLUMNS columns or more: which boards pass is chance, and with four
        columns (a quarter each) those swings alone would push one column past the audit's
        25% ceiling; there the question only leads, exactly balanced."""
        if state["cols"] < ASK_MIN_COLUMNS:
            raise Unaskable
        want = draw.target(range(1, state["cols"] + 1), name="column")
        if want not in rules.best_columns(state["grid"], self.delay):
            raise Unaskable
        return self._question(state)

    def _question(self, state: dict[str, Any]) -> Question:
        board, cols = state["grid"], state["cols"]
        walks = [rules.play(board, c, self.delay) for c in range(1, cols + 1)]
        lines = []
        for walk in walks:
            lines += walk_lines(board, walk)
        top = max(w.score for w in walks)
        best = [w.column for w in walks if w.score == top]
        lines.append("Scores: " + ", ".join(f"column {w.column}: {w.score}" for w in walks)
                     + f". The highest is {top}, reached by column"
                     + ("s " if len(best) > 1 else " ") + ", ".join(map(str, best)) + ".")
        text = (f"{DELAY_RULE} " if self.delay else "") + (
            "Which column or columns give the highest final score? Choose every column that "
            "ties for the highest.")
        open_text = (f"{DELAY_RULE} " if self.delay else "") + (
            "Which column or columns give the highest final score? Name every column that ties "
            "for the highest.")
        options = [f"Column {c}" for c in range(1, cols + 1)]
        answer = "".join(chr(64 + c) for c in best)
        hint = "Answer with the column numbers, separated by commas, e.g. 2, 5."
        return Question(state, text, answer, "\n".join(lines), options, {"best": best},
                        open=OpenForm(", ".join(map(str, best)), text=open_text, hint=hint,
                                      meta={"ties": len(best)}))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """Right when the numbers named are exactly the best columns, in any order."""
        if hedged(str(answer)):
            return 0.0
        named = [int(v) for v in _INT.findall(str(answer))]
        if not named or len(named) != len(set(named)):
            return 0.0
        return float(set(named) == set(rules.best_columns(state["grid"], self.delay)))

    def partial_credit(self, state: dict[str, Any], meta: dict[str, Any],
                       answer: str) -> float | None:
        """Best columns named over the larger of the best set and the answer, so a wrong
        column costs as much as a missing one and naming every column earns little.

        Open form only (its meta counts the ties): a choice answer is letters.
        """
        if "ties" not in meta:
            return None
        named = [int(v) for v in _INT.findall(str(answer))]
        if not named or len(named) != len(set(named)):
            return 0.0
        best = set(rules.best_columns(state["grid"], self.delay))
        return len(best & set(named)) / max(len(best), len(named))


class BestColumnsDelayed(BestColumns):
    name = "best_columns_delayed"
    description = "Every column with the highest score when each reverse costs a second"
    delay = 1


TASKS = [BlockType(), Occupancy(), SnakeAfterFall(), ColumnScore(), ColumnScoreDelayed(),
         BestColumns(), BestColumnsDelayed()]
