"""Tents question types (GameQA tents ids 0, 3, 4, 5, 6, 8, 9).

Every state is a puzzle whose whole solution is unique (proven by the solver from the trees
and the counts alone), shown with all but a few of its tents placed. A state is laid out
first (cheap), the question's answer is checked against the balanced target, and only then
is the state claimed for its split and proven unique. Count answers land on values measured
once per setting (`value_shares`), so they come out even without long rejection runs.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, ParamError, Question, Retry, Task, Unaskable, choice_question
from ...core.answers import canonical_coordinate
from ...core.options import cluster_cells
from ...core.seeds import derive_seed
from ...core.text import fmt_cell as fmt
from ...core.text import fmt_cells, plural
from . import rules
from .rules import Cell, Puzzle

# GameQA ids: 0 row_tent_count, 3 column_missing_tents, 4 total_missing_tents,
# 5 tree_adjacent_cells, 6 valid_new_tent_count, 8 tree_position, 9 new_tent_position.
CHOICES = 8
CALIBRATION_LAYOUTS = 300
# A count is a target when it is at least this share of the most common count: rarer
# counts would cost long runs of rejected layouts.
SCHEDULE_FLOOR = 0.3
CELL_HINT = "Answer with the cell as (row, col), e.g. (2, 3)."
REASONS = {
    rules.TREE: "it is a tree",
    rules.TENT: "it already holds a tent",
    rules.NO_TREE: "no tree stands directly above, below, left or right of it",
}
CHECKS_TEXT = (
    "A cell can take a new tent now when it passes every check: it is not a tree; it holds "
    "no tent; a tree stands orthogonally next to it; none of its 8 neighbours (diagonals "
    "included) holds a tent; its row holds fewer tents than its row count; and its column "
    "holds fewer tents than its column count. The new tent need not belong to the solution."
)


# ----------------------------------------------------------------------------- states

def tree_count(params: dict[str, Any]) -> int:
    return max(2, round(params["size"] ** 2 * params["tree_share"] / 100))


def removed_range(params: dict[str, Any]) -> range:
    """How many of the solution's tents a state leaves out (clamped to the tree count)."""
    low, high = params["removed_min"], params["removed_max"]
    if low > high:
        raise ParamError(f"tents.removed_min must be at most tents.removed_max, got {low} > "
                         f"{high}")
    trees = tree_count(params)
    return range(min(low, trees), min(high, trees) + 1)


def lay_out(rng: random.Random, params: dict[str, Any], removed: int | None = None) -> Puzzle:
    """A random puzzle (not yet proven unique): tree-tent pairs, all but `removed` tents
    shown (a uniform count of the parameter range when None)."""
    size = params["size"]
    pairs = rules.random_pairs(rng, size, tree_count(params))
    if pairs is None:
        raise Retry
    tents = [tent for _, tent in pairs]
    k = rng.choice(removed_range(params)) if removed is None else removed
    hidden = set(rng.sample(tents, k))
    return rules.puzzle_from(size, [tree for tree, _ in pairs], tents,
                             [t for t in tents if t not in hidden])


def prove(draw: Draw, puzzle: Puzzle) -> frozenset[Cell]:
    """Claim the state for its split, then its unique solution (Retry when not unique)."""
    draw.claim(puzzle.to_state())
    solution = rules.unique_solution(replace(puzzle, tents=frozenset()))
    if solution is None or not puzzle.tents <= solution:
        raise Retry
    return solution


@lru_cache(maxsize=64)
def _asked(size: int, trees: tuple, tents: tuple, rows: tuple,
           cols: tuple) -> tuple[Puzzle, frozenset[Cell] | None]:
    puzzle = Puzzle(size, frozenset(map(tuple, trees)), frozenset(map(tuple, tents)), rows, cols)
    return puzzle, rules.unique_solution(replace(puzzle, tents=frozenset()))


def asked(draw: Draw, state: dict[str, Any]) -> tuple[Puzzle, frozenset[Cell]]:
    """The puzzle of a state another task drew, and its solution; Unaskable when the state
    is not of this setting (size) or not a unique puzzle."""
    if state.get("size") != draw.params["size"] or "trees" not in state:
        raise Unaskable
    puzzle, solution = _asked(
        state["size"], tuple(map(tuple, state["trees"])), tuple(map(tuple, state["tents"])),
        tuple(state["row_targets"]), tuple(state["col_targets"]))
    if solution is None or puzzle.missing not in removed_range(draw.params):
        raise Unaskable
    return puzzle, solution


def params_key(params: dict[str, Any]) -> tuple:
    return tuple(sorted(params.items()))


@lru_cache(maxsize=64)
def value_shares(name: str, key: tuple) -> dict[int, float]:
    """How often each count comes out on random layouts of this setting (measured once,
    from a fixed seed): per layout for whole-grid counts, per line for row/column counts."""
    params = dict(key)
    rng = random.Random(derive_seed("tents", name, key))
    seen: Counter[int] = Counter()
    for _ in range(CALIBRATION_LAYOUTS):
        try:
            seen.update(MEASURES[name](lay_out(rng, params)))
        except Retry:
            continue
    total = sum(seen.values())
    return {v: n / total for v, n in sorted(seen.items())}


def schedule(name: str, params: dict[str, Any]) -> list[int]:
    """The counts this task's answers are balanced over: the common ones."""
    shares = value_shares(name, params_key(params))
    top = max(shares.values())
    return [v for v, share in shares.items() if share >= SCHEDULE_FLOOR * top]


def keep_weight(name: str, params: dict[str, Any], value: int) -> float:
    """The share of asked items with this count that are kept, so kept counts come out near
    even (a count off the schedule is never kept)."""
    shares = value_shares(name, params_key(params))
    chosen = schedule(name, params)
    if value not in chosen:
        return 0.0
    return min(1.0, min(shares[v] for v in chosen) / shares[value])


def row_counts(p: Puzzle) -> list[int]:
    return [p.row_count(r) for r in range(p.size)]


def col_missing(p: Puzzle) -> list[int]:
    return [p.col_targets[c] - p.col_count(c) for c in range(p.size)]


MEASURES: dict[str, Callable[[Puzzle], list[int]]] = {
    "row": row_counts,
    "column": col_missing,
    "adjacent": lambda p: [len(rules.tree_neighbourhood(p))],
    "valid": lambda p: [len(rules.valid_new_cells(p))],
}


def whole_value(draw: Draw, name: str, build: bool, puzzle: Puzzle | None = None) -> Puzzle:
    """A puzzle whose whole-grid count `name` lands on the balanced target (build), or the
    asked puzzle kept with the weight that evens its count out (ask)."""
    if build:
        want = draw.target(schedule(name, draw.params))
        puzzle = lay_out(draw.rng, draw.params)
        if MEASURES[name](puzzle)[0] != want:
            raise Retry
        return puzzle
    assert puzzle is not None
    draw.keep(keep_weight(name, draw.params, MEASURES[name](puzzle)[0]))
    return puzzle


def line_with(draw: Draw, name: str, puzzle: Puzzle, want: int, build: bool) -> int:
    """A row or column whose count is `want`: Retry on a fresh layout, Unaskable when asked."""
    lines = [i for i, v in enumerate(MEASURES[name](puzzle)) if v == want]
    if not lines:
        raise Retry if build else Unaskable
    return draw.rng.choice(lines)


# ----------------------------------------------------------------------------- text helpers

def cell_word(p: Puzzle, cell: Cell) -> str:
    return "a tree" if cell in p.trees else "a tent" if cell in p.tents else "empty"


def line_reading(p: Puzzle, cells: list[Cell]) -> str:
    return ", ".join(f"{fmt(c)} {cell_word(p, c)}" for c in cells)


def reason(p: Puzzle, cell: Cell) -> str:
    """Why a new tent cannot go on `cell` now (its first failing check), or that it can."""
    why = rules.blocker(p, cell)
    if why is None:
        near = rules.tree_cells_next_to(p, cell)
        trees = ("the tree at " if len(near) == 1 else "the trees at ") + fmt_cells(near)
        r, c = cell
        return (f"passes every check: next to {trees}, no tent among its "
                f"neighbours, row {r} holds {p.row_count(r)} of {p.row_targets[r]} and column "
                f"{c} holds {p.col_count(c)} of {p.col_targets[c]}")
    if why in REASONS:
        return f"fails: {REASONS[why]}"
    if why == rules.TOUCHING:
        near = [n for n in rules.around(p.size, cell) if n in p.tents]
        word = "tent" if len(near) == 1 else "tents"
        return f"fails: it touches the {word} at {fmt_cells(near)}"
    line, i = ("row", cell[0]) if why == rules.ROW_FULL else ("column", cell[1])
    need = (p.row_targets if line == "row" else p.col_targets)[i]
    if need == 0:
        return f"fails: {line} {i} must hold no tent"
    return f"fails: {line} {i} already holds its {plural(need, 'tent')}"


def parse_cell(answer: str) -> Cell | None:
    text = canonical_coordinate(answer)
    if text is None:
        return None
    values = [int(v) for v in text.strip("()").split(", ")]
    return (values[0], values[1]) if len(values) == 2 else None


def deficits(p: Puzzle) -> list[str]:
    rows = [f"row {r}: {p.row_count(r)} of {t}" for r, t in enumerate(p.row_targets)]
    cols = [f"column {c}: {p.col_count(c)} of {t}" for c, t in enumerate(p.col_targets)]
    return ["Tents placed against each count: " + "; ".join(rows) + ".",
            "And per column: " + "; ".join(cols) + "."]


# ----------------------------------------------------------------------------- tasks

class RowTentCount(Task):
    name = "row_tent_count"
    description = "How many tents are placed in a row now"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        want = draw.target(schedule("row", draw.params))
        puzzle = lay_out(draw.rng, draw.params)
        row = line_with(draw, "row", puzzle, want, build=True)
        prove(draw, puzzle)
        return self._question(puzzle, row)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        puzzle, _ = asked(draw, state)
        want = draw.target(schedule("row", draw.params))
        return self._question(puzzle, line_with(draw, "row", puzzle, want, build=False))

    @staticmethod
    def _question(p: Puzzle, r: int) -> Question:
        cells = [(r, c) for c in range(p.size)]
        tents = [cell for cell in cells if cell in p.tents]
        found = (f"The tents in it are at {fmt_cells(tents)}: {plural(len(tents), 'tent')}."
                 if tents else "It holds no tent: 0 tents.")
        analysis = (f"Row {r} reads from column 0 to column {p.size - 1}: "
                    f"{line_reading(p, cells)}.\n{found}")
        text = (f"How many tents are placed in row {r} now (count the tents in the grid, not "
                "the row's required count)?")
        return Question(p.to_state(), text, str(len(tents)), analysis, None, {"row": r})


class ColumnMissingTents(Task):
    name = "column_missing_tents"
    description = "How many tents a column still lacks"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        want = draw.target(schedule("column", draw.params))
        puzzle = lay_out(draw.rng, draw.params)
        col = line_with(draw, "column", puzzle, want, build=True)
        prove(draw, puzzle)
        return self._question(puzzle, col)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        puzzle, _ = asked(draw, state)
        want = draw.target(schedule("column", draw.params))
        return self._question(puzzle, line_with(draw, "column", puzzle, want, build=False))

    @staticmethod
    def _question(p: Puzzle, c: int) -> Question:
        cells = [(r, c) for r in range(p.size)]
        tents = [cell for cell in cells if cell in p.tents]
        need = p.col_targets[c]
        missing = need - len(tents)
        found = (f"Its tents are at {fmt_cells(tents)}: {plural(len(tents), 'tent')} placed."
                 if tents else "It holds no tent yet: 0 placed.")
        analysis = (f"Column {c} must hold {plural(need, 'tent')}.\nColumn {c} reads from row 0 "
                    f"to row {p.size - 1}: {line_reading(p, cells)}.\n{found}\nMissing: "
                    f"{need} - {len(tents)} = {missing}.")
        text = (f"How many tents are still missing in column {c}, that is, its required count "
                "minus the tents placed in it now?")
        return Question(p.to_state(), text, str(missing), analysis, None, {"column": c})


class TotalMissingTents(Task):
    name = "total_missing_tents"
    description = "How many tents the whole grid still lacks"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        puzzle = lay_out(draw.rng, draw.params, removed=draw.target(removed_range(draw.params)))
        prove(draw, puzzle)
        return self._question(puzzle)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        # Every task draws the number of missing tents uniformly from the same range, so an
        # asked state's count is already balanced.
        return self._question(asked(draw, state)[0])

    @staticmethod
    def _question(p: Puzzle) -> Question:
        total = sum(p.col_targets)
        placed = sorted(p.tents)
        analysis = (f"The column counts are {' + '.join(map(str, p.col_targets))} = {total}, so "
                    f"the solution has {plural(total, 'tent')} (one per tree, and there are "
                    f"{plural(len(p.trees), 'tree')}).\nTents placed now: {fmt_cells(placed)}, "
                    f"that is {len(placed)}.\nMissing: {total} - {len(placed)} = {p.missing}.")
        text = "How many tents are still missing from the whole grid?"
        return Question(p.to_state(), text, str(p.missing), analysis)


class TreeAdjacentCells(Task):
    name = "tree_adjacent_cells"
    description = "How many cells are orthogonally next to a tree (where a tent could stand)"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        puzzle = whole_value(draw, "adjacent", build=True)
        prove(draw, puzzle)
        return self._question(puzzle)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(whole_value(draw, "adjacent", False, asked(draw, state)[0]))

    @staticmethod
    def _question(p: Puzzle) -> Question:
        lines = ["List each tree's orthogonal neighbours inside the grid that are not trees:"]
        for tree in sorted(p.trees):
            near = [n for n in rules.orthogonal(p.size, tree) if n not in p.trees]
            lines.append(f"Tree {fmt(tree)}: {fmt_cells(near)}.")
        cells = rules.tree_neighbourhood(p)
        lines.append(f"Without repeats, these are {fmt_cells(cells)}: "
                     f"{plural(len(cells), 'cell')}.")
        text = ("Use only the trees and the adjacency rule (a tent stands orthogonally next to "
                "a tree), ignoring the counts, the placed tents and the touching rule. How many "
                "cells could hold a tent, counting cells that already hold one? A cell counts "
                "once however many trees it touches.")
        return Question(p.to_state(), text, str(len(cells)), "\n".join(lines))


class ValidNewTentCount(Task):
    name = "valid_new_tent_count"
    description = "How many cells could take a new tent now without breaking a rule at once"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        puzzle = whole_value(draw, "valid", build=True)
        prove(draw, puzzle)
        return self._question(puzzle)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(whole_value(draw, "valid", False, asked(draw, state)[0]))

    @staticmethod
    def _question(p: Puzzle) -> Question:
        lines = deficits(p)
        lines.append("Only cells next to a tree can pass, so check each of them in turn:")
        for cell in rules.tree_neighbourhood(p):
            lines.append(f"{fmt(cell)} {reason(p, cell)}.")
        valid = rules.valid_new_cells(p)
        lines.append(f"The cells that pass are {fmt_cells(valid)}: {plural(len(valid), 'cell')}.")
        text = CHECKS_TEXT + " How many cells can take a new tent now?"
        return Question(p.to_state(), text, str(len(valid)), "\n".join(lines))


class TreePosition(Task):
    name = "tree_position"
    description = "Which listed cell holds a tree"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        puzzle = lay_out(draw.rng, draw.params)
        prove(draw, puzzle)
        return self._question(draw, puzzle)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, asked(draw, state)[0])

    @staticmethod
    def _question(draw: Draw, p: Puzzle) -> Question:
        tree = draw.rng.choice(sorted(p.trees))
        wrong = cluster_cells(draw.rng, tree, CHOICES,
                              lambda c: p.inside(c) and c not in p.trees, radius=2)
        options, index = draw.place(fmt(tree), [fmt(c) for c in wrong])
        cells = [parse_cell(o) for o in options]
        lines = [f"{fmt(c)} is {cell_word(p, c)}." for c in cells if c is not None]
        row = tree[0]
        trees_in_row = sorted(t for t in p.trees if t[0] == row)
        open_analysis = (f"Row {row} reads from column 0 to column {p.size - 1}: "
                         f"{line_reading(p, [(row, c) for c in range(p.size)])}.\nIts trees are "
                         f"at {fmt_cells(trees_in_row)}, so {fmt(tree)} holds a tree.")
        open_form = OpenForm(
            answer=fmt(tree), analysis=open_analysis, meta={"row": row}, hint=CELL_HINT,
            text=f"Give the coordinates of a cell in row {row} that holds a tree (any such "
                 "cell is accepted).")
        return choice_question(p.to_state(), "Which of these cells holds a tree?", options,
                               index, "\n".join(lines), open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 for any tree cell of the asked row."""
        cell = parse_cell(answer)
        if cell is None or "row" not in meta:
            return 0.0
        trees = {tuple(t) for t in state["trees"]}
        return 1.0 if cell in trees and cell[0] == meta["row"] else 0.0


class NewTentPosition(Task):
    name = "new_tent_position"
    description = "Which listed cell can take a new tent now"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        puzzle = lay_out(draw.rng, draw.params)
        return self._question(draw, puzzle, prove(draw, puzzle))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, *asked(draw, state))

    @staticmethod
    def _question(draw: Draw, p: Puzzle, solution: frozenset[Cell]) -> Question:
        answer = draw.rng.choice(sorted(solution - p.tents))
        wrong = cluster_cells(draw.rng, answer, CHOICES,
                              lambda c: p.inside(c) and rules.blocker(p, c) is not None,
                              radius=2)
        options, index = draw.place(fmt(answer), [fmt(c) for c in wrong])
        lines = [f"{o} {reason(p, cell)}." for o in options if (cell := parse_cell(o))]
        open_analysis = "\n".join([
            *deficits(p),
            f"Take {fmt(answer)}: it {reason(p, answer)}.",
            "(It is also one of the solution's tents that are not placed yet.)"])
        open_form = OpenForm(
            answer=fmt(answer), analysis=open_analysis, hint=CELL_HINT,
            text=CHECKS_TEXT + " Give the coordinates of one cell that can take a new tent now "
                 "(any such cell is accepted).")
        text = CHECKS_TEXT + " Which of these cells can take a new tent now?"
        return choice_question(p.to_state(), text, options, index, "\n".join(lines),
                               open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 for any cell that passes every check now."""
        cell = parse_cell(answer)
        p = Puzzle.from_state(state)
        if cell is None or not p.inside(cell):
            return 0.0
        return 1.0 if rules.blocker(p, cell) is None else 0.0


TASKS = [RowTentCount(), ColumnMissingTents(), TotalMissingTents(), TreeAdjacentCells(),
         ValidNewTentCount(), TreePosition(), NewTentPosition()]
