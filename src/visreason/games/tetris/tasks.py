"""Tetris question types (GameQA tetris ids 0-3).

Every state is a board reached by play: pieces hard-dropped by a stacking policy, full rows
cleared, and (almost always) an active piece falling somewhere above the stack, at a height
it reached by falling straight down from the top. Any task can ask about any task's board.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, Unaskable, choice_question
from ...core.seeds import derive_seed
from ...core.text import fmt_cell as fmt
from ...core.text import fmt_cells, plural
from . import rules
from .rules import NAMES, Cell, Placement, Shape

NO_PIECE = "no falling tetromino"
SHAPE_OPTIONS = [*NAMES, NO_PIECE]
# Boards without an active piece (between two pieces): the items whose answer is "none" / -1.
NO_PIECE_SHARE = 0.05
# The pieces whose drops can complete that many rows at once.
DEEP_PIECES = {0: NAMES, 1: NAMES, 2: NAMES, 3: ("I", "L", "J"), 4: ("I",)}
TURN_WORDS = ("not turned", "turned 90 degrees clockwise", "turned 180 degrees",
              "turned 90 degrees counterclockwise")


# ----------------------------------------------------------------------------- states

def stack(draw: Draw) -> set[Cell]:
    """Locked cells after a drawn number of pieces, the stack kept low enough that a piece
    can still enter above it."""
    size, most = draw.params["size"], draw.params["pieces"]
    count = draw.rng.randint((most + 1) // 2, most)
    return rules.play_pieces(draw.rng, size, count, max_height=size - 3)


def falling_spots(locked: set[Cell], size: int, shape: Shape) -> list[tuple[int, int]]:
    """(row, col) of every spot the shape reaches by falling straight down from the top row,
    before it comes to rest."""
    tops = rules.tops_of(locked, size)
    width = rules.size_of(shape)[1]
    return [(row, col) for col in range(size - width + 1)
            for row in range(rules.landing_row(tops, shape, col))]


def with_active(draw: Draw, locked: set[Cell], name: str) -> dict[str, Any]:
    """The board with an active `name` piece, in a random orientation that fits, at a random
    spot above the stack that it reached by falling from the top and from which it can still
    fall."""
    size = draw.params["size"]
    shapes = list(rules.orientations(name))
    draw.rng.shuffle(shapes)
    for shape in shapes:
        spots = falling_spots(locked, size, shape)
        if spots:
            row, col = draw.rng.choice(spots)
            return state_of(locked, size, tuple((row + dr, col + dc) for dr, dc in shape))
    raise Retry


def state_of(locked: set[Cell], size: int, active: tuple[Cell, ...] = ()) -> dict[str, Any]:
    return {"size": size, "grid": rules.to_board(locked, size, active)}


def new_state(draw: Draw) -> dict[str, Any]:
    return with_active(draw, stack(draw), draw.rng.choice(NAMES))


CALIBRATION_BOARDS = 240
COMMON_SHARE = 0.02  # answers rarer than this on other tasks' boards are always kept
ASK_SPREAD = 1.5


@lru_cache(maxsize=64)
def ask_weights(task_name: str, size: int, pieces: int) -> dict[Any, float]:
    """Keep weights for questions asked about other tasks' boards, by answer.

    An answer the board fixes (the piece, the best clear) comes out very unevenly on boards
    drawn for other questions (most best drops clear nothing), so an asked item is kept with
    a weight that brings each common answer down to ASK_SPREAD times the rarest common one.
    Measured once per setting on boards the other tasks build from a fixed seed.
    """
    params = {"size": size, "pieces": pieces}
    me = next(task for task in TASKS if task.name == task_name)
    others = [task for task in TASKS if task is not me]
    seen: Counter[Any] = Counter()
    for i in range(CALIBRATION_BOARDS):
        rng = random.Random(derive_seed("tetris", "ask weights", task_name, size, pieces, i))
        draw = Draw(rng, "calibration", params, i, f"calibration/{task_name}")
        try:
            state = others[i % len(others)].build(draw).state
            seen[me.natural(draw, state)] += 1
        except Retry:
            continue
    total = sum(seen.values())
    shares = {value: n / total for value, n in seen.items()}
    common = [s for s in shares.values() if s >= COMMON_SHARE]
    floor = min(common, default=1.0)
    return {value: min(1.0, ASK_SPREAD * floor / share) for value, share in shares.items()}


def keep_asked(draw: Draw, task: Task, value: Any) -> None:
    """Keep an asked item by its answer's weight (fixed per item, see `ask_weights`)."""
    weights = ask_weights(task.name, draw.params["size"], draw.params["pieces"])
    draw.keep(weights.get(value, 1.0))


def unpack(state: dict[str, Any]) -> tuple[list[str], int, set[Cell], list[Cell]]:
    grid = state["grid"]
    return grid, state["size"], rules.locked_set(grid), rules.active_cells(grid)


def describe_piece(cells: list[Cell]) -> str:
    """The active cells and their pattern, row by row, then the piece they make."""
    shape = rules.normalise(cells)
    height, width = rules.size_of(shape)
    top = min(r for r, _ in cells)
    left = min(c for _, c in cells)
    rows = []
    for dr in range(height):
        marks = "".join("X" if (dr, dc) in shape else "." for dc in range(width))
        rows.append(f"row {top + dr}: {marks}")
    name, turns = rules.identify(cells)  # type: ignore[misc]
    return (f"The active piece covers {fmt_cells(sorted(cells))}. Its bounding box is "
            f"{plural(height, 'row')} by {plural(width, 'column')} starting at column {left} "
            f"({'; '.join(rows)}, "
            f"X = block). That is the {name} piece {TURN_WORDS[turns]} from its basic "
            "orientation.")


# ----------------------------------------------------------------------------- tasks

class EmptyCellsInRow(Task):
    name = "empty_cells_in_row"
    description = "How many empty cells a row holds"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A row holding at least one block, its empty count in this item's balanced third
        of [0, size] when it has one (rows low in the stack are nearly full, the rows of the
        active piece nearly empty), else any row holding a block."""
        grid, size, _, _ = unpack(state)
        counts = {r: row.count(rules.EMPTY) for r, row in enumerate(grid)}
        third = draw.slot(3, "third")
        rows = [r for r, n in counts.items() if n < size]
        wanted = [r for r in rows if counts[r] * 3 // (size + 1) == third]
        row = draw.rng.choice(wanted or rows)
        empty = [(row, c) for c, ch in enumerate(grid[row]) if ch == rules.EMPTY]
        filled = [c for c, ch in enumerate(grid[row]) if ch != rules.EMPTY]
        analysis = (f"Row {row} reads {' '.join(grid[row])} from column 0 to column "
                    f"{size - 1}. Its blocks are in {plural(len(filled), 'column')} "
                    f"({', '.join(map(str, filled))}), so the empty cells are "
                    f"{fmt_cells(empty)}: {size} - {len(filled)} = {len(empty)}.")
        text = (f"How many empty cells are there in row {row}? Blocks of the active piece "
                "are not empty.")
        return Question(state, text, str(len(empty)), analysis, meta={"row": row})


class ShapeRecognizing(Task):
    name = "shape_recognizing"
    description = "Which tetromino the active piece is"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        if draw.item_fraction("no piece") < NO_PIECE_SHARE:
            return self._question(state_of(stack(draw), draw.params["size"]))
        return self._question(with_active(draw, stack(draw), draw.target(NAMES)))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        keep_asked(draw, self, self.natural(draw, state))
        return self._question(state)

    @staticmethod
    def natural(draw: Draw, state: dict[str, Any]) -> str:
        cells = rules.active_cells(state["grid"])
        return rules.identify(cells)[0] if cells else NO_PIECE  # type: ignore[index]

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        _, _, _, cells = unpack(state)
        if cells:
            answer = rules.identify(cells)[0]  # type: ignore[index]
            analysis = describe_piece(cells)
        else:
            answer = NO_PIECE
            analysis = "No cell of the board belongs to an active piece: nothing is falling."
        text = "Which tetromino is the active (falling) piece?"
        open_text = ("Which tetromino is the active (falling) piece? Name it by its letter (I, "
                     "O, T, L, J, S or Z), or answer none if no piece is falling.")
        # The capital letter, as the question names the pieces: a lower-case "l" reads as "I".
        open_answer = "none" if answer == NO_PIECE else answer.upper()
        open_form = OpenForm(answer=open_answer, text=open_text,
                             hint="Answer with one letter (I, O, T, L, J, S or Z), or none.")
        return choice_question(state, text, SHAPE_OPTIONS, SHAPE_OPTIONS.index(answer),
                               analysis, {"piece": answer}, open=open_form, trivial=not cells)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """The piece's letter, alone or as 'T piece', 'the T tetromino'; 'none' when no
        piece falls."""
        words = re.findall(r"[a-z]+", answer.casefold())[-6:]
        words = [w for w in words if w not in ("the", "piece", "tetromino", "tetrimino",
                                                 "shape", "shaped", "block", "a", "an", "is")]
        if words in (["none"], ["no"], ["no", "falling"], ["nothing"]):
            said = NO_PIECE
        elif len(words) == 1 and len(words[0]) == 1 and words[0].upper() in NAMES:
            said = words[0].upper()
        else:
            return 0.0
        return 1.0 if said == meta["piece"] else 0.0


def fall_trace(locked: set[Cell], size: int, shape: Shape, row: int, col: int,
               falls: int) -> str:
    """Why the piece stops after `falls` rows: the block that would leave the board or hit
    a locked block one row further down."""
    end = row + falls
    for dr, dc in shape:
        r, c = end + dr + 1, col + dc
        if r >= size:
            return (f"One more row down, its block at {fmt((end + dr, c))} would leave the "
                    f"board (row {size - 1} is the bottom row).")
    for dr, dc in sorted(shape, key=lambda cell: -cell[0]):
        r, c = end + dr + 1, col + dc
        if (r, c) in locked:
            return (f"One more row down, its block at {fmt((end + dr, c))} would enter the "
                    f"locked block at {fmt((r, c))}.")
    raise AssertionError("the piece can still fall")


class TimestepsUntilCollision(Task):
    name = "timesteps_until_collision"
    description = "Timesteps of falling after a one-column shift until the piece lands"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "integer"

    @staticmethod
    def values(size: int) -> list[int]:
        return list(range(size // 2 + 2))

    def build(self, draw: Draw) -> Question:
        size = draw.params["size"]
        if draw.item_fraction("no piece") < NO_PIECE_SHARE:
            return self._question(draw, state_of(stack(draw), size), draw.rng.choice((-1, 1)))
        want = draw.target(self.values(size))
        locked = stack(draw)
        shape = draw.rng.choice(rules.orientations(draw.rng.choice(NAMES)))
        direction = draw.rng.choice((-1, 1))
        spots = []
        for row, col in falling_spots(locked, size, shape):
            moved = rules.fits(locked, size, shape, row, col + direction)
            if rules.drops(locked, size, shape, row, col + direction if moved else col) == want:
                spots.append((row, col))
        if not spots:
            raise Retry
        row, col = draw.rng.choice(spots)
        state = state_of(locked, size, tuple((row + dr, col + dc) for dr, dc in shape))
        return self._question(draw, state, direction)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A random shift, kept by its answer's weight on other tasks' boards."""
        if not rules.active_cells(state["grid"]):
            raise Unaskable
        direction = draw.rng.choice((-1, 1))
        keep_asked(draw, self, rules.shift_and_fall(state["grid"], direction)[1])
        return self._question(draw, state, direction)

    @staticmethod
    def natural(draw: Draw, state: dict[str, Any]) -> int:
        if not rules.active_cells(state["grid"]):
            return -1
        return rules.shift_and_fall(state["grid"], draw.rng.choice((-1, 1)))[1]

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], direction: int) -> Question:
        grid, size, locked, cells = unpack(state)
        side = "left" if direction < 0 else "right"
        text = (f"The active piece is first shifted one column to the {side}; a shift into "
                "the side of the board or into a locked block does not happen, and the piece "
                "then stays in its column. After that the piece falls one row per timestep "
                "and is never moved again. How many timesteps does it fall before it comes "
                "to rest (0 if it cannot fall at all)? If there is no active piece, answer -1.")
        if not cells:
            return Question(state, text, "-1", "No cell of the board belongs to an active "
                            "piece, so nothing falls.", meta={"direction": side},
                            trivial=True)
        shape = rules.normalise(cells)
        row = min(r for r, _ in cells)
        col = min(c for _, c in cells)
        moved, falls = rules.shift_and_fall(grid, direction)
        lines = [describe_piece(cells)]
        target = [(r, c + direction) for r, c in cells]
        if moved:
            lines.append(f"Shifted {side}, it covers {fmt_cells(sorted(target))}: all inside "
                         "the board and empty, so the shift happens.")
            col += direction
        else:
            bad = next(t for t in target if not 0 <= t[1] < size or t in locked)
            why = "outside the board" if not 0 <= bad[1] < size else "a locked block"
            lines.append(f"Shifted {side}, a block would go to {fmt(bad)}, {why}, so the "
                         "shift does not happen and the piece stays where it is.")
        if falls:
            low = max(r for r, _ in cells) + falls
            lines.append(f"Falling row by row, its lowest block goes down to row {low} after "
                         f"{plural(falls, 'timestep')}.")
        lines.append(fall_trace(locked, size, shape, row, col, falls))
        lines.append(f"So it falls for {plural(falls, 'timestep')} before it rests.")
        return Question(state, text, str(falls), "\n".join(lines),
                        meta={"direction": side, "shifted": moved})


def fillable_rows(placement: Placement) -> list[int]:
    """Rows of a hard drop that the drop could complete: every cell of the row outside the
    piece may hold a block without blocking its fall (a cell of a piece column lies below
    the piece there)."""
    lowest: dict[int, int] = {}
    for r, c in placement.cells:
        lowest[c] = max(lowest.get(c, -1), r)
    rows = sorted({r for r, _ in placement.cells})
    return [r for r in rows if all((r, c) in placement.cells or low < r
                                   for c, low in lowest.items())]


def near_full(grid: list[str]) -> list[tuple[int, list[int]]]:
    """(row, its empty columns) for the rows one piece could complete: 1 to 4 empty cells."""
    out = []
    for r, row in enumerate(grid):
        empty = [c for c, ch in enumerate(row) if ch != rules.LOCKED]
        if 1 <= len(empty) <= 4:
            out.append((r, empty))
    return out


class MaxRowsCleared(Task):
    """Asks only about its own boards: on boards drawn for other questions the best drop
    clears 0 or 1 rows nearly always, and 3 or 4 only where rows were filled for it."""

    name = "max_rows_cleared"
    description = "Most rows one drop of the active piece can clear"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "integer"
    VALUES = (0, 1, 2, 3, 4)

    def build(self, draw: Draw) -> Question:
        """A board on which the best drop of the active piece clears this item's balanced
        number of rows: for 1-4 rows, the rows a random drop covers are filled around it."""
        want = draw.target(self.VALUES)
        size = draw.params["size"]
        locked = stack(draw)
        name = draw.rng.choice(DEEP_PIECES[want])
        if want:
            drops = rules.hard_drops(locked, size, name)
            draw.rng.shuffle(drops)
            drop = next((p for p in drops if len(fillable_rows(p)) >= want), None)
            if drop is None:
                raise Retry
            rows = draw.rng.sample(fillable_rows(drop), want)
            locked = locked | {(r, c) for r in rows for c in range(size)
                               if (r, c) not in drop.cells}
            if min(r for r, _ in locked) < 2:
                raise Retry
        state = with_active(draw, locked, name)
        if rules.best_clear(state["grid"])[0] != want:
            raise Retry
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        grid, size, _, cells = unpack(state)
        best, placements = rules.best_clear(grid)
        name = rules.identify(cells)[0]  # type: ignore[index]
        lines = [describe_piece(cells)]
        candidates = near_full(grid)
        if candidates:
            lines.append("Only a row with 1 to 4 empty cells can be completed by one piece: "
                         + "; ".join(f"row {r} is empty at column"
                                     f"{'s' if len(e) > 1 else ''} {', '.join(map(str, e))}"
                                     for r, e in candidates) + ".")
        else:
            lines.append("No row has 4 or fewer empty cells, so no drop can complete a row.")
        if candidates:
            lines.append(f"Trying every orientation of the {name} in every column, dropped "
                         "straight down from the top:")
            locked = rules.locked_set(grid)
            shown = 0
            for p in rules.hard_drops(locked, size, name):
                done = rules.cleared_by(locked, size, p)
                if done:
                    shown += 1
                    lines.append(f"landing on {fmt_cells(sorted(p.cells))} completes "
                                 f"row{'s' if len(done) > 1 else ''} "
                                 f"{', '.join(map(str, done))}.")
            if not shown:
                lines.append("no drop fills every empty cell of any of those rows.")
            else:
                lines.append("Every other drop completes no row.")
        lines.append(f"The most rows one drop completes is {best}.")
        text = ("This turn the active piece may be turned to any orientation and moved to any "
                "column while it is at the top of the board, and is then dropped straight "
                "down until it rests (it cannot slide sideways under an overhang). What is "
                "the largest number of rows that can be cleared when it locks?")
        meta = {"best": [sorted(map(list, p.cells)) for p in placements[:4]]}
        return Question(state, text, str(best), "\n".join(lines), meta=meta)


TASKS = [EmptyCellsInRow(), ShapeRecognizing(), TimestepsUntilCollision(), MaxRowsCleared()]
