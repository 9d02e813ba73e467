"""FreeCell rules: the deal, legal moves (supermoves included), applying a move.

A state is JSON: `cascades` (lists of cards, first dealt first, the exposed card last),
`cells` (four free cells, "" when empty) and `foundations` (the top rank built on each suit's
foundation, 0 for none, in the order of `SUITS`). Cards are written as in `core.text`
("10H", "QS").

A move names a card, where it is and where it goes. From a cascade, a card that is not
exposed moves together with every card on top of it, as one supermove: the moving cards must
be a built sequence (each card one rank lower than the card under it and of the other colour)
and no longer than the free cells and empty cascades let a player move one card at a time:
(empty free cells + 1) x 2^(empty cascades), where an empty cascade that is the destination
does not count. Free cells and foundations take a single card.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import Any

from ...core.text import CARD_RANKS, CARD_SUITS, card_rank, card_suit, is_red

SUITS = CARD_SUITS
CELLS = 4
DECK = tuple(rank + suit for suit in SUITS for rank in CARD_RANKS)

State = dict[str, Any]


@dataclass(frozen=True)
class Place:
    """A cascade (index), a free cell (index) or a foundation (index into SUITS)."""

    kind: str  # "cascade", "cell" or "foundation"
    index: int


@dataclass(frozen=True)
class Move:
    card: str
    source: Place
    dest: Place


def deal(rng: random.Random, cascades: int) -> State:
    """A shuffled deck dealt round-robin: card i goes to cascade i mod `cascades`."""
    deck = list(DECK)
    rng.shuffle(deck)
    return {"cascades": [deck[i::cascades] for i in range(cascades)], "cells": [""] * CELLS,
            "foundations": [0] * len(SUITS)}


def alternates(lower: str, upper: str) -> bool:
    """`upper` may lie on `lower` in a cascade: one rank lower and the other colour."""
    return card_rank(upper) == card_rank(lower) - 1 and is_red(upper) != is_red(lower)


def is_sequence(cards: list[str]) -> bool:
    return all(alternates(a, b) for a, b in itertools.pairwise(cards))


def capacity(state: State, dest_empty: bool) -> int:
    """The most cards one supermove can carry."""
    free = state["cells"].count("")
    empty = sum(1 for c in state["cascades"] if not c) - (1 if dest_empty else 0)
    return (free + 1) * 2 ** max(0, empty)


def locate(state: State, card: str) -> Place | None:
    """Where `card` is on the board (None when it is on a foundation)."""
    for i, cascade in enumerate(state["cascades"]):
        if card in cascade:
            return Place("cascade", i)
    if card in state["cells"]:
        return Place("cell", state["cells"].index(card))
    return None


def moving_cards(state: State, move: Move) -> list[str] | None:
    """The cards the move would carry, or None when the source does not hold the card."""
    source = move.source
    if source.kind == "cascade":
        if not 0 <= source.index < len(state["cascades"]):
            return None
        cascade = state["cascades"][source.index]
        return cascade[cascade.index(move.card):] if move.card in cascade else None
    if source.kind == "cell":
        if not 0 <= source.index < CELLS or state["cells"][source.index] != move.card:
            return None
        return [move.card]
    return None  # foundation cards never move in this game


def why_illegal(state: State, move: Move) -> str | None:
    """None for a legal move, else the rule it breaks (one phrase)."""
    cards = moving_cards(state, move)
    if cards is None:
        return f"{place_name(move.source)} does not hold that card"
    dest = move.dest
    if dest == move.source:
        return "a card cannot move to where it already is"
    if len(cards) > 1 and not is_sequence(cards):
        return ("the card is not exposed and the cards on top of it are not a built sequence "
                "(each one rank lower and of the other colour)")
    if dest.kind == "cell":
        if len(cards) > 1:
            return "the card is not exposed, and a free cell holds only one card"
        if not 0 <= dest.index < CELLS:
            return "there is no such free cell"
        if state["cells"][dest.index]:
            return f"free cell {dest.index} is not empty"
        return None
    if dest.kind == "foundation":
        if len(cards) > 1:
            return "the card is not exposed, and only an exposed card can go to a foundation"
        suit = SUITS[dest.index]
        if card_suit(move.card) != suit:
            return "a foundation takes only cards of its own suit"
        need = state["foundations"][dest.index] + 1
        if card_rank(move.card) != need:
            wanted = "an ace" if need == 1 else f"the {CARD_RANKS[need - 1]}"
            return f"that foundation needs {wanted} next"
        return None
    if not 0 <= dest.index < len(state["cascades"]):
        return "there is no such cascade"
    target = state["cascades"][dest.index]
    if target and not alternates(target[-1], cards[0]):
        return "the exposed card there is not one rank higher and of the other colour"
    most = capacity(state, not target)
    if len(cards) > most:
        return (f"it would carry {len(cards)} cards, but the free cells and empty cascades "
                f"allow at most {most}")
    return None


def is_legal(state: State, move: Move) -> bool:
    return why_illegal(state, move) is None


def places(state: State) -> list[Place]:
    """Every place a card can go to."""
    return ([Place("cascade", i) for i in range(len(state["cascades"]))]
            + [Place("cell", j) for j in range(CELLS)]
            + [Place("foundation", k) for k in range(len(SUITS))])


def legal_moves(state: State) -> list[Move]:
    """Every legal move, cascades left to right, then free cells (the rules of `why_illegal`
    applied directly, without building a move for every place)."""
    cascades, cells, foundations = state["cascades"], state["cells"], state["foundations"]
    free = cells.count("")
    empty = sum(1 for c in cascades if not c)
    onto_card = (free + 1) * 2 ** empty
    onto_empty = (free + 1) * 2 ** max(0, empty - 1)
    sources: list[tuple[Place, str, int]] = []
    for i, cascade in enumerate(cascades):
        for p in range(len(cascade) - 1, -1, -1):
            if p < len(cascade) - 1 and not alternates(cascade[p], cascade[p + 1]):
                break
            sources.append((Place("cascade", i), cascade[p], len(cascade) - p))
    sources += [(Place("cell", j), card, 1) for j, card in enumerate(cells) if card]
    moves = []
    for source, card, count in sources:
        for d, target in enumerate(cascades):
            if source.kind == "cascade" and source.index == d:
                continue
            if (count <= onto_card and alternates(target[-1], card)) if target \
                    else count <= onto_empty:
                moves.append(Move(card, source, Place("cascade", d)))
        if count == 1:
            moves += [Move(card, source, Place("cell", j)) for j, c in enumerate(cells)
                      if not c and source != Place("cell", j)]
            k = SUITS.index(card[-1])
            if card_rank(card) == foundations[k] + 1:
                moves.append(Move(card, source, Place("foundation", k)))
    return moves


def apply(state: State, move: Move) -> State:
    """The state after a legal move (the input is not changed)."""
    cards = moving_cards(state, move)
    assert cards is not None and is_legal(state, move), move
    cascades = [list(c) for c in state["cascades"]]
    cells = list(state["cells"])
    foundations = list(state["foundations"])
    if move.source.kind == "cascade":
        del cascades[move.source.index][-len(cards):]
    else:
        cells[move.source.index] = ""
    if move.dest.kind == "cascade":
        cascades[move.dest.index].extend(cards)
    elif move.dest.kind == "cell":
        cells[move.dest.index] = cards[0]
    else:
        foundations[move.dest.index] += 1
    return {"cascades": cascades, "cells": cells, "foundations": foundations}


def is_won(state: State) -> bool:
    return all(top == len(CARD_RANKS) for top in state["foundations"])


def play_random(rng: random.Random, state: State, count: int) -> State:
    """`count` random legal moves (a free cell never moves to another free cell)."""
    for _ in range(count):
        moves = [m for m in legal_moves(state)
                 if not (m.source.kind == "cell" and m.dest.kind == "cell")]
        if not moves:
            break
        state = apply(state, rng.choice(moves))
    return state


def place_name(place: Place) -> str:
    if place.kind == "cascade":
        return f"cascade {place.index}"
    if place.kind == "cell":
        return f"free cell {place.index}"
    return f"the {SUIT_WORDS[place.index]} foundation"


SUIT_WORDS = ("spades", "hearts", "diamonds", "clubs")
