"""Star Battle question types (GameQA star-battle ids 1-4).

Every state is a puzzle with exactly one solution (see `rules.unique_puzzle`) showing some of
that solution's stars: all but one region's for the last-star question, those of 2 to n
random regions for the others. A choice question about a region's star or a free cell may
have no cell for an answer; its last option then says so, and that happens on one item in
eight, so the option is neither a favourite nor a giveaway.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, Unaskable, choice_question
from ...core.answers import canonical_coordinate, hedged
from ...core.options import cluster_cells
from ...core.text import fmt_cell as fmt
from ...core.text import fmt_cells
from . import rules
from .game import region_name
from .rules import Cell, Regions

# GameQA ids: 1 last_star, 2 region_cell, 3 region_star, 4 star_placement.
CHOICES = 8
NONE_SHARE = 1 / CHOICES  # items whose answer is the "no cell" option
NONE_REGION = "none: this region holds no star"
NONE_CELL = "none: no cell can take a star now"
NONE_WORDS = re.compile(r"\b(?:none|null|nothing|no star|no cell|nowhere)\b", re.I)
CELL_HINT = "Answer with the cell as (row, col), e.g. (2, 3)."
NONE_HINT = "Answer with the cell as (row, col), e.g. (2, 3), or with none."
CHECKS_TEXT = (
    "A star can be placed on a cell now when the cell is empty, its row, its column and its "
    "region hold no star yet, and none of its 8 neighbours (diagonals included) holds a "
    "star. The cell need not be the one the solution uses."
)


# ----------------------------------------------------------------------------- states

def puzzle(draw: Draw) -> tuple[Regions, list[Cell]]:
    """A unique puzzle of the drawn size: its regions and its solution's stars by row."""
    found = rules.unique_puzzle(draw.rng, draw.params["size"])
    if found is None:
        raise Retry
    regions, cols = found
    return regions, [(r, c) for r, c in enumerate(cols)]


def state_of(regions: Regions, stars: list[Cell]) -> dict[str, Any]:
    return {"size": len(regions), "regions": [row[:] for row in regions],
            "stars": [list(s) for s in sorted(stars)]}


def keep_regions(draw: Draw, solution: list[Cell], count: int) -> list[Cell]:
    """The solution's stars of `count` random regions (each region holds one of them)."""
    return sorted(draw.rng.sample(solution, count))


def claimed(draw: Draw, regions: Regions, stars: list[Cell]) -> dict[str, Any]:
    state = state_of(regions, stars)
    draw.claim(state)
    return state


@lru_cache(maxsize=64)
def _solve(key: str, regions: tuple[tuple[int, ...], ...]) -> tuple[Cell, ...] | None:
    try:
        found = rules.solutions([list(row) for row in regions], 2)
    except rules.SearchBudget:
        return None
    return tuple((r, c) for r, c in enumerate(found[0])) if len(found) == 1 else None


def asked(draw: Draw, state: dict[str, Any]) -> tuple[Regions, set[Cell]]:
    """The regions and stars of a state another task drew; Unaskable when it is not a
    puzzle of this size with a unique solution holding every placed star."""
    if state.get("size") != draw.params["size"] or "regions" not in state:
        raise Unaskable
    regions = state["regions"]
    solution = _solve(state["size"], tuple(map(tuple, regions)))
    stars = {tuple(s) for s in state["stars"]}
    if solution is None or not stars <= set(solution):
        raise Unaskable
    return regions, stars


def region_of(regions: Regions, cell: Cell) -> int:
    return regions[cell[0]][cell[1]]


def star_in_region(regions: Regions, stars: set[Cell], k: int) -> Cell | None:
    return next((s for s in sorted(stars) if region_of(regions, s) == k), None)


# ----------------------------------------------------------------------------- text helpers

def parse_cell(answer: str) -> Cell | None:
    text = canonical_coordinate(answer)
    if text is None:
        return None
    values = [int(v) for v in text.strip("()").split(", ")]
    return (values[0], values[1]) if len(values) == 2 else None


def parse_cell_or_none(answer: str) -> Cell | str | None:
    """A cell, "none", or None when the answer is neither (or both, or hedges)."""
    if hedged(answer, ("none", "no star", "no cell")):
        return None
    says_none = bool(NONE_WORDS.search(answer))
    has_digit = any(ch.isdigit() for ch in answer)
    if says_none and not has_digit:
        return "none"
    if says_none:
        return None
    return parse_cell(answer)


def reason(regions: Regions, stars: set[Cell], cell: Cell) -> str:
    """Why a star cannot go on `cell` now (its first failing check), or that it can."""
    why = rules.blocker(regions, stars, cell)
    r, c = cell
    if why is None:
        return (f"passes every check: row {r}, column {c} and "
                f"{region_name(region_of(regions, cell))} hold no star, and no star touches it")
    if why == rules.STAR:
        return "fails: it already holds a star"
    if why == rules.ROW:
        return f"fails: row {r} already has the star at {fmt(next(s for s in stars if s[0] == r))}"
    if why == rules.COLUMN:
        return (f"fails: column {c} already has the star at "
                f"{fmt(next(s for s in stars if s[1] == c))}")
    k = region_of(regions, cell)
    if why == rules.REGION:
        return (f"fails: it lies in {region_name(k)}, which already has the star at "
                f"{fmt(star_in_region(regions, stars, k))}")
    near = sorted(s for s in stars if s in rules.around(len(regions), cell))
    return f"fails: it touches the star at {fmt_cells(near)}"


def cell_region_line(regions: Regions, stars: set[Cell], cell: Cell) -> str:
    star = " and holds a star" if cell in stars else ", no star"
    return f"{fmt(cell)} lies in {region_name(region_of(regions, cell))}{star}"


def none_last(draw: Draw, answer: str | None, cells: list[Cell], none_text: str
              ) -> tuple[list[str], int]:
    """Seven cells then the "none" option; the answer cell (if any) at a balanced letter."""
    if answer is None:
        options = [fmt(c) for c in cells[:CHOICES - 1]]
        draw.rng.shuffle(options)
        return [*options, none_text], CHOICES - 1
    options, index = draw.place(answer, [fmt(c) for c in cells[:CHOICES - 2]])
    return [*options, none_text], index


def wants_none(draw: Draw) -> bool:
    return draw.slot(CHOICES, name="none") == 0


def none_weight(n: int) -> float:
    """Asked about a state of the other tasks (2..n stars, uniform), the share of complete
    boards kept so that "no cell" answers come out at NONE_SHARE."""
    p = 1 / (n - 1)
    return min(1.0, NONE_SHARE * (1 - p) / (p * (1 - NONE_SHARE)))


# ----------------------------------------------------------------------------- tasks

class LastStar(Task):
    name = "last_star"
    description = "Where the one star left to place must go"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        regions, solution = puzzle(draw)
        missing = draw.rng.choice(solution)
        return self._question(claimed(draw, regions, [s for s in solution if s != missing]))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        regions, stars = asked(draw, state)
        if len(stars) != len(regions) - 1:
            raise Unaskable
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        regions = state["regions"]
        n = len(regions)
        stars = {tuple(s) for s in state["stars"]}
        (r,) = set(range(n)) - {s[0] for s in stars}
        (c,) = set(range(n)) - {s[1] for s in stars}
        k = region_of(regions, (r, c))
        lines = [
            f"The {n - 1} placed stars are at {fmt_cells(sorted(stars))}.",
            "Rows with a star: " + ", ".join(str(s[0]) for s in sorted(stars)) +
            f". Only row {r} has none.",
            "Columns with a star: " + ", ".join(str(v) for v in sorted(s[1] for s in stars)) +
            f". Only column {c} has none.",
            f"The star must be in row {r} and column {c}, so at {fmt((r, c))}.",
            f"Check: {fmt((r, c))} lies in {region_name(k)}, which holds no star yet, and "
            f"none of its neighbours {fmt_cells(rules.around(n, (r, c)))} holds a star.",
        ]
        # The placed stars are read from the board (the picture, or the text-only form's grid):
        # listing them here would answer the question without looking at it.
        text = (f"All stars but one are placed ({n - 1} of {n}). Only one star is left to "
                "place. In which cell must it go?")
        return Question(state, text, fmt((r, c)), "\n".join(lines), None,
                        {"region": k})


class RegionCell(Task):
    name = "region_cell"
    description = "Which listed cell belongs to a given region"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        regions, solution = puzzle(draw)
        count = draw.rng.randint(2, len(regions))
        state = claimed(draw, regions, keep_regions(draw, solution, count))
        return self._question(draw, state)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        asked(draw, state)
        return self._question(draw, state)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any]) -> Question:
        regions = state["regions"]
        n = len(regions)
        k = draw.target(range(n), name="region")
        cell = draw.rng.choice(rules.region_cells(regions, k))
        wrong = cluster_cells(draw.rng, cell, CHOICES, lambda x: 0 <= x[0] < n and
                              0 <= x[1] < n and region_of(regions, x) != k, radius=2)
        options, index = draw.place(fmt(cell), [fmt(x) for x in wrong])
        lines = [f"{o} lies in {region_name(region_of(regions, x))}."
                 for o in options if (x := parse_cell(o))]
        row = cell[0]
        in_row = [x for x in rules.region_cells(regions, k) if x[0] == row]
        open_analysis = (f"Row {row} reads, from column 0 to column {n - 1}: regions "
                         f"{', '.join(map(str, regions[row]))}.\nThe cells of {region_name(k)} "
                         f"in row {row} are {fmt_cells(in_row)}.")
        open_form = OpenForm(
            answer=fmt(cell), analysis=open_analysis, meta={"region": k, "row": row},
            hint=CELL_HINT,
            text=f"Give the coordinates of a cell in row {row} that belongs to {region_name(k)} "
                 "(any such cell is accepted).")
        return choice_question(state, f"Which of these cells belongs to {region_name(k)}?",
                               options, index, "\n".join(lines), {"region": k}, open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 for any cell of the asked region in the asked row."""
        cell = parse_cell(answer)
        n = state["size"]
        if cell is None or "region" not in meta or not (0 <= cell[0] < n and 0 <= cell[1] < n):
            return 0.0
        ok = region_of(state["regions"], cell) == meta["region"] and cell[0] == meta["row"]
        return 1.0 if ok else 0.0


class RegionStar(Task):
    name = "region_star"
    description = "Which listed cell of a region holds a star (or none)"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        regions, solution = puzzle(draw)
        n = len(regions)
        empty = wants_none(draw)
        count = draw.rng.randint(2, n - 1 if empty else n)
        state = claimed(draw, regions, keep_regions(draw, solution, count))
        return self._question(draw, state, empty)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        asked(draw, state)
        return self._question(draw, state, wants_none(draw))

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], empty: bool) -> Question:
        regions = state["regions"]
        n = len(regions)
        stars = {tuple(s) for s in state["stars"]}
        starred = {region_of(regions, s) for s in stars}
        pool = [k for k in range(n) if (k in starred) != empty]
        if not pool:
            raise Unaskable
        k = draw.rng.choice(pool)
        star = star_in_region(regions, stars, k)
        own = [x for x in rules.region_cells(regions, k) if x != star]
        draw.rng.shuffle(own)
        own = own[:draw.rng.randint(2, 4)]
        near = {x for cell in rules.region_cells(regions, k) for x in rules.around(n, cell)
                if region_of(regions, x) != k}
        others = sorted(near)
        draw.rng.shuffle(others)
        cells = own + others
        if len(cells) < CHOICES - 1:
            raise Retry
        options, index = none_last(draw, None if star is None else fmt(star), cells,
                                   NONE_REGION)
        lines = [cell_region_line(regions, stars, x) + "."
                 for o in options if (x := parse_cell(o)) is not None]
        name = region_name(k)
        verdict = (f"{name[0].upper()}{name[1:]} holds the star at {fmt(star)}." if star else
                   f"{name[0].upper()}{name[1:]} holds no star.")
        lines.append(verdict)
        answer = fmt(star) if star else "none"
        region_cells = rules.region_cells(regions, k)
        open_analysis = (f"The cells of {region_name(k)} are {fmt_cells(region_cells)}.\nThe "
                         f"placed stars are at {fmt_cells(sorted(stars))}.\n{verdict}")
        open_form = OpenForm(
            answer=answer, analysis=open_analysis, meta={"region": k}, hint=NONE_HINT,
            text=f"Which cell of {region_name(k)} holds a star? Answer none if the region "
                 "holds no star.")
        text = (f"Which of these cells lies in {region_name(k)} and holds a star? Choose the "
                "last option if the region holds no star.")
        return choice_question(state, text, options, index, "\n".join(lines), {"region": k},
                               open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 for the region's star cell, or for none when it has no star."""
        got = parse_cell_or_none(answer)
        if got is None or "region" not in meta:
            return 0.0
        stars = {tuple(s) for s in state["stars"]}
        star = star_in_region(state["regions"], stars, meta["region"])
        return 1.0 if got == (star if star is not None else "none") else 0.0


class StarPlacement(Task):
    name = "star_placement"
    description = "Which listed cell can take a star now (or none)"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        regions, solution = puzzle(draw)
        n = len(regions)
        count = n if wants_none(draw) else draw.rng.randint(2, n - 1)
        state = claimed(draw, regions, keep_regions(draw, solution, count))
        return self._question(draw, state)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        regions, stars = asked(draw, state)
        if not rules.valid_cells(regions, stars):
            draw.keep(none_weight(len(regions)), name="none")
        return self._question(draw, state)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any]) -> Question:
        regions = state["regions"]
        n = len(regions)
        stars = {tuple(s) for s in state["stars"]}
        valid = rules.valid_cells(regions, stars)

        def invalid(x: Cell) -> bool:
            return 0 <= x[0] < n and 0 <= x[1] < n and x not in stars and \
                rules.blocker(regions, stars, x) is not None

        answer = draw.rng.choice(valid) if valid else None
        if answer is None:  # wrong cells around a random cell
            centre = (draw.rng.randrange(n), draw.rng.randrange(n))
            wrong = cluster_cells(draw.rng, centre, CHOICES, invalid, radius=2)
        else:
            wrong = cluster_cells(draw.rng, answer, CHOICES - 1, invalid, radius=2)
        options, index = none_last(draw, None if answer is None else fmt(answer), wrong,
                                   NONE_CELL)
        lines = [f"{o} {reason(regions, stars, x)}."
                 for o in options if (x := parse_cell(o)) is not None]
        summary = rules_summary(regions, stars)
        if answer is None:
            lines.append("Every row already holds a star, so no cell can take one.")
            open_analysis = f"{summary}\nEvery row already holds a star, so no cell can take one."
        else:
            open_analysis = (f"{summary}\nTake {fmt(answer)}: it "
                             f"{reason(regions, stars, answer)}.")
        open_form = OpenForm(
            answer=fmt(answer) if answer else "none", analysis=open_analysis, hint=NONE_HINT,
            text=CHECKS_TEXT + " Give one cell where a star can be placed now (any such cell "
                 "is accepted), or answer none if there is no such cell.")
        text = (CHECKS_TEXT + " Which of these cells can take a star now? Choose the last "
                "option if no cell of the grid can.")
        return choice_question(state, text, options, index, "\n".join(lines),
                               open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 for any cell that passes every check now, or none when no cell does."""
        got = parse_cell_or_none(answer)
        if got is None:
            return 0.0
        regions, n = state["regions"], state["size"]
        stars = {tuple(s) for s in state["stars"]}
        if got == "none":
            return 0.0 if rules.valid_cells(regions, stars) else 1.0
        if not (0 <= got[0] < n and 0 <= got[1] < n):
            return 0.0
        return 1.0 if rules.blocker(regions, stars, got) is None else 0.0


def rules_summary(regions: Regions, stars: set[Cell]) -> str:
    """Rows, columns and regions that already hold a star."""
    rows = sorted({s[0] for s in stars})
    cols = sorted({s[1] for s in stars})
    taken = sorted({region_of(regions, s) for s in stars})
    return (f"Placed stars: {fmt_cells(sorted(stars))}. Rows with a star: "
            f"{', '.join(map(str, rows))}; columns with a star: {', '.join(map(str, cols))}; "
            f"regions with a star: {', '.join(map(str, taken))}.")


TASKS = [LastStar(), RegionCell(), RegionStar(), StarPlacement()]
