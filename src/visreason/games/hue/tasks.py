"""Hue question types (GameQA hue ids 0-2).

Corrections to the original: colours come from a fixed named palette and gradients run between
two of them, so a colour name always matches what is drawn (the original named random RGB
colours with a rough HSV namer); colour questions ask about cells drawn in a palette colour;
no question offers two colours a person could confuse (names closer than NAME_GAP, swatches
closer than MATCH_GAP); cleared cells are always recoverable from the visible anchors of their
gradient.
"""

from __future__ import annotations

import random
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, choice_question
from ...core.answers import canonical_sequence
from ...core.options import sibling_sequences
from ...core.params import ParamError
from . import rules
from .rules import NAMES, PALETTE, Cell

SWATCHES = 6
NAME_OPTIONS = 8
PATTERN_OPTIONS = 8
BOARD_TRIES = 20


def cell_text(cell: Cell) -> str:
    return f"row {cell[0] + 1}, column {cell[1] + 1}"


def line_text(line: dict[str, Any]) -> str:
    return f"{'row' if line['axis'] == 'row' else 'column'} {line['index'] + 1}"


def board(draw: Draw, forced: str | None = None, claim: bool = True) -> dict[str, Any]:
    """A fresh board, claimed for the run's split unless the caller changes what the picture
    shows afterwards (and claims the finished state itself)."""
    for _ in range(BOARD_TRIES):
        state = rules.new_board(draw.rng, draw.params["size"], draw.params["lines"], forced)
        if state is not None:
            if claim:
                draw.claim(state)
            return state
    raise Retry


def pattern_text(start: str, end: str) -> str:
    return f"from {start} to {end}"


def runs_text(state: dict[str, Any], line: dict[str, Any]) -> list[str]:
    """The anchors a line runs through, in order, with their colours."""
    marks = rules.painted_anchors(state, line)
    parts = []
    for r, c in marks:
        name = rules.name_of(rules.rgb_of(state["cells"][r][c]))
        parts.append(f"({cell_text((r, c))}) {name or state['cells'][r][c]}")
    return parts


class ColorMatching(Task):
    name = "color_matching"
    description = "Which numbered swatch belongs in a cleared cell"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        state = board(draw, claim=False)  # cleared cells and swatches change its key
        fixed = rules.anchors(state)
        eligible = [(r, c) for r in range(state["size"]) for c in range(state["size"])
                    if state["cells"][r][c] and (r, c) not in fixed]
        low, high = draw.params["cleared_min"], draw.params["cleared_max"]
        if low > high:
            raise ParamError(f"hue.cleared_min ({low}) must not exceed hue.cleared_max "
                             f"({high})")
        if len(eligible) < low:
            raise Retry
        count = draw.rng.randint(low, min(high, len(eligible)))
        cleared = sorted(draw.rng.sample(eligible, count))
        colors = [rules.rgb_of(state["cells"][r][c]) for r, c in cleared]
        if not apart(colors, rules.MATCH_GAP):
            raise Retry
        asked = draw.rng.randrange(count)
        slot = draw.slot(SWATCHES, "swatch")
        extras = extra_colors(draw, colors, SWATCHES - count)
        others = [c for k, c in enumerate(colors) if k != asked] + extras
        draw.rng.shuffle(others)
        swatches = [*others[:slot], colors[asked], *others[slot:]]
        for r, c in cleared:
            state["cells"][r][c] = ""
        state["removed"] = [[r, c] for r, c in cleared]
        state["swatches"] = [rules.hex_of(s) for s in swatches]
        draw.claim(state)
        return self._question(state, asked, slot)

    @staticmethod
    def _question(state: dict[str, Any], asked: int, slot: int) -> Question:
        cell = tuple(state["removed"][asked])
        label = rules.cell_label(asked)
        a, b, i, d = rules.segment(state, cell)
        line = rules.line_through(state, cell)
        ca, cb = (rules.rgb_of(state["cells"][x][y]) for x, y in (a, b))
        color = rules.mix(ca, cb, i, d)
        lines = [
            f"Cell {label} is at {cell_text(cell)}, on the gradient of {line_text(line)}, which "
            f"runs {pattern_text(line['start'], line['end'])} through "
            + ", ".join(runs_text(state, line)) + ".",
            f"Between ({cell_text(a)}), {rules.hex_of(ca)}, and ({cell_text(b)}), "
            f"{rules.hex_of(cb)}, the colour changes in {d} even steps; cell {label} is step "
            f"{i}, so its colour is {rules.hex_of(color)}.",
            f"Swatch {slot + 1} shows {rules.hex_of(color)}; every other swatch is clearly "
            "different from it.",
        ]
        text = (f"Cell {label} was cleared. Which numbered swatch shows the colour that "
                f"belongs in cell {label}?")
        options = [f"swatch {k + 1}" for k in range(SWATCHES)]
        open_form = OpenForm(answer=str(slot + 1), text=text,
                             hint="Answer with the swatch number.")
        return choice_question(state, text, options, slot, "\n".join(lines),
                               {"cell": list(cell)}, open=open_form)


def apart(colors: list[rules.RGB], gap: float) -> bool:
    return all(rules.distance(a, b) >= gap for k, a in enumerate(colors) for b in colors[k + 1:])


def extra_colors(draw: Draw, taken: list[rules.RGB], count: int) -> list[rules.RGB]:
    """`count` decoy swatches: mixes of two palette colours, like the board's own cells, each
    clearly apart from every other swatch."""
    found: list[rules.RGB] = []
    for _ in range(200):
        if len(found) == count:
            return found
        a, b = draw.rng.sample(NAMES, 2)
        d = draw.rng.randint(2, 7)
        color = rules.mix(PALETTE[a], PALETTE[b], draw.rng.randint(1, d - 1), d)
        if all(rules.distance(color, t) >= rules.MATCH_GAP for t in taken + found):
            found.append(color)
    raise Retry


def named_cells(state: dict[str, Any]) -> dict[str, list[Cell]]:
    """Cells showing a palette colour (every line's ends), by name."""
    found: dict[str, list[Cell]] = {}
    for r, row in enumerate(state["cells"]):
        for c, value in enumerate(row):
            name = value and rules.name_of(rules.rgb_of(value))
            if name:
                found.setdefault(name, []).append((r, c))
    return found


class ColorDescription(Task):
    name = "color_description"
    description = "The palette name of a cell's colour"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        name = draw.target(NAMES, "colour")
        return self._question(draw, board(draw, forced=name), name)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, state, draw.target(NAMES, "colour"))

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], name: str) -> Question:
        spots = named_cells(state).get(name)
        if not spots:
            raise Retry
        cell = draw.rng.choice(spots)
        others = draw.rng.sample(rules.far_names(name), NAME_OPTIONS - 1)
        options, index = draw.place(name, others)
        r, g, b = PALETTE[name]
        analysis = (f"The cell at {cell_text(cell)} is {rules.hex_of(PALETTE[name])} "
                    f"(RGB {r}, {g}, {b}), the palette's {name}.")
        text = f"Which palette colour is the cell at {cell_text(cell)}?"
        open_form = OpenForm(answer=name, hint="Answer with one colour name from the palette.")
        return choice_question(state, text, options, index, analysis, {"cell": list(cell)},
                               open=open_form)


def change_end(rng: random.Random, pair: list[str]) -> list[str]:
    """A sibling mutation of a (start, end) pair: one end replaced by a clearly different
    palette colour, or the two ends swapped (reading the line the wrong way)."""
    if rng.random() < 0.2:
        return [pair[1], pair[0]]
    k = rng.randrange(2)
    out = list(pair)
    out[k] = rng.choice(rules.far_names(pair[k]))
    return out if out[0] != out[1] else list(pair)


class GradientPattern(Task):
    name = "gradient_pattern"
    description = "The colours a row's or column's gradient runs between"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "sequence"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, board(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        line = draw.rng.choice(state["lines"])
        answer = [line["start"], line["end"]]

        def is_wrong(pair: list[str]) -> bool:
            return all(p == a or rules.distance(PALETTE[p], PALETTE[a]) >= rules.NAME_GAP
                       for p, a in zip(pair, answer, strict=True)) and pair != answer \
                and pair[0] != pair[1]

        wrong = sibling_sequences(draw.rng, answer, PATTERN_OPTIONS - 1, change_end,
                                  is_wrong)
        options, index = draw.place(pattern_text(*answer), [pattern_text(*w) for w in wrong])
        first = "left" if line["axis"] == "row" else "top"
        analysis = (f"{line_text(line).capitalize()} runs through "
                    + ", ".join(runs_text(state, line))
                    + f". Read from the {first} end, it goes "
                    f"{pattern_text(*answer)}.")
        text = (f"What is the gradient pattern of {line_text(line)}, read from its "
                f"{first} end?")
        open_text = (f"Which colours does the gradient of {line_text(line)} run between, read "
                     f"from its {first} end?")
        open_form = OpenForm(answer=", ".join(answer), text=open_text,
                             hint="Answer with the start colour's name, then the end colour's "
                                  "name, separated by a comma.")
        return choice_question(state, text, options, index, analysis,
                               {"line": line_text(line)}, open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 when the two palette names, in order, are the line's start and end ('from red
        to blue' reads too)."""
        text = canonical_sequence(answer)
        if text is None:
            return 0.0
        words = [w for w in text.split(", ") if w not in ("from", "to", "then", "and")]
        line = next((ln for ln in state["lines"] if line_text(ln) == meta.get("line")), None)
        if line is None:
            return 0.0
        return 1.0 if words == [line["start"], line["end"]] else 0.0


TASKS = [ColorMatching(), ColorDescription(), GradientPattern()]
