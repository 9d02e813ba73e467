"""Colour Sudoku question types.

Each task draws the answer it should land on from a balanced schedule and carves the puzzle so
that it lands there: the removal order of the blanks decides how often a colour is left, how
many colours a cell can take and which lines are emptiest, while every blank is still kept
only if the puzzle stays uniquely solvable. Colour answers are balanced by relabelling, which
changes neither the puzzle's structure nor its solution count.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from itertools import chain, compress
from typing import Any, Union

from ...core import Draw, OpenForm, ParamError, Question, Retry, Task, choice_question
from ...core import rng as draws
from ...core.seeds import derive_seed
from ...core.text import fmt_cell, plural
from . import rules
from .rules import BOX, EMPTY, Board, Cell, Constraints

Grid = Sequence[Sequence[int]]  # a board as rows of values, lists or tuples

MIN_BLANKS = 3  # a chain of three naked singles needs three empty cells
COLOR_HINT = "Answer with the colour's name."
# Other spellings a reader may use for a colour name.
SPELLINGS = {"gray": ["grey"], "forest green": ["forest-green"]}
# Questions about a board another task made: answers that fewer than RARE_OFFER of such boards
# offer are left to `build`, as long as the others then come up at most STAND_IN times as
# often as under `build` (shares measured on CALIBRATION_BOARDS boards made by the tasks in
# turn from a fixed seed).
RARE_OFFER = 0.02
STAND_IN = 1.25
CALIBRATION_BOARDS = 300
CALIBRATION_TRIES = 200


def grid_size(draw: Draw) -> int:
    return draw.params["box"] ** 2


def blank_count(size: int, percent: int) -> int:
    return max(MIN_BLANKS, size * size * percent // 100)


def blank_range(draw: Draw) -> range:
    """The numbers of empty cells a puzzle of this draw may have (percent bounds, at least 3)."""
    params = draw.params
    return _blank_range(params["box"], params["blanks_min"], params["blanks_max"])


@lru_cache(maxsize=64)
def _blank_range(box: int, low: int, high: int) -> range:
    """`blank_range` of these parameters (kept: every build asks)."""
    if low > high:
        raise ParamError(f"sudoku.blanks_min ({low}) must not exceed sudoku.blanks_max ({high})")
    size = box ** 2
    return range(blank_count(size, low), blank_count(size, high) + 1)


def state_of(board: Board) -> dict[str, Any]:
    size = len(board)
    return {"size": size, "board": board, "colors": rules.colors_for(size)}


def new_solution(draw: Draw) -> Board:
    return rules.random_solution(draw.rng, grid_size(draw))


@cache
def all_cells(size: int) -> tuple[Cell, ...]:
    """Every cell, row-major (kept per size)."""
    return tuple((r, c) for r in range(size) for c in range(size))


def shuffled(draw: Draw, cells: Iterable[Cell]) -> list[Cell]:
    cells = list(cells)
    draws.shuffle(draw.rng, cells)
    return cells


def carve_exactly(carver: rules.Carver, cells: Iterable[Cell], count: int,
                  accept: Any = None) -> None:
    """Empty exactly `count` of `cells` (see `rules.carve_blanks`), else draw afresh."""
    if count > 0 and carver.carve(cells, count, accept) != count:
        raise Retry


def claimed(draw: Draw, board: Board) -> dict[str, Any]:
    state = state_of(board)
    draw.claim(state)
    return state


def random_puzzle(draw: Draw) -> dict[str, Any]:
    """A uniquely solvable puzzle with a number of blanks drawn from the parameters' range."""
    return state_of(random_carving(draw).board)


def random_carving(draw: Draw) -> rules.Carver:
    """`random_puzzle`'s board, carved, with the masks the carver keeps of it."""
    blanks = draws.choice(draw.rng, blank_range(draw))
    carver = rules.Carver.solved(new_solution(draw), copy=False)
    carve_exactly(carver, shuffled(draw, all_cells(len(carver.board))), blanks)
    return carver


def fmt(cell: Cell) -> str:
    """A 0-based internal cell written 1-based, as the prompt numbers them."""
    return fmt_cell(cell, base=1)


def names(state: dict[str, Any], values: list[int]) -> str:
    colors = state["colors"]
    return ", ".join([colors[v - 1] for v in values]) if values else "no colours"


@cache
def _box_name(size: int, box: int) -> str:
    """The words for box `box` (kept per box)."""
    b = BOX[size]
    r0, c0 = box // b * b + 1, box % b * b + 1
    return f"the box of rows {r0}-{r0 + b - 1} and columns {c0}-{c0 + b - 1}"


def constraint_lines(state: dict[str, Any], cell: Cell, why: Constraints) -> list[str]:
    """The colours the cell's row, column and box hold, then what is left for the cell."""
    return _constraint_lines(["", *state["colors"]], state["size"], cell, why)


def _constraint_lines(named: list[str], size: int, cell: Cell, why: Constraints) -> list[str]:
    """`constraint_lines`, with `named[v]` the name of colour v."""
    say = named.__getitem__  # names are never empty: a join is empty only for no values
    used = sorted(set(why.row).union(why.col, why.box))
    r, c = cell
    return [
        f"Row {r + 1} holds {', '.join(map(say, why.row)) or 'no colours'}.",
        f"Column {c + 1} holds {', '.join(map(say, why.col)) or 'no colours'}.",
        f"{_box_title(size, rules.box_index(size)[r][c])} holds "
        f"{', '.join(map(say, why.box)) or 'no colours'}.",
        f"Together they use {plural(len(used), 'colour')}: "
        f"{', '.join(map(say, used)) or 'no colours'}. Left for ({r + 1}, {c + 1}): "
        f"{', '.join(map(say, why.candidates)) or 'no colours'}.",
    ]


@cache
def _box_title(size: int, box: int) -> str:
    """`_box_name` capitalized, to open a sentence (kept per box)."""
    return _box_name(size, box).capitalize()


@cache
def _cell_texts(size: int) -> tuple[tuple[str, ...], ...]:
    """_cell_texts(size)[r][c]: cell (r, c) written 1-based, '(r + 1, c + 1)'."""
    return tuple(tuple(fmt((r, c)) for c in range(size)) for r in range(size))


@cache
def _numbers(size: int) -> tuple[str, ...]:
    """'1' .. str(size): the 1-based numbers of a line's places."""
    return tuple(str(j) for j in range(1, size + 1))


def _hits(line: Sequence[int], value: int, written: Sequence[str]) -> list[str]:
    """`written[j]` for each place j of `line` holding `value`, in order (a colour is in a
    row of a valid board at most once: one `index` then does)."""
    count = line.count(value)
    if count == 0:
        return []
    if count == 1:
        return [written[line.index(value)]]
    return [text for text, v in zip(written, line, strict=True) if v == value]


def filled_cells(board: Grid) -> list[Cell]:
    """The cells holding a colour (a value other than EMPTY, 0), row-major."""
    return list(compress(all_cells(len(board)), chain.from_iterable(board)))


def cells_holding(board: Grid, value: int) -> list[Cell]:
    """The cells of `board` that hold `value`, row-major (a colour is in a row of a valid
    board at most once: one `index` then finds it)."""
    found = []
    for r, row in enumerate(board):
        count = row.count(value)
        if count == 1:
            found.append((r, row.index(value)))
        elif count:
            found += [(r, c) for c, v in enumerate(row) if v == value]
    return found


def all_cells_but(size: int, cells: Iterable[Cell]) -> list[Cell]:
    """Every cell of the board except `cells`, row-major."""
    keep = bytearray(b"\x01") * (size * size)  # 1 for a cell to keep
    for r, c in cells:
        keep[r * size + c] = 0
    return list(compress(all_cells(size), keep))


def color_open_form(state: dict[str, Any], value: int) -> OpenForm:
    name = state["colors"][value - 1]
    return OpenForm(answer=name, meta={"accepted": SPELLINGS.get(name, [])}, hint=COLOR_HINT)


class CellColor(Task):
    name = "cell_color"
    description = "Colour of a given pre-filled cell"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        value = draw.target(range(1, grid_size(draw) + 1))
        state = random_puzzle(draw)
        cell = draws.choice(draw.rng, filled_cells(state["board"]))
        board = rules.swap_values(state["board"], state["board"][cell[0]][cell[1]], value)
        return self._question(claimed(draw, board), cell, value)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A cell holding the balanced colour: any filled cell of it may be asked about."""
        value = draw.target(range(1, state["size"] + 1))
        board = state["board"]
        cells = cells_holding(board, value)
        if not cells:
            raise Retry
        return self._question(state, draws.choice(draw.rng, cells), value)

    @staticmethod
    def _question(state: dict[str, Any], cell: Cell, value: int) -> Question:
        row = state["board"][cell[0]]
        named = ["empty", *state["colors"]]  # EMPTY (0) reads "empty", value v its colour
        reading = ", ".join(map(named.__getitem__, row))
        analysis = (f"Row {cell[0] + 1} reads, from column 1 to column {state['size']}: "
                    f"{reading}.\nThe cell in column {cell[1] + 1} is "
                    f"{state['colors'][value - 1]}.")
        text = f"What is the colour of the cell at {fmt(cell)}?"
        return choice_question(state, text, state["colors"], value - 1, analysis,
                               {"cell": [cell[0] + 1, cell[1] + 1]},
                               open=color_open_form(state, value))


def count_span(size: int, blanks: range) -> int:
    """How many blanks one colour may get: about twice its fair share at the most blanks.

    A colour keeps `size - span` to `size` of its cells, the counts a random puzzle of these
    blanks commonly shows.
    """
    return min(size, blanks[-1], max(2, math.ceil(2 * blanks[-1] / size)))


def blanks_at_least(draw: Draw, blanks: range, need: int) -> int:
    """A blank count of the range that leaves room for `need` blanks the answer requires."""
    return draws.choice(draw.rng, blanks[max(0, need - blanks[0]):])


class ColorCount(Task):
    name = "color_count"
    description = "How many cells hold a given colour"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        size, blanks = grid_size(draw), blank_range(draw)
        total = draw.target(range(size - count_span(size, blanks), size + 1))
        count = blanks_at_least(draw, blanks, size - total)
        value = draws.randint(draw.rng, 1, size)
        solution = new_solution(draw)
        carver = rules.Carver.solved(solution)
        own = cells_holding(solution, value)
        rest = all_cells_but(size, own)
        carve_exactly(carver, shuffled(draw, own), size - total)
        carve_exactly(carver, shuffled(draw, rest), count - (size - total))
        return self._question(claimed(draw, carver.board), value, total)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A colour whose count is picked among the counts `build` balances (see
        `offered_pick`)."""
        size, blanks = state["size"], blank_range(draw)
        offers = offers_on(self, state)
        total = offered_pick(draw, self, offers, range(size - count_span(size, blanks), size + 1))
        return self._question(state, draws.choice(draw.rng, offers[total]), total)

    @staticmethod
    def offers(board: Grid) -> dict[int, list[int]]:
        """Per count, the colours that fill that many cells."""
        found: dict[int, list[int]] = {}
        for value in range(1, len(board) + 1):
            found.setdefault(sum(row.count(value) for row in board), []).append(value)
        return found

    @staticmethod
    def _question(state: dict[str, Any], value: int, total: int) -> Question:
        board = state["board"]
        color = state["colors"][value - 1]
        steps = []
        for r, (row, written) in enumerate(zip(board, _cell_texts(len(board)), strict=True),
                                           start=1):
            hits = _hits(row, value, written)
            steps.append(f"Row {r}: {', '.join(hits) if hits else 'none'}.")
        steps.append(f"In total {color} appears in {plural(total, 'cell')}.")
        text = f"How many cells of the grid are coloured {color}? Count only filled cells."
        return Question(state, text, str(total), "\n".join(steps), meta={"color": color})


@cache
def freeing_costs(size: int) -> tuple[int, ...]:
    """The fewest blanks each extra candidate of a cell needs, cheapest first.

    An extra candidate needs every cell of the row, column and box that holds that colour
    empty: two cells for a colour met in the box on the cell's row or column, three otherwise.
    """
    b = BOX[size]
    return tuple(sorted([2] * (2 * (b - 1)) + [3] * ((b - 1) ** 2)))


@lru_cache(maxsize=64)
def candidate_cap(size: int, blanks: range) -> int:
    """The most candidates an asked cell gets: box side + 1, and what the most blanks allow."""
    costs = freeing_costs(size)
    cap = 1
    while cap < BOX[size] + 1 and 1 + sum(costs[:cap]) <= blanks[-1]:
        cap += 1
    return cap


class CandidateCount(Task):
    name = "candidate_count"
    description = "How many colours an empty cell can take given its row, column and box"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        size, blanks = grid_size(draw), blank_range(draw)
        want = draw.target(range(1, candidate_cap(size, blanks) + 1))
        count = blanks_at_least(draw, blanks, 1 + sum(freeing_costs(size)[:want - 1]))
        solution = new_solution(draw)
        cell = draws.choice(draw.rng, all_cells(size))
        holders: dict[int, list[Cell]] = {}
        for peer in rules.peer_cells(size, cell):
            holders.setdefault(solution[peer[0]][peer[1]], []).append(peer)
        # The colours freed for the cell: every peer holding them is emptied.
        freed: list[int] = []
        budget = count - 1
        for value in draws.sample(draw.rng, sorted(holders), len(holders)):
            if len(freed) == want - 1:
                break
            if len(holders[value]) <= budget:
                freed.append(value)
                budget -= len(holders[value])
        if len(freed) < want - 1:
            raise Retry
        required = [cell, *(peer for value in freed for peer in holders[value])]
        carver = rules.Carver.solved(solution)
        board = carver.board
        carve_exactly(carver, required, len(required))

        def keeps_a_holder(target: Cell) -> bool:
            value = solution[target[0]][target[1]]
            if value in freed or target not in holders.get(value, ()):
                return True
            return sum(board[r][c] != EMPTY for r, c in holders[value]) > 1

        others = all_cells_but(size, required)
        carve_exactly(carver, shuffled(draw, others), count - len(required), keeps_a_holder)
        state = claimed(draw, board)
        why = rules.constraints(board, cell)
        if len(why.candidates) != want:
            raise AssertionError(f"{fmt(cell)} has {len(why.candidates)} candidates, "
                                 f"not {want}")
        return self._question(state, cell, why)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """An empty cell whose candidate count is picked among the counts `build` balances
        (see `offered_pick`)."""
        offers = offers_on(self, state)
        want = offered_pick(draw, self, offers,
                            range(1, candidate_cap(state["size"], blank_range(draw)) + 1))
        return self._question(state, *draws.choice(draw.rng, offers[want]))

    @staticmethod
    def offers(board: Grid) -> dict[int, list[tuple[Cell, Constraints]]]:
        """Per candidate count, the empty cells with that many candidates (and why)."""
        found: dict[int, list[tuple[Cell, Constraints]]] = {}
        for cell in rules.empties(board):
            why = rules.constraints(board, cell)
            found.setdefault(len(why.candidates), []).append((cell, why))
        return found

    @staticmethod
    def _question(state: dict[str, Any], cell: Cell, why: Constraints) -> Question:
        want = len(why.candidates)
        steps = constraint_lines(state, cell, why)
        steps.append(f"That leaves {plural(want, 'candidate colour')} for {fmt(cell)}.")
        text = (f"Looking only at the colours already placed in its row, its column and its box, "
                f"how many different colours could legally be placed in the empty cell "
                f"{fmt(cell)}? (A colour is possible when it does not yet appear in any of the "
                "three.)")
        return Question(state, text, str(want), "\n".join(steps),
                        meta={"cell": [cell[0] + 1, cell[1] + 1]})


THRESHOLDS = (1, 2)
AXES = ("row", "column")


@cache
def line_cells(size: int, axis: str, i: int) -> tuple[Cell, ...]:
    """The cells of row or column `i`, in order along it (kept per line)."""
    return tuple((i, j) if axis == "row" else (j, i) for j in range(size))


def line_span(size: int, threshold: int, blanks: int) -> range:
    """How many lines can have more than `threshold` blanks when `blanks` cells are empty.

    At most blanks // (threshold + 1); at least enough that the other lines, holding at most
    `threshold` each, and these, holding at most two thirds of a line each (emptier lines
    soon leave the puzzle with several solutions), take every blank.
    """
    capacity = math.ceil(2 * size / 3)
    spare = blanks - size * threshold
    low = math.ceil(spare / (capacity - threshold)) if spare > 0 else 0
    return range(low, min(size, blanks // (threshold + 1)) + 1)


@lru_cache(maxsize=64)
def line_choices(size: int, blanks: range) -> dict[int, list[tuple[int, int]]]:
    """Per answer, the (threshold, blank count) pairs that can produce it."""
    choices: dict[int, list[tuple[int, int]]] = {}
    for threshold in THRESHOLDS:
        for count in blanks:
            for answer in line_span(size, threshold, count):
                choices.setdefault(answer, []).append((threshold, count))
    return choices


class LinesWithEmpties(Task):
    name = "lines_with_empties"
    description = "How many rows or columns have more than N empty cells"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        size, blanks = grid_size(draw), blank_range(draw)
        choices = line_choices(size, blanks)
        want = draw.target(sorted(choices))
        threshold, count = draws.choice(draw.rng, choices[want])
        axis = draws.choice(draw.rng, AXES)
        carver = rules.Carver.solved(new_solution(draw), copy=False)
        board = carver.board

        heavy = draws.sample(draw.rng, range(size), want)
        for i in heavy:
            carve_exactly(carver, shuffled(draw, line_cells(size, axis, i)), threshold + 1)

        # The carver's masks hold the colours of each line of the board as it is carved: a
        # line has size - (colours in it) empty cells.
        masks, side = (carver.rows, 0) if axis == "row" else (carver.cols, 1)
        most = size - threshold  # a light line keeps more colours than this

        def stays_light(cell: Cell) -> bool:
            i = cell[side]
            return i in heavy or masks[i].bit_count() > most

        carve_exactly(carver, shuffled(draw, all_cells(size)), count - want * (threshold + 1),
                      stays_light)
        question = self._question(claimed(draw, board), axis, threshold)
        if question.answer != str(want):
            raise AssertionError(f"{question.answer} heavy lines, not {want}")
        return question

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A line direction and threshold whose answer is picked among the answers `build`
        balances (see `offered_pick`)."""
        offers = offers_on(self, state)
        want = offered_pick(draw, self, offers,
                            sorted(line_choices(state["size"], blank_range(draw))))
        return self._question(state, *draws.choice(draw.rng, offers[want]))

    @staticmethod
    def offers(board: Grid) -> dict[int, list[tuple[str, int]]]:
        """Per answer, the (direction, threshold) pairs under which that many lines are heavy."""
        found: dict[int, list[tuple[str, int]]] = {}
        for axis in AXES:
            lines = board if axis == "row" else zip(*board, strict=True)
            empty = [line.count(EMPTY) for line in lines]
            for threshold in THRESHOLDS:
                heavy = sum(1 for n in empty if n > threshold)
                found.setdefault(heavy, []).append((axis, threshold))
        return found

    @staticmethod
    def _question(state: dict[str, Any], axis: str, threshold: int) -> Question:
        board = state["board"]
        lines = board if axis == "row" else zip(*board, strict=True)
        other = "column" if axis == "row" else "row"
        name = axis.capitalize()
        steps, hits = [], []
        numbers = _numbers(len(board))
        for i, line in enumerate(lines, start=1):
            where = _hits(line, EMPTY, numbers)
            detail = (f"empty at {other}{'s' if len(where) > 1 else ''} {', '.join(where)} "
                      f"({len(where)} empty)") if where else "no empty cell (0 empty)"
            steps.append(f"{name} {i}: {detail}.")
            if len(where) > threshold:
                hits.append(i)
        listed = ", ".join(map(str, hits)) if hits else "none"
        steps.append(f"{axis.capitalize()}s with more than {plural(threshold, 'empty cell')}: "
                     f"{listed}; that is {len(hits)}.")
        text = f"How many {axis}s contain more than {plural(threshold, 'empty cell')}?"
        return Question(state, text, str(len(hits)), "\n".join(steps),
                        meta={"axis": axis, "threshold": threshold})


class NakedSingleChain(Task):
    name = "naked_single_chain"
    description = "Colour of the third cell filled by a chain of naked singles"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        value = draw.target(range(1, grid_size(draw) + 1))
        carver = random_carving(draw)
        fills = carver.naked_single_fills(3)
        if fills is None:
            raise Retry
        # Relabelling keeps every naked single where it is; it only renames the colours.
        board = rules.swap_values(carver.board, fills[-1][1], value)
        state = claimed(draw, board)
        chain = rules.naked_single_chain(board, 3)
        assert chain is not None and chain[-1].value == value
        return self._question(state, chain)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """Whatever colour the chain leads to: on boards dealt with random colour names every
        colour is equally likely there, so no relabelling is needed (nor allowed: the picture
        is shared)."""
        chain = rules.naked_single_chain(state["board"], 3)
        if chain is None:
            raise Retry
        return self._question(state, chain)

    @staticmethod
    def _question(state: dict[str, Any], chain: list[rules.SingleStep]) -> Question:
        size, colors = state["size"], state["colors"]
        named = ["", *colors]  # value v's name at index v
        boxes = rules.box_index(size)
        value = chain[-1].value
        cells = [step.cell for step in chain]
        p1, p2, p3 = written = [fmt(cell) for cell in cells]
        steps = []
        for k, step in enumerate(chain, start=1):
            steps.append(f"Step {k}: P{k} = {written[k - 1]}.")
            r, c = step.cell
            box = boxes[r][c]
            earlier = [f"P{j}" for j, (i, jj) in enumerate(cells[:k - 1], start=1)
                       if i == r or jj == c or boxes[i][jj] == box]
            if earlier:
                verb = "shares" if len(earlier) == 1 else "share"
                steps.append(f"({' and '.join(earlier)}, already filled, {verb} a row, column "
                             f"or box with P{k}, so {'its' if verb == 'shares' else 'their'} "
                             "colour counts below.)")
            steps += _constraint_lines(named, size, step.cell, step.why)
            steps.append(f"Exactly one colour is left, so P{k} is {named[step.value]}.")
        text = (
            "A naked single is an empty cell whose row, column and box together already hold "
            "every colour but one, so that colour is forced there. Fill the grid step by step: "
            "at each step take the first naked single in row-major order (row 1 from left to "
            "right, then row 2, and so on) and place its forced colour. The first two cells "
            f"filled this way are P1 = {p1} and then P2 = {p2}. With both filled, the next "
            f"naked single is P3 = {p3}. What colour goes in P3?"
        )
        meta = {"chain": [[r + 1, c + 1] for r, c in cells]}
        return choice_question(state, text, colors, value - 1, "\n".join(steps), meta,
                               open=color_open_form(state, value))


# ----------------------------------------------------------------- questions about other boards

Offers = Callable[[dict[str, Any]], dict[int, list[Any]]]


@lru_cache(maxsize=64)
def offer_shares(box: int, blanks_min: int, blanks_max: int) -> dict[str, dict[int, float]]:
    """Per counting task, the share of the other tasks' boards that offer each answer.

    CALIBRATION_BOARDS boards, made by the tasks in turn from a fixed seed: the boards a
    question about another task's picture sees (one carved for a line count, one for a
    colour count ...), unlike a random puzzle. A task's own boards are left out: it never
    asks about them, and they offer its rarest answers far more often than the others do.
    """
    params = {"box": box, "blanks_min": blanks_min, "blanks_max": blanks_max}
    rng = random.Random(derive_seed("sudoku", "offer shares", box, blanks_min, blanks_max))
    seen: dict[str, Counter[int]] = {task.name: Counter() for task in ASKERS}
    boards: Counter[str] = Counter()
    for index in range(CALIBRATION_BOARDS):
        task = TASKS[index % len(TASKS)]
        draw = Draw(rng, "calibration", params, index // len(TASKS), f"calibration/{task.name}")
        for _ in range(CALIBRATION_TRIES):
            try:
                state = task.build(draw).state
                break
            except Retry:
                continue
        else:
            continue
        boards[task.name] += 1
        for asker in ASKERS:
            if asker is not task:
                seen[asker.name].update(asker.offers(state["board"]).keys())
    total = sum(boards.values())
    return {name: {v: n / (total - boards[name]) for v, n in counts.items()}
            for name, counts in seen.items()}


Asker = Union["ColorCount", "CandidateCount", "LinesWithEmpties"]


@lru_cache(maxsize=32)
def _offers(task: Asker, board: tuple[tuple[int, ...], ...]) -> dict[int, list[Any]]:
    return task.offers(board)


def offers_on(task: Asker, state: dict[str, Any]) -> dict[int, list[Any]]:
    """`task.offers` of the state's board, kept for a while: the pick is fixed per item, so
    the generator's further attempts at an item that asks nothing would count them again."""
    return _offers(task, tuple(map(tuple, state["board"])))


def offered_pick(draw: Draw, task: Asker,
                 offers: dict[int, list[Any]], values: Sequence[int]) -> int:
    """The answer to ask about on a board another task made, one it offers; Retry if none.

    `build` carves the board for its balanced answer; on a given board each answer is
    there or not. With p_v the share of such boards offering answer v, v is picked with
    chance c / p_v when offered, c = 1 / sum(1 / p_v) (the most that still sums to at most 1
    on a board offering them all), so every v is the answer of a share c of the items. The
    pick is fixed per item (the generator's fresh attempts redraw only the cell or colour).
    Answers other boards hardly ever offer (under RARE_OFFER) are left to `build` where the
    rest are many enough to stand in for them (no line without a blank on a board with a
    quarter of its cells blank); where they are not (one or two candidates only on a board
    with 10% blanks, out of four), the task asks nothing at that setting.
    """
    shares = offer_shares(draw.params["box"], draw.params["blanks_min"],
                          draw.params["blanks_max"])[task.name]
    asked = [v for v in values if shares.get(v, 0.0) >= RARE_OFFER]
    if not asked or len(asked) * STAND_IN < len(values):
        raise Retry
    chance = 1 / sum(1 / shares[v] for v in asked)
    left = draw.item_fraction("pick")
    for value in asked:
        if value in offers:
            left -= chance / shares[value]
            if left < 0:
                return value
    raise Retry


TASKS = [CellColor(), ColorCount(), CandidateCount(), LinesWithEmpties(), NakedSingleChain()]
ASKERS = [task for task in TASKS if hasattr(task, "offers")]
