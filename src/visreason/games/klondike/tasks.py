"""Klondike question types (GameQA klondike ids 1-3).

Moves are full Klondike moves: a face-up card takes the cards on top of it along, and a move
that Klondike forbids is never offered as the right one. Every choice question lists seven
moves and a last option for "none of them", at a balanced letter.
"""

from __future__ import annotations

import re
from itertools import product
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, choice_question
from ...core.answers import hedged
from ...core.errors import Unaskable
from ...core.params import ParamError
from ...core.text import card_name, split_card_move
from ...core.text import clean_answer as clean
from . import rules
from .rules import FOUNDATIONS, PILES, Move, State

MOVE_OPTIONS = 7
NONE_WORDS = ("none", "no move", "no legal move", "no effective move", "there is none")
MOVE_HINT = ("Answer with one move written as: move <card> from <place> to <place>, e.g. move "
             "9 of hearts from pile 2 to pile 5 (places: pile 1-7, the waste, foundation 1-4); "
             "or 'none' if there is no such move.")


def level_range(draw: Draw) -> tuple[int, int]:
    low, high = draw.params["visible_low"], draw.params["visible_high"]
    if low > high:
        raise ParamError(f"klondike.visible_low ({low}) must not exceed klondike.visible_high "
                         f"({high})")
    return low, high


def new_state(draw: Draw, stock_empty: bool = False, no_foundation: bool = False) -> State:
    low, high = level_range(draw)
    state = rules.random_state(draw.rng, stock_empty, no_foundation, (low, high))
    if state is None or not low <= rules.visible(state) <= high:
        raise Retry
    draw.claim(state)
    return state


def level_state(draw: Draw, state: State) -> State:
    low, high = level_range(draw)
    if not low <= rules.visible(state) <= high:
        raise Unaskable
    return state


def place_text(kind: str, index: int) -> str:
    if kind == "waste":
        return "the waste"
    return f"{kind} {index + 1}"


def move_text(move: Move) -> str:
    return (f"move {card_name(move.card)} from {place_text(move.source, move.source_index)} "
            f"to {place_text(move.dest, move.dest_index)}")


_PLACE_RE = re.compile(r"^(?:the\s+)?(?:(?:tableau\s+)?pile|tab|column)\s*(\d+)$")
_FOUND_RE = re.compile(r"^(?:the\s+)?foundation\s*(\d+)$")


def parse_move(answer: str) -> Move | None:
    """A move written 'move <card> from <place> to <place>', or None."""
    parts = split_card_move(answer, longest=119)
    if parts is None:
        return None
    card, src, dst = parts
    if src in ("the waste", "waste", "the waste pile", "waste pile"):
        source, si = "waste", 0
    elif (m := _PLACE_RE.match(src)) and 1 <= int(m.group(1)) <= PILES:
        source, si = "pile", int(m.group(1)) - 1
    else:
        return None
    if (m := _PLACE_RE.match(dst)) and 1 <= int(m.group(1)) <= PILES:
        return Move(card, source, si, "pile", int(m.group(1)) - 1)
    if (m := _FOUND_RE.match(dst)) and 1 <= int(m.group(1)) <= FOUNDATIONS:
        return Move(card, source, si, "foundation", int(m.group(1)) - 1)
    return None


def says_none(answer: str) -> bool:
    return clean(answer) in NONE_WORDS


def kind_of(move: Move) -> tuple[str, str]:
    return (move.source, move.dest)


CANDIDATE_CARDS = 10  # cards whose moves are considered as wrong options


def candidate_moves(draw: Draw, state: State) -> dict[Move, str]:
    """Moves a player might consider, with the rule each breaks ("legal" for none): some
    face-up cards (or the waste's top card, or the card under it) to every pile and
    foundation, and a card named in the pile next to its own (a misread source)."""
    cards: list[tuple[str, int, str]] = []
    for i, pile in enumerate(state["tableau"]):
        cards += [("pile", i, c) for c in pile[state["down"][i]:]]
        if pile:
            cards.append(("pile", (i + 1) % PILES, pile[-1]))
    cards += [("waste", 0, c) for c in state["waste"][-2:]]
    draw.rng.shuffle(cards)
    found: dict[Move, str] = {}
    for kind, i, card in cards[:CANDIDATE_CARDS]:
        moves = [Move(card, kind, i, "pile", d) for d in range(PILES)
                 if not (kind == "pile" and d == i)]
        moves += [Move(card, kind, i, "foundation", f) for f in range(FOUNDATIONS)]
        for move in moves:
            found[move] = rules.why_illegal(state, move) or "legal"
    return found


def pick_moves(draw: Draw, pool: dict[Move, str], like: Move | None,
               count: int) -> list[Move]:
    """`count` moves of `pool` (move -> the rule it breaks), one reason after another,
    preferring the kind (source and destination) of `like` and a similar written length, so
    that the wording does not single out the right move; one move per card."""
    chosen = list(pool)
    if like is not None:
        size = len(move_text(like))
        for keep in (lambda m: kind_of(m) == kind_of(like),
                     lambda m: abs(len(move_text(m)) - size) <= 2):
            kept = [m for m in chosen if keep(m)]
            if len({m.card for m in kept} - {like.card}) >= count:
                chosen = kept
    groups: dict[str, list[Move]] = {}
    for move in chosen:
        groups.setdefault(pool[move], []).append(move)
    order = list(groups.values())
    draw.rng.shuffle(order)
    for group in order:
        draw.rng.shuffle(group)
    picked: list[Move] = []
    used = {like.card} if like is not None else set()
    while len(picked) < count and any(order):
        for group in order:
            while group:
                move = group.pop()
                if move.card not in used:
                    used.add(move.card)
                    picked.append(move)
                    break
            if len(picked) == count:
                return picked
    raise Retry


def why_effective(state: State, move: Move) -> str:
    if move.dest == "foundation":
        return "it goes to a foundation"
    if rules.reveals(state, move):
        return f"it turns over the face-down card under it in pile {move.source_index + 1}"
    return f"it empties pile {move.source_index + 1}"


def legal_reason(state: State, move: Move) -> str:
    """Why a legal move is allowed (naming the cards a tableau card carries along)."""
    carried = rules.moving(state, move) or []
    reason = _target_reason(state, move)
    if len(carried) > 1:
        return (f"the {card_name(move.card)} is face up and carries "
                + ", ".join("the " + card_name(c) for c in carried[1:]) + f" along; {reason}")
    return reason


def _target_reason(state: State, move: Move) -> str:
    if move.dest == "foundation":
        top = state["foundations"][move.dest_index]
        return (f"foundation {move.dest_index + 1} is empty and takes an ace" if not top else
                f"foundation {move.dest_index + 1} holds the {card_name(top)}, and this is the "
                "next rank of that suit")
    target = state["tableau"][move.dest_index]
    if not target:
        return f"pile {move.dest_index + 1} is empty and takes a king"
    return (f"the top card of pile {move.dest_index + 1} is the {card_name(target[-1])}, one "
            "rank higher and of the other colour")


def table_intro(state: State) -> str:
    tops = ", ".join(f"pile {i + 1}: " + (card_name(p[-1]) if p else "empty")
                     for i, p in enumerate(state["tableau"]))
    waste = card_name(state["waste"][-1]) if state["waste"] else "empty"
    founds = ", ".join(f"{k + 1}: " + (card_name(t) if t else "empty")
                       for k, t in enumerate(state["foundations"]))
    return f"Top cards: {tops}. Waste top: {waste}. Foundations: {founds}."


def choice_with_none(draw: Draw, state: State, good: list[Move], pool: dict[Move, str],
                     none_text: str) -> tuple[list[str], int, Move | None, list[Move]]:
    """Seven moves and `none_text`: the right move at a balanced letter (or none of them)."""
    slot = draw.slot(MOVE_OPTIONS + 1, "letter")
    right = draw.rng.choice(good) if slot < MOVE_OPTIONS and good else None
    if slot < MOVE_OPTIONS and right is None:
        raise Retry
    like = right or (draw.rng.choice(good) if good else None)
    others = pick_moves(draw, pool, like, MOVE_OPTIONS - (1 if right else 0))
    moves = [*others[:slot], right, *others[slot:]] if right else others
    options = [move_text(m).capitalize() for m in moves] + [none_text]
    return options, slot, right, moves


# ----------------------------------------------------------------------------- tasks

class LegalMove(Task):
    name = "legal_move"
    description = "Which listed move is legal (or none)"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: State) -> Question:
        state = level_state(draw, state)
        legal = rules.legal_moves(state)
        kinds = sorted({kind_of(m) for m in legal})
        kind = draw.rng.choice(kinds) if kinds else None
        good = [m for m in legal if kind_of(m) == kind]
        illegal = {m: r for m, r in candidate_moves(draw, state).items() if r != "legal"}
        options, slot, right, moves = choice_with_none(
            draw, state, good, illegal, "None of the moves above is legal")
        lines = [table_intro(state), "Checking each move:"]
        for k, move in enumerate(moves):
            reason = rules.why_illegal(state, move)
            verdict = f"legal: {legal_reason(state, move)}" if reason is None \
                else f"illegal: {reason}"
            lines.append(f"{chr(65 + k)}. {options[k]}: {verdict}.")
        if right is None:
            lines.append("None of the seven moves is legal.")
        answer = move_text(right or legal[0]) if (right or legal) else "none"
        open_text = ("Give one legal move of these kinds: tableau pile to tableau pile, waste to "
                     "tableau pile, waste to foundation, or tableau pile to foundation (drawing "
                     "from the stock does not count). If there is none, answer none.")
        pick = right or (legal[0] if legal else None)
        open_analysis = (f"{table_intro(state)} One legal move: {move_text(pick)}, since "
                         f"{legal_reason(state, pick)}." if pick else
                         f"{table_intro(state)} No card can move, so there is none.")
        text = "Which of these moves is legal in the current position?"
        return choice_question(state, text, options, slot, "\n".join(lines),
                               {"move": move_text(right) if right else None},
                               open=OpenForm(answer, open_text, open_analysis, hint=MOVE_HINT))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        if says_none(answer):
            return 0.0 if rules.legal_moves(state) else 1.0
        move = parse_move(answer)
        return 1.0 if move is not None and rules.is_legal(state, move) else 0.0


COMBOS = list(product((False, True), (True, False), (True, False)))  # empty, found, opening


def combo_text(empty: bool, found: bool, opening: bool) -> str:
    deadlock = empty and not found and not opening
    return (f"(1) {yes_no((empty,))}, (2) {yes_no((found,))}, (3) {yes_no((opening,))}: the "
            f"game {'is' if deadlock else 'is not'} in a deadlock")


def yes_no(flags: tuple[bool, ...]) -> str:
    return ", ".join("yes" if f else "no" for f in flags)


CHECKS = (
    "(1) are the stock and the waste both empty? (2) can a card (a tableau top card or the "
    "waste's top card) go to a foundation now? (3) can a tableau-to-tableau move turn a "
    "face-down card over or empty a pile now (a king moved from a pile of its own onto another "
    "empty pile does not count)?"
)
DEADLOCK_RULE = ("The game is in a deadlock when the answers to these three checks are yes, "
                 "no, no: " + CHECKS)


class Deadlock(Task):
    name = "deadlock"
    description = "The three deadlock checks and whether the game is stuck"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        empty, found, opening = draw.target(COMBOS)
        state = new_state(draw, stock_empty=empty, no_foundation=not found)
        got = rules.checks(state)
        if (got.stock_empty, bool(got.foundation_moves), bool(got.opening_moves)) != \
                (empty, found, opening):
            raise Retry
        index = COMBOS.index((empty, found, opening))
        lines = [self._check_lines(state, got)]
        text = (DEADLOCK_RULE + " Which option gives the answers to the three checks for the "
                "current position, and whether the game is in a deadlock?")
        open_text = DEADLOCK_RULE + " Answer the three checks for the current position."
        answer = yes_no((empty, found, opening))
        return choice_question(state, text, [combo_text(*c) for c in COMBOS], index,
                               "\n".join(lines), {"checks": answer},
                               open=OpenForm(answer, open_text, meta={"checks": answer},
                                             hint="Answer yes or no for each check, in order, "
                                                  "e.g. no, yes, no."))

    @staticmethod
    def _check_lines(state: State, got: rules.Checks) -> str:
        stock, waste = len(state["stock"]), len(state["waste"])
        lines = [f"(1) The stock holds {stock} card(s) and the waste {waste}: "
                 + ("both are empty." if got.stock_empty else "they are not both empty.")]
        if got.foundation_moves:
            lines.append("(2) A card can go to a foundation: "
                         + "; ".join(move_text(m) for m in got.foundation_moves) + ".")
        else:
            lines.append("(2) No top card fits a foundation. " + table_intro(state))
        if got.opening_moves:
            lines.append("(3) Tableau moves that turn a card over or empty a pile: " + "; ".join(
                f"{move_text(m)} ({why_effective(state, m)})" for m in got.opening_moves) + ".")
        else:
            lines.append("(3) No tableau move turns a face-down card over or empties a pile.")
        lines.append("So the game " + ("is" if got.deadlock else "is not") + " in a deadlock.")
        return "\n".join(lines)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        words = re.findall(r"[a-z]+", clean(answer))
        if len(words) > 12 or hedged(answer, ("no",)):
            return 0.0
        flags = [w for w in words if w in ("yes", "no")]
        return 1.0 if len(flags) == 3 and ", ".join(flags) == meta["checks"] else 0.0


class EffectiveMove(Task):
    name = "effective_move"
    description = "Which listed move is legal and effective (to a foundation, turns a card "\
                  "over, or empties a pile)"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: State) -> Question:
        state = level_state(draw, state)
        legal = rules.legal_moves(state)
        good = [m for m in legal if rules.is_effective(state, m)]
        dull = [m for m in legal if not rules.is_effective(state, m)]
        pool = {m: r for m, r in candidate_moves(draw, state).items() if r != "legal"}
        draw.rng.shuffle(dull)
        pool.update({m: "legal but not effective" for m in dull[:4]})
        options, slot, right, moves = choice_with_none(
            draw, state, good, pool, "None of the moves above is both legal and effective")
        lines = [table_intro(state), "Checking each move:"]
        for k, move in enumerate(moves):
            reason = rules.why_illegal(state, move)
            if reason is not None:
                verdict = f"illegal: {reason}"
            elif rules.is_effective(state, move):
                verdict = f"legal and effective: {why_effective(state, move)}"
            else:
                verdict = ("legal but not effective: it does not go to a foundation, turn a "
                           "face-down card over, or empty a pile")
            lines.append(f"{chr(65 + k)}. {options[k]}: {verdict}.")
        if right is None:
            lines.append("None of the seven moves is both legal and effective.")
        pick = right or (good[0] if good else None)
        answer = move_text(pick) if pick else "none"
        open_text = (EFFECTIVE_RULE + " Give one move that is both legal and effective now "
                     "(drawing from the stock does not count), or none if there is no such move.")
        open_analysis = (f"{table_intro(state)} {move_text(pick).capitalize()} is legal ("
                         f"{legal_reason(state, pick)}) and effective: "
                         f"{why_effective(state, pick)}." if pick else
                         f"{table_intro(state)} No legal move goes to a foundation, turns a card "
                         "over or empties a pile, so there is none.")
        text = EFFECTIVE_RULE + " Which of these moves is both legal and effective?"
        return choice_question(state, text, options, slot, "\n".join(lines),
                               {"move": move_text(right) if right else None},
                               open=OpenForm(answer, open_text, open_analysis, hint=MOVE_HINT))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        if says_none(answer):
            return 0.0 if any(rules.is_effective(state, m) for m in rules.legal_moves(state)) \
                else 1.0
        move = parse_move(answer)
        ok = move is not None and rules.is_legal(state, move) and rules.is_effective(state, move)
        return 1.0 if ok else 0.0


EFFECTIVE_RULE = (
    "A move is effective when it puts a card on a foundation, turns a face-down card over (it "
    "moves the lowest face-up card of a pile that has face-down cards), or empties a tableau "
    "pile (a king moved from a pile of its own onto another empty pile does not count)."
)

TASKS = [LegalMove(), Deadlock(), EffectiveMove()]
