"""Spider solitaire question types (GameQA spider ids 0-6).

Positions are built directly (see `rules.build`) with consistent card counts, so each task can
ask for what its answer needs: a number of deals made, face-down cards turned, an empty pile,
a complete run, a position where no card can move. Asked about a state another task built, a
task takes any position with the level's number of piles and suits.
"""

from __future__ import annotations

import re
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, choice_question
from ...core.answers import hedged
from ...core.errors import Unaskable
from ...core.options import sibling_sequences
from ...core.text import card_name, card_rank, ordinal, parse_card, plural
from ...core.text import clean_answer as clean
from . import rules
from .rules import DEALS, RUN, Move, Plan, State

EMPTY_SHARE = 0.1  # positions with an empty pile, for tasks that do not ask for one
FOUNDATION_SHARE = 0.15
MOVE_HINT = "Answer with one move written as: move card <i> of pile <s> to pile <d>."


def new_plan(draw: Draw, **fixed: Any) -> Plan:
    p = draw.params
    values = {
        "piles": p["piles"], "suits": p["suits"],
        "deals": draw.rng.randint(0, p["deals"]),
        "reveals": draw.rng.randint(0, p["reveals"]),
        "empty": 1 if draw.rng.random() < EMPTY_SHARE else 0,
        "foundations": 1 if draw.rng.random() < FOUNDATION_SHARE else 0,
    }
    values.update(fixed)
    return Plan(**values)


def make(draw: Draw, plan: Plan) -> State:
    state = rules.build(draw.rng, plan)
    if state is None:
        raise Retry
    draw.claim(state)
    return state


def level_state(draw: Draw, state: State) -> State:
    if len(state["piles"]) != draw.params["piles"] or state["suits"] != draw.params["suits"]:
        raise Unaskable
    return state


def move_text(move: Move) -> str:
    return f"move card {move.start} of pile {move.source} to pile {move.dest}"


_MOVE_RE = re.compile(r"^(?:move\s+)?card\s*(\d+)\s+(?:of|from|in)\s+pile\s*(\d+)\s+"
                      r"(?:to|onto|->)\s+pile\s*(\d+)$")


def parse_move(answer: str) -> Move | None:
    text = clean(answer)
    match = _MOVE_RE.match(text) if len(text) < 80 else None
    if not match:
        return None
    return Move(int(match.group(2)), int(match.group(1)), int(match.group(3)))


def in_range(state: State, move: Move) -> bool:
    n = len(state["piles"])
    return 0 <= move.source < n and 0 <= move.dest < n


def pile_words(state: State, pile: int) -> str:
    cards = state["piles"][pile]
    if not cards:
        return f"pile {pile} is empty"
    down = state["down"][pile]
    up = ", ".join(card_name(c) for c in cards[down:])
    return (f"pile {pile} has {plural(down, 'face-down card')} (cards 0-{down - 1}) then "
            f"{up}" if down else f"pile {pile} has no face-down card: {up}")


# ----------------------------------------------------------------------------- perception

class DealsLeft(Task):
    name = "deals_left"
    description = "How many deals the stock still holds"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        left = draw.target(list(range(DEALS - draw.params["deals"], DEALS + 1)))
        return self.ask(draw, make(draw, new_plan(draw, deals=DEALS - left)))

    def ask(self, draw: Draw, state: State) -> Question:
        state = level_state(draw, state)
        n, stock = len(state["piles"]), len(state["stock"])
        left = rules.deals_left(state)
        analysis = (f"The stock holds {stock} cards and each deal uses {n} of them, one per "
                    f"pile: {stock} / {n} = {left}.")
        text = ("How many more deals does the stock hold (each deal puts one card on every "
                "pile)?")
        return Question(state, text, str(left), analysis, meta={"deals_left": left})


class TopCard(Task):
    name = "top_card"
    description = "The exposed card of a pile"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, make(draw, new_plan(draw)))

    def ask(self, draw: Draw, state: State) -> Question:
        state = level_state(draw, state)
        rank = draw.target(list(range(1, RUN + 1)), "rank")
        piles = [i for i, p in enumerate(state["piles"]) if p and card_rank(p[-1]) == rank]
        if not piles:
            raise Retry
        k = draw.rng.choice(piles)
        cards = state["piles"][k]
        top = cards[-1]
        analysis = (f"Pile {k} holds {len(cards)} cards, numbered 0-{len(cards) - 1} from the "
                    f"bottom; the last one, card {len(cards) - 1}, is its exposed card: the "
                    f"{card_name(top)}.")
        text = f"Which card is on top of pile {k} (its exposed card)?"
        return Question(state, text, card_name(top), analysis, meta={"pile": k, "card": top})

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        return 1.0 if parse_card(answer) == meta["card"] else 0.0

    answer_hint = "Answer with the card, e.g. 7 of spades."


class FaceDownCount(Task):
    name = "face_down_count"
    description = "Face-down cards over all piles"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        turned = draw.target(list(range(draw.params["reveals"] + 1)))
        return self.ask(draw, make(draw, new_plan(draw, reveals=turned, empty=0)))

    def ask(self, draw: Draw, state: State) -> Question:
        state = level_state(draw, state)
        down = state["down"]
        total = sum(down)
        analysis = ("Face-down cards per pile: " + ", ".join(
            f"pile {i}: {d}" for i, d in enumerate(down)) + f". In total: "
            f"{' + '.join(map(str, down))} = {total}.")
        text = ("How many face-down cards are there in the piles altogether (not counting the "
                "stock)?")
        return Question(state, text, str(total), analysis, meta={"down": total})


# ----------------------------------------------------------------------------- prediction

SCENARIOS = ("blocked", "capped", "plain")
ASKED_MOST = 12  # answers asked about other tasks' positions run 1..ASKED_MOST


class FaceUpAfterDeals(Task):
    name = "face_up_after_deals"
    description = "Face-up cards of a pile after clicking the stock m times"
    qa_type = "state_prediction"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        most = draw.params["deals"]
        scenarios = [s for s in SCENARIOS if s != "capped" or most > 0]
        scenario = draw.target(scenarios, "scenario")
        if scenario == "blocked":
            plan = new_plan(draw, empty=1)
            clicks = draw.rng.randint(1, DEALS)
        elif scenario == "capped":
            plan = new_plan(draw, empty=0, deals=draw.rng.randint(1, most))
            clicks = draw.rng.randint(DEALS - plan.deals + 1, DEALS)
        else:
            plan = new_plan(draw, empty=0)
            clicks = draw.rng.randint(1, DEALS - plan.deals)
        return self._question(make(draw, plan), draw, clicks)

    def ask(self, draw: Draw, state: State) -> Question:
        """The pile and the clicks are chosen to land on a balanced answer: a random pile of
        a random position mostly has few face-up cards."""
        state = level_state(draw, state)
        want = draw.target(list(range(1, ASKED_MOST + 1)), "asked")
        fits = [(k, clicks) for k in range(len(state["piles"])) if state["piles"][k]
                for clicks in range(1, DEALS + 1)
                if self._count(state, k, clicks) == want]
        if not fits:
            raise Retry
        k, clicks = draw.rng.choice(fits)
        return self._question(state, draw, clicks, k)

    @staticmethod
    def _count(state: State, k: int, clicks: int) -> int:
        added = 0 if not all(state["piles"]) else min(clicks, rules.deals_left(state))
        return rules.face_up(state, k) + added

    @staticmethod
    def _question(state: State, draw: Draw, clicks: int, k: int | None = None) -> Question:
        if k is None:
            k = draw.rng.choice([i for i, p in enumerate(state["piles"]) if p])
        up = rules.face_up(state, k)
        left = rules.deals_left(state)
        empty = [i for i, p in enumerate(state["piles"]) if not p]
        lines = [f"Pile {k} has {plural(up, 'face-up card')} now."]
        if empty:
            added = 0
            lines.append(f"Pile {empty[0]} is empty, and dealing is not allowed while any pile "
                         f"is empty, so no click deals: pile {k} keeps {up}.")
        else:
            added = min(clicks, left)
            lines.append(f"No pile is empty, so dealing is allowed. The stock holds "
                         f"{plural(left, 'deal')}, so {clicks} click(s) deal min({clicks}, "
                         f"{left}) = {added} time(s), each adding one face-up card to pile {k}: "
                         f"{up} + {added} = {up + added}.")
        answer = up + added
        text = (f"If the stock is clicked {clicks} time(s) now, with no other move in between, "
                f"how many face-up cards will pile {k} have? A click deals when dealing is "
                "allowed and does nothing otherwise.")
        return Question(state, text, str(answer), "\n".join(lines),
                        meta={"pile": k, "clicks": clicks})


OUTCOMES = ("succeeds", "no such card", "face-down", "not a run", "wrong rank")
_OUTCOME_OF = {None: 0, "missing": 1, "face-down": 2, "not a run": 3, "rank": 4}
_OUTCOME_WORDS = (
    ("succeed", "succeeds", "success", "successful"),
    ("no such card", "does not exist", "doesn't exist", "missing"),
    ("face-down", "face down", "facedown"),
    ("not a run", "no run", "not a descending run", "not one suit"),
    ("wrong rank", "rank mismatch", "not one rank higher"),
)


def outcome_of(answer: str) -> int | None:
    """Which of the five outcomes an open answer names (None unless exactly one)."""
    text = clean(answer)
    if len(text) > 120 or hedged(text, [w for words in _OUTCOME_WORDS for w in words]):
        return None
    hits = {k for k, words in enumerate(_OUTCOME_WORDS)
            if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text) for w in words)}
    return hits.pop() if len(hits) == 1 else None


class MoveOutcome(Task):
    name = "move_outcome"
    description = "What happens when card i of one pile is moved to another pile"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, make(draw, new_plan(draw)))

    def ask(self, draw: Draw, state: State) -> Question:
        state = level_state(draw, state)
        want = draw.target(list(range(len(OUTCOMES))))
        move = self._move_for(draw, state, want)
        got = _OUTCOME_OF[rules.why_illegal(state, move)]
        assert got == want, (got, want, move)
        s, i, d = move.source, move.start, move.dest
        options = [
            "The move succeeds",
            f"It fails: pile {s} has no card number {i}",
            f"It fails: card {i} of pile {s} is face down",
            f"It fails: the cards from card {i} to the top of pile {s} are not a run of one "
            "suit, each one rank lower than the card under it",
            f"It fails: the exposed card of pile {d} is not one rank higher than card {i}",
        ]
        text = (f"Card {i} of pile {s} (cards numbered from 0 at the bottom), together with "
                f"every card on top of it, is moved onto pile {d}. What happens? When the move "
                "fails for more than one reason, the first reason in the order of the options "
                "is the answer.")
        open_text = (f"Card {i} of pile {s} (cards numbered from 0 at the bottom), together with "
                     f"every card on top of it, is moved onto pile {d}. What happens? Checking "
                     "in this order, say whether it 'succeeds', or fails because there is 'no "
                     "such card', the card is 'face-down', the moving cards are 'not a run', or "
                     "the destination has the 'wrong rank'; give the first failure found.")
        analysis = self._analysis(state, move)
        return choice_question(state, text, options, want, analysis,
                               {"move": move_text(move), "outcome": OUTCOMES[want]},
                               open=OpenForm(OUTCOMES[want], open_text,
                                             meta={"outcome": want},
                                             hint="Answer with one of: succeeds, no such card, "
                                                  "face-down, not a run, wrong rank."))

    @staticmethod
    def _move_for(draw: Draw, state: State, want: int) -> Move:
        piles, down = state["piles"], state["down"]
        n = len(piles)
        rng = draw.rng
        if want == 0:
            moves = rules.legal_moves(state)
            if not moves:
                raise Retry
            return rng.choice(moves)
        s = rng.randrange(n)
        d = rng.choice([j for j in range(n) if j != s])
        cards = piles[s]
        if want == 1:
            return Move(s, len(cards) + rng.randint(0, 2), d)
        if want == 2:
            if not down[s]:
                raise Retry
            return Move(s, rng.randrange(down[s]), d)
        if not cards:
            raise Retry
        start = rules.run_start(state, s)
        if want == 3:
            if start <= down[s]:
                raise Retry
            return Move(s, rng.randrange(down[s], start), d)
        i = rng.randrange(start, len(cards))
        wrong = [j for j in range(n) if j != s and piles[j]
                 and card_rank(piles[j][-1]) != card_rank(cards[i]) + 1]
        if not wrong:
            raise Retry
        return Move(s, i, rng.choice(wrong))

    @staticmethod
    def _analysis(state: State, move: Move) -> str:
        s, i, d = move.source, move.start, move.dest
        cards, down = state["piles"][s], state["down"][s]
        lines = [f"Pile {s} holds {plural(len(cards), 'card')}, numbered 0-{len(cards) - 1}; "
                 f"the first {down} are face down."]
        if i >= len(cards):
            lines.append(f"There is no card {i} (card {i} would be the {ordinal(i + 1)} from "
                         "the bottom), so the move fails: no such card.")
            return "\n".join(lines)
        lines.append(f"Card {i} is the {ordinal(i + 1)} card from the bottom.")
        if i < down:
            lines.append("It is face down, so it cannot move: the move fails.")
            return "\n".join(lines)
        moving = cards[i:]
        lines.append("The cards from it to the top are: "
                     + ", ".join(card_name(c) for c in moving) + ".")
        if not rules.is_run(moving):
            lines.append("They are not a run of one suit descending one rank at a time, so "
                         "they cannot move together: the move fails.")
            return "\n".join(lines)
        lines.append("They form a run of one suit, so they may move as a unit.")
        target = state["piles"][d]
        if not target:
            lines.append(f"Pile {d} is empty and takes any card: the move succeeds.")
        elif card_rank(target[-1]) == card_rank(cards[i]) + 1:
            lines.append(f"The exposed card of pile {d} is the {card_name(target[-1])}, one rank "
                         f"higher than the {card_name(cards[i])}: the move succeeds.")
        else:
            lines.append(f"The exposed card of pile {d} is the {card_name(target[-1])}, not one "
                         f"rank higher than the {card_name(cards[i])}: the move fails.")
        return "\n".join(lines)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        return 1.0 if outcome_of(answer) == meta["outcome"] else 0.0


# ----------------------------------------------------------------------------- strategy

RANK_WORDS = {11: "jack", 12: "queen", 13: "king"}
NO_NEED = "no move needed"
IMPOSSIBLE = "impossible"
REVEAL_HINT = (f"Answer with one move written as: move card <i> of pile <s> to pile <d>; or "
               f"'{NO_NEED}' if the pile has no face-down card; or '{IMPOSSIBLE}' if no single "
               "move can turn its face-down card over now.")
SIDE_MOVES = 6


def reveal_moves(state: State, k: int) -> list[Move]:
    """The legal moves that leave the top face-down card of pile k exposed."""
    down = state["down"][k]
    if not down:
        return []
    return [m for m in rules.legal_moves(state) if m.source == k and m.start == down]


def side_moves(draw: Draw, state: State, bad: Any, count: int) -> list[Move]:
    """`count` moves for which `bad(move)` is False: legal moves elsewhere, part-runs, slips
    onto a wrong pile or from a face-down card, drawn from several kinds."""
    n = len(state["piles"])
    rng = draw.rng
    pools: list[list[Move]] = [rules.legal_moves(state), [], [], []]
    for s, cards in enumerate(state["piles"]):
        if not cards:
            continue
        start = rules.run_start(state, s)
        for i in range(max(0, state["down"][s] - 1), len(cards)):
            for d in range(n):
                if d == s:
                    continue
                kind = 1 if i >= start else 2 if i >= state["down"][s] else 3
                pools[kind].append(Move(s, i, d))
    found: list[Move] = []
    seen: set[Move] = set()
    for _ in range(400):
        if len(found) == count:
            return found
        pool = rng.choice([p for p in pools if p] or [[]])
        if not pool:
            break
        move = rng.choice(pool)
        if move not in seen and not bad(move):
            seen.add(move)
            found.append(move)
    raise Retry


def sibling_moves(draw: Draw, state: State, answer: Move, count: int, ok: Any) -> list[Move]:
    """`count` moves for which `ok(move)` holds, each one change (card number, source or
    destination pile) away from a hidden parent that is itself one change from `answer`, so
    the answer is one more sibling rather than the centre of the options."""
    n = len(state["piles"])

    def mutate(rng: Any, fields: list[int]) -> list[int]:
        start, source, dest = fields
        which = rng.randrange(3)
        if which == 0:
            start = rng.choice([v for v in range(max(0, start - 3), start + 4) if v != start])
        elif which == 1:
            source = rng.choice([j for j in range(n) if j != source])
        else:
            dest = rng.choice([j for j in range(n) if j != dest])
        return [start, source, dest]

    found = sibling_sequences(draw.rng, [answer.start, answer.source, answer.dest], count,
                              mutate, lambda f: ok(Move(f[1], f[0], f[2])))
    return [Move(f[1], f[0], f[2]) for f in found]


class RevealMove(Task):
    name = "reveal_move"
    description = "How to turn over the first face-down card of a pile"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        slot = draw.slot(8, "letter")
        if slot == 0:
            k = draw.rng.randrange(draw.params["piles"])
            state = make(draw, new_plan(draw, cleared=(k,), empty=0))
            return self._question(draw, state, k, slot)
        return self._question(draw, make(draw, new_plan(draw)), None, slot)

    def ask(self, draw: Draw, state: State) -> Question:
        return self._question(draw, level_state(draw, state), None, draw.slot(8, "letter"))

    def _question(self, draw: Draw, state: State, k: int | None, slot: int) -> Question:
        piles, down = state["piles"], state["down"]
        n = len(piles)
        if k is None:
            if slot == 0:
                pick = [i for i in range(n) if piles[i] and not down[i]]
            elif slot == 1:
                pick = [i for i in range(n) if down[i] and not reveal_moves(state, i)]
            else:
                pick = [i for i in range(n) if reveal_moves(state, i)]
            if not pick:
                raise Retry
            k = draw.rng.choice(pick)
        good = reveal_moves(state, k)
        right = draw.rng.choice(good) if slot >= 2 else None

        others = sibling_moves(draw, state, right or self._phantom(draw, state, k),
                               SIDE_MOVES - (1 if right else 0),
                               lambda m: m not in good and m.source != m.dest)
        moves = [*others[:slot - 2], right, *others[slot - 2:]] if right else others
        options = ["No move is needed: the pile has no face-down card",
                   "No single move can do it now",
                   *(move_text(m).capitalize() for m in moves)]
        if len(set(options)) != len(options):
            raise Retry
        answer = NO_NEED if slot == 0 else IMPOSSIBLE if slot == 1 else move_text(right)
        text = (f"How can the top face-down card of pile {k} be turned face up with one move "
                "now?")
        open_text = (f"With one move now, how can the top face-down card of pile {k} be turned "
                     "face up?")
        analysis = self._analysis(state, k, good, right)
        return choice_question(state, text, options, slot, analysis,
                               {"pile": k, "answer": answer},
                               open=OpenForm(answer, open_text, meta={"pile": k},
                                             hint=REVEAL_HINT))

    @staticmethod
    def _phantom(draw: Draw, state: State, k: int) -> Move:
        """A move of the right shape to hang the wrong moves on when none is right."""
        n = len(state["piles"])
        return Move(k, state["down"][k], draw.rng.choice([j for j in range(n) if j != k]))

    @staticmethod
    def _analysis(state: State, k: int, good: list[Move], right: Move | None) -> str:
        cards, down = state["piles"][k], state["down"][k]
        words = pile_words(state, k)
        lines = [words[0].upper() + words[1:] + "."]
        if not down:
            lines.append("There is no face-down card to turn over, so no move is needed.")
            return "\n".join(lines)
        moving = cards[down:]
        lines.append(f"To expose card {down - 1}, the face-down card on top of the others, "
                     f"every face-up card above it (card {down} up to the top) must leave "
                     "in one move.")
        if not rules.is_run(moving):
            lines.append("Those cards are not one run of one suit, so they cannot move "
                         "together: no single move can do it now.")
            return "\n".join(lines)
        head = cards[down]
        need = card_rank(head) + 1
        wanted = f"rank {need}" + (f" (a {RANK_WORDS[need]})" if need in RANK_WORDS else "")
        lines.append(f"They form a run headed by the {card_name(head)}, which can go onto an "
                     f"empty pile or onto an exposed card of {wanted}.")
        if not good:
            lines.append("No pile is empty and no exposed card has that rank, so no single "
                         "move can do it now.")
            return "\n".join(lines)
        targets = ", ".join(f"pile {m.dest}" for m in good)
        lines.append(f"Piles that take it: {targets}. For example, {move_text(right or good[0])}.")
        return "\n".join(lines)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        k = meta["pile"]
        text = clean(answer)
        if not state["down"][k]:
            return 1.0 if text in (NO_NEED, "none needed", "no move is needed", "none") else 0.0
        good = reveal_moves(state, k)
        if not good:
            return 1.0 if text in (IMPOSSIBLE, "not possible", "no single move") else 0.0
        move = parse_move(answer)
        return 1.0 if move is not None and move in good else 0.0


COLLECT_RE = re.compile(r"^(?:move\s+)?(?:the\s+)?(?:complete\s+)?(?:king-to-ace\s+)?run\s+"
                        r"(?:on top\s+)?of\s+pile\s*(\d+)\s+to\s+the\s+foundations?$")
DEAL = "deal"
# Asked about other tasks' positions, the rule nearly always picks a move (letters A-F, each
# on a balanced schedule): such items are kept at this weight so that the letters of a dense
# dataset stay near even.
ASK_MOVE_WEIGHT = 0.5


def best_answers(state: State) -> tuple[str, list[str]]:
    """The priority rule's kind of best move and every move that fits it (as text)."""
    n = len(state["piles"])
    runs = [i for i in range(n) if rules.complete_run(state, i)]
    if runs:
        return "collect", [collect_text(i) for i in runs]
    legal = rules.legal_moves(state)
    onto = [m for m in legal if state["piles"][m.dest]]
    if onto:
        most = max(len(state["piles"][m.source]) - m.start for m in onto)
        return "onto", [move_text(m) for m in onto
                        if len(state["piles"][m.source]) - m.start == most]
    to_empty = [m for m in legal if not state["piles"][m.dest] and m.start > 0]
    if to_empty:
        most = max(len(state["piles"][m.source]) - m.start for m in to_empty)
        return "empty", [move_text(m) for m in to_empty
                         if len(state["piles"][m.source]) - m.start == most]
    if rules.can_deal(state):
        return "deal", [DEAL]
    return "none", []


def collect_text(pile: int) -> str:
    return f"move the run of pile {pile} to the foundations"


def read_best(answer: str) -> str | None:
    text = clean(answer)
    if text in (DEAL, "deal from the stock", "deal a new row from the stock", "deal a new row"):
        return DEAL
    match = COLLECT_RE.match(text) if len(text) < 100 else None
    if match:
        return collect_text(int(match.group(1)))
    move = parse_move(answer)
    return move_text(move) if move is not None else None


PRIORITY = (
    "Choose the move by this priority: (1) if a pile ends in a complete run from king down to "
    "ace of one suit, move that run to the foundations; (2) otherwise, if a card or run can "
    "move onto a pile whose exposed card is one rank higher, make such a move that carries the "
    "most cards; (3) otherwise, if a pile is empty, move onto it the longest run that can go "
    "there without emptying its own pile; (4) otherwise, deal from the stock."
)


class BestMove(Task):
    name = "best_move"
    description = "The best move now under a stated priority rule"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        p = draw.params
        n = p["piles"]
        # A complete run needs 13 face-up cards in one pile and one in each other pile.
        can_collect = n * (1 + p["deals"]) + p["reveals"] >= RUN + n - 1
        slot = draw.slot(8 if can_collect else 7, "letter")
        if slot == 7:
            k = draw.rng.randrange(n)
            suit = draw.rng.choice(rules.SUIT_SETS[p["suits"]])
            plan = new_plan(draw, deals=p["deals"], reveals=p["reveals"], empty=0,
                            plants={k: rules.complete_run_cards(suit)})
        elif slot == 6:
            plan = new_plan(draw, empty=0, tops=self._spread_ranks(draw))
        elif draw.rng.random() < 0.25:
            plan = new_plan(draw, empty=1, tops=self._spread_ranks(draw))
        else:
            plan = new_plan(draw)
        return self._question(draw, make(draw, plan), slot)

    def ask(self, draw: Draw, state: State) -> Question:
        state = level_state(draw, state)
        kind, _ = best_answers(state)
        slot = {"collect": 7, "deal": 6}.get(kind)
        if slot is None:
            slot = draw.slot(6, "asked letter")
        draw.keep({"collect": 1.0, "deal": 1.0}.get(kind, ASK_MOVE_WEIGHT))
        return self._question(draw, state, slot)

    @staticmethod
    def _spread_ranks(draw: Draw) -> frozenset[int]:
        """Ranks no two of which are adjacent, so no exposed card takes another."""
        ranks = list(range(1, RUN + 1))
        draw.rng.shuffle(ranks)
        chosen: set[int] = set()
        for r in ranks:
            if r - 1 not in chosen and r + 1 not in chosen:
                chosen.add(r)
        return frozenset(chosen)

    def _question(self, draw: Draw, state: State, slot: int) -> Question:
        kind, best = best_answers(state)
        want = {7: "collect", 6: "deal"}.get(slot)
        if kind == "none" or (want is not None and kind != want) or \
                (want is None and kind not in ("onto", "empty")):
            raise Retry
        n = len(state["piles"])
        collect_pile = next((i for i in range(n) if rules.complete_run(state, i)),
                            draw.rng.randrange(n))
        answer = draw.rng.choice(best)
        right = parse_move(answer) if kind in ("onto", "empty") else None
        best_set = set(best)
        others = side_moves(draw, state, lambda m: move_text(m) in best_set
                            or m.source == m.dest, SIDE_MOVES - (1 if right else 0))
        moves = [*others[:slot], right, *others[slot:]] if right else others
        options = [*(move_text(m).capitalize() for m in moves), "Deal from the stock",
                   collect_text(collect_pile).capitalize()]
        if len(set(options)) != len(options):
            raise Retry
        text = PRIORITY + " Which move does this rule choose now?"
        open_text = PRIORITY + " Which move does this rule choose now?"
        analysis = self._analysis(state, kind, best, answer)
        hint = (MOVE_HINT[:-1] + "; or 'deal'; or: move the run of pile <s> to the "
                "foundations.")
        return choice_question(state, text, options, slot, analysis, {"kind": kind},
                               open=OpenForm(answer, open_text, meta={"best": best},
                                             hint=hint))

    @staticmethod
    def _analysis(state: State, kind: str, best: list[str], answer: str) -> str:
        piles = state["piles"]
        lines = []
        if kind == "collect":
            pile = int(re.findall(r"\d+", answer)[0])
            lines.append(f"(1) Pile {pile} ends in a complete run from king down to ace of one "
                         f"suit, so the rule moves it to the foundations: {answer}.")
            return "\n".join(lines)
        lines.append("(1) No pile ends in a complete king-to-ace run.")
        onto = [m for m in rules.legal_moves(state) if piles[m.dest]]
        if onto:
            listed = "; ".join(f"{move_text(m)} ({plural(len(piles[m.source]) - m.start, 'card')})"
                               for m in onto)
            lines.append(f"(2) Moves onto an exposed card one rank higher: {listed}.")
            move = parse_move(answer)
            assert move is not None
            most = len(piles[move.source]) - move.start
            lines.append(f"The most cards carried is {most}; "
                         f"{'the move' if len(best) == 1 else 'one such move'}: {answer}.")
            return "\n".join(lines)
        lines.append("(2) No card or run can move onto an exposed card one rank higher.")
        if kind == "empty":
            move = parse_move(answer)
            assert move is not None
            lines.append(f"(3) Pile {move.dest} is empty. The longest run that can go there "
                         f"without emptying its own pile has "
                         f"{plural(len(piles[move.source]) - move.start, 'card')}: {answer}.")
            return "\n".join(lines)
        lines.append("(3) No pile is empty.")
        lines.append("(4) So the rule deals from the stock.")
        return "\n".join(lines)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        read = read_best(answer)
        return 1.0 if read is not None and read in meta["best"] else 0.0


TASKS = [DealsLeft(), TopCard(), FaceDownCount(), FaceUpAfterDeals(), MoveOutcome(),
         RevealMove(), BestMove()]
