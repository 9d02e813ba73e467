"""Minesweeper question types; every answer follows from the visible board alone."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...core import Draw, Question, Retry, Task, choice_question
from ...core.text import fmt_cell as fmt
from ...core.text import plural
from . import rules
from .rules import (
    FLAG,
    HIDDEN,
    LEVEL_SIZES,
    MIN_FLAGS,
    Cell,
    Deal,
    Solution,
    Step,
    cells_at,
    cells_where,
    fmt_cells,
    neighbours,
)


@dataclass(frozen=True)
class Scene:
    """A dealt board with its exact solution and its chain of simple deductions."""

    deal: Deal
    sol: Solution
    steps: list[Step]

    @property
    def board(self) -> list[list[str]]:
        return self.deal.board

    def value(self, cell: Cell) -> str:
        return self.board[cell[0]][cell[1]]


def deal_for_level(rng: random.Random, level: str) -> Deal:
    size, total = LEVEL_SIZES[level]
    dealt = rules.deal(rng, size, total)
    if len(flag_cells(dealt.board)) < MIN_FLAGS:
        raise Retry
    return dealt


def scene_for_level(rng: random.Random, level: str) -> Scene:
    dealt = deal_for_level(rng, level)
    board, total = dealt.board, dealt.total
    return Scene(dealt, rules.solve(board, total), rules.deduce(board, total))


def flag_cells(board: list[list[str]]) -> list[Cell]:
    return cells_where(board, lambda v: v == FLAG)


def state_of(dealt: Deal) -> dict[str, Any]:
    return {"board": [row[:] for row in dealt.board], "mines": dealt.total}


def meta_of(dealt: Deal, cell: Cell | None = None) -> dict[str, Any]:
    """The hidden truth (for tests only: no answer depends on it) and the asked cell."""
    meta: dict[str, Any] = {"hidden_mines": [list(m) for m in dealt.mines],
                            "first_click": list(dealt.click)}
    if cell is not None:
        meta["cell"] = list(cell)
    return meta


def scene_for_kind(
    rng: random.Random, level: str, groups_of: Callable[[Scene], dict[int, list[Cell]]],
    kinds: int, tries: int = 6,
) -> tuple[Scene, int, Cell]:
    """A scene and a cell of a kind drawn evenly first, so rare answers are not starved.

    Up to `tries` boards are dealt looking for the wanted kind; if none has it, the last
    board's kind is drawn evenly among those it offers.
    """
    wanted = rng.randrange(kinds)
    for _ in range(tries):
        scene = scene_for_level(rng, level)
        groups = groups_of(scene)
        if groups[wanted]:
            return scene, wanted, rng.choice(groups[wanted])
    return (scene, *pick_by_kind(rng, groups))


def pick_by_kind(rng: random.Random, groups: dict[int, list[Cell]]) -> tuple[int, Cell]:
    """A kind drawn evenly among the non-empty groups, then a cell of that kind."""
    kinds = [kind for kind, cells in groups.items() if cells]
    if not kinds:
        raise Retry
    kind = rng.choice(kinds)
    return kind, rng.choice(groups[kind])


# ---------------------------------------------------------------- counting tasks


class FlagCount(Task):
    name = "flag_count"
    description = "Number of flagged cells"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        dealt = deal_for_level(rng, plot_level)
        flags = flag_cells(dealt.board)
        analysis = (f"Scanning the board row by row, red flags stand on the grey cells "
                    f"{fmt_cells(flags)}: {plural(len(flags), 'flag')}.")
        return Question(state_of(dealt), "How many flags are on the board?", str(len(flags)),
                        analysis, meta=meta_of(dealt))


class MinesLeft(Task):
    name = "mines_left"
    description = "Mines not yet flagged: the total minus the flags"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        dealt = deal_for_level(rng, plot_level)
        flags = flag_cells(dealt.board)
        left = dealt.total - len(flags)
        analysis = (f"The board holds {dealt.total} mines in total. Flags (each on a real mine) "
                    f"stand at {fmt_cells(flags)}, which is {plural(len(flags), 'flag')}. "
                    f"Mines left to find: {dealt.total} - {len(flags)} = {left}.")
        text = ("How many mines are still left to find, that is, the total number of mines "
                "minus the number of flagged mines?")
        return Question(state_of(dealt), text, str(left), analysis, meta=meta_of(dealt))


class RevealedCount(Task):
    name = "revealed_count"
    description = "Number of revealed cells"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        dealt = deal_for_level(rng, plot_level)
        lines = ["Revealed cells are the white ones, with or without a number; grey cells "
                 "(flagged or not) are not revealed."]
        per_row = []
        for r, row in enumerate(dealt.board):
            cols = [c for c, v in enumerate(row) if rules.is_revealed(v)]
            per_row.append(len(cols))
            listed = ", ".join(str(c) for c in cols) if cols else "none"
            lines.append(f"Row {r}: columns {listed} -> {len(cols)}.")
        total = sum(per_row)
        lines.append(f"Total: {' + '.join(str(n) for n in per_row)} = {total}.")
        text = "How many cells are revealed (white cells, with or without a number)?"
        return Question(state_of(dealt), text, str(total), "\n".join(lines),
                        meta=meta_of(dealt))


class CellState(Task):
    name = "cell_state"
    description = "Whether a cell is revealed with a number, flagged, hidden or revealed empty"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"

    OPTIONS = ("Revealed, showing a number", "Flagged", "Hidden and not flagged",
               "Revealed and empty (a 0, no number shown)")
    WHY = ("It is white and shows the number {v}.",
           "It is a grey cell with a red flag on it.",
           "It is a grey cell with no flag.",
           "It is white with no number on it, so it is a revealed 0.")

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        dealt = deal_for_level(rng, plot_level)
        board = dealt.board
        groups = {
            0: cells_where(board, lambda v: v not in (HIDDEN, FLAG, "0")),
            1: cells_where(board, lambda v: v == FLAG),
            2: cells_where(board, lambda v: v == HIDDEN),
            3: cells_where(board, lambda v: v == "0"),
        }
        kind, cell = pick_by_kind(rng, groups)
        analysis = f"Look at row {cell[0]}, column {cell[1]}. " + \
            self.WHY[kind].format(v=board[cell[0]][cell[1]])
        return choice_question(state_of(dealt), f"What is the state of the cell {fmt(cell)}?",
                               self.OPTIONS, kind, analysis, meta_of(dealt, cell))


# ---------------------------------------------------------------- deduction tasks

LOGIC = (
    "Use only what the picture shows: the revealed numbers, the flags and the total number of "
    "mines. A hidden cell is certainly a mine (or certainly safe) only if it is one in every "
    "placement of the mines that agrees with all of these."
)


def _setup_line(scene: Scene) -> str:
    sol = scene.sol
    flags = len(flag_cells(scene.board))
    return (f"The board has {scene.deal.total} mines and {plural(flags, 'flag')}, so the "
            f"{len(sol.unknown)} hidden unflagged cells hold the remaining "
            f"{plural(sol.to_place, 'mine')}.")


def _verdict(sol: Solution, cell: Cell) -> str:
    if sol.is_mine(cell):
        return "certainly a mine"
    if sol.is_safe(cell):
        return "certainly safe"
    return "undetermined: it could be a mine or safe"


def _example(sol: Solution, mines: list[Cell]) -> str:
    off = sol.to_place - len(mines)
    text = f"mines at {fmt_cells(mines)}" if mines else "no mine next to any number"
    if off:
        text += f" plus {off} more among the hidden cells that touch no number"
    return text


def _enumeration_lines(sol: Solution, cells: list[Cell]) -> list[str]:
    """The exact count of consistent layouts, and in how many each cell holds a mine."""
    if not cells:
        return []
    lines = [f"Counting every way to place the {plural(sol.to_place, 'remaining mine')} "
             "among the hidden unflagged cells so that every revealed number is met gives "
             f"{plural(sol.layouts, 'consistent layout')}."]
    if sol.layouts == 1:
        lines.append(f"The only one puts the mines at {fmt_cells(sol.first_layout)}."
                     if sol.first_layout else "The only one leaves every hidden cell safe.")
    for cell in cells:
        mines = sol.mine_layouts[cell]
        line = f"{fmt(cell)} is a mine in {mines} of them, so it is {_verdict(sol, cell)}."
        if 0 < mines < sol.layouts and cell in sol.mine_example:
            line += (f" For example, {_example(sol, sol.mine_example[cell])} fits every number "
                     f"with {fmt(cell)} a mine, while {_example(sol, sol.safe_example[cell])} "
                     "fits with it safe.")
        lines.append(line)
    return lines


def explain(scene: Scene, cells: list[Cell]) -> list[str]:
    """Why each of `cells` has its status: the one-number chain where it reaches, else counting."""
    reached = rules.settled_by_chain(scene.steps)
    lines = [s.text for s in rules.chain_for(scene.steps, cells)]
    return lines + _enumeration_lines(scene.sol, [c for c in cells if c not in reached])


def _number_line(scene: Scene, cell: Cell) -> str:
    """How the neighbours of a certainly safe cell fix (or fail to fix) its number."""
    sol = scene.sol
    around = neighbours(cell, len(scene.board))
    flags = [n for n in around if scene.value(n) == FLAG]
    hidden = [n for n in around if scene.value(n) == HIDDEN]
    mines = [n for n in hidden if sol.is_mine(n)]
    safes = [n for n in hidden if sol.is_safe(n)]
    open_cells = [n for n in hidden if n not in mines and n not in safes]
    known = len(flags) + len(mines)
    parts = [cells_at(word, group) for word, group in
             (("flag", flags), ("certain mine", mines), ("certainly safe hidden cell", safes))
             if group]
    listed = ", ".join(parts) if parts else "no flagged or hidden cell"
    text = f"Around {fmt(cell)} there are {listed}"
    values = sorted(sol.numbers[cell])
    if not open_cells:
        return (text + f"; every other neighbour is revealed. So its number is the "
                f"{plural(known, 'known mine')} around it: {known}.")
    held = sorted({v - known for v in values})
    text += f"; the undecided cells {fmt_cells(open_cells)} are also neighbours"
    if len(values) == 1:
        return (text + f", and they hold exactly {plural(held[0], 'mine')} in every "
                f"consistent layout. So its number is {known} + {held[0]} = {values[0]}.")
    return (text + f", and they hold {' or '.join(map(str, held))} mines in different "
            f"consistent layouts. So its number could be {' or '.join(map(str, values))}.")


class RevealOutcome(Task):
    name = "reveal_outcome"
    description = "What revealing a hidden frontier cell certainly does, or that it is undecided"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"

    MINE, ZERO, NUMBER, UNKNOWN = range(4)

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        scene, kind, cell = scene_for_kind(rng, plot_level, self._groups, 4)
        sol = scene.sol
        shown = sol.number(cell) if kind in (self.ZERO, self.NUMBER) else None
        value = shown if kind == self.NUMBER else self._wrong_number(rng, scene, cell)
        options = ["It is a mine, so the game is lost",
                   "It shows 0 and automatically opens the area around it",
                   f"It shows the number {value}",
                   "It cannot be determined from the visible information"]
        lines = [_setup_line(scene)]
        safe = sol.is_safe(cell)
        around = neighbours(cell, len(scene.board))
        certain = [n for n in around if scene.value(n) == HIDDEN
                   and (sol.is_mine(n) or sol.is_safe(n))] if safe else []
        lines += explain(scene, [cell, *certain])
        if safe:
            lines.append(_number_line(scene, cell))
        lines.append(self._conclusion(kind, cell, shown))
        text = (f"{LOGIC}\n\nIf the hidden cell {fmt(cell)} is revealed next, what happens? "
                "Choose a definite outcome only if it is certain; otherwise choose that it "
                "cannot be determined.")
        return choice_question(state_of(scene.deal), text, options, kind, "\n".join(lines),
                               meta_of(scene.deal, cell))

    def _groups(self, scene: Scene) -> dict[int, list[Cell]]:
        """Hidden frontier cells by the outcome of revealing them."""
        groups: dict[int, list[Cell]] = {k: [] for k in range(4)}
        for cell in scene.sol.frontier:
            groups[self._kind(scene.sol, cell)].append(cell)
        return groups

    def _kind(self, sol: Solution, cell: Cell) -> int:
        if sol.is_mine(cell):
            return self.MINE
        number = sol.number(cell)
        if number is None:
            return self.UNKNOWN
        return self.ZERO if number == 0 else self.NUMBER

    @staticmethod
    def _wrong_number(rng: random.Random, scene: Scene, cell: Cell) -> int:
        """A number from 1-8 that `cell` shows in no consistent layout, plausible if possible."""
        possible = scene.sol.numbers[cell]
        covered = sum(1 for n in neighbours(cell, len(scene.board)) if scene.value(n) in
                      (HIDDEN, FLAG))
        near = [v for v in range(1, covered + 1) if v not in possible]
        return rng.choice(near or [v for v in range(1, 9) if v not in possible])

    def _conclusion(self, kind: int, cell: Cell, shown: int | None) -> str:
        if kind == self.MINE:
            return f"So revealing {fmt(cell)} uncovers a mine and loses the game."
        if kind == self.ZERO:
            return (f"So {fmt(cell)} would show 0, and revealing it opens all its neighbours "
                    "automatically.")
        if kind == self.NUMBER:
            return f"So revealing {fmt(cell)} safely shows the number {shown}."
        return (f"So the visible information does not fix what {fmt(cell)} would show: it "
                "cannot be determined.")


class BestMove(Task):
    name = "best_move"
    description = "The best logical action for a given cell"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"

    OPTIONS = ("Flag it: it is certainly a mine",
               "Reveal it: it is certainly safe",
               "It already shows a number: use that number to reason about its neighbours",
               "Leave it for now: whether it is a mine cannot be determined yet",
               "Nothing: it is a revealed empty cell (0)",
               "Nothing: it is already flagged")
    MINE, SAFE, NUMBER, UNKNOWN, ZERO, FLAGGED = range(6)

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        scene, kind, cell = scene_for_kind(rng, plot_level, self._groups, len(self.OPTIONS))
        text = (f"{LOGIC}\n\nWhat is the best next action for the cell {fmt(cell)}? Flag a "
                "hidden cell only if it is certainly a mine, and reveal it only if it is "
                "certainly safe.")
        return choice_question(state_of(scene.deal), text, self.OPTIONS, kind,
                               self._analysis(scene, kind, cell), meta_of(scene.deal, cell))

    def _groups(self, scene: Scene) -> dict[int, list[Cell]]:
        """Every cell by the action it calls for."""
        sol, board = scene.sol, scene.board
        return {
            self.MINE: [c for c in sol.unknown if sol.is_mine(c)],
            self.SAFE: [c for c in sol.unknown if sol.is_safe(c)],
            self.NUMBER: cells_where(board, lambda v: v not in (HIDDEN, FLAG, "0")),
            self.UNKNOWN: [c for c in sol.unknown if not (sol.is_mine(c) or sol.is_safe(c))],
            self.ZERO: cells_where(board, lambda v: v == "0"),
            self.FLAGGED: flag_cells(board),
        }

    def _analysis(self, scene: Scene, kind: int, cell: Cell) -> str:
        value = scene.value(cell)
        if kind == self.FLAGGED:
            return (f"{fmt(cell)} is a grey cell with a red flag: it is already marked as a mine, "
                    "so there is nothing to do.")
        if kind == self.ZERO:
            return (f"{fmt(cell)} is white with no number: a revealed 0 whose neighbours are all "
                    "revealed already, so there is nothing to do.")
        if kind == self.NUMBER:
            return (f"{fmt(cell)} is already revealed and shows {value}; the useful thing to do "
                    "with it is to use that number to reason about its neighbours.")
        lines = [f"{fmt(cell)} is a hidden grey cell without a flag.", _setup_line(scene)]
        lines += explain(scene, [cell])
        action = {self.MINE: "so the best action is to flag it",
                  self.SAFE: "so the best action is to reveal it",
                  self.UNKNOWN: "so neither flagging nor revealing is justified yet: leave it"}
        lines.append(f"{fmt(cell)} is {_verdict(scene.sol, cell)}, {action[kind]}.")
        return "\n".join(lines)


TASKS = [FlagCount(), MinesLeft(), RevealedCount(), CellState(), RevealOutcome(), BestMove()]
