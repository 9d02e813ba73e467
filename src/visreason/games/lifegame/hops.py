"""Game of Life hops for multi-hop questions: iterations, live counts, live neighbours.

Every grid after an iteration comes from `rules.step`/`rules.evolve`, and neighbour counts
from `rules.neighbours` (the torus the rules text describes).
"""

from __future__ import annotations

from ...core.errors import Retry
from ...core.task import Draw
from ...core.text import fmt_cell as fmt
from ...synth.game import (
    Chain,
    Composition,
    GameHops,
    Hop,
    aim,
    compare_line,
    compare_outcome,
    compare_text,
)
from . import rules
from .rules import Grid

NEIGHBOUR_COUNTS = (0, 1, 2, 3, 4)
LEVELS = {
    "easy": {"size": 4, "min_live": 20, "max_live": 50, "steps_min": 1, "steps_max": 2},
    "medium": {"size": 5, "min_live": 20, "max_live": 40, "steps_min": 2, "steps_max": 3},
    "hard": {"size": 6, "min_live": 20, "max_live": 40, "steps_min": 3, "steps_max": 4},
}


def draw_grid(draw: Draw) -> Grid:
    n = draw.params["size"]
    counts = rules.live_counts(n, draw.params["min_live"], draw.params["max_live"])
    return rules.random_grid(draw.rng, n, counts)


def grid_text(grid: Grid) -> str:
    return " / ".join("".join("#" if v else "." for v in row) for row in grid)


# ------------------------------------------------------------------------------------ hops

def hop_evolve(grid: Grid, k: int) -> Hop:
    """The grid after k iterations; the trace lists each iteration's births and deaths."""
    history = rules.evolve(grid, k)
    trace = []
    for i in range(1, len(history)):
        before, after = history[i - 1], history[i]
        born = [(r, c) for r in range(len(after)) for c in range(len(after))
                if after[r][c] and not before[r][c]]
        died = [(r, c) for r in range(len(after)) for c in range(len(after))
                if before[r][c] and not after[r][c]]
        trace.append(f"Iteration {i}: born {', '.join(map(fmt, born)) or 'none'}; died "
                     f"{', '.join(map(fmt, died)) or 'none'}; the board is now "
                     f"{grid_text(after)} (rows top to bottom, # alive).")
    return Hop(f"run {k} iteration(s)", history[-1], trace)


def hop_live_count(grid: Grid, when: str) -> Hop:
    cells = rules.live_cells(grid)
    return Hop(f"count the live cells {when}", len(cells),
               [f"Live cells {when}: {', '.join(map(fmt, cells)) or 'none'}, {len(cells)} in "
                "all."])


def hop_live_neighbours(grid: Grid, cell: tuple[int, int]) -> Hop:
    around = rules.neighbours(grid, *cell)
    alive = [n for n in around if n.alive]
    listed = ", ".join(f"{n.direction} {fmt(n.cell)}" for n in alive) or "none"
    return Hop("count the live neighbours", len(alive),
               [f"The live neighbours of {fmt(cell)} on that board: {listed}; "
                f"{len(alive)} in all."])


# ---------------------------------------------------------------------------- compositions

def steps_of(draw: Draw) -> int:
    return draw.rng.randint(draw.params["steps_min"], draw.params["steps_max"])


def bridge(draw: Draw) -> Chain:
    """After k iterations, how many live neighbours has a given cell?"""
    grid = draw_grid(draw)
    want = aim(draw, NEIGHBOUR_COUNTS)
    k = steps_of(draw)
    later = hop_evolve(grid, k)
    n = len(grid)
    fits = [(r, c) for r in range(n) for c in range(n)
            if rules.live_neighbours(later.value, r, c) == want]
    if not fits:
        raise Retry
    cell = draw.rng.choice(fits)
    count = hop_live_neighbours(later.value, cell)
    text = (f"Run {k} iteration(s) of the rules. On the board you then have, how many live "
            f"neighbours does the cell {fmt(cell)} have?")
    # The aimed counts as fixed options: a run starting at 0 would make 0 the smallest.
    return Chain({"grid": grid}, text, [later, count], str(count.value),
                 {"steps": k, "cell": list(cell)},
                 distractors=[str(v) for v in NEIGHBOUR_COUNTS if v != count.value])


def temporal(draw: Draw) -> Chain:
    """How many cells are alive k iterations later?"""
    grid = draw_grid(draw)
    # From 2: a run of options holding 0 or 1 often starts there, making it the smallest.
    want = aim(draw, range(2, 8))
    history = rules.evolve(grid, draw.params["steps_max"])
    fits = [k for k in range(draw.params["steps_min"], draw.params["steps_max"] + 1)
            if rules.live_count(history[k]) == want]
    if not fits:
        raise Retry
    k = draw.rng.choice(fits)
    later = hop_evolve(grid, k)
    count = hop_live_count(later.value, f"after {k} iteration(s)")
    text = f"How many cells are alive after {k} iteration(s) of the rules?"
    return Chain({"grid": grid}, text, [later, count], count.value, {"steps": k}, low=0,
                 high=len(grid) ** 2)


def compare(draw: Draw) -> Chain:
    """Live cells now against live cells k iterations later."""
    grid = draw_grid(draw)
    want = aim(draw, ("first", "second", "equal"))
    k = steps_of(draw)
    now = hop_live_count(grid, "now")
    later = hop_evolve(grid, k)
    then = hop_live_count(later.value, f"after {k} iteration(s)")
    if compare_outcome(now.value, then.value) != want:
        raise Retry
    then.trace.append(compare_line(now.value, then.value))
    text = compare_text("the number of live cells now.",
                        f"the number of live cells after {k} iteration(s) of the rules.")
    return Chain({"grid": grid}, text, [now, later, then], want,
                 {"steps": k, "first": now.value, "second": then.value})


HOPS = GameHops("lifegame", LEVELS, (
    Composition("bridge", "Live neighbours of a cell some iterations later", "count", bridge),
    Composition("compare", "Live cells now against some iterations later", "compare", compare),
    Composition("temporal", "Live cells some iterations later", "integer", temporal),
))
