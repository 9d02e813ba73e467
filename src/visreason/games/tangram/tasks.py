"""Tangram question types (GameQA tangram ids 1-5).

Every state is a board cut into pieces by a discrete Voronoi partition with one to three
pieces removed and shown in the panel. The counting questions (pieces left, area,
neighbours) can be asked about any board; the fitting questions need the removed pieces
they were built around.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, ParamError, Question, Retry, Task, choice_question
from ...core.options import integer_run_options
from ...core.seeds import derive_seed
from ...core.text import fmt_cell as fmt
from ...core.text import fmt_cells, plural
from . import rules
from .rules import Board, Shape

TURN_WORDS = ("not turned", "turned 90 degrees clockwise", "turned 180 degrees",
              "turned 90 degrees counterclockwise")
# The answers of piece_rotation, by the set of clockwise quarter turns that make it fit.
FIT_TEXTS: dict[frozenset[int], str] = {
    frozenset({0}): "It fits as shown, without turning",
    frozenset({1}): "Turn it 90 degrees clockwise",
    frozenset({2}): "Turn it 180 degrees",
    frozenset({3}): "Turn it 90 degrees counterclockwise",
    frozenset(): "No turn makes it fit: it is mirrored",
    frozenset({0, 2}): "Either as shown or turned 180 degrees",
    frozenset({1, 3}): "Turn it 90 degrees either way",
    frozenset({0, 1, 2, 3}): "Any turn makes it fit",
}
# Options: every answer but "any turn": Voronoi cuts rarely give a piece with four turns of
# symmetry, so it is never asked (an option that is never right would only teach to skip it).
FIT_KEYS = list(FIT_TEXTS)[:7]
FIT_OPTIONS = [FIT_TEXTS[key] for key in FIT_KEYS]
PLACE_OPTIONS = 6
MIN_AREA = 4
AREA_BUCKETS = 6


# ----------------------------------------------------------------------------- states

def new_board(draw: Draw, count: int | None = None) -> Board:
    """A Voronoi board of a drawn side with `count` pieces (drawn when None)."""
    low, high = draw.params["min_size"], draw.params["max_size"]
    if low > high:
        raise ParamError(f"tangram.min_size ({low}) must not exceed tangram.max_size ({high})")
    size = draw.rng.randint(low, high)
    if count is None:
        count = draw.rng.randint(4, draw.params["pieces"])
    if count > size * size:
        raise Retry
    board = rules.voronoi(draw.rng, size, count)
    if board is None:
        raise Retry
    return board


def state_of(board: Board, removed: list[tuple[int, Shape]]) -> dict[str, Any]:
    """The board with the `removed` pieces taken out, each shown as the given shape."""
    return {"size": len(board), "board": rules.remove(board, [p for p, _ in removed]),
            "removed": [{"id": p, "shape": rules.rows_of(shape)} for p, shape in removed]}


def with_removed(draw: Draw, board: Board, count: int) -> dict[str, Any]:
    """`count` random pieces removed, shown as they lay on the board."""
    pieces = draw.rng.sample(rules.pieces_on(board), count)
    return state_of(board, [(p, rules.normalise(rules.cells_of(board, p)))
                            for p in sorted(pieces)])


def new_state(draw: Draw) -> dict[str, Any]:
    board = new_board(draw)
    return with_removed(draw, board, draw.rng.randint(1, min(3, len(rules.pieces_on(board)) - 1)))


def board_piece(draw: Draw, state: dict[str, Any]) -> int:
    return draw.rng.choice(rules.pieces_on(state["board"]))


# ----------------------------------------------------------------------------- tasks

class PieceCount(Task):
    name = "piece_count"
    description = "How many pieces remain on the board"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        """Remaining pieces land on this item's balanced value in 1 .. pieces - 1."""
        most = draw.params["pieces"]
        want = draw.target(list(range(1, most)))
        removed = draw.rng.randint(max(1, 4 - want), min(3, most - want))
        board = new_board(draw, want + removed)
        return self._question(draw, with_removed(draw, board, removed))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, state)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any]) -> Question:
        left = rules.pieces_on(state["board"])
        gone = [p["id"] for p in state["removed"]]
        analysis = (f"The numbers on the board are {', '.join(map(str, left))}: one number per "
                    f"piece still on the board. The removed "
                    f"{'piece is' if len(gone) == 1 else 'pieces are'} "
                    f"{', '.join(map(str, gone))}, whose cells are empty. So "
                    f"{plural(len(left), 'piece')} remain{'s' if len(left) == 1 else ''}.")
        options, index = integer_run_options(draw, len(left), 0, draw.params["pieces"] + 4)
        text = "How many pieces remain on the board (removed pieces not counted)?"
        return choice_question(state, text, options, index, analysis,
                               open=OpenForm(answer=str(len(left))))


def shape_lines(shape: Shape) -> str:
    return " / ".join(rules.rows_of(shape))


class PieceRotation(Task):
    name = "piece_rotation"
    description = "Which turns of a removed, possibly mirrored piece fit its hole"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"  # a set of turns, read by check_open

    def build(self, draw: Draw) -> Question:
        """One piece removed and shown mirrored or not and turned so that the set of turns
        that fit lands on this item's balanced answer."""
        want = draw.target(FIT_KEYS)
        board = new_board(draw)
        pieces = rules.pieces_on(board)
        draw.rng.shuffle(pieces)
        shows = [(flip, k) for flip in (False, True) for k in range(4)]
        for piece in pieces:
            hole = rules.normalise(rules.cells_of(board, piece))
            draw.rng.shuffle(shows)
            for flip, k in shows:
                shown = rules.turn(rules.mirror(hole) if flip else hole, k)
                if frozenset(rules.fitting_turns(shown, hole)) == want:
                    return self._question(state_of(board, [(piece, shown)]))
        raise Retry

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        (removed,) = state["removed"]
        piece, shown = removed["id"], rules.from_rows(removed["shape"])
        cells = rules.hole(state["board"])
        hole = rules.normalise(cells)
        top, left = min(r for r, _ in cells), min(c for _, c in cells)
        h, w = rules.dims(hole)
        lines = [f"The hole of piece {piece} is the empty cells {fmt_cells(cells)}: a box of "
                 f"{h} x {w} cells from {fmt((top, left))}, rows {shape_lines(hole)} (X = "
                 "empty cell of the hole).",
                 f"The piece as shown is {shape_lines(shown)}. Turning it clockwise:"]
        fits = rules.fitting_turns(shown, hole)
        for k in range(4):
            turned = rules.turn(shown, k)
            th, tw = rules.dims(turned)
            if (th, tw) != (h, w):
                verdict = f"a {th} x {tw} box, not {h} x {w}, so it cannot fit."
            elif k in fits:
                verdict = f"{shape_lines(turned)}, exactly the hole: it fits."
            else:
                r, c = next(cell for cell in sorted(set(turned) ^ set(hole)))
                what = "a cell of the piece" if (r, c) in turned else "no cell of the piece"
                verdict = (f"{shape_lines(turned)}: at {fmt((top + r, left + c))} it has "
                           f"{what} but the hole {'does not' if (r, c) in turned else 'does'} "
                           "need one, so it does not fit.")
            lines.append(f"{k * 90} degrees: {verdict}")
        key = frozenset(fits)
        text = (f"Piece {piece} was taken out of the board and is shown in the removed pieces, "
                "possibly turned and possibly mirrored. It may be turned by quarter turns but "
                "not mirrored. Which turns of the piece as shown make it fill its hole exactly?")
        open_text = (f"Piece {piece} was taken out of the board and is shown in the removed "
                     "pieces, possibly turned and possibly mirrored. It may be turned by "
                     "quarter turns but not mirrored. Which clockwise turns of the piece as "
                     "shown (0, 90, 180 or 270 degrees) make it fill its hole exactly?")
        answer = ", ".join(str(90 * k) for k in sorted(fits)) or "none"
        lines.append("It fits after turning " + (answer + " degrees clockwise." if fits else
                                                 "by no amount: it is mirrored."))
        open_form = OpenForm(answer=answer, text=open_text, meta={"fits": sorted(fits)},
                             hint="Answer with every clockwise turn in degrees that fits, "
                                  "separated by commas (e.g. 90, 270), or none.")
        return choice_question(state, text, FIT_OPTIONS, FIT_KEYS.index(key), "\n".join(lines),
                               {"piece": piece}, open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """The turns named, as a set ('none' for the empty set); the choice wordings read
        as the sets they stand for."""
        turns = parse_turns(answer)
        return 1.0 if turns is not None and turns == set(meta["fits"]) else 0.0


# Words that turn a rotation the other way: "90 ccw", "turn left 90", "minus 90".
COUNTER_WORDS = {"counterclockwise", "anticlockwise", "counter", "anti", "ccw", "left", "minus",
                 "negative"}


def parse_turns(answer: str) -> set[int] | None:
    """Clockwise quarter turns named by an answer ('90, 270', 'none', 'turn it 90 degrees
    counterclockwise', 'either as shown or turned 180 degrees'), or None when unclear."""
    signed = [int(n) for n in re.findall(r"(?<![\w-])-?\d+", answer.replace("\u2212", "-"))]
    text = " ".join(re.findall(r"[a-z]+|\d+", answer.casefold()))
    for key, phrase in FIT_TEXTS.items():
        if text == " ".join(re.findall(r"[a-z]+|\d+", phrase.casefold())) and min(
                signed, default=0) >= 0:
            return set(key)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    words = set(re.findall(r"[a-z]+", text))
    if numbers and (words & COUNTER_WORDS or min(signed, default=0) < 0):
        # A counter-clockwise turn of n is a clockwise turn of 360 - n; a minus sign and a
        # counter-clockwise word together are unclear.
        if (words & COUNTER_WORDS and min(signed, default=0) < 0) or words & {"either", "or",
                                                                               "not"}:
            return None
        cw = {(-n if words & COUNTER_WORDS else n) % 360 for n in signed}
        return {n // 90 for n in cw} if cw <= {0, 90, 180, 270} else None
    if not numbers:
        return set() if words and words <= {"none", "no", "turn", "turns", "fits", "it"} \
            else None
    if words & {"either", "any", "both", "mirrored", "shown", "or", "not"}:
        return None
    if not set(numbers) <= {0, 90, 180, 270}:
        return None
    return {n // 90 for n in numbers}


class PieceArea(Task):
    name = "piece_area"
    description = "The number of cells of a piece"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A piece whose area lands in this item's balanced bucket: MIN_AREA and up in
        AREA_BUCKETS steps of a width growing with the board. Smaller pieces are not asked
        about: options run from 1 up, so a tiny area would too often be the smallest one."""
        board = state["board"]
        width = max(1, state["size"] ** 2 // 25)
        want = draw.slot(AREA_BUCKETS, "area")

        def bucket(piece: int) -> int:
            return min(max(len(rules.cells_of(board, piece)) - MIN_AREA, -1) // width,
                       AREA_BUCKETS - 1)

        fit = [p for p in rules.pieces_on(board) if bucket(p) == want]
        if not fit:
            raise Retry
        piece = draw.rng.choice(fit)
        cells = rules.cells_of(board, piece)
        lines = [f"Counting the cells numbered {piece}, row by row:"]
        total = 0
        for r in sorted({r for r, _ in cells}):
            row = [c for rr, c in cells if rr == r]
            total += len(row)
            lines.append(f"row {r}: columns {', '.join(map(str, row))} -> {len(row)} "
                         f"(running total {total}).")
        lines.append(f"Piece {piece} covers {plural(total, 'cell')}.")
        size = state["size"]
        options, index = integer_run_options(draw, total, 1, max(size * size, total + 8))
        return choice_question(state, f"What is the area of piece {piece} (its number of "
                               "cells)?", options, index, "\n".join(lines), {"piece": piece},
                               open=OpenForm(answer=str(total)))


class PieceAdjacency(Task):
    """Asks only about its own boards: a board offers a piece with the top neighbour count
    (4 or 5) rarely, so questions on other tasks' boards could not keep the answers even
    without dropping nearly all of them."""

    name = "piece_adjacency"
    description = "How many pieces share an edge with a piece"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"
    @staticmethod
    def values(params: dict[str, Any]) -> list[int]:
        """Neighbour counts asked for: 1 up to the largest count that a fair share of boards
        offer (the top one standing for it or more), 1 half as often as the others: options
        start at 0, so a 1 is the smallest of its options half the time."""
        top = adjacency_top(params["min_size"], params["max_size"], params["pieces"])
        return [v for v in range(1, top + 1) for _ in range(1 if v == 1 else 2)]

    @staticmethod
    def fits(state: dict[str, Any], top: int) -> set[int]:
        board = state["board"]
        return {min(len(rules.neighbours(board, p)), top) for p in rules.pieces_on(board)}

    def build(self, draw: Draw) -> Question:
        return self._pick(draw, new_state(draw))

    def _pick(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A piece whose neighbour count lands on this item's balanced value."""
        values = self.values(draw.params)
        top = max(values)
        want = draw.target(values)
        board = state["board"]
        fit = [p for p in rules.pieces_on(board)
               if min(len(rules.neighbours(board, p)), top) == want]
        if not fit:
            raise Retry
        piece = draw.rng.choice(fit)
        contact = rules.neighbours(board, piece)
        own = fmt_cells(rules.cells_of(board, piece))
        lines = [f"Walking the edges of piece {piece}'s cells {own}"
                 " (up, right, down, left), the cells across an edge that belong to other "
                 "pieces on the board (empty cells of removed pieces do not count):"]
        for other in sorted(contact):
            lines.append(f"piece {other}: {plural(contact[other], 'shared edge')}.")
        if not contact:
            lines.append("none.")
        lines.append(f"So {plural(len(contact), 'piece')} "
                     f"{'is' if len(contact) == 1 else 'are'} adjacent to piece {piece}.")
        # Three options: counts are small and options start at 0, so a small answer is often
        # the smallest option; with a short run that stays within the audit's margin.
        options, index = integer_run_options(draw, len(contact), 0, 12, count=3)
        text = (f"How many different pieces on the board are adjacent to piece {piece} (share "
                "an edge with it)? Removed pieces are not on the board.")
        return choice_question(state, text, options, index, "\n".join(lines), {"piece": piece},
                               open=OpenForm(answer=str(len(contact))))


ADJACENCY_CALIBRATION = 120


ADJACENCY_SHARE = 0.015


@lru_cache(maxsize=64)
def adjacency_top(min_size: int, max_size: int, pieces: int) -> int:
    """The largest neighbour count (up to 5) that at least ADJACENCY_SHARE of boards have a
    piece with, counting larger ones as it: measured on boards drawn from a fixed seed."""
    params = {"min_size": min_size, "max_size": max_size, "pieces": pieces}
    states = []
    for i in range(ADJACENCY_CALIBRATION):
        rng = random.Random(derive_seed("tangram", "adjacency", min_size, max_size, pieces, i))
        try:
            states.append(new_state(Draw(rng, "calibration", params, i, "adjacency")))
        except Retry:
            continue
    top = 5
    while top > 2 and sum(top in PieceAdjacency.fits(s, top) for s in states) < \
            ADJACENCY_SHARE * len(states):
        top -= 1
    return top


def box_text(top: int, left: int, shape: Shape) -> str:
    h, w = rules.dims(shape)
    return f"{fmt((top, left))} to {fmt((top + h - 1, left + w - 1))}"


class PiecePlacement(Task):
    name = "piece_placement"
    description = "Where one of two removed neighbouring pieces goes back"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        """Two adjacent pieces of different shapes removed; asked about the one whose place
        in the hole is the only one that leaves exactly the other's shape."""
        board = new_board(draw)
        first = draw.rng.choice(rules.pieces_on(board))
        second = draw.rng.choice(sorted(rules.neighbours(board, first)))
        shape_a = rules.normalise(rules.cells_of(board, first))
        shape_b = rules.normalise(rules.cells_of(board, second))
        if shape_a == shape_b:
            raise Retry
        state = state_of(board, sorted([(first, shape_a), (second, shape_b)]))
        hole = set(rules.hole(state["board"]))
        where = rules.fills_with(shape_a, shape_b, hole)
        if len(where) != 1:
            raise Retry
        return self._question(draw, state, first, second)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], first: int, second: int) -> Question:
        shapes = {p["id"]: rules.from_rows(p["shape"]) for p in state["removed"]}
        shape_a, shape_b = shapes[first], shapes[second]
        cells = rules.hole(state["board"])
        hole = set(cells)
        (top, left), = rules.fills_with(shape_a, shape_b, hole)
        rows, cols = [r for r, _ in cells], [c for _, c in cells]
        ha, wa = rules.dims(shape_a)
        lines = [f"The hole is the empty cells {fmt_cells(cells)}, inside the box "
                 f"{fmt((min(rows), min(cols)))} to {fmt((max(rows), max(cols)))}.",
                 f"Piece {first} is {shape_lines(shape_a)} ({ha} x {wa}); piece {second} is "
                 f"{shape_lines(shape_b)}. Placing piece {first} (not turned) everywhere it "
                 "lies inside the hole:"]
        for r, c in rules.placements(shape_a, hole):
            rest = rules.normalise(hole - {(r + dr, c + dc) for dr, dc in shape_a})
            ok = rest == shape_b
            lines.append(f"{box_text(r, c, shape_a)}: the cells left form {shape_lines(rest)}, "
                         f"{'exactly' if ok else 'not'} the shape of piece {second}.")
        lines.append(f"Only {box_text(top, left, shape_a)} leaves room for piece {second}.")
        size = state["size"]
        # Wrong boxes: the other places the piece lies inside the hole (a real slip: the
        # rest is not the other piece), then boxes of its size anywhere on the board; boxes
        # clustered around the hole would leave the answer at their centre.
        slips = [cell for cell in rules.placements(shape_a, hole) if cell != (top, left)]
        anywhere = [(r, c) for r in range(size - ha + 1) for c in range(size - wa + 1)
                    if (r, c) != (top, left) and (r, c) not in slips]
        draw.rng.shuffle(slips)
        wrong = slips[:2] + draw.rng.sample(anywhere, min(len(anywhere),
                                                          PLACE_OPTIONS - 1 - len(slips[:2])))
        if len(wrong) < 3:
            raise Retry
        answer = box_text(top, left, shape_a)
        options, index = draw.place(answer, [box_text(r, c, shape_a) for r, c in wrong])
        text = (f"Pieces {first} and {second} were taken out of the board; they are shown in "
                "the removed pieces as they lay (neither turned nor mirrored). Both go back "
                f"into the hole without turning. Which cells does piece {first} cover, written "
                "as (top row, left column) to (bottom row, right column) of its box?")
        h_r, h_c = top + ha - 1, left + wa - 1
        open_form = OpenForm(answer=f"({top}, {left}, {h_r}, {h_c})",
                             hint="Answer as (top row, left column) to (bottom row, right "
                                  "column), e.g. (1, 2) to (3, 4).")
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"piece": first, "other": second}, open=open_form)


TASKS = [PieceCount(), PieceRotation(), PieceArea(), PieceAdjacency(), PiecePlacement()]
