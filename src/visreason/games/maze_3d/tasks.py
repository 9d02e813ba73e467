"""3D maze question types (GameQA 3d_maze ids 0-3).

Corrections to the original: routes are found by search on the cubes and ladders (not read
from the generator's record), every cube shows at least a third of itself in the picture, and
the start, the goal, the numbered cubes and every cube on their routes show at least 75% of
their top faces (where moves, ladders and numbers are read); a height relation is answered
from the levels the route climbs, and open answers are checked by meaning (any order within an
equality, either branch listing order).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, choice_question
from ...core.answers import hedged
from ...core.text import plural
from . import render, rules
from .rules import Cube

SIDE, HEIGHT = 8, 7
MIN_SHOWING = 0.33  # share of every cube that must show in the picture
MIN_TOP = 0.75  # share of the top face that must show on every cube a question is read from


def branch_count(draw: Draw) -> int:
    """The side paths asked for, at most one fewer than the main path's segments (branch
    cubes are segment ends short of the last three cubes)."""
    return min(draw.params["branches"], draw.params["segments"] - 1)


def world(draw: Draw, branches: int) -> tuple[dict[str, Any], list[Cube], list[list[Cube]]]:
    built = rules.build_world(draw.rng, SIDE, HEIGHT, draw.params["segments"], branches)
    if built is None:
        raise Retry
    state, main, sides = built
    if render.hidden_share(state) < MIN_SHOWING:
        raise Retry
    return state, main, sides


def finish(draw: Draw, state: dict[str, Any], labels: dict[int, Cube]) -> dict[str, Any]:
    """The state with its numbered cubes; no two numbered cubes touch (even at a corner), so
    their number plates never overlap in the picture."""
    cubes = list(labels.values())
    for a, b in itertools.combinations(cubes, 2):
        if max(abs(p - q) for p, q in zip(a, b, strict=True)) <= 1:
            raise Retry
    state = {**state, "labels": [[n, *labels[n]] for n in sorted(labels)]}
    shares = render.top_shares(state)
    if min(shares[c] for c in key_cubes(state)) < MIN_TOP:
        raise Retry
    draw.claim(state)
    return state


def key_cubes(state: dict[str, Any]) -> set[Cube]:
    """The cubes a question is read from: start, goal, the numbered cubes and every cube on
    the routes from the start to the goal and to each numbered cube."""
    start: Cube = tuple(state["start"])  # type: ignore[assignment]
    goal: Cube = tuple(state["goal"])  # type: ignore[assignment]
    targets = [goal, *rules.label_cubes(state).values()]
    return {start, *(c for t in targets for c, _ in rules.route(state, start, t))}


def label_count(draw: Draw) -> int:
    return 4 if draw.params["segments"] >= 7 else 3


def walk_text(moves: list[str]) -> str:
    """'right, right, up' as runs: 'right x2, up'."""
    runs = [(m, len(list(g))) for m, g in itertools.groupby(moves)]
    return ", ".join(m if n == 1 else f"{m} x{n}" for m, n in runs) or "no move"


def route_moves(state: dict[str, Any], source: Cube, target: Cube) -> list[str]:
    return [name for _, name in rules.route(state, source, target)[1:]]


# ---------------------------------------------------------------- 0: choices at branches

def combo_text(ids: list[int], combo: tuple[str, ...]) -> str:
    return ", ".join(f"{i}-{d}" for i, d in zip(ids, combo, strict=True))


def parse_choices(answer: str) -> dict[int, str] | None:
    found = re.findall(r"(\d+)\s*[-:=.)]?\s*(left|right|up)\b", answer.casefold())
    words = re.findall(r"\b(left|right|up)\b", answer.casefold())
    if not found or len(found) != len(words):
        return None
    out: dict[int, str] = {}
    for number, direction in found:
        if int(number) in out:
            return None
        out[int(number)] = direction
    return out


class PathFinding(Task):
    name = "path_finding"
    description = "Which direction to take at each numbered branch to reach the goal"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        k = branch_count(draw)
        state, _, sides = world(draw, k)
        rng = draw.rng
        ids = list(range(1, k + 1))
        rng.shuffle(ids)
        labels = {i: side[0] for i, side in zip(ids, sides, strict=True)}
        state = finish(draw, state, labels)
        route = rules.main_route(state)
        on_route = [c for c, _ in route]
        choices: dict[int, tuple[str, str]] = {}
        for i, branch in labels.items():
            at = on_route.index(branch)
            main_dir = route[at + 1][1]
            side_dir = next(name for c, name in rules.neighbours(state, branch)
                            if c not in on_route and name in rules.DIRECTIONS)
            choices[i] = (main_dir, side_dir)
        order = sorted(ids)
        answer = tuple(choices[i][0] for i in order)
        combos = list(itertools.product(*[choices[i] for i in order]))
        wrong = [c for c in combos if c != answer]
        rng.shuffle(wrong)
        options, correct = draw.place(combo_text(order, answer),
                                      [combo_text(order, c) for c in wrong[:7]])
        lines = self._analysis(state, route, labels, choices)
        text = ("Each numbered cube is a branch point where two ways lead on. Which "
                "choice at every numbered branch leads from the start to the goal?")
        open_text = ("Each numbered cube is a branch point where two ways lead on. Which "
                     "way (left, right or up) must be taken at each numbered branch to go from "
                     "the start to the goal?")
        return choice_question(
            state, text, options, correct, "\n".join(lines),
            {"choices": {str(i): choices[i][0] for i in order}},
            open=OpenForm(combo_text(order, answer), text=open_text,
                          hint="Answer with each branch number and its direction, e.g. "
                               "1-left, 2-up, 3-right."))

    @staticmethod
    def _analysis(state: dict[str, Any], route: list[tuple[Cube, str]],
                  labels: dict[int, Cube], choices: dict[int, tuple[str, str]]) -> list[str]:
        at_label = {c: i for i, c in labels.items()}
        lines = ["Follow the only route from the start to the goal:"]
        moves: list[str] = []
        for cube, name in route:
            if name:
                moves.append(name)
            if cube in at_label:
                i = at_label[cube]
                main_dir, side_dir = choices[i]
                where = (f"After {walk_text(moves)} the route reaches" if moves
                         else "The route starts at")
                lines.append(f"{where} branch {i}: going {main_dir} leads on toward the goal, "
                             f"while going {side_dir} ends in a dead end.")
                moves = []
        lines.append(f"Then {walk_text(moves)} reaches the goal.")
        order = sorted(choices)
        lines.append("So the choices are " + combo_text(order, tuple(choices[i][0]
                                                                      for i in order)) + ".")
        return lines

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        if hedged(answer):
            return 0.0
        got = parse_choices(answer)
        want = {int(i): d for i, d in meta["choices"].items()}
        return float(got == want)


# --------------------------------------------------------- 1: order of the checkpoints

def order_text(order: list[int]) -> str:
    return " -> ".join(["Start", *map(str, order), "Goal"])


class SequenceFinding(Task):
    name = "sequence_finding"
    description = "The order in which the route from start to goal passes the numbered cubes"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "sequence"

    def build(self, draw: Draw) -> Question:
        # Side paths too: the route must be told from the dead ends, and main paths alone are
        # too few on small worlds (a tenth of 300 easy items repeated).
        state, main, _ = world(draw, branch_count(draw))
        rng = draw.rng
        k = label_count(draw)
        inner = list(range(1, len(main) - 1))
        picks = [p for p in itertools.combinations(inner, k)
                 if all(b - a >= 2 for a, b in itertools.pairwise(p))]
        if not picks:
            raise Retry
        spots = rng.choice(picks)
        names = list(range(1, k + 1))
        rng.shuffle(names)
        labels = {n: main[p] for n, p in zip(names, spots, strict=True)}
        state = finish(draw, state, labels)
        route = rules.main_route(state)
        at_label = {c: n for n, c in labels.items()}
        order = [at_label[c] for c, _ in route if c in at_label]
        wrong = [list(p) for p in itertools.permutations(range(1, k + 1)) if list(p) != order]
        rng.shuffle(wrong)
        options, correct = draw.place(order_text(order), [order_text(w) for w in wrong[:5]])
        lines = ["Follow the only route from the start to the goal:"]
        moves: list[str] = []
        for cube, name in route[1:]:
            moves.append(name)
            if cube in at_label:
                lines.append(f"{walk_text(moves)} -> checkpoint {at_label[cube]}.")
                moves = []
        lines.append(f"{walk_text(moves)} -> goal.")
        lines.append(f"The checkpoints come in the order {', '.join(map(str, order))}.")
        text = ("The numbered cubes are checkpoints on the route from the start to the "
                "goal. In which order does the route pass them?")
        return choice_question(
            state, text, options, correct, "\n".join(lines), {"order": order},
            open=OpenForm(", ".join(map(str, order)),
                          hint="Answer with the checkpoint numbers in the order they are "
                               "passed, e.g. 2, 1, 3."))

    @staticmethod
    def _numbers(answer: str) -> list[int]:
        return [int(n) for n in re.findall(r"\d+", answer)]

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        if hedged(answer):
            return 0.0
        return float(self._numbers(answer) == meta["order"])

    def partial_credit(self, state: dict[str, Any], meta: dict[str, Any], answer: str
                       ) -> float:
        """The share of checkpoints named in the right place before the first slip."""
        got, want = self._numbers(answer), meta["order"]
        if sorted(got) != sorted(want):
            return 0.0
        right = 0
        for a, b in zip(got, want, strict=True):
            if a != b:
                break
            right += 1
        return right / len(want)


# ------------------------------------------------------------- 2: heights of 3 points

def relations() -> list[list[list[int]]]:
    """Every ordering of the labels 1-3 into levels, lowest first (13 of them)."""
    out = []
    for blocks in ([[0, 1, 2]], [[0], [1, 2]], [[0, 1], [2]], [[0], [1], [2]]):
        sizes = [len(b) for b in blocks]
        seen = set()
        for perm in itertools.permutations([1, 2, 3]):
            levels, i = [], 0
            for size in sizes:
                levels.append(sorted(perm[i:i + size]))
                i += size
            key = tuple(map(tuple, levels))
            if key not in seen:
                seen.add(key)
                out.append(levels)
    return out


RELATIONS = relations()


def relation_text(levels: list[list[int]]) -> str:
    return " < ".join(" = ".join(map(str, level)) for level in levels)


def parse_relation(answer: str) -> list[frozenset[int]] | None:
    """Levels from low to high, read from '2 < 1 = 3' (or with '>' from high to low)."""
    text = answer.replace("≤", "<").replace("≥", ">").replace("==", "=")
    tokens = re.findall(r"\d+|[<>=]", text)
    if not tokens or not tokens[0].isdigit():
        return None
    ops = {t for t in tokens if not t.isdigit()}
    if "<" in ops and ">" in ops:
        return None
    levels: list[set[int]] = [{int(tokens[0])}]
    for op, value in zip(tokens[1::2], tokens[2::2], strict=False):
        if op.isdigit() or not value.isdigit():
            return None
        if op == "=":
            levels[-1].add(int(value))
        else:
            levels.append({int(value)})
    if len(tokens) % 2 == 0:
        return None
    if ">" in ops:
        levels.reverse()
    return [frozenset(level) for level in levels]


class HeightComparison(Task):
    name = "height_comparison"
    description = "How the heights of three numbered cubes compare"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        levels = draw.target(RELATIONS)
        state, _, _ = world(draw, branch_count(draw))
        rng = draw.rng
        start, goal = tuple(state["start"]), tuple(state["goal"])
        by_z: dict[int, list[Cube]] = {}
        for c in state["cubes"]:
            if tuple(c) not in (start, goal):
                by_z.setdefault(c[2], []).append(tuple(c))  # type: ignore[arg-type]
        heights = sorted(by_z)
        if len(heights) < len(levels):
            raise Retry
        chosen = sorted(rng.sample(heights, len(levels)))
        labels: dict[int, Cube] = {}
        for z, level in zip(chosen, levels, strict=True):
            if len(by_z[z]) < len(level):
                raise Retry
            for n, cube in zip(level, rng.sample(by_z[z], len(level)), strict=True):
                labels[n] = cube
        state = finish(draw, state, labels)
        answer = relation_text(levels)
        others = [relation_text(r) for r in RELATIONS if r != levels]
        rng.shuffle(others)
        options, correct = draw.place(answer, others[:7])
        lines = ["Each ladder climbs 3 levels, and walking keeps the level. Follow the route "
                 "from the start (level 0) to each numbered cube:"]
        for n in (1, 2, 3):
            moves = route_moves(state, start, labels[n])
            ups = moves.count("up")
            lines.append(f"Cube {n}: {walk_text(moves)}; {plural(ups, 'ladder')} up, so level "
                         f"{3 * ups}.")
        lines.append(f"From low to high: {answer}.")
        text = ("How do the heights of the numbered cubes 1, 2 and 3 compare? The height of a "
                "cube is its level.")
        return choice_question(
            state, text, options, correct, "\n".join(lines), {"levels": levels},
            open=OpenForm(answer, hint="Answer with the numbers from lowest to highest, joined "
                          "by < (lower) or = (same height), e.g. 2 < 1 = 3."))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        if hedged(re.sub(r"[<>=]", " ", answer)):
            return 0.0
        got = parse_relation(answer)
        return float(got == [frozenset(level) for level in meta["levels"]])


# ------------------------------------------------------- 3: numbered cubes on the route

def subset_text(numbers: list[int]) -> str:
    return ", ".join(map(str, sorted(numbers))) if numbers else "None"


class MainPath(Task):
    name = "main_path"
    description = "Which numbered cubes lie on the route from start to goal"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        k = label_count(draw)
        wanted = draw.slot(2 ** k, name=f"subset {k}")
        on = [n for n in range(1, k + 1) if wanted >> (n - 1) & 1]
        state, main, sides = world(draw, branch_count(draw))
        rng = draw.rng
        inner = main[1:-1]
        off = [c for side in sides for c in side[1:]]
        if len(inner) < len(on) or len(off) < k - len(on):
            raise Retry
        labels = dict(zip(on, rng.sample(inner, len(on)), strict=True))
        labels.update(zip([n for n in range(1, k + 1) if n not in on],
                          rng.sample(off, k - len(on)), strict=True))
        state = finish(draw, state, labels)
        route = rules.main_route(state)
        on_route = {c for c, _ in route}
        answer = sorted(n for n, c in labels.items() if c in on_route)
        subsets = [sorted(s) for size in range(k + 1)
                   for s in itertools.combinations(range(1, k + 1), size)]
        wrong = [s for s in subsets if s != answer]
        rng.shuffle(wrong)
        options, correct = draw.place(subset_text(answer), [subset_text(w) for w in wrong[:7]])
        at_label = {c: n for n, c in labels.items()}
        lines = ["Follow the only route from the start to the goal and note the numbered cubes "
                 "it passes:"]
        moves: list[str] = []
        for cube, name in route[1:]:
            moves.append(name)
            if cube in at_label:
                lines.append(f"{walk_text(moves)} -> cube {at_label[cube]} (on the route).")
                moves = []
        lines.append(f"{walk_text(moves)} -> goal.")
        missed = sorted(n for n in labels if n not in answer)
        if len(missed) == 1:
            lines.append(f"Cube {missed[0]} lies on a side path that ends in a dead end, off "
                         "the route.")
        elif missed:
            lines.append(f"Cubes {subset_text(missed)} lie on side paths that end in dead "
                         "ends, off the route.")
        lines.append(f"On the route: {subset_text(answer)}.")
        text = ("Which of the numbered cubes lie on the route from the start to the goal "
                "(the route never goes back the way it came)?")
        return choice_question(
            state, text, options, correct, "\n".join(lines), {"on_route": answer},
            open=OpenForm(subset_text(answer).casefold(),
                          hint="Answer with the numbers in increasing order separated by "
                               "commas, e.g. 1, 3, or None if no numbered cube is on the "
                               "route."))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        numbers = sorted(int(n) for n in re.findall(r"\d+", answer))
        if hedged(answer, ("none",)) or (numbers and re.search(r"\bnone\b", answer.casefold())):
            return 0.0  # "2 or none", "none, 2": no single set
        if not numbers:
            return float(bool(re.search(r"\bnone\b", answer.casefold()))
                         and not meta["on_route"])
        return float(numbers == meta["on_route"] and len(set(numbers)) == len(numbers))


TASKS = [PathFinding(), SequenceFinding(), HeightComparison(), MainPath()]
