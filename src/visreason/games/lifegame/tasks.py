"""Game of Life question types."""

from __future__ import annotations

import itertools
import random
from typing import Any

from ...core import Draw, Question, Retry, Task, choice_question
from ...core.options import integer_run_options, sample_distinct, shuffled_choice
from ...core.text import fmt_cell as fmt
from ...core.text import fmt_cells as cells_text
from ...core.text import plural
from . import rules
from .game import grid_text
from .rules import WINDOW, CellUpdate, Grid

OPTION_COUNT = 8
CELL_STEPS = {"easy": 4, "medium": 3, "hard": 2}
STATE_WORDS = {1: "alive", 0: "dead"}


def board_for_level(rng: random.Random, level: str) -> Grid:
    """A random board of the level's size whose live fraction is in the accepted range."""
    grid = rules.random_grid(rng, rules.SIZES[level])
    if not rules.density_ok(grid):
        raise Retry
    return grid


def state_of(grid: Grid) -> dict[str, Any]:
    return {"grid": [row[:] for row in grid]}


def rule_reason(update: CellUpdate) -> str:
    """Which clause of B3/S23 decided this cell's fate."""
    n = update.live_neighbours
    if update.before:
        if update.after:
            return "a live cell with 2 or 3 live neighbours survives"
        side = "fewer than 2" if n < 2 else "more than 3"
        return f"a live cell with {side} live neighbours dies"
    if update.after:
        return "a dead cell with exactly 3 live neighbours becomes alive"
    return "a dead cell needs exactly 3 live neighbours to become alive, so it stays dead"


def neighbourhood_text(update: CellUpdate) -> str:
    """All 8 neighbours by direction, marking the ones reached by wrapping around an edge."""
    parts = []
    for nb in update.neighbours:
        where = f"{nb.direction} (wrapped)" if nb.wrapped else nb.direction
        parts.append(f"{where} {fmt(nb.cell)} {STATE_WORDS[int(nb.alive)]}")
    return "; ".join(parts)


class LiveCount(Task):
    name = "live_count"
    description = "Number of live cells on the board now"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        grid = board_for_level(rng, plot_level)
        total = rules.live_count(grid)
        lines = ["The board as 1/0 (1 = alive, 0 = dead):", grid_text(grid),
                 "Live cells row by row:"]
        for r, row in enumerate(grid):
            cells = [(r, c) for c, v in enumerate(row) if v]
            lines.append(f"Row {r}: {cells_text(cells)} -> {len(cells)}")
        per_row = " + ".join(str(sum(row)) for row in grid)
        lines.append(f"Total: {per_row} = {total} live cells.")
        options, correct = integer_run_options(draw, total, 0, len(grid) ** 2, OPTION_COUNT)
        return choice_question(state_of(grid), "How many live (black) cells are on the board "
                               "now?", options, correct, "\n".join(lines))


class NextLiveCount(Task):
    name = "live_count_next"
    description = "Number of live cells after one iteration"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        grid = board_for_level(rng, plot_level)
        trace = rules.step_trace(grid)
        after = rules.step(grid)
        before_total, after_total = rules.live_count(grid), rules.live_count(after)
        lines = ["The board now (1 = alive, 0 = dead):", grid_text(grid),
                 f"It has {plural(before_total, 'live cell')}. Counting every cell's 8 "
                 "neighbours (wrapping around the edges), these cells change:"]
        changed = [u for u in trace if u.changed]
        for u in changed:
            lines.append(f"- {fmt(u.cell)} {STATE_WORDS[u.before]} -> {STATE_WORDS[u.after]}: "
                         f"{neighbourhood_text(u)}; {plural(u.live_neighbours, 'live neighbour')}"
                         f", and {rule_reason(u)}.")
        if not changed:
            lines.append("- none.")
        deaths = sum(1 for u in changed if u.before)
        births = len(changed) - deaths
        lines.append("Every other cell keeps its state: each live one has 2 or 3 live neighbours "
                     "and no dead one has exactly 3.")
        lines.append(f"Deaths: {deaths}, births: {births}, so {before_total} - {deaths} + "
                     f"{births} = {after_total} live cells after one iteration:")
        lines.append(grid_text(after))
        options, correct = integer_run_options(draw, after_total, 0, len(grid) ** 2, OPTION_COUNT)
        text = ("How many live cells will the board have after one iteration of the rules?")
        return choice_question(state_of(grid), text, options, correct, "\n".join(lines),
                               {"after": after})


def sequence_text(states: tuple[int, ...]) -> str:
    return " -> ".join(STATE_WORDS[s] for s in states)


def flips(states: list[int]) -> int:
    return sum(a != b for a, b in itertools.pairwise(states))


def sequence_distractors(rng: random.Random, truth: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Other state sequences: first those that keep the visible starting state (they test the
    evolution), then, when too few exist, ones that flip it too (they test the reading)."""
    steps = len(truth) - 1
    keep = [(truth[0], *rest) for rest in itertools.product((1, 0), repeat=steps)]
    picked = sample_distinct(rng, keep, OPTION_COUNT - 1, exclude=[truth])
    if len(picked) < OPTION_COUNT - 1:
        flipped = [(1 - truth[0], *rest) for rest in itertools.product((1, 0), repeat=steps)]
        picked += sample_distinct(rng, flipped, OPTION_COUNT - 1 - len(picked))
    return picked


class CellEvolution(Task):
    name = "cell_evolution"
    description = "A cell's state over the next few iterations"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        grid = board_for_level(rng, plot_level)
        k = CELL_STEPS[plot_level]
        history = rules.evolve(grid, k)
        cell = self._target(rng, grid, history)
        r, c = cell
        truth = tuple(g[r][c] for g in history)
        options, correct = shuffled_choice(
            rng, sequence_text(truth), [sequence_text(s) for s in sequence_distractors(rng, truth)])
        text = (f"Follow cell {fmt(cell)} while the whole board evolves for {k} iterations. "
                f"Which option lists its state now and after each of the {k} iterations, in "
                "order (now -> after iteration 1 -> ...)?")
        return choice_question(state_of(grid), text, options, correct,
                               self._analysis(cell, history), {"cell": list(cell), "steps": k})

    @staticmethod
    def _target(rng: random.Random, grid: Grid, history: list[Grid]) -> tuple[int, int]:
        """A live cell or a neighbour of one, weighted towards cells that flip more often."""
        near = {cell for live in rules.live_cells(grid) for cell in
                [live] + [nb.cell for nb in rules.neighbours(grid, *live)]}
        candidates = sorted(near)
        weights = [1 + 2 * flips([g[r][c] for g in history]) for r, c in candidates]
        return rng.choices(candidates, weights)[0]

    @staticmethod
    def _analysis(cell: tuple[int, int], history: list[Grid]) -> str:
        r, c = cell
        lines = ["The board now (1 = alive, 0 = dead):", grid_text(history[0]),
                 f"{fmt(cell)} is {STATE_WORDS[history[0][r][c]]} now."]
        for i, grid in enumerate(history[:-1], start=1):
            update = rules.step_trace(grid)[r * len(grid) + c]
            live = [nb.cell for nb in update.neighbours if nb.alive]
            lines.append(
                f"Iteration {i}: {fmt(cell)} is {STATE_WORDS[update.before]} with "
                f"{plural(len(live), 'live neighbour')} ({cells_text(live)}), and "
                f"{rule_reason(update)}; it is {STATE_WORDS[update.after]} after iteration {i}. "
                f"The board after iteration {i}:")
            lines.append(grid_text(history[i]))
        lines.append("Its states in order: " + sequence_text(tuple(g[r][c] for g in history)) + ".")
        return "\n".join(lines)


class RegionStabilization(Task):
    name = "region_stabilization"
    description = "Iterations until a wrapped 3x3 block, evolved on its own, is still or repeats"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        grid = board_for_level(rng, plot_level)
        n = len(grid)
        by_answer: dict[int, list[tuple[int, int]]] = {}
        for r in range(n):
            for c in range(n):
                block = rules.window(grid, r, c)
                if rules.live_count(block) >= 2:
                    by_answer.setdefault(rules.settle(block).k, []).append((r, c))
        if not by_answer:
            raise Retry
        # Draw the answer first, so every reachable value is equally common in the data.
        start = rng.choice(by_answer[rng.choice(sorted(by_answer))])
        settling = rules.settle(rules.window(grid, *start))
        rows, cols = rules.window_cells(n, *start)
        options, correct = integer_run_options(draw, settling.k, 0, WINDOW * WINDOW, OPTION_COUNT)
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
        return choice_question(state_of(grid), text, options, correct,
                               self._analysis(rows, cols, settling),
                               {"start": list(start), "history": settling.history})

    @staticmethod
    def _analysis(rows: list[int], cols: list[int], settling: rules.Settling) -> str:
        lines = [
            f"Block rows 0-2 are board rows {', '.join(map(str, rows))} and block columns 0-2 "
            f"are board columns {', '.join(map(str, cols))}. On a 3x3 torus the 8 neighbours "
            "of a cell are exactly the other 8 cells of the block, so a live cell has (live "
            "total - 1) live neighbours and a dead cell has (live total)."
        ]
        last = settling.k
        for i, block in enumerate(settling.history):
            lines.append(f"S{i} ({plural(rules.live_count(block), 'live cell')}):")
            lines.append(grid_text(block))
            if i == last and not settling.still:
                lines.append(f"S{i} equals the earlier state S{settling.repeat_of}, so the block "
                             f"repeats from step {i}.")
                break
            if i > 0:
                lines.append(f"S{i} differs from every earlier state.")
            lines.append(f"Iterating S{i}: " + _group_text(rules.step_trace(block)) + ".")
            if i == last:
                lines.append(f"No cell changes, so one more iteration leaves S{i} unchanged and "
                             f"the block is settled at k = {i}.")
            else:
                lines.append(f"Some cells change, so S{i} is not still.")
        return "\n".join(lines)


FATES = {(1, 1): ("survives", "survive"), (1, 0): ("dies", "die"),
         (0, 1): ("becomes alive", "become alive"), (0, 0): ("stays dead", "stay dead")}


def _group_text(trace: list[CellUpdate]) -> str:
    """The updates of a step grouped by (state, live-neighbour count, outcome), in first-seen
    order, e.g. "live cells (0, 0), (1, 1) have 1 live neighbour each and die"."""
    groups: dict[tuple[int, int, int], list[tuple[int, int]]] = {}
    for u in trace:
        groups.setdefault((u.before, u.live_neighbours, u.after), []).append(u.cell)
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
