"""Klondike played move by move: put a few more cards onto the foundations.

A whole game cannot be solved exactly here, so an episode asks for the next `cards`
foundation cards of a mid-game position the game deals for its questions. Besides the
moves of the rules, a turn may draw: the stock's next card goes onto the waste, and with the
stock empty the waste turns over into a new stock (`rules.draw_card`). Optimal length: the
fewest turns that reach the goal, by breadth-first search over positions knowing the stock
order and the face-down cards (as minesweeper's optimum knows the mines), so it is a lower
bound for a player who sees only the face-up cards. A position whose goal the search cannot
reach within SEARCH_NODES positions is drawn again.
"""

from __future__ import annotations

import json
import random
import re
from functools import lru_cache
from typing import Any, ClassVar

from ...core import Param
from ...core.errors import Retry
from ...core.task import Draw
from ...core.text import card_name, card_rank
from ...env import InvalidAction, Outcome
from ...env.actions import quoted
from ...env.search import PlannedEnv, shortest_actions
from . import rules, tasks
from .game import Klondike
from .rules import DECK, FOUNDATIONS, PILES, Move, State

SEARCH_NODES = 4_000  # positions the search may visit before a start is drawn again
DRAW = "draw"
_DRAW_RE = re.compile(r"^(?:draw(?: a card| one| from the stock)?|turn (?:over )?the stock|"
                      r"stock|deal)$")
BOARD = ("tableau", "down", "stock", "waste", "foundations")

Action = Move | str


def on_foundations(state: State) -> int:
    return sum(card_rank(top) for top in state["foundations"] if top)


def _key(state: State) -> tuple[Any, ...]:
    """Piles and foundations compared as sets: their order changes no move count."""
    return (tuple(sorted(zip(map(tuple, state["tableau"]), state["down"], strict=True))),
            tuple(state["stock"]), tuple(state["waste"]), tuple(sorted(state["foundations"])))


def _turns(state: State) -> list[tuple[Action, State]]:
    found: list[tuple[Action, State]] = [(m, rules.apply(state, m))
                                         for m in rules.legal_moves(state)]
    if state["stock"] or state["waste"]:
        found.append((DRAW, rules.draw_card(state)))
    return found


@lru_cache(maxsize=256)
def _plan(board_json: str, goal: int) -> tuple[Action, ...] | None:
    """The shortest sequence of moves and draws that brings the foundations to `goal` cards,
    or None when none is found within SEARCH_NODES positions."""
    return shortest_actions(json.loads(board_json), _turns,
                            lambda state: on_foundations(state) >= goal, _key, SEARCH_NODES)

def _board(state: State) -> State:
    return {k: state[k] for k in BOARD}


def plan_of(state: State) -> tuple[Action, ...] | None:
    return _plan(json.dumps(_board(state), sort_keys=True), state["goal"])


def action_text(action: Action) -> str:
    return DRAW if isinstance(action, str) else tasks.move_text(action)


class KlondikeEnv(PlannedEnv):
    """One move or one draw per turn; reward 1 when the foundations hold the goal's number
    of cards. A position with no legal move and nothing to draw loses."""

    name = "klondike"
    action_hint = ("one move written as: move <card> from <place> to <place>, places being "
                   "pile 1-7, the waste or foundation 1-4, e.g. <answer>move 9 of hearts from "
                   "pile 2 to pile 5</answer>; or <answer>draw</answer> to turn the stock's "
                   "next card onto the waste")
    params = (*Klondike.params,
              Param("cards", "cards to add to the foundations to win", low=1, high=6))
    presets: ClassVar[dict[str, dict[str, Any]]] = {
        level: {**preset, "cards": cards} for (level, preset), cards in
        zip(Klondike.presets.items(), (1, 2, 3), strict=True)}

    def start(self, rng: random.Random) -> dict[str, Any]:
        state = tasks.new_state(Draw(rng, self.level, dict(self.params)))
        state = {**state, "goal": on_foundations(state) + self.params["cards"]}
        if not plan_of(state):
            raise Retry
        return state

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return _board(state)

    def goal(self, state: dict[str, Any]) -> str:
        have, want = on_foundations(state), state["goal"]
        return (f"Goal: bring the foundations to {want} cards in all (they hold {have} now), "
                "one action per turn. Besides the moves above, an action may be 'draw': the "
                "stock's next card is turned face up onto the waste, and when the stock is "
                "empty, the waste is turned over to form the stock again. A move the rules "
                "forbid is refused and still uses up a turn; a position with no legal move "
                "and nothing to draw loses.")

    def parse(self, action: str, state: dict[str, Any]) -> Action:
        if _DRAW_RE.match(tasks.clean(action)):
            return DRAW
        move = tasks.parse_move(action)
        if move is None:
            raise InvalidAction(f"{quoted(action)} is neither 'draw' nor a move written as: "
                                "move <card> from <place> to <place>.")
        return move

    def apply(self, state: dict[str, Any], action: Action) -> Outcome:
        if isinstance(action, str):
            if not state["stock"] and not state["waste"]:
                raise InvalidAction("the stock and the waste are both empty: nothing to draw.")
            after = rules.draw_card(state)
            message = (f"draw: the {card_name(after['waste'][-1])} is turned onto the waste"
                       if state["stock"] else
                       "draw: the stock was empty, so the waste is turned over into the stock")
        else:
            reason = rules.why_illegal(state, action)
            if reason is not None:
                raise InvalidAction(f"{tasks.move_text(action)}: {reason}.")
            after = rules.apply(state, action)
            message = tasks.move_text(action)
            carried = len(rules.moving(state, action) or ())
            if carried > 1:
                message += f" (with the {carried - 1} card(s) on it)"
            if rules.reveals(state, action):
                pile = action.source_index
                message += (f"; the {card_name(after['tableau'][pile][-1])} on pile {pile + 1} "
                            "turns face up")
        total = on_foundations(after)
        won = total >= after["goal"]
        lost = not won and not _turns(after)
        message += f"; the foundations hold {total} of the {after['goal']} cards wanted."
        if lost:
            message += " No legal move is left and nothing can be drawn."
        return Outcome(after, message, won=won, lost=lost)

    def plan(self, state: dict[str, Any]) -> tuple[Any, ...] | None:
        return plan_of(state)

    def action_name(self, action: Any) -> str:
        return action_text(action)

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        if rng.random() < 0.2:
            return DRAW
        piles = [i for i in range(PILES) if len(state["tableau"][i]) > state["down"][i]]
        if state["waste"] and (rng.random() < 0.3 or not piles):
            card, source = state["waste"][-1], "the waste"
        elif piles:
            i = rng.choice(piles)
            card, source = rng.choice(state["tableau"][i][state["down"][i]:]), f"pile {i + 1}"
        else:
            card, source = rng.choice(DECK), f"pile {rng.randint(1, PILES)}"
        dest = f"foundation {rng.randint(1, FOUNDATIONS)}" if rng.random() < 0.3 else \
            f"pile {rng.randint(1, PILES)}"
        return f"move {card_name(card)} from {source} to {dest}"
