"""Minesweeper question types; every answer follows from the visible board alone."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, choice_question
from ...core import rng as draws
from ...core.answers import canonical_coordinate, normalise_text
from ...core.seeds import derive_seed
from ...core.text import plural
from . import rules
from .game import check_board
from .rules import (
    FLAG,
    HIDDEN,
    MAX_FLAGS,
    MIN_FLAGS,
    Cell,
    Deal,
    Solution,
    Step,
    cells_at,
    cells_of,
    cells_where,
    fmt,
    fmt_cells,
    neighbours,
)

MAX_ANSWER_CHARS = 200  # an open answer longer than this is no single state or outcome
OPTION_COUNT = 6  # best_move: one certainly safe cell and five that are not
# revealed_count balances its answer when one count is this common among deals, over the
# counts at least COMMON_COUNT of deals show (see count_targets).
FAVOURITE_COUNT, COMMON_COUNT = 0.15, 0.05
# reveal_outcome asks for an outcome only if at least this share of boards offers it.
RARE_OUTCOME = 0.01
CALIBRATION_DEALS = 400
CALIBRATION_TRIES = 200  # builds per calibration board before it is left out
BOARD_VALUES = {HIDDEN, FLAG, *"012345678"}
BOARD_DEALS = 64  # boards reveal_outcome deals per build before it retries
SCENES = 16  # solved boards kept for the other questions about the same picture
VALUE_KIND = {FLAG: 1, HIDDEN: 2, "0": 3}  # cell_state's option for a value; else a number


@dataclass
class Scene:
    """A board with its exact solution; the chain of simple deductions on demand.

    One scene serves every question about a board (see `scene_of`), so a picture that
    several deduction tasks ask about is solved once. Nobody changes its board.
    """

    board: list[list[str]]
    total: int
    sol: Solution
    _steps: list[Step] = field(default_factory=list)  # the chain as far as followed
    _settled: set[Cell] = field(default_factory=set)  # the cells those steps settle
    _next: Iterator[Step] | None = None  # the rest of the chain; None once it ended

    def __post_init__(self) -> None:
        self._next = rules.deduction(self.board, self.total)

    def _advance(self) -> bool:
        """Follow the chain one more step; False when it has ended."""
        step = next(self._next, None) if self._next is not None else None
        if step is None:
            self._next = None
            return False
        self._steps.append(step)
        self._settled.update(step.mines, step.safes)
        return True

    def iter_steps(self) -> Iterator[Step]:
        """The simple-rule chain in order, followed only as far as the caller reads it (it
        costs more than solving)."""
        i = 0
        while i < len(self._steps) or self._advance():
            yield self._steps[i]
            i += 1

    @property
    def steps(self) -> list[Step]:
        """The whole simple-rule chain."""
        while self._advance():
            pass
        return self._steps

    def steps_for(self, cells: Iterable[Cell]) -> tuple[list[Step], set[Cell]]:
        """The chain far enough to tell which of `cells` it settles, and the cells it settled.

        The chain is sound, so it settles only cells the solver finds certain: once each
        certain cell among `cells` is settled, the rest of the chain settles none of them.
        """
        sol = self.sol
        certain = [c for c in cells if c in sol.mine_layouts and
                   (sol.is_mine(c) or sol.is_safe(c))]
        while any(c not in self._settled for c in certain) and self._advance():
            pass
        return self._steps, self._settled

    def value(self, cell: Cell) -> str:
        return self.board[cell[0]][cell[1]]


def deal_for(draw: Draw, flags: int | None = None, revealed: int | None = None) -> Deal:
    """A position dealt with the draw's parameters, claimed for the requested split."""
    size, mines = draw.params["size"], draw.params["mines"]
    check_board(size, mines)
    dealt = rules.deal(draw.rng, size, mines, draw.params["progress"], flags, revealed)
    if dealt is None:
        raise Retry
    draw.claim(state_of(dealt))
    return dealt


def in_split(draw: Draw, state: dict[str, Any]) -> bool:
    """Whether `state` belongs to the requested split (`Draw.claim` without the Retry)."""
    try:
        draw.claim(state)
    except Retry:
        return False
    return True


def board_key(state: dict[str, Any]) -> str:
    return "/".join("".join(row) for row in state["board"])


@lru_cache(maxsize=SCENES)
def _scene(key: str, total: int) -> Scene:
    board = [list(row) for row in key.split("/")]
    return Scene(board, total, rules.solve(board, total))


def scene_of(state: dict[str, Any]) -> Scene:
    """The solved scene of a state's board: solving is a pure function of the board and the
    total, so the latest few are kept for the other questions about the same picture."""
    return _scene(board_key(state), state["mines"])


def scene_for(draw: Draw, flags: int | None = None) -> tuple[Deal, Scene]:
    dealt = deal_for(draw, flags)
    return dealt, scene_of(state_of(dealt))


def flag_choices(mines: int) -> list[int]:
    """The flag counts a board with `mines` mines can show (2-4, at most every mine)."""
    return list(range(MIN_FLAGS, min(MAX_FLAGS, mines) + 1))


def flag_cells(board: list[list[str]]) -> list[Cell]:
    return cells_of(board, FLAG)


def state_of(dealt: Deal) -> dict[str, Any]:
    return {"board": [row[:] for row in dealt.board], "mines": dealt.total}


def meta_of(dealt: Deal | None, cell: Cell | None = None) -> dict[str, Any]:
    """The asked cell, after the hidden truth of a board dealt for this question.

    The truth (mines, clicks) is for tests only: no answer depends on it. A question about a
    board another task dealt (`ask`) sees only what the state shows and carries none.
    """
    meta: dict[str, Any] = {} if dealt is None else {
        "hidden_mines": [list(m) for m in dealt.mines],
        "first_click": list(dealt.click),
        "later_clicks": [list(c) for c in dealt.later]}
    if cell is not None:
        meta["cell"] = list(cell)
    return meta


def board_of(state: dict[str, Any]) -> tuple[list[list[str]], int] | None:
    """The board and mine total of a stored state, or None when it is no square board of cells."""
    try:
        board, total = [list(row) for row in state["board"]], int(state["mines"])
    except (KeyError, TypeError, ValueError):
        return None
    size = len(board)
    if not size or any(len(row) != size or not set(row) <= BOARD_VALUES for row in board):
        return None
    return board, total


def cell_of(meta: dict[str, Any]) -> Cell | None:
    """The asked cell of a stored sample's meta, or None when it is missing or malformed."""
    try:
        r, c = (int(v) for v in meta["cell"])
    except (KeyError, TypeError, ValueError):
        return None
    return (r, c) if r >= 0 and c >= 0 else None


# ---------------------------------------------------------------- counting tasks


def setting(draw: Draw) -> tuple[int, int, int]:
    return draw.params["size"], draw.params["mines"], draw.params["progress"]


def flag_weight(draw: Draw, state: dict[str, Any], asker: str) -> float:
    """Keep a foreign board's flag count so that every count `build` asks for is even."""
    return even_weight(foreign_boards(*setting(draw), asker).flags,
                       len(flag_cells(state["board"])), flag_choices(draw.params["mines"]))


class FlagCount(Task):
    name = "flag_count"
    description = "Number of flagged cells"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        dealt = deal_for(draw, flags=draw.target(flag_choices(draw.params["mines"])))
        return self._question(state_of(dealt), dealt)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        draw.keep(flag_weight(draw, state, self.name))
        return self._question(state, None)

    @staticmethod
    def _question(state: dict[str, Any], dealt: Deal | None) -> Question:
        flags = flag_cells(state["board"])
        analysis = (f"Scanning the board row by row, flags stand on the hidden cells "
                    f"{fmt_cells(flags)}: {plural(len(flags), 'flag')}.")
        return Question(state, "How many flags are on the board?", str(len(flags)),
                        analysis, meta=meta_of(dealt))


class MinesLeft(Task):
    name = "mines_left"
    description = "Mines not yet flagged: the total minus the flags"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        dealt = deal_for(draw, flags=draw.target(flag_choices(draw.params["mines"])))
        return self._question(state_of(dealt), dealt)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        draw.keep(flag_weight(draw, state, self.name))
        return self._question(state, None)

    @staticmethod
    def _question(state: dict[str, Any], dealt: Deal | None) -> Question:
        flags, total = flag_cells(state["board"]), state["mines"]
        left = total - len(flags)
        analysis = (f"The board holds {total} mines in total. Flags (each on a real mine) "
                    f"stand at {fmt_cells(flags)}, which is {plural(len(flags), 'flag')}. "
                    f"Mines left to find: {total} - {len(flags)} = {left}.")
        text = ("How many mines are still left to find, that is, the total number of mines "
                "minus the number of flagged mines?")
        return Question(state, text, str(left), analysis, meta=meta_of(dealt))


def calibration_deals(size: int, mines: int, progress: int, purpose: str,
                      mine_left: bool = False) -> list[Deal]:
    """CALIBRATION_DEALS boards dealt from a fixed seed: what a setting's boards look like.

    With `mine_left` at least one mine stays unflagged, as for a question about a mine.
    """
    rng = random.Random(derive_seed("minesweeper", purpose, size, mines, progress))
    deals: list[Deal] = []
    for _ in range(50 * CALIBRATION_DEALS):
        flags = rng.randint(MIN_FLAGS, min(MAX_FLAGS, mines - 1)) if mine_left else None
        dealt = rules.deal(rng, size, mines, progress, flags)
        if dealt is not None:
            deals.append(dealt)
            if len(deals) == CALIBRATION_DEALS:
                break
    return deals


@lru_cache(maxsize=64)
def count_shares(size: int, mines: int, progress: int) -> dict[int, float]:
    """How often a dealt board shows each revealed count (measured once per setting)."""
    deals = calibration_deals(size, mines, progress, "count_shares")
    counts = Counter(rules.revealed_total(d.board) for d in deals)
    return {count: seen / len(deals) for count, seen in counts.items()}


@lru_cache(maxsize=64)
def count_targets(size: int, mines: int, progress: int) -> tuple[int, ...] | None:
    """The revealed counts to balance over, or None when no count is a favourite.

    Small boards pile their counts on a few values (on the easy board 10 and 11 revealed
    cells are over 40% of deals), so always answering the favourite would pay; there the
    answer is drawn evenly among the common counts instead, the player clicking on until the
    board shows it. Larger boards spread by themselves and keep their natural counts.
    """
    shares = count_shares(size, mines, progress)
    if not shares or max(shares.values()) <= FAVOURITE_COUNT:
        return None
    return tuple(sorted(count for count, share in shares.items() if share >= COMMON_COUNT))


@dataclass(frozen=True)
class ForeignBoards:
    """What the boards other tasks deal look like, to keep the answers of questions about
    them balanced (see `foreign_boards`): how often each flag count and each revealed count
    appears."""

    flags: dict[int, float]
    revealed: dict[int, float]


@lru_cache(maxsize=64)
def dealt_boards(size: int, mines: int, progress: int) -> dict[str, list[list[list[str]]]]:
    """CALIBRATION_DEALS boards dealt by the game's tasks in turn from a fixed seed, by task."""
    params = {"size": size, "mines": mines, "progress": progress}
    rng = random.Random(derive_seed("minesweeper", "foreign boards", size, mines, progress))
    boards: dict[str, list[list[list[str]]]] = {task.name: [] for task in TASKS}
    for index in range(CALIBRATION_DEALS):
        task = TASKS[index % len(TASKS)]
        draw = Draw(rng, "calibration", params, index // len(TASKS), f"calibration/{task.name}")
        for _ in range(CALIBRATION_TRIES):
            try:
                boards[task.name].append(task.build(draw).state["board"])
                break
            except Retry:
                continue
    return boards


@lru_cache(maxsize=64)
def foreign_boards(size: int, mines: int, progress: int, asker: str) -> ForeignBoards:
    """How the boards the game's tasks but `asker` deal look (see `dealt_boards`).

    A question asked about another task's picture cannot steer the board towards its
    balanced answer the way its own `build` does; it sees the boards the other tasks deal
    (flag counts chosen for their own balance, two flags on the easy board for the deduction
    tasks ...). These shares are what it thins its answers by.
    """
    boards = [board for name, dealt in dealt_boards(size, mines, progress).items()
              if name != asker for board in dealt]
    flags = Counter(len(flag_cells(board)) for board in boards)
    revealed = Counter(rules.revealed_total(board) for board in boards)
    return ForeignBoards(*({k: v / len(boards) for k, v in counter.items()}
                           for counter in (flags, revealed)))


def even_weight(shares: dict[int, float], value: int, among: Iterable[int] | None = None) -> float:
    """The chance to keep an item whose answer is `value`, so that the values `among` (default
    all) come out equally often: the rarest share over this value's share."""
    pool = [shares[v] for v in (shares if among is None else among) if shares.get(v)]
    if value not in shares or not pool or (among is not None and value not in among):
        return 1.0
    return min(1.0, min(pool) / shares[value])


class RevealedCount(Task):
    name = "revealed_count"
    description = "Number of revealed cells"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        targets = count_targets(draw.params["size"], draw.params["mines"],
                                draw.params["progress"])
        dealt = deal_for(draw, revealed=draw.target(targets) if targets else None)
        return self._question(state_of(dealt), dealt)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """Where `build` balances the counts (a favourite count), the common counts of the
        other tasks' boards are kept evenly too; elsewhere every board is asked about."""
        targets = count_targets(*setting(draw))
        if targets:
            shares = foreign_boards(*setting(draw), self.name).revealed
            draw.keep(even_weight(shares, rules.revealed_total(state["board"]),
                                   [v for v in targets if shares.get(v, 0) >= COMMON_COUNT]))
        return self._question(state, None)

    @staticmethod
    def _question(state: dict[str, Any], dealt: Deal | None) -> Question:
        board = state["board"]
        total = rules.revealed_total(board)
        lines = ["Revealed cells are those showing a number and the empty ones (0); hidden "
                 "cells, flagged or not, are not revealed."]
        per_row = []
        for r, row in enumerate(board):
            cols = [c for c, v in enumerate(row) if v != HIDDEN and v != FLAG]
            per_row.append(len(cols))
            listed = ", ".join(str(c) for c in cols) if cols else "none"
            lines.append(f"Row {r}: columns {listed} -> {len(cols)}.")
        lines.append(f"Total: {' + '.join(str(n) for n in per_row)} = {total}.")
        text = "How many cells are revealed (with or without a number)?"
        return Question(state, text, str(total), "\n".join(lines), meta=meta_of(dealt))


# ---------------------------------------------------------------- reading open answers

_NOT_FLAGGED = re.compile(r"\b(?:not|no|never)\s+(?:been\s+)?flag(?:ged|s)?\b|\bunflagged\b")
_FLAGGED = re.compile(r"\bflag(?:ged|s)?\b")
_HIDDEN = re.compile(r"\b(?:hidden|covered|unrevealed|unopened|closed)\b"
                     r"|\bnot\s+(?:yet\s+)?(?:revealed|opened|uncovered)\b")
_NO_NUMBER = re.compile(r"\b(?:no|without\s+a?)\s*number\b")
_EMPTY = re.compile(r"\b(?:empty|blank|zero)\b")
_NUMBER_WORD = re.compile(r"\bnumbers?\b|\bnumbered\b")
_DIGIT = re.compile(r"(?<![\d.])\d+(?![\d.])")
_HEDGE = re.compile(r"\b(?:or|either|maybe|perhaps)\b|/")
_NUMBER_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight")
_NAMED_NUMBER = re.compile(r"\b(" + "|".join(_NUMBER_NAMES) + r")\b")
_NOT_MINE = re.compile(r"\b(?:not|no|never|without)\s+(?:a\s+|any\s+)?mines?\b"
                       r"|\bmine[\s-]*free\b")
_MINE = re.compile(r"\bmines?\b|\bbombs?\b|\bexplodes?\b|\blose\b|\bloses\b|\blost\b"
                   r"|\bgame\s+over\b")
_UNDECIDED = re.compile(
    r"\b(?:undetermined|undecidable|undecided|indeterminate|unknown|uncertain|unclear)\b"
    r"|\bcan\s*(?:not|'?t)\s+(?:be\s+)?(?:determined?|decided?|known|know|tell|told|say|said)\b"
    r"|\bnot\s+(?:be\s+)?(?:determined|decidable|certain|known)\b"
    r"|\bimpossible\s+to\s+(?:tell|know|determine|say)\b")


def _numbers_named(text: str) -> set[int]:
    """Every number written in `text` as digits or as a word zero-eight."""
    found = {int(d) for d in _DIGIT.findall(text)}
    found |= {_NUMBER_NAMES.index(w) for w in _NAMED_NUMBER.findall(text)}
    return found


def read_cell_state(answer: str) -> tuple[int, int | None] | None:
    """(kind, number or None) of an open cell-state answer, or None if unreadable or hedged.

    Kinds follow CellState.OPTIONS: 0 number, 1 flagged, 2 hidden, 3 revealed empty. The
    symbols of the text grid are read too (F, #, '.', a digit); a hedge ("hidden or
    flagged") names no state.
    """
    raw = str(answer).strip()
    if len(raw) > MAX_ANSWER_CHARS:
        return None
    symbol = {"f": (1, None), "#": (2, None), ".": (3, None)}.get(raw.casefold())
    if symbol:
        return symbol
    text = normalise_text(raw)
    if _HEDGE.search(text):
        return None
    unflagged = bool(_NOT_FLAGGED.search(text))
    text = _NOT_FLAGGED.sub(" ", text)
    no_number = bool(_NO_NUMBER.search(text))
    text = _NO_NUMBER.sub(" ", text)
    numbers = _numbers_named(_EMPTY.sub(" ", text))
    kinds = set()
    if _FLAGGED.search(text):
        kinds.add(1)
    if unflagged or _HIDDEN.search(text):
        kinds.add(2)
    if no_number or _EMPTY.search(text) or numbers == {0}:
        kinds.add(3)
    if _NUMBER_WORD.search(text) or numbers - {0}:
        kinds.add(0)
    if kinds == {1, 2}:  # "a hidden cell with a flag"
        kinds = {1}
    if len(kinds) != 1 or (len(numbers - {0}) > 1):
        return None
    kind = kinds.pop()
    value = next(iter(numbers - {0}), None) if kind == 0 else None
    return kind, value


def read_outcome(answer: str) -> tuple[int, int | None] | None:
    """(kind, number) of an open reveal-outcome answer, or None if unreadable or hedged.

    Kinds follow RevealOutcome: 0 mine, 1 shows 0, 2 shows a number, 3 undetermined. "Not a
    mine" is read as no claim about a mine; "empty" or "blank" as showing 0.
    """
    raw = str(answer).strip()
    if len(raw) > MAX_ANSWER_CHARS:
        return None
    text = normalise_text(raw)
    if _HEDGE.search(text):
        return None
    undecided = bool(_UNDECIDED.search(text))
    text = _UNDECIDED.sub(" ", _NOT_MINE.sub(" ", text))
    mine = bool(_MINE.search(text))
    numbers = _numbers_named(text)
    if _EMPTY.search(text):
        numbers.add(0)
    if undecided + mine + bool(numbers) != 1 or len(numbers) > 1 or max(numbers, default=0) > 8:
        return None
    if undecided:
        return 3, None
    if mine:
        return 0, None
    value = numbers.pop()
    return (1, 0) if value == 0 else (2, value)


def read_cell(answer: str, size: int) -> Cell | None:
    """The one on-board cell an open coordinate answer names, or None."""
    raw = str(answer)
    if len(raw) > MAX_ANSWER_CHARS:
        return None
    text = canonical_coordinate(raw)
    if text is None:
        return None
    values = [int(v) for v in text.strip("()").split(",")]
    if len(values) != 2 or not all(0 <= v < size for v in values):
        return None
    return values[0], values[1]


# ---------------------------------------------------------------- cell state


class CellState(Task):
    name = "cell_state"
    description = "Whether a cell is revealed with a number, flagged, hidden or revealed empty"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    OPTIONS = ("Revealed, showing a number", "Flagged", "Hidden and not flagged",
               "Revealed and empty (a 0, no number shown)")
    OPEN = ("revealed number", "flagged", "hidden", "revealed empty")
    HINT = ("Answer with one of: revealed number, revealed empty, hidden (not flagged), "
            "flagged.")
    WHY = ("It is revealed and shows the number {v}.",
           "It is a hidden cell with a flag on it.",
           "It is a hidden cell with no flag.",
           "It is revealed with no number on it, so it is a revealed 0.")

    def build(self, draw: Draw) -> Question:
        kind = draw.target(range(len(self.OPTIONS)))
        dealt = deal_for(draw)
        return self._question(draw, state_of(dealt), kind, dealt)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, state, draw.target(range(len(self.OPTIONS))), None)

    def _question(self, draw: Draw, state: dict[str, Any], kind: int,
                  dealt: Deal | None) -> Question:
        """About a cell of the wanted kind; Retry when the board has none."""
        board = state["board"]
        group = [(r, c) for r, row in enumerate(board) for c, v in enumerate(row)
                 if VALUE_KIND.get(v, 0) == kind]
        if not group:
            raise Retry
        cell = draw.rng.choice(group)
        analysis = f"Look at row {cell[0]}, column {cell[1]}. " + \
            self.WHY[kind].format(v=board[cell[0]][cell[1]])
        return choice_question(state, f"What is the state of the cell {fmt(cell)}?",
                               self.OPTIONS, kind, analysis, meta_of(dealt, cell),
                               open=OpenForm(self.OPEN[kind], hint=self.HINT))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """The state's kind must match; a number given for a numbered cell must be its own."""
        read, stored, cell = read_cell_state(answer), board_of(state), cell_of(meta)
        if read is None or stored is None or cell is None or max(cell) >= len(stored[0]):
            return 0.0
        value = stored[0][cell[0]][cell[1]]
        kind = VALUE_KIND.get(value, 0)
        if read[0] != kind:
            return 0.0
        return 0.0 if read[1] is not None and str(read[1]) != value else 1.0


# ---------------------------------------------------------------- deduction tasks

LOGIC = (
    "Use only what the board shows: the revealed numbers, the flags and the total number of "
    "mines. A hidden cell is certainly a mine (or certainly safe) only if it is one in every "
    "placement of the mines that agrees with all of these."
)


def _setup_line(scene: Scene) -> str:
    sol = scene.sol
    flags = len(flag_cells(scene.board))
    return (f"The board has {scene.total} mines and {plural(flags, 'flag')}, so the "
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
        only = sol.first_layout()
        lines.append(f"The only one puts the mines at {fmt_cells(only)}."
                     if only else "The only one leaves every hidden cell safe.")
    for cell in cells:
        mines = sol.mine_layouts[cell]
        line = f"{fmt(cell)} is a mine in {mines} of them, so it is {_verdict(sol, cell)}."
        as_mine = as_safe = None
        if 0 < mines < sol.layouts:  # an undecided cell: one layout of each kind
            as_mine, as_safe = sol.example(cell, True), sol.example(cell, False)
        if as_mine is not None and as_safe is not None:
            line += (f" For example, the layout with {_example(sol, as_mine)} fits every "
                     f"number with {fmt(cell)} a mine, while the layout with "
                     f"{_example(sol, as_safe)} fits with it safe.")
        lines.append(line)
    return lines


def explain(scene: Scene, cells: list[Cell]) -> list[str]:
    """Why each of `cells` has its status: the one-number chain where it reaches, else counting."""
    steps, reached = scene.steps_for(cells)
    lines = [s.text for s in rules.chain_for(steps, cells)]
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
    values = sorted(sol.numbers(cell))
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


@lru_cache(maxsize=64)
def outcome_kinds(size: int, mines: int, progress: int) -> tuple[int, ...]:
    """The reveal outcomes a setting's boards offer often enough to ask about (once per setting).

    All four at the level presets; an extreme setting can all but lack one (on a 4x4 board
    with 4 mines and no play after the first click, almost no hidden cell is a certain 0), and
    then the answers are balanced over the other three.
    """
    deals = calibration_deals(size, mines, progress, "outcome_kinds", mine_left=True)
    seen: Counter[int] = Counter()
    for dealt in deals:
        sol = rules.solve(dealt.board, dealt.total)
        seen.update({RevealOutcome.kind_of(sol, c) for c in sol.frontier})
    return tuple(k for k in range(4) if seen[k] >= RARE_OUTCOME * len(deals))


class RevealOutcome(Task):
    name = "reveal_outcome"
    description = "What revealing a hidden frontier cell certainly does, or that it is undecided"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    MINE, ZERO, NUMBER, UNKNOWN = range(4)
    HINT = ("Answer with mine if the cell certainly holds a mine, with the number it certainly "
            "shows (0 to 8) if it is certainly safe, or with undetermined if the board does "
            "not decide it.")

    def build(self, draw: Draw) -> Question:
        """No `ask`: the four outcomes must each be the answer of exactly a quarter of the
        items (three of them are one answer each, and the audit allows a constant answer
        25%), which only a board dealt for its outcome guarantees. Boards dealt by other
        tasks offer a certain 0 on about one board in six (one in fourteen on the easy
        board), so any choice among the outcomes
        they offer leaves the shares a matter of chance, above 25% about half the time."""
        size, mines, progress = (draw.params[k] for k in ("size", "mines", "progress"))
        check_board(size, mines)
        kinds = outcome_kinds(size, mines, progress)
        if not kinds:
            raise Retry  # this setting deals no board at all
        kind = draw.target(kinds)
        dealt, scene, group = self._board_for(draw, kind)
        sol = scene.sol
        cell = draws.choice(draw.rng, group)
        shown = sol.number(cell) if kind in (self.ZERO, self.NUMBER) else None
        value = shown if kind == self.NUMBER else self._wrong_number(draw, scene, cell)
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
        ask = f"If the hidden cell {fmt(cell)} is revealed next, what happens?"
        text = (f"{LOGIC}\n\n{ask} Choose a definite outcome only if it is certain; otherwise "
                "choose that it cannot be determined.")
        open_text = (f"{LOGIC}\n\n{ask} Give a definite outcome only if it is certain; "
                     "otherwise say that it cannot be determined.")
        answer = ("mine", "0", str(shown), "undetermined")[kind]
        return choice_question(state_of(dealt), text, options, kind, "\n".join(lines),
                               meta_of(dealt, cell),
                               open=OpenForm(answer, text=open_text, hint=self.HINT))

    def _board_for(self, draw: Draw, kind: int) -> tuple[Deal, Scene, list[Cell]]:
        """A board of this item's split with a frontier cell of outcome `kind`, and those cells.

        Boards are dealt from the item's randomness until one offers the outcome (up to
        BOARD_DEALS, then Retry): a certain 0 needs about six deals, and each rejected one is
        told by a fast test, mostly before its flags are drawn, not by a fresh build.
        """
        size, mines, progress = setting(draw)
        rng = draw.rng
        for _ in range(BOARD_DEALS):
            # a mine or an open question needs a mine left unflagged
            flags = draws.randint(rng, MIN_FLAGS, min(MAX_FLAGS, mines - 1)) \
                if kind in (self.MINE, self.UNKNOWN) else None
            dealt = rules.deal(rng, size, mines, progress, flags,
                               hidden_zero=kind == self.ZERO)
            if dealt is None or not self.may_offer(kind, dealt):
                continue  # known without solving the board
            state = state_of(dealt)
            if not in_split(draw, state):
                continue
            scene = scene_of(state)
            group = self.group(scene.sol, kind)
            if group:
                return dealt, scene, group
        raise Retry

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """The outcome re-derived by the exact solver; a number must be the one it shows."""
        read, stored, cell = read_outcome(answer), board_of(state), cell_of(meta)
        if read is None or stored is None or cell is None:
            return 0.0
        sol = rules.solve(*stored)
        if cell not in sol.mine_layouts:
            return 0.0
        kind = self.kind_of(sol, cell)
        number = sol.number(cell) if kind in (self.ZERO, self.NUMBER) else None
        return 1.0 if read == (kind, number) else 0.0

    @classmethod
    def may_offer(cls, kind: int, dealt: Deal) -> bool:
        """False only if the board has no frontier cell of outcome `kind`, by a fast test:
        most boards hold no certain 0, and small boards often settle by the simple rules."""
        if kind == cls.ZERO:
            return rules.hides_a_zero(dealt) and rules.may_show_zero(dealt.board, dealt.total)
        if kind == cls.UNKNOWN:
            return rules.may_be_undecided(dealt.board, dealt.total)
        return True

    @classmethod
    def group(cls, sol: Solution, kind: int) -> list[Cell]:
        """The frontier cells whose outcome is `kind`, as `kind_of` sorts them; a cell that
        may or may not hold a mine is undecided without asking which numbers it could show."""
        if kind == cls.MINE:
            return [c for c in sol.frontier if sol.is_mine(c)]
        if kind == cls.UNKNOWN:
            return [c for c in sol.frontier if not sol.is_mine(c)
                    and (not sol.is_safe(c) or sol.number(c) is None)]
        return [c for c in sol.frontier if sol.is_safe(c) and cls.kind_of(sol, c) == kind]

    @classmethod
    def kind_of(cls, sol: Solution, cell: Cell) -> int:
        """The outcome of revealing `cell`: MINE, ZERO, NUMBER or UNKNOWN."""
        if sol.is_mine(cell):
            return cls.MINE
        number = sol.number(cell)
        if number is None:
            return cls.UNKNOWN
        return cls.ZERO if number == 0 else cls.NUMBER

    @staticmethod
    def _wrong_number(draw: Draw, scene: Scene, cell: Cell) -> int:
        """A number from 1-8 that `cell` shows in no consistent layout, plausible if possible."""
        possible = scene.sol.numbers(cell)
        covered = sum(1 for n in neighbours(cell, len(scene.board)) if scene.value(n) in
                      (HIDDEN, FLAG))
        near = [v for v in range(1, covered + 1) if v not in possible]
        return draw.rng.choice(near or [v for v in range(1, 9) if v not in possible])

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
    description = "The best next move: a hidden cell that is certainly safe to reveal"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "coordinate"

    MOVE = ("The best next move is to reveal a hidden cell that is certainly safe: one that holds "
            "no mine in any placement of the mines that agrees with the board.")
    HINT = "Answer with the cell's coordinates in parentheses, e.g. (1, 2)."

    def build(self, draw: Draw) -> Question:
        mines = draw.params["mines"]
        dealt, scene = scene_for(draw, flags=draws.randint(draw.rng, MIN_FLAGS,
                                                           min(MAX_FLAGS, mines - 1)))
        return self._question(draw, state_of(dealt), scene, dealt)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, state, scene_of(state), None)

    def _question(self, draw: Draw, state: dict[str, Any], scene: Scene,
                  dealt: Deal | None) -> Question:
        """Retry when no hidden cell is certainly safe, or every one is."""
        rng = draw.rng
        sol, board = scene.sol, scene.board
        safe = [c for c in sol.unknown if sol.is_safe(c)]
        risky = [c for c in sol.unknown if not sol.is_safe(c)]
        if not safe or not risky:
            raise Retry
        cell = draws.choice(rng, safe)
        wrong = self._wrong_cells(rng, board, risky)
        if not any(c in risky for c in wrong):
            raise Retry  # every wrong option could be told by sight alone
        options, index = draw.place(fmt(cell), [fmt(c) for c in wrong])
        text = (f"{LOGIC}\n\n{self.MOVE} Which of these cells should be revealed next?")
        open_text = (f"{LOGIC}\n\n{self.MOVE} Which cell should be revealed next? Any "
                     "certainly safe hidden cell is a right answer.")
        first = self._first_safe(scene, safe)
        open_form = OpenForm(fmt(first), text=open_text, hint=self.HINT,
                             analysis=self._open_analysis(scene, first, safe),
                             meta={"accepted": [fmt(c) for c in safe]})
        return choice_question(state, text, options, index,
                               self._choice_analysis(scene, cell, wrong), meta_of(dealt),
                               open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """Right when the named cell is hidden, unflagged and safe in every consistent layout."""
        stored = board_of(state)
        if stored is None:
            return 0.0
        board, total = stored
        cell = read_cell(answer, len(board))
        if cell is None or board[cell[0]][cell[1]] != HIDDEN:
            return 0.0
        return 1.0 if rules.solve(board, total).is_safe(cell) else 0.0

    @staticmethod
    def _wrong_cells(rng: random.Random, board: list[list[str]], risky: list[Cell]) -> list[Cell]:
        """Five cells that are not safe to reveal, the ones only the rule rules out first.

        Hidden unflagged cells that may or must hold a mine, drawn evenly; then flags; on a
        small board that still leaves too few, revealed cells on the border of the hidden area
        (revealed cells far from it would stand out, leaving the hidden answer in the middle
        of the options).
        """
        wrong = draws.sample(rng, risky, min(len(risky), OPTION_COUNT - 1))
        flags = flag_cells(board)
        wrong += draws.sample(rng, flags, min(len(flags), OPTION_COUNT - 1 - len(wrong)))
        missing = OPTION_COUNT - 1 - len(wrong)
        if missing:
            size = len(board)
            border = [c for c in cells_where(board, rules.is_revealed)
                      if any(board[r][k] in (HIDDEN, FLAG) for r, k in neighbours(c, size))]
            if len(border) < missing:
                raise Retry
            wrong += draws.sample(rng, border, missing)
        return wrong

    @staticmethod
    def _first_safe(scene: Scene, safe: list[Cell]) -> Cell:
        """The first safe cell the simple chain settles (else the first one, row-major)."""
        for step in scene.iter_steps():
            for cell in step.safes:
                if cell in safe:
                    return cell
        return safe[0]

    def _choice_analysis(self, scene: Scene, cell: Cell, wrong: list[Cell]) -> str:
        sol = scene.sol
        hidden = sorted(c for c in wrong if scene.value(c) == HIDDEN)
        lines = [_setup_line(scene), *explain(scene, [cell, *hidden])]
        groups = (
            (sorted(c for c in wrong if rules.is_revealed(scene.value(c))),
             "is already revealed, so there is nothing to reveal there",
             "are already revealed, so there is nothing to reveal there"),
            (sorted(c for c in wrong if scene.value(c) == FLAG),
             "is flagged: a known mine, never to be revealed",
             "are flagged: known mines, never to be revealed"),
            ([c for c in hidden if sol.is_mine(c)],
             "is certainly a mine, so revealing it loses the game",
             "are certainly mines, so revealing them loses the game"),
            ([c for c in hidden if not sol.is_mine(c)],
             "may hold a mine, so revealing it is a gamble",
             "may each hold a mine, so revealing them is a gamble"),
        )
        for group, one, many in groups:
            if group:
                lines.append(f"{fmt_cells(group)} {one if len(group) == 1 else many}.")
        lines.append(f"Of the options only {fmt(cell)} is certainly safe, so revealing it is "
                     "the best move.")
        return "\n".join(lines)

    def _open_analysis(self, scene: Scene, cell: Cell, safe: list[Cell]) -> str:
        lines = [_setup_line(scene), *explain(scene, [cell])]
        others = [c for c in safe if c != cell]
        if others:
            lines.append(f"Counting every consistent layout, the hidden cells that are safe in "
                         f"all of them are {fmt_cells(safe)}; revealing any of them is equally "
                         "good.")
        else:
            lines.append(f"Every other hidden unflagged cell could hold a mine, so {fmt(cell)} "
                         "is the only certainly safe cell.")
        lines.append(f"So revealing {fmt(cell)} is a best move.")
        return "\n".join(lines)


TASKS = [FlagCount(), MinesLeft(), RevealedCount(), CellState(), RevealOutcome(), BestMove()]
