"""Colour Sudoku question types."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, TypeVar

from ...core import Draw, Question, Retry, Task, choice_question
from ...core.text import fmt_cell, plural
from . import rules
from .rules import BOX, EMPTY, Board, Cell, Constraints

T = TypeVar("T")

LEVEL_SHAPES: dict[str, tuple[int, tuple[float, ...]]] = {
    "easy": (4, (0.4, 0.5)),
    "medium": (9, (0.1,)),
    "hard": (9, (0.2, 0.3)),
}


def puzzle_for_level(rng: random.Random, level: str) -> dict[str, Any]:
    """A uniquely solvable puzzle with exactly the level's share of empty cells."""
    size, ratios = LEVEL_SHAPES[level]
    blanks = rules.target_blanks(size, rng.choice(ratios))
    board = rules.make_puzzle(rng, rules.random_solution(rng, size), blanks)
    if len(rules.empties(board)) != blanks:
        raise Retry
    return {"size": size, "board": board, "colors": rules.colors_for(size)}


def fmt(cell: Cell) -> str:
    """A 0-based internal cell written 1-based, as on the image."""
    return fmt_cell(cell, base=1)


def names(state: dict[str, Any], values: list[int]) -> str:
    return ", ".join(state["colors"][v - 1] for v in values) if values else "no colours"


def box_name(size: int, cell: Cell) -> str:
    b = BOX[size]
    r0, c0 = cell[0] // b * b + 1, cell[1] // b * b + 1
    return f"the box of rows {r0}-{r0 + b - 1} and columns {c0}-{c0 + b - 1}"


def constraint_lines(state: dict[str, Any], cell: Cell, why: Constraints) -> list[str]:
    """The colours the cell's row, column and box hold, then what is left for the cell."""
    used = sorted(set(why.row) | set(why.col) | set(why.box))
    return [
        f"Row {cell[0] + 1} holds {names(state, why.row)}.",
        f"Column {cell[1] + 1} holds {names(state, why.col)}.",
        f"{box_name(state['size'], cell).capitalize()} holds {names(state, why.box)}.",
        f"Together they use {plural(len(used), 'colour')}: {names(state, used)}. Left for "
        f"{fmt(cell)}: {names(state, why.candidates)}.",
    ]


def pick_balanced(rng: random.Random, items: list[T], key: Callable[[T], int]) -> T:
    """An item whose key (the answer it leads to) is drawn uniformly among the keys on offer.

    Most empty cells of a nearly full grid have one candidate and most colours appear nearly
    everywhere; drawing the answer value first keeps the answers from piling up on one number.
    """
    groups: dict[int, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return rng.choice(groups[rng.choice(sorted(groups))])


def filled_cells(board: Board) -> list[Cell]:
    return [(r, c) for r, row in enumerate(board) for c, v in enumerate(row) if v != EMPTY]


class CellColor(Task):
    name = "cell_color"
    description = "Colour of a given pre-filled cell"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        state = puzzle_for_level(rng, plot_level)
        cell = rng.choice(filled_cells(state["board"]))
        row = state["board"][cell[0]]
        value = row[cell[1]]
        reading = ", ".join("empty" if v == EMPTY else state["colors"][v - 1] for v in row)
        analysis = (f"Row {cell[0] + 1} reads, from column 1 to column {state['size']}: "
                    f"{reading}.\nThe cell in column {cell[1] + 1} is "
                    f"{state['colors'][value - 1]}.")
        text = f"What is the colour of the cell at {fmt(cell)}?"
        return choice_question(state, text, state["colors"], value - 1, analysis,
                               {"cell": [cell[0] + 1, cell[1] + 1]})


class ColorCount(Task):
    name = "color_count"
    description = "How many cells hold a given colour"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        state = puzzle_for_level(rng, plot_level)
        flat = [v for row in state["board"] for v in row]
        value = pick_balanced(rng, list(range(1, state["size"] + 1)), flat.count)
        color = state["colors"][value - 1]
        steps, total = [], 0
        for r, row in enumerate(state["board"]):
            hits = [(r, c) for c, v in enumerate(row) if v == value]
            total += len(hits)
            steps.append(f"Row {r + 1}: " + (", ".join(fmt(h) for h in hits) if hits else "none")
                         + ".")
        steps.append(f"In total {color} appears in {plural(total, 'cell')}.")
        text = (f"How many cells of the grid are coloured {color}? Count only filled cells; "
                "white cells are empty.")
        return Question(state, text, str(total), "\n".join(steps), meta={"color": color})


class CandidateCount(Task):
    name = "candidate_count"
    description = "How many colours an empty cell can take given its row, column and box"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        state = puzzle_for_level(rng, plot_level)
        board = state["board"]
        cell = pick_balanced(rng, rules.empties(board),
                             lambda c: len(rules.constraints(board, c).candidates))
        why = rules.constraints(board, cell)
        steps = constraint_lines(state, cell, why)
        steps.append(f"That leaves {plural(len(why.candidates), 'candidate colour')} for "
                     f"{fmt(cell)}.")
        text = (f"Looking only at the colours already placed in its row, its column and its box, "
                f"how many different colours could legally be placed in the empty cell "
                f"{fmt(cell)}? (A colour is possible when it does not yet appear in any of the "
                "three.)")
        return Question(state, text, str(len(why.candidates)), "\n".join(steps),
                        meta={"cell": [cell[0] + 1, cell[1] + 1]})


class LinesWithEmpties(Task):
    name = "lines_with_empties"
    description = "How many rows or columns have more than N empty cells"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        state = puzzle_for_level(rng, plot_level)
        axis = rng.choice(("row", "column"))
        threshold = rng.choice((1, 2))
        board, size = state["board"], state["size"]
        steps, hits = [], []
        for i in range(size):
            line = board[i] if axis == "row" else [board[r][i] for r in range(size)]
            where = [j + 1 for j, v in enumerate(line) if v == EMPTY]
            other = "column" if axis == "row" else "row"
            other += "s" if len(where) > 1 else ""
            detail = (f"empty at {other} {', '.join(map(str, where))} "
                      f"({len(where)} empty)") if where else "no empty cell (0 empty)"
            steps.append(f"{axis.capitalize()} {i + 1}: {detail}.")
            if len(where) > threshold:
                hits.append(i + 1)
        listed = ", ".join(map(str, hits)) if hits else "none"
        steps.append(f"{axis.capitalize()}s with more than {plural(threshold, 'empty cell')}: "
                     f"{listed}; that is {len(hits)}.")
        text = f"How many {axis}s contain more than {plural(threshold, 'empty (white) cell')}?"
        return Question(state, text, str(len(hits)), "\n".join(steps),
                        meta={"axis": axis, "threshold": threshold})


class NakedSingleChain(Task):
    name = "naked_single_chain"
    description = "Colour of the third cell filled by a chain of naked singles"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        state = puzzle_for_level(rng, plot_level)
        chain = rules.naked_single_chain(state["board"], 3)
        if chain is None:
            raise Retry
        p1, p2, p3 = (fmt(step.cell) for step in chain)
        steps = []
        for k, step in enumerate(chain, start=1):
            steps.append(f"Step {k}: P{k} = {fmt(step.cell)}.")
            earlier = [f"P{j}" for j, prev in enumerate(chain[:k - 1], start=1)
                       if _peers(state["size"], prev.cell, step.cell)]
            if earlier:
                verb = "shares" if len(earlier) == 1 else "share"
                steps.append(f"({' and '.join(earlier)}, already filled, {verb} a row, column "
                             f"or box with P{k}, so {'its' if verb == 'shares' else 'their'} "
                             "colour counts below.)")
            steps.extend(constraint_lines(state, step.cell, step.why))
            steps.append(f"Exactly one colour is left, so P{k} is "
                         f"{state['colors'][step.value - 1]}.")
        text = (
            "A naked single is an empty cell whose row, column and box together already hold "
            "every colour but one, so that colour is forced there. Fill the grid step by step: "
            "at each step take the first naked single in row-major order (row 1 from left to "
            "right, then row 2, and so on) and place its forced colour. The first two cells "
            f"filled this way are P1 = {p1} and then P2 = {p2}. With both filled, the next "
            f"naked single is P3 = {p3}. What colour goes in P3?"
        )
        meta = {"chain": [[s.cell[0] + 1, s.cell[1] + 1] for s in chain]}
        return choice_question(state, text, state["colors"], chain[-1].value - 1,
                               "\n".join(steps), meta)


def _peers(size: int, a: Cell, b: Cell) -> bool:
    return a[0] == b[0] or a[1] == b[1] or rules.box_of(size, a) == rules.box_of(size, b)


TASKS = [CellColor(), ColorCount(), CandidateCount(), LinesWithEmpties(), NakedSingleChain()]
