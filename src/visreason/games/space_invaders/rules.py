"""Space Invaders logic: the enemy formation, shots, formation shifts and best-shot search.

No drawing and no text. Rows and columns are 1-based everywhere (row 1 at the top of the enemy
area, column 1 at the left), as the prompts state them. A state is JSON-ready:

    {"grid": ["..PPB..", ...],  # one string per enemy-area row: '.' empty, P/B/G an enemy
     "ship": 4}                 # the ship's column, below the enemy area

P (purple) is worth 30 points, B (blue) 20 and G (green) 10. Boards are built as a
formation of contiguous column stacks hanging from the formation's top row, coloured by
formation row (purple on top, then one blue row, two for formations of five rows or more,
green below); the step functions work on any grid.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

EMPTY = "."
PURPLE, BLUE, GREEN = "P", "B", "G"
POINTS = {PURPLE: 30, BLUE: 20, GREEN: 10}
COLOR_NAMES = {PURPLE: "purple", BLUE: "blue", GREEN: "green"}
MIN_ENEMIES = 2
# Column heights are drawn with weights toward full columns, as the original does.
FULL_WEIGHT = 2


def blue_rows(rows: int) -> int:
    """Blue formation rows below the purple one: two in formations of 5 rows or more."""
    return 2 if rows >= 5 else 1


def row_color(rows: int, i: int) -> str:
    """The colour of formation row `i` (1-based from the formation's top)."""
    if i == 1:
        return PURPLE
    return BLUE if i <= 1 + blue_rows(rows) else GREEN


def lowest_value_of_height(rows: int, height: int) -> int:
    """Points of the lowermost enemy of a formation column holding `height` enemies."""
    return POINTS[row_color(rows, height)] if height else 0


@dataclass(frozen=True)
class Layout:
    """Where a formation sits: enemy-area size, the formation's top-left cell and its size."""

    area_rows: int
    width: int
    top: int     # 1-based row of the formation's top row
    left: int    # 1-based column of the formation's first column
    rows: int    # formation rows
    cols: int    # formation columns

    def columns(self) -> range:
        return range(self.left, self.left + self.cols)


def random_layout(rng: random.Random, rows: int, cols: int, margin: int) -> Layout:
    """A formation of `rows` rows and `cols` - 2 to `cols` columns (at least 3) in a grid
    `cols` + 2 x `margin` columns wide, anywhere across it, in an enemy area of `rows` + 2 or
    `rows` + 3 rows, anywhere down it."""
    width = cols + 2 * margin
    formation = rng.randint(min(cols, max(3, cols - 2)), cols)
    area_rows = rows + rng.randint(2, 3)
    return Layout(area_rows, width, rng.randint(1, area_rows - rows + 1),
                  rng.randint(1, width - formation + 1), rows, formation)


def random_heights(rng: random.Random, layout: Layout) -> list[int]:
    """Enemies per formation column, 0..rows, weighted toward full columns."""
    choices = list(range(layout.rows + 1))
    weights = [1] * layout.rows + [FULL_WEIGHT]
    return rng.choices(choices, weights, k=layout.cols)


def build_grid(layout: Layout, heights: list[int]) -> list[str]:
    """The enemy-area rows of a formation whose column k holds heights[k] stacked enemies."""
    cells = [[EMPTY] * layout.width for _ in range(layout.area_rows)]
    for k, h in enumerate(heights):
        for i in range(1, h + 1):
            cells[layout.top + i - 2][layout.left + k - 1] = row_color(layout.rows, i)
    return ["".join(row) for row in cells]


def make_state(layout: Layout, heights: list[int], ship: int) -> dict[str, Any]:
    return {"grid": build_grid(layout, heights), "ship": ship}


# ----------------------------------------------------------------------------- reading a grid

def width(state: dict[str, Any]) -> int:
    return len(state["grid"][0])


def column(grid: list[str], col: int) -> str:
    """Column `col` (1-based) read top to bottom; empty beyond the grid's sides."""
    if not 1 <= col <= len(grid[0]):
        return EMPTY * len(grid)
    return "".join(row[col - 1] for row in grid)


def column_count(grid: list[str], col: int) -> int:
    return sum(ch != EMPTY for ch in column(grid, col))


def row_count(grid: list[str], row: int) -> int:
    return sum(ch != EMPTY for ch in grid[row - 1])


def color_count(grid: list[str], color: str) -> int:
    return sum(row.count(color) for row in grid)


def total(grid: list[str]) -> int:
    return sum(len(row) - row.count(EMPTY) for row in grid)


def lowest(grid: list[str], col: int) -> tuple[int, str] | None:
    """(row, colour) of the lowermost enemy in column `col`, or None when it has none."""
    cells = column(grid, col)
    for r in range(len(cells), 0, -1):
        if cells[r - 1] != EMPTY:
            return r, cells[r - 1]
    return None


def shot_value(grid: list[str], col: int) -> int:
    hit = lowest(grid, col)
    return POINTS[hit[1]] if hit else 0


# ----------------------------------------------------------------------------- step functions

def shoot(grid: list[str], col: int) -> tuple[list[str], int]:
    """The grid after a shot up column `col`, and the points it scores (0 on a miss)."""
    hit = lowest(grid, col)
    if hit is None:
        return list(grid), 0
    r, ch = hit
    rows = list(grid)
    rows[r - 1] = rows[r - 1][:col - 1] + EMPTY + rows[r - 1][col:]
    return rows, POINTS[ch]


def shift(grid: list[str], direction: int) -> list[str]:
    """Every enemy one column right (+1) or left (-1); raises if one would leave the grid."""
    out = []
    for row in grid:
        if direction > 0:
            if row[-1] != EMPTY:
                raise ValueError("an enemy would leave the grid on the right")
            out.append(EMPTY + row[:-1])
        else:
            if row[0] != EMPTY:
                raise ValueError("an enemy would leave the grid on the left")
            out.append(row[1:] + EMPTY)
    return out


def occupied_span(grid: list[str]) -> tuple[int, int]:
    """First and last 1-based columns holding an enemy."""
    cols = [c for c in range(1, len(grid[0]) + 1) if column_count(grid, c)]
    return cols[0], cols[-1]


@dataclass(frozen=True)
class Volley:
    """One interval of a stationary ship under a moving formation."""

    interval: int
    offset: int          # columns the formation has moved so far (signed)
    source: int          # the formation's original column now above the ship
    hit: tuple[int, str] | None   # (row, colour) hit, None on a miss
    points: int


def stationary_volleys(state: dict[str, Any], shots: int, direction: int) -> list[Volley]:
    """The ship stays in its column and shoots once per interval; after every interval but
    the last the whole formation shifts one column in `direction`. Simulated step by step."""
    grid, col = list(state["grid"]), state["ship"]
    volleys = []
    for k in range(shots):
        offset = k * direction
        hit = lowest(grid, col)
        grid, points = shoot(grid, col)
        volleys.append(Volley(k + 1, offset, col - offset, hit, points))
        if k < shots - 1:
            grid = shift(grid, direction)
    return volleys


def stack_values(grid: list[str], col: int) -> list[int]:
    """Points of the enemies of column `col` in the order shots reach them (bottom first)."""
    return [POINTS[ch] for ch in reversed(column(grid, col)) if ch != EMPTY]


def best_shots(grid: list[str], shots: int) -> tuple[int, list[int]]:
    """The most points `shots` shots can score with free movement, and one best plan (the
    number of shots per column, 1-based column order).

    Exact: a plan is how many shots go up each column (the order of shots does not matter,
    a shot only ever removes the lowermost enemy of its own column, and the formation's
    shifts do not change which enemies the ship can reach), so a knapsack over columns of
    the prefix sums of each column's bottom-up values finds the optimum.
    """
    best: dict[int, tuple[int, list[int]]] = {0: (0, [])}
    for col in range(1, len(grid[0]) + 1):
        prefix = [0]
        for value in stack_values(grid, col):
            prefix.append(prefix[-1] + value)
        nxt: dict[int, tuple[int, list[int]]] = {}
        for used, (score, plan) in best.items():
            for take in range(min(len(prefix) - 1, shots - used) + 1):
                cand = (score + prefix[take], [*plan, take])
                if used + take not in nxt or cand[0] > nxt[used + take][0]:
                    nxt[used + take] = cand
        best = nxt
    score, plan = max(best.values(), key=lambda item: item[0])
    return score, plan


@lru_cache(maxsize=64)
def value_tuples(choices: tuple[tuple[int, ...], ...]) -> dict[int, list[tuple[int, ...]]]:
    """Every tuple of one value per position (values from `choices[i]`), by its sum."""
    found: dict[int, list[tuple[int, ...]]] = {0: [()]}
    for options in choices:
        nxt: dict[int, list[tuple[int, ...]]] = {}
        for s, tuples in found.items():
            for v in options:
                nxt.setdefault(s + v, []).extend((*t, v) for t in tuples)
        found = nxt
    return found
