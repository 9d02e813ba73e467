"""Rubik's cube question types (GameQA rubiks_cube ids 1-5).

Corrections to the original: turns move real sticker strips (a correct sticker model); the
solve counts are exact fewest quarter turns found by search (the original's greedy-pruned
search answers with hidden, sometimes wrong counts), asked as open integers; colour options
are the six cube colours in a fixed order (colours that never occur taught nothing).
"""

from __future__ import annotations

import random
from collections import Counter
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, choice_question
from ...core.balance import pool_pick
from ...core.errors import Unaskable
from ...core.seeds import derive_seed
from ...core.text import plural
from . import rules
from .rules import COLOR_NAMES, COLOR_ORDER, FACE_NAMES, FACES

COLOR_OPTIONS = [COLOR_NAMES[c] for c in COLOR_ORDER]
COLOR_HINT = "Answer with one colour name: white, yellow, red, orange, blue or green."
COUNT_OPTIONS = 4
CALIBRATION_CUBES = 400
# A count must turn up this often among calibration faces to be a target: rarer ones would
# make most attempts miss.
COUNT_FLOOR = 0.01


def where(face: str, row: int, col: int) -> str:
    return f"({row}, {col}) on face {face}"


def new_cube(draw: Draw, turns: int) -> str:
    """The solved cube held in a random orientation, then scrambled by `turns` turns."""
    stickers = rules.apply_all(rules.oriented(draw.rng.randrange(24)),
                               rules.random_moves(draw.rng, turns))
    draw.claim(rules.state_of(stickers))
    return stickers


def face_lines(stickers: str, face: str) -> list[str]:
    """The face's nine stickers, a row per line from the top row (2) down."""
    cells = rules.face_of(stickers, face)
    lines = [f"Face {face} ({FACE_NAMES[face]}), top row first:"]
    for i in range(3):
        row = 2 - i
        lines.append(f"row {row}: " + ", ".join(
            f"({row}, {c}) {COLOR_NAMES[cells[3 * i + c]]}" for c in range(3)))
    return lines


def color_question(state: dict[str, Any], text: str, color: str, analysis: str,
                   meta: dict[str, Any] | None = None) -> Question:
    """The six colours in a fixed order; the answer's letter is balanced by its colour."""
    name = COLOR_NAMES[color]
    open_form = OpenForm(answer=name, hint=COLOR_HINT)
    return choice_question(state, text, COLOR_OPTIONS, COLOR_ORDER.index(color), analysis,
                           meta, open=open_form)


class StickerColor(Task):
    name = "sticker_color"
    description = "Colour of the sticker at a position on a face"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, rules.state_of(new_cube(draw, draw.params["scramble"])))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        stickers = rules.stickers_of(state)
        color = draw.target(COLOR_ORDER, "colour")
        # Centres never move and name their face's colour at a glance: ask the other eight.
        slots = [k for k, ch in enumerate(stickers) if ch == color and k % 9 != 4]
        face, row, col = rules.coords(draw.rng.choice(slots))
        lines = [*face_lines(stickers, face),
                 f"The sticker at {where(face, row, col)} is {COLOR_NAMES[color]}."]
        text = f"What colour is the sticker at {where(face, row, col)}?"
        return color_question(state, text, color, "\n".join(lines),
                              {"face": face, "row": row, "col": col})


def strip_note(move: str, face: str) -> str:
    if move[0] == face:
        return f"it turns face {face} itself"
    return f"it lies in the strip of face {face} next to face {move[0]} that the turn moves"


class ColorAfterMoves(Task):
    name = "color_after_moves"
    description = "Colour at a position after a sequence of turns"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, rules.state_of(new_cube(draw, draw.params["scramble"])))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        stickers = rules.stickers_of(state)
        moves = rules.random_moves(draw.rng, draw.rng.randint(1, draw.params["moves"]))
        color = draw.target(COLOR_ORDER, "colour")
        touched = set().union(*(rules.moved_slots(m) for m in moves))
        final = rules.apply_all(stickers, moves)
        slots = [k for k in touched if final[k] == color]
        if not slots:
            raise Retry
        k = draw.rng.choice(sorted(slots))
        face, row, col = rules.coords(k)
        spot = where(face, row, col)
        lines = [f"Follow the sticker position {spot}; it starts "
                 f"{COLOR_NAMES[stickers[k]]}."]
        current = stickers
        for n, move in enumerate(moves, 1):
            after = rules.apply(current, move)
            before_name, after_name = COLOR_NAMES[current[k]], COLOR_NAMES[after[k]]
            if k not in rules.moved_slots(move):
                lines.append(f"Turn {n} ({move}) does not touch {spot}: it stays "
                             f"{before_name}.")
            else:
                src = rules.coords(rules.PERMS[move][k])
                change = (f"changes from {before_name} to {after_name}"
                          if before_name != after_name else f"stays {after_name}")
                lines.append(f"Turn {n} ({move}): {strip_note(move, face)}, so the sticker "
                             f"arriving at {spot} comes from {where(*src)}, which is "
                             f"{COLOR_NAMES[current[rules.PERMS[move][k]]]}; {spot} {change}.")
            current = after
        lines.append(f"After all the turns {spot} is {COLOR_NAMES[color]}.")
        text = (f"Starting from the cube as shown, the turns {' '.join(moves)} are made in this "
                f"order. What colour is the sticker at {spot} afterwards?")
        return color_question(state, text, color, "\n".join(lines),
                              {"moves": moves, "face": face, "row": row, "col": col})


def solve_lines(stickers: str, moves: list[str], face: str | None) -> list[str]:
    """What each turn of a solution does: stickers still off their face's centre colour."""
    lines = []
    current = stickers
    for n, move in enumerate(moves, 1):
        current = rules.apply(current, move)
        if face is None:
            off = sum(rules.wrong_on(current, f) for f in FACES)
            lines.append(f"Turn {n} ({move}): {plural(off, 'sticker')} on the whole cube still "
                         "differ from their face's centre.")
        else:
            off = rules.wrong_on(current, face)
            lines.append(f"Turn {n} ({move}): {plural(off, 'sticker')} of face {face} still "
                         "differ from its centre.")
    return lines


def distance_params(draw: Draw) -> list[int]:
    return list(range(1, draw.params["depth"] + 1))


def from_table(canon: str, orientation: int) -> str:
    """A canonical state (face letters) coloured as the cube held in `orientation`."""
    colors = {f: rules.centre(rules.oriented(orientation), f) for f in FACES}
    return "".join(colors[ch] for ch in canon)


POOL_DEPTH = 2


@lru_cache(maxsize=4)
def face_items(depth: int) -> dict[int, list[tuple[str, str]]]:
    """Every (canonical cube within `depth` turns of solved, unsolved face) by the face's
    solve distance. Orientation only renames colours, so distances hold in all 24."""
    items: dict[int, list[tuple[str, str]]] = {}
    for away in range(1, depth + 1):
        for canon in rules.states_at(away):
            for face in FACES:
                if not rules.is_uniform(canon, face):
                    moves = rules.face_solution(canon, face, away)
                    assert moves is not None
                    items.setdefault(len(moves), []).append((canon, face))
    return items


class FaceSolveMoves(Task):
    """Draws its own cubes (the `depth` parameter, answers balanced over 1..depth). It does
    not ask about other tasks' cubes: those are scrambled by exactly `scramble` turns, so
    their solve counts would pile up on one value."""

    name = "face_solve_moves"
    description = "Fewest turns that make one face a single colour"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        depth = draw.params["depth"]
        if depth <= POOL_DEPTH:
            # Few cubes lie this close to solved: take (cube, face) items from the full list
            # so none recurs before its pool is used up.
            items = face_items(depth)
            target, member = pool_pick(draw, {t: 24 * len(v) for t, v in items.items()},
                                       "moves")
            canon, face = items[target][member // 24]
            state = rules.state_of(from_table(canon, member % 24))
            draw.claim(state)
            return self._question(state, face, target, depth)
        target = draw.target(distance_params(draw), "moves")
        away = draw.rng.randint(target, depth)
        table = rules.states_at(away)
        stickers = from_table(table[draw.rng.randrange(len(table))], draw.rng.randrange(24))
        state = rules.state_of(stickers)
        draw.claim(state)
        faces = [f for f in FACES if not rules.is_uniform(stickers, f)]
        return self._question(state, draw.rng.choice(faces), target, away)

    @staticmethod
    def _question(state: dict[str, Any], face: str, target: int, away: int) -> Question:
        stickers = rules.stickers_of(state)
        moves = rules.face_solution(stickers, face, min(target, away))
        if moves is None or len(moves) != target:
            raise Retry
        wrong = rules.wrong_on(stickers, face)
        center = COLOR_NAMES[rules.centre(stickers, face)]
        lines = [*face_lines(stickers, face),
                 f"Its centre never moves, so the face is solved when all nine stickers are "
                 f"{center}; {plural(wrong, 'sticker')} {'is' if wrong == 1 else 'are'} not. "
                 "A turn changes at most three "
                 f"stickers of face {face} (turning face {face} itself only moves them around), "
                 f"so at least {plural((wrong + 2) // 3, 'turn')} {'is' if wrong <= 3 else 'are'} "
                 "needed."]
        if target > 1:
            lines.append(f"Trying every sequence of turns in order of length, no sequence of "
                         f"{plural(target - 1, 'turn')} or fewer solves face {face}; this one "
                         f"with {target} does:")
        else:
            lines.append(f"A single turn can solve face {face}:")
        lines += solve_lines(stickers, moves, face)
        lines.append(f"So face {face} needs {plural(target, 'turn')}.")
        text = (f"A face is solved when all nine of its stickers show one colour. What is the "
                f"fewest quarter turns (each one of U, U', D, D', L, L', R, R', F, F', B, B') "
                f"after which face {face} is solved? The other faces may end up in any state.")
        return Question(state, text, str(target), "\n".join(lines), None,
                        {"face": face, "solution": moves})


class CubeSolveMoves(Task):
    """Draws its own cubes, like FaceSolveMoves, and for the same reason asks about no other."""

    name = "cube_solve_moves"
    description = "Fewest turns that solve the whole cube"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        # Every state at each distance is listed (the distance table) in 24 orientations:
        # the pool gives each distance its share without repeats until a pool runs out.
        sizes = {d: 24 * len(rules.states_at(d)) for d in distance_params(draw)}
        target, member = pool_pick(draw, sizes, "moves")
        canon = rules.states_at(target)[member // 24]
        state = rules.state_of(from_table(canon, member % 24))
        draw.claim(state)
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        stickers = rules.stickers_of(state)
        moves = rules.solution(stickers)
        off = sum(rules.wrong_on(stickers, f) for f in FACES)
        lines = [f"{plural(off, 'sticker')} differ from the centre of their face."]
        if len(moves) > 1:
            lines.append(f"Searching turn sequences in order of length, no sequence of "
                         f"{plural(len(moves) - 1, 'turn')} or fewer solves the cube; this "
                         f"one with {len(moves)} does:")
        else:
            lines.append("A single turn solves the cube:")
        lines += solve_lines(stickers, moves, None)
        lines.append(f"So the cube needs {plural(len(moves), 'turn')}.")
        text = ("The cube is solved when every face shows a single colour. What is the fewest "
                "quarter turns (each one of U, U', D, D', L, L', R, R', F, F', B, B') that "
                "solve the cube?")
        return Question(state, text, str(len(moves)), "\n".join(lines), None,
                        {"solution": moves})


@lru_cache(maxsize=32)
def count_targets(turns: int) -> tuple[int, ...]:
    """The counts (1-8) of a colour on a face that cubes scrambled by `turns` turns show
    often enough to aim at, measured once on calibration cubes from a fixed seed."""
    rng = random.Random(derive_seed("rubiks_cube", "count targets", turns))
    seen: Counter[int] = Counter()
    for _ in range(CALIBRATION_CUBES):
        stickers = rules.apply_all(rules.oriented(rng.randrange(24)),
                                   rules.random_moves(rng, turns))
        for f in FACES:
            cells = rules.face_of(stickers, f)
            if len(set(cells)) > 1:
                seen.update(Counter(cells).values())
    total = sum(seen.values())
    return tuple(sorted(v for v in seen if seen[v] >= COUNT_FLOOR * total))


def count_ranks(value: int) -> list[int]:
    """Where `value` may sit in a run of COUNT_OPTIONS consecutive counts within [0, 9]."""
    return [r for r in range(COUNT_OPTIONS) if value - r >= 0 and value - r + COUNT_OPTIONS <= 10]


@lru_cache(maxsize=32)
def count_schedule(values: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
    """(count, its rank in the option run) pairs, every count equally often and each of its
    feasible ranks equally often within it: one balanced schedule fixes both, so no guesser
    of the smallest, largest or middle option gains beyond what the range's ends force (a
    count of 1 can only be the smallest or second smallest of a run)."""
    per = 12  # a multiple of every possible number of feasible ranks (1-4)
    return tuple((v, count_ranks(v)[j % len(count_ranks(v))]) for v in values
                 for j in range(per))


def count_options(draw: Draw, value: int, rank: int) -> tuple[list[str], int]:
    others = [str(v) for v in range(value - rank, value - rank + COUNT_OPTIONS) if v != value]
    return draw.place(str(value), others)


@lru_cache(maxsize=1)
def one_turn_counts() -> dict[int, list[tuple[str, str, str]]]:
    """(canonical one-turn cube, unsolved face, colour as the face letter whose centre shows
    it) by how many stickers of that colour the face shows."""
    items: dict[int, list[tuple[str, str, str]]] = {}
    for canon in rules.states_at(1):
        for face in FACES:
            if not rules.is_uniform(canon, face):
                for letter, n in sorted(Counter(rules.face_of(canon, face)).items()):
                    items.setdefault(n, []).append((canon, face, letter))
    return items


class ColorCount(Task):
    name = "color_count"
    description = "How many stickers of a colour a face shows"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        turns = draw.params["scramble"]
        if turns > 1:
            return self.ask(draw, rules.state_of(new_cube(draw, turns)))
        # One turn from solved leaves 12 cubes in 24 orientations: take (cube, face, colour)
        # items from the full list so none recurs before its pool is used up.
        items = one_turn_counts()
        target, member = pool_pick(draw, {t: 24 * len(v) for t, v in items.items()}, "count")
        canon, face, letter = items[target][member // 24]
        stickers = from_table(canon, member % 24)
        state = rules.state_of(stickers)
        draw.claim(state)
        rank = draw.target(count_ranks(target), f"rank of {target}")
        return self._question(draw, state, face, rules.centre(stickers, letter), target, rank)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        stickers = rules.stickers_of(state)
        if (rules.distance(stickers) or 2) <= 1:
            # The 288 one-turn cubes are the build's own pool; asked again about them the
            # same few questions would recur.
            raise Unaskable
        target, rank = draw.target(count_schedule(count_targets(draw.params["scramble"])),
                                   "count")
        pairs = [(f, ch) for f in FACES if not rules.is_uniform(stickers, f)
                 for ch, n in Counter(rules.face_of(stickers, f)).items() if n == target]
        if not pairs:
            if rules.is_solved(stickers):
                raise Unaskable
            raise Retry
        face, color = draw.rng.choice(pairs)
        return self._question(draw, state, face, color, target, rank)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], face: str, color: str,
                  target: int, rank: int) -> Question:
        stickers = rules.stickers_of(state)
        name = COLOR_NAMES[color]
        options, index = count_options(draw, target, rank)
        cells = rules.face_of(stickers, face)
        spots = [f"({2 - k // 3}, {k % 3})" for k in range(9) if cells[k] == color]
        lines = [*face_lines(stickers, face),
                 f"The {name} stickers are at {', '.join(spots)}: {len(spots)} in all."]
        text = f"How many stickers on face {face} are {name}?"
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"face": face, "colour": name}, open=OpenForm(str(target)))


TASKS = [StickerColor(), ColorAfterMoves(), FaceSolveMoves(), CubeSolveMoves(), ColorCount()]
