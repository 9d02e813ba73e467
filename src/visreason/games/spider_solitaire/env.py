"""Spider solitaire played move by move: turn a few more face-down cards face up.

Two decks cannot be played out by an exact search, so an episode asks to turn over the next
`cards` face-down cards of a mid-game position the game builds for its questions (the
progress a Spider player works for: every completed run needs the cards under it). A turn is
a move, a deal from the stock or moving a complete run to the foundations. Optimal length:
the fewest turns that reach the goal, by breadth-first search knowing the face-down cards and
the stock, so it is a lower bound for a player who sees only the face-up cards. A position
whose goal the search cannot reach within SEARCH_NODES positions is drawn again.
"""

from __future__ import annotations

import json
import random
from functools import lru_cache
from typing import Any, ClassVar

from ...core import Param
from ...core.errors import Retry
from ...core.task import Draw
from ...core.text import card_name
from ...env import InvalidAction, Outcome
from ...env.actions import quoted
from ...env.search import PlannedEnv, shortest_actions
from . import rules, tasks
from .game import SpiderSolitaire
from .rules import Move, State
from .tasks import COLLECT_RE, DEAL

SEARCH_NODES = 4_000  # positions the search may visit before a start is drawn again
BOARD = ("piles", "down", "stock", "foundations", "suits")

Action = Move | str | int  # a move, DEAL, or the pile whose complete run is collected

WHY = {
    "missing": "the pile has no card with that number",
    "face-down": "that card is face down",
    "not a run": "the cards from that card up are not a run of one suit",
    "rank": "the destination's exposed card is not one rank higher",
    "same pile": "a card cannot move onto its own pile",
}


def _key(state: State) -> tuple[Any, ...]:
    """Piles compared as a set (their order changes no move count); the stock is fixed, so
    its size says what it holds."""
    return (tuple(sorted(zip(map(tuple, state["piles"]), state["down"], strict=True))),
            len(state["stock"]), len(state["foundations"]))


def _turns(state: State) -> list[tuple[Action, State]]:
    found: list[tuple[Action, State]] = [(i, rules.collect(state, i))
                                         for i in range(len(state["piles"]))
                                         if rules.complete_run(state, i)]
    found += [(m, rules.apply(state, m)) for m in rules.legal_moves(state)]
    if rules.can_deal(state):
        found.append((DEAL, rules.deal(state)))
    return found


@lru_cache(maxsize=256)
def _plan(board_json: str, goal: int) -> tuple[Action, ...] | None:
    """The shortest sequence of turns that leaves at most `goal` cards face down in the
    piles, or None when none is found within SEARCH_NODES positions."""
    return shortest_actions(json.loads(board_json), _turns,
                            lambda state: sum(state["down"]) <= goal, _key, SEARCH_NODES)

def _board(state: State) -> State:
    return {k: state[k] for k in BOARD}


def plan_of(state: State) -> tuple[Action, ...] | None:
    return _plan(json.dumps(_board(state), sort_keys=True), state["goal"])


def action_text(action: Action) -> str:
    if isinstance(action, Move):
        return tasks.move_text(action)
    return DEAL if action == DEAL else tasks.collect_text(int(action))


class SpiderEnv(PlannedEnv):
    """One move, deal or collection per turn; reward 1 when the piles hold the goal's number
    of face-down cards. A position with no move, no deal and no run to collect loses."""

    name = "spider_solitaire"
    action_hint = ("one move written as: move card <i> of pile <s> to pile <d>, cards counted "
                   "from 0 at the bottom of the pile, e.g. <answer>move card 5 of pile 2 to "
                   "pile 7</answer>; or <answer>deal</answer>; or <answer>move the run of pile "
                   "3 to the foundations</answer>")
    params = (*SpiderSolitaire.params,
              Param("cards", "face-down cards to turn face up to win", low=1, high=6))
    presets: ClassVar[dict[str, dict[str, Any]]] = {
        level: {**preset, "cards": cards} for (level, preset), cards in
        zip(SpiderSolitaire.presets.items(), (1, 2, 3), strict=True)}

    def start(self, rng: random.Random) -> dict[str, Any]:
        draw = Draw(rng, self.level, dict(self.params))
        state = tasks.make(draw, tasks.new_plan(draw))
        state = {**state, "goal": sum(state["down"]) - self.params["cards"]}
        if state["goal"] < 0 or not plan_of(state):
            raise Retry
        return state

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return _board(state)

    def goal(self, state: dict[str, Any]) -> str:
        down = sum(state["down"])
        left = down - state["goal"]
        return (f"Goal: turn {left} more face-down card{'s' if left != 1 else ''} face up "
                f"({down} are face down in the piles now), one action per turn: a move, a "
                "deal or moving a complete run to the foundations. An action the rules forbid "
                "is refused and still uses up a turn; a position with no possible action "
                "loses.")

    def parse(self, action: str, state: dict[str, Any]) -> Action:
        text = tasks.clean(action)
        if text in (DEAL, "deal from the stock", "deal a new row", "deal a new row from the "
                    "stock"):
            return DEAL
        match = COLLECT_RE.match(text) if len(text) < 100 else None
        if match:
            pile = int(match.group(1)) if len(match.group(1)) < 4 else -1
            if not 0 <= pile < len(state["piles"]):
                raise InvalidAction(f"there is no pile {match.group(1)[:6]}.")
            return pile
        move = tasks.parse_move(action)
        if move is None:
            raise InvalidAction(f"{quoted(action)} is not 'deal', a collection or a move "
                                "written as: move card <i> of pile <s> to pile <d>.")
        if not tasks.in_range(state, move):
            raise InvalidAction(f"{tasks.move_text(move)}: piles are numbered 0-"
                                f"{len(state['piles']) - 1}.")
        return move

    def apply(self, state: dict[str, Any], action: Action) -> Outcome:
        if action == DEAL:
            if not state["stock"]:
                raise InvalidAction("the stock is empty: nothing to deal.")
            if not rules.can_deal(state):
                raise InvalidAction("dealing is not allowed while a pile is empty.")
            after = {**rules.deal(state), "goal": state["goal"]}
            message = f"deal: every pile gets one card; {rules.deals_left(after)} deal(s) left"
        elif isinstance(action, int):
            if not rules.complete_run(state, action):
                raise InvalidAction(f"pile {action} does not end in a complete run from king "
                                    "down to ace of one suit.")
            after = {**rules.collect(state, action), "goal": state["goal"]}
            message = f"the run of pile {action} goes to the foundations"
        else:
            reason = rules.why_illegal(state, action)
            if reason is not None:
                raise InvalidAction(f"{tasks.move_text(action)}: {WHY[reason]}.")
            after = {**rules.apply(state, action), "goal": state["goal"]}
            carried = len(state["piles"][action.source]) - action.start
            message = f"{tasks.move_text(action)} ({carried} card{'s' if carried > 1 else ''})"
        turned = [i for i in range(len(after["piles"]))
                  if after["down"][i] < state["down"][i]]
        if turned:
            message += "; " + ", ".join(f"the {card_name(after['piles'][i][-1])} on pile {i}"
                                        for i in turned) + " turns face up"
        down = sum(after["down"])
        won = down <= after["goal"]
        lost = not won and not _turns(after)
        message += f"; {down} cards are face down, the goal is {after['goal']}."
        if lost:
            message += " No action is possible."
        return Outcome(after, message, won=won, lost=lost)

    def plan(self, state: dict[str, Any]) -> tuple[Any, ...] | None:
        return plan_of(state)

    def action_name(self, action: Any) -> str:
        return action_text(action)

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        n = len(state["piles"])
        roll = rng.random()
        if roll < 0.1:
            return DEAL
        if roll < 0.15:
            return tasks.collect_text(rng.randrange(n))
        source = rng.randrange(n)
        size = len(state["piles"][source])
        start = rng.randrange(max(1, size)) if rng.random() < 0.3 else \
            max(state["down"][source], size - rng.randint(1, 3))
        return tasks.move_text(Move(source, start, rng.randrange(n + 1)))
