"""Rubik's cube played turn by turn: solve a scrambled cube one quarter turn at a time.

The start is drawn as the game's solve-the-cube question draws its cubes: a state exactly
`depth` quarter turns from solved, taken from the game's exact distance table, coloured as
the cube held in one of its 24 orientations. Each action is one quarter turn
(`rules.apply`); the cube is solved when every face shows one colour. Optimal length: the
exact quarter-turn distance (`rules.distance`).
"""

from __future__ import annotations

import random
import re
from typing import Any

from ...env import GameEnv, InvalidAction, Outcome
from ...env.actions import quoted
from . import rules, tasks
from .rules import FACE_NAMES

_NAMES = {name: face for face, name in FACE_NAMES.items()}
_TURN_RE = re.compile(
    r"(?:(?:turn|move|rotate)\s+)?(?:the\s+)?"
    r"(?P<face>[UDLRFB]|up|down|left|right|front|back)(?:\s+face)?"
    r"\s*(?P<dir>'|’|′|prime|i|2|clockwise|counter-?clockwise|anti-?clockwise)?\.?",
    re.I)
_COUNTER = ("'", "’", "′", "prime", "i", "counterclockwise", "counter-clockwise",
            "anticlockwise", "anti-clockwise")


class RubiksCubeEnv(GameEnv):
    """One quarter turn per action; reward 1 when the cube is solved."""

    name = "rubiks_cube"
    action_hint = ("one quarter turn: a face letter U, D, L, R, F or B for clockwise, with a "
                   "prime for counterclockwise, e.g. <answer>R'</answer>")

    def start(self, rng: random.Random) -> dict[str, Any]:
        canon = rng.choice(rules.states_at(self.params["depth"]))
        return rules.state_of(tasks.from_table(canon, rng.randrange(24)))

    def goal(self, state: dict[str, Any]) -> str:
        return ("Goal: solve the cube, so that every face shows a single colour, with one "
                "quarter turn per action.")

    def parse(self, action: str, state: dict[str, Any]) -> str:
        found = _TURN_RE.fullmatch(action.strip())
        if found is None:
            raise InvalidAction(f"{quoted(action)} is not one turn.")
        face = found["face"]
        face = _NAMES.get(face.lower(), face.upper())
        turn = (found["dir"] or "").lower()
        if turn == "2":
            raise InvalidAction(f"{quoted(action)} is a half turn; write one quarter turn per "
                                f"action ({face} twice takes two actions).")
        return face + ("'" if turn in _COUNTER else "")

    def apply(self, state: dict[str, Any], action: str) -> Outcome:
        stickers = rules.apply(rules.stickers_of(state), action)
        won = rules.is_solved(stickers)
        sense = "counterclockwise" if action.endswith("'") else "clockwise"
        message = f"{action}: face {action[0]} ({FACE_NAMES[action[0]]}) turns a quarter " \
                  f"turn {sense}."
        return Outcome(rules.state_of(stickers), message + (" The cube is solved." if won
                                                             else ""), won=won)

    def optimal_steps(self, state: dict[str, Any]) -> int:
        found = rules.distance(rules.stickers_of(state))
        if found is None:
            raise ValueError("the cube is farther from solved than the distance table reaches")
        return found

    def policy(self, state: dict[str, Any]) -> str:
        return rules.solution(rules.stickers_of(state))[0]

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        return rng.choice(rules.MOVES)
