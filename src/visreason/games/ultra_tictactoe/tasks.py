"""Ultimate tic-tac-toe question types (GameQA ultra_tictactoe ids 1-7).

States are positions of greedy random self-play (each mover takes a random cell among those
of the forced Nine-grid with the largest immediate gain), stopped after a number of moves in
the level's range. A task that needs a balanced answer plays a game and stops it at a move
where the answer is the item's target.

Counts read off the board (free cells of the forced grid, marked centres, the forced grid
itself) are asked about other tasks' boards as they come, each answer kept with a weight that
makes it as frequent as the rarest one on the boards of the level (measured once per setting,
`Calibration`).
The count questions list as options the values that boards of the setting really show (at
least 5% of them), not all ten digits: a digit no board of the level shows would only be an
option that is never right.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...core import (
    Draw,
    OpenForm,
    ParamError,
    Question,
    Retry,
    Task,
    Unaskable,
    choice_question,
)
from ...core.answers import hedged
from ...core.options import integer_run_options
from ...core.seeds import derive_seed
from ...core.text import plural
from . import rules
from .rules import CENTRE, EMPTY, LINE_NAMES, LINES, Board, Move, O, X

GAMES_PER_TRY = 4  # self-played games per build attempt before giving up with Retry
CALIBRATION_GAMES = 400
FEASIBLE_SHARE = 0.05  # a value is an answer when at least this share of boards can give it
# Which asked items are kept is chance; with three answers or fewer (three options) those
# swings come within a few points of the audit's letter ceiling over a few hundred items, so
# such a question only leads, exactly balanced.
ASK_MIN_ANSWERS = 4
PLAYER_NAMES = {X: "the first player (X)", O: "the second player (O)"}


def fmt(g: int, p: int) -> str:
    return "({}, {}, {}, {})".format(*rules.coords(g, p))


def fmt_grid(g: int) -> str:
    return "({}, {})".format(*rules.grid_coords(g))


def move_range(params: dict[str, Any]) -> tuple[int, int]:
    low, high = params["min_moves"], params["max_moves"]
    if low > high:
        raise ParamError(f"ultra_tictactoe.min_moves ({low}) must not exceed "
                         f"ultra_tictactoe.max_moves ({high})")
    return low, high


def state_at(game: rules.Game, steps: int) -> dict[str, Any]:
    last = game.last_after(steps)
    return {"board": game.board_after(steps),
            "last": None if last is None else list(rules.coords(*last))}


def unpack(state: dict[str, Any]) -> tuple[Board, Move | None]:
    last = state.get("last")
    if last is None:
        return state["board"], None
    i, j, r, c = last
    return state["board"], (3 * (i - 1) + j - 1, 3 * (r - 1) + c - 1)


def playable(state: dict[str, Any]) -> bool:
    board, last = unpack(state)
    return bool(rules.legal_moves(board, last))


def stops(rng: random.Random, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The positions of one self-played game at every stop in the move range where the
    forced Nine-grid still has an empty cell."""
    low, high = move_range(params)
    game = rules.self_play(rng, high)
    found = []
    board, player = rules.empty_board(), X
    for steps, move in enumerate(game.moves, 1):
        board = rules.play(board, move, player)
        player = rules.other(player)
        if steps < low:
            continue
        state = {"board": board, "last": list(rules.coords(*move))}
        if steps < len(game.moves) or playable(state):
            found.append(state)
    return found


def position(draw: Draw, accept: Callable[[dict[str, Any]], bool] | None = None,
             ) -> dict[str, Any]:
    """A position of a self-played game stopped at a random move in the range (among the
    stops `accept` takes), claimed for its split."""
    for _ in range(GAMES_PER_TRY):
        found = stops(draw.rng, draw.params)
        if accept is not None:
            found = [s for s in found if accept(s)]
        if found:
            state = draw.rng.choice(found)
            draw.claim(state)
            return state
    raise Retry


# --------------------------------------------------------------------------- calibration

@dataclass(frozen=True)
class Calibration:
    """How often boards admit each answer of a task: `shares[v]` is the share of boards
    (stopped at a uniform move of the range) on which the question can have answer v, and
    `asked[v]` the same over the boards the other tasks lead with, which a question asked
    about another task's board sees."""

    shares: dict[Hashable, float]
    asked: dict[Hashable, float]

    @property
    def feasible(self) -> list[Any]:
        """The contiguous run of answers from the smallest to the largest one that at least
        FEASIBLE_SHARE of the boards admit, both of random stops and of other tasks' boards
        (an answer rarer than that would be asked about rarely, and every other answer
        with it, to keep them even)."""
        both = {v: min(s, self.asked.get(v, 0.0)) for v, s in self.shares.items()}
        return feasible(both)

    def weight(self, value: Hashable) -> float:
        """Keep an asked item with answer `value` with this chance: every answer then comes
        out as often as the rarest one on other tasks' boards."""
        present = [self.asked[v] for v in self.feasible if self.asked.get(v)]
        share = self.asked.get(value, 0.0)
        return min(1.0, min(present) / share) if share else 0.0


def feasible(shares: dict[Hashable, float]) -> list[Any]:
    common = [v for v, s in shares.items() if s >= FEASIBLE_SHARE]
    return list(range(min(common), max(common) + 1))  # type: ignore[type-var]


def params_of(low: int, high: int) -> dict[str, int]:
    return {"min_moves": low, "max_moves": high}


@lru_cache(maxsize=64)
def uniform_shares(name: str, low: int, high: int) -> dict[Hashable, float]:
    rng = random.Random(derive_seed("ultra_tictactoe calibration", name, low, high))
    seen: Counter[Hashable] = Counter()
    boards = 0
    while boards < CALIBRATION_GAMES:
        found = stops(rng, params_of(low, high))
        if found:
            boards += 1
            seen.update(ANSWERS[name](rng.choice(found)))
    return {v: n / boards for v, n in sorted(seen.items())}


def lead_pick(name: str, rng: random.Random, found: list[dict[str, Any]], low: int,
              high: int) -> dict[str, Any] | None:
    """The stop task `name` would lead with among one game's stops (None if it would play
    another game): as its `build` picks, with its balanced target drawn at random."""
    if name == "best_move":
        found = [s for s in found if unique(s) is not None]
    elif name in ANSWERS:
        want = rng.choice(feasible(uniform_shares(name, low, high)))
        found = [s for s in found if want in ANSWERS[name](s)]
    return rng.choice(found) if found else None


@lru_cache(maxsize=64)
def calibrate(name: str, low: int, high: int) -> Calibration:
    rng = random.Random(derive_seed("ultra_tictactoe asked calibration", name, low, high))
    seen: Counter[Hashable] = Counter()
    boards = 0
    others = [t for t in TASK_NAMES if t != name]
    for _ in range(CALIBRATION_GAMES):
        found = stops(rng, params_of(low, high))
        for other in others:
            state = lead_pick(other, rng, found, low, high)
            if state is not None:
                boards += 1
                seen.update(ANSWERS[name](state))
    return Calibration(uniform_shares(name, low, high),
                       {v: n / boards for v, n in sorted(seen.items())})


def calibration(draw: Draw, name: str) -> Calibration:
    return calibrate(name, *move_range(draw.params))


def free_cells(state: dict[str, Any]) -> int:
    board, last = unpack(state)
    return len(rules.legal_moves(board, last))


def centres(state: dict[str, Any]) -> int:
    return sum(grid[CENTRE] != EMPTY for grid in state["board"])


def grid_points(state: dict[str, Any]) -> set[int]:
    return {rules.points(grid, p) for grid in state["board"] for p in (X, O)}


def forced(state: dict[str, Any]) -> int:
    return rules.forced_grid(unpack(state)[1])


ANSWERS: dict[str, Callable[[dict[str, Any]], set[Any]]] = {
    "next_move_count": lambda s: {free_cells(s)},
    "centre_count": lambda s: {centres(s)},
    "grid_points": grid_points,
    "forced_grid": lambda s: {forced(s)},
}


def fixed_answer(draw: Draw, name: str, value: int, state: dict[str, Any] | None) -> int:
    """The answer a count question lands on: the balanced target for a built item (its board
    is then drawn to give it), or the given board's own answer kept with the weight that
    evens the answers out (Unaskable when no option shows it)."""
    cal = calibration(draw, name)
    if state is None:
        return draw.target(cal.feasible)
    if value not in cal.feasible or len(cal.feasible) < ASK_MIN_ANSWERS:
        raise Unaskable
    # Every answer kept as often as the rarest: the options are a fixed list, so an uneven
    # answer would also be an uneven letter.
    draw.keep(cal.weight(value))
    return value


# ----------------------------------------------------------------------------- questions

OWNERS = (X, O, EMPTY)
OWNER_TEXTS = ("The first player (X)", "The second player (O)", "Neither: the cell is empty")
OWNER_OPEN = {X: "first player", O: "second player", EMPTY: "not marked"}
OWNER_WORDS = {"first": X, "x": X, "second": O, "o": O, "not": EMPTY, "none": EMPTY,
               "empty": EMPTY, "unmarked": EMPTY, "neither": EMPTY, "nobody": EMPTY,
               "no": EMPTY}
_WORD = re.compile(r"[a-z]+")
_INT = re.compile(r"\d+")


class CellOwner(Task):
    name = "cell_owner"
    description = "Which player marked a given cell"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, position(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        want = draw.target(OWNERS)
        cells = [(g, p) for g, grid in enumerate(state["board"]) for p, v in enumerate(grid)
                 if v == want]
        if not cells:
            raise Unaskable
        g, p = draw.rng.choice(cells)
        i, j, r, c = rules.coords(g, p)
        what = {X: "an X, a piece of the first player", O: "an O, a piece of the second player",
                EMPTY: "empty"}[want]
        analysis = (f"Nine-grid ({i}, {j}) is in grid row {i} and grid column {j}; inside it, "
                    f"row {r}, column {c} is {what}.")
        hint = "Answer first player, second player or not marked."
        return choice_question(state, f"Which player has marked the cell {fmt(g, p)}?",
                               OWNER_TEXTS, OWNERS.index(want), analysis, {"cell": [g, p]},
                               open=OpenForm(OWNER_OPEN[want], hint=hint))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        if hedged(str(answer), ("not marked", "none", "neither", "no one")):
            return 0.0
        named = {OWNER_WORDS[w] for w in _WORD.findall(str(answer).casefold())
                 if w in OWNER_WORDS}
        g, p = meta["cell"]
        return float(named == {state["board"][g][p]})


def grid_listing(board: Board, g: int) -> str:
    grid = board[g]
    parts = []
    for mark, who in ((X, "X"), (O, "O"), (EMPTY, "empty")):
        cells = [fmt(g, p) for p in range(9) if grid[p] == mark]
        parts.append(f"{who}: {', '.join(cells) if cells else 'none'}")
    return "; ".join(parts)


class NextMoveCount(Task):
    name = "next_move_count"
    description = "How many cells the next move may go to"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        want = fixed_answer(draw, self.name, 0, None)
        return self._question(draw, position(draw, lambda s: free_cells(s) == want))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        fixed_answer(draw, self.name, free_cells(state), state)
        return self._question(draw, state)

    def _question(self, draw: Draw, state: dict[str, Any]) -> Question:
        board, last = unpack(state)
        assert last is not None
        g = last[1]
        count = free_cells(state)
        values = calibration(draw, self.name).feasible
        analysis = (f"The opponent's last move {fmt(*last)} is at row {last[1] // 3 + 1}, "
                    f"column {last[1] % 3 + 1} of its Nine-grid, so the next move must go into "
                    f"Nine-grid {fmt_grid(g)}. Its cells: {grid_listing(board, g)}. That "
                    f"leaves {plural(count, 'empty cell')}.")
        text = (f"The opponent has just played {fmt(*last)}. How many different cells could "
                "your next move go to?")
        return choice_question(state, text, [str(v) for v in values], values.index(count),
                               analysis, open=OpenForm(str(count)))


class CentreCount(Task):
    name = "centre_count"
    description = "How many of the nine centre cells are marked"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        want = fixed_answer(draw, self.name, 0, None)
        return self._question(draw, position(draw, lambda s: centres(s) == want))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        fixed_answer(draw, self.name, centres(state), state)
        return self._question(draw, state)

    def _question(self, draw: Draw, state: dict[str, Any]) -> Question:
        board = state["board"]
        lines = ["Check the centre cell (row 2, column 2) of every Nine-grid:"]
        for g in range(9):
            mark = board[g][CENTRE]
            lines.append(f"{fmt(g, CENTRE)}: " + ("empty" if mark == EMPTY else mark))
        count = centres(state)
        lines.append(f"{plural(count, 'centre cell')} {'is' if count == 1 else 'are'} marked.")
        values = calibration(draw, self.name).feasible
        text = ("How many of the nine centre cells, the cells (i, j, 2, 2), hold a piece of "
                "either player?")
        return choice_question(state, text, [str(v) for v in values], values.index(count),
                               "\n".join(lines), open=OpenForm(str(count)))


class PieceCount(Task):
    name = "piece_count"
    description = "How many pieces are on the board"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, position(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """Other tasks' boards stop at moves spread over the whole range: taken as they come."""
        board = state["board"]
        lines = ["Count the pieces Nine-grid by Nine-grid:"]
        for g in range(9):
            xs, os_ = board[g].count(X), board[g].count(O)
            lines.append(f"Nine-grid {fmt_grid(g)}: {xs} X and {os_} O, {xs + os_} in all.")
        xs = sum(grid.count(X) for grid in board)
        os_ = sum(grid.count(O) for grid in board)
        total = xs + os_
        lines.append(f"Total: {xs} X + {os_} O = {total} pieces.")
        options, index = integer_run_options(draw, total, 0, 81, 8)
        return choice_question(state, "How many pieces are on the board in all?", options,
                               index, "\n".join(lines), open=OpenForm(str(total)))


def line_lines(grid: str, player: str) -> list[str]:
    mark = player
    out = []
    for name, line in zip(LINE_NAMES, LINES, strict=True):
        cells = "".join(grid[p] for p in line)
        full = all(grid[p] == mark for p in line)
        out.append(f"{name}: {' '.join(cells)}" + (f" (a complete line of {mark})" if full
                                                   else ""))
    return out


class GridPoints(Task):
    name = "grid_points"
    description = "Points a player has in one Nine-grid"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        want = draw.target(calibration(draw, self.name).feasible)
        return self._question(draw, position(draw, lambda s: want in grid_points(s)), want)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A (player, grid) pair with the balanced number of points. A pair with no point is
        on nearly every board, one with two points on few, so the item is kept with a weight
        that makes every answer as likely as the rarest."""
        cal = calibration(draw, self.name)
        want = draw.target(cal.feasible)
        if want not in grid_points(state) or len(cal.feasible) < ASK_MIN_ANSWERS:
            raise Unaskable
        draw.keep(cal.weight(want))
        return self._question(draw, state, want)

    def _question(self, draw: Draw, state: dict[str, Any], want: int) -> Question:
        board = state["board"]
        pairs = [(g, p) for g in range(9) for p in (X, O) if rules.points(board[g], p) == want]
        g, player = draw.rng.choice(pairs)
        lines = [f"Nine-grid {fmt_grid(g)}, looking for complete lines of {player}:",
                 *line_lines(board[g], player),
                 f"The {PLAYER_NAMES[player][4:]} has {plural(want, 'complete line')} "
                 f"here, so {plural(want, 'point')}."]
        values = calibration(draw, self.name).feasible
        text = (f"How many points does {PLAYER_NAMES[player]} have in Nine-grid {fmt_grid(g)}?")
        return choice_question(state, text, [str(v) for v in values], values.index(want),
                               "\n".join(lines), {"grid": g, "player": player},
                               open=OpenForm(str(want)))


GRID_OPTIONS = [fmt_grid(g) for g in range(9)]


class ForcedGrid(Task):
    name = "forced_grid"
    description = "The Nine-grid the player to move must play in, inferred from the counts"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        want = fixed_answer(draw, self.name, 0, None)
        return self._question(position(draw, lambda s: forced(s) == want))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        fixed_answer(draw, self.name, forced(state), state)
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        board = state["board"]
        mover, at_position, in_grid, opening = rules.count_vectors(board)
        rival = rules.other(mover)
        g = rules.inferred_grid(board)
        assert g == forced(state)
        xs = sum(grid.count(X) for grid in board)
        os_ = sum(grid.count(O) for grid in board)
        lines = [f"There are {xs} X and {os_} O, so {mover} is to move and {rival} moved "
                 "last.",
                 f"Each move at cell (row, col) sends the other player to Nine-grid (row, col). "
                 f"{rival} pieces at each cell position, over all Nine-grids, in the order "
                 f"(1, 1), (1, 2), ..., (3, 3): {at_position}.",
                 f"{mover} pieces in each Nine-grid, same order: {in_grid}."]
        if mover == X:
            lines.append("X's first move into the centre Nine-grid (2, 2) was free, not sent by "
                         "an O move, so one X piece in (2, 2) is not counted: "
                         f"{[b - c for b, c in zip(in_grid, opening, strict=True)]}.")
            in_grid = [b - c for b, c in zip(in_grid, opening, strict=True)]
        diff = [a - b for a, b in zip(at_position, in_grid, strict=True)]
        lines.append(f"Difference: {diff}. Every position is matched except {fmt_grid(g)}, "
                     f"where {rival} has one move that {mover} has not answered yet, so {mover} "
                     f"must play in Nine-grid {fmt_grid(g)}.")
        text = ("It is your turn; the previous move is not shown. Work out from the pieces on "
                "the board which Nine-grid you must play in.")
        hint = "Answer with the Nine-grid as (i, j), e.g. (1, 3)."
        return choice_question(state, text, GRID_OPTIONS, g, "\n".join(lines),
                               open=OpenForm(fmt_grid(g), hint=hint))


class BestMove(Task):
    name = "best_move"
    description = "The cell that gains the most points with the next move"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "coordinate"
    answer_hint = "Answer with the cell as (i, j, row, col), e.g. (1, 2, 3, 1)."

    def build(self, draw: Draw) -> Question:
        return self._question(position(draw, lambda s: unique(s) is not None))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        if unique(state) is None:
            raise Unaskable
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        board, last = unpack(state)
        assert last is not None
        move = unique(state)
        assert move is not None
        mover = rules.to_move(board)
        g = last[1]
        lines = [f"{mover} is to move. The opponent's last move {fmt(*last)} sends {mover} to "
                 f"Nine-grid {fmt_grid(g)}, where {mover} now has "
                 f"{plural(rules.points(board[g], mover), 'point')}. For every empty cell, the "
                 f"points {mover} would then have there:"]
        for (_, p), gained in rules.move_gains(board, last):
            after = rules.play(board, (g, p), mover)[g]
            done = [LINE_NAMES[k] for k in rules.completed_lines(after, mover)]
            lines.append(f"{fmt(g, p)}: lines {', '.join(done) if done else 'none'}; "
                         f"{plural(len(done), 'point')}, a gain of {gained}.")
        best = rules.gain(board[g], move[1], mover)
        lines.append(f"Only {fmt(*move)} gains {plural(best, 'point')}; every other cell gains "
                     "less.")
        text = (f"The opponent has just played {fmt(*last)}. Where should you play to gain "
                "the most points with this move? Give the cell as (i, j, row, col).")
        return Question(state, text, fmt(*move), "\n".join(lines))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """Right for a legal cell whose gain is the largest (one cell, by construction)."""
        if hedged(str(answer)):
            return 0.0
        numbers = [int(v) for v in _INT.findall(str(answer))]
        if len(numbers) != 4 or not all(1 <= v <= 3 for v in numbers):
            return 0.0
        i, j, r, c = numbers
        move = (3 * (i - 1) + j - 1, 3 * (r - 1) + c - 1)
        board, last = unpack(state)
        return float(move in rules.best_moves(board, last))


def unique(state: dict[str, Any]) -> Move | None:
    board, last = unpack(state)
    return rules.unique_gain(board, last)


TASKS = [CellOwner(), NextMoveCount(), CentreCount(), PieceCount(), GridPoints(), ForcedGrid(),
         BestMove()]
TASK_NAMES = tuple(task.name for task in TASKS)
