"""The per-game environment class and the episode that plays it (Gymnasium-style).

A `GameEnv` subclass holds a game's turn-by-turn logic as pure functions of a JSON state:
`start` draws the first state, `parse` reads one action from the model's final answer,
`apply` carries it out with the game's rules.py, `optimal_steps` and `policy` give the
solver's view. An `Episode` owns one running game: it extracts the final answer from free
text, counts steps and invalid actions, adds the win reward, truncates at the step limit and
composes the observation (picture + text) and the info (verifier state and counters).
"""

from __future__ import annotations

import copy
import random
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from PIL import Image

from ..core.errors import Retry, VisreasonError
from ..core.extract import extract_answer
from ..core.levels import check_level
from ..core.params import Param, resolve
from ..core.registry import get_game
from ..core.seeds import derive_seed
from ..core.task import Game

MAX_ACTION_CHARS = 2_000  # a final answer longer than this is refused unread
START_ATTEMPTS = 1_000  # fresh draws before a start state is given up on
ANSWER_FORMAT = "Think if you like, then write your action inside <answer></answer>"


class InvalidAction(Exception):
    """Raised by `parse` or `apply` for text that is not a legal action here.

    The message says what was wrong in the player's terms ("(2, 3) is a wall"); the episode
    adds what is allowed, leaves the state unchanged and counts the action as invalid.
    """


class EnvError(VisreasonError, ValueError):
    """A bad environment name, option or parameter (a user's mistake, not a model's)."""


@dataclass
class Outcome:
    """What one legal action did.

    `state` is the new state; `message` the feedback the model reads ("up: the player moves
    (2, 3) -> (1, 3)"); `won`, `lost` and `over` (the game ended without a winner: a draw, a
    finished run of predictions) end the episode; `reward` is the env's documented shaping
    for this step (the episode adds `GameEnv.win_reward` on a win).
    """

    state: dict[str, Any]
    message: str
    won: bool = False
    lost: bool = False
    over: bool = False
    reward: float = 0.0


class GameEnv:
    """One game's environment logic; subclass it in `games/<game>/env.py`.

    Class attributes: `name` (the environment's name, usually the game's), `game_name` (the
    registered game whose rules text, picture and description are used; default `name`),
    `action_hint` (what may be written, with an example, as a phrase without a final full
    stop: "one move: up, down, left or right, e.g. <answer>up</answer>"), `win_reward` (added
    on a win), `params`/`presets` (difficulty parameters; default the game's own). Instances
    hold the resolved `level` and `params`; every hook is a function of the state, so an
    episode can be replayed, copied or served without hidden state.
    """

    name: ClassVar[str]
    game_name: ClassVar[str | None] = None
    action_hint: ClassVar[str] = ""
    win_reward: ClassVar[float] = 1.0
    params: ClassVar[tuple[Param, ...] | None] = None
    presets: ClassVar[Mapping[str, Mapping[str, Any]] | None] = None

    def __init__(self, level: str = "medium", params: Mapping[str, Any] | None = None) -> None:
        self.level = check_level(level)
        self.game: Game = get_game(self.game_name or self.name)
        declared = self.params if self.params is not None else self.game.params
        presets = self.presets if self.presets is not None else self.game.presets
        self.params = resolve(self.name, declared, presets, self.level, params)  # type: ignore[misc]

    # ------------------------------------------------------------------ hooks to implement

    def start(self, rng: random.Random) -> dict[str, Any]:
        """A fresh JSON start state from the game's own generator; raise Retry to redraw."""
        raise NotImplementedError

    def parse(self, action: str, state: dict[str, Any]) -> Any:
        """The action written in `action` (the final answer, NFKC, stripped, at most
        MAX_ACTION_CHARS); raise InvalidAction naming what is wrong. Must be linear time."""
        raise NotImplementedError

    def apply(self, state: dict[str, Any], action: Any) -> Outcome:
        """Carry out a parsed action with the game's rules.py (never a copy of them); raise
        InvalidAction when the rules forbid it. `state` is the episode's own deep copy, so it
        may be changed in place and returned in the Outcome."""
        raise NotImplementedError

    def optimal_steps(self, state: dict[str, Any]) -> int | None:
        """Fewest actions that win from `state`, by the game's solver; None if unknown."""
        return None

    def policy(self, state: dict[str, Any]) -> str:
        """The scripted policy's action text for `state` (optimal where a solver exists)."""
        raise NotImplementedError

    def random_action(self, rng: random.Random, state: dict[str, Any]) -> str:
        """An action in the right format but chosen blindly (often illegal), for tests."""
        raise NotImplementedError

    # ------------------------------------------------------------------ hooks with defaults

    def view(self, state: dict[str, Any]) -> dict[str, Any]:
        """The part of the state the player may see, in the game's state format (what
        `render` and `describe` get). Hide the truth here (minesweeper's mines)."""
        return state

    def goal(self, state: dict[str, Any]) -> str:
        """What this episode asks of the player, beyond the game's rules text."""
        return ""

    def max_steps(self, state: dict[str, Any], optimal: int | None) -> int:
        """The step limit: twice the optimal length plus 10 (50 when unknown)."""
        return 50 if optimal is None else 2 * optimal + 10

    def rules_text(self, state: dict[str, Any], text_only: bool) -> str:
        return self.game.rules(self.view(state), text_only=text_only)

    def render(self, state: dict[str, Any]) -> Image.Image:
        return self.game.render(self.view(state))

    def describe(self, state: dict[str, Any]) -> str:
        return self.game.describe(self.view(state))

    def draw_start(self, seed: int) -> dict[str, Any]:
        """The start state for `seed`: `start` on a stable per-episode rng, redrawn on Retry."""
        key = sorted(self.params.items())
        rng = random.Random(derive_seed("env", self.name, self.level, key, seed))
        for _ in range(START_ATTEMPTS):
            try:
                return self.start(rng)
            except Retry:
                continue
        raise EnvError(f"{self.name}: no start state fits {self.params} after "
                       f"{START_ATTEMPTS} draws; loosen the parameters")


def action_text(completion: Any) -> str | None:
    """The final answer of a completion as one action's text (NFKC, stripped), or None.

    Reads any completion form (string, bytes, chat messages) the way scoring does; cost is
    linear in the completion and bounded by the extractor's window.
    """
    try:
        found = extract_answer(completion)
    except RecursionError:  # deeply nested message lists
        return None
    if found is None:
        return None
    return unicodedata.normalize("NFKC", found[:MAX_ACTION_CHARS + 1]).strip()


class Episode:
    """One running game: `reset(seed) -> (obs, info)`, `step(text) -> (obs, reward,
    terminated, truncated, info)`.

    obs = {"image": PIL image or None when text_only, "text": rules, goal, the state described
    (unless describe=False), the last action's outcome and how to write an action}. info =
    {"state": the full JSON state (the verifier's truth), "steps", "invalid_actions", "valid",
    "action", "message", "won", "lost", "over", "optimal_steps", "max_steps", "env", "level",
    "seed", "params", "total_reward"}. Invalid actions leave the state unchanged and cost a
    step and `invalid_penalty`. `step` never raises on any completion; after the end it
    returns the last observation with zero reward.
    """

    def __init__(self, env: GameEnv, seed: int = 0, text_only: bool = False,
                 describe: bool = True, max_steps: int | None = None,
                 invalid_penalty: float = 0.0) -> None:
        self.env = env
        self.seed = seed
        self.text_only = text_only
        self.describe = describe
        self.step_limit = max_steps
        self.invalid_penalty = float(invalid_penalty)
        self.state: dict[str, Any] = {}
        self.steps = self.invalid_actions = 0
        self.won = self.lost = self.over = False
        self.optimal: int | None = None
        self.limit = 0
        self.message = ""
        self.total_reward = 0.0
        self._last: tuple[dict[str, Any], dict[str, Any]] | None = None
        self.answer_format = ANSWER_FORMAT  # how the player hands in an action (tool mode differs)

    @property
    def name(self) -> str:
        return self.env.name

    @property
    def done(self) -> bool:
        return self.ended or self.steps >= self.limit

    @property
    def ended(self) -> bool:
        """The game itself is over (won, lost or ended without a winner)."""
        return self.won or self.lost or self.over

    def reset(self, seed: int | None = None,
              options: Mapping[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """Start the episode of `seed` (default: the episode's seed); options may set
        text_only, describe, max_steps or invalid_penalty for this and later episodes."""
        for key, value in (options or {}).items():
            if key not in ("text_only", "describe", "max_steps", "invalid_penalty"):
                raise EnvError(f"unknown reset option {key!r}; use text_only, describe, "
                               "max_steps or invalid_penalty")
            setattr(self, "step_limit" if key == "max_steps" else key, value)
        if seed is not None:
            self.seed = int(seed)
        self.state = self.env.draw_start(self.seed)
        self.steps = self.invalid_actions = 0
        self.won = self.lost = self.over = False
        self.total_reward = 0.0
        self.optimal = self.env.optimal_steps(self.state)
        self.limit = int(self.step_limit) if self.step_limit is not None else \
            self.env.max_steps(self.state, self.optimal)
        self.message = ""
        info = self._info(valid=True, action=None)
        obs = self._observation()
        self._last = (obs, info)
        return obs, info

    def current(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The latest observation and info, unchanged (the episode is reset if never was)."""
        if self._last is None:
            return self.reset()
        return self._last

    def step(self, completion: Any) -> tuple[dict[str, Any], float, bool, bool, dict[str, Any]]:
        """Play the action written in `completion` (free model text)."""
        if self._last is None:
            self.reset()
        if self.done:
            obs, info = self._last  # type: ignore[misc]
            info = {**info, "message": "The episode is over; reset to play again."}
            return obs, 0.0, self.ended, not self.ended, info
        self.steps += 1
        reward, valid, written = 0.0, True, action_text(completion)
        try:
            outcome = self._outcome(written)
        except InvalidAction as error:
            valid = False
            self.invalid_actions += 1
            reward = -self.invalid_penalty if self.invalid_penalty else 0.0
            self.message = f"Invalid action: {error} Allowed: {self.env.action_hint}."
        else:
            self.state = outcome.state
            self.won, self.lost, self.over = outcome.won, outcome.lost, outcome.over
            reward = outcome.reward + (self.env.win_reward if outcome.won else 0.0)
            self.message = outcome.message
        self.total_reward += reward
        terminated = self.ended
        truncated = not terminated and self.steps >= self.limit
        if truncated:
            self.message += f" Out of steps: the limit is {self.limit}."
        obs, info = self._observation(), self._info(valid=valid, action=written)
        self._last = (obs, info)
        return obs, reward, terminated, truncated, info

    def _outcome(self, written: str | None) -> Outcome:
        if written is None:
            raise InvalidAction("no action was found in the reply.")
        if len(written) > MAX_ACTION_CHARS:
            raise InvalidAction(f"the answer is longer than {MAX_ACTION_CHARS} characters.")
        if not written:
            raise InvalidAction("the answer is empty.")
        action = self.env.parse(written, self.state)
        return self.env.apply(copy.deepcopy(self.state), action)

    def _observation(self) -> dict[str, Any]:
        parts = [self.env.rules_text(self.state, self.text_only)]
        goal = self.env.goal(self.state)
        if goal:
            parts.append(goal)
        parts.append(self.turn_text())
        image = None if self.text_only else self.env.render(self.state)
        return {"image": image, "text": "\n\n".join(parts)}

    def turn_text(self, describe: bool | None = None) -> str:
        """The observation's text without the rules and goal: the state described, the last
        action's outcome, the steps left and how to act (a multi-turn reply needs only this)."""
        parts = []
        if (self.describe if describe is None else describe) or self.text_only:
            parts.append(f"Current state:\n{self.env.describe(self.state)}")
        if self.message:
            parts.append(f"Last action: {self.message}")
        if self.won:
            parts.append("You won.")
        elif self.lost:
            parts.append("You lost.")
        elif self.over:
            parts.append("The game is over.")
        else:
            left = self.limit - self.steps
            parts.append(f"Steps taken: {self.steps}; steps left: {left}.")
            if left > 0:
                parts.append(f"{self.answer_format}; allowed: {self.env.action_hint}.")
        return "\n\n".join(parts)

    def _info(self, valid: bool, action: str | None) -> dict[str, Any]:
        return {
            "env": self.env.name, "level": self.env.level, "seed": self.seed,
            "params": dict(self.env.params), "state": copy.deepcopy(self.state),
            "steps": self.steps, "invalid_actions": self.invalid_actions, "valid": valid,
            "action": action if action is None else action[:200], "message": self.message,
            "won": self.won, "lost": self.lost, "over": self.over, "optimal_steps": self.optimal,
            "max_steps": self.limit, "total_reward": self.total_reward,
        }
