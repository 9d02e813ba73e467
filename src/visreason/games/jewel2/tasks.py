"""Jewel2 question types (GameQA jewel2 ids 0-6), with the corrections the spec asks for:
refills are deterministic and stated, so the two-command count is exact (no "at least"),
the second command acts on the settled board and each gem is counted once, and every best
command is accepted.

The reading questions, the two-command count and the best command also ask about boards
the other tasks drew (several questions per picture).
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, choice_question
from ...core.answers import hedged
from ...core.options import sample_distinct
from ...core.seeds import derive_seed
from ...core.text import fmt_cell as fmt
from ...core.text import fmt_cells, plural
from . import rules
from .rules import BASIC, BLAST, COLUMN, REFILL, ROUND, SPECIALS, Cell, Outcome

OPTION_COUNT = 8
TOTAL_MAX = 100
_COMMAND_RE = re.compile(r"\b(clear|swap)\W+(\d+)\W+(\d+)(?:\W+(up|down|left|right))?\b")
SPECIAL_NAMES = {**{g: f"round {g}" for g in ROUND}, COLUMN: "column gem |",
                 BLAST: "blast gem +"}


# ----------------------------------------------------------------------------- boards

def board(draw: Draw, specials: int | None = None,
          fixed: dict[str, int] | None = None) -> dict[str, Any]:
    """A fresh board: `specials` special gems (default: 0 up to the parameter), and with
    `fixed` = {letter: count} exactly that many of a basic letter."""
    n = draw.params["size"]
    rng = draw.rng
    if specials is None:
        specials = rng.randint(0, draw.params["specials"])
    cells = list(range(n * n))
    rng.shuffle(cells)
    grid = [""] * (n * n)
    letters = BASIC
    taken = 0
    for letter, count in (fixed or {}).items():
        for k in cells[taken:taken + count]:
            grid[k] = letter
        taken += count
        letters = letters.replace(letter, "")
    for k in cells[taken:taken + specials]:
        grid[k] = rng.choice(SPECIALS)
    for k in cells[taken + specials:]:
        grid[k] = rng.choice(letters)
    state = {"size": n, "grid": ["".join(grid[r * n:(r + 1) * n]) for r in range(n)],
             "total": rng.randint(0, TOTAL_MAX), "next": rng.randrange(len(REFILL))}
    draw.claim(state)
    return state


def cells_of(state: dict[str, Any], gems: str) -> list[Cell]:
    return [(r, c) for r, row in enumerate(state["grid"]) for c, v in enumerate(row)
            if v in gems]


def board_rows(grid: list[str]) -> str:
    return " / ".join(grid)


# ---------------------------------------------------------------------- explanations

def line_text(gem: str, line: list[Cell]) -> str:
    way = "row" if line[0][0] == line[-1][0] else "column"
    where = line[0][0] if way == "row" else line[0][1]
    return f"a line of {len(line)} {gem} in {way} {where}: {fmt_cells(line)}"


def distinct(lines: list[list[Cell]]) -> list[list[Cell]]:
    """Each line once: a swap finds the same line from both swapped cells when they hold
    equal gems."""
    kept: list[list[Cell]] = []
    for line in lines:
        if line not in kept:
            kept.append(line)
    return kept


def lines_text(grid: list[str] | list[list[str]], lines: list[list[Cell]]) -> str:
    return " and ".join(line_text(grid[line[0][0]][line[0][1]], line)
                        for line in distinct(lines))


def outcome_lines(state: dict[str, Any], out: Outcome) -> list[str]:
    """The command carried out, step by step: its own removal, then each settling round."""
    grid = state["grid"]
    kind, rest = out.command.split(" ", 1)
    nums = [int(v) for v in rest.split()[:2]]
    cell = (nums[0], nums[1])
    gem = grid[cell[0]][cell[1]]
    removing = "Removing it" if len(distinct(out.lines)) == 1 else "Removing them"
    if out.status == "invalid":
        return [f"{out.command}: {fmt(cell)} holds {gem}, a basic gem in no horizontal or "
                "vertical line of three equal gems, so the command is invalid and nothing "
                "happens."]
    if kind == "swap":
        other = rules.neighbour(cell, rest.split()[2])
        pair = (f"{out.command}: {fmt(cell)} holds {gem} and {fmt(other)} holds "
                f"{grid[other[0]][other[1]]}")
        if out.status == "special":
            return [pair + "; a swap involving a special gem is refused, so nothing happens."]
        if out.status == "undone":
            return [pair + "; after the swap no line of three equal gems passes through either "
                    "cell, so they swap back and nothing happens."]
        after = lines_text(swapped(grid, cell, other), out.lines)
        lines = [f"{pair}; after the swap there is {after}. {removing} clears "
                 f"{plural(out.first, 'gem')}."]
    elif out.fired:
        lines = [f"{out.command}: {fmt(cell)} holds the special gem {gem}, which takes effect."]
        for f in out.fired:
            what = {COLUMN: f"its column {f.cell[1]}", BLAST: "the 3x3 block around it"}.get(
                f.gem, f"itself and every {f.gem.upper()}")
            lines.append(f"The {SPECIAL_NAMES[f.gem]} at {fmt(f.cell)} clears {what}: "
                         f"{fmt_cells(f.cells)}.")
        caught = len(out.fired) - 1
        chain = f" ({plural(caught, 'special gem')} caught and fired too)" if caught else ""
        lines.append(f"Together that clears {plural(out.first, 'gem')}{chain}.")
    else:
        lines = [f"{out.command}: {fmt(cell)} holds {gem}, in {lines_text(grid, out.lines)}. "
                 f"{removing} clears {plural(out.first, 'gem')}."]
    for k, rnd in enumerate(out.rounds, 1):
        dealt = ", ".join(f"{g} at {fmt(c)}" for c, g in rnd.refilled)
        lines.append(f"Settling, round {k}: gems fall and the empty cells get {dealt}.")
        if rnd.lines:
            found = " and ".join(line_text(g, line) for g, line in zip(rnd.letters, rnd.lines,
                                                                       strict=True))
            lines.append(f"Now there is {found}; removed: {plural(rnd.removed, 'gem')}.")
        else:
            lines.append("No line of three equal gems is left, so the board is settled: "
                         + board_rows(out.state["grid"]) + ".")
    return lines


def swapped(grid: list[str], a: Cell, b: Cell) -> list[list[str]]:
    g = [list(row) for row in grid]
    g[a[0]][a[1]], g[b[0]][b[1]] = g[b[0]][b[1]], g[a[0]][a[1]]
    return g


def outcome_sentence(state: dict[str, Any], out: Outcome) -> str:
    if out.status != "cleared":
        return f"Nothing is cleared and Total Cleared stays {state['total']}."
    verb = "is" if out.removed == 1 else "are"
    return (f"In all {plural(out.removed, 'gem')} {verb} cleared, so Total Cleared goes from "
            f"{state['total']} to {state['total'] + out.removed}.")


def parse_command(answer: str) -> tuple[str, Cell, str | None] | None:
    """A command written in an answer ('swap 1 2 up', 'clear (3, 0)'), or None unless it
    holds exactly one."""
    found = _COMMAND_RE.findall(answer.casefold())
    if len(found) != 1:
        return None
    kind, r, c, direction = found[0]
    if (kind == "swap") != bool(direction):
        return None
    return kind, (int(r), int(c)), direction or None


# --------------------------------------------------------------------- reading tasks

def count_values(size: int) -> range:
    """Counts of one basic letter the count question lands on, evenly."""
    return range(1, size * size // 4 + 2)


class GemCount(Task):
    name = "gem_count"
    description = "How many gems of a basic letter are on the board"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        count = draw.target(count_values(draw.params["size"]))
        letter = draw.rng.choice(BASIC)
        return self._question(board(draw, fixed={letter: count}), letter)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        count = draw.target(count_values(state["size"]))
        letters = [x for x in BASIC if len(cells_of(state, x)) == count]
        if not letters:
            raise Retry
        return self._question(state, draw.rng.choice(letters))

    @staticmethod
    def _question(state: dict[str, Any], letter: str) -> Question:
        cells = cells_of(state, letter)
        lines = [f"Scan the board row by row for the basic gem {letter} (a round "
                 f"{letter.lower()} is a special gem and does not count):"]
        for r, row in enumerate(state["grid"]):
            cols = [c for c, v in enumerate(row) if v == letter]
            if cols:
                lines.append(f"Row {r}: {letter} at {fmt_cells((r, c) for c in cols)}.")
        lines.append(f"In all there {'is' if len(cells) == 1 else 'are'} "
                     f"{plural(len(cells), f'{letter} gem')}.")
        text = f"How many basic {letter} gems are on the board?"
        return Question(state, text, str(len(cells)), "\n".join(lines), None,
                        {"letter": letter})


class GemPosition(Task):
    name = "gem_position"
    description = "Which of several positions holds a given basic gem"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, board(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        letter = draw.rng.choice([x for x in BASIC if cells_of(state, x)] or [None])
        if letter is None:
            raise Retry
        cell = draw.rng.choice(cells_of(state, letter))
        others = [c for c in cells_of(state, BASIC + SPECIALS) if state["grid"][c[0]][c[1]]
                  != letter]
        if len(others) < OPTION_COUNT - 1:
            raise Retry
        wrong = sample_distinct(draw.rng, others, OPTION_COUNT - 1)
        options, index = draw.place(fmt(cell), [fmt(c) for c in wrong])
        lines = [f"Check each listed position on the board for the basic gem {letter}:"]
        for text in options:
            r, c = (int(v) for v in re.findall(r"\d+", text))
            lines.append(f"{text} holds {state['grid'][r][c]}"
                         + (": this is the one." if (r, c) == cell else "."))
        text = f"Which of these positions holds a basic {letter} gem?"
        open_text = f"Give the position (x, y) of a basic {letter} gem on the board."
        analysis = (f"The basic {letter} gems are at {fmt_cells(cells_of(state, letter))}; "
                    f"one of them is {fmt(cell)}.")
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"letter": letter},
                               OpenForm(answer=fmt(cell), text=open_text, analysis=analysis,
                                        hint="Answer with one position, e.g. (x, y) in digits; "
                                        "any cell holding that gem is right."))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 for any cell holding the letter."""
        if hedged(answer):
            return 0.0
        numbers = re.findall(r"-?\d+", answer)
        if len(numbers) != 2:
            return 0.0
        r, c = int(numbers[0]), int(numbers[1])
        n = state["size"]
        return 1.0 if 0 <= r < n and 0 <= c < n and state["grid"][r][c] == meta["letter"] \
            else 0.0


class SpecialCount(Task):
    name = "special_count"
    description = "How many special gems are on the board"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        count = draw.target(range(draw.params["specials"] + 1))
        return self._question(board(draw, specials=count))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        if len(cells_of(state, SPECIALS)) != draw.target(range(draw.params["specials"] + 1)):
            raise Retry
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        cells = cells_of(state, SPECIALS)
        lines = ["Special gems are the round a-e gems, the column gem | and the blast gem +."]
        for gem in SPECIALS:
            where = cells_of(state, gem)
            if where:
                lines.append(f"{SPECIAL_NAMES[gem]}: {fmt_cells(where)}.")
        if not cells:
            lines.append("There is none on the board.")
        lines.append(f"In all: {plural(len(cells), 'special gem')}.")
        return Question(state, "How many special gems are on the board?", str(len(cells)),
                        "\n".join(lines), None)


# ------------------------------------------------------------------- command outcomes

def cleared_text(state: dict[str, Any], k: int) -> str:
    return f"{plural(k, 'gem')} cleared, Total Cleared becomes {state['total'] + k}"


def outcome_options(draw: Draw, state: dict[str, Any], out: Outcome,
                    fixed: dict[str, str]) -> tuple[list[str], int]:
    """The fixed 'nothing happens' outcomes plus a run of cleared counts: the run holds the
    answer at a uniformly drawn place when something is cleared, else it starts anywhere."""
    run = OPTION_COUNT - len(fixed)
    if out.status == "cleared":
        k = out.removed
        start = draw.rng.randint(max(1, k - run + 1), k)
        correct = cleared_text(state, k)
    else:
        start = draw.rng.randint(1, 10)
        correct = fixed[out.status]
    wrong = [t for t in fixed.values() if t != correct]
    wrong += [cleared_text(state, v) for v in range(start, start + run)
              if cleared_text(state, v) != correct]
    return draw.place(correct, wrong)


Want = str | tuple[int, int]  # an outcome status, or a range of gems cleared


def carry_out(state: dict[str, Any], command: tuple[str, Cell, str | None]) -> Outcome:
    """`rules.apply`, with a board that would cascade for ever refused (Retry)."""
    try:
        return rules.apply(state, command)
    except rules.EndlessCascade:
        raise Retry from None


def wanted(out: Outcome, want: Want) -> bool:
    if isinstance(want, str):
        return out.status == want
    return out.status == "cleared" and want[0] <= out.removed <= want[1]


def pick_outcome(draw: Draw, state: dict[str, Any],
                 candidates: list[tuple[str, Cell, str | None]], want: Want) -> Outcome:
    """The first command (in a shuffled order) whose outcome is `want`; Retry if none."""
    order = list(candidates)
    draw.rng.shuffle(order)
    status = want if isinstance(want, str) else "cleared"
    for command in order:
        if rules.status_of(state, command) != status:
            continue
        out = carry_out(state, command)
        if wanted(out, want):
            return out
    raise Retry


# What the outcome questions land on, evenly: each "nothing happens" case, and ranges of
# gems cleared measured on boards of the size (`count_ranges`). One line alone clears 3, so
# without ranges "3" would be right half the time.
# The least share of boards on which a range must be found, tried in turn until there are
# MIN_RANGES ranges (with the fixed "nothing happens" case, no answer is right more than a
# sixth of the time).
RANGE_REACH = (0.3, 0.2, 0.12, 0.08, 0.05, 0.0)
MIN_RANGES = 5
CALIBRATION_BOARDS = 100
CALIBRATION_PICKS = 6
TWO_COMMAND_TRIES = 12
# The second of two commands clears something three times in four; otherwise it is any
# other command, which may do nothing on the settled board.
SECOND_CLEARS = 0.75


def cut_ranges(boards: list[set[int]], reach: float) -> tuple[tuple[int, int], ...]:
    """Contiguous ranges of counts, each found on at least `reach` of the boards (every
    board a set of the counts its commands give), cut from the smallest count up; the ranges
    cover every count from 1 on, the last one open-ended."""
    values = sorted(set().union(*boards))
    groups: list[list[int]] = []
    current: list[int] = []

    def share(group: list[int]) -> float:
        return sum(1 for b in boards if b.intersection(group)) / len(boards)
    for v in values:
        current.append(v)
        if share(current) >= reach:
            groups.append(current)
            current = []
    if current:
        if groups and share(current) < reach:
            groups[-1] += current
        else:
            groups.append(current)
    ranges = []
    low = 1
    for group in groups:
        ranges.append((low, group[-1]))
        low = group[-1] + 1
    ranges[-1] = (ranges[-1][0], MANY)
    return tuple(ranges)


MANY = 10**6


@lru_cache(maxsize=32)
def count_ranges(size: int, specials: int, kind: str) -> tuple[tuple[int, int], ...]:
    """Ranges of gems cleared by a `kind` command ('clear', 'swap', or 'two' for a command
    followed by a second one), each found on as many boards as still gives MIN_RANGES
    ranges: measured on CALIBRATION_BOARDS boards drawn from a fixed seed. Landing on each
    range in turn keeps every answer rare (one line alone clears 3: without ranges "3"
    would be right half the time), and a board for any range is found in a few draws."""
    rng = random.Random(derive_seed("jewel2 count ranges", size, specials, kind))
    boards = []
    for _ in range(CALIBRATION_BOARDS):
        state = rules.random_state(rng, size, rng.randint(0, specials), 0)
        try:
            found = board_counts(rng, state, kind)
        except Retry:  # a board that never settles
            continue
        if found:
            boards.append(found)
    for reach in RANGE_REACH:
        ranges = cut_ranges(boards, reach)
        if len(ranges) >= MIN_RANGES:
            break
    return ranges


def board_counts(rng: random.Random, state: dict[str, Any], kind: str) -> set[int]:
    """The counts `kind` commands clear on one board (for 'two', of a few command pairs)."""
    every = rules.commands(state["size"])
    if kind != "two":
        return {carry_out(state, c).removed for c in every
                if c[0] == kind and rules.status_of(state, c) == "cleared"}
    found = set()
    for _ in range(CALIBRATION_PICKS):
        first = first_clearing(rng, state, every)
        second = first and second_command(rng, first, every)
        if first is not None and second is not None:
            found.add(first.removed + second.removed)
    return found


def first_clearing(rng: random.Random, state: dict[str, Any],
                   candidates: list[tuple[str, Cell, str | None]]) -> Outcome | None:
    """A random command of `candidates` that clears something, carried out (None if none)."""
    order = list(candidates)
    rng.shuffle(order)
    for command in order:
        if rules.status_of(state, command) == "cleared":
            return carry_out(state, command)
    return None


def second_command(rng: random.Random, first: Outcome,
                   every: list[tuple[str, Cell, str | None]]) -> Outcome | None:
    """The second of two commands on the board `first` left: three times in four one that
    clears something, else any other command (it may do nothing there). None when no other
    command clears anything."""
    others = [c for c in every if rules.command_text(c) != first.command]
    if rng.random() < SECOND_CLEARS:
        return first_clearing(rng, first.state, others)
    return carry_out(first.state, rng.choice(others))


class OutcomeTask(Task):
    """Shared by the clear and swap questions: a command of a balanced kind, its outcome as
    options (choice) or as the number of gems cleared (open)."""

    answer_type = "choice"
    open_type = "integer"
    kinds: tuple[Want, ...]
    command_kind: str

    def fixed(self, state: dict[str, Any]) -> dict[str, str]:
        raise NotImplementedError

    def build(self, draw: Draw) -> Question:
        want = self.want(draw, draw.params["size"])
        specials = None
        if want == "special":  # a swap touching a special needs one on the board
            specials = draw.rng.randint(1, draw.params["specials"])
        return self._question(draw, board(draw, specials=specials))

    def want(self, draw: Draw, size: int) -> Want:
        """This item's outcome: each fixed case and each range of gems cleared in turn (a
        board without special gems has no refused swap to ask about)."""
        kinds = (*self.kinds, *count_ranges(size, draw.params["specials"], self.command_kind))
        want = kinds[draw.slot(len(kinds), "kind")]
        if want == "nothing":  # a refused swap (touching a special gem) or one swapped back
            want = "undone" if not draw.params["specials"] or draw.rng.random() < 0.5 \
                else "special"
        return want

    # No ask(): on a board another task drew, "nothing happens" can always be asked about
    # but a given range of gems cleared often cannot, so asked answers would crowd at 0.
    def _question(self, draw: Draw, state: dict[str, Any]) -> Question:
        want = self.want(draw, state["size"])
        candidates = [c for c in rules.commands(state["size"]) if c[0] == self.command_kind]
        out = pick_outcome(draw, state, candidates, want)
        options, index = outcome_options(draw, state, out, self.fixed(state))
        lines = [*outcome_lines(state, out), outcome_sentence(state, out)]
        text = (f"What happens after the command {out.command}? (Total Cleared is "
                f"{state['total']} now.)")
        open_text = (f"How many gems does the command {out.command} clear in all, cascades "
                     "included? Answer 0 if it clears nothing.")
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"command": out.command},
                               OpenForm(answer=str(out.removed), text=open_text))


class ClearOutcome(OutcomeTask):
    name = "clear_outcome"
    description = "What a clear command does (cascades included)"
    qa_type = "state_prediction"
    qa_level = "medium"
    command_kind = "clear"
    kinds = ("invalid",)

    def fixed(self, state: dict[str, Any]) -> dict[str, str]:
        return {"invalid": "Nothing happens (invalid command), Total Cleared stays the same"}


class SwapOutcome(OutcomeTask):
    name = "swap_outcome"
    description = "What a swap command does (cascades included)"
    qa_type = "state_prediction"
    qa_level = "medium"
    command_kind = "swap"
    # Refused and swapped-back swaps share one turn: both clear 0, the open answer.
    kinds = ("nothing",)

    def fixed(self, state: dict[str, Any]) -> dict[str, str]:
        return {"special": "Refused (a special gem is involved), Total Cleared stays the same",
                "undone": "No line forms and the gems swap back, Total Cleared stays the same"}


# --------------------------------------------------------------------- two commands

class TwoCommands(Task):
    name = "two_commands"
    description = "Gems cleared by two commands in a row (cascades included)"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, board(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        low, high = draw.target(count_ranges(state["size"], draw.params["specials"], "two"))
        every = rules.commands(state["size"])
        for _ in range(TWO_COMMAND_TRIES):
            first = first_clearing(draw.rng, state, every)
            if first is None:
                raise Retry
            second = second_command(draw.rng, first, every)
            if second is not None and low <= first.removed + second.removed <= high:
                break
        else:
            raise Retry
        middle = first.state
        total = first.removed + second.removed
        lines = ["First command:", *outcome_lines(state, first),
                 f"It clears {plural(first.removed, 'gem')}.",
                 "Second command, on the settled board:", *outcome_lines(middle, second),
                 f"It clears {plural(second.removed, 'gem')}.",
                 f"Together: {first.removed} + {second.removed} = {total}."]
        text = (f"Carry out the command {first.command}, let the board settle, then carry out "
                f"{second.command}. How many gems do the two commands clear in all, cascades "
                "included?")
        return Question(state, text, str(total), "\n".join(lines), None,
                        {"commands": [first.command, second.command]})


# --------------------------------------------------------------------- best command

def evaluate_all(state: dict[str, Any]) -> list[Outcome]:
    """The outcome of every command that clears something, in search order."""
    return [carry_out(state, c) for c in rules.commands(state["size"])
            if rules.status_of(state, c) == "cleared"]


class BestCommand(Task):
    name = "best_command"
    description = "The single command that clears the most gems"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, board(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        outcomes = evaluate_all(state)
        if not outcomes:
            raise Retry
        best = max(out.removed for out in outcomes)
        winners = [out for out in outcomes if out.removed == best]
        by_count: dict[int, list[str]] = {}
        for out in outcomes:
            by_count.setdefault(out.removed, []).append(out.command)
        lines = ["Try every command: each swap of two neighbouring gems and each clear, "
                 "settling the board after it. The commands that clear something, by gems "
                 "cleared:"]
        lines += [f"{k}: {', '.join(cmds)}" for k, cmds in sorted(by_count.items(),
                                                                reverse=True)]
        lines.append(f"The most is {best}. Carried out, {winners[0].command} goes like this:")
        lines += outcome_lines(state, winners[0])
        tie = (f" ({len(winners)} commands tie; any of them is right)" if len(winners) > 1
               else "")
        lines.append(f"So {winners[0].command} clears the most gems, {best}{tie}.")
        text = ("Which single command clears the most gems, cascades included? If several "
                "tie, any of them is right.")
        return Question(state, text, winners[0].command, "\n".join(lines), None,
                        {"best": best, "accepted": [w.command for w in winners]})

    answer_hint = ("Answer with one command, written as swap x y dir or clear x y with the "
                   "numbers (and the direction) filled in.")

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 for any command that, carried out, clears the most gems."""
        command = None if hedged(answer) else parse_command(answer)
        if command is None:
            return 0.0
        kind, cell, direction = command
        n = state["size"]
        if not rules.in_board(n, cell) or (kind == "swap" and not rules.in_board(
                n, rules.neighbour(cell, direction))):
            return 0.0
        try:
            out = rules.apply(state, command)
        except rules.EndlessCascade:
            return 0.0
        return 1.0 if out.status == "cleared" and out.removed == meta["best"] else 0.0


TASKS = [GemCount(), GemPosition(), SpecialCount(), ClearOutcome(), SwapOutcome(),
         TwoCommands(), BestCommand()]
