"""FreeCell question types (GameQA freecell ids 1-3).

Every task asks about a deal followed by a few random legal moves (the `moves` parameter), so
free cells and foundations are in use too. Asked about a state another task drew, a task takes
any state with the level's number of cascades.
"""

from __future__ import annotations

import re
from typing import Any

from ...core import Draw, OpenForm, Question, Task, choice_question
from ...core.errors import Unaskable
from ...core.options import sample_distinct
from ...core.text import card_name, card_rank, is_red, ordinal, parse_card, split_card_move
from . import rules
from .rules import SUIT_WORDS, SUITS, Move, Place, State, place_name

CARD_HINT = "Answer with the card, e.g. 9 of hearts."
MOVE_HINT = ("Answer with one move written as: move <card> from <place> to <place>, e.g. move "
             "9 of hearts from cascade 5 to free cell 0 (places: cascade i, free cell j, or the "
             "<suit> foundation).")
CARD_OPTIONS = 8
MOVE_OPTIONS = 4


def new_state(draw: Draw) -> State:
    state = rules.deal(draw.rng, draw.params["cascades"])
    state = rules.play_random(draw.rng, state, draw.rng.randint(0, draw.params["moves"]))
    draw.claim(state)
    return state


def level_state(draw: Draw, state: State) -> State:
    if len(state["cascades"]) != draw.params["cascades"]:
        raise Unaskable
    return state


def board_cards(state: State) -> list[str]:
    return [c for cascade in state["cascades"] for c in cascade] + [c for c in state["cells"]
                                                                     if c]


def card_options(draw: Draw, state: State, answer: str, slips: list[str]) -> tuple[list[str],
                                                                                  int]:
    """Eight cards: the answer, up to four cards a slip would name, the rest from the board."""
    near = sample_distinct(draw.rng, [c for c in slips if c != answer], 4)
    rest = sample_distinct(draw.rng, board_cards(state), CARD_OPTIONS - 1 - len(near),
                           exclude=[answer, *near])
    return draw.place(card_name(answer), [card_name(c) for c in near + rest])


def check_card(answer: str, want: str) -> float:
    return 1.0 if parse_card(answer) == want else 0.0


def move_text(move: Move) -> str:
    return f"move {card_name(move.card)} from {place_name(move.source)} to {place_name(move.dest)}"


_CASCADE_RE = re.compile(r"^(?:the\s+)?(?:cascade|column|pile)\s*(\d+)$")
_CELL_RE = re.compile(r"^(?:the\s+)?(?:free\s*cell|cell)\s*(\d+)$")
_FOUNDATION_RE = re.compile(r"^(?:the\s+)?(?:(\w+)\s+)?foundation(?:\s+(\w+))?$")
_SUIT_WORD = {w: k for k, w in enumerate(SUIT_WORDS)} | {w[:-1]: k for k, w in
                                                         enumerate(SUIT_WORDS)}


def parse_place(text: str, card: str) -> Place | None:
    for pattern, kind in ((_CASCADE_RE, "cascade"), (_CELL_RE, "cell")):
        match = pattern.match(text)
        if match:
            return Place(kind, int(match.group(1)))
    match = _FOUNDATION_RE.match(text)
    if not match:
        return None
    named = [w for w in match.groups() if w]
    if len(named) > 1 or (named and named[0] not in _SUIT_WORD):
        return None
    return Place("foundation", _SUIT_WORD[named[0]] if named else SUITS.index(card[-1]))


def parse_move(answer: str) -> Move | None:
    """A move written 'move <card> from <place> to <place>', or None."""
    parts = split_card_move(answer)
    if parts is None:
        return None
    card, src, dst = parts
    source = parse_place(src, card)
    dest = parse_place(dst, card)
    if source is None or dest is None or source.kind == "foundation":
        return None
    return Move(card, source, dest)


def why_legal(state: State, move: Move) -> str:
    """Why a legal move is allowed, in the rule's own terms."""
    cards = rules.moving_cards(state, move)
    assert cards is not None
    where = place_name(move.source)
    head = (f"the {card_name(move.card)} is exposed in {where}" if len(cards) == 1
            else f"the {card_name(move.card)} carries the {len(cards) - 1} card(s) on top of it, "
                 "a built sequence")
    if move.source.kind == "cell":
        head = f"the {card_name(move.card)} is in {where}"
    if move.dest.kind == "cell":
        return f"{head}, and free cell {move.dest.index} is empty"
    if move.dest.kind == "foundation":
        top = state["foundations"][move.dest.index]
        have = "is empty" if top == 0 else f"holds up to rank {top}"
        return f"{head}, and the {SUIT_WORDS[move.dest.index]} foundation {have}"
    target = state["cascades"][move.dest.index]
    if not target:
        tail = f"cascade {move.dest.index} is empty"
    else:
        top = target[-1]
        colour = "red" if is_red(top) else "black"
        tail = (f"the exposed card of cascade {move.dest.index} is the {card_name(top)} "
                f"({colour}, rank {card_rank(top)} = {card_rank(move.card)} + 1)")
    if len(cards) > 1:
        tail += (f"; {len(cards)} cards are within the limit of "
                 f"{rules.capacity(state, not target)}")
    return f"{head}, and {tail}"


def verdict(state: State, move: Move) -> str:
    reason = rules.why_illegal(state, move)
    return f"valid: {why_legal(state, move)}." if reason is None else f"invalid: {reason}."


# ----------------------------------------------------------------------------- tasks

class NthCard(Task):
    name = "nth_card"
    description = "The n-th card from the top (exposed card) of a cascade"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: State) -> Question:
        state = level_state(draw, state)
        choices = [i for i, c in enumerate(state["cascades"]) if len(c) >= 2]
        if not choices:
            raise Unaskable
        i = draw.rng.choice(choices)
        cascade = state["cascades"][i]
        n = draw.rng.randint(1, len(cascade))
        answer = cascade[-n]
        slips = [cascade[-k] for k in (n - 1, n + 1) if 1 <= k <= len(cascade)]
        slips.append(cascade[n - 1])  # counted from the bottom card instead
        slips += [c[-n] for j, c in enumerate(state["cascades"]) if abs(j - i) == 1
                  and len(c) >= n]
        options, index = card_options(draw, state, answer, slips)
        listing = ", ".join(f"{ordinal(k)} {card_name(cascade[-k])}"
                            for k in range(1, min(len(cascade), n + 1) + 1))
        analysis = (f"Cascade {i} holds {len(cascade)} cards. Counting from its exposed card "
                    f"(the 1st) toward the bottom card: {listing}. The {ordinal(n)} card from "
                    f"the top is the {card_name(answer)}.")
        text = (f"Counting the exposed card of cascade {i} as the 1st card from the top, and "
                f"going down the cascade toward its bottom card, which card is the "
                f"{ordinal(n)} card from the top of cascade {i}?")
        return choice_question(state, text, options, index, analysis,
                               {"cascade": i, "n": n, "card": answer},
                               open=OpenForm(card_name(answer), hint=CARD_HINT,
                                             meta={"card": answer}))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        return check_card(answer, meta["card"])


def wrong_moves(draw: Draw, state: State, kind: str, source_kind: str,
                avoid: Move) -> list[Move]:
    """Illegal moves to a `kind` of place that a player could slip into: a buried card, a
    colour or rank mismatch, an occupied cell, a foundation out of order, a supermove over
    the limit, or the card placed in the wrong source. Varied reasons first; from the same
    kind of place as the right move and about as long to write where enough are found, so
    the wording (a free cell is a longer name than a cascade, an ace than a 7) does not tell
    the right move apart."""
    sources: list[tuple[str, Place]] = []
    for i, cascade in enumerate(state["cascades"]):
        for card in cascade[-3:]:
            sources.append((card, Place("cascade", i)))
        if cascade:
            other = draw.rng.randrange(len(state["cascades"]))
            sources.append((cascade[-1], Place("cascade", other)))
    sources += [(c, Place("cell", j)) for j, c in enumerate(state["cells"]) if c]
    dests = [p for p in rules.places(state) if p.kind == kind]
    by_reason: dict[str, list[Move]] = {}
    for card, source in sources:
        for dest in dests:
            if dest == source or (kind == "foundation" and SUITS[dest.index] != card[-1]):
                continue
            move = Move(card, source, dest)
            reason = rules.why_illegal(state, move)
            if reason is not None:
                by_reason.setdefault(reason.split(",")[0], []).append(move)
    size = len(move_text(avoid))
    for keep in (lambda m: m.source.kind == source_kind,
                 lambda m: abs(len(move_text(m)) - size) <= 1):
        kept = {r: [m for m in ms if keep(m)] for r, ms in by_reason.items()}
        if len({m.card for ms in kept.values() for m in ms} - {avoid.card}) >= MOVE_OPTIONS - 1:
            by_reason = kept
    groups = [g for g in by_reason.values() if g]
    draw.rng.shuffle(groups)
    picked: list[Move] = []
    used = {avoid.card}  # one move per card: shared cards would make the right move the typical one
    while len(picked) < MOVE_OPTIONS - 1 and any(groups):
        for group in groups:
            while group and len(picked) < MOVE_OPTIONS - 1:
                move = group.pop(draw.rng.randrange(len(group)))
                if move.card not in used:
                    used.add(move.card)
                    picked.append(move)
                    break
    return picked


class ValidMove(Task):
    name = "valid_move"
    description = "Which of four moves is legal"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: State) -> Question:
        state = level_state(draw, state)
        legal = [m for m in rules.legal_moves(state)
                 if not (m.source.kind == "cell" and m.dest.kind == "cell")]
        kinds = sorted({m.dest.kind for m in legal})
        if not kinds:
            raise Unaskable
        kind = draw.rng.choice(kinds)
        correct = draw.rng.choice([m for m in legal if m.dest.kind == kind])
        wrong = wrong_moves(draw, state, kind, correct.source.kind, correct)
        if len(wrong) < MOVE_OPTIONS - 1:
            raise Unaskable
        texts = [move_text(m).capitalize() for m in wrong]
        options, index = draw.place(move_text(correct).capitalize(), texts)
        moves = [parse_move(o) for o in options]
        lines = ["Check each move against the rules:"]
        for k, move in enumerate(moves):
            assert move is not None
            lines.append(f"{chr(65 + k)}. {options[k]}: {verdict(state, move)}")
        text = "Which of the following moves is valid in the current position?"
        open_text = ("Give one valid move in the current position (a free cell moving to another "
                     "free cell does not count).")
        open_analysis = (f"One valid move: {move_text(correct)}. It is allowed because "
                         f"{why_legal(state, correct)}.")
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"move": move_text(correct)},
                               open=OpenForm(move_text(correct), open_text, open_analysis,
                                             hint=MOVE_HINT))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        move = parse_move(answer)
        if move is None or (move.source.kind == "cell" and move.dest.kind == "cell"):
            return 0.0
        return 1.0 if rules.is_legal(state, move) else 0.0


class TopAfterMove(Task):
    name = "top_after_move"
    description = "The exposed card of a cascade after a card moves off it"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: State) -> Question:
        state = level_state(draw, state)
        cascades = state["cascades"]
        moves = [m for m in rules.legal_moves(state) if m.source.kind == "cascade"
                 and cascades[m.source.index].index(m.card) >= 1]
        if not moves:
            raise Unaskable
        move = draw.rng.choice(moves)
        cascade = cascades[move.source.index]
        p = cascade.index(move.card)
        answer = cascade[p - 1]
        slips = [move.card, cascade[-1]] + ([cascade[p - 2]] if p >= 2 else [])
        if move.dest.kind == "cascade" and cascades[move.dest.index]:
            slips.append(cascades[move.dest.index][-1])
        options, index = card_options(draw, state, answer, slips)
        carried = len(cascade) - p
        what = (f"the {card_name(move.card)}" if carried == 1 else
                f"the {card_name(move.card)} together with the {carried - 1} card(s) on top of it")
        after = rules.apply(state, move)
        analysis = (
            f"Cascade {move.source.index} is, from bottom to exposed card: "
            f"{', '.join(card_name(c) for c in cascade)}. The move takes {what} to "
            f"{place_name(move.dest)}; it is valid because {why_legal(state, move)}. Cascade "
            f"{move.source.index} then ends "
            f"{', '.join(card_name(c) for c in after['cascades'][move.source.index][-3:])}, so "
            f"its exposed card is the {card_name(answer)}, the card that lay under the "
            f"{card_name(move.card)}.")
        text = (f"The {card_name(move.card)} moves from cascade {move.source.index} to "
                f"{place_name(move.dest)} (a valid move; any cards on top of it move with it). "
                f"Which card is the exposed card (the top) of cascade {move.source.index} after "
                "the move?")
        return choice_question(state, text, options, index, analysis,
                               {"move": move_text(move), "card": answer},
                               open=OpenForm(card_name(answer), hint=CARD_HINT,
                                             meta={"card": answer}))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        return check_card(answer, meta["card"])


TASKS = [NthCard(), ValidMove(), TopAfterMove()]
