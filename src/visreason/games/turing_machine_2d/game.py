"""The 2D Turing machine as a game: the rules text with the machine's rule table, the picture
and the text description."""

from __future__ import annotations

from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import fmt_cell as fmt
from ...core.text import text_grid
from . import render as draw
from .rules import BRACKETS, bracket


def rule_table(state: dict[str, Any]) -> str:
    return "\n".join(
        f"State {s}, symbol {k} -> write {w}, move {move}, new state {new}"
        for s, row in enumerate(state["rules"]) for k, (w, move, new) in enumerate(row))


def bracket_legend(states: int) -> str:
    return ", ".join(f"state {s} as {BRACKETS[s][0]}k{BRACKETS[s][1]}" for s in range(states))


class TuringMachine2D(Game):
    name = "turing_machine_2d"
    title = "2D Turing Machine"
    category = "multi_step"
    split = "in_domain"
    params = (
        Param("min_cells", "fewest cells on the grid (rows x columns, each side 3 or more)",
              low=9, high=64),
        Param("max_cells", "most cells on the grid", low=9, high=64),
        Param("symbols", "symbols on the grid (0 up to this minus 1)", low=2, high=5),
        Param("states", "head states (0 up to this minus 1)", low=2, high=4),
        Param("steps", "most steps a question simulates (it draws from 3 up to this)",
              low=1, high=12),
    )
    # The original draws 2-4 states at every level; here states and symbols grow with the
    # level (and easy has 3 states): with 2 states the head can rarely avoid a state for
    # long, so "first entered at step 8" would almost never happen and balanced answers to
    # first_state_entry could not cover 1-8. states=2 stays available (answers then go up
    # to symbols + 1).
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"min_cells": 9, "max_cells": 12, "symbols": 3, "states": 3, "steps": 8},
        "medium": {"min_cells": 13, "max_cells": 16, "symbols": 4, "states": 3, "steps": 8},
        "hard": {"min_cells": 17, "max_cells": 25, "symbols": 5, "states": 4, "steps": 8},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        rows, cols, k, m = state["rows"], state["cols"], state["symbols"], state["states"]
        if text_only:
            looks = ("The grid is given below as rows of symbols; the head's cell shows its "
                     "symbol inside the brackets of the head state.")
        else:
            colours = ", ".join(f"{s} {name}" for s, name in enumerate(draw.SYMBOL_COLORS[:k]))
            looks = (f"Every cell is coloured by its symbol ({colours}) and also shows the "
                     "symbol as a digit. The head's cell has a thick black frame and shows its "
                     "symbol inside the brackets of the head state; the head state is also "
                     "written above the board.")
        r, c = state["head"]
        symbol = state["grid"][r][c]
        return (
            f"This is a Turing machine on a {rows}x{cols} grid. Each cell holds a symbol from "
            f"0 to {k - 1}, and a head stands on one cell in one of {m} states (0 to {m - 1}). "
            f"{looks} Cells are written (row, col), 0-based: rows 0-{rows - 1} from top to "
            f"bottom and columns 0-{cols - 1} from left to right. A head state on a symbol k "
            f"is written with brackets: {bracket_legend(m)}. In one step the machine (1) reads "
            "the symbol under the head, (2) writes the rule's new symbol into that cell, (3) "
            "changes to the rule's new state and (4) moves the head one cell up, down, left or "
            "right (up decreases the row, left decreases the column). The head never leaves "
            "the grid. The rules, one for each state and symbol:\n" + rule_table(state)
            + f"\nThe head is now at {fmt((r, c))} in state {state['state']} on symbol "
            f"{symbol}, written {bracket(state['state'], symbol)}."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        head = tuple(state["head"])
        cells = [[bracket(state["state"], v) if (r, c) == head else str(v)
                  for c, v in enumerate(row)] for r, row in enumerate(state["grid"])]
        return ("Grid of symbols (row numbers on the left, column numbers on top; the head's "
                "cell is bracketed):\n" + text_grid(cells))

    def state_key(self, state: dict[str, Any]) -> str:
        """The grid, the head and the rule table: the machine as asked about."""
        return (f"{state['grid']}|{state['head']}|{state['state']}|{state['rules']}")
