"""Langton's ant question types (GameQA langton_ant ids 1-3).

Every question is about a board with the ant on it and draws its own step count, so each
task also asks about boards the other tasks drew (several questions per picture).
"""

from __future__ import annotations

import re
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, choice_question
from ...core.answers import hedged
from ...core.options import cluster_cells
from ...core.text import fmt_cell as fmt
from ...core.text import plural
from . import rules
from .rules import FACINGS, SLIPS, Cell, Run

POSE_HINT = ("Answer with the ant's position and the direction it faces, written as (x, y), "
             "facing d, where d is up, down, left or right.")
# Flip counts a cell question lands on, evenly: a cell the ant never stands on (next to its
# path, or where it ends) up to a cell it stands on three times.
MOST_FLIPS = 3
_INT_RE = re.compile(r"-?\d+")
_FACING_RE = re.compile(r"\b(up|down|left|right)\b")


def new_state(draw: Draw) -> dict[str, Any]:
    state = rules.random_state(draw.rng, draw.params["size"])
    draw.claim(state)
    return state


def step_count(draw: Draw) -> int:
    """S drawn from half the `steps` parameter up to it (5-10 at medium, as the original)."""
    most = draw.params["steps"]
    return draw.rng.randint((most + 1) // 2, most)


def pose_text(cell: Cell, facing: str) -> str:
    return f"{fmt(cell)}, facing {facing}"


def parse_pose(answer: str) -> tuple[Cell, str] | None:
    """(cell, facing) written in an answer, or None unless it holds exactly two integers and
    one direction word."""
    text = answer.casefold()
    numbers = _INT_RE.findall(text)
    facings = set(_FACING_RE.findall(text))
    if len(numbers) != 2 or len(facings) != 1 or hedged(text):
        return None
    return (int(numbers[0]), int(numbers[1])), facings.pop()


def colour(black: bool) -> str:
    return "black" if black else "white"


def trace(state: dict[str, Any], run: Run, watch: Cell | None = None) -> list[str]:
    """One line per step; a revisited cell names the step that last flipped it, and the
    watched cell's flips are counted."""
    lines = [f"The ant starts at {fmt(tuple(state['ant']))} facing {state['facing']}."]
    last_flip: dict[Cell, int] = {}
    flips = 0
    for s in run.steps:
        seen = (f" (flipped to {colour(s.was_black)} at step {last_flip[s.cell]})"
                if s.cell in last_flip else "")
        side = "left" if s.was_black else "right"
        wrap = " (wrapping around the edge)" if s.wrapped else ""
        line = (f"Step {s.number}: at {fmt(s.cell)} facing {s.facing} on a "
                f"{colour(s.was_black)} cell{seen}; it turns {side} to face {s.turned}, makes "
                f"the cell {colour(not s.was_black)} and moves to {fmt(s.to)}{wrap}.")
        if watch is not None and s.cell == watch:
            flips += 1
            line += f" This is change {flips} of {fmt(watch)}."
        lines.append(line)
        last_flip[s.cell] = s.number
    return lines


def pose_options(draw: Draw, size: int, cell: Cell, facing: str,
                 other: Cell | None) -> tuple[list[str], int]:
    """Eight poses: the answer's cell and one other cell, each with all four facings.

    Every cell and every facing appears equally often, so nothing in the list alone singles
    out the answer. `other` is a slip's cell; without one a nearby cell is drawn.
    """
    if other is None or other == cell:
        other = cluster_cells(draw.rng, cell, 2,
                              lambda c: 0 <= c[0] < size and 0 <= c[1] < size)[0]
    wrong = [pose_text(c, f) for c in (cell, other) for f in FACINGS if (c, f) != (cell, facing)]
    return draw.place(pose_text(cell, facing), wrong)


class PoseTask(Task):
    """Shared open-answer check: the pose is read from the answer and compared."""

    answer_type = "choice"
    open_type = "text"

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        pose = parse_pose(answer)
        if pose is None:
            return 0.0
        return 1.0 if pose == (tuple(meta["cell"]), meta["facing"]) else 0.0


class AntPosition(PoseTask):
    name = "ant_position"
    description = "Where the ant stands and which way it faces"
    qa_type = "target_perception"
    qa_level = "easy"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        cell, facing = tuple(state["ant"]), state["facing"]
        options, index = pose_options(draw, state["size"], cell, facing, None)
        analysis = (f"The ant is in row x = {cell[0]} and column y = {cell[1]}, and its arrow "
                    f"points {facing}, so it stands at {fmt(cell)} facing {facing}.")
        meta = {"cell": list(cell), "facing": facing}
        text = "Where is the ant now, and which way does it face?"
        return choice_question(state, text, options, index, analysis, meta,
                               OpenForm(answer=pose_text(cell, facing), meta=meta,
                                        hint=POSE_HINT))


class PositionAfterSteps(PoseTask):
    name = "position_after_steps"
    description = "The ant's position and facing after S steps"
    qa_type = "state_prediction"
    qa_level = "medium"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        count = step_count(draw)
        run = rules.simulate(state, count)
        slips = list(SLIPS)
        draw.rng.shuffle(slips)
        other = next((c for c in (rules.simulate_slip(state, count, s)[0] for s in slips)
                      if c != run.ant), None)
        options, index = pose_options(draw, state["size"], run.ant, run.facing, other)
        lines = trace(state, run)
        lines.append(f"After {plural(count, 'step')} the ant is at {fmt(run.ant)} facing "
                     f"{run.facing}.")
        meta = {"steps": count, "cell": list(run.ant), "facing": run.facing}
        text = (f"The ant takes {count} steps. Where is it then, and which way does it "
                "face?")
        return choice_question(state, text, options, index, "\n".join(lines), meta,
                               OpenForm(answer=pose_text(run.ant, run.facing), meta=meta,
                                        hint=POSE_HINT))


def flip_values(most_steps: int) -> range:
    """The flip counts S steps can give: the ant comes back to a cell after 4 steps at the
    soonest (it turns every step), so S steps flip one cell at most 1 + (S - 1) // 4 times."""
    return range(min(MOST_FLIPS, 1 + (most_steps - 1) // 4) + 1)


def flip_candidates(run: Run, size: int, flips: int) -> list[Cell]:
    """Cells that change colour exactly `flips` times in the run. For 0, only cells a careless
    reader might count: where the ant ends, and neighbours of cells it stood on."""
    counts: dict[Cell, int] = {}
    for s in run.steps:
        counts[s.cell] = counts.get(s.cell, 0) + 1
    if flips:
        return sorted(c for c, n in counts.items() if n == flips)
    near = {run.ant}
    for x, y in counts:
        near.update(rules.ahead((x, y), f, size) for f in FACINGS)
    return sorted(near - set(counts))


class FlipCount(Task):
    name = "flip_count"
    description = "How many times a cell changes colour during S steps"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        flips = draw.target(flip_values(draw.params["steps"]))
        count = step_count(draw)
        if count < 4 * flips - 3:
            raise Retry
        run = rules.simulate(state, count)
        candidates = flip_candidates(run, state["size"], flips)
        if not candidates:
            raise Retry
        watch = draw.rng.choice(candidates)
        lines = trace(state, run, watch)
        visits = run.visits(watch)
        if visits:
            lines.append(f"The ant stood on {fmt(watch)} at step "
                         f"{', '.join(map(str, visits))}, and each of those steps flipped it, "
                         f"so {fmt(watch)} changed colour {plural(flips, 'time')}.")
        else:
            lines.append(f"The ant never stood on {fmt(watch)}, and only the ant's own cell "
                         "changes colour, so it changed colour 0 times.")
        text = (f"The ant takes {count} steps. How many times does the cell {fmt(watch)} "
                "change colour during those steps?")
        return Question(state, text, str(flips), "\n".join(lines), None,
                        {"steps": count, "cell": list(watch)})


TASKS = [AntPosition(), PositionAfterSteps(), FlipCount()]
