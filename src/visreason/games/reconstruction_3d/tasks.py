"""3D reconstruction question types (GameQA 3DReconstruction ids 0-5).

Corrections to the original: every voxel of a shown structure is visible in the isometric view
(so it can be counted and located from the picture), and empty positions offered as options
would show if they held a voxel; validity of an addition asks only that the result be
connected (any order of adding then works), not the order the option lists; the open answer of
"which addition is valid" accepts every valid addition, and of "which position holds a voxel"
every occupied position.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, Unaskable, choice_question
from ...core.answers import hedged
from ...core.options import sibling_sequences
from ...core.text import plural
from . import render, rules
from .rules import CELLS, VIEWS, Matrix, N, Voxel

VIEW_NAME = {"front": "front view (Y-Z)", "side": "side view (X-Z)"}
COLUMN = {"front": "y", "side": "x"}


def fmt(v: Voxel) -> str:
    return f"({v[0]}, {v[1]}, {v[2]})"


def fmt_set(voxels: list[Voxel]) -> str:
    return ", ".join(fmt(v) for v in sorted(voxels)) or "none"


def matrix_text(matrix: Matrix) -> str:
    return "[" + ", ".join("[" + ", ".join(map(str, row)) + "]" for row in matrix) + "]"


def as_matrix(rows: Any) -> Matrix:
    return tuple(tuple(int(c) for c in row) for row in rows)


def voxels_of(state: dict[str, Any]) -> list[Voxel]:
    return sorted(tuple(v) for v in state["voxels"])  # type: ignore[misc]


def targets(state: dict[str, Any]) -> tuple[Matrix, Matrix]:
    return as_matrix(state["front"]), as_matrix(state["side"])


def state_of(shown: list[Voxel], front: Matrix, side: Matrix, remaining: int
             ) -> dict[str, Any]:
    return {"voxels": [list(v) for v in sorted(shown)], "front": [list(r) for r in front],
            "side": [list(r) for r in side], "remaining": remaining}



def claimed_puzzle(draw: Draw) -> dict[str, Any]:
    """The state of a new puzzle, claimed for the item (the build of every task that asks
    about the shown structure as it is)."""
    _, current, front, side, limit = new_puzzle(draw)
    state = state_of(current, front, side, limit)
    draw.claim(state)
    return state

def all_visible(voxels: list[Voxel]) -> bool:
    return len(render.visible_voxels(voxels)) == len(voxels)


def new_puzzle(draw: Draw) -> tuple[list[Voxel], list[Voxel], Matrix, Matrix, int]:
    """(target, current, front view, side view, limit) for the drawn parameters: the current
    structure lacks `missing` voxels of the target, give or take one, and holds at least two
    (single-voxel starts leave too few distinct puzzles)."""
    top, typical = draw.params["voxels"], draw.params["missing"]
    rng = draw.rng
    missing = rng.randint(max(1, typical - 1), typical + 1)
    size = rng.randint(min(top, max(3, missing + 2, top - 4)), top)
    target, current, front, side = rules.puzzle(rng, size, missing, all_visible)
    if len(current) != max(1, len(target) - missing):
        raise Retry  # no visible part of that size
    return target, current, front, side, len(target) - len(current)


def view_lines(voxels: list[Voxel], which: str) -> list[str]:
    """The nearest voxel on every filled line of sight, then the matrix."""
    near = rules.nearest(voxels, which)
    col = COLUMN[which]
    seen = ", ".join(f"{col}={c}, z={z}: {fmt(near[(c, z)])}" for c, z in sorted(near))
    depth = "largest x" if which == "front" else "smallest y"
    return [f"The {VIEW_NAME[which]} sees, per filled cell, the voxel with the {depth}: "
            f"{seen}.", f"So the {VIEW_NAME[which]} is {matrix_text(rules.view(voxels, which))}."]


def parse_voxels(answer: str) -> list[Voxel] | None:
    """Every (x, y, z) triple in an answer; None when the numbers do not split into triples."""
    if hedged(answer):  # "A or B": two candidate sets, not one
        return None
    numbers = [int(n) for n in re.findall(r"-?\d+", answer)]
    if not numbers or len(numbers) % 3:
        return None
    return [tuple(numbers[i:i + 3]) for i in range(0, len(numbers), 3)]  # type: ignore[misc]


# ----------------------------------------------------------------- 0: count the voxels

class CountVoxels(Task):
    name = "count_voxels"
    description = "How many voxels the shown structure has"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        want = draw.target(self.values(draw))
        _, current, front, side, limit = new_puzzle(draw)
        if want >= len(current):
            shown = rules.grow(draw.rng, want, current[0], keep=all_visible, cells=current)
        else:
            floor = [v for v in current if v[2] == 1]
            shown = rules.grow(draw.rng, want, draw.rng.choice(floor), set(current))
        if len(shown) != want:
            raise Retry
        state = state_of(shown, front, side, limit)
        draw.claim(state)
        return self._question(state)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """Only when the count is this item's balanced target (other boards' counts crowd)."""
        if len(state["voxels"]) != draw.target(self.values(draw)):
            raise Unaskable
        return self._question(state)

    @staticmethod
    def values(draw: Draw) -> list[int]:
        top, missing = draw.params["voxels"], draw.params["missing"]
        return list(range(max(1, top - 5 - missing), top + 1))

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        voxels = voxels_of(state)
        lines = ["Count the voxels layer by layer:"]
        for z in range(1, N + 1):
            layer = [v for v in voxels if v[2] == z]
            lines.append(f"z = {z}: {plural(len(layer), 'voxel')} ({fmt_set(layer)}).")
        lines.append(f"Total: {len(voxels)}.")
        text = ("How many voxels does the structure shown have? (The target views and the "
                "remaining count play no part in this question.)")
        return Question(state, text, str(len(voxels)), "\n".join(lines))


# ------------------------------------------------------ 1: which position holds a voxel

POSITION_OPTIONS = 6


class WhichPosition(Task):
    name = "which_position"
    description = "Which of several positions holds a voxel of the shown structure"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, claimed_puzzle(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        voxels = voxels_of(state)
        rng = draw.rng
        held = set(voxels)
        answer = rng.choice(voxels)
        # Wrong positions: empty cells that would show if they held a voxel, drawn around a
        # hidden centre next to the answer, so the answer is no more central than the rest.
        empty = [c for c in CELLS if c not in held and
                 c in render.visible_voxels([*voxels, c])]
        if len(empty) < POSITION_OPTIONS - 1:
            raise Unaskable
        centre = rng.choice([answer, *rules.neighbours(answer)])
        rng.shuffle(empty)
        empty.sort(key=lambda c: sum(abs(a - b) for a, b in zip(c, centre, strict=True)))
        wrong = empty[:POSITION_OPTIONS - 1]
        options, correct = draw.place(fmt(answer), [fmt(c) for c in wrong])
        lines = []
        for text in options:
            cell = tuple(int(n) for n in re.findall(r"\d+", text))
            lines.append(f"{text}: {'holds a voxel' if cell in held else 'empty'}.")
        lines.append(f"Only {fmt(answer)} holds a voxel.")
        text = "Which position holds a voxel of the structure shown?"
        return choice_question(
            state, text, options, correct, "\n".join(lines), {"position": list(answer)},
            open=OpenForm(fmt(answer), text="Name one position (x, y, z) that holds a voxel "
                          "of the structure shown.",
                          analysis=f"The structure's voxels are {fmt_set(voxels)}; one of "
                          f"them is {fmt(answer)}.",
                          hint="Answer with one position as (x, y, z), e.g. (1, 2, 1)."))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        cells = parse_voxels(answer)
        return float(cells is not None and len(cells) == 1 and
                     list(cells[0]) in state["voxels"])


# ------------------------------------------------------- 2: do the views match the targets

MATCH = ["Neither view matches its target", "Only the front view (Y-Z) matches its target",
         "Only the side view (X-Z) matches its target", "Both views match their targets"]
MATCH_OPEN = ["neither", "front only", "side only", "both"]


def match_kind(voxels: list[Voxel], front: Matrix, side: Matrix) -> int:
    f = rules.view(voxels, "front") == front
    s = rules.view(voxels, "side") == side
    return 3 if f and s else 1 if f else 2 if s else 0


def classify_match(answer: str) -> int | None:
    """The class an answer names; None when it hedges or names two ("front only or both")."""
    if hedged(answer, ("neither", "none")):
        return None
    text = " " + re.sub(r"[^a-z]+", " ", answer.casefold()) + " "
    hits = set()
    if " neither " in text or " none " in text:
        hits.add(0)
    if " both " in text:
        hits.add(3)
    front, side = " front " in text or " y z " in text, " side " in text or " x z " in text
    if " only " in text and hits:
        return None  # "front only, both": a second class
    if not hits and front != side:
        hits.add(1 if front else 2)
    return hits.pop() if len(hits) == 1 else None


class ProjectionMatch(Task):
    """Asked only about structures it builds: nearly every structure the other questions
    show (the part built so far) matches neither view, so asking about them would crowd the
    other answers out."""

    name = "projection_match"
    description = "Which of the two views of the shown structure equal the target views"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        """The target itself, the built part completed by its fewest additions, or one of
        those with a voxel added or taken away, whichever lands on the balanced answer and
        shows every voxel (candidates tried in random order, the first fit taken)."""
        want = draw.slot(len(MATCH))
        target, current, front, side, limit = new_puzzle(draw)
        rng = draw.rng
        bases = [sorted(target), sorted(set(current) | set(rules.minimal_addition(
            tuple(current), front, side, limit) or ()))]
        rng.shuffle(bases)
        for base in bases:
            for shown in itertools.chain([base], self._variants(rng, base)):
                if match_kind(shown, front, side) == want and all_visible(shown):
                    state = state_of(shown, front, side, limit)
                    draw.claim(state)
                    return self._question(state)
        raise Retry

    @staticmethod
    def _variants(rng: Any, base: list[Voxel]) -> Any:
        """`base` with one voxel added next to it or one taken away (keeping it connected),
        in random order."""
        held = set(base)
        changes = [c for c in CELLS if c not in held] + list(base)
        rng.shuffle(changes)
        for c in changes:
            if c in held:
                if len(held) > 1 and rules.connected(held - {c}):
                    yield sorted(held - {c})
            elif any(w in held for w in rules.neighbours(c)):
                yield sorted(held | {c})

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        voxels = voxels_of(state)
        front, side = targets(state)
        kind = match_kind(voxels, front, side)
        lines = []
        for which, goal in (("front", front), ("side", side)):
            lines += view_lines(voxels, which)
            got = rules.view(voxels, which)
            extra = [(r, c) for r in range(N) for c in range(N) if got[r][c] > goal[r][c]]
            lacking = [(r, c) for r in range(N) for c in range(N) if got[r][c] < goal[r][c]]
            col = COLUMN[which]

            def cells(found: list[tuple[int, int]], col: str = col) -> str:
                return ", ".join(f"({col}={c + 1}, z={N - r})" for r, c in found) or "none"
            verdict = "it matches" if got == goal else "it does not match"
            lines.append(f"Target {VIEW_NAME[which]}: {matrix_text(goal)}. Extra cells: "
                         f"{cells(extra)}; missing cells: {cells(lacking)}; {verdict}.")
        lines.append(MATCH[kind] + ".")
        text = ("Compare the views of the structure shown with the target views: which of "
                "them match?")
        return choice_question(
            state, text, MATCH, kind, "\n".join(lines), {"match": MATCH_OPEN[kind]},
            open=OpenForm(MATCH_OPEN[kind], hint="Answer with one of: neither, front only, "
                          "side only, both."))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        return float(classify_match(answer) == MATCH_OPEN.index(meta["match"]))


# ---------------------------------------------------- 3: a view after adding some voxels

MATRIX_HINT = ("Answer with the 3x3 matrix, top row (z = 3) first, e.g. "
               "[[0, 1, 0], [0, 1, 1], [1, 1, 1]].")


def parse_matrix(answer: str) -> Matrix | None:
    digits = re.findall(r"\d+", answer)
    if len(digits) != N * N or any(d not in ("0", "1") for d in digits):
        return None
    values = [int(d) for d in digits]
    return tuple(tuple(values[r * N:(r + 1) * N]) for r in range(N))


class ViewAfterAdding(Task):
    name = "view_after_adding"
    description = "One view of the structure after named voxels are added"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, claimed_puzzle(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        voxels = voxels_of(state)
        which = draw.target(list(VIEWS), name="view")
        rng = draw.rng
        count = rng.randint(1, 3)
        added: list[Voxel] = []
        for _ in range(count):
            held = set(voxels) | set(added)
            frontier = sorted({w for v in held for w in rules.neighbours(v) if w not in held})
            if not frontier:
                raise Unaskable
            added.append(rng.choice(frontier))
        whole = sorted(set(voxels) | set(added))
        answer = matrix_text(rules.view(whole, which))
        lines = [f"After adding {fmt_set(added)} the structure has {len(whole)} voxels: "
                 f"{fmt_set(whole)}.", *view_lines(whole, which)]
        adding = (f"Add a voxel at {fmt(added[0])} (it shares a face with the structure)."
                  if len(added) == 1 else
                  f"Add voxels at {', '.join(fmt(v) for v in added)}, in this order (each "
                  "shares a face with the structure before it).")
        text = (f"{adding} What is the {VIEW_NAME[which]} of the structure then? (The target "
                "views play no part in this question.)")
        return Question(state, text, answer, "\n".join(lines),
                        meta={"added": [list(v) for v in added], "view": which})

    @property
    def answer_hint(self) -> str:
        return MATRIX_HINT

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        if hedged(answer):
            return 0.0
        got = parse_matrix(answer)
        whole = set(voxels_of(state)) | {tuple(v) for v in meta["added"]}
        return float(got is not None and got == rules.view(whole, meta["view"]))


# ------------------------------------------------------------ 4: a valid set to add

GOALS = {"both": VIEWS, "front": ("front",), "side": ("side",)}
GOAL_TEXT = {"both": "both views equal the target views",
             "front": "the front view (Y-Z) equals its target view (the side view may differ)",
             "side": "the side view (X-Z) equals its target view (the front view may differ)"}
ADD_OPTIONS = 8


def mutate(held: set[Voxel]) -> Any:
    """One slip on a set of positions to add: move one, add one, or drop one."""
    def change(rng: Any, items: list[Voxel]) -> list[Voxel]:
        cells = set(items)
        free = [c for c in CELLS if c not in held and c not in cells]
        # Drops outnumber additions: the right set is the smallest valid one, so lists
        # lengthened by additions would make the shortest option a good guess.
        roll = rng.random()
        if roll < 0.4 and cells and free:
            cells.remove(rng.choice(sorted(cells)))
            cells.add(rng.choice(free))
        elif (roll < 0.6 or len(cells) < 2) and free:
            cells.add(rng.choice(free))
        elif len(cells) > 1:
            cells.remove(rng.choice(sorted(cells)))
        return sorted(cells)
    return change


def check_lines(current: list[Voxel], added: list[Voxel], front: Matrix, side: Matrix,
                limit: int, which: tuple[str, ...]) -> str:
    whole = set(current) | set(added)
    parts = [f"{len(added)} of at most {limit} voxels"]
    parts.append("connected" if rules.connected(whole) else "not connected")
    goal = {"front": front, "side": side}
    for w in which:
        parts.append(f"{w} view {'matches' if rules.view(whole, w) == goal[w] else 'differs'}")
    ok = rules.valid_addition(current, added, front, side, limit, which)
    return f"{fmt_set(added)}: {', '.join(parts)} -> {'valid' if ok else 'invalid'}."


class ValidAddition(Task):
    name = "valid_addition"
    description = "Which set of voxels can be added, within the limit, to reach the target views"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, claimed_puzzle(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        current = voxels_of(state)
        front, side = targets(state)
        limit = state["remaining"]
        best = rules.minimal_addition(tuple(current), front, side, limit)
        if not best:
            raise Unaskable
        goal = draw.target(list(GOALS), name="goal")
        which = GOALS[goal]
        answer = list(best)
        wrong = sibling_sequences(
            draw.rng, answer, ADD_OPTIONS - 1, mutate(set(current)),
            lambda items: bool(items) and not rules.valid_addition(current, items, front, side,
                                                                   limit, which))
        options, correct = draw.place(fmt_set(answer), [fmt_set(w) for w in wrong])
        checks = [check_lines(current, [tuple(int(n) for n in t) for t in
                                        re.findall(r"\((\d+), (\d+), (\d+)\)", text)],
                              front, side, limit, which) for text in options]
        text = (f"Which set of voxels can be added to the structure shown so that {GOAL_TEXT[goal]}"
                f", using at most {limit} voxels (the remaining count) and keeping the structure "
                "connected?")
        open_text = (f"Name a set of voxels that can be added to the structure shown so that "
                     f"{GOAL_TEXT[goal]}, using at most {limit} voxels and keeping the structure "
                     "connected.")
        open_analysis = "\n".join([f"Check the set {fmt_set(answer)}:",
                                   check_lines(current, answer, front, side, limit, which)])
        return choice_question(
            state, text, options, correct, "\n".join(checks),
            {"goal": goal},
            open=OpenForm(fmt_set(answer), text=open_text, analysis=open_analysis,
                          hint="Answer with the positions to add, e.g. (1, 2, 1), (2, 2, 1)."))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        cells = parse_voxels(answer)
        if not cells:
            return 0.0
        front, side = targets(state)
        return float(rules.valid_addition(voxels_of(state), cells, front, side,
                                          state["remaining"], GOALS[meta["goal"]]))


# -------------------------------------------------------- 5: fewest voxels to add

class MinVoxels(Task):
    name = "min_voxels"
    description = "The fewest voxels to add so that both views equal the targets"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        want = draw.target(self.values(draw))
        _, current, front, side, limit = new_puzzle(draw)
        best = rules.minimal_addition(tuple(current), front, side, limit)
        if best is None or len(best) != want:
            raise Retry
        state = state_of(current, front, side, limit)
        draw.claim(state)
        return self._question(state)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        current = voxels_of(state)
        front, side = targets(state)
        best = rules.minimal_addition(tuple(current), front, side, state["remaining"])
        if not best or len(best) != draw.target(self.values(draw)):
            raise Unaskable
        return self._question(state)

    @staticmethod
    def values(draw: Draw) -> list[int]:
        """The answers to balance: one added voxel rarely suffices when several are missing
        (both views must fill), so from 2 then; more than 5 is rare even on hard puzzles."""
        missing, top = draw.params["missing"], draw.params["voxels"]
        high = max(1, min(missing + 1, 5, top - 1))
        return list(range(min(2 if missing > 2 else 1, high), high + 1))

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        current = voxels_of(state)
        front, side = targets(state)
        limit = state["remaining"]
        best = rules.minimal_addition(tuple(current), front, side, limit)
        assert best
        lines = []
        for which, goal in (("front", front), ("side", side)):
            got = rules.view(current, which)
            col = COLUMN[which]
            need = [f"({col}={c + 1}, z={N - r})" for r in range(N) for c in range(N)
                    if goal[r][c] and not got[r][c]]
            lines.append(f"The {VIEW_NAME[which]} is now {matrix_text(got)}, target "
                         f"{matrix_text(goal)}; cells still to fill: {', '.join(need) or 'none'}.")
        allowed = rules.allowed_cells(current, front, side)
        lines.append("A voxel may go only where both target views are 1 on its lines of sight: "
                     f"{fmt_set(allowed)}.")
        for size in range(1, len(best)):
            lines.append(f"No set of {plural(size, 'voxel')} from these fills every missing "
                         "cell of both views and keeps the structure connected.")
        lines.append(f"{fmt_set(list(best))} does: it fills every missing cell, and the "
                     f"structure stays connected, using {len(best)} of the {limit} available.")
        text = ("What is the smallest number of voxels that must be added so that both views "
                "of the structure equal the target views, each added voxel sharing a face with "
                "the structure and at most the remaining number being used?")
        return Question(state, text, str(len(best)), "\n".join(lines),
                        meta={"addition": [list(v) for v in best]})


TASKS = [CountVoxels(), WhichPosition(), ProjectionMatch(), ViewAfterAdding(),
         ValidAddition(), MinVoxels()]
