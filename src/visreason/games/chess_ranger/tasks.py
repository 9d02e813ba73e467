"""Chess Ranger question types (GameQA chess_ranger ids 1-5).

Positions are drawn as the original draws them: random pieces on random squares, kept only
when the solver finds a solution. Counts of a piece kind land on values measured once per
setting; the piece on a square and the set of winning candidate captures land on balanced
targets.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, ParamError, Question, Retry, Task, Unaskable, choice_question
from ...core.answers import canonical_sequence, hedged
from ...core.options import integer_run_options
from ...core.seeds import derive_seed
from ...core.text import plural
from . import rules
from .game import piece_list, position_of, state_of
from .rules import NAMES, PIECES, Capture, Position

# GameQA ids: 1 solution_length, 2 piece_count, 3 piece_square, 4 piece_on_square,
# 5 winning_captures.
TRACE_LINES = 30  # trace lines an analysis shows before it summarises the rest
LOSING_TRACE_LINES = 12  # the same for each losing candidate
# Four consecutive move counts, not the original's eight: with 3 to 5 moves to make, eight
# consecutive non-negative counts must start at 0 or 1, and the smallest option would then be
# right far more often than one time in eight.
STEP_OPTIONS = 4
CANDIDATES = 4
COMBO_OPTIONS = 7  # lettered combinations A-G; H is "none of them"
CALIBRATION_POSITIONS = 400
SCHEDULE_FLOOR = 0.25
PIECE_OPTIONS = ["Pawn", "Rook", "Knight", "Bishop", "Queen", "King", "No piece"]
OPTION_KIND = dict(zip(PIECE_OPTIONS, [*PIECES, None], strict=True))
EMPTY_WORDS = ("no piece", "none", "empty", "nothing")
SQUARE_RE = re.compile(r"\b([a-h])\s?([1-8])\b", re.I)
COMBOS = [c for k in range(1, CANDIDATES + 1) for c in itertools.combinations(
    range(1, CANDIDATES + 1), k)]
NONE_COMBO = "none of them"


# ----------------------------------------------------------------------------- states

def count_range(params: dict[str, Any]) -> range:
    low, high = params["pieces_min"], params["pieces_max"]
    if low > high:
        raise ParamError(f"chess_ranger.pieces_min must be at most chess_ranger.pieces_max, "
                         f"got {low} > {high}")
    return range(low, high + 1)


def puzzle(draw: Draw, count: int | None = None) -> Position:
    """Random pieces on random squares, claimed for the split and kept only when solvable.

    The piece count is fixed per item (not redrawn on a retry): more pieces are solvable
    more often, so a count redrawn with every attempt would favour the largest."""
    span = count_range(draw.params)
    n = span[int(draw.item_fraction("pieces") * len(span))] if count is None else count
    position = rules.random_position(draw.rng, n)
    draw.claim(state_of(position))
    if not rules.solvable(position):
        raise Retry
    return position


def asked(draw: Draw, state: dict[str, Any]) -> Position:
    position = position_of(state)
    if len(position) not in count_range(draw.params):
        raise Unaskable
    return position


def kind_counts(position: Position) -> Counter[str]:
    return Counter(position.values())


@lru_cache(maxsize=32)
def count_schedule(low: int, high: int) -> list[int]:
    """Counts of a piece kind that common positions of this setting hold for some kind
    (measured once from a fixed seed): the answers the count question is balanced over."""
    rng = random.Random(derive_seed("chess_ranger", "counts", low, high))
    seen: Counter[int] = Counter()
    for _ in range(CALIBRATION_POSITIONS):
        counts = kind_counts(rules.random_position(rng, rng.randint(low, high)))
        seen.update({counts[k] for k in PIECES})
    top = max(seen.values())
    return sorted(v for v, n in seen.items() if n >= SCHEDULE_FLOOR * top)


def move_text(move: Capture) -> str:
    return f"{move.short()} ({move.words()})"


def trace_lines(trace: rules.Trace, limit: int = TRACE_LINES) -> list[str]:
    """The solver's steps as text, the first `limit` of them and a count of the rest."""
    lines = []
    for kind, depth, move, left in trace.steps:
        if kind == "try":
            assert move is not None
            lines.append(f"Try step {depth}: {move_text(move)}; {plural(left, 'piece')} left.")
        elif kind == "back":
            assert move is not None
            lines.append(f"Backtrack step {depth}: undo {move.short()}.")
        elif kind == "stuck":
            lines.append(f"Fail: no capture is possible with {plural(left, 'piece')} left.")
        elif kind == "known":
            lines.append(f"Fail: this position with {plural(left, 'piece')} was already "
                         "found to be a dead end.")
        else:
            lines.append("Success: only one piece remains.")
    if len(lines) > limit:
        hidden = len(lines) - limit
        lines = [*lines[:limit - 1], f"... ({hidden} more search steps) ...", lines[-1]]
    return lines


def solution_text(moves: list[Capture]) -> str:
    return "; ".join(f"{i}. {move_text(m)}" for i, m in enumerate(moves, 1))


# ----------------------------------------------------------------------------- tasks

class SolutionLength(Task):
    name = "solution_length"
    description = "How many moves solve the puzzle"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        n = draw.target(count_range(draw.params), name="pieces")
        return self._question(draw, puzzle(draw, n))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, asked(draw, state))

    @staticmethod
    def _question(draw: Draw, position: Position) -> Question:
        n = len(position)
        trace = rules.solve(position)
        assert trace.solution is not None
        options, index = integer_run_options(draw, n - 1, 0, n + 12, STEP_OPTIONS)
        lines = [
            f"There are {plural(n, 'piece')}: {piece_list(position)}.",
            "Every move captures exactly one piece and no piece leaves the board otherwise, "
            f"so going from {n} pieces to 1 takes exactly {n} - 1 = {n - 1} moves, if the "
            "puzzle can be solved at all. A depth-first search over the captures (the "
            "capturing pieces tried in board order from a8 to h1, rank by rank, each in its "
            "direction order) checks that:",
            *trace_lines(trace),
            f"A solution: {solution_text(trace.solution)}.",
            f"It takes {n - 1} moves.",
        ]
        text = "How many moves does it take to solve this puzzle (leave exactly one piece)?"
        return choice_question(state_of(position), text, options, index, "\n".join(lines),
                               {"solution": [m.short() for m in trace.solution]},
                               open=OpenForm(str(n - 1)))


class PieceCount(Task):
    name = "piece_count"
    description = "How many pieces of a kind are on the board"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        want = draw.target(self._schedule(draw))
        position = puzzle(draw)
        return self._question(draw, position, want, Retry)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, asked(draw, state), draw.target(self._schedule(draw)),
                              Unaskable)

    @staticmethod
    def _schedule(draw: Draw) -> list[int]:
        span = count_range(draw.params)
        return count_schedule(span[0], span[-1])

    @staticmethod
    def _question(draw: Draw, position: Position, want: int, refuse: type[Retry]) -> Question:
        counts = kind_counts(position)
        kinds = [k for k in PIECES if counts[k] == want]
        if not kinds:
            raise refuse
        kind = draw.rng.choice(kinds)
        squares = [sq for sq, p in position.items() if p == kind]
        squares.sort(key=rules.ORDER.__getitem__)
        found = (f"The {NAMES[kind]}s stand on {', '.join(squares)}: {want}." if squares else
                 f"None of them is a {NAMES[kind]}: 0.")
        analysis = f"The pieces on the board: {piece_list(position)}.\n{found}"
        text = f"How many {NAMES[kind]}s are on the board?"
        return Question(state_of(position), text, str(want), analysis, None, {"kind": kind})


class PieceSquare(Task):
    name = "piece_square"
    description = "On which square the only piece of a kind stands"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "text"

    def build(self, draw: Draw) -> Question:
        return self._question(draw, puzzle(draw), Retry)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, asked(draw, state), Unaskable)

    @staticmethod
    def _question(draw: Draw, position: Position, refuse: type[Retry]) -> Question:
        counts = kind_counts(position)
        single = [k for k in PIECES if counts[k] == 1]
        if not single:
            raise refuse
        kind = draw.rng.choice(single)
        (square,) = [sq for sq, p in position.items() if p == kind]
        analysis = (f"The pieces on the board: {piece_list(position)}.\nThe only "
                    f"{NAMES[kind]} stands on {square}.")
        text = (f"There is exactly one {NAMES[kind]} on the board. On which square does it "
                "stand?")
        return Question(state_of(position), text, square, analysis, None, {"kind": kind})

    answer_hint = "Answer with the square in algebraic notation, e.g. d5."

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 when the answer names exactly one square and it is the piece's."""
        if hedged(answer):
            return 0.0
        squares = {f"{f.lower()}{r}" for f, r in SQUARE_RE.findall(answer)}
        if len(squares) != 1 or "kind" not in meta:
            return 0.0
        (square,) = squares
        return 1.0 if position_of(state).get(square) == meta["kind"] and \
            list(position_of(state).values()).count(meta["kind"]) == 1 else 0.0


class PieceOnSquare(Task):
    name = "piece_on_square"
    description = "Which piece stands on a given square"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        want = draw.target(PIECE_OPTIONS)
        return self._question(draw, puzzle(draw), want, Retry)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, asked(draw, state), draw.target(PIECE_OPTIONS), Unaskable)

    @staticmethod
    def _question(draw: Draw, position: Position, want: str, refuse: type[Retry]) -> Question:
        kind = OPTION_KIND[want]
        if kind is None:
            square = draw.rng.choice([sq for sq in rules.SCAN if sq not in position])
            found = f"No piece stands on {square}."
        else:
            squares = [sq for sq, p in position.items() if p == kind]
            if not squares:
                raise refuse
            square = draw.rng.choice(sorted(squares))
            found = f"The piece on {square} is a {NAMES[kind]}."
        analysis = f"The pieces on the board: {piece_list(position)}.\n{found}"
        text = f"What stands on square {square}?"
        answer = want.lower()
        open_form = OpenForm(answer=answer, text=f"What stands on square {square}? Name the "
                             "piece, or answer no piece if the square is empty.",
                             meta={"square": square},
                             hint="Answer with the piece's name (pawn, rook, knight, bishop, "
                                  "queen or king) or with no piece.")
        return choice_question(state_of(position), text, PIECE_OPTIONS,
                               PIECE_OPTIONS.index(want), analysis, {"square": square},
                               open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 when the answer names exactly the piece on the square (or says it is empty)."""
        text = answer.casefold()
        if hedged(text, EMPTY_WORDS):
            return 0.0
        named = {k for k, n in NAMES.items() if re.search(rf"\b{n}s?\b", text)}
        empty = any(re.search(rf"\b{w}\b", text) for w in EMPTY_WORDS)
        if len(named) + empty != 1 or "square" not in meta:
            return 0.0
        actual = position_of(state).get(meta["square"])
        if empty:
            return 1.0 if actual is None else 0.0
        return 1.0 if named == {actual} else 0.0


def combo_text(combo: tuple[int, ...]) -> str:
    return ", ".join(map(str, combo))


class WinningCaptures(Task):
    name = "winning_captures"
    description = "Which candidate first captures still lead to a solution"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "sequence"

    def build(self, draw: Draw) -> Question:
        target = draw.target([*COMBOS, ()], name="combo")
        return self._question(draw, puzzle(draw), target, Retry)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        target = draw.target([*COMBOS, ()], name="combo")
        return self._question(draw, asked(draw, state), target, Unaskable)

    @staticmethod
    def _question(draw: Draw, position: Position, target: tuple[int, ...],
                  refuse: type[Retry]) -> Question:
        verdicts = rules.winning(position)
        good = [m for m, ok in verdicts.items() if ok]
        bad = [m for m, ok in verdicts.items() if not ok]
        if len(good) < len(target) or len(bad) < CANDIDATES - len(target):
            raise refuse
        draw.rng.shuffle(good)
        draw.rng.shuffle(bad)
        candidates = [good.pop() if i in target else bad.pop()
                      for i in range(1, CANDIDATES + 1)]
        listing = "\n".join(f"{i}. {move_text(m)}" for i, m in enumerate(candidates, 1))
        lines = [f"The pieces on the board: {piece_list(position)}.",
                 "Play each candidate, then search the rest by depth-first search:"]
        for i, move in enumerate(candidates, 1):
            after = rules.play(position, move)
            trace = rules.solve(after)
            if trace.solution is not None:
                lines.append(f"Candidate {i} ({move.short()}) leaves {len(after)} pieces and "
                             f"leads to a solution: {solution_text(trace.solution)}. It wins.")
            else:
                lines.append(f"Candidate {i} ({move.short()}) leaves {len(after)} pieces "
                             f"({piece_list(after)}). The search:")
                lines += trace_lines(trace, LOSING_TRACE_LINES)
                lines.append(f"Every line ends with pieces left that cannot capture "
                             f"({trace.visited} positions visited). It loses.")
        answer = combo_text(target) if target else NONE_COMBO
        summary = (f"The winning candidates are {combo_text(target)}." if target else
                   "None of the candidates wins.")
        lines.append(summary)
        others = [combo_text(c) for c in draw.rng.sample([c for c in COMBOS if c != target],
                                                         COMBO_OPTIONS - (1 if target else 0))]
        if target:
            options, index = draw.place(answer, others)
        else:
            options, index = others, COMBO_OPTIONS
        options = [*options, NONE_COMBO]
        question = (f"Here are {CANDIDATES} candidate first moves:\n{listing}\nAfter which of "
                    "them can the puzzle still be solved?")
        open_form = OpenForm(
            answer=combo_text(target) if target else "none",
            text=question, meta={"candidates": [m.short() for m in candidates]},
            hint="Answer with the numbers of every such candidate in increasing order, "
                 "separated by commas (e.g. 1, 3), or with none.")
        text = question + " Choose the option listing exactly the candidates that still win."
        return choice_question(state_of(position), text, options, index, "\n".join(lines),
                               {"candidates": [m.short() for m in candidates],
                                "winning": list(target)}, open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 when the named candidates are exactly the winning ones (or none), any order."""
        if "candidates" not in meta:
            return 0.0
        text = canonical_sequence(answer)
        if text is None:
            return 0.0
        tokens = [t for t in text.split(", ") if t not in ("and", "candidates", "candidate")]
        position = position_of(state)
        moves = {m.short(): m for m in rules.legal_captures(position)}
        truth = {i for i, short in enumerate(meta["candidates"], 1)
                 if short in moves and rules.solvable(rules.play(position, moves[short]))}
        if tokens in (["none"], ["none", "of", "them"]):
            return 1.0 if not truth else 0.0
        if not tokens or not all(t.isdigit() for t in tokens):
            return 0.0
        named = [int(t) for t in tokens]
        if len(set(named)) != len(named):
            return 0.0
        return 1.0 if set(named) == truth else 0.0


TASKS = [SolutionLength(), PieceCount(), PieceSquare(), PieceOnSquare(), WinningCaptures()]
