"""Game of Life question types.

Boards are small, so most items are drawn from pools: every board of the live-count window
(and every cell or block of it) grouped by its answer, picked without repeats by `pool_pick`.
Larger boards, whose pools would be too long to list, are drawn at random and must land on
a balanced target instead.

Asked about a board another task drew (several questions per picture), the cell and block
questions choose their cell or block on that board to land on the balanced answer; the count
questions, which the board alone answers, take the board or not (see `keep`). Tasks ask only
where boards are many (`ASK_MIN_BOARDS`): the 372 boards of the easy 3x3 window recur between
groups so often (half of 250 groups share their board with another) that asked questions
would repeat, so there every task only leads.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from functools import cached_property, lru_cache
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
from ...core import rng as draws
from ...core.answers import hedged
from ...core.balance import POOL_HORIZON, pool_pick
from ...core.options import integer_run_options
from ...core.seeds import derive_seed
from ...core.splits import split_of_key
from ...core.text import fmt_cell as fmt
from ...core.text import fmt_cells as cells_text
from ...core.text import plural
from . import rules
from .game import bits_text, board_key
from .rules import WINDOW, CellUpdate, Grid

OPTION_COUNT = 8
# Items a task lists in pools; above this many, states are drawn at random instead (a 4x4
# board's 14,196 boards are listed, a 5x5 board's millions are not).
POOL_LIMIT = 70_000
# Boards in a level's window below which no question is asked about other tasks' boards
# (the easy 3x3 window holds 372; the medium 4x4 one 14,196). Windows this large hold too
# many cell and block items for pools (ASK_MIN_BOARDS * 9 > POOL_LIMIT), so those questions
# are asked as `build` asks them about random boards.
ASK_MIN_BOARDS = 10_000
# Kept asked items: an answer less common on other tasks' boards than ASK_FLOOR times the
# most common one stays rarer, rather than starving every other answer (see `keep`).
ASK_FLOOR = 0.2
CALIBRATION_DEALS = 1200  # other tasks' boards that measure what count questions see
# The schedules `keep` reads never touch a draw's randomness.
SCHEDULE_ONLY = random.Random(0)
STATE_WORDS = {1: "alive", 0: "dead"}
# Options spell states with words of one length, so an option's length says nothing about
# how many dead states it lists.
OPTION_WORDS = {1: "live", 0: "dead"}
# On a 3x3 torus every cell neighbours the 8 others, so the next live count follows from the
# current one alone: 3 live cells fill the board, 4 stay as they are, any other count dies out.
NEXT_COUNTS_3X3 = (0, 4, 9)
DIRECTIONS = ("fewer", "same", "more")
DIRECTION_WEIGHTS = {"fewer": 1, "same": 1, "more": 2}
# The balanced targets of a random board's change: each direction DIRECTION_WEIGHTS times.
DIRECTION_SCHEDULE = tuple(d for d in DIRECTIONS for _ in range(DIRECTION_WEIGHTS[d]))
# A 3x3 block on its own torus settles within 2 iterations whatever its cells (4 live cells
# are still; 3 fill the block, which then dies; any other count dies at once).
SETTLE_VALUES = (0, 1, 2)
# Every value a block can take is an option, in order; the balanced answer spreads the letters.
SETTLE_OPTIONS = tuple(str(v) for v in SETTLE_VALUES)

Item = Any
Classifier = Callable[[int, int, int], Iterable[tuple[Hashable, Item]]]


# ------------------------------------------------------------------------------ boards

def board_params(params: dict[str, Any]) -> tuple[int, range]:
    """The board side and the live counts the parameters allow, checked together."""
    return _board_params(params["size"], params["min_live"], params["max_live"])


@lru_cache(maxsize=64)
def _board_params(n: int, low: int, high: int) -> tuple[int, range]:
    if low > high:
        raise ParamError(f"lifegame.min_live ({low}) must not exceed lifegame.max_live ({high})")
    counts = rules.live_counts(n, low, high)
    if not counts:
        raise ParamError(f"no live count of a {n}x{n} board lies in [{low}%, {high}%]; widen "
                         "lifegame.min_live..max_live")
    return n, counts


def state_of(grid: Grid) -> dict[str, Any]:
    return {"grid": [row[:] for row in grid]}


class Pools(dict[Hashable, list[Item]]):
    """Items grouped by answer value; `sizes`, what `pool_pick` reads, is counted once."""

    @cached_property
    def sizes(self) -> dict[Hashable, int]:
        return {value: len(members) for value, members in self.items()}


@lru_cache(maxsize=64)
def item_pools(classify: Classifier, n: int, counts: range, extra: int, per_board: int,
               split: str | None) -> Pools | None:
    """Every item of every board in the window, grouped by answer; None when too many.

    Each pool is shuffled once in a fixed order, so neighbouring members are unrelated; with
    a split asked for, only boards of that split are listed.
    """
    if rules.board_count(n, counts) * per_board > POOL_LIMIT:
        return None
    pools: dict[Hashable, list[Item]] = defaultdict(list)
    for bits in rules.boards_with(n, counts):
        if split is not None and \
                split_of_key("lifegame", board_key(rules.grid_of(bits, n))) != split:
            continue
        for value, item in classify(bits, n, extra):
            pools[value].append(item)
    order = random.Random(derive_seed("lifegame pools", n, counts.start, counts.stop, extra))
    for members in pools.values():
        order.shuffle(members)
    return Pools(sorted(pools.items(), key=lambda pair: repr(pair[0])))


def pick(draw: Draw, pools: Pools,
         weights: dict[Hashable, float] | None = None) -> tuple[Hashable, Item]:
    value, member = pool_pick(draw, pools.sizes, weights=weights)
    return value, pools[value][member]


def _board(item: Item) -> int:
    return item if isinstance(item, int) else item[0]


def task_pools(name: str, n: int, counts: range, steps: int,
               split: str | None) -> tuple[dict[Hashable, list[Item]] | None,
                                           dict[Hashable, float] | None]:
    """Task `name`'s pools on this window and the weights it picks them with."""
    classify, extra, per_board = {
        "live_count": (_by_live_count, 0, 1),
        "live_count_next": (_by_change, 0, 1),
        "cell_evolution": (_by_cell_sequence, steps, n * n),
        "region_stabilization": (_by_settle_steps, 0, n * n),
    }[name]
    pools = item_pools(classify, n, counts, extra, per_board, split)
    weights = change_weights(pools) if pools is not None and name == "live_count_next" else None
    return pools, weights


@lru_cache(maxsize=64)
def answer_shares(name: str, n: int, counts: range, steps: int,
                  split: str | None) -> dict[Hashable, float] | None:
    """The shares of task `name`'s answers over one schedule horizon; None without pools."""
    pools, weights = task_pools(name, n, counts, steps, split)
    if pools is None:
        return None
    return schedule_shares(list(pools), weights, {v: len(p) for v, p in pools.items()})


@lru_cache(maxsize=64)
def lead_boards(name: str, n: int, counts: range, steps: int,
                split: str | None) -> dict[int, float] | None:
    """How often each board is drawn when task `name` leads: each answer's share spread
    evenly over its pool. A task without pools draws `random_grid` boards (their law, before
    its target filters them); None when the window's boards are too many to list."""
    pools, _ = task_pools(name, n, counts, steps, split)
    shares = answer_shares(name, n, counts, steps, split)
    boards: dict[int, float] = defaultdict(float)
    if pools is None or shares is None:
        if rules.board_count(n, counts) > POOL_LIMIT:
            return None
        p = rules.ALIVE_PROBABILITY
        law = {k: p ** k * (1 - p) ** (n * n - k) for k in counts}
        total = sum(law[k] * math.comb(n * n, k) for k in counts)
        for bits in rules.boards_with(n, counts):
            if split is None or split_of_key("lifegame", board_key(rules.grid_of(bits, n))) \
                    == split:
                boards[bits] = law[bits.bit_count()] / total
        return boards
    for value, members in pools.items():
        each = shares[value] / len(members)
        for item in members:
            boards[_board(item)] += each
    return boards


@lru_cache(maxsize=64)
def foreign_shares(name: str, n: int, counts: range, steps: int,
                   split: str | None) -> dict[Hashable, float] | None:
    """Per answer of task `name`, the share of the boards the other tasks lead with (each
    leads equally often) that hold an item with that answer; None without pools."""
    pools, _ = task_pools(name, n, counts, steps, split)
    others = [lead_boards(o, n, counts, steps, split) for o in TASK_NAMES if o != name]
    if pools is None or any(o is None for o in others):
        return None
    shares = {}
    for value, members in pools.items():
        boards = {_board(item) for item in members}
        shares[value] = sum(o.get(b, 0.0) for o in others for b in boards) / len(others)
    return shares


@lru_cache(maxsize=32)
def dealt_boards(params: tuple[tuple[str, Any], ...], asker: str) -> tuple[Grid, ...]:
    """CALIBRATION_DEALS boards the game's tasks but `asker` build in turn from a fixed seed:
    what a count question sees of other tasks' boards where the window is too large to list
    (their boards are random, then filtered by their own balanced targets)."""
    values = dict(params)
    rng = random.Random(derive_seed("lifegame", "foreign boards", params, asker))
    makers = [task for task in TASKS if task.name != asker]
    boards = []
    for index in range(CALIBRATION_DEALS):
        task = makers[index % len(makers)]
        draw = Draw(rng, "calibration", values, index // len(makers), f"calibration/{task.name}")
        try:
            boards.append(task.build(draw).state["grid"])
        except Retry:
            continue
    return tuple(boards)


def schedule_shares(values: list[Hashable], weights: dict[Hashable, float] | None = None,
                    sizes: dict[Hashable, int] | None = None) -> dict[Hashable, float]:
    """The shares `pool_pick` gives `values` over one horizon (pools of `sizes`, default
    unbounded)."""
    sizes = sizes or {v: POOL_HORIZON for v in values}
    tally = Counter(pool_pick(Draw(SCHEDULE_ONLY, "", {}, i, "shares"), sizes,
                              weights=weights)[0] for i in range(POOL_HORIZON))
    return {v: tally[v] / POOL_HORIZON for v in values}


@lru_cache(maxsize=64)
def overrepresented(name: str, params: tuple[tuple[str, Any], ...],
                    split: str | None) -> dict[Hashable, float]:
    """Per answer of count task `name`, its share among the other tasks' boards over its
    share in the task's own schedule: from the pools where the window's boards are listed,
    else from boards dealt by the other tasks (see `dealt_boards`)."""
    n, counts = board_params(dict(params))
    key = (name, n, counts, dict(params)["steps"], split)
    foreign, wanted = foreign_shares(*key), answer_shares(*key)
    if foreign is None or wanted is None:
        dealt = dealt_boards(params, name)
        answer = ANSWERS[name]
        tally = Counter(answer(grid) for grid in dealt)
        foreign = {v: tally[v] / len(dealt) for v in tally}
        if name == "live_count":
            wanted = schedule_shares(list(counts), sizes={
                k: rules.board_count(n, range(k, k + 1)) for k in counts})
        else:
            wanted = {d: w / sum(DIRECTION_WEIGHTS.values())
                      for d, w in DIRECTION_WEIGHTS.items()}
    return {v: foreign.get(v, 0.0) / w for v, w in wanted.items() if w > 0}


def keep(draw: Draw, name: str, value: Hashable) -> None:
    """Retry unless a count question about another task's board, with answer `value`, is
    kept.

    The board alone answers it, and the other tasks' boards hold some answers far more often
    than the task's schedule asks for them (on the 4x4 window a count rising to 8 on 17% of
    them, against 5% of the schedule; falling to 0 on 0.4%). With x_v the share of boards
    holding v over v's share in the schedule (`overrepresented`), the item is kept with
    probability floor / x_v: asked answers come out in the schedule's proportions, except
    that answers with x_v under ASK_FLOOR times the largest stay rarer instead of starving
    all others. The verdict depends on the item alone, not on the attempt (a dropped item
    raises Unaskable), so retries do not raise the odds.
    """
    over = overrepresented(name, tuple(sorted(draw.params.items())), draw.split)
    present = [x for x in over.values() if x > 0]
    floor = max(min(present), ASK_FLOOR * max(present))
    if over.get(value, 0.0) > 0:
        draw.keep(floor / over[value])


def level_grid(draw: Draw, state: dict[str, Any]) -> Grid:
    """The grid of a state another task drew, if this level could have drawn it (its size and
    live-count window) and the window holds ASK_MIN_BOARDS boards or more; else Retry."""
    n, counts = board_params(draw.params)
    grid = state["grid"]
    if len(grid) != n or any(len(row) != n for row in grid) or \
            rules.live_count(grid) not in counts:
        raise Unaskable
    if rules.board_count(n, counts) < ASK_MIN_BOARDS:
        raise Unaskable
    return grid


def random_board(draw: Draw, n: int, counts: range) -> Grid:
    grid = rules.random_grid(draw.rng, n, counts)
    draw.claim(state_of(grid))
    return grid


def random_bits(draw: Draw, n: int, counts: range) -> int:
    """`random_board` as bits; the grid is only built for a split to judge (claim() passes
    every state when no split is asked for)."""
    bits = rules.random_bits(draw.rng, n, counts)
    if draw.split is not None:
        draw.claim({"grid": rules.grid_of(bits, n)})
    return bits


def board_state(bits: int, n: int) -> dict[str, Any]:
    return {"grid": rules.grid_of(bits, n)}


@lru_cache(maxsize=16)
def _neighbourhoods(n: int) -> tuple[int, ...]:
    """Per cell, the bits of the cell and its 8 neighbours: all that decides its update, so
    texts about one cell's update are cached by the board's bits under this mask."""
    return tuple(mask | 1 << i for i, mask in enumerate(rules.neighbour_masks(n)))


def set_bits(bits: int) -> list[int]:
    """The indices of the set bits, lowest first (row-major order of a board's cells)."""
    found = []
    while bits:
        low = bits & -bits
        found.append(low.bit_length() - 1)
        bits ^= low
    return found


# ------------------------------------------------------------------------- live counts

def count_options(draw: Draw, value: int, n: int) -> tuple[list[str], int]:
    """A run of consecutive counts holding `value`, at most half of the 0..n*n counts long.

    On a 3x3 board a run of 8 of the 10 possible counts would nearly always put the answer in
    the middle of the run, so small boards get shorter runs.
    """
    length = min(OPTION_COUNT, (n * n + 1) // 2)
    return integer_run_options(draw, value, 0, n * n, length)


def _by_live_count(bits: int, n: int, extra: int) -> Iterable[tuple[int, int]]:
    return [(bits.bit_count(), bits)]


class LiveCount(Task):
    name = "live_count"
    description = "Number of live cells on the board now"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        n, counts = board_params(draw.params)
        pools = item_pools(_by_live_count, n, counts, 0, 1, draw.split)
        if pools is not None:
            bits = pick(draw, pools)[1]
        else:
            # Every board of `live` cells is one member of a pool of comb(n*n, live).
            sizes = count_pool_sizes(n, counts)
            live, member = pool_pick(draw, sizes)
            if draw.split is not None:  # the permuted member may lie in another split
                member = draw.rng.randrange(sizes[live])
            bits = rules.unrank_board(n, live, member)
            if draw.split is not None:  # claim() passes every state when no split is asked for
                draw.claim(board_state(bits, n))
        return self._question(draw, bits, n)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """The board's count, if `keep` keeps it."""
        grid = level_grid(draw, state)
        keep(draw, self.name, ANSWERS[self.name](grid))
        return self._question(draw, rules.bits_of(grid), len(grid))

    @staticmethod
    def _question(draw: Draw, bits: int, n: int) -> Question:
        total = bits.bit_count()
        mask = (1 << n) - 1
        rows = [(bits >> shift) & mask for shift in range(0, n * n, n)]
        row_lines, row_counts = _row_count_lines(n), _ROW_COUNTS
        per_row = " + ".join([row_counts[row.bit_count()] for row in rows])
        analysis = "\n".join(["The board as 1/0 (1 = alive, 0 = dead):", bits_text(bits, n),
                              "Live cells row by row:",
                              *[row_lines[r][row] for r, row in enumerate(rows)],
                              f"Total: {per_row} = {total} live cells."])
        options, correct = count_options(draw, total, n)
        return choice_question(board_state(bits, n), "How many live (black) cells are on the "
                               "board now?", options, correct, analysis,
                               open=OpenForm(str(total)), trivial=total == 0)


@lru_cache(maxsize=16)
def count_pool_sizes(n: int, counts: range) -> dict[int, int]:
    """Per live count, how many boards hold it (read-only: shared between calls)."""
    return {k: rules.board_count(n, range(k, k + 1)) for k in counts}


_ROW_COUNTS = tuple(str(k) for k in range(9))  # a row's live count as text (rows of <= 8)


@lru_cache(maxsize=16)
def _row_count_lines(n: int) -> tuple[tuple[str, ...], ...]:
    """Per row and row pattern (bit c is column c), the line listing its live cells."""
    return tuple(tuple(f"Row {r}: {cells_text([(r, c) for c in range(n) if p >> c & 1])} -> "
                       f"{p.bit_count()}" for p in range(1 << n))
                 for r in range(n))


def direction(before: int, after: int) -> str:
    return DIRECTIONS[(after > before) - (after < before) + 1]


def _by_change(bits: int, n: int, extra: int) -> list[tuple[tuple[str, int], int]]:
    after = rules.step_bits(bits, n).bit_count()
    return [((direction(bits.bit_count(), after), after), bits)]


def change_weights(values: Iterable[tuple[str, int]]) -> dict[tuple[str, int], float]:
    """Each direction its DIRECTION_WEIGHTS share, split evenly over its next counts."""
    values = list(values)
    per = {d: sum(v[0] == d for v in values) for d in DIRECTIONS}
    return {v: DIRECTION_WEIGHTS[v[0]] / per[v[0]] for v in values}


class NextLiveCount(Task):
    name = "live_count_next"
    description = "Number of live cells after one iteration"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        n, counts = board_params(draw.params)
        # Balanced over whether the count falls, stays or grows (at 20-40% live cells it grows
        # on most boards, which would make "more than now" a safe bet), and listed boards over
        # the next count within each.
        pools, weights = change_pools(n, counts, draw.split)
        if pools is not None:
            bits = pick(draw, pools, weights)[1]
            after = rules.step_bits(bits, n)
        else:
            want = draw.target(DIRECTION_SCHEDULE, name="direction")
            bits = random_bits(draw, n, counts)
            after = rules.step_bits(bits, n)
            if direction(bits.bit_count(), after.bit_count()) != want:
                raise Retry
        return self._question(draw, bits, after, n)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """The board's next count, if `keep` keeps it (by the change and next count where
        boards are listed, by the change alone where they are drawn at random, as `build`
        balances them)."""
        grid = level_grid(draw, state)
        n, counts = board_params(draw.params)
        listed = item_pools(_by_change, n, counts, 0, 1, draw.split) is not None
        bits = rules.bits_of(grid)
        change = _by_change(bits, n, 0)[0][0]
        keep(draw, self.name, change if listed else change[0])
        return self._question(draw, bits, rules.step_bits(bits, n), n)

    @staticmethod
    def _question(draw: Draw, bits: int, after: int, n: int) -> Question:
        before_total, after_total = bits.bit_count(), after.bit_count()
        lines = ["The board now (1 = alive, 0 = dead):", bits_text(bits, n),
                 f"It has {plural(before_total, 'live cell')}. Counting every cell's 8 "
                 "neighbours (wrapping around the edges), these cells change:"]
        changed = bits ^ after
        around, tables = _neighbourhoods(n), update_lines(n)
        lines += [tables[i][0][bits & around[i]] for i in set_bits(changed)]
        if not changed:
            lines.append("- none.")
        deaths = (changed & bits).bit_count()
        births = changed.bit_count() - deaths
        lines.append("Every other cell keeps its state: each live one has 2 or 3 live neighbours "
                     "and no dead one has exactly 3.")
        lines.append(f"Deaths: {deaths}, births: {births}, so {before_total} - {deaths} + "
                     f"{births} = {after_total} live cells after one iteration:")
        lines.append(bits_text(after, n))
        if n == 3:
            options = [str(v) for v in NEXT_COUNTS_3X3]
            correct = NEXT_COUNTS_3X3.index(after_total)
        else:
            options, correct = integer_run_options(draw, after_total, 0, n * n, OPTION_COUNT)
        text = "How many live cells will the board have after one iteration of the rules?"
        return choice_question(board_state(bits, n), text, options, correct, "\n".join(lines),
                               {"after": rules.grid_of(after, n)},
                               open=OpenForm(str(after_total)), trivial=before_total == 0)


@lru_cache(maxsize=16)
def change_pools(n: int, counts: range,
                 split: str | None) -> tuple[Pools | None, dict[Hashable, float] | None]:
    """The live_count_next pools and the weights they are picked with, worked out once."""
    pools = item_pools(_by_change, n, counts, 0, 1, split)
    return pools, None if pools is None else change_weights(pools)


@lru_cache(maxsize=16)
def update_lines(n: int) -> tuple[tuple[dict[int, str], dict[int, str]], ...]:
    """Per cell (row-major), keyed by the board's bits under `_neighbourhoods(n)[cell]` (the
    cell and its 8 neighbours, all its update depends on): the live_count_next line of the
    cell where it changes, and the cell_evolution line of one iteration of it up to the
    iteration number that ends it. Built for all 512 neighbourhoods of every cell at once
    (tens of milliseconds per board size), so samples look their lines up."""
    tables = []
    for index, around in enumerate(rules.neighbour_table(n)):
        name = fmt(divmod(index, n))
        places = [1 << (r * n + c) for _, (r, c), _ in around]
        phrases = [(neighbour_text(*nb, False), neighbour_text(*nb, True)) for nb in around]
        changes, follows = {}, {}
        for pattern in range(1 << 9):  # bit 8: the cell; bits 0-7: its neighbours in order
            before, alive = pattern >> 8, [(pattern >> k) & 1 for k in range(8)]
            live = sum(alive)
            after = rules.next_state(before, live)
            picked = [(place, cell) for place, (_, cell, _), a
                      in zip(places, around, alive, strict=True) if a]
            key = before << index | sum(place for place, _ in picked)
            count, reason = plural(live, "live neighbour"), reason_text(before, after, live)
            if before != after:
                listed = "; ".join(phrase[a] for phrase, a in zip(phrases, alive, strict=True))
                changes[key] = (f"- {name} {STATE_WORDS[before]} -> {STATE_WORDS[after]}: "
                                f"{listed}; {count}, and {reason}.")
            cells = cells_text([cell for _, cell in picked])
            follows[key] = (f"{name} is {STATE_WORDS[before]} with {count} ({cells}), and "
                            f"{reason}; it is {STATE_WORDS[after]} after iteration ")
        tables.append((changes, follows))
    return tuple(tables)


# --------------------------------------------------------------------- cell evolution

def rule_reason(update: CellUpdate) -> str:
    """Which clause of B3/S23 decided this cell's fate."""
    return reason_text(update.before, update.after, update.live_neighbours)


def reason_text(before: int, after: int, live: int) -> str:
    """`rule_reason` of a cell from its state, its next state and its live neighbours."""
    if before:
        if after:
            return "a live cell with 2 or 3 live neighbours survives"
        side = "fewer than 2" if live < 2 else "more than 3"
        return f"a live cell with {side} live neighbours dies"
    if after:
        return "a dead cell with exactly 3 live neighbours becomes alive"
    return "a dead cell needs exactly 3 live neighbours to become alive, so it stays dead"


def neighbourhood_text(update: CellUpdate) -> str:
    """All 8 neighbours by direction, marking the ones reached by wrapping around an edge."""
    return "; ".join(neighbour_text(nb.direction, nb.cell, nb.wrapped, nb.alive)
                     for nb in update.neighbours)


def neighbour_text(direction: str, cell: tuple[int, int], wrapped: bool, alive: bool) -> str:
    where = f"{direction} (wrapped)" if wrapped else direction
    return f"{where} {fmt(cell)} {STATE_WORDS[int(alive)]}"


@lru_cache(maxsize=1024)
def sequence_text(states: tuple[int, ...]) -> str:
    return " -> ".join(OPTION_WORDS[s] for s in states)


@lru_cache(maxsize=1024)
def states_text(states: tuple[int, ...]) -> str:
    """The open answer of a cell's states, e.g. "alive, dead, dead"."""
    return ", ".join(STATE_WORDS[s] for s in states)


def flips(states: Iterable[int]) -> int:
    return sum(a != b for a, b in itertools.pairwise(states))


def sequence_distractors(rng: random.Random, truth: tuple[int, ...]) -> list[str]:
    """Other state sequences as option texts, drawn uniformly: first those that keep the
    visible starting state (they test the evolution), then, when too few exist, ones that
    flip it too."""
    keep, flipped = _other_sequences(truth)  # distinct already: `sample_distinct` less its pass
    picked = draws.sample(rng, keep, min(OPTION_COUNT - 1, len(keep)))
    if len(picked) < OPTION_COUNT - 1:
        picked += draws.sample(rng, flipped, min(OPTION_COUNT - 1 - len(picked), len(flipped)))
    return picked


@lru_cache(maxsize=256)
def _other_sequences(truth: tuple[int, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The texts of the sequences other than `truth` that keep its starting state, and of
    those that flip it, each in `itertools.product` order (read-only: shared between calls)."""
    steps = len(truth) - 1
    keep = tuple(sequence_text(s) for rest in itertools.product((1, 0), repeat=steps)
                 if (s := (truth[0], *rest)) != truth)
    flipped = tuple(sequence_text((1 - truth[0], *rest))
                    for rest in itertools.product((1, 0), repeat=steps))
    return keep, flipped


def _histories(bits: int, n: int, steps: int) -> list[int]:
    history = [bits]
    for _ in range(steps):
        history.append(rules.step_bits(history[-1], n))
    return history


def _by_cell_sequence(bits: int, n: int, steps: int) -> Iterable[tuple[tuple[int, ...], Item]]:
    history = _histories(bits, n, steps)
    return [(tuple(g >> i & 1 for g in history), (bits, i)) for i in range(n * n)]


_STATE_TOKEN = re.compile(r"[a-z]+")
_STATE_VALUES = {"alive": 1, "live": 1, "dead": 0}


def parse_states(answer: str) -> list[int]:
    """The alive/live/dead words of an answer in order; other words are ignored."""
    return [_STATE_VALUES[w] for w in _STATE_TOKEN.findall(str(answer).casefold())
            if w in _STATE_VALUES]


ENDS = ((1, 1), (1, 0), (0, 1), (0, 0))
EVOLUTION_HINT = ("Answer with the states in order, now first, separated by commas, e.g. "
                  "alive, dead, dead.")


@lru_cache(maxsize=1024)
def _evolution_texts(n: int, index: int, k: int) -> tuple[str, str]:
    """The choice and the open wording of the question about cell `index` over k steps."""
    asked = (f"Follow cell {fmt(divmod(index, n))} while the whole board evolves for {k} "
             "iterations. ")
    return (asked + f"Which option lists its state now and after each of the {k} iterations, in "
                    "order (now -> after iteration 1 -> ...)?",
            asked + f"What is its state now and after each of the {k} iterations, in order?")


@lru_cache(maxsize=1024)
def _now_lines(n: int, index: int) -> tuple[str, str]:
    """The analysis line of cell `index`'s state now, dead and alive."""
    cell = fmt(divmod(index, n))
    return f"{cell} is {STATE_WORDS[0]} now.", f"{cell} is {STATE_WORDS[1]} now."


class CellEvolution(Task):
    name = "cell_evolution"
    description = "A cell's state over the next few iterations"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "sequence"

    def build(self, draw: Draw) -> Question:
        n, counts = board_params(draw.params)
        k = draw.params["steps"]
        pools = item_pools(_by_cell_sequence, n, counts, k, n * n, draw.split)
        if pools is not None:  # balanced over the exact sequences
            _, (bits, index) = pick(draw, pools)
            history = _histories(bits, n, k)
        else:  # balanced over (state now, state at the end)
            want = draw.target(ENDS, name="ends")
            history = _histories(random_bits(draw, n, counts), n, k)
            index = self._target(draw.rng, history, n, want)
        return self._question(draw, history, n, index)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A cell of the given board whose states land on the balanced ends, as `build`
        chooses it on a random board (windows with asks are too large for cell pools)."""
        grid = level_grid(draw, state)
        n = len(grid)
        history = _histories(rules.bits_of(grid), n, draw.params["steps"])
        want = draw.target(ENDS, name="ends")
        return self._question(draw, history, n, self._target(draw.rng, history, n, want))

    def _question(self, draw: Draw, history: list[int], n: int, index: int) -> Question:
        """The question about cell `index` (row-major) of the boards `history` (as bits)."""
        k = len(history) - 1
        truth = tuple([g >> index & 1 for g in history])
        options, correct = draw.place(
            sequence_text(truth), sequence_distractors(draw.rng, truth))
        text, open_text = _evolution_texts(n, index, k)
        states = states_text(truth)
        open_form = OpenForm(states, text=open_text, hint=EVOLUTION_HINT)
        return choice_question(board_state(history[0], n), text, options, correct,
                               self._analysis(history, n, index, states),
                               {"cell": list(divmod(index, n)), "steps": k},
                               open=open_form, trivial=history[0] == 0)

    @staticmethod
    def _target(rng: random.Random, history: list[int], n: int, ends: tuple[int, int]) -> int:
        """A cell (row-major index) whose first and last states are `ends`, weighted towards
        cells that flip more often (the spec prefers active cells); Retry when the board has
        none."""
        first, last = history[0], history[-1]
        fits = (first if ends[0] else ~first) & (last if ends[1] else ~last) & ((1 << n * n) - 1)
        if not fits:  # the board and the balanced ends decide it, not the randomness
            raise Unaskable
        candidates = set_bits(fits)
        # Written in base 16, a move's bits put each cell's flip in its own hex digit, so the
        # sum holds every cell's flip count (at most 6 steps < 16) at hex digit i.
        flips = sum(int(f"{a ^ b:b}", 16) for a, b in itertools.pairwise(history))
        # `rng.choices(candidates, weights)`, weights 1 + 2 * (the cell's flips), as one draw.
        cum_weights = list(itertools.accumulate(1 + 2 * (flips >> 4 * i & 15)
                                                for i in candidates))
        return candidates[rules.weighted_index(rng, cum_weights)]

    @staticmethod
    def _analysis(history: list[int], n: int, index: int, states: str) -> str:
        around, follows = _neighbourhoods(n)[index], update_lines(n)[index][1]
        lines = ["The board now (1 = alive, 0 = dead):", bits_text(history[0], n),
                 _now_lines(n, index)[history[0] >> index & 1]]
        for i, bits in enumerate(history[:-1], start=1):
            lines.append(f"Iteration {i}: {follows[bits & around]}{i}. "
                         f"The board after iteration {i}:")
            lines.append(bits_text(history[i], n))
        lines.append(f"Its states in order: {states}.")
        return "\n".join(lines)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """Right when the answer's alive/dead words are exactly the cell's states in order."""
        if hedged(answer):
            return 0.0
        return float(parse_states(answer) == self._truth(state, meta))

    def partial_credit(self, state: dict[str, Any], meta: dict[str, Any],
                       answer: str) -> float | None:
        """The share of iterations predicted right before the first mistake (0 if the state
        now is misread)."""
        truth, given = self._truth(state, meta), parse_states(answer)
        right = 0
        for expected, got in zip(truth, given, strict=False):
            if expected != got:
                break
            right += 1
        steps = len(truth) - 1
        # A wrong answer never earns full credit, e.g. the right states followed by extra ones.
        return min(max(right - 1, 0), steps - 1) / steps

    @staticmethod
    def _truth(state: dict[str, Any], meta: dict[str, Any]) -> list[int]:
        r, c = meta["cell"]
        return [g[r][c] for g in rules.evolve(state["grid"], meta["steps"])]


# ---------------------------------------------------------------- region stabilisation

@lru_cache(maxsize=1)
def settle_steps() -> tuple[int | None, ...]:
    """Per block (its bits), the step it settles at; None for blocks of fewer than 2 live
    cells, which are never asked about."""
    return tuple(settling.k if block.bit_count() >= 2 else None
                 for block, settling in enumerate(rules.block_settlings()))


# Boards up to this side have `settle_starts` listed (32,768 row triples of a 5x5 board).
STARTS_TABLE_SIDE = 5


@lru_cache(maxsize=8)
def settle_starts(n: int) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """Per three consecutive board rows (top row in the low bits), per settling step (0, 1,
    2): the start columns of the blocks on those rows that settle at that step, ascending."""
    steps, columns = settle_steps(), rules._window_columns(n)
    by_steps: dict[tuple[int | None, ...], tuple[tuple[int, ...], ...]] = {}
    table = []
    patterns = range(1 << n)
    # Rows in index order: the top row varies fastest.
    for bottom, middle, top in itertools.product(patterns, repeat=WINDOW):
        found = tuple([steps[t[top] | t[middle] << WINDOW | t[bottom] << 2 * WINDOW]
                       for t in columns])
        if found not in by_steps:
            by_steps[found] = tuple(tuple(c for c, v in enumerate(found) if v == value)
                                    for value in SETTLE_VALUES)
        table.append(by_steps[found])
    return tuple(table)


def _by_settle_steps(bits: int, n: int, extra: int) -> Iterable[tuple[int, Item]]:
    steps = settle_steps()
    return [(steps[block], (bits, index))
            for index, block in enumerate(rules.window_blocks(bits, n))
            if steps[block] is not None]


class RegionStabilization(Task):
    name = "region_stabilization"
    description = "Iterations until a wrapped 3x3 block, evolved on its own, is still or repeats"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        n, counts = board_params(draw.params)
        pools = item_pools(_by_settle_steps, n, counts, 0, n * n, draw.split)
        if pools is not None:
            _, (bits, index) = pick(draw, pools)
        else:
            want = draw.target(SETTLE_VALUES)
            bits = random_bits(draw, n, counts)
            index = self._start(draw, bits, n, want)
        return self._question(bits, n, index)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A block of the given board that settles after the balanced number of steps, as
        `build` chooses it on a random board (windows with asks are too large for pools)."""
        grid = level_grid(draw, state)
        bits, n = rules.bits_of(grid), len(grid)
        return self._question(bits, n, self._start(draw, bits, n, draw.target(SETTLE_VALUES)))

    @staticmethod
    def _start(draw: Draw, bits: int, n: int, want: Hashable) -> int:
        """A top-left cell (row-major index) whose block (of 2 or more live cells) settles at
        `want`; Retry when the board has none."""
        if n <= STARTS_TABLE_SIDE:
            # Rows r, r + 1 and r + 2 (wrapping) lie side by side in the board written twice.
            twice, mask, table = bits | bits << n * n, (1 << WINDOW * n) - 1, settle_starts(n)
            starts = [r + c for r in range(0, n * n, n) for c in table[twice >> r & mask][want]]
        else:
            steps = settle_steps()
            starts = [index for index, block in enumerate(rules.window_blocks(bits, n))
                      if steps[block] == want]
        if not starts:  # the board and the balanced target decide it, not the randomness
            raise Unaskable
        return draws.choice(draw.rng, starts)

    def _question(self, bits: int, n: int, index: int) -> Question:
        block = rules.window_block(bits, n, index)
        settling = rules.block_settlings()[block]
        text, opening = _block_texts(n, index)
        history = [[row[:] for row in state] for state in settling.history]
        return choice_question(board_state(bits, n), text, SETTLE_OPTIONS,
                               SETTLE_OPTIONS.index(str(settling.k)),
                               opening + "\n" + settling_texts()[block],
                               {"start": list(divmod(index, n)), "history": history},
                               open=OpenForm(str(settling.k)))


@lru_cache(maxsize=256)
def _block_texts(n: int, index: int) -> tuple[str, str]:
    """The question about the block whose top-left cell is `index` and its analysis's first
    line (they depend on where the block lies alone)."""
    start = divmod(index, n)
    rows, cols = rules.window_cells(n, *start)
    text = (
        f"Take the {WINDOW}x{WINDOW} block of cells whose top-left cell is {fmt(start)}: "
        f"board rows {', '.join(map(str, rows))} and columns {', '.join(map(str, cols))}, "
        "in that order (wrapping around the board's edges where needed). Treat this block "
        "as a separate Game of Life on its own 3x3 torus: ignore every cell outside it, and "
        "let the block wrap around its own edges (its top row neighbours its bottom row and "
        "its left column neighbours its right column). Let S0 be the block now and Sk the "
        "block after k iterations. What is the smallest k >= 0 such that Sk is settled, "
        "meaning that one more iteration leaves Sk unchanged, or that Sk equals an earlier "
        "state Sj with j < k? (k = 0 means one iteration already leaves the block unchanged.)"
    )
    opening = (
        f"Block rows 0-2 are board rows {', '.join(map(str, rows))} and block columns 0-2 "
        f"are board columns {', '.join(map(str, cols))}. On a 3x3 torus the 8 neighbours "
        "of a cell are exactly the other 8 cells of the block, so a live cell has (live "
        "total - 1) live neighbours and a dead cell has (live total)."
    )
    return text, opening


@lru_cache(maxsize=1)
def settling_texts() -> tuple[str, ...]:
    """`_settling_text` of every block, by its bits: all 512 at once (a few milliseconds),
    so samples look theirs up."""
    return tuple(_settling_text(block) for block in range(1 << WINDOW * WINDOW))


def _settling_text(block: int) -> str:
    """The analysis of a block's settling after its opening line (the same wherever the
    block lies), by the block's bits."""
    settling = rules.block_settlings()[block]
    lines = []
    last = settling.k
    for i, state in enumerate(settling.history):
        bits = rules.bits_of(state)
        lines.append(f"S{i} ({plural(bits.bit_count(), 'live cell')}):")
        lines.append(bits_text(bits, WINDOW))
        if i == last and not settling.still:
            lines.append(f"S{i} equals the earlier state S{settling.repeat_of}, so the block "
                         f"repeats from step {i}.")
            break
        if i > 0:
            lines.append(f"S{i} differs from every earlier state.")
        lines.append(f"Iterating S{i}: " + _group_text(step_facts(bits, WINDOW)) + ".")
        if i == last:
            lines.append(f"No cell changes, so one more iteration leaves S{i} unchanged and "
                         f"the block is settled at k = {i}.")
        else:
            lines.append(f"Some cells change, so S{i} is not still.")
    return "\n".join(lines)


FATES = {(1, 1): ("survives", "survive"), (1, 0): ("dies", "die"),
         (0, 1): ("becomes alive", "become alive"), (0, 0): ("stays dead", "stay dead")}


def step_facts(bits: int, n: int) -> list[tuple[tuple[int, int], int, int, int]]:
    """Every cell's (cell, state, live neighbours, next state) in one iteration, row-major:
    `rules.step_trace` without the neighbour lists."""
    facts = []
    for index, mask in enumerate(rules.neighbour_masks(n)):
        before, live = bits >> index & 1, (bits & mask).bit_count()
        facts.append((divmod(index, n), before, live, rules.next_state(before, live)))
    return facts


def _group_text(facts: list[tuple[tuple[int, int], int, int, int]]) -> str:
    """The updates of a step (`step_facts`) grouped by (state, live-neighbour count,
    outcome), in first-seen order, e.g. "live cells (0, 0), (1, 1) have 1 live neighbour
    each and die"."""
    groups: dict[tuple[int, int, int], list[tuple[int, int]]] = {}
    for cell, before, live, after in facts:
        groups.setdefault((before, live, after), []).append(cell)
    parts = []
    for (before, count, after), cells in groups.items():
        kind = "live" if before else "dead"
        one = len(cells) == 1
        fate = FATES[(before, after)][0 if one else 1]
        parts.append(f"{kind} {'cell' if one else 'cells'} {cells_text(cells)} "
                     f"{'has' if one else 'have'} {plural(count, 'live neighbour')}"
                     f"{'' if one else ' each'} and {fate}")
    return "; ".join(parts)


TASKS = [LiveCount(), NextLiveCount(), CellEvolution(), RegionStabilization()]
TASK_NAMES = tuple(task.name for task in TASKS)
# What `keep` evens out for the count questions, per board (the next count's change alone
# where boards are drawn at random).
ANSWERS: dict[str, Callable[[Grid], Hashable]] = {
    "live_count": rules.live_count,
    "live_count_next": lambda grid: direction(rules.live_count(grid),
                                              rules.live_count(rules.step(grid))),
}
