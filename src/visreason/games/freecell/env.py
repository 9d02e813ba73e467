"""FreeCell played move by move: put a few more cards onto the foundations.

A whole deal takes about a hundred moves and its shortest solution is out of reach of an
exact search, so an episode asks for the next `cards` foundation cards of a position the game
deals for its questions (a deal followed by a few random legal moves). Optimal length: the
fewest moves that reach the goal, by breadth-first search over positions (cascades and free
cells compared as sets, since their order changes no move count); a position whose goal the
search cannot reach within SEARCH_NODES positions is drawn again.
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
from .game import FreeCell
from .rules import CELLS, DECK, Move, Place, State

SEARCH_NODES = 4_000  # positions the search may visit before a start is drawn again


def _key(state: State) -> tuple[Any, ...]:
    return (tuple(sorted(tuple(c) for c in state["cascades"])), tuple(sorted(state["cells"])),
            tuple(state["foundations"]))


def _moves(state: State) -> list[Move]:
    """Legal moves less free cell to free cell (it never shortens a plan)."""
    return [m for m in rules.legal_moves(state)
            if not (m.source.kind == "cell" and m.dest.kind == "cell")]


def _board(state: State) -> State:
    return {k: state[k] for k in ("cascades", "cells", "foundations")}


@lru_cache(maxsize=256)
def _plan(board_json: str, goal: int) -> tuple[Move, ...] | None:
    """The shortest move sequence that brings the foundations to `goal` cards, or None when
    none is found within SEARCH_NODES positions."""
    return shortest_actions(
        json.loads(board_json),
        lambda state: ((move, rules.apply(state, move)) for move in _moves(state)),
        lambda state: sum(state["foundations"]) >= goal, _key, SEARCH_NODES)

def plan_of(state: dict[str, Any]) -> tuple[Move, ...] | None:
    return _plan(json.dumps(_board(state), sort_keys=True), state["goal"])


class FreeCellEnv(PlannedEnv):
    """One move per turn; reward 1 when the foundations hold the goal's number of cards. A
    position without any legal move loses."""

    name = "freecell"
    action_hint = ("one move written as: move <card> from <place> to <place>, places being "
                   "cascade i, free cell j or the <suit> foundation, e.g. <answer>move 9 of "
                   "hearts from cascade 5 to free cell 0</answer>")
    params = (*FreeCell.params,
              Param("cards", "cards to add to the foundations to win", low=1, high=6))
    presets: ClassVar[dict[str, dict[str, Any]]] = {
        level: {**preset, "cards": cards} for (level, preset), cards in
        zip(FreeCell.presets.items(), (1, 2, 3), strict=True)}

    def start(self, rng: random.Random) -> dict[str, Any]:
        state = tasks.new_state(Draw(rng, self.level, dict(self.params)))
        state = {**state, "goal": sum(state["foundations"]) + self.params["cards"]}
        if not plan_of(state):
            raise Retry
        return state

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        return _board(state)

    def goal(self, state: dict[str, Any]) -> str:
        have, want = sum(state["foundations"]), state["goal"]
        return (f"Goal: bring the foundations to {want} cards in all (they hold {have} now), "
                "one move per turn. A move the rules forbid is refused and still uses up a "
                "turn; a position with no legal move loses.")

    def parse(self, action: str, state: dict[str, Any]) -> Move:
        move = tasks.parse_move(action)
        if move is None:
            raise InvalidAction(f"{quoted(action)} is not a move written as: move <card> from "
                                "<place> to <place>.")
        return move

    def apply(self, state: dict[str, Any], action: Move) -> Outcome:
        reason = rules.why_illegal(state, action)
        if reason is not None:
            raise InvalidAction(f"{tasks.move_text(action)}: {reason}.")
        carried = len(rules.moving_cards(state, action) or ())
        after = {**rules.apply(state, action), "goal": state["goal"]}
        message = tasks.move_text(action)
        if carried > 1:
            message += f" (with the {carried - 1} card(s) on it)"
        total = sum(after["foundations"])
        won = total >= after["goal"]
        lost = not won and not _moves(after)
        message += f"; the foundations hold {total} of the {after['goal']} cards wanted."
        if lost:
            message += " No legal move is left."
        return Outcome(after, message, won=won, lost=lost)

    def plan(self, state: dict[str, Any]) -> tuple[Any, ...] | None:
        return plan_of(state)

    def action_name(self, action: Any) -> str:
        return tasks.move_text(action)

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        cascades = [i for i, c in enumerate(state["cascades"]) if c]
        if rng.random() < 0.6 and cascades:
            i = rng.choice(cascades)
            card, source = rng.choice(state["cascades"][i][-3:]), Place("cascade", i)
        else:
            card, source = rng.choice(DECK), Place("cell", rng.randrange(CELLS))
        kind = rng.choice(("cascade", "cell", "foundation"))
        top = {"cascade": len(state["cascades"]), "cell": CELLS, "foundation": 4}[kind]
        dest = Place(kind, rng.randrange(top))
        return f"move {card_name(card)} from {rules.place_name(source)} to " \
            f"{rules.place_name(dest)}"
