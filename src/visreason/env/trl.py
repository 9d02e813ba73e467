"""The environments for TRL's GRPOTrainer, through its `environment_factory` (tool mode).

    trainer = GRPOTrainer(model=..., processing_class=...,
                          train_dataset=Dataset.from_list(env_dataset(["sokoban"], ["easy"], 64)),
                          environment_factory=GameToolEnv)

TRL makes one `GameToolEnv` per rollout and calls `reset(**row)`: the row's `env`, `level`,
`seed` (and `params`) start the same episode whose first picture and text are the row's
prompt. The public method `move` is the tool the model calls with its action; the reply is
the next picture and the turn's text (outcome, state, steps left). `get_reward` scores the
finished rollout with the episode's total reward (1 for a win, plus the environment's
documented shaping, minus invalid-action penalties), so no reward function is needed; TRL
logs it under the class name. The chat template must support tool calls.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .base import Episode
from .registry import make

INSTRUCTION = ("Play the game by calling the move tool once per turn with your action; each "
               "reply shows the new picture and what happened. Keep playing until the game "
               "ends.")
TOOL_FORMAT = "Call the move tool with your next action"


def env_dataset(names: Iterable[str], levels: Iterable[str], episodes: int, seed: int = 0,
                text_only: bool = False, describe: bool = True,
                template: str = "{observation}\n\n{instruction}", system: str | None = None,
                **params: Any) -> list[dict[str, Any]]:
    """Rows for GRPOTrainer, one per episode: a conversational prompt holding the start
    observation (`template` may shorten it), its picture in `images`, and the columns that
    `GameToolEnv.reset` starts the same episode from. Wrap with datasets.Dataset.from_list."""
    rows = []
    for name in names:
        for level in levels:
            for index in range(episodes):
                episode = make(name, level=level, seed=seed + index, text_only=text_only,
                               describe=describe, params=params)
                obs, _ = episode.reset()
                text = template.format(observation=obs["text"], instruction=INSTRUCTION)
                messages = [{"role": "system", "content": system}] if system else []
                messages.append({"role": "user", "content": text})
                rows.append({"prompt": messages,
                             "images": [obs["image"]] if obs["image"] is not None else [],
                             "env": name, "level": level, "seed": seed + index,
                             "text_only": text_only, "describe": describe,
                             "params": json.dumps(params)})
    return rows


class GameToolEnv:
    """One rollout's episode; `actions` lists the moves it played. `brief` (replies with only
    the picture, the outcome and the steps left), `max_steps` and `invalid_penalty` are class
    settings: set them on a subclass (TRL builds environments without arguments)."""

    brief: bool = False
    max_steps: int | None = None
    invalid_penalty: float = 0.0

    def __init__(self) -> None:
        self.episode: Episode | None = None
        self.actions: list[str] = []

    def reset(self, **row: Any) -> str | None:
        """Start the row's episode (the prompt already shows its first observation)."""
        params = row.get("params") or {}
        if isinstance(params, str):
            params = json.loads(params)
        self.episode = make(row["env"], level=row.get("level", "medium"),
                            seed=int(row.get("seed", 0)), text_only=bool(row.get("text_only")),
                            describe=bool(row.get("describe", True)),
                            max_steps=self.max_steps, invalid_penalty=self.invalid_penalty,
                            params=params)
        self.episode.reset()
        self.episode.answer_format = TOOL_FORMAT
        self.actions = []
        return None

    def move(self, action: str) -> list[dict[str, Any]]:
        """Make one move in the game and see the result.

        Args:
            action: The action, written as the game's rules ask (for example a direction such
                as "up", or a cell such as "(2, 3)").

        Returns:
            The new picture of the game and what happened, or why the action was refused.
        """
        if self.episode is None:
            return [{"type": "text", "text": "No game is running."}]
        finished = self.episode.done
        if not finished:
            self.actions.append(str(action))
        obs, _, _, _, info = self.episode.step(str(action))
        if finished:
            text = info["message"]
        elif self.brief:
            left = self.episode.limit - self.episode.steps
            text = info["message"] + ("" if self.episode.done else f" Steps left: {left}.")
        else:
            text = self.episode.turn_text()
        parts: list[dict[str, Any]] = []
        if obs["image"] is not None:
            parts.append({"type": "image", "image": obs["image"]})
        parts.append({"type": "text", "text": text})
        return parts

    def get_reward(self) -> float:
        """The episode's total reward (0 when the model never moved)."""
        return 0.0 if self.episode is None else float(self.episode.total_reward)
