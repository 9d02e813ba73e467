"""Spider solitaire rules: positions, legal moves, dealing, completed runs, and a builder of
mid-game positions.

A state is JSON: `piles` (each listed from its bottom card to its exposed card), `down` (how
many cards at the bottom of each pile are face down), `stock` (the cards still to deal, face
down), `foundations` (the suit of each completed run removed so far) and `suits` (1, 2 or 4
suits in the two decks). Cards are written as in `core.text` ("KS", "10H").

Rules: a card, or a run of cards of one suit each one rank lower than the card under it, may
move onto a pile whose exposed card is one rank higher (of any suit), or onto an empty pile.
A face-down card left exposed turns face up. Dealing gives every pile one face-up card from
the stock and is not allowed while any pile is empty. A complete run from king down to ace of
one suit on top of a pile may be moved to the foundations.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ...core.text import card_rank, make_card

SUIT_SETS = {1: ("S",), 2: ("S", "H"), 4: ("S", "H", "D", "C")}
DEALS = 5
CARDS = 104
RUN = 13

State = dict[str, Any]


@dataclass(frozen=True)
class Move:
    """Card number `start` of pile `source` (0 = the bottom card) and every card on top of it,
    onto pile `dest`."""

    source: int
    start: int
    dest: int


def initial_down(piles: int) -> list[int]:
    """Face-down cards per pile at the deal: 104 - 6 x piles of them, dealt round-robin."""
    base, extra = divmod(CARDS - 6 * piles, piles)
    return [base + 1 if i < extra else base for i in range(piles)]


def full_deck(suits: int) -> list[str]:
    copies = CARDS // (RUN * suits)
    return [make_card(r, s) for s in SUIT_SETS[suits] for r in range(1, RUN + 1)
            for _ in range(copies)]


def is_run(cards: list[str]) -> bool:
    """One suit, each card one rank lower than the card under it."""
    return all(a[-1] == b[-1] and card_rank(b) == card_rank(a) - 1
               for a, b in itertools.pairwise(cards))


def run_start(state: State, pile: int) -> int:
    """Index of the lowest card of the run that ends with the pile's exposed card
    (len(pile) for an empty pile)."""
    cards = state["piles"][pile]
    start = len(cards) - 1
    while start > state["down"][pile] and cards[start - 1][-1] == cards[start][-1] and \
            card_rank(cards[start - 1]) == card_rank(cards[start]) + 1:
        start -= 1
    return max(start, 0) if cards else 0


def why_illegal(state: State, move: Move) -> str | None:
    """None for a legal move, else the first rule broken: 'missing' (no such card),
    'face-down', 'not a run', 'rank' (the destination does not take it), 'same pile'."""
    piles = state["piles"]
    cards = piles[move.source]
    if not 0 <= move.start < len(cards):
        return "missing"
    if move.start < state["down"][move.source]:
        return "face-down"
    if not is_run(cards[move.start:]):
        return "not a run"
    if move.dest == move.source:
        return "same pile"
    target = piles[move.dest]
    if target and card_rank(target[-1]) != card_rank(cards[move.start]) + 1:
        return "rank"
    return None


def is_legal(state: State, move: Move) -> bool:
    return why_illegal(state, move) is None


def legal_moves(state: State) -> list[Move]:
    """Every legal move, by source pile, then start index (bottom first), then destination."""
    piles = state["piles"]
    moves = []
    for s, cards in enumerate(piles):
        if not cards:
            continue
        for start in range(run_start(state, s), len(cards)):
            need = card_rank(cards[start]) + 1
            for d, target in enumerate(piles):
                if d != s and (not target or card_rank(target[-1]) == need):
                    moves.append(Move(s, start, d))
    return moves


def _flip(down: list[int], piles: list[list[str]], pile: int) -> None:
    if piles[pile] and down[pile] >= len(piles[pile]):
        down[pile] = len(piles[pile]) - 1


def apply(state: State, move: Move) -> State:
    """The state after a legal move (the input is not changed)."""
    assert is_legal(state, move), move
    piles = [list(p) for p in state["piles"]]
    down = list(state["down"])
    piles[move.dest].extend(piles[move.source][move.start:])
    del piles[move.source][move.start:]
    _flip(down, piles, move.source)
    return {**state, "piles": piles, "down": down}


def complete_run(state: State, pile: int) -> bool:
    """The pile ends in a face-up run from king down to ace of one suit."""
    cards = state["piles"][pile]
    return len(cards) - state["down"][pile] >= RUN and \
        card_rank(cards[-RUN]) == RUN and is_run(cards[-RUN:])


def collect(state: State, pile: int) -> State:
    """The state after moving the complete run on top of `pile` to the foundations."""
    assert complete_run(state, pile)
    piles = [list(p) for p in state["piles"]]
    down = list(state["down"])
    suit = piles[pile][-1][-1]
    del piles[pile][-RUN:]
    _flip(down, piles, pile)
    return {**state, "piles": piles, "down": down,
            "foundations": [*state["foundations"], suit]}


def deals_left(state: State) -> int:
    return len(state["stock"]) // len(state["piles"])


def can_deal(state: State) -> bool:
    return bool(state["stock"]) and all(state["piles"])


def deal(state: State) -> State:
    """Every pile gets the next stock card face up."""
    assert can_deal(state)
    n = len(state["piles"])
    piles = [[*p, c] for p, c in zip(state["piles"], state["stock"][:n], strict=True)]
    return {**state, "piles": piles, "stock": state["stock"][n:]}


def is_won(state: State) -> bool:
    """Every card is in a completed run on the foundations."""
    return len(state["foundations"]) * RUN == CARDS


def face_up(state: State, pile: int) -> int:
    return len(state["piles"][pile]) - state["down"][pile]


# ----------------------------------------------------------------------------- positions

@dataclass
class Plan:
    """What a built position must have. `reveals` counts face-down cards turned up in piles
    that are not empty; `empty` piles have lost every card; `plants` fixes the face-up cards
    of some piles (bottom first); `tops` restricts the exposed ranks of the other piles and
    keeps their top run to one card (so no run can move onto them)."""

    piles: int
    suits: int
    deals: int
    reveals: int = 0
    empty: int = 0
    foundations: int = 0
    plants: dict[int, list[str]] = field(default_factory=dict)
    tops: frozenset[int] | None = None
    cleared: tuple[int, ...] = ()  # piles with every face-down card turned
    run_chance: float = 0.55
    longest: int = 16


def build(rng: random.Random, plan: Plan) -> State | None:
    """A mid-game position with consistent counts: the cards face up equal those dealt face
    up plus those turned over, less the completed runs; everything else is face down in the
    piles or the stock. None when the plan cannot be met (the generator draws again)."""
    n = plan.piles
    down = initial_down(n)
    empty = rng.sample(range(n), plan.empty) if plan.empty else []
    if set(empty) & (set(plan.plants) | set(plan.cleared)):
        return None
    for i in (*empty, *plan.cleared):
        down[i] = 0
    turned = sum(initial_down(n)) - sum(down)
    open_piles = [i for i in range(n) if i not in empty and down[i] > 0]
    for _ in range(plan.reveals):
        if not open_piles:
            return None
        i = rng.choice(open_piles)
        down[i] -= 1
        turned += 1
        if down[i] == 0:
            open_piles.remove(i)
    up_total = n * (1 + plan.deals) + turned - RUN * plan.foundations
    lengths = [0 if i in empty else len(plan.plants.get(i, [])) or 1 for i in range(n)]
    spare = up_total - sum(lengths)
    growable = [i for i in range(n) if i not in empty and i not in plan.plants]
    if spare < 0 or (spare and not growable):
        return None
    for _ in range(spare):
        i = rng.choice(growable)
        lengths[i] += 1
        if lengths[i] >= plan.longest:
            growable.remove(i)
            if not growable:
                return None
    counts = Counter(full_deck(plan.suits))
    suits = SUIT_SETS[plan.suits]
    found = [rng.choice(suits) for _ in range(plan.foundations)]
    for suit in found:
        if not _take_all(counts, [make_card(r, suit) for r in range(1, RUN + 1)]):
            return None
    piles: list[list[str]] = [[] for _ in range(n)]
    for i, cards in plan.plants.items():
        if not _take_all(counts, cards):
            return None
        piles[i] = list(cards)
    for i in growable_or_fixed(n, empty, plan.plants):
        cards = _face_up(rng, counts, lengths[i], plan)
        if cards is None:
            return None
        piles[i] = cards
    rest = list(counts.elements())
    rng.shuffle(rest)
    for i in range(n):
        piles[i] = [rest.pop() for _ in range(down[i])] + piles[i]
    return {"piles": piles, "down": down, "stock": rest, "foundations": found,
            "suits": plan.suits}


def growable_or_fixed(n: int, empty: list[int], plants: dict[int, list[str]]) -> list[int]:
    return [i for i in range(n) if i not in empty and i not in plants]


def _take_all(counts: Counter[str], cards: list[str]) -> bool:
    need = Counter(cards)
    if any(counts[c] < k for c, k in need.items()):
        return False
    counts.subtract(need)
    return True


def _draw(rng: random.Random, counts: Counter[str], allowed: Any = None) -> str | None:
    pool = [c for c, k in counts.items() if k > 0 and (allowed is None or allowed(c))]
    if not pool:
        return None
    card = rng.choice(pool)
    counts[card] -= 1
    return card


def _face_up(rng: random.Random, counts: Counter[str], length: int, plan: Plan
             ) -> list[str] | None:
    """Face-up cards as play leaves them: stretches of one-suit runs (moved there) broken
    by single cards (dealt there). With `plan.tops`, the exposed card has one of those ranks
    and does not continue a run."""
    cards: list[str] = []
    for k in range(length):
        last = k == length - 1
        card = None
        below = cards[-1] if cards else None
        if below is not None and not (last and plan.tops is not None) and \
                card_rank(below) > 1 and rng.random() < plan.run_chance:
            want = make_card(card_rank(below) - 1, below[-1])
            if counts[want] > 0:
                counts[want] -= 1
                card = want
        if card is None:
            if last and plan.tops is not None:
                card = _draw(rng, counts, lambda c, b=below, t=plan.tops: card_rank(c) in t
                             and not (b is not None and c[-1] == b[-1]
                                      and card_rank(c) == card_rank(b) - 1))
            else:
                card = _draw(rng, counts)
        if card is None:
            return None
        cards.append(card)
    return cards


def complete_run_cards(suit: str) -> list[str]:
    return [make_card(r, suit) for r in range(RUN, 0, -1)]

