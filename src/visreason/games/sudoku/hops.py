"""Colour Sudoku hops for multi-hop questions: naked singles filled in, then candidates.

Puzzles are uniquely solvable (`rules.carve_blanks`), naked singles come from
`rules.first_naked_single`/`rules.naked_single_chain` (the row-major scan the rules text
describes) and candidates from `rules.constraints`. Cells are written 1-based, as the
prompt numbers them.
"""

from __future__ import annotations

from typing import Any

from ...core.errors import Retry
from ...core.task import Draw
from ...synth.game import (
    Chain,
    Composition,
    GameHops,
    Hop,
    aim,
    compare_line,
    compare_outcome,
    compare_text,
)
from . import rules
from .rules import Board, Cell
from .tasks import fmt, names, state_of

LEVELS = {
    # 9x9 at every level: on 4x4 grids a cell keeps at most three colours after a fill, too
    # few answers to balance; the levels differ in blanks and chain length instead.
    # 9x9 at every level (a 4x4 grid has only four colours to balance over); the levels
    # differ in blanks and in the length of the chain of fills.
    "easy": {"box": 3, "blanks_min": 25, "blanks_max": 30, "chain_min": 2, "chain_max": 2},
    "medium": {"box": 3, "blanks_min": 30, "blanks_max": 38, "chain_min": 2, "chain_max": 3},
    "hard": {"box": 3, "blanks_min": 38, "blanks_max": 45, "chain_min": 3, "chain_max": 4},
}
SCAN = ("Scan the empty cells in reading order (row by row from the top, each row from left to "
        "right) for the first one whose row, column and box leave exactly one colour, and fill "
        "it with that colour.")


def draw_puzzle(draw: Draw) -> Board:
    """A uniquely solvable puzzle whose blank share lies in the level's range."""
    size = draw.params["box"] ** 2
    low = max(3, size * size * draw.params["blanks_min"] // 100)
    high = max(low, size * size * draw.params["blanks_max"] // 100)
    blanks = draw.rng.randint(low, high)
    board = rules.random_solution(draw.rng, size)
    cells = [(r, c) for r in range(size) for c in range(size)]
    draw.rng.shuffle(cells)
    if rules.carve_blanks(board, cells, blanks) != blanks:
        raise Retry
    return board


def filled(board: Board, cell: Cell, value: int) -> Board:
    after = [row[:] for row in board]
    after[cell[0]][cell[1]] = value
    return after


# ------------------------------------------------------------------------------------ hops

def hop_singles(state: dict[str, Any], board: Board, count: int) -> Hop:
    """Fill `count` naked singles in turn; the value is (board after them, the steps)."""
    steps = rules.naked_single_chain(board, count)
    if steps is None:
        raise Retry
    trace, work = [], board
    for i, step in enumerate(steps, 1):
        why = step.why
        used = sorted(set(why.row) | set(why.col) | set(why.box))
        trace.append(f"Fill {i}: the first such cell is {fmt(step.cell)}; its row, column and "
                     f"box hold {names(state, used)}, leaving only {names(state, [step.value])}, "
                     "so it is filled with that colour.")
        work = filled(work, step.cell, step.value)
    name = "fill the first naked single" if count == 1 else f"fill {count} naked singles"
    return Hop(name, (work, steps), trace)


def hop_candidates(state: dict[str, Any], board: Board, cell: Cell, when: str) -> Hop:
    why = rules.constraints(board, cell)
    return Hop(f"count the candidates of {fmt(cell)} {when}", len(why.candidates),
               [f"{when.capitalize()}, the row of {fmt(cell)} holds {names(state, why.row)}, its "
                f"column {names(state, why.col)} and its box {names(state, why.box)}; the colours "
                f"left are {names(state, why.candidates)}: {len(why.candidates)}."])


def candidate_count(board: Board, cell: Cell) -> int:
    return len(rules.constraints(board, cell).candidates)


# ---------------------------------------------------------------------------- compositions

def relabelled(draw: Draw, board: Board, value: int) -> tuple[Board, int]:
    """The board with `value` swapped for this item's balanced colour (a Sudoku stays valid
    and keeps its solutions when two colours trade places), and that colour."""
    want = aim(draw, range(1, len(board) + 1))
    return (board if want == value else rules.swap_values(board, value, want)), want


def last_colour(board: Board, cell: Cell) -> int | None:
    left = rules.constraints(board, cell).candidates
    return left[0] if len(left) == 1 else None


def bridge(draw: Draw) -> Chain:
    """Fill the first naked single; which colour is then the only one left for a peer that
    had two?"""
    board = draw_puzzle(draw)
    first = rules.first_naked_single(board)
    if first is None:
        raise Retry
    after = filled(board, first.cell, first.value)
    fits = [cell for cell in rules.peers(len(board), first.cell)
            if board[cell[0]][cell[1]] == rules.EMPTY
            and candidate_count(board, cell) == 2 and last_colour(after, cell) is not None]
    if not fits:
        raise Retry
    cell = draw.rng.choice(fits)
    board, _ = relabelled(draw, board, last_colour(after, cell) or 0)
    return _colour_chain(draw, board, 1, cell, "bridge")


def temporal(draw: Draw) -> Chain:
    """After k naked singles filled in turn, which colour is the only one left for a cell that
    still had two before the last fill?"""
    board = draw_puzzle(draw)
    k = draw.rng.randint(draw.params["chain_min"], draw.params["chain_max"])
    steps = rules.naked_single_chain(board, k)
    if steps is None:
        raise Retry
    before = board
    for step in steps[:-1]:
        before = filled(before, step.cell, step.value)
    after = filled(before, steps[-1].cell, steps[-1].value)
    fits = [cell for cell in rules.peers(len(board), steps[-1].cell)
            if after[cell[0]][cell[1]] == rules.EMPTY and candidate_count(before, cell) == 2
            and last_colour(after, cell) is not None]
    if not fits:
        raise Retry
    cell = draw.rng.choice(fits)
    board, _ = relabelled(draw, board, last_colour(after, cell) or 0)
    return _colour_chain(draw, board, k, cell, "temporal")


def _colour_chain(draw: Draw, board: Board, k: int, cell: Cell, kind: str) -> Chain:
    """The chain of a colour question on the relabelled board: k fills, then the one colour
    left for `cell`; the wrong options are three other colours."""
    state = state_of(board)
    fills = hop_singles(state, board, k)
    after, _ = fills.value
    value = last_colour(after, cell)
    assert value is not None
    left = hop_candidates(state, after, cell, f"after {'that fill' if k == 1 else f'{k} fills'}")
    left.name = f"the colour left for {fmt(cell)}"
    colours = state["colors"]
    wrong = [c for c in colours if c != colours[value - 1]]
    draw.rng.shuffle(wrong)
    if kind == "bridge":
        text = (SCAN + f" After that, only one colour can go in the cell {fmt(cell)}, given its "
                "row, column and box. Which colour is it?")
    else:
        text = (SCAN + f" Repeat this until {k} cells have been filled, each time scanning the "
                f"grid as it is then. After that, only one colour can go in the cell "
                f"{fmt(cell)}, given its row, column and box. Which colour is it?")
    return Chain(state, text, [fills, left], colours[value - 1], {"steps": k, "cell": list(cell)},
                 distractors=wrong[:3], open_hint="Answer with the colour's name.")


def compare(draw: Draw) -> Chain:
    """Candidates of one cell now against another cell's after the first naked single."""
    board = draw_puzzle(draw)
    state = state_of(board)
    want = aim(draw, ("first", "second", "equal"))
    first = rules.first_naked_single(board)
    if first is None:
        raise Retry
    after = filled(board, first.cell, first.value)
    size = len(board)
    empty = [c for c in rules.empties(board) if c != first.cell]
    later = [c for c in rules.peers(size, first.cell) if c in set(empty)]
    pairs = [(a, b) for a in empty for b in later if a != b
             and compare_outcome(candidate_count(board, a), candidate_count(after, b)) == want]
    if not pairs:
        raise Retry
    a, b = draw.rng.choice(pairs)
    now = hop_candidates(state, board, a, "now")
    fill = hop_singles(state, board, 1)
    then = hop_candidates(state, after, b, "after that fill")
    then.trace.append(compare_line(now.value, then.value))
    text = SCAN + " " + compare_text(
        f"the number of colours that could go in the cell {fmt(a)} now, before anything is "
        "filled.",
        f"the number of colours that could go in the cell {fmt(b)} after that fill.")
    return Chain(state, text, [now, fill, then], want,
                 {"cells": [list(a), list(b)], "first": now.value, "second": then.value})


HOPS = GameHops("sudoku", LEVELS, (
    Composition("bridge", "The colour left for a cell once the first naked single is filled",
                "label", bridge),
    Composition("compare", "Colours left for one cell now against another after a fill",
                "compare", compare),
    Composition("temporal", "The colour left for a cell after a chain of naked singles",
                "label", temporal),
))
