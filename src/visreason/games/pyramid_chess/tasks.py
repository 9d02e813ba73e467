"""Pyramid chess question types (GameQA PyramidChess ids 0-5).

Corrections to the original: task 1 checks only blocks the new ball completes in the mover's
colour (the rule), not any monochrome block on the board; task 3 asks only about boards with
exactly one 2x2 block one ball short of a single colour, so the best placement is unique; task 5
words its options in the order of its answer key; out-of-bounds slots are one step outside a
level (or one level above the top) rather than far-off numbers.
"""

from __future__ import annotations

import itertools
import random
import re
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, Unaskable, choice_question
from ...core.answers import canonical_coordinate, hedged
from ...core.balance import pool_pick
from ...core.seeds import derive_seed
from . import rules
from .rules import COLOURS, EMPTY, Slot

PLAYER = {"B": "PLAYER_0", "R": "PLAYER_1"}


def slot_text(slot: Slot) -> str:
    k, x, y = slot
    return f"[{x}, {y}] on level {k}"


def slots_text(slots: list[Slot]) -> str:
    return ", ".join(slot_text(s) for s in slots) or "none"


def board(draw: Draw) -> dict[str, Any]:
    """A position after a random number of random turns, claimed for its split. At least a
    quarter of the slots' worth of turns: the first few turns leave so few distinct boards
    (9 after one turn on a 3x3 board) that questions about them would repeat."""
    n = draw.params["size"]
    total = rules.total_slots(n)
    state = rules.random_play(draw.rng, n, draw.rng.randrange(total // 4, total - 1))
    draw.claim(state)
    return state


def owner(value: str) -> str:
    return PLAYER.get(value, "empty")


def ball_word(value: str) -> str:
    return f"a ball of {PLAYER[value]}"


def out_of_bounds_slot(draw: Draw, n: int) -> Slot:
    """A slot just outside the board: one past a level's side, or a level above the top."""
    rng = draw.rng
    if rng.random() < 0.25:
        return (n, rng.randrange(2), rng.randrange(2))
    k = rng.randrange(n)
    size = n - k
    inside, outside = rng.randrange(size), size + rng.randrange(2)
    return (k, inside, outside) if rng.random() < 0.5 else (k, outside, inside)


def bounds_line(n: int, slot: Slot) -> str:
    k, x, y = slot
    if k >= n:
        return f"The board has levels 0 to {n - 1} only, so level {k} does not exist."
    size = n - k
    return (f"Level {k} holds x and y from 0 to {size - 1}, so [{x}, {y}] lies outside it.")


def occupant_line(state: dict[str, Any], slot: Slot) -> str:
    value = rules.get(state, slot)
    return (f"{slot_text(slot)} holds {ball_word(value)}." if value != EMPTY
            else f"{slot_text(slot)} is empty.")


def classify(answer: str, words: dict[str, tuple[str, ...]],
             blockers: dict[str, tuple[str, ...]] | None = None) -> str | None:
    """The one category whose words an answer uses (None for none or several, or a hedge).

    A blocker phrase ("no block") turns its category's key ("block") off only where it
    stands: a key left after the blocker is taken out names that category too, so "placeable,
    no block or placeable, completes a block" names two categories."""
    blockers = blockers or {}
    phrases = [p for keys in (*words.values(), *blockers.values()) for p in keys]
    if hedged(answer, phrases):
        return None
    text = " " + re.sub(r"[^a-z0-9]+", " ", answer.casefold()) + " "
    hits = set()
    for name, keys in words.items():
        rest = text
        for blocker in blockers.get(name, ()):
            rest = rest.replace(f" {blocker} ", " | ")
        if any(f" {k} " in rest for k in keys):
            hits.add(name)
    return hits.pop() if len(hits) == 1 else None


# ----------------------------------------------------------------- 0: status of a slot

STATUS = ["a ball of PLAYER_0", "a ball of PLAYER_1", "empty", "out of bounds"]
STATUS_WORDS = {
    "a ball of PLAYER_0": ("player 0", "player0", "blue", "b"),
    "a ball of PLAYER_1": ("player 1", "player1", "red", "r"),
    "empty": ("empty",),
    "out of bounds": ("out of bounds", "out of bound", "outside", "does not exist", "invalid"),
}


def status_of(state: dict[str, Any], slot: Slot) -> str:
    if not rules.in_bounds(state["n"], slot):
        return "out of bounds"
    value = rules.get(state, slot)
    return "empty" if value == EMPTY else ball_word(value)


def status_analysis(state: dict[str, Any], slot: Slot) -> str:
    if not rules.in_bounds(state["n"], slot):
        return bounds_line(state["n"], slot)
    return f"The slot exists. {occupant_line(state, slot)}"


class SlotStatus(Task):
    name = "slot_status"
    description = "What a slot holds: a ball of either player, nothing, or no such slot"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, board(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        want = draw.target(STATUS)
        n = state["n"]
        if want == "out of bounds":
            slot = out_of_bounds_slot(draw, n)
        else:
            pool = [s for s in rules.all_slots(n) if status_of(state, s) == want]
            if not pool:
                raise Retry
            slot = draw.rng.choice(pool)
        answer = status_of(state, slot)
        text = f"What is at {slot_text(slot)}?"
        return choice_question(
            state, text, STATUS, STATUS.index(answer),
            f"{status_analysis(state, slot)} The slot holds: {answer}.",
            {"slot": list(slot), "status": answer},
            open=OpenForm(answer.casefold(), hint="Answer with one of: a ball of PLAYER_0, "
                          "a ball of PLAYER_1, empty, out of bounds."))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        return float(classify(answer, STATUS_WORDS) == meta["status"])


# ------------------------------------------------- 1: can a ball go there, and what then

OUTCOMES = [
    "It can be placed, and it completes no 2x2 block of that player's colour",
    "It can be placed, and it completes a 2x2 block of that player's colour, so balls can be "
    "taken back",
    "It cannot be placed: the slot is already occupied",
    "It cannot be placed: not all four slots beneath it hold balls",
]
OUTCOME_OPEN = ["placeable, no block", "placeable, completes a block", "occupied",
                "not supported"]
OUTCOME_WORDS = {
    OUTCOME_OPEN[0]: ("no block", "completes no", "without", "no 2x2 block"),
    OUTCOME_OPEN[1]: ("completes a block", "completes a 2x2 block", "completes a", "taken back",
                      "take back"),
    OUTCOME_OPEN[2]: ("occupied", "already"),
    OUTCOME_OPEN[3]: ("not supported", "unsupported", "not all", "beneath", "missing"),
}


def placement_outcome(state: dict[str, Any], slot: Slot, colour: str) -> int:
    if rules.get(state, slot) != EMPTY:
        return 2
    if rules.missing_supports(state, slot):
        return 3
    return 1 if rules.completed_blocks(state, slot, colour) else 0


def outcome_analysis(state: dict[str, Any], slot: Slot, colour: str) -> list[str]:
    lines = [occupant_line(state, slot)]
    if rules.get(state, slot) != EMPTY:
        return lines
    k = slot[0]
    if k == 0:
        lines.append("It is on level 0, which needs no support.")
    else:
        missing = rules.missing_supports(state, slot)
        lines.append(f"It rests on {slots_text(rules.supports(slot))}; empty among them: "
                     f"{slots_text(missing)}.")
        if missing:
            return lines
    for block in rules.blocks_with(state["n"], slot):
        others = [s for s in block if s != slot]
        held = ", ".join(f"{slot_text(s)}: {owner(rules.get(state, s))}" for s in others)
        full = all(rules.get(state, s) == colour for s in others)
        verdict = f"all {PLAYER[colour]}'s, completed" if full else "not completed"
        lines.append(f"Block with {held} -> {verdict}.")
    return lines


class PlacementOutcome(Task):
    name = "placement_outcome"
    description = "Whether a ball can go on a slot, and whether it completes the player's block"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, board(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """The slot and the player named are drawn among those with the balanced outcome
        (either player may be named, as the rule asked about is the same for both)."""
        want = draw.slot(len(OUTCOMES))
        pool = [(s, c) for s in rules.all_slots(state["n"]) for c in COLOURS
                if placement_outcome(state, s, c) == want]
        if not pool:
            raise Retry
        slot, colour = draw.rng.choice(pool)
        player = PLAYER[colour]
        lines = [*outcome_analysis(state, slot, colour),
                 f"Outcome: {OUTCOMES[want].lower()}."]
        text = (f"Suppose {player} places a ball at {slot_text(slot)}. Can it be placed there, "
                "and if so, does that placement complete a 2x2 block of that player's colour? "
                "(Whose turn it is plays no part in this question.)")
        hint = ("Answer with one of: placeable, no block / placeable, completes a block / "
                "occupied / not supported.")
        return choice_question(
            state, text, OUTCOMES, want, "\n".join(lines),
            {"slot": list(slot), "outcome": OUTCOME_OPEN[want]},
            open=OpenForm(OUTCOME_OPEN[want], hint=hint))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        blockers = {OUTCOME_OPEN[1]: ("no block", "completes no", "without")}
        return float(classify(answer, OUTCOME_WORDS, blockers) == meta["outcome"])


# ----------------------------------------------------- 2: turns until a slot can be filled

TURN_CAP = {3: 8, 4: 12, 5: 16, 6: 20}


def pools_last(state: dict[str, Any], turns: int) -> bool:
    """Whether both players hold balls for `turns` alternating turns from the mover's: the
    mover places on turns 1, 3, ... and the other player on turns 2, 4, ..."""
    mover = state["turn"]
    return (state["pools"][mover] >= (turns + 1) // 2
            and state["pools"][1 - mover] >= turns // 2)


class TurnsToPlace(Task):
    name = "turns_to_place"
    description = "Turns until a ball can land on a slot: its empty supports first, then itself"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        state = board(draw)
        want = draw.target(list(range(2, TURN_CAP[state["n"]] + 1)))
        slots = self._slots(state).get(want)
        if not slots:
            raise Retry
        return self._question(state, draw.rng.choice(slots), want)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A value among those the board offers, balanced over them; the smallest (a slot
        one ball short of support), which nearly every board offers, is kept half the time."""
        by_value = self._slots(state)
        if not by_value:
            raise Unaskable
        want = draw.target(sorted(by_value), name="offered")
        if want == 2:
            draw.keep(0.5)
        return self._question(state, draw.rng.choice(by_value[want]), want)

    @staticmethod
    def _slots(state: dict[str, Any]) -> dict[int, list[Slot]]:
        """Slots by their turn count, kept only when both pools last that many turns: the
        rules end the game when a player must move with no ball left, so a count that
        outruns a pool would not be the number of turns the game actually plays."""
        n, found = state["n"], {}
        for s in rules.all_slots(n):
            if s[0] > 0 and rules.get(state, s) == EMPTY:
                value = rules.turns_to_fill(state, s)
                if value <= TURN_CAP[n] and pools_last(state, value):
                    found.setdefault(value, []).append(s)
        return found

    @staticmethod
    def _question(state: dict[str, Any], slot: Slot, want: int) -> Question:
        empty = rules.empty_support(state, slot)
        lines = [f"{slot_text(slot)} is empty. Walk down through the slots it rests on, level "
                 "by level, and collect every empty one (each counted once):"]
        for k in range(slot[0] - 1, -1, -1):
            here = [s for s in empty if s[0] == k]
            listed = ", ".join(f"[{s[1]}, {s[2]}]" for s in here) or "none"
            lines.append(f"Level {k}: {len(here)} empty ({listed}).")
        lines.append(f"{len(empty)} empty slots must be filled first, one per turn, and one more "
                     f"turn places the ball itself: {len(empty)} + 1 = {want}.")
        mover = state["turn"]
        lines.append(f"The pools last that long: {PLAYER[rules.COLOURS[mover]]} places "
                     f"{(want + 1) // 2} of them and holds {state['pools'][mover]}, "
                     f"{PLAYER[rules.COLOURS[1 - mover]]} places {want // 2} and holds "
                     f"{state['pools'][1 - mover]}.")
        text = (f"How many turns does it take until a ball is placed at {slot_text(slot)}, "
                "counting the turn that places it, if every turn places one ball into an empty "
                "slot beneath it (directly or further down) until it can be placed, and no ball "
                "is taken back?")
        return Question(state, text, str(want), "\n".join(lines),
                        meta={"slot": list(slot)})


# ----------------------------------------------------------------- 3: best placement

BEST_HINT = ("Answer with the slot as (x, y, level), e.g. (1, 0, 0) for [1, 0] on level 0.")


def unique_threat(state: dict[str, Any]) -> tuple[list[Slot], str, Slot] | None:
    """The single 2x2 block one ball short of one colour whose gap can take a ball now."""
    found = [t for k in range(state["n"] - 1) for t in rules.threat_regions(state, k)
             if rules.can_place(state, t[2])]
    return found[0] if len(found) == 1 else None


def threat_board(draw: Draw) -> dict[str, Any]:
    """A level-0 position with one block three balls of one colour plus a gap, no other such
    block, ball counts that agree with the player to move, and the gap at a balanced slot."""
    rng, n = draw.rng, draw.params["size"]
    gap = draw.target([(0, x, y) for y in range(n) for x in range(n)], name="gap")
    own = draw.target([True, False], name="own")
    turn = rng.randrange(2)
    colour = COLOURS[turn] if own else COLOURS[1 - turn]
    block = rng.choice(rules.blocks_with(n, gap))
    # Each player has placed their balls on the board plus those they took back earlier
    # (0-2 each here), and PLAYER_0 has placed as many as PLAYER_1 (PLAYER_0 to move) or one
    # more (PLAYER_1 to move). The pools are the starting pools less the balls on the board.
    taken = rng.randrange(3) - rng.randrange(3)  # PLAYER_0's take-backs less PLAYER_1's
    diff = turn - taken - (3 if colour == "B" else -3)  # blue less red among the other balls
    others = [s for s in rules.all_slots(n) if s[0] == 0 and s not in block]
    for _ in range(30):
        sizes = [m for m in range(abs(diff), len(others) + 1) if (m - diff) % 2 == 0]
        if not sizes:
            raise Retry
        m = rng.choice(sizes)
        chosen = rng.sample(others, m)
        blues = (m + diff) // 2
        state = rules.new_state(n)
        for s in block:
            if s != gap:
                state = rules.with_ball(state, s, colour)
        for i, s in enumerate(chosen):
            state = rules.with_ball(state, s, "B" if i < blues else "R")
        counts = [sum(row.count(c) for row in state["levels"][0]) for c in COLOURS]
        state["pools"] = [p - c for p, c in zip(rules.initial_pools(n), counts, strict=True)]
        state["turn"] = turn
        if unique_threat(state) is not None and not any(
                rules.completed_blocks(state, s, c) and rules.get(state, s) == c
                for s in others for c in COLOURS):
            draw.claim(state)
            return state
    raise Retry


SMALL = 3  # boards this small are drawn from the full list of such level-0 positions


@lru_cache(maxsize=2)
def small_threat_boards(n: int) -> dict[tuple[int, int, int], list[tuple[str, int]]]:
    """Every level-0 position of a small board with one block one ball short of a colour, no
    complete one-colour block, and counts that fit the player to move (each player having
    taken back 0-2 balls before), grouped by the gap and in a fixed shuffled order."""
    found: dict[tuple[int, int, int], list[tuple[str, int]]] = {}
    for cells in itertools.product("BR.", repeat=n * n):
        level0 = "".join(cells)
        c0, c1 = level0.count("B"), level0.count("R")
        for turn in (0, 1):
            if abs(c0 - c1 - turn) > 2:
                continue
            state = small_state(n, level0, turn)
            threat = unique_threat(state)
            if threat is None or any(rules.completed_blocks(state, s, c) and
                                     rules.get(state, s) == c
                                     for s, c in rules.balls(state)):
                continue
            found.setdefault(threat[2], []).append((level0, turn))
    for gap, boards in found.items():
        random.Random(derive_seed("pyramid small threats", n, *gap)).shuffle(boards)
    return dict(sorted(found.items()))


def small_state(n: int, level0: str, turn: int) -> dict[str, Any]:
    state = rules.new_state(n)
    state["levels"][0] = [level0[y * n:(y + 1) * n] for y in range(n)]
    state["pools"] = [p - level0.count(c)
                      for p, c in zip(rules.initial_pools(n), COLOURS, strict=True)]
    state["turn"] = turn
    return state


class BestPlacement(Task):
    name = "best_placement"
    description = "The placement that completes the mover's block or blocks the opponent's"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        """On 3x3 boards, a position drawn without repeats from the list of them all; on
        larger ones, a quarter are built on level 0 around a balanced gap, the rest come from
        random play (any level) and are kept when they hold a single such block."""
        n = draw.params["size"]
        if n <= SMALL:
            pools = small_threat_boards(n)
            gap, member = pool_pick(draw, {g: len(b) for g, b in pools.items()})
            state = small_state(n, *pools[gap][member])
            draw.claim(state)
            return self._question(state)
        if draw.slot(4, name="source") == 0:
            return self._question(threat_board(draw))
        state = board(draw)
        if unique_threat(state) is None:
            raise Retry
        return self._question(state)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        threat = unique_threat(state)
        if threat is None or rules.winner(state) is not None:
            raise Unaskable
        block, colour, gap = threat
        turn = state["turn"]
        player, mine = f"PLAYER_{turn}", COLOURS[turn]
        lines = [f"{player} is to move. Look for 2x2 blocks holding three balls of one "
                 "colour and one empty slot that can take a ball now:",
                 f"Only one: {slots_text([s for s in block if s != gap])} hold balls of "
                 f"{PLAYER[colour]}, and "
                 f"{slot_text(gap)} is empty."]
        if colour == mine:
            lines.append(f"The three balls are {player}'s own, so placing at {slot_text(gap)} "
                         "completes the block and lets them take up to 2 balls back.")
        else:
            lines.append(f"The three balls are the opponent's; placing at {slot_text(gap)} "
                         "blocks the block the opponent would complete next turn.")
        k, x, y = gap
        text = (f"It is {player}'s turn. A placement is best when it completes a 2x2 block of "
                "the mover's colour (so balls can be taken back), or, when there is none, when "
                "it stops the opponent from completing one. Which slot is the best placement?")
        answer = canonical_coordinate(f"({x}, {y}, {k})")
        assert answer is not None
        return Question(state, text, answer, "\n".join(lines),
                        meta={"slot": [k, x, y], "mode": "complete" if colour == mine
                              else "block"})

    @property
    def answer_hint(self) -> str:
        return BEST_HINT


# ----------------------------------------------------------------- 4: count the balls

# Counts asked per board size: from a few balls (fewer leave too few distinct boards) up.
COUNTS = {3: range(4, 13), 4: range(4, 25), 5: range(5, 37), 6: range(6, 49)}


class CountBalls(Task):
    name = "count_balls"
    description = "How many balls are on the board"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        n = draw.params["size"]
        want = draw.target(list(COUNTS[n]))
        rng, state = draw.rng, rules.new_state(n)
        for _ in range(4 * rules.total_slots(n)):
            if len(rules.balls(state)) == want:
                break
            moves = [m for m in rules.legal_moves(state) if m != rules.top(n)]
            if not moves or state["pools"][state["turn"]] == 0:
                raise Retry
            mover = state["turn"]
            state, blocks = rules.place(state, rng.choice(moves))
            if blocks:
                state = rules.random_take_back(rng, state, mover, blocks)
        else:
            raise Retry
        draw.claim(state)
        return self._question(state)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        if not rules.balls(state):
            raise Unaskable
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        lines, total = [], 0
        for k in range(state["n"]):
            here = [(s, v) for s, v in rules.balls(state) if s[0] == k]
            total += len(here)
            listed = ", ".join(f"[{s[1]}, {s[2]}] {PLAYER[v]}" for s, v in here) or "none"
            lines.append(f"Level {k}: {len(here)} balls ({listed}).")
        lines.append(f"Total: {total}.")
        return Question(state, "How many balls are on the board, on all levels together?",
                        str(total), "\n".join(lines))


# ----------------------------------------------------------- 5: composite slot status

COMPOSITE = [
    "Out of bounds: there is no such slot",
    "Covered ball: another ball rests on it, so it cannot be taken back",
    "Free ball: nothing rests on it",
    "Empty, and a ball can be placed there now",
    "Empty, and a ball cannot be placed there yet",
]
COMPOSITE_OPEN = ["out of bounds", "covered ball", "free ball", "empty, placeable",
                  "empty, not placeable"]
COMPOSITE_WORDS = {
    COMPOSITE_OPEN[0]: ("out of bounds", "out of bound", "no such slot", "does not exist"),
    COMPOSITE_OPEN[1]: ("covered", "cannot be taken", "another ball rests"),
    COMPOSITE_OPEN[2]: ("free ball", "free", "nothing rests"),
    COMPOSITE_OPEN[3]: ("placeable", "can be placed"),
    COMPOSITE_OPEN[4]: ("not placeable", "cannot be placed", "unplaceable", "not yet"),
}


def composite_of(state: dict[str, Any], slot: Slot) -> int:
    if not rules.in_bounds(state["n"], slot):
        return 0
    if rules.get(state, slot) != EMPTY:
        return 2 if rules.is_free(state, slot) else 1
    return 3 if rules.can_place(state, slot) else 4


class SlotComposite(Task):
    name = "slot_composite"
    description = "Whether a slot exists, holds a free or covered ball, or can take a ball now"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, board(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        want = draw.slot(len(COMPOSITE))
        n = state["n"]
        if want == 0:
            slot = out_of_bounds_slot(draw, n)
        else:
            pool = [s for s in rules.all_slots(n) if composite_of(state, s) == want]
            if not pool:
                raise Retry
            slot = draw.rng.choice(pool)
        lines = [self._analysis(state, slot), f"So: {COMPOSITE[want].lower()}."]
        hint = ("Answer with one of: out of bounds / covered ball / free ball / empty, "
                "placeable / empty, not placeable.")
        return choice_question(
            state, f"What is the status of {slot_text(slot)}?", COMPOSITE, want,
            "\n".join(lines), {"slot": list(slot), "status": COMPOSITE_OPEN[want]},
            open=OpenForm(COMPOSITE_OPEN[want], hint=hint))

    @staticmethod
    def _analysis(state: dict[str, Any], slot: Slot) -> str:
        n = state["n"]
        if not rules.in_bounds(n, slot):
            return bounds_line(n, slot)
        parts = [f"The slot exists. {occupant_line(state, slot)}"]
        if rules.get(state, slot) != EMPTY:
            up = rules.above(n, slot)
            held = [s for s in up if rules.get(state, s) != EMPTY]
            parts.append(f"Slots resting on it: {slots_text(up)}; holding balls: "
                         f"{slots_text(held)}.")
        elif slot[0] == 0:
            parts.append("Level 0 needs no support.")
        else:
            parts.append(f"It rests on {slots_text(rules.supports(slot))}; empty among them: "
                         f"{slots_text(rules.missing_supports(state, slot))}.")
        return " ".join(parts)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        blockers = {COMPOSITE_OPEN[3]: ("not placeable", "cannot be placed", "not yet",
                                        "unplaceable"),
                    COMPOSITE_OPEN[2]: ("not free",)}
        return float(classify(answer, COMPOSITE_WORDS, blockers) == meta["status"])


TASKS = [SlotStatus(), PlacementOutcome(), TurnsToPlace(), BestPlacement(), CountBalls(),
         SlotComposite()]
