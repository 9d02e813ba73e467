"""Klondike rules: mid-game positions, legal moves, their effects, and the deadlock checks.

A state is JSON: `tableau` (seven piles, each listed from its bottom card to its top card),
`down` (how many cards at the bottom of each pile are face down), `stock` (face-down cards to
draw), `waste` (drawn cards, the last one on top and playable) and `foundations` (four
places, left to right, each "" or the top card of the suit built there from its ace).
Cards are written as in `core.text` ("10H", "QS").

Rules: on the tableau a face-up card, with every card on top of it, may move onto a pile
whose top card is one rank higher and of the other colour; only a king (with the cards on
it) may move onto an empty pile. The top card of the waste may move onto the tableau the same
way. A foundation takes an ace when empty, then the next rank of the same suit; only a top
card (of a tableau pile or the waste) may move there. A face-down card left on top of its
pile is turned face up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from ...core.text import CARD_RANKS, CARD_SUITS, card_rank, is_red, make_card

PILES = 7
FOUNDATIONS = 4
DECK = tuple(rank + suit for suit in CARD_SUITS for rank in CARD_RANKS)

State = dict[str, Any]


@dataclass(frozen=True)
class Move:
    """`card` from `source` ("pile" or "waste") to `dest` ("pile" or "foundation"); indices
    are 0-based here and 1-based in the text."""

    card: str
    source: str
    source_index: int
    dest: str
    dest_index: int


def fits_on(card: str, target: str) -> bool:
    """`card` may lie on `target` in the tableau: one rank lower, the other colour."""
    return card_rank(card) == card_rank(target) - 1 and is_red(card) != is_red(target)


def fits_foundation(card: str, top: str) -> bool:
    if not top:
        return card_rank(card) == 1
    return card[-1] == top[-1] and card_rank(card) == card_rank(top) + 1


def moving(state: State, move: Move) -> list[str] | None:
    """The cards the move carries, or None when the source does not show the card face up."""
    if move.source == "waste":
        waste = state["waste"]
        return [move.card] if waste and waste[-1] == move.card else None
    if not 0 <= move.source_index < PILES:
        return None
    pile = state["tableau"][move.source_index]
    if move.card not in pile:
        return None
    at = pile.index(move.card)
    return pile[at:] if at >= state["down"][move.source_index] else None


def why_illegal(state: State, move: Move) -> str | None:
    """None for a legal move, else the rule it breaks, as a short phrase."""
    cards = moving(state, move)
    if cards is None:
        where = "the waste" if move.source == "waste" else f"pile {move.source_index + 1}"
        if move.source == "waste":
            return ("the waste is empty" if not state["waste"]
                    else "that card is not the top card of the waste")
        return f"{where} does not show that card face up"
    if move.dest == "foundation":
        if len(cards) > 1:
            return "only a top card can go to a foundation"
        top = state["foundations"][move.dest_index]
        if not top:
            return None if card_rank(move.card) == 1 else \
                "an empty foundation must start with an ace"
        if move.card[-1] != top[-1]:
            return "the foundation holds another suit"
        if card_rank(move.card) != card_rank(top) + 1:
            return "the card is not the next rank of that foundation"
        return None
    if move.source == "pile" and move.dest_index == move.source_index:
        return "a card cannot move onto its own pile"
    target = state["tableau"][move.dest_index]
    if not target:
        return None if card_rank(move.card) == 13 else "only a king can go onto an empty pile"
    top = target[-1]
    if is_red(top) == is_red(move.card):
        return "both cards are " + ("red" if is_red(top) else "black")
    if card_rank(move.card) != card_rank(top) - 1:
        return "the card is not one rank lower than the target card"
    return None


def is_legal(state: State, move: Move) -> bool:
    return why_illegal(state, move) is None


def legal_moves(state: State) -> list[Move]:
    """Every legal move of the four kinds: pile to pile, waste to pile, waste to foundation,
    pile to foundation (a face-up card carries the cards on it, which always fit)."""
    tableau, down, foundations = state["tableau"], state["down"], state["foundations"]
    sources: list[tuple[str, int, str, bool]] = []
    for i, pile in enumerate(tableau):
        last = len(pile) - 1
        sources += [("pile", i, pile[k], k == last) for k in range(down[i], len(pile))]
    if state["waste"]:
        sources.append(("waste", 0, state["waste"][-1], True))
    moves = []
    for kind, i, card, top in sources:
        king = card_rank(card) == 13
        for d, target in enumerate(tableau):
            if kind == "pile" and d == i:
                continue
            if (fits_on(card, target[-1]) if target else king):
                moves.append(Move(card, kind, i, "pile", d))
        if top:
            moves += [Move(card, kind, i, "foundation", f)
                      for f, found in enumerate(foundations) if fits_foundation(card, found)]
    return moves


def apply(state: State, move: Move) -> State:
    """The state after a legal move; a face-down card left on top turns face up."""
    assert is_legal(state, move), move
    cards = moving(state, move)
    assert cards is not None
    tableau = [list(p) for p in state["tableau"]]
    down = list(state["down"])
    waste = list(state["waste"])
    foundations = list(state["foundations"])
    if move.source == "waste":
        waste.pop()
    else:
        del tableau[move.source_index][-len(cards):]
        pile = tableau[move.source_index]
        if pile and down[move.source_index] >= len(pile):
            down[move.source_index] = len(pile) - 1
    if move.dest == "foundation":
        foundations[move.dest_index] = move.card
    else:
        tableau[move.dest_index].extend(cards)
    return {**state, "tableau": tableau, "down": down, "waste": waste,
            "foundations": foundations}


def draw_card(state: State) -> State:
    """Turn the stock's next card onto the waste (draw one); with the stock empty, turn the
    waste over to form the stock again. The step an interactive game needs besides moves."""
    stock, waste = list(state["stock"]), list(state["waste"])
    if stock:
        waste.append(stock.pop())
    else:
        stock, waste = waste[::-1], []
    return {**state, "stock": stock, "waste": waste}


def is_won(state: State) -> bool:
    return all(top and card_rank(top) == 13 for top in state["foundations"])


def reveals(state: State, move: Move) -> bool:
    """The move leaves a face-down card on top of its pile (so it turns face up)."""
    if move.source != "pile":
        return False
    i = move.source_index
    return state["down"][i] > 0 and state["tableau"][i].index(move.card) == state["down"][i]


def empties(state: State, move: Move) -> bool:
    """The move empties its pile without filling an empty one (a king shuffled from one
    otherwise empty pile to another changes nothing)."""
    if move.source != "pile":
        return False
    i = move.source_index
    bare = state["down"][i] == 0 and state["tableau"][i].index(move.card) == 0
    return bare and not (move.dest == "pile" and not state["tableau"][move.dest_index])


def is_effective(state: State, move: Move) -> bool:
    """Goes to a foundation, turns a face-down card over, or empties a pile."""
    return move.dest == "foundation" or reveals(state, move) or empties(state, move)


@dataclass(frozen=True)
class Checks:
    """The three deadlock checks."""

    stock_empty: bool  # stock and waste are both empty
    foundation_moves: tuple[Move, ...]
    opening_moves: tuple[Move, ...]  # pile-to-pile moves that reveal or empty

    @property
    def deadlock(self) -> bool:
        return self.stock_empty and not self.foundation_moves and not self.opening_moves


def foundation_moves(state: State) -> list[Move]:
    """Top cards (of the piles, then the waste) that fit a foundation, with each foundation
    they fit."""
    tops = [("pile", i, p[-1]) for i, p in enumerate(state["tableau"]) if p]
    if state["waste"]:
        tops.append(("waste", 0, state["waste"][-1]))
    return [Move(card, kind, i, "foundation", f) for kind, i, card in tops
            for f, top in enumerate(state["foundations"]) if fits_foundation(card, top)]


def opening_moves(state: State) -> list[Move]:
    """Pile-to-pile moves of a pile's lowest face-up card (with the cards on it): the only
    moves that turn a face-down card over or empty a pile."""
    tableau, down = state["tableau"], state["down"]
    moves = []
    for a, pile in enumerate(tableau):
        if not pile:
            continue
        base = pile[down[a]]
        for b, target in enumerate(tableau):
            if b == a:
                continue
            if target:
                if fits_on(base, target[-1]):
                    moves.append(Move(base, "pile", a, "pile", b))
            elif card_rank(base) == 13 and down[a] > 0:
                moves.append(Move(base, "pile", a, "pile", b))
    return moves


def checks(state: State) -> Checks:
    return Checks(not state["stock"] and not state["waste"], tuple(foundation_moves(state)),
                  tuple(opening_moves(state)))


def visible(state: State) -> int:
    """Face-up tableau cards + non-empty foundations + 1 for a non-empty waste: the measure
    of how busy the picture is."""
    up = sum(len(p) - d for p, d in zip(state["tableau"], state["down"], strict=True))
    return up + sum(1 for f in state["foundations"] if f) + (1 if state["waste"] else 0)


# ----------------------------------------------------------------------------- positions

STOP = 0.2  # chance a face-up run stops after each card
EMPTY_PILE = 0.08
# The cards that may lie on each card in the tableau (one rank lower, other colour).
FITS = {card: tuple(c for c in DECK if fits_on(c, card)) for card in DECK}
STARTS = tuple(c for c in DECK if card_rank(c) >= 2)


def random_state(rng: random.Random, stock_empty: bool = False,
                 no_foundation: bool = False,
                 visible_range: tuple[int, int] = (0, 99)) -> State | None:
    """A mid-game position: 0-2 foundations started (ace up to at most a 5), each pile 0-4
    face-down cards under an alternating-colour run that starts from a king down to a 2 and
    stops with chance STOP after each card (a pile is empty with chance EMPTY_PILE), the rest
    in the stock with 0-3 cards drawn to the waste. With `stock_empty`, the cards left over go
    face down into the piles instead, so stock and waste are empty. With `no_foundation`, a
    run whose last card could go to a foundation stops one card earlier (and a waste top that
    could is drawn again), so no card can go to a foundation. The runs are then cut short or
    grown by fitting cards until the visible cards (see `visible`) fall in `visible_range`.
    None when a plan cannot be met (the caller draws again)."""
    deck = list(DECK)
    rng.shuffle(deck)
    left = set(deck)
    foundations = [""] * FOUNDATIONS
    for slot, suit in zip(rng.sample(range(FOUNDATIONS), rng.randint(0, 2)),
                          rng.sample(CARD_SUITS, 2), strict=False):
        top = rng.randint(1, 5)
        foundations[slot] = make_card(top, suit)
        left -= {make_card(r, suit) for r in range(1, top + 1)}

    def playable(card: str) -> bool:
        return no_foundation and any(fits_foundation(card, f) for f in foundations)

    runs: list[list[str]] = []
    for _ in range(PILES):
        if rng.random() < EMPTY_PILE:
            runs.append([])
            continue
        card = rng.choice(STARTS)
        while card not in left:
            card = rng.choice(STARTS)
        left.discard(card)
        run = [card]
        while rng.random() >= STOP:
            nxt = [c for c in FITS[run[-1]] if c in left]
            if not nxt:
                break
            run.append(rng.choice(nxt))
            left.discard(run[-1])
        runs.append(run)
    drawn = 0 if stock_empty else rng.randint(0, 3)
    shown = sum(1 for f in foundations if f) + (1 if drawn else 0)
    low, high = visible_range
    if not _fit_runs(rng, runs, left, low - shown, high - shown):
        return None
    for run in runs:
        while run and playable(run[-1]):
            left.add(run.pop())
        if run == []:
            return None
    if not low <= shown + sum(map(len, runs)) <= high:
        return None
    rest = [c for c in deck if c in left]
    tableau, down = [], []
    for run in runs:
        hidden = 0 if not run else rng.randint(0, 4)
        hidden = min(hidden, len(rest))
        tableau.append([rest.pop() for _ in range(hidden)] + run)
        down.append(hidden)
    waste: list[str] = []
    if stock_empty:
        filled = [k for k in range(PILES) if tableau[k]]
        if not filled:
            return None
        while rest:
            i = rng.choice(filled)
            tableau[i].insert(0, rest.pop())
            down[i] += 1
    else:
        for _ in range(drawn):
            if rest:
                waste.append(rest.pop())
        if not rest and not waste:
            return None  # asked for cards to draw, and none are left
        if waste and playable(waste[-1]):
            swap = [k for k, c in enumerate(rest) if not playable(c)]
            if not swap:
                return None
            k = rng.choice(swap)
            waste[-1], rest[k] = rest[k], waste[-1]
    return {"tableau": tableau, "down": down, "stock": rest, "waste": waste,
            "foundations": foundations}


def _fit_runs(rng: random.Random, runs: list[list[str]], left: set[str], low: int,
              high: int) -> bool:
    """Cut runs short (never below one card) or grow them by fitting cards until their total
    length is in [low, high]; False when that cannot be done."""
    total = sum(map(len, runs))
    while total > high:
        long = [r for r in runs if len(r) >= 2]
        if not long:
            return False
        left.add(rng.choice(long).pop())
        total -= 1
    while total < low:
        growable = [(r, [c for c in FITS[r[-1]] if c in left]) for r in runs if r]
        growable = [(r, fits) for r, fits in growable if fits]
        if not growable:
            return False
        run, fits = rng.choice(growable)
        run.append(rng.choice(fits))
        left.discard(run[-1])
        total += 1
    return True
