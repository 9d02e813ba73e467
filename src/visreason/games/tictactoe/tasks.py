"""Tic-tac-toe question types.

Tic-tac-toe has 5,478 reachable positions, so drawing boards at random repeats them within
a few hundred items. Every task lists its items instead (each position of the asked group,
with the cell asked about), grouped by answer, and picks one per item with `pool_pick`:
answers balanced as far as the pools allow, no item repeated before its pool is used up.

Asked about a board another task drew, a task aims at the same balanced answer and chooses
the cell its question names on that board to land on it (see `keep` for how the answers stay
even). The best move has no such free part (the board alone fixes it), and in spaces this
small the boards of different groups recur often, so it would repeat its items: it only
leads.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from functools import cache, lru_cache
from typing import Any, NamedTuple

from ...core import Draw, OpenForm, Question, Retry, Task, Unaskable, choice_question
from ...core import rng as draws
from ...core.answers import hedged
from ...core.balance import POOL_HORIZON, pool_pick
from ...core.seeds import derive_seed
from ...core.splits import split_of_key
from ...core.text import fmt_cell as fmt
from . import rules
from .rules import CELLS, EMPTY, O, X, board_of, decision_of, other, to_move

STRATEGY = (
    "The current player follows this strategy, taking the first rule that applies, and within "
    "a rule the first qualifying cell in row-major order (row 0 left to right, then row 1, then "
    "row 2):\n"
    "1. Win: take a cell that completes a line of your own pieces.\n"
    "2. Block: take a cell where the opponent would complete a line on their next move.\n"
    "3. Fork: take a cell that lies on two or more lines which each hold exactly one of your "
    "pieces and none of the opponent's.\n"
    "4. Block a fork: take a cell that would be such a fork cell for the opponent.\n"
    "5. Otherwise take the first empty cell."
)
EMPTY_KEY = rules.key_of(rules.empty_board())
CELL_TEXT = {cell: fmt(cell) for cell in CELLS}
COLORS = {O: "red", X: "blue", EMPTY: "white"}
CELL_INDEX = {cell: i for i, cell in enumerate(CELLS)}
CELL_BIT = {cell: 1 << i for i, cell in enumerate(CELLS)}
ALL_CELLS = (1 << len(CELLS)) - 1

Item = Any
Classifier = Callable[[str], Iterable[tuple[Hashable, Item]]]


@lru_cache(maxsize=64)
def item_pools(classify: Classifier, group: str, split: str | None) -> dict[Hashable, list[Item]]:
    """The items of every non-empty position in decision group `group`, grouped by answer.

    The empty board is left out: every question about it is answered without the rules. Each
    pool is shuffled once in a fixed order; with a split asked for, only its positions count.
    """
    pools: dict[Hashable, list[Item]] = defaultdict(list)
    for key in rules.positions():
        if key == EMPTY_KEY or rules.group_of(key) != group:
            continue
        if split is not None and split_of_key("tictactoe", key) != split:
            continue
        for value, item in classify(key):
            pools[value].append(item)
    order = random.Random(derive_seed("tictactoe pools", group))
    for members in pools.values():
        order.shuffle(members)
    return dict(sorted(pools.items(), key=lambda pair: repr(pair[0])))


@lru_cache(maxsize=64)
def sized_pools(classify: Classifier, group: str,
                split: str | None) -> tuple[dict[Hashable, int], dict[Hashable, list[Item]]]:
    """(how many items each answer's pool holds, the pools), in the pools' order: what
    `pool_pick` reads and where its member is found, in one cached look-up per sample."""
    pools = item_pools(classify, group, split)
    return {value: len(members) for value, members in pools.items()}, pools


def pool_sizes(classify: Classifier, group: str, split: str | None) -> dict[Hashable, int]:
    """How many items each answer's pool holds, in the pools' order (what `pool_pick` reads)."""
    return sized_pools(classify, group, split)[0]


def pick(draw: Draw, classify: Classifier,
         weights: dict[Hashable, float] | None = None) -> tuple[Hashable, Item]:
    """(answer value, item) for this sample from the pools of the asked decision group."""
    sizes, pools = sized_pools(classify, draw.params["decision"], draw.split)
    value, member = pool_pick(draw, sizes, weights=weights)
    return value, pools[value][member]


def aim(draw: Draw, classify: Classifier,
        weights: dict[Hashable, float] | None = None) -> Hashable:
    """The answer value this sample should land on: the one `pick` would draw, so asked and
    built items share one balanced schedule."""
    sizes = pool_sizes(classify, draw.params["decision"], draw.split)
    return pool_pick(draw, sizes, weights=weights)[0]


# Kept asked items: an answer admitted by fewer of the other tasks' boards than ASK_FLOOR
# times the most admitted one stays rarer, rather than starving the others (see `keep`).
ASK_FLOOR = 0.2


def _board(item: Item) -> str:
    return item if isinstance(item, str) else item[0]


def task_pools(name: str, group: str,
               split: str | None) -> tuple[dict[Hashable, list[Item]], dict | None]:
    """Task `name`'s pools for a decision group and the weights it picks them with."""
    classify, weights = {"block_color": (_by_color, None), "best_move": (_by_move, None),
                         "move_outcome": (_by_outcome, OUTCOME_WEIGHTS)}[name]
    return item_pools(classify, group, split), weights


@lru_cache(maxsize=64)
def lead_boards(name: str, group: str, split: str | None) -> dict[str, float]:
    """How often each board is drawn when task `name` leads: its answers' shares over one
    schedule horizon, each spread evenly over its pool."""
    pools, weights = task_pools(name, group, split)
    sizes = {v: len(p) for v, p in pools.items()}
    tally = Counter(pool_pick(Draw(random.Random(0), "", {}, i, "shares"), sizes,
                              weights=weights)[0] for i in range(POOL_HORIZON))
    boards: dict[str, float] = defaultdict(float)
    for value, members in pools.items():
        for item in members:
            boards[_board(item)] += tally[value] / POOL_HORIZON / len(members)
    return boards


@lru_cache(maxsize=64)
def item_shares(name: str, group: str, split: str | None) -> dict[Hashable, float]:
    """Per answer of task `name`, how many of the 9 cells of the boards the other tasks lead
    with (each leads equally often) give that answer, on average, over 9."""
    pools, _ = task_pools(name, group, split)
    others = [lead_boards(o, group, split) for o in TASK_NAMES if o != name]
    return {value: sum(o.get(_board(item), 0.0) for o in others for item in members)
            / len(others) / len(CELLS) for value, members in pools.items()}


def keep(draw: Draw, name: str, value: Hashable, cells: int) -> None:
    """Retry unless the asked item is kept: answer `value`, given by `cells` of the board's
    9 cells.

    Other tasks' boards offer some answers far more often than others (most boards have
    several taken cells, so illegal moves; few allow a drawing one), so a question that aims
    its cell at the balanced answer would land on v in proportion to x_v (`item_shares`).
    Keeping the item with probability cells / 9 * floor / x_v evens the asked answers out,
    the floor being the smallest x_v but at least ASK_FLOOR times the largest. Weighing a
    board by its cells with that answer also keeps two questions about a board that recurs
    in another group from naming the same cell: a board with a single such cell, whose
    questions would all be the same, is rarely asked about. The verdict depends on the item
    alone, not on the attempt, so retries do not raise the odds.
    """
    shares = item_shares(name, draw.params["decision"], draw.split)
    present = [x for x in shares.values() if x > 0]
    floor = max(min(present), ASK_FLOOR * max(present))
    if shares[value] > 0:
        draw.keep(floor * cells / (len(CELLS) * shares[value]))


# The schedules `aim` and `keep` read never touch a draw's randomness.
SCHEDULE_ONLY = random.Random(0)


@lru_cache(maxsize=4096)
def asked(name: str, group: str, split: str | None, schedule_key: str, index: int,
          key: str) -> tuple[Hashable, tuple[tuple[int, int], ...]] | None:
    """What task `name` asks about board `key` as item `index` of its schedule: the aimed
    answer and the cells that give it; None when it asks nothing (a board the level's pools
    could not hold, an item `keep` drops, no cell with that answer).

    Only the cell among them is drawn at random, so a refusal stands whatever the
    randomness: it is kept for the generator's retries.
    """
    if key == EMPTY_KEY or rules.group_of(key) != group:
        return None
    draw = Draw(SCHEDULE_ONLY, "", {"decision": group}, index, schedule_key, split)
    if name == "block_color":
        value = aim(draw, _by_color)
        cells = tuple(cell for cell, piece in zip(CELLS, key.replace("/", ""), strict=True)
                      if COLORS[piece] == value)
    else:
        value = aim(draw, _by_outcome, OUTCOME_WEIGHTS)
        cells = tuple(cell for cell, found in zip(CELLS, outcomes(key), strict=True)
                      if found == value)
    try:
        keep(draw, name, value, len(cells))
    except Retry:
        return None
    return (value, cells) if cells else None


def ask_about(draw: Draw, name: str, state: dict[str, Any]) -> tuple[Hashable, tuple[int, int]]:
    """(aimed answer, a cell giving it on the state's board) for task `name`, or Unaskable:
    `asked` decides without the randomness, so a refusal is final."""
    found = asked(name, draw.params["decision"], draw.split, draw.schedule_key, draw.index,
                  rules.key_of(state["board"]))
    if found is None:
        raise Unaskable
    value, cells = found
    return value, draws.choice(draw.rng, cells)


def state_of(key: str) -> dict[str, Any]:
    return {"board": board_of(key)}


def _count_line(board: list[list[str]]) -> tuple[str, str]:
    n_o, n_x = rules.counts(board)
    player = to_move(board)
    reason = "the counts are equal" if n_o == n_x else "O has one more piece"
    return player, f"O has {n_o} piece(s) and X has {n_x}; {reason}, so {player} is to move."


class Worked(NamedTuple):
    """What the questions say about one board, whatever cell they ask about."""

    player: str  # to move
    count_line: str  # why that player is to move
    steps: str  # the strategy's worked decision for that player
    free: int  # the empty cells as a mask (bit 3 * r + c, see CELL_BIT)


def _work(key: str) -> Worked:
    board = board_of(key)
    player, count_line = _count_line(board)
    return Worked(player, count_line, _decision_analysis(board, player, decision_of(key)),
                  sum(CELL_BIT[cell] for cell in rules.empties(board)))


@cache
def _worked_positions() -> dict[str, Worked]:
    return {key: _work(key) for key in rules.positions()}


def worked(key: str) -> Worked:
    """The worked texts of board `key`.

    Items seldom repeat a board, so a cache per board would miss almost every time: every
    reachable board is worked once per process instead (a few tens of milliseconds).
    """
    found = _worked_positions().get(key)
    return found if found is not None else _work(key)


def _single(found: set[str], expected: str) -> float:
    """1 when the answer names exactly one thing and it is the expected one."""
    return float(found == {expected})


# ------------------------------------------------------------------------- block colour

def _by_color(key: str) -> Iterable[tuple[str, tuple[str, int]]]:
    board = board_of(key)
    return [(COLORS[board[r][c]], (key, i)) for i, (r, c) in enumerate(CELLS)]


COLOR_MEANINGS = {O: "holds a piece of player O", X: "holds a piece of player X",
                  EMPTY: "is empty"}
COLOR_QUESTIONS = {cell: f"What is the colour of the block at {at}?"
                   for cell, at in CELL_TEXT.items()}
# Per (cell, what it holds, colour named), the analysis: every block colour question says one.
COLOR_ANALYSES = {((r, c), piece, color): f"The cell at row {r}, column {c} {meaning}, drawn "
                  f"in {color}."
                  for r, c in CELLS for piece, meaning in COLOR_MEANINGS.items()
                  for color in COLORS.values()}
_COLOR_WORDS = re.compile(r"\b(red|blue|white)\b")
COLOR_OPTIONS = ("red", "blue", "white")
COLOR_INDEX = {color: i for i, color in enumerate(COLOR_OPTIONS)}


class BlockColor(Task):
    name = "block_color"
    description = "Colour of the block at a given cell"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    OPTIONS = COLOR_OPTIONS

    def build(self, draw: Draw) -> Question:
        color, (key, index) = pick(draw, _by_color)
        return self._question(key, CELLS[index], color)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """Any cell of the balanced colour on the given board."""
        color, cell = ask_about(draw, self.name, state)
        return self._question(rules.key_of(state["board"]), cell, str(color))

    def _question(self, key: str, cell: tuple[int, int], color: str) -> Question:
        r, c = cell
        state = state_of(key)
        return choice_question(
            state, COLOR_QUESTIONS[cell], self.OPTIONS, COLOR_INDEX[color],
            COLOR_ANALYSES[cell, state["board"][r][c], color], {"cell": [r, c]},
            open=OpenForm(color, hint="Answer with one colour: red, blue or white."),
        )

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """Right when the answer names one colour, the cell's."""
        if hedged(str(answer)):
            return 0.0
        r, c = meta["cell"]
        found = set(_COLOR_WORDS.findall(str(answer).casefold()))
        return _single(found, COLORS[state["board"][r][c]])


# ---------------------------------------------------------------------------- best move

def _decision_analysis(board: list[list[str]], player: str, decision: rules.Decision) -> str:
    """The strategy's rules tried in turn for `player` up to the one that gives `decision`
    (what `decide` returns for them)."""
    steps = []
    if decision.rule == 0:
        return decision.reason[0].upper() + decision.reason[1:] + "."
    wins = rules.winning_cells(board, player)
    steps.append(f"Rule 1 (win): {player} can complete a line at "
                 f"{', '.join(fmt(c) for c, _ in wins)}." if wins else
                 f"Rule 1 (win): no empty cell completes a line for {player}.")
    if decision.rule >= 2:
        threats = rules.winning_cells(board, other(player))
        steps.append(f"Rule 2 (block): {other(player)} could complete a line at "
                     f"{', '.join(fmt(c) for c, _ in threats)}." if threats else
                     f"Rule 2 (block): {other(player)} has no line it could complete next move.")
    if decision.rule >= 3:
        forks = rules.fork_cells(board, player)
        steps.append(f"Rule 3 (fork): fork cells for {player}: "
                     f"{', '.join(fmt(c) for c, _ in forks)}." if forks else
                     f"Rule 3 (fork): no cell gives {player} two or more open lines at once.")
    if decision.rule >= 4:
        rival = rules.fork_cells(board, other(player))
        steps.append(f"Rule 4 (block a fork): fork cells for {other(player)}: "
                     f"{', '.join(fmt(c) for c, _ in rival)}." if rival else
                     f"Rule 4 (block a fork): {other(player)} has no fork cell.")
    steps.append("Decision: " + decision.reason + ".")
    return "\n".join(steps)


def _by_move(key: str) -> Iterable[tuple[tuple[int, int], str]]:
    move = decision_of(key).move
    return [] if move is None else [(move, key)]


MOVE_OPTIONS = list(CELL_TEXT.values())
BEST_MOVE_TEXT = STRATEGY + "\n\nWhich cell does the current player take next?"


class BestMove(Task):
    """The strategy's move. Finished games are left out: they have no move to write (the
    spec's "None" answer), and a finished game is answered without the strategy."""

    name = "best_move"
    description = "The current player's move under the stated strategy"
    qa_type = "strategy_optimization"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        move, key = pick(draw, _by_move)
        board = worked(key)
        correct = CELL_INDEX[move]
        # The nine cells in a fixed order; the balanced move spreads the letters.
        return choice_question(state_of(key), BEST_MOVE_TEXT, MOVE_OPTIONS, correct,
                               board.count_line + "\n" + board.steps,
                               open=OpenForm(MOVE_OPTIONS[correct]))


# ------------------------------------------------------------------------- move outcome

ILLEGAL, OVER, WIN, DRAW = "illegal", "over", "win", "draw"
OUTCOME_TEXTS = {
    ILLEGAL: "Illegal: the cell is taken or the game is over",
    WIN: "The move wins at once",
    DRAW: "Draw: the move fills the board with no line",
}
REPLY_OPTIONS = 5
OUTCOME_QUESTIONS = {cell: STRATEGY + f"\n\nSuppose the current player places a piece at {at}. "
                     "Is the move legal? If it is, does it win at once or end the game in a "
                     "draw? If neither, where does the opponent reply, following the same "
                     "strategy?" for cell, at in CELL_TEXT.items()}
OUTCOME_HINT = ("Answer with one word, illegal, win or draw, or with the cell where the opponent "
                "replies, e.g. (1, 2).")
# A finished game makes every move illegal without any rule: a few such items, as the spec
# asks, marked trivial.
OUTCOME_WEIGHTS = {OVER: 0.5}


@cache
def outcomes(key: str) -> tuple[Hashable, ...]:
    """The outcome of a move at each cell in row-major order (see `outcome`); every board's
    outcomes are worked out once, when the pools are built."""
    board = board_of(key)
    if rules.is_over(board):
        return (OVER,) * len(CELLS)
    player = to_move(board)
    return tuple(_played_outcome(board, key, cell, player) for cell in CELLS)


def _played_outcome(board: list[list[str]], key: str, cell: tuple[int, int],
                    player: str) -> Hashable:
    r, c = cell
    if board[r][c] != EMPTY:
        return ILLEGAL
    board[r][c] = player
    try:
        if rules.winner(board) == player:
            return WIN
        if not rules.empties(board):
            return DRAW
        return decision_of(rules.played_key(key, cell, player)).move
    finally:
        board[r][c] = EMPTY


def outcome(key: str, cell: tuple[int, int]) -> Hashable:
    """ILLEGAL, OVER, WIN, DRAW, or the opponent's reply cell, by playing the move."""
    return outcomes(key)[CELLS.index(tuple(cell))]


def _by_outcome(key: str) -> Iterable[tuple[Hashable, tuple[str, tuple[int, int]]]]:
    return [(found, (key, cell)) for cell, found in zip(CELLS, outcomes(key), strict=True)]


REPLY_TEXTS = {cell: f"The opponent replies at {at}" for cell, at in CELL_TEXT.items()}
FIXED_TEXTS = [OUTCOME_TEXTS[v] for v in (ILLEGAL, WIN, DRAW)]
# Per answer text, the fixed outcomes that are not it (a reply answer keeps all three).
OTHER_FIXED_TEXTS = {answer: tuple(text for text in FIXED_TEXTS if text != answer)
                     for answer in (*FIXED_TEXTS, *REPLY_TEXTS.values())}

# Per mask of cells (bit 3 * r + c), the replies at those cells in row-major order.
MASK_REPLIES = tuple(tuple(text for cell, text in REPLY_TEXTS.items() if mask & CELL_BIT[cell])
                     for mask in range(ALL_CELLS + 1))


REPLY = "reply"  # any reply cell, in the table of outcome sentences


def _outcome_step(kind: str, at: str, player: str) -> str:
    """The sentence for `player`'s move at `at` with outcome `kind` (REPLY for a reply, which
    the opponent's worked decision follows)."""
    if kind == OVER:
        return f"Moving to {at} is illegal: the game is already over."
    if kind == ILLEGAL:
        return f"Moving to {at} is illegal: {at} is already taken."
    if kind == WIN:
        return f"{player} at {at} completes a line and wins at once."
    if kind == DRAW:
        return f"{player} at {at} fills the last cell with no line, a draw."
    rival = other(player)
    return f"After {player} plays {at} it is {rival}'s turn; apply the strategy for {rival}.\n"


OUTCOME_STEPS = {(kind, cell, player): _outcome_step(kind, at, player)
                 for kind in (OVER, ILLEGAL, WIN, DRAW, REPLY)
                 for cell, at in CELL_TEXT.items() for player in (O, X)}


def _outcome_analysis(board: Worked, key: str, cell: tuple[int, int], value: Hashable) -> str:
    """Why a move at `cell` of board `key` (worked texts `board`) has outcome `value`."""
    player = board.player
    if isinstance(value, tuple):
        return (board.count_line + "\n" + OUTCOME_STEPS[REPLY, cell, player]
                + worked(rules.played_key(key, cell, player)).steps)
    return board.count_line + "\n" + OUTCOME_STEPS[value, cell, player]


def outcome_text(value: Hashable) -> str:
    if value == OVER:
        return OUTCOME_TEXTS[ILLEGAL]
    if isinstance(value, tuple):
        return REPLY_TEXTS[value]
    return OUTCOME_TEXTS[value]


def outcome_answer(value: Hashable) -> str:
    """The open answer: illegal, win, draw, or the reply cell."""
    if isinstance(value, tuple):
        return CELL_TEXT[value]
    return ILLEGAL if value == OVER else str(value)


# Per outcome value (a word or the reply cell), the option text and the open answer.
ANSWER_TEXTS = {value: (outcome_text(value), outcome_answer(value))
                for value in (ILLEGAL, OVER, WIN, DRAW, *CELLS)}
_OUTCOME_WORDS = {"illegal": ILLEGAL, "invalid": ILLEGAL, "win": WIN, "wins": WIN, "won": WIN,
                  "draw": DRAW, "drawn": DRAW, "tie": DRAW}
_WORD = re.compile(r"[a-z]+")
_PAIR = re.compile(r"(\d+)\s*,\s*(\d+)")


def read_outcome(answer: str) -> set[str]:
    """Everything an open answer names: outcome words and cells, as open answers."""
    text = str(answer).casefold()
    found = {_OUTCOME_WORDS[w] for w in _WORD.findall(text) if w in _OUTCOME_WORDS}
    found |= {f"({int(a)}, {int(b)})" for a, b in _PAIR.findall(text)}
    return found


class MoveOutcome(Task):
    name = "move_outcome"
    description = "Outcome of a proposed move: illegal, winning, drawn, or the opponent's reply"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        value, (key, cell) = pick(draw, _by_outcome, OUTCOME_WEIGHTS)
        return self._question(draw, key, cell, value)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A move on the given board whose outcome is the balanced one."""
        value, cell = ask_about(draw, self.name, state)
        return self._question(draw, rules.key_of(state["board"]), cell, value)

    def _question(self, draw: Draw, key: str, cell: tuple[int, int],
                  value: Hashable) -> Question:
        board = worked(key)
        answer, open_answer = ANSWER_TEXTS[value]
        options, correct = draw.place(answer, self._distractors(draw, board.free, cell, value,
                                                                answer))
        return choice_question(state_of(key), OUTCOME_QUESTIONS[cell], options, correct,
                               _outcome_analysis(board, key, cell, value), {"cell": list(cell)},
                               open=OpenForm(open_answer, hint=OUTCOME_HINT),
                               trivial=value == OVER)

    @staticmethod
    def _distractors(draw: Draw, empty: int, cell: tuple[int, int], value: Hashable,
                     answer: str) -> list[str]:
        """The outcomes that are not the answer (text `answer`) and replies at other cells:
        the board's `empty` ones (a mask) first, then the taken ones, each group shuffled.
        The asked `cell` counts as taken; the answer `value`'s cell is in neither.

        Every list holds the three fixed outcomes and five replies, so neither which outcomes
        appear nor how long they are says which is right.
        """
        answer_bit = CELL_BIT[value] if isinstance(value, tuple) else 0
        free_mask = empty & ~(CELL_BIT[cell] | answer_bit)
        free = list(MASK_REPLIES[free_mask])
        taken = list(MASK_REPLIES[ALL_CELLS & ~(free_mask | answer_bit)])
        draws.shuffle(draw.rng, free)
        draws.shuffle(draw.rng, taken)
        wanted = REPLY_OPTIONS - isinstance(value, tuple)
        return [*OTHER_FIXED_TEXTS[answer], *(free + taken)[:wanted]]

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """Right when the answer names one outcome (a word or a cell) and it is the move's."""
        if hedged(str(answer)):
            return 0.0
        expected = outcome_answer(outcome(rules.key_of(state["board"]), tuple(meta["cell"])))
        return _single(read_outcome(answer), expected)


TASKS = [BlockColor(), BestMove(), MoveOutcome()]
TASK_NAMES = tuple(task.name for task in TASKS)
