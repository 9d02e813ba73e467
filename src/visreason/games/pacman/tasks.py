"""Pac-Man question types (GameQA pacman ids 0-9).

Boards come from the rules' pre-play walk; then each task places the ghosts, picks the move
plan or turns the whole board (the rules are the same on a turned board up to the ghosts' tie
order, which is re-checked) so that the item lands on its balanced answer.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, Unaskable, choice_question
from ...core.answers import hedged
from ...core.asking import AskBalance
from ...core.options import cluster_cells
from ...core.seeds import derive_seed
from ...core.text import fmt_cell as fmt
from ...core.text import parse_directions, plural
from . import rules
from .rules import GHOSTS, ORDER, Base, Cell, Outcome

NAMES = {"pinky": "Pinky", "blinky": "Blinky"}
POSITION_CELLS = 4      # cells among the position options, each with two facings
GHOST_TRIES = 12        # ghost placements tried on one board before drawing another
PLAN_TRIES = 12         # move plans played out with the ghosts on one board
WINDOW = 2              # the bean window reaches this far around Pac-Man
RUN_CAP = 0.1           # straight-run counts more common than this are thinned to it
CALIBRATION_BOARDS = 400
ASK_CALIBRATION = 600   # boards of every task that measure how often asked answers occur
ASK_FLOOR = 0.1
DIRECTION_HINT = "Answer with one direction: up, down, left or right."
CAUGHT_ALL = "caught whatever the direction"


def base_for(draw: Draw) -> Base:
    return rules.random_base(draw.rng, draw.params["size"])


def finish(draw: Draw, state: dict[str, Any]) -> dict[str, Any]:
    draw.claim(state)
    return state


def unpack(state: dict[str, Any]) -> tuple[list[str], Cell, str]:
    return state["grid"], tuple(state["pacman"]), state["facing"]


def ghost_cell(state: dict[str, Any], name: str) -> Cell:
    return tuple(state[name])


def turned_to(draw: Draw, state: dict[str, Any], have: str, want: str) -> dict[str, Any]:
    """The whole state turned or mirrored so that direction `have` becomes `want` (one of the
    two such symmetries of the square, drawn at random)."""
    names = [t for t in rules.TRANSFORMS if rules.transform_direction(t, have) == want]
    return rules.transform_state(draw.rng.choice(names), state)


def intro(state: dict[str, Any]) -> str:
    _, pacman, facing = unpack(state)
    return (f"Pac-Man is at {fmt(pacman)} facing {facing}; Pinky is at "
            f"{fmt(ghost_cell(state, 'pinky'))} and Blinky at {fmt(ghost_cell(state, 'blinky'))}.")


def first_direction(text: str) -> str | None:
    """The single direction an answer names, or None (none, several, or a hedge)."""
    if hedged(text or ""):
        return None
    moves = parse_directions(text) if text else None
    if moves is None or len(set(moves)) != 1:
        words = set(re.findall(r"\b(up|down|left|right)\b", text.lower()))
        return words.pop() if len(words) == 1 else None
    return moves[0]


# ----------------------------------------------------------------------------- perception

class PacmanPosition(Task):
    name = "pacman_position"
    description = "Pac-Man's cell and the direction he faces"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        want = draw.target(list(ORDER), "facing")
        state = rules.random_state(draw.rng, draw.params["size"])
        if state["facing"] != want:
            state = turned_to(draw, state, state["facing"], want)
        return self._question(draw, finish(draw, state))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        keep_even(draw, self.name, state["facing"])
        return self._question(draw, state)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any]) -> Question:
        grid, pacman, facing = unpack(state)
        rng = draw.rng
        others = cluster_cells(rng, pacman, POSITION_CELLS,
                               lambda c: rules.is_open(grid, c), radius=2)
        wrong = [(pacman, rng.choice([d for d in ORDER if d != facing]))]
        for cell in others:
            for d in rng.sample(ORDER, 2):
                wrong.append((cell, d))
        answer = f"{fmt(pacman)}, {facing}"
        options, index = draw.place(answer, [f"{fmt(c)}, {d}" for c, d in wrong])
        analysis = (f"Pac-Man is in row {pacman[0]} and column {pacman[1]}, so at {fmt(pacman)}, "
                    f"and he faces {facing}.")
        text = "Where is Pac-Man, and which direction is he facing?"
        hint = "Answer with his cell and direction, e.g. (3, 5), left."
        return choice_question(state, text, options, index, analysis,
                               {"pacman": list(pacman), "facing": facing},
                               open=OpenForm(answer, hint=hint))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 when the answer names exactly Pac-Man's cell and his facing."""
        if hedged(answer):
            return 0.0
        numbers = [int(v) for v in re.findall(r"-?\d+", answer)]
        words = set(re.findall(r"\b(up|down|left|right)\b", answer.lower()))
        _, pacman, facing = unpack(state)
        return 1.0 if numbers == list(pacman) and words == {facing} else 0.0


def window_cells(grid: list[str], pacman: Cell) -> list[Cell]:
    n = len(grid)
    return [(r, c) for r in range(max(0, pacman[0] - WINDOW), min(n, pacman[0] + WINDOW + 1))
            for c in range(max(0, pacman[1] - WINDOW), min(n, pacman[1] + WINDOW + 1))]


class BeansNearby(Task):
    name = "beans_nearby"
    description = "Beans in the 5x5 window centred on Pac-Man"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        state = rules.random_state(draw.rng, draw.params["size"])
        return self.ask(draw, finish(draw, state))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        grid, pacman, _ = unpack(state)
        cells = window_cells(grid, pacman)
        beans = [c for c in cells if grid[c[0]][c[1]] == rules.BEAN]
        rows = (cells[0][0], cells[-1][0])
        cols = (cells[0][1], cells[-1][1])
        lines = [f"Pac-Man is at {fmt(pacman)}. The window reaches two cells each way, clipped "
                 f"to the board: rows {rows[0]}-{rows[1]} and columns {cols[0]}-{cols[1]}."]
        for r in range(rows[0], rows[1] + 1):
            found = [c for (rr, c) in beans if rr == r]
            lines.append(f"row {r}: beans in columns {', '.join(map(str, found))}" if found
                         else f"row {r}: no beans")
        lines.append(f"In total {plural(len(beans), 'bean')}.")
        text = ("How many beans lie in the 5x5 block of cells centred on Pac-Man (rows and "
                "columns up to two away from his; cells beyond the board do not count)?")
        return Question(state, text, str(len(beans)), "\n".join(lines), None,
                        {"window": [list(rows), list(cols)]})


GHOST_OPTIONS = ["Pinky is closer", "Blinky is closer", "Both are equally close"]
GHOST_ANSWERS = ["pinky", "blinky", "equal"]
EQUAL_WORDS = ("equal", "equally", "same", "tie", "tied", "both", "neither")
# Phrases that say no ghost catches Pac-Man: read as the bean-count outcome, not a catch.
NOT_CAUGHT = ("not caught", "no ghost catches him", "no ghost catches", "isn't caught",
              "is never caught")


class CloserGhost(Task):
    name = "closer_ghost"
    description = "Which ghost is closer to Pac-Man (Manhattan distance)"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        want = draw.target(GHOST_ANSWERS)
        base = base_for(draw)
        free = base.free()
        pinky = draw.rng.choice(free)
        near = rules.manhattan(pinky, base.pacman)
        fits = {"pinky": lambda d: d > near, "blinky": lambda d: d < near,
                "equal": lambda d: d == near}[want]
        spots = [c for c in free if c != pinky and fits(rules.manhattan(c, base.pacman))]
        if not spots:
            raise Retry
        return self._question(finish(draw, base.state(pinky, draw.rng.choice(spots))))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        keep_even(draw, self.name, closer(state))
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        _, pacman, _ = unpack(state)
        lines = []
        for name in GHOSTS:
            g = ghost_cell(state, name)
            lines.append(f"{NAMES[name]} at {fmt(g)}: |{g[0]} - {pacman[0]}| + |{g[1]} - "
                         f"{pacman[1]}| = {rules.manhattan(g, pacman)}.")
        answer = closer(state)
        verdict = {"pinky": "Pinky is closer.", "blinky": "Blinky is closer.",
                   "equal": "The distances are equal."}[answer]
        analysis = f"Pac-Man is at {fmt(pacman)}.\n" + "\n".join(lines) + "\n" + verdict
        text = ("Which ghost is closer to Pac-Man by Manhattan distance (row difference plus "
                "column difference, ignoring walls)?")
        hint = "Answer with Pinky, Blinky, or equal."
        return choice_question(state, text, GHOST_OPTIONS, GHOST_ANSWERS.index(answer), analysis,
                               open=OpenForm(answer, hint=hint))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        text = answer.lower()
        if hedged(text, ("than", "neither")):
            return 0.0
        subject = re.search(r"\b(pinky|blinky)\b(?:\s+is)?\s+closer\b", text)
        names = set(re.findall(r"\b(pinky|blinky)\b", text))
        if set(re.findall(r"[a-z]+", text)) & set(EQUAL_WORDS):
            if any(part.strip() in NAMES for part in re.split(r"[,;/|]", text)):
                return 0.0  # "equal; blinky; pinky": every option listed
            said = "equal"
        elif subject:  # "Blinky is closer than Pinky"
            said = subject.group(1)
        elif len(names) == 1:
            said = names.pop()
        else:
            return 0.0
        return 1.0 if said == closer(state) else 0.0


def closer(state: dict[str, Any]) -> str:
    pacman = tuple(state["pacman"])
    p = rules.manhattan(ghost_cell(state, "pinky"), pacman)
    b = rules.manhattan(ghost_cell(state, "blinky"), pacman)
    return "pinky" if p < b else "blinky" if b < p else "equal"


@lru_cache(maxsize=16)
def run_shares(size: int) -> dict[int, float]:
    """How often each bean count ends a straight run on random boards of this size (short
    runs are common: a quarter of boards give 0 or 1), measured once from a fixed seed."""
    rng = random.Random(derive_seed("pacman", "straight runs", size))
    found: Counter[int] = Counter()
    for _ in range(CALIBRATION_BOARDS):
        state = rules.random_state(rng, size)
        grid, pacman, facing = unpack(state)
        found[sum(grid[r][c] == rules.BEAN for r, c in rules.straight_run(grid, pacman,
                                                                           facing))] += 1
    return {count: k / CALIBRATION_BOARDS for count, k in found.items()}


class StraightRun(Task):
    name = "straight_run"
    description = "Beans eaten running straight ahead until a wall (ghosts still)"
    qa_type = "state_prediction"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        state = rules.random_state(draw.rng, draw.params["size"])
        return self.ask(draw, finish(draw, state))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        grid, pacman, facing = unpack(state)
        run = rules.straight_run(grid, pacman, facing)
        if any(ghost_cell(state, g) in run for g in GHOSTS):
            raise Retry
        beans = [c for c in run if grid[c[0]][c[1]] == rules.BEAN]
        share = run_shares(len(grid)).get(len(beans), 0.0)
        if share > RUN_CAP:
            draw.keep(RUN_CAP / share, "common count")
        if run:
            lines = [f"Pac-Man is at {fmt(pacman)} facing {facing}. Moving {facing} he passes "
                     f"{', '.join(fmt(c) for c in run)} and then meets a wall."]
            lines.append(f"Beans lie on {', '.join(fmt(c) for c in beans)}." if beans else
                         "None of those cells holds a bean.")
        else:
            lines = [f"Pac-Man is at {fmt(pacman)} facing {facing}, and the next cell "
                     f"{facing} is a wall, so he cannot move."]
        lines.append(f"He eats {plural(len(beans), 'bean')}.")
        text = ("The ghosts stay where they are (none of them is in his way). Pac-Man keeps "
                "moving in the direction he faces until the next cell is a wall. How many beans "
                "does he eat?")
        return Question(state, text, str(len(beans)), "\n".join(lines), None,
                        {"cells": [list(c) for c in run]})


# ----------------------------------------------------------------------------- ghosts moving

def step_line(k: int, s: rules.Step) -> str:
    """'Step k: Pac-Man ...; Pinky ...; Blinky ...' from a played step."""
    if s.blocked:
        where = f"Pac-Man turns {s.direction} but a wall blocks him; he stays at {fmt(s.pacman)}"
    else:
        where = f"Pac-Man moves {s.direction} to {fmt(s.pacman)}"
    if s.ate:
        where += " and eats a bean"
    parts = [where]
    for name in GHOSTS:
        if name not in s.ghost_moves:
            continue
        d = s.ghost_moves[name]
        cell = s.pinky if name == "pinky" else s.blinky
        parts.append(f"{NAMES[name]} moves {d} to {fmt(cell)}" if d else
                     f"{NAMES[name]} is on its target and stays at {fmt(cell)}")
    line = f"Step {k}: " + "; ".join(parts)
    if s.caught_by:
        line += f". {NAMES[s.caught_by]} is on Pac-Man's cell: he is caught"
    return line + "."


def outcome_text(outcome: Outcome) -> str:
    if outcome.caught_by:
        return f"caught by {NAMES[outcome.caught_by]}"
    return plural(outcome.beans, "bean")


def ghosts_near(draw: Draw, base: Base, catcher: str | None, reach: int) -> tuple[Cell, Cell]:
    """Ghost cells: with `catcher`, that ghost within `reach` moves of Pac-Man and the other
    farther; else both anywhere."""
    free = base.free()
    if catcher is None:
        pinky, blinky = draw.rng.sample(free, 2)
        return pinky, blinky
    maze = rules.maze_of(base.grid)
    close = set(maze.within(base.pacman, reach + 1))
    near = [c for c in free if c in close and maze.distance(c, base.pacman) <= reach]
    far = [c for c in free if c not in close] or free
    a = draw.rng.choice(near)
    b = draw.rng.choice([c for c in far if c != a])
    return (a, b) if catcher == "pinky" else (b, a)


def eats_of(legs: int) -> int:
    """How many bean counts the options list: 0 up to 2 x legs, at most 0-5."""
    return min(6, 2 * legs + 1)


def plans(legs: int) -> list[tuple[str, int, str, int]]:
    return [(d1, n1, d2, n2) for d1 in ORDER for n1 in range(1, legs + 1) for d2 in ORDER
            if d2 != d1 for n2 in range(1, legs + 1)]


class MovesOutcome(Task):
    name = "moves_outcome"
    description = "Outcome of two runs of moves with both ghosts chasing"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        legs = draw.params["legs"]
        eats = eats_of(legs)
        want = draw.target([*range(eats), *GHOSTS])
        catcher = want if isinstance(want, str) else None
        base = base_for(draw)
        pinky, blinky = ghosts_near(draw, base, catcher, 2 * legs + 1)
        state = base.state(pinky, blinky)
        plan = self._fit(draw, state, want, legs)
        if plan is None:
            raise Retry
        return self._question(draw, finish(draw, state), plan, eats)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A plan drawn at random; its outcome is kept in inverse proportion to how often a
        random plan has it (catches are rarer than beans)."""
        legs = draw.params["legs"]
        plan = draw.rng.choice(plans(legs))
        outcome = rules.play_moves(state, moves_of(plan))
        value = outcome.caught_by or outcome.beans
        if not isinstance(value, str) and value >= eats_of(legs):
            raise Retry
        keep_even(draw, self.name, value)
        return self._question(draw, state, plan, eats_of(legs))

    @staticmethod
    def _fit(draw: Draw, state: dict[str, Any], want: int | str,
             legs: int) -> tuple[str, int, str, int] | None:
        """A move plan whose outcome is `want` (beans eaten, or the catching ghost)."""
        candidates = plans(legs)
        draw.rng.shuffle(candidates)
        tried = 0
        for plan in candidates:
            if not isinstance(want, str) and path_beans(state, moves_of(plan)) != want:
                continue  # the ghosts can only cut a plan short, never add beans
            outcome = rules.play_moves(state, moves_of(plan))
            if (outcome.caught_by or outcome.beans) == want:
                return plan
            tried += 1
            if tried == PLAN_TRIES:
                break
        return None

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], plan: tuple[str, int, str, int],
                  eats: int) -> Question:
        d1, n1, d2, n2 = plan
        outcome = rules.play_moves(state, moves_of(plan))
        score = state["score"]
        options = [f"He eats {plural(k, 'bean')} and is not caught; the score becomes {score + k}"
                   for k in range(eats)] + [f"He is caught by {NAMES[g]}" for g in GHOSTS]
        index = eats + GHOSTS.index(outcome.caught_by) if outcome.caught_by else outcome.beans
        lines = [intro(state), "Play the moves one step at a time (each step: Pac-Man, then "
                 "Pinky, then Blinky):"]
        lines += [step_line(k, s) for k, s in enumerate(outcome.steps, 1)]
        if outcome.caught_by:
            lines.append(f"The run ends: Pac-Man is caught by {NAMES[outcome.caught_by]}.")
        else:
            lines.append(f"He is never caught and eats {plural(outcome.beans, 'bean')}, so the "
                         f"score goes from {score} to {score + outcome.beans}.")
        text = (f"The score is now {score}. Pac-Man moves {d1} {times_text(n1)}, then {d2} "
                f"{times_text(n2)}, one move per step, while both ghosts chase him by "
                "their rules. What happens?")
        open_text = text + (" If he is caught, say which ghost catches him; otherwise say how "
                            "many beans he eats.")
        answer = (f"caught by {outcome.caught_by}" if outcome.caught_by
                  else plural(outcome.beans, "bean"))
        hint = "Answer with the number of beans eaten (e.g. 3 beans) or e.g. caught by Pinky."
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"plan": [d1, n1, d2, n2], "score": score},
                               open=OpenForm(answer, text=open_text, hint=hint))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """A catch must name the right ghost; otherwise the bean count (or the final score)."""
        d1, n1, d2, n2 = meta["plan"]
        outcome = rules.play_moves(state, moves_of((d1, n1, d2, n2)))
        text = answer.lower()
        if hedged(text, NOT_CAUGHT):
            return 0.0  # "not caught by blinky", "2 beans unless caught by blinky"
        cleared = text
        for phrase in NOT_CAUGHT:
            cleared = cleared.replace(phrase, " ")
        if cleared != text and re.search(r"\b(?:pinky|blinky|caught|catch\w*)\b", cleared):
            return 0.0  # says both "not caught" and a catch
        text = cleared
        if "caught" in text or "catch" in text:
            if re.search(r"\d+\s*beans?\b", text):
                return 0.0  # a catch and a bean count: two outcomes
            named = [g for g in GHOSTS if g in text]
            return 1.0 if outcome.caught_by and named == [outcome.caught_by] else 0.0
        if outcome.caught_by:
            return 0.0
        numbers = {int(v) for v in re.findall(r"\d+", text)}
        score = state["score"]
        right = numbers == {outcome.beans} or numbers == {outcome.beans, score + outcome.beans}
        return 1.0 if right else 0.0


def path_beans(state: dict[str, Any], moves: list[str]) -> int:
    """Beans Pac-Man's moves pass over, ghosts left out."""
    grid, cell, _ = unpack(state)
    eaten = set()
    for d in moves:
        nxt = rules.step(cell, d)
        if grid[nxt[0]][nxt[1]] != rules.WALL:
            cell = nxt
            if grid[cell[0]][cell[1]] == rules.BEAN:
                eaten.add(cell)
    return len(eaten)


def times_text(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def moves_of(plan: tuple[str, int, str, int] | list[Any]) -> list[str]:
    d1, n1, d2, n2 = plan
    return [d1] * int(n1) + [d2] * int(n2)


class DirectionChange(Task):
    """The original's options are "unchanged, still X" and the three other directions. Here
    the options are the four directions in a fixed order, the answer being the direction
    after Pac-Man's moves (X itself when it is unchanged): marking one option 'unchanged'
    let an options-only guess pick the first of the others. The answer's direction and
    whether it is unchanged are balanced separately (unchanged one time in four)."""

    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"
    ghost: str

    def build(self, draw: Draw) -> Question:
        want = self._want(draw)
        base = base_for(draw)
        legs = draw.params["legs"]
        for _ in range(GHOST_TRIES):
            pinky, blinky = draw.rng.sample(base.free(), 2)
            state = base.state(pinky, blinky)
            found = self._fit(draw, state, want, legs)
            if found is not None:
                return self._question(finish(draw, state), *found)
        raise Retry

    @staticmethod
    def _want(draw: Draw) -> tuple[str, bool]:
        return draw.target(list(ORDER), "after"), draw.target([True, False, False, False],
                                                               "unchanged")

    def _moves(self, state: dict[str, Any], legs: int) -> tuple[str | None, list[tuple[str, int,
                                                                                     str]]]:
        """The ghost's direction now, and (move, times, direction after) for every move of
        Pac-Man whose path touches no ghost and leaves the ghost off its target."""
        grid, pacman, facing = unpack(state)
        ghost = ghost_cell(state, self.ghost)
        maze = rules.maze_of(grid)
        before = maze.toward(ghost, rules.target_of(self.ghost, grid, pacman, facing))
        blocked = {ghost_cell(state, g) for g in GHOSTS}
        found = []
        for d in ORDER:
            cell = pacman
            for k in range(1, legs + 1):
                nxt = rules.step(cell, d)
                if maze.is_open(nxt):
                    cell = nxt
                if cell in blocked:
                    break
                after = maze.toward(ghost, rules.target_of(self.ghost, grid, cell, d))
                if after is not None:
                    found.append((d, k, after))
        return before, found

    def _fit(self, draw: Draw, state: dict[str, Any], want: tuple[str, bool],
             legs: int) -> tuple[str, int] | None:
        after, same = want
        grid = state["grid"]
        ghost = ghost_cell(state, self.ghost)
        if not rules.is_open(grid, rules.step(ghost, after)):
            return None
        before, moves = self._moves(state, legs)
        if before is None or (before == after) != same:
            return None
        fits = [(d, k) for d, k, a in moves if a == after]
        return draw.rng.choice(fits) if fits else None

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A move of Pac-Man drawn at random; its answer is kept in inverse proportion to how
        often a random move has it."""
        before, moves = self._moves(state, draw.params["legs"])
        if before is None or not moves:
            raise Unaskable
        direction, count, after = draw.rng.choice(moves)
        keep_even(draw, self.name, after)
        return self._question(state, direction, count)

    def _question(self, state: dict[str, Any], direction: str, count: int) -> Question:
        grid, pacman, facing = unpack(state)
        name = NAMES[self.ghost]
        ghost = ghost_cell(state, self.ghost)
        target0 = rules.target_of(self.ghost, grid, pacman, facing)
        before = rules.ghost_step(grid, ghost, target0)
        end = rules.walk_until_wall(grid, pacman, direction, count)
        target1 = rules.target_of(self.ghost, grid, end, direction)
        after = rules.ghost_step(grid, ghost, target1)
        assert before is not None and after is not None
        options, index = list(ORDER), ORDER.index(after)
        lines = [intro(state), self._target_line(grid, pacman, facing, target0),
                 path_line(grid, name, ghost, target0),
                 f"Pac-Man moves {direction} {times_text(count)}, stopping at a wall: "
                 f"he ends at {fmt(end)} facing {direction}.",
                 self._target_line(grid, end, direction, target1),
                 path_line(grid, name, ghost, target1)]
        lines.append(f"So {name}'s next move is still {before}." if after == before else
                     f"So {name}'s next move changes from {before} to {after}.")
        text = (f"{name} is frozen in place, and so is the other ghost. Pac-Man moves "
                f"{direction} {times_text(count)} (a move into a wall leaves him where he "
                f"is, still turned {direction}); his path does not touch a ghost. Does the "
                f"direction {name} would move next (toward its target) change? Choose the "
                "direction it would move next after Pac-Man's moves (the same one as now if "
                "it does not change).")
        open_text = (f"{name} is frozen in place, and so is the other ghost. Pac-Man moves "
                     f"{direction} {times_text(count)} (a move into a wall leaves him where "
                     f"he is, still turned {direction}); his path does not touch a ghost. In "
                     f"which direction would {name} move next (toward its target) after that?")
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"direction": direction, "times": count, "ghost": self.ghost},
                               open=OpenForm(after, text=open_text, hint=DIRECTION_HINT))

    def _target_line(self, grid: list[str], pacman: Cell, facing: str, target: Cell) -> str:
        if self.ghost == "blinky":
            return f"Blinky targets Pac-Man's cell {fmt(target)}."
        return (f"With Pac-Man at {fmt(pacman)} facing {facing}, Pinky's target (up to 4 cells "
                f"ahead, stopping before a wall) is {fmt(target)}.")

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        grid, pacman, _ = unpack(state)
        end = rules.walk_until_wall(grid, pacman, meta["direction"], int(meta["times"]))
        target = rules.target_of(self.ghost, grid, end, meta["direction"])
        after = rules.ghost_step(grid, ghost_cell(state, self.ghost), target)
        return 1.0 if first_direction(answer) == after else 0.0


def path_line(grid: list[str], name: str, ghost: Cell, target: Cell) -> str:
    path = rules.ghost_path(grid, ghost, target)
    return (f"{name}'s shortest route from {fmt(ghost)} (ties: up, down, left, right): "
            f"{' -> '.join(fmt(c) for c in path)}; its first move is "
            f"{rules.ghost_step(grid, ghost, target)}.")


class PinkyDirectionChange(DirectionChange):
    name = "pinky_direction_change"
    description = "Whether Pinky's next direction changes after Pac-Man moves"
    ghost = "pinky"


class BlinkyDirectionChange(DirectionChange):
    name = "blinky_direction_change"
    description = "Whether Blinky's next direction changes after Pac-Man moves"
    ghost = "blinky"


class NextMove(Task):
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"
    ghost: str

    def build(self, draw: Draw) -> Question:
        want = draw.target(list(ORDER))
        base = base_for(draw)
        grid = base.grid
        target = rules.target_of(self.ghost, grid, base.pacman, base.facing)
        spots = [c for c in rules.maze_of(grid).first_moves(target)[want] if c != base.pacman]
        if not spots:
            raise Retry
        mine = draw.rng.choice(spots)
        other = draw.rng.choice([c for c in base.free() if c != mine])
        cells = {self.ghost: mine, next(g for g in GHOSTS if g != self.ghost): other}
        return self._question(finish(draw, base.state(cells["pinky"], cells["blinky"])))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        grid, pacman, facing = unpack(state)
        target = rules.target_of(self.ghost, grid, pacman, facing)
        move = rules.ghost_step(grid, ghost_cell(state, self.ghost), target)
        if move is None:
            raise Unaskable
        keep_even(draw, self.name, move)
        return self._question(state)

    def _question(self, state: dict[str, Any]) -> Question:
        grid, pacman, facing = unpack(state)
        name = NAMES[self.ghost]
        ghost = ghost_cell(state, self.ghost)
        target = rules.target_of(self.ghost, grid, pacman, facing)
        move = rules.ghost_step(grid, ghost, target)
        assert move is not None
        if self.ghost == "blinky":
            aim = f"Blinky targets Pac-Man's cell {fmt(target)}."
        else:
            aim = (f"Pac-Man faces {facing}; Pinky's target is up to 4 cells ahead of him, "
                   f"stopping before a wall: {fmt(target)}.")
        lines = [intro(state), aim, path_line(grid, name, ghost, target)]
        text = f"Pac-Man stays where he is. In which direction does {name} move next?"
        return choice_question(state, text, list(ORDER), ORDER.index(move), "\n".join(lines),
                               {"ghost": self.ghost},
                               open=OpenForm(move, hint=DIRECTION_HINT))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        grid, pacman, facing = unpack(state)
        target = rules.target_of(self.ghost, grid, pacman, facing)
        move = rules.ghost_step(grid, ghost_cell(state, self.ghost), target)
        return 1.0 if first_direction(answer) == move else 0.0


class PinkyNextMove(NextMove):
    name = "pinky_next_move"
    description = "Pinky's next move while Pac-Man stays still"
    ghost = "pinky"


class BlinkyNextMove(NextMove):
    name = "blinky_next_move"
    description = "Blinky's next move while Pac-Man stays still"
    ghost = "blinky"


# ----------------------------------------------------------------------------- strategy

# The original offers a fifth option, "caught whatever the direction". A board where every
# direction ends in a catch is about 1 in 700 even with both ghosts within 4 moves of
# Pac-Man, so that option would never be right; such boards are not drawn (the open form
# still accepts the phrase on one). The options are the four directions.
BEST_OPTIONS = list(ORDER)


def direction_outcomes(state: dict[str, Any]) -> dict[str, Outcome]:
    return {d: rules.hold_direction(state, d) for d in ORDER}


def best_of(outcomes: dict[str, Outcome]) -> str | None:
    """The uncaught direction with the most beans; CAUGHT_ALL when every direction is
    caught; None when the most beans are tied (such boards are not asked)."""
    safe = {d: o.beans for d, o in outcomes.items() if o.caught_by is None}
    if not safe:
        return CAUGHT_ALL
    top = max(safe.values())
    winners = [d for d, v in safe.items() if v == top]
    return winners[0] if len(winners) == 1 else None


class BestDirection(Task):
    name = "best_direction"
    description = "Which direction, held until a wall, eats the most beans without a catch"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        want = draw.target(list(ORDER))
        state = rules.random_state(draw.rng, draw.params["size"])
        best = best_of(direction_outcomes(state))
        if best is None or best == CAUGHT_ALL:
            raise Retry
        if best != want:
            state = turned_to(draw, state, best, want)
            outcomes = direction_outcomes(state)
            if best_of(outcomes) != want:
                raise Retry  # the ghosts' tie order broke the symmetry
        return self._question(finish(draw, state))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        best = best_of(direction_outcomes(state))
        if best not in ORDER:
            raise Unaskable  # a tie for the most beans, or caught in every direction
        keep_even(draw, self.name, best)
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        outcomes = direction_outcomes(state)
        best = best_of(outcomes)
        assert best is not None
        lines = [intro(state), "Try each direction, holding it until the next cell is a wall "
                 "(each step: Pac-Man, then Pinky, then Blinky):"]
        for d, o in outcomes.items():
            if not o.steps:
                lines.append(f"{d}: the next cell is a wall, so he does not move: 0 beans.")
                continue
            lines.append(f"{d}:")
            lines += ["  " + step_line(k, s) for k, s in enumerate(o.steps, 1)]
            lines.append(f"  Result for {d}: {outcome_text(o)}.")
        if best == CAUGHT_ALL:
            lines.append("Every direction ends in a catch.")
        else:
            lines.append(f"The most beans without being caught: {best}, with "
                         f"{plural(outcomes[best].beans, 'bean')}.")
        text = ("Pac-Man picks one direction and keeps moving that way until the next cell is a "
                "wall (bumping into it ends the run, and nobody moves on that bump), while the "
                "ghosts chase him by their rules. At least one direction avoids a catch. Which "
                "direction eats the most beans without Pac-Man being caught?")
        open_text = text
        hint = "Answer with one direction: up, down, left or right."
        return choice_question(state, text, BEST_OPTIONS, BEST_OPTIONS.index(best),
                               "\n".join(lines), open=OpenForm(best, text=open_text, hint=hint))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        best = best_of(direction_outcomes(state))
        if best == CAUGHT_ALL:
            return 1.0 if "caught" in answer.lower() and first_direction(answer) is None \
                else 0.0
        return 1.0 if first_direction(answer) == best else 0.0


# ----------------------------------------------------------------------------- asking

def _available(name: str, state: dict[str, Any], params: dict[str, Any],
               rng: random.Random) -> set[Any]:
    """The answers a question of task `name` can have on this board; for a task that asks
    about a move drawn at random (`rng`), the answer of one such draw."""
    grid, pacman, facing = unpack(state)
    legs = params["legs"]
    if name == MovesOutcome.name:
        outcome = rules.play_moves(state, moves_of(rng.choice(plans(legs))))
        value = outcome.caught_by or outcome.beans
        return {value} if isinstance(value, str) or value < eats_of(legs) else set()
    if name in (PinkyDirectionChange.name, BlinkyDirectionChange.name):
        task = next(t for t in TASKS if t.name == name)
        _, moves = task._moves(state, legs)  # type: ignore[attr-defined]
        return {rng.choice(moves)[2]} if moves else set()
    if name == BestDirection.name:
        best = best_of(direction_outcomes(state))
        return {best} if best in ORDER else set()
    if name == PacmanPosition.name:
        return {facing}
    if name == CloserGhost.name:
        return {closer(state)}
    if name in (PinkyNextMove.name, BlinkyNextMove.name):
        ghost = "pinky" if name == PinkyNextMove.name else "blinky"
        move = rules.ghost_step(grid, ghost_cell(state, ghost),
                                rules.target_of(ghost, grid, pacman, facing))
        return {move} if move else set()
    raise KeyError(name)


_BALANCE = AskBalance("pacman", ASK_CALIBRATION, ASK_FLOOR, _available, lambda: TASKS)
calibration_boards = _BALANCE.calibration_boards
availability = _BALANCE.availability
keep_even = _BALANCE.keep_even


TASKS = [PacmanPosition(), BeansNearby(), CloserGhost(), StraightRun(), MovesOutcome(),
         PinkyDirectionChange(), BlinkyDirectionChange(), PinkyNextMove(), BlinkyNextMove(),
         BestDirection()]
