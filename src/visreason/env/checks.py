"""Checks every environment's tests run: scripted play wins optimally, random play is safe,
seeds reproduce episodes, hostile text is refused. Each returns figures and raises
AssertionError with the episode that failed, so a game's test file stays a few lines long.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from typing import Any

from .base import Episode
from .registry import make

LEVELS = ("easy", "medium", "hard")


def play_policy(episode: Episode, seed: int) -> dict[str, Any]:
    """Play one episode with the environment's scripted policy; the final info."""
    _, info = episode.reset(seed=seed)
    terminated = truncated = False
    while not (terminated or truncated):
        _, _, terminated, truncated, info = episode.step(
            f"<answer>{episode.env.policy(episode.state)}</answer>")
    return info


def check_scripted_wins(name: str, seeds: range = range(4), levels: tuple[str, ...] = LEVELS,
                        exact: bool = True, **options: Any) -> list[dict[str, Any]]:
    """The scripted policy wins every episode in at most (exactly, with `exact`) the optimal
    number of steps, with no invalid action."""
    results = []
    for level in levels:
        episode = make(name, level=level, text_only=True, **options)
        for seed in seeds:
            info = play_policy(episode, seed)
            where = f"{name} level={level} seed={seed}"
            assert info["won"], f"{where}: scripted policy did not win: {info['message']}"
            assert info["invalid_actions"] == 0, f"{where}: invalid action {info['message']}"
            optimal = info["optimal_steps"]
            if optimal is not None:
                assert info["steps"] <= optimal, f"{where}: {info['steps']} > optimal {optimal}"
                if exact:
                    assert info["steps"] == optimal, f"{where}: won in {info['steps']} steps, " \
                        f"fewer than the optimal {optimal}: the solver is wrong"
            results.append(info)
    return results


def check_random_play(name: str, seeds: range = range(3), levels: tuple[str, ...] = LEVELS,
                      steps: int = 60, garbage: float = 0.2) -> int:
    """Blind actions (and some garbage) never crash; every refusal is counted and explained.

    Returns how many invalid actions were seen (a test can require some)."""
    seen = 0
    for level in levels:
        episode = make(name, level=level, max_steps=steps)
        for seed in seeds:
            rng = random.Random(seed)
            _, info = episode.reset(seed=seed)
            invalid = 0
            for _ in range(steps):
                if episode.done:
                    break
                text = random_text(rng) if rng.random() < garbage else \
                    episode.env.random_action(rng, episode.state)
                obs, _, _, _, info = episode.step(text)
                assert isinstance(obs["text"], str) and obs["image"] is not None
                if not info["valid"]:
                    invalid += 1
                    assert info["message"].startswith("Invalid action:"), info["message"]
                    assert "Invalid action" in obs["text"]
                assert info["invalid_actions"] == invalid
            seen += invalid
    return seen


def random_text(rng: random.Random) -> str:
    pool = ["", "hello", "<answer></answer>", "<answer>42</answer>", "\\boxed{}", "\x00\xff",
            "(1, 2, 3)", "up up up", "🙂" * 20, "<answer>" * 50, "-99999999999999 5"]
    return rng.choice(pool)


HOSTILE: dict[str, Any] = {
    "huge": "x" * 3_000_000,
    "huge-answer": "<answer>" + "(1, 2) " * 200_000 + "</answer>",
    "open-tags": "<answer>" * 200_000,
    "boxes": "\\boxed{" * 200_000,
    "digits": "<answer>" + "9" * 100_000 + "</answer>",
    "binary": bytes(range(256)) * 4_000,
    "unicode": "<answer>" + "\u202e\u0301\U0001F600\uFFFD" * 10_000 + "</answer>",
    "nested": [[[{"role": "assistant", "content": "<answer>up</answer>"}]]],
    "none": None,
    "number": 12345,
    "messages": [{"role": "assistant", "content": [{"type": "text", "text": "\\boxed{?}"}]}],
}


def check_hostile(name: str, level: str = "easy", seed: int = 0) -> None:
    """Hostile completions (megabytes, binary, unicode, markup floods, non-text) each cost
    one linear pass and come back as an invalid action (or a legal one), never an error."""
    episode = make(name, level=level, seed=seed, max_steps=len(HOSTILE) + 5)
    episode.reset()
    for label, completion in HOSTILE.items():
        before = episode.steps
        obs, _, _, _, info = episode.step(completion)
        assert info["steps"] == before + 1, label
        assert len(obs["text"]) < 50_000, f"{label}: feedback echoes the input"
        assert len(info["message"]) < 2_000, f"{label}: feedback echoes the input"


def check_reproducible(name: str, level: str = "medium", seed: int = 5, steps: int = 8) -> None:
    """The same seed and actions give the same observations (text and pixels) and infos;
    another seed gives another start."""
    runs = []
    for _ in range(2):
        episode = make(name, level=level, seed=seed)
        obs, info = episode.reset()
        rng = random.Random(seed)
        trace = [(obs["text"], obs["image"].tobytes(), obs["image"].size, info["state"])]
        for _ in range(steps):
            if episode.done:
                break
            obs, reward, _, _, info = episode.step(episode.env.random_action(rng, episode.state))
            trace.append((obs["text"], obs["image"].tobytes(), obs["image"].size, info["state"],
                          reward))
        runs.append(trace)
    assert runs[0] == runs[1], f"{name}: seed {seed} did not reproduce its episode"
    starts = {str(make(name, level=level, seed=s).reset()[1]["state"]) for s in range(6)}
    assert len(starts) > 1, f"{name}: every seed gives the same start"


def check_no_shorter_plan(name: str, level: str,
                          reachable_within: Callable[[dict[str, Any], int], bool],
                          lengths: range = range(2, 4), wanted: int = 3,
                          max_seed: int = 40) -> None:
    """On `wanted` starts whose optimal length lies in `lengths`, a brute-force walk of every
    legal line (`reachable_within(state, depth)`) finds no way to the goal in one move fewer:
    the planned length really is the fewest."""
    checked = 0
    for seed in itertools.count():
        _, info = make(name, level=level, seed=seed).reset()
        optimal = info["optimal_steps"]
        if optimal in lengths:
            assert not reachable_within(info["state"], optimal - 1), (name, level, seed)
            checked += 1
        if checked == wanted or seed > max_seed:
            break
    assert checked == wanted, f"{name} {level}: {checked} starts of {lengths} moves found"
