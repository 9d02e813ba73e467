"""Space Invaders question types (GameQA space_invaders ids 1-9).

Every task draws the answer it should land on first (balanced over the dataset) and then
builds a formation that has it: column heights are drawn, then steered one column at a time
until the asked count or score is the target. Counts whose range fits in one option list use
that whole list in order; wider ranges use a run of consecutive numbers whose position around
the answer is itself balanced, so neither the smallest, the largest nor the middle option
points at the answer.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, Unaskable, choice_question
from ...core.asking import AskBalance
from ...core.seeds import derive_seed
from ...core.text import plural
from . import rules
from .rules import COLOR_NAMES, POINTS, Layout

RUN = 8                # options in a run of consecutive numbers
SHIP_ON_ENEMIES = 0.8  # the ship stands under an enemy column this often
STEER_TRIES = 400
CALIBRATION_BOARDS = 600
ASK_FLOOR = 0.1
DIRECTION_WORDS = {1: "right", -1: "left"}


# ----------------------------------------------------------------------------- numbers

@dataclass(frozen=True)
class Pick:
    """An answer value in [lo, hi] (in `unit`s) and where it sits in its option run
    (`run` None: the options are the whole range in order)."""

    value: int
    lo: int
    hi: int
    run: int | None


def pick_number(draw: Draw, lo: int, hi: int, name: str = "answer") -> Pick:
    """The value this item should land on.

    A range of at most RUN values is listed whole, and the value is drawn from a balanced
    schedule over it. A wider range gets RUN consecutive options: the answer's place in the
    run is balanced first and the value drawn uniformly among those that leave room below
    for that place, so every place (smallest, largest, middle) is right 1 time in RUN.
    """
    if hi - lo + 1 <= RUN:
        return Pick(draw.target(list(range(lo, hi + 1)), name), lo, hi, None)
    run = draw.slot(RUN, name + " run")
    return Pick(draw.rng.randint(lo + run, hi), lo, hi, run)


def fit_pick(draw: Draw, value: int, lo: int, hi: int) -> Pick:
    """The Pick of a value a board already fixes (a question asked about another task's
    board): the whole range when it fits in one list, else a run with the value at a
    uniformly drawn place, refused (Retry) when that place leaves no room below it, as
    `pick_number` never draws such a pair. Retry when the value is out of range."""
    if not lo <= value <= hi:
        raise Retry
    if hi - lo + 1 <= RUN:
        return Pick(value, lo, hi, None)
    run = draw.rng.randrange(RUN)
    if run > value - lo:
        raise Retry
    return Pick(value, lo, hi, run)


def number_options(draw: Draw, pick: Pick, unit: int = 1) -> tuple[list[str], int]:
    """The option texts and the answer's index for `pick` (values times `unit`)."""
    if pick.run is None:
        return [str(v * unit) for v in range(pick.lo, pick.hi + 1)], pick.value - pick.lo
    start = pick.value - pick.run
    others = [str(v * unit) for v in range(start, start + RUN) if v != pick.value]
    return draw.place(str(pick.value * unit), others)


# ----------------------------------------------------------------------------- boards

def new_layout(draw: Draw) -> Layout:
    p = draw.params
    return rules.random_layout(draw.rng, p["rows"], p["cols"], p["margin"])


def steer(rng: random.Random, layout: Layout, heights: list[int],
          measure: Callable[[list[int]], int], target: int) -> list[int]:
    """Heights changed one column at a time, never moving `measure` away from `target`,
    until it equals `target` with at least two enemies on the board; Retry if it stalls."""
    heights = list(heights)
    for _ in range(STEER_TRIES):
        gap = abs(measure(heights) - target)
        if gap == 0 and sum(heights) >= rules.MIN_ENEMIES:
            return heights
        trial = list(heights)
        trial[rng.randrange(layout.cols)] = rng.randint(0, layout.rows)
        if abs(measure(trial) - target) <= gap:
            heights = trial
    raise Retry


def place_ship(rng: random.Random, layout: Layout, heights: list[int]) -> int:
    """The ship's column: under an enemy column 4 times in 5, else under an empty one."""
    filled = [layout.left + k for k, h in enumerate(heights) if h]
    empty = [c for c in range(1, layout.width + 1) if c not in filled]
    return rng.choice(filled if filled and (rng.random() < SHIP_ON_ENEMIES or not empty)
                      else empty)


def board(draw: Draw, layout: Layout, heights: list[int], ship: int | None = None
          ) -> dict[str, Any]:
    """The state of these heights; the ship placed as the original does unless given (a
    question that does not involve the ship passes a uniform column: more varied boards)."""
    if sum(heights) < rules.MIN_ENEMIES:
        raise Retry
    if ship is None:
        ship = place_ship(draw.rng, layout, heights)
    state = rules.make_state(layout, heights, ship)
    draw.claim(state)
    return state


def anywhere(draw: Draw, layout: Layout) -> int:
    return draw.rng.randint(1, layout.width)


def shot_line(grid: list[str], col: int) -> str:
    hit = rules.lowest(grid, col)
    if hit is None:
        return f"Column {col} has no enemy, so a shot there scores 0 points."
    r, ch = hit
    return (f"The lowermost enemy in column {col} is the {COLOR_NAMES[ch]} one at row {r}, "
            f"worth {POINTS[ch]} points.")


def height_for_value(rows: int, value: int) -> list[int]:
    """Formation column heights whose lowermost enemy is worth `value` (0: an empty column)."""
    return [h for h in range(rows + 1) if rules.lowest_value_of_height(rows, h) == value]


def shot_values(rows: int) -> list[int]:
    """The points a shot can score on a formation of `rows` rows, ascending (0 included)."""
    return sorted({rules.lowest_value_of_height(rows, h) for h in range(rows + 1)})


# ----------------------------------------------------------------------------- counting tasks

class ColumnCount(Task):
    name = "column_count"
    description = "Number of enemies in a given column"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        layout = new_layout(draw)
        pick = pick_number(draw, 0, layout.rows)
        heights = rules.random_heights(draw.rng, layout)
        if pick.value:
            k = draw.rng.randrange(layout.cols)
            heights[k] = pick.value
            state = board(draw, layout, heights)
            col = layout.left + k
        else:
            state = board(draw, layout, heights)
            col = draw.rng.choice([c for c in range(1, layout.width + 1)
                                   if not rules.column_count(state["grid"], c)])
        return self._question(draw, state, col, pick)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        pick = pick_number(draw, 0, draw.params["rows"])
        cols = [c for c in range(1, rules.width(state) + 1)
                if rules.column_count(state["grid"], c) == pick.value]
        if not cols:
            raise Retry
        keep_even(draw, self.name, pick.value)
        return self._question(draw, state, draw.rng.choice(cols), pick)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], col: int, pick: Pick) -> Question:
        grid = state["grid"]
        count = rules.column_count(grid, col)
        assert count == pick.value
        options, index = number_options(draw, pick)
        lines = ["Read column " + str(col) + " from row 1 down to row " + str(len(grid)) + ":"]
        for r, ch in enumerate(rules.column(grid, col), 1):
            what = f"a {COLOR_NAMES[ch]} enemy" if ch != rules.EMPTY else "empty"
            lines.append(f"row {r}: {what}")
        lines.append(f"Column {col} holds {plural(count, 'enemy', 'enemies')}.")
        text = f"How many enemies are there in column {col}?"
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"column": col}, open=OpenForm(str(count)))


class RowCount(Task):
    name = "row_count"
    description = "Number of enemies in a given row"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        layout = new_layout(draw)
        rng = draw.rng
        pick = pick_number(draw, 0, draw.params["cols"])
        if pick.value > layout.cols:
            raise Retry
        heights = rules.random_heights(rng, layout)
        if pick.value:
            i = rng.randint(1, layout.rows)
            chosen = set(rng.sample(range(layout.cols), pick.value))
            heights = [(h if h >= i else rng.randint(i, layout.rows)) if k in chosen
                       else (h if h < i else rng.randint(0, i - 1))
                       for k, h in enumerate(heights)]
            if sum(heights) < rules.MIN_ENEMIES:
                raise Retry
            state = board(draw, layout, heights)
            row = layout.top + i - 1
        else:
            state = board(draw, layout, heights)
            row = rng.choice([r for r in range(1, layout.area_rows + 1)
                              if not rules.row_count(state["grid"], r)])
        return self._question(draw, state, row, pick)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        grid = state["grid"]
        pick = pick_number(draw, 0, draw.params["cols"])
        rows = [r for r in range(1, len(grid) + 1) if rules.row_count(grid, r) == pick.value]
        if not rows:
            raise Retry
        keep_even(draw, self.name, pick.value)
        return self._question(draw, state, draw.rng.choice(rows), pick)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], row: int, pick: Pick) -> Question:
        grid = state["grid"]
        count = rules.row_count(grid, row)
        assert count == pick.value
        options, index = number_options(draw, pick)
        cols = [c for c, ch in enumerate(grid[row - 1], 1) if ch != rules.EMPTY]
        where = (f"enemies stand in columns {', '.join(map(str, cols))}" if cols
                 else "no cell holds an enemy")
        analysis = (f"Scan row {row} from column 1 to column {len(grid[0])}: {where}. So row "
                    f"{row} holds {plural(count, 'enemy', 'enemies')}.")
        text = f"How many enemies are there in row {row}?"
        return choice_question(state, text, options, index, analysis, {"row": row},
                               open=OpenForm(str(count)))


def per_row_counts(grid: list[str], color: str | None = None) -> list[str]:
    """'row r: n' for every row holding enemies (of `color`, if given)."""
    lines = []
    for r, row in enumerate(grid, 1):
        n = len(row) - row.count(rules.EMPTY) if color is None else row.count(color)
        if n:
            lines.append(f"row {r}: {n}")
    return lines


def sum_lines(what: str, rows: list[str], count: int) -> list[str]:
    """The row-by-row count of an analysis."""
    if not rows:
        return [f"No row holds any {what}, so there are 0."]
    if len(rows) == 1:
        return [f"Only {rows[0].split(':')[0]} holds {what}: {count}."]
    return [f"Count the {what} row by row:", *rows,
            f"In total: {' + '.join(r.split(': ')[1] for r in rows)} = {count}."]


class TotalCount(Task):
    name = "total_count"
    description = "Total number of enemies"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        layout = new_layout(draw)
        # Totals that only a full formation reaches are left out: a narrow full formation
        # is one board, and would recur.
        most = draw.params["cols"]
        pick = pick_number(draw, most, layout.rows * most - 2)
        if pick.value > layout.rows * layout.cols - 2:
            raise Retry
        heights = steer(draw.rng, layout, rules.random_heights(draw.rng, layout), sum,
                        pick.value)
        state = board(draw, layout, heights, anywhere(draw, layout))
        return self._question(draw, state, pick)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        p = draw.params
        count = rules.total(state["grid"])
        pick = fit_pick(draw, count, p["cols"], p["rows"] * p["cols"] - 2)
        keep_even(draw, self.name, count)
        return self._question(draw, state, pick)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], pick: Pick) -> Question:
        grid = state["grid"]
        count = rules.total(grid)
        assert count == pick.value
        options, index = number_options(draw, pick)
        lines = sum_lines("enemies", per_row_counts(grid), count)
        return choice_question(state, "How many enemies are there in total?", options, index,
                               "\n".join(lines), open=OpenForm(str(count)))


def color_measure(rows: int, color: str) -> Callable[[list[int]], int]:
    """How many enemies of `color` a formation of these column heights holds."""
    blue = rules.blue_rows(rows)
    if color == rules.PURPLE:
        return lambda hs: sum(h >= 1 for h in hs)
    if color == rules.BLUE:
        return lambda hs: sum(min(max(h - 1, 0), blue) for h in hs)
    return lambda hs: sum(max(h - 1 - blue, 0) for h in hs)


def color_range(rows: int, cols: int, color: str) -> tuple[int, int]:
    """The counts of `color` a formation of `rows` x `cols` can hold (at least one purple)."""
    blue = rules.blue_rows(rows)
    per_column = {rules.PURPLE: 1, rules.BLUE: blue, rules.GREEN: rows - 1 - blue}
    return (1 if color == rules.PURPLE else 0), cols * per_column[color]


def colors_of(rows: int) -> list[str]:
    return [c for c in (rules.PURPLE, rules.BLUE, rules.GREEN)
            if c != rules.GREEN or rows - 1 - rules.blue_rows(rows) > 0]


class ColorCount(Task):
    name = "color_count"
    description = "Number of enemies of a given colour"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        layout = new_layout(draw)
        color = draw.target(colors_of(layout.rows), "colour")
        lo, hi = color_range(layout.rows, draw.params["cols"], color)
        pick = pick_number(draw, lo, hi, color)
        if pick.value > color_range(layout.rows, layout.cols, color)[1]:
            raise Retry
        heights = steer(draw.rng, layout, rules.random_heights(draw.rng, layout),
                        color_measure(layout.rows, color), pick.value)
        return self._question(draw, board(draw, layout, heights, anywhere(draw, layout)), color,
                              pick)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        rows, cols = draw.params["rows"], draw.params["cols"]
        color = draw.target(colors_of(rows), "colour")
        lo, hi = color_range(rows, cols, color)
        pick = pick_number(draw, lo, hi, color)
        if rules.color_count(state["grid"], color) != pick.value:
            raise Retry
        keep_even(draw, self.name, (color, pick.value))
        return self._question(draw, state, color, pick)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], color: str, pick: Pick) -> Question:
        grid = state["grid"]
        count = rules.color_count(grid, color)
        assert count == pick.value
        options, index = number_options(draw, pick)
        name = COLOR_NAMES[color]
        lines = sum_lines(f"{name} enemies", per_row_counts(grid, color), count)
        text = f"How many {name} enemies are there?"
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"color": name}, open=OpenForm(str(count)))


# ----------------------------------------------------------------------------- shooting tasks

def column_with_value(draw: Draw, layout: Layout, heights: list[int], value: int,
                      exclude: int | None = None) -> tuple[list[int], int]:
    """Heights and a column (not `exclude`) whose shot scores `value`: an existing one if
    any, else a formation column given a height with that lowermost enemy."""
    rng, heights = draw.rng, list(heights)
    cols = [c for c in range(1, layout.width + 1) if c != exclude and
            (rules.lowest_value_of_height(layout.rows, heights[c - layout.left])
             if c in layout.columns() else 0) == value]
    if cols and rng.random() < 0.5:
        return heights, rng.choice(cols)
    ks = [k for k in range(layout.cols) if layout.left + k != exclude]
    k = rng.choice(ks)
    heights[k] = rng.choice(height_for_value(layout.rows, value))
    return heights, layout.left + k


class ShootHere(Task):
    name = "shoot_here"
    description = "Points scored if the ship shoots from where it is"
    qa_type = "state_prediction"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        layout = new_layout(draw)
        values = shot_values(layout.rows)
        value = draw.target(values)
        heights, col = column_with_value(draw, layout, rules.random_heights(draw.rng, layout),
                                         value)
        state = board(draw, layout, heights, ship=col)
        return self._question(state, values)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        keep_even(draw, self.name, rules.shot_value(state["grid"], state["ship"]))
        return self._question(state, shot_values(draw.params["rows"]))

    @staticmethod
    def _question(state: dict[str, Any], values: list[int]) -> Question:
        col = state["ship"]
        points = rules.shot_value(state["grid"], col)
        analysis = f"The ship is below column {col}. " + shot_line(state["grid"], col)
        text = "If the ship shoots once from where it is now, how many points does it score?"
        return choice_question(state, text, [str(v) for v in values], values.index(points),
                               analysis, open=OpenForm(str(points)))


class MoveAndShoot(Task):
    name = "move_and_shoot"
    description = "Points scored if the ship moves to a given column and shoots"
    qa_type = "state_prediction"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        layout = new_layout(draw)
        values = shot_values(layout.rows)
        value = draw.target(values)
        heights = rules.random_heights(draw.rng, layout)
        ship = place_ship(draw.rng, layout, heights)
        heights, col = column_with_value(draw, layout, heights, value, exclude=ship)
        return self._question(board(draw, layout, heights, ship=ship), col, values)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        values = shot_values(draw.params["rows"])
        value = draw.target(values)
        cols = [c for c in range(1, rules.width(state) + 1)
                if c != state["ship"] and rules.shot_value(state["grid"], c) == value]
        if not cols:
            raise Retry
        keep_even(draw, self.name, value)
        return self._question(state, draw.rng.choice(cols), values)

    @staticmethod
    def _question(state: dict[str, Any], col: int, values: list[int]) -> Question:
        points = rules.shot_value(state["grid"], col)
        analysis = (f"The ship moves from column {state['ship']} to column {col}; the enemies "
                    f"do not move during the interval. " + shot_line(state["grid"], col))
        text = (f"The ship moves to column {col} and shoots once. How many points does it "
                "score?")
        return choice_question(state, text, [str(v) for v in values], values.index(points),
                               analysis, {"column": col}, open=OpenForm(str(points)))


def volley_plays(state: dict[str, Any], volley: int) -> list[tuple[int, int, int]]:
    """(direction, shots, points) for every stationary volley the board leaves room for:
    its shots - 1 shifts keep every enemy inside the grid."""
    first, last = rules.occupied_span(state["grid"])
    room = {1: rules.width(state) - last, -1: first - 1}
    return [(d, n, sum(v.points for v in rules.stationary_volleys(state, n, d)))
            for d in (1, -1) for n in range(2, min(volley, room[d] + 1) + 1)]


class MovingFormation(Task):
    name = "moving_formation"
    description = "Points of a stationary ship shooting once per interval while enemies shift"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        rng = draw.rng
        layout = new_layout(draw)
        room = {1: layout.width - (layout.left + layout.cols - 1), -1: layout.left - 1}
        direction = rng.choice([d for d in room if room[d] >= 1])
        shots = rng.randint(2, min(draw.params["volley"], room[direction] + 1))
        pick = pick_number(draw, 0, 3 * shots, f"{shots} shots")
        heights = rules.random_heights(rng, layout)
        ships = list(range(1, layout.width + 1))
        rng.shuffle(ships)
        for ship in ships:
            sources = [ship - k * direction for k in range(shots)]
            if set(layout.columns()) <= set(sources):
                continue  # the plan would fix every column: too few such boards to vary
            choices = tuple(tuple(v // 10 for v in shot_values(layout.rows))
                            if s in layout.columns() else (0,) for s in sources)
            plans = rules.value_tuples(choices).get(pick.value)
            if plans:
                break
        else:
            raise Retry
        for source, value in zip(sources, rng.choice(plans), strict=True):
            if source in layout.columns():
                heights[source - layout.left] = rng.choice(height_for_value(layout.rows,
                                                                            10 * value))
        if sum(heights) < rules.MIN_ENEMIES:
            raise Retry
        state = board(draw, layout, heights, ship=ship)
        return self._question(draw, state, direction, shots, pick)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A volley drawn among those the board leaves room for; its (shots, points) kept in
        inverse proportion to how often a random volley has them."""
        plays = volley_plays(state, draw.params["volley"])
        if not plays:
            raise Unaskable
        direction, shots, points = draw.rng.choice(plays)
        pick = fit_pick(draw, points // 10, 0, 3 * shots)
        keep_even(draw, self.name, (shots, points))
        return self._question(draw, state, direction, shots, pick)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], direction: int, shots: int,
                  pick: Pick) -> Question:
        volleys = rules.stationary_volleys(state, shots, direction)
        points = sum(v.points for v in volleys)
        assert points == 10 * pick.value
        options, index = number_options(draw, pick, unit=10)
        word = DIRECTION_WORDS[direction]
        col = state["ship"]
        lines = [f"The ship stays below column {col}. Each time the formation has moved k "
                 f"columns {word}, the enemy above the ship is the one that started in column "
                 f"{col} {'-' if direction > 0 else '+'} k. Shot by shot:"]
        for v in volleys:
            moved = f"after {plural(abs(v.offset), 'shift')}" if v.offset else "before any shift"
            if v.hit is None:
                what = "none of its enemies is left, 0 points"
            else:
                what = (f"the lowermost is {COLOR_NAMES[v.hit[1]]} at row {v.hit[0]}, "
                        f"{v.points} points")
            lines.append(f"Shot {v.interval} ({moved}): above the ship are the enemies that "
                         f"started in column {v.source}; {what}.")
        lines.append(f"Total: {' + '.join(str(v.points) for v in volleys)} = {points} points.")
        text = (f"The ship does not move. It shoots once in each of the next {shots} intervals "
                f"(the first shot before the enemies move), and at the end of every interval "
                f"the whole formation shifts one column to the {word}; the enemies stay inside "
                "the grid. How many points do these shots score in total?")
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"shots": shots, "direction": word},
                               open=OpenForm(str(points)))


# ----------------------------------------------------------------------------- best shots

def best_single_heights(rng: random.Random, layout: Layout, best: int) -> list[int]:
    """Heights whose best single shot scores exactly `best`."""
    allowed = [h for h in range(layout.rows + 1)
               if rules.lowest_value_of_height(layout.rows, h) <= best]
    heights = rng.choices(allowed, k=layout.cols)
    heights[rng.randrange(layout.cols)] = rng.choice(height_for_value(layout.rows, best))
    return heights


def best_single(grid: list[str]) -> int:
    return max(rules.shot_value(grid, c) for c in range(1, len(grid[0]) + 1))


class BestSingleShot(Task):
    name = "best_single_shot"
    description = "Most points one move and one shot can score"
    qa_type = "strategy_optimization"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        layout = new_layout(draw)
        values = [v for v in shot_values(layout.rows) if v]
        best = draw.target(values)
        state = board(draw, layout, best_single_heights(draw.rng, layout, best),
                      anywhere(draw, layout))
        return self._question(state, values)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        values = [v for v in shot_values(draw.params["rows"]) if v]
        best = best_single(state["grid"])
        if best not in values:
            raise Unaskable
        keep_even(draw, self.name, best)
        return self._question(state, values)

    @staticmethod
    def _question(state: dict[str, Any], values: list[int]) -> Question:
        grid = state["grid"]
        lines = ["Within one interval the enemies stay still, so the ship can score the "
                 "lowermost enemy of any one column. Column by column:"]
        best, where = 0, []
        for col in range(1, len(grid[0]) + 1):
            hit = rules.lowest(grid, col)
            if hit is None:
                continue
            value = POINTS[hit[1]]
            lines.append(f"column {col}: lowermost is {COLOR_NAMES[hit[1]]} at row {hit[0]}, "
                         f"{value} points")
            if value > best:
                best, where = value, [col]
            elif value == best:
                where.append(col)
        lines.append("The other columns are empty. The most is " + str(best) + " points (column"
                     + ("s " if len(where) > 1 else " ") + ", ".join(map(str, where)) + ").")
        text = ("The ship may move to any column and then shoot once. What is the most points "
                "it can score?")
        return choice_question(state, text, [str(v) for v in values], values.index(best),
                               "\n".join(lines), open=OpenForm(str(best)))


@lru_cache(maxsize=32)
def best_shot_values(rows: int, cols: int, margin: int, shots: int) -> tuple[int, ...]:
    """The optimum scores (in tens) boards of this size reach, measured once on
    CALIBRATION_BOARDS boards from a fixed seed: the values best_shots balances over."""
    rng = random.Random(derive_seed("space_invaders", "best shots", rows, cols, margin, shots))
    seen = set()
    for _ in range(CALIBRATION_BOARDS):
        layout = rules.random_layout(rng, rows, cols, margin)
        heights = styled_heights(rng, layout)
        if sum(heights) >= rules.MIN_ENEMIES:
            seen.add(rules.best_shots(rules.build_grid(layout, heights), shots)[0] // 10)
    return tuple(sorted(seen))


def styled_heights(rng: random.Random, layout: Layout) -> list[int]:
    """Column heights from weights drawn per board, so that boards of every optimum occur
    (uniform weights rarely leave only full columns, or many short ones)."""
    weights = [rng.random() ** 2 for _ in range(layout.rows + 1)]
    return rng.choices(range(layout.rows + 1), weights, k=layout.cols)


BEST_TRIES = 60


class BestShots(Task):
    name = "best_shots"
    description = "Most points with several shots and free movement (exact search)"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        p = draw.params
        shots = p["shots"]
        feasible = best_shot_values(p["rows"], p["cols"], p["margin"], shots)
        lo, hi = feasible[0], feasible[-1]
        pick = pick_number(draw, lo, hi)
        layout = new_layout(draw)
        for _ in range(BEST_TRIES):
            heights = styled_heights(draw.rng, layout)
            if sum(heights) < rules.MIN_ENEMIES:
                continue
            grid = rules.build_grid(layout, heights)
            if rules.best_shots(grid, shots)[0] == 10 * pick.value:
                state = board(draw, layout, heights, anywhere(draw, layout))
                return self._question(draw, state, shots, pick)
        raise Retry

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        p = draw.params
        feasible = best_shot_values(p["rows"], p["cols"], p["margin"], p["shots"])
        best = rules.best_shots(state["grid"], p["shots"])[0] // 10
        pick = fit_pick(draw, best, feasible[0], feasible[-1])
        keep_even(draw, self.name, best)
        return self._question(draw, state, p["shots"], pick)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], shots: int, pick: Pick) -> Question:
        grid = state["grid"]
        best, plan = rules.best_shots(grid, shots)
        assert best == 10 * pick.value
        options, index = number_options(draw, pick, unit=10)
        lines = ["The enemies' shifts do not matter: the ship can reach every column in every "
                 "interval, and each shot removes the lowermost enemy of its column, which "
                 "uncovers the next one up. Points per column, in the order shots reach them "
                 "(bottom first):"]
        for col in range(1, len(grid[0]) + 1):
            values = rules.stack_values(grid, col)
            if values:
                lines.append(f"column {col}: {', '.join(map(str, values))}")
        lines.append(f"With {plural(shots, 'shot')}, take the best combination of the first "
                     "values of the columns (a column's second value only after its first):")
        picked = []
        for col, take in enumerate(plan, 1):
            if take:
                values = rules.stack_values(grid, col)[:take]
                picked += values
                lines.append(f"{plural(take, 'shot')} up column {col}: "
                             f"{' + '.join(map(str, values))}")
        if len(picked) < shots:
            lines.append("Every enemy is shot down before the shots run out.")
        lines.append(f"No other combination scores more, so the best is "
                     f"{' + '.join(map(str, picked))} = {best} points.")
        text = (f"The ship fires {plural(shots, 'shot')}, one per interval, moving freely "
                "before each (the formation shifts one column left or right between "
                "intervals, never leaving the grid). What is the most points these shots can "
                "score?")
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"shots": shots}, open=OpenForm(str(best)))


# ----------------------------------------------------------------------------- asking

def _available(name: str, state: dict[str, Any], params: dict[str, Any],
               rng: random.Random) -> set[Any]:
    """The answers a question of task `name` could be given on this board (by its choice of
    column, row or colour); for a volley drawn at random (`rng`), the answer of one draw."""
    grid = state["grid"]
    if name == MovingFormation.name:
        plays = volley_plays(state, params["volley"])
        return {rng.choice(plays)[1:]} if plays else set()
    cols = range(1, len(grid[0]) + 1)
    if name == ColumnCount.name:
        return {rules.column_count(grid, c) for c in cols}
    if name == RowCount.name:
        return {rules.row_count(grid, r) for r in range(1, len(grid) + 1)}
    if name == ColorCount.name:
        return {(color, rules.color_count(grid, color)) for color in COLOR_NAMES}
    if name == MoveAndShoot.name:
        return {rules.shot_value(grid, c) for c in cols if c != state["ship"]}
    if name == TotalCount.name:
        return {rules.total(grid)}
    if name == ShootHere.name:
        return {rules.shot_value(grid, state["ship"])}
    if name == BestSingleShot.name:
        return {best_single(grid)}
    if name == BestShots.name:
        return {rules.best_shots(grid, params["shots"])[0] // 10}
    raise KeyError(name)


_BALANCE = AskBalance("space_invaders", CALIBRATION_BOARDS, ASK_FLOOR, _available, lambda: TASKS)
calibration_boards = _BALANCE.calibration_boards
availability = _BALANCE.availability
keep_even = _BALANCE.keep_even


TASKS = [ColumnCount(), RowCount(), TotalCount(), ColorCount(), ShootHere(), MoveAndShoot(),
         MovingFormation(), BestSingleShot(), BestShots()]
