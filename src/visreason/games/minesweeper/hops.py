"""Minesweeper hops for multi-hop questions: numbers, flags and the exact solver's verdicts.

Only what the board shows is used (never the hidden layout), so every answer can be worked
out from the picture; certainty comes from `rules.solve`, which weighs every mine layout
consistent with the numbers, the flags and the mine total.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ...core.errors import Retry
from ...core.task import Draw
from ...core.text import fmt_cell as fmt
from ...core.text import fmt_cells
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
from .rules import FLAG, HIDDEN, Board, Cell

BRIDGE_COUNTS = (0, 1, 2, 3)  # aimed at evenly and offered as the four options
LEVELS = {
    "easy": {"size": 5, "mines": 5, "progress": 40},
    "medium": {"size": 6, "mines": 6, "progress": 30},
    "hard": {"size": 7, "mines": 9, "progress": 30},
}


def draw_state(draw: Draw) -> dict[str, Any]:
    dealt = rules.deal(draw.rng, draw.params["size"], draw.params["mines"],
                       draw.params["progress"])
    if dealt is None:
        raise Retry
    return {"board": dealt.board, "mines": dealt.total}


def flags_of(board: Board) -> list[Cell]:
    return rules.cells_where(board, lambda v: v == FLAG)


# ------------------------------------------------------------------------------------ hops

def hop_number(board: Board, cell: Cell) -> Hop:
    value = int(board[cell[0]][cell[1]])
    return Hop("read the number", value, [f"The revealed cell {fmt(cell)} shows {value}: "
                                          f"{value} mine(s) among its neighbours."])


def hop_flags_around(board: Board, cell: Cell) -> Hop:
    size = len(board)
    around = rules.neighbours(cell, size)
    flagged = [n for n in around if board[n[0]][n[1]] == FLAG]
    hidden = [n for n in around if board[n[0]][n[1]] == HIDDEN]
    trace = [f"The neighbours of {fmt(cell)} are {fmt_cells(around)}; the flagged ones are "
             f"{fmt_cells(flagged)} ({len(flagged)}), and the hidden unflagged ones are "
             f"{fmt_cells(hidden)}."]
    return Hop("count the flags around it", len(flagged), trace)


def hop_subtract(number: int, flags: int, cell: Cell) -> Hop:
    left = number - flags
    return Hop("mines left around it", left,
               [f"Every flag is a mine, so {number} - {flags} = {left} of the hidden unflagged "
                f"neighbours of {fmt(cell)} hold mines."])


def hop_certain(state: dict[str, Any], which: str = "both") -> Hop:
    """The hidden unflagged cells the solver finds certainly safe and certainly mines; with
    `which` 'safe' or 'mines' the hop counts only those (its value is then the count)."""
    board, total = state["board"], state["mines"]
    solution = _solved(state)
    safe = [c for c in solution.unknown if solution.is_safe(c)]
    mines = [c for c in solution.unknown if solution.is_mine(c)]
    weigh = (f"Weighing every placement of the {solution.to_place} unflagged mine(s) that "
             f"agrees with all the numbers ({solution.layouts} in all): ")
    if which == "safe":
        return Hop("count the certainly safe cells", len(safe),
                   [weigh + f"the hidden unflagged cells safe in every one are "
                    f"{fmt_cells(safe)}: {len(safe)}."])
    if which == "mines":
        return Hop("count the certain mines", len(mines),
                   [f"In every such placement the hidden unflagged cells holding a mine are "
                    f"{fmt_cells(mines)}: {len(mines)}."])
    del board, total
    trace = [weigh + f"the hidden unflagged cells that are safe in every one are "
             f"{fmt_cells(safe)} ({len(safe)}), and those that hold a mine in every one are "
             f"{fmt_cells(mines)} ({len(mines)})."]
    return Hop("find the certain cells", (safe, mines), trace)


def _solved(state: dict[str, Any]) -> rules.Solution:
    """The solver's summary of a board, kept: a comparison asks it twice about one board."""
    return _solve_key("/".join("".join(row) for row in state["board"]), state["mines"])


@lru_cache(maxsize=8)
def _solve_key(key: str, total: int) -> rules.Solution:
    return rules.solve([list(row) for row in key.split("/")], total)


# ---------------------------------------------------------------------------- compositions

def bridge(draw: Draw) -> Chain:
    """A number, minus the flags around it: the mines among its hidden unflagged neighbours."""
    state = draw_state(draw)
    board = state["board"]
    want = aim(draw, BRIDGE_COUNTS)
    size = len(board)
    fits = []
    for cell in rules.cells_where(board, lambda v: v not in (HIDDEN, FLAG, "0")):
        around = rules.neighbours(cell, size)
        if not any(board[r][c] == HIDDEN for r, c in around):
            continue
        flags = sum(board[r][c] == FLAG for r, c in around)
        if int(board[cell[0]][cell[1]]) - flags == want:
            fits.append(cell)
    if not fits:
        raise Retry
    cell = draw.rng.choice(fits)
    number, flags = hop_number(board, cell), hop_flags_around(board, cell)
    left = hop_subtract(number.value, flags.value, cell)
    text = (f"Look at the revealed cell {fmt(cell)}. How many of its hidden, unflagged "
            "neighbouring cells hold a mine?")
    # The aimed counts as fixed options: a run starting at 0 would make 0 the smallest.
    return Chain(state, text, [number, flags, left], str(left.value), {"cell": list(cell)},
                 distractors=[str(v) for v in BRIDGE_COUNTS if v != left.value])


def temporal(draw: Draw) -> Chain:
    """Hidden unflagged cells left after the player flags every certain mine."""
    state = draw_state(draw)
    hidden = len(rules.cells_where(state["board"], lambda v: v == HIDDEN))
    mines = hop_certain(state, "mines")
    left = hidden - mines.value
    count = Hop("count what is left", left,
                [f"{hidden} cells are hidden and unflagged now; flagging the {mines.value} "
                 f"certain mine(s) leaves {hidden} - {mines.value} = {left}."])
    text = ("Next, the player flags every hidden cell that is certainly a mine, given the "
            "numbers, the flags and the mine total, and nothing else. How many hidden cells "
            "are left without a flag after that?")
    return Chain(state, text, [mines, count], left, {}, low=0, high=len(state["board"]) ** 2)


def compare(draw: Draw) -> Chain:
    """Cells certainly safe against cells certainly mines (not yet flagged)."""
    want = aim(draw, ("first", "second", "equal"))
    state = draw_state(draw)
    safe, mines = hop_certain(state, "safe"), hop_certain(state, "mines")
    if compare_outcome(safe.value, mines.value) != want:
        raise Retry
    mines.trace.append(compare_line(safe.value, mines.value))
    text = compare_text("the number of hidden, unflagged cells that are certainly safe.",
                        "the number of hidden, unflagged cells that certainly hold a mine.")
    return Chain(state, text, [safe, mines], want, {"first": safe.value, "second": mines.value})


HOPS = GameHops("minesweeper", LEVELS, (
    Composition("bridge", "Mines left around a number once its flags are taken away",
                "count", bridge, "target_perception"),
    Composition("compare", "Certainly safe cells against certain mines", "compare", compare,
                "strategy_optimization"),
    Composition("temporal", "Hidden unflagged cells left once every certain mine is flagged",
                "integer", temporal),
))
