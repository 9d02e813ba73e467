"""The games played turn by turn: a Gymnasium-style episode over a game's own rules code.

Use::

    from visreason import env
    episode = env.make("sokoban", level="medium", seed=3)     # env.names(): every environment
    obs, info = episode.reset()                               # obs = {"image", "text"}
    obs, reward, terminated, truncated, info = episode.step("... <answer>up</answer>")

The action is free model text: its final answer is found as scoring finds it
(`core.extract`), so thinking, tags and chat messages are all fine. An unreadable or illegal
action leaves the state unchanged, counts as invalid (`info["invalid_actions"]`) and the
next observation says what was wrong and what is allowed. `info["state"]` is the verifier's
JSON state; `info["optimal_steps"]` the solver's shortest win from the start (None when a
game has no solver). Reward: `win_reward` (1) on a win, at the end; a game may add shaping
per step (documented on its class, e.g. lifegame's per-cell score). `truncated` is set when
`max_steps` run out.

Around the episode: `visreason eval --interactive` (eval/interactive.py) plays episodes with
any OpenAI-compatible model; `env.trl.GameToolEnv` is TRL GRPOTrainer's environment_factory;
`visreason env serve` (env/server.py) serves episodes over HTTP.

Adding an environment for a game (one file, `games/<game>/env.py`, found automatically):

1. Subclass `GameEnv` with `name` (the game's registered name) and `action_hint` (how to
   write an action, with an example). Difficulty parameters and level presets default to
   the game's; set `params`/`presets` only for parameters the static questions lack.
2. `start(rng)`: the start state from the game's own generator (its tasks' or rules' draw
   functions) with `self.params`; raise `Retry` to redraw. The state is JSON and holds the
   whole truth (hidden parts included); `view(state)` returns what the player may see in the
   game's state format, which `render`/`describe`/`rules` of the game then draw.
3. `parse(text, state)`: read one action with the helpers of `env.actions` (directions,
   cells, boards); raise `InvalidAction("what was wrong.")`. Linear time, no recursion.
4. `apply(state, action) -> Outcome(state, message, won, lost, over, reward)`: call the
   game's rules.py for the transition (add a pure helper there if one is missing; never copy
   the rules); raise `InvalidAction` for moves the rules forbid. `state` is the episode's own
   copy: change it and return it. `over` ends a game without a winner (a draw).
5. `optimal_steps(state)` from the game's solver, `policy(state)` (the scripted optimal
   action text, or a stated scripted policy where optimal play is intractable) and
   `random_action(rng, state)` (a blind action in the right format, for tests); `goal(state)`
   for anything the episode asks beyond the game's rules (an opponent's strategy).
6. Tests in `tests/env/test_<game>_env.py` call the shared checks of `env.checks`: the
   scripted policy wins within the optimal count at every level over several seeds, random
   play never crashes and is counted, seeds reproduce pixels, hostile text is refused.
"""

from .base import MAX_ACTION_CHARS, EnvError, Episode, GameEnv, InvalidAction, Outcome, action_text
from .registry import IMPORT_FAILURES, env_class, make, names

__all__ = [
    "IMPORT_FAILURES",
    "MAX_ACTION_CHARS",
    "EnvError",
    "Episode",
    "GameEnv",
    "InvalidAction",
    "Outcome",
    "action_text",
    "env_class",
    "make",
    "names",
]
