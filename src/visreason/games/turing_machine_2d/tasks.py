"""2D Turing machine question types (GameQA 2d_turing_machine ids 0-3).

Each question runs the machine for a number of steps it draws itself, so the position, state
and trajectory questions also ask about machines the other tasks drew (several questions per
picture); answers land on balanced targets by choosing the step count that reaches them.
first_state_entry only asks about machines it builds: on other machines a late first entry
is rare, so its answers would crowd at 1 and 2.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from ...core import Draw, OpenForm, ParamError, Question, Retry, Task, choice_question
from ...core.answers import hedged
from ...core.options import integer_run_options, sample_distinct, sibling_sequences
from ...core.text import fmt_cell as fmt
from . import rules
from .rules import BRACKETS, Cell, Step, bracket

OPTION_COUNT = 8
BUILD_TRIES = 20
_INT_RE = re.compile(r"\d+")
_BRACKET_RE = re.compile(r"^\s*([(\[{<])\s*(\d+)\s*([)\]}>])\s*$")
_STATE_SYMBOL_RE = re.compile(r"state\D*(\d+)\D+symbol\D*(\d+)|symbol\D*(\d+)\D+state\D*(\d+)")

Token = tuple[int, int]  # (symbol, step number); step 0 is the symbol before any write


def grid_shapes(draw: Draw) -> list[tuple[int, int]]:
    low, high = draw.params["min_cells"], draw.params["max_cells"]
    if low > high:
        raise ParamError(f"turing_machine_2d.min_cells ({low}) must not exceed "
                         f"turing_machine_2d.max_cells ({high})")
    found = rules.shapes(low, high)
    if not found:
        raise ParamError(f"no grid of 3 or more rows and columns has {low}-{high} cells; "
                         "widen turing_machine_2d.min_cells..max_cells")
    return found


def step_range(draw: Draw) -> range:
    most = draw.params["steps"]
    return range(min(3, most), most + 1)


def new_machine(draw: Draw, count: int | None = None,
                allow: rules.StateFilter | None = None) -> dict[str, Any]:
    """A machine whose head stays on the grid for `count` steps (default: the most steps)."""
    rows, cols = draw.rng.choice(grid_shapes(draw))
    for _ in range(BUILD_TRIES):
        state = rules.build(draw.rng, rows, cols, draw.params["symbols"],
                            draw.params["states"], count or draw.params["steps"], allow)
        if state is not None:
            draw.claim(state)
            return state
    raise Retry


def symbol_source(state: dict[str, Any], written: dict[Cell, int], cell: Cell) -> str:
    return (f"written at step {written[cell]}" if cell in written
            else "as on the board at the start")


def trace(state: dict[str, Any], steps: list[Step], watch: Cell | None = None) -> list[str]:
    """One line per step: where the head is, what it reads (and where that symbol came
    from), the rule it applies and where it goes."""
    lines = [f"The head starts at {fmt(tuple(state['head']))} in state {state['state']}."]
    written: dict[Cell, int] = {}
    for s in steps:
        note = ""
        if watch is not None and s.cell == watch:
            note = f" Cell {fmt(watch)} now holds {s.write}."
        lines.append(
            f"Step {s.number}: at {fmt(s.cell)} in state {s.state}, the symbol is {s.read} "
            f"({symbol_source(state, written, s.cell)}), so the head reads "
            f"{bracket(s.state, s.read)}. Rule: write {s.write}, move {s.move}, new state "
            f"{s.new_state}. The head moves to {fmt(s.to)} in state {s.new_state}.{note}")
        written[s.cell] = s.number
    return lines


def valid_run(state: dict[str, Any], draw: Draw) -> list[Step]:
    return rules.simulate(state, draw.params["steps"])


def counts_reaching(run: list[Step], counts: range,
                    hit: Callable[[list[Step]], bool]) -> list[int]:
    """Step counts S of `counts` within the run for which the first S steps satisfy `hit`."""
    return [n for n in counts if 1 <= n <= len(run) and hit(run[:n])]


def symbol_under_head(state: dict[str, Any], run: list[Step]) -> int:
    end = run[-1].to
    return rules.grid_after(state, run)[end[0]][end[1]]


# ---------------------------------------------------------------------- head position

class HeadPosition(Task):
    name = "head_position"
    description = "Where the head is after S steps"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_machine(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        rows, cols = state["rows"], state["cols"]
        target = divmod(draw.slot(rows * cols, f"cell {rows}x{cols}"), cols)
        run = valid_run(state, draw)
        counts = counts_reaching(run, step_range(draw), lambda r: r[-1].to == target)
        if not counts:
            raise Retry
        count = draw.rng.choice(counts)
        cells = [(r, c) for r in range(rows) for c in range(cols)]
        wrong = sample_distinct(draw.rng, cells, OPTION_COUNT - 1, exclude=[target])
        options, index = draw.place(fmt(target), [fmt(c) for c in wrong])
        lines = trace(state, run[:count])
        lines.append(f"After {count} steps the head is at {fmt(target)}.")
        text = f"The machine runs for {count} steps. Where is the head then?"
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"steps": count}, OpenForm(answer=fmt(target)))


# ------------------------------------------------------------------ head state, symbol

def parse_state_symbol(answer: str) -> tuple[int, int] | None:
    """(state, symbol) from '[2]' (the bracket form) or 'state 1, symbol 2'."""
    text = answer.strip().strip(".").casefold()
    if hedged(re.sub(r"[<>]", " ", text)):  # "<1>" is a bracket form, not a comparison
        return None
    found = _BRACKET_RE.match(text)
    if found:
        pair = found.group(1) + found.group(3)
        if pair not in BRACKETS:
            return None
        return BRACKETS.index(pair), int(found.group(2))
    found = _STATE_SYMBOL_RE.search(text)
    if not found or len(_INT_RE.findall(text)) != 2:
        return None
    if found.group(1) is not None:
        return int(found.group(1)), int(found.group(2))
    return int(found.group(4)), int(found.group(3))


class HeadStateSymbol(Task):
    name = "head_state_symbol"
    description = "The head state and the symbol under the head after S steps"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_machine(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        pairs = [(s, k) for s in range(state["states"]) for k in range(state["symbols"])]
        target = draw.target(pairs)
        run = valid_run(state, draw)
        counts = counts_reaching(
            run, step_range(draw),
            lambda r: (r[-1].new_state, symbol_under_head(state, r)) == target)
        if not counts:
            raise Retry
        count = draw.rng.choice(counts)
        head_state, symbol = target
        wrong = sample_distinct(draw.rng, pairs, min(OPTION_COUNT, len(pairs)) - 1,
                                exclude=[target])
        options, index = draw.place(bracket(*target), [bracket(*p) for p in wrong])
        lines = trace(state, run[:count])
        end = run[count - 1].to
        written = {s.cell: s.number for s in run[:count]}
        lines.append(f"After {count} steps the head is at {fmt(end)} in state {head_state}, and "
                     f"that cell holds {symbol} ({symbol_source(state, written, end)}), written "
                     f"{bracket(head_state, symbol)}.")
        text = (f"The machine runs for {count} steps. What are then the head state and the "
                "symbol under the head, in bracket form?")
        open_text = (f"The machine runs for {count} steps. What are then the head state and the "
                     "symbol under the head?")
        hint = ("Answer as state s, symbol k (or in the bracket form of the rules).")
        meta = {"steps": count, "pair": list(target)}
        return choice_question(state, text, options, index, "\n".join(lines), meta,
                               OpenForm(answer=f"state {head_state}, symbol {symbol}",
                                        text=open_text, meta=meta, hint=hint))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        pair = parse_state_symbol(answer)
        return 1.0 if pair is not None and list(pair) == meta["pair"] else 0.0


# ------------------------------------------------------------------ symbol trajectory

def trajectory(state: dict[str, Any], run: list[Step], cell: Cell) -> list[Token]:
    start = state["grid"][cell[0]][cell[1]]
    return [(start, 0), *((s.write, s.number) for s in run if s.cell == cell)]


def trajectory_text(tokens: list[Token]) -> str:
    return str(tokens[0][0]) + "".join(f" -> {v} (step {n})" for v, n in tokens[1:])


def change_one(symbols: int, steps: int) -> Callable[[random.Random, list[Token]], list[Token]]:
    """A mutation: one symbol replaced, or one write moved to another step (order kept)."""
    def mutate(rng: random.Random, tokens: list[Token]) -> list[Token]:
        out = list(tokens)
        k = rng.randrange(len(out))
        value, number = out[k]
        used = {n for _, n in out}
        free = [n for n in range(1, steps + 1) if n not in used]
        if k and free and rng.random() < 0.5:
            out[k] = (value, rng.choice(free))
            return [out[0], *sorted(out[1:], key=lambda t: t[1])]
        out[k] = (rng.choice([v for v in range(symbols) if v != value]), number)
        return out
    return mutate


def trajectory_distractors(draw: Draw, tokens: list[Token], symbols: int,
                           steps: int) -> list[list[Token]]:
    """Seven wrong trajectories, siblings of the answer. With two symbols or under three
    steps few siblings exist (one write of one of two symbols has one), so there the list
    shrinks until it fits rather than never giving a question."""
    counts = (OPTION_COUNT - 1,) if symbols >= 3 and steps >= 3 else (OPTION_COUNT - 1, 5, 3, 1)
    for count in counts:
        try:
            return sibling_sequences(draw.rng, tokens, count, change_one(symbols, steps),
                                     lambda t: t != tokens)
        except Retry:
            continue
    raise Retry


class SymbolTrajectory(Task):
    name = "symbol_trajectory"
    description = "Every symbol a given cell holds over S steps"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_machine(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        run = valid_run(state, draw)
        counts = [n for n in step_range(draw) if 1 <= n <= len(run)]
        if not counts:
            raise Retry
        count = draw.rng.choice(counts)
        run = run[:count]
        cells = sorted({s.cell for s in run} - {run[-1].to})
        if not cells:
            raise Retry
        cell = draw.rng.choice(cells)
        tokens = trajectory(state, run, cell)
        wrong = trajectory_distractors(draw, tokens, state["symbols"], count)
        answer = trajectory_text(tokens)
        options, index = draw.place(answer, [trajectory_text(t) for t in wrong])
        lines = trace(state, run, cell)
        writes = [n for _, n in tokens[1:]]
        lines.append(f"Cell {fmt(cell)} starts with {tokens[0][0]} and is written at step "
                     f"{', '.join(map(str, writes))} (every write counts, even of the same "
                     f"symbol): {answer}.")
        text = (f"The machine runs for {count} steps. How does the symbol in cell {fmt(cell)} "
                "change? Each answer lists the symbol it starts with, then every write into "
                "the cell, even a write of the symbol it already holds, as symbol (step "
                "number).")
        open_text = (f"The machine runs for {count} steps. How does the symbol in cell "
                     f"{fmt(cell)} change? List the symbol it starts with, then every write "
                     "into the cell, even a write of the symbol it already holds.")
        hint = ("Answer like a -> b (step i) -> c (step j): the starting symbol, then each "
                "written symbol with the number of its step, in order.")
        meta = {"steps": count, "cell": list(cell), "numbers": [v for t in tokens for v in t][1:]}
        meta["numbers"] = [tokens[0][0], *(v for t in tokens[1:] for v in t)]
        return choice_question(state, text, options, index, "\n".join(lines), meta,
                               OpenForm(answer=answer, text=open_text, meta=meta, hint=hint))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 when the numbers written, in order, are the start symbol and every (symbol,
        step) pair: the wording around them does not matter."""
        if hedged(answer):
            return 0.0
        numbers = [int(v) for v in _INT_RE.findall(answer)]
        return 1.0 if numbers == meta["numbers"] else 0.0


# ----------------------------------------------------------------- first state entry

def first_entries(state: dict[str, Any], run: list[Step]) -> dict[int, int]:
    """For each state other than the starting one, the step that first enters it."""
    found: dict[int, int] = {}
    for s in run:
        if s.new_state != state["state"] and s.new_state not in found:
            found[s.new_state] = s.number
    return found


def entry_steps(params: dict[str, Any]) -> list[int]:
    """The answers first_state_entry lands on, evenly. With two states the head must stay in
    its starting state until the step that leaves it, and each (state, symbol) rule met on
    the way must keep it there, so that step comes within symbols + 1 steps in practice."""
    most = params["steps"]
    if params["states"] == 2:
        most = min(most, params["symbols"] + 1)
    return list(range(1, most + 1))


class FirstStateEntry(Task):
    name = "first_state_entry"
    description = "After how many steps the head first enters a given state"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        when = draw.target(entry_steps(draw.params))
        goal = draw.rng.randrange(draw.params["states"])

        def allow(number: int, new_state: int) -> bool:
            return (new_state == goal) == (number == when) or number > when
        state = new_machine(draw, when, allow)
        if state["state"] == goal:
            raise Retry
        return self._question(draw, state, goal, when)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], goal: int, when: int) -> Question:
        run = rules.simulate(state, when)
        lines = trace(state, run)
        lines.append(f"The head is in state {goal} for the first time after step {when}.")
        options, index = integer_run_options(draw, when, 1, max(OPTION_COUNT,
                                                                draw.params["steps"]))
        text = (f"The head starts in state {state['state']}. After how many steps is the head "
                f"in state {goal} for the first time?")
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"goal": goal}, OpenForm(answer=str(when)))


TASKS = [HeadPosition(), HeadStateSymbol(), SymbolTrajectory(), FirstStateEntry()]
