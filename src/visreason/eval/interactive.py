"""Multi-turn evaluation: a model plays whole episodes of the environments, picture by picture.

Each turn the model gets the observation (the picture and the text: rules, state, the last
action's outcome, how to write an action) and answers; its reply is the action. One record
per episode is appended and flushed the moment the episode ends, so a rerun resumes at the
first episode without a record (an episode cut off by a failed request is played again).
The report gives, per environment and level: success rate, steps against the optimal length,
invalid-action rate and mean reward.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..llm.messages import user_message
from ..llm.types import SAMPLE_HEADER, ChatBackend, Usage
from ..render.encode import write_atomic
from .records import ENCODING_ERRORS, RECORDS, compact_records, load_records, make_run_dir
from .runner import EvalSettings, _claim

REPORT_JSON = "interactive_report.json"
REPORT_MD = "interactive_report.md"
RESPONSE_CHARS = 4_000  # each reply is kept up to this length in the record


@dataclass(frozen=True)
class InteractiveConfig:
    """Which episodes to play and how: part of the run's settings (resume needs the same)."""

    envs: tuple[str, ...]
    levels: tuple[str, ...]
    episodes: int = 5
    seed: int = 0
    max_steps: int | None = None
    text_only: bool = False
    history: int = 0  # earlier turns (text only) kept in the conversation
    describe: bool = True  # the state also written out next to the picture

    def as_json(self) -> dict[str, Any]:
        return {"interactive": asdict(self)}

    def episode_keys(self) -> list[tuple[str, str, int]]:
        return [(name, level, self.seed + i) for name in self.envs for level in self.levels
                for i in range(self.episodes)]


@dataclass
class InteractiveSummary:
    out: str
    total: int
    played: int
    resumed: int
    errors: int
    won: int
    seconds: float
    usage: Usage


def episode_id(name: str, level: str, seed: int) -> str:
    return f"{name}/{level}/{seed}"


def _messages(system: str | None, history: list[tuple[str, str]], text: str,
              image: Any) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
    for prompt, reply in history:
        messages += [{"role": "user", "content": prompt}, {"role": "assistant", "content": reply}]
    messages.append(user_message(text, [image] if image is not None else []))
    return messages


async def play_episode(client: ChatBackend, name: str, level: str, seed: int,
                       settings: EvalSettings, config: InteractiveConfig) -> dict[str, Any]:
    """Play one episode to its end; the record (with `error` set if a request failed)."""
    from ..env import make

    episode = make(name, level=level, seed=seed, text_only=config.text_only,
                   describe=config.describe, max_steps=config.max_steps)
    obs, info = episode.reset()
    record: dict[str, Any] = {"id": episode_id(name, level, seed), "env": name, "level": level,
                              "seed": seed, "optimal_steps": info["optimal_steps"],
                              "max_steps": info["max_steps"], "turns": [],
                              "prompt_tokens": 0, "completion_tokens": 0, "error": None}
    started = time.perf_counter()
    history: list[tuple[str, str]] = []
    terminated = truncated = False
    while not (terminated or truncated):
        messages = _messages(settings.system, history[-config.history:] if config.history else
                             [], obs["text"], obs["image"])
        try:
            result = await client.chat(messages, headers={SAMPLE_HEADER: record["id"]},
                                       **settings.params)
        except Exception as exc:  # recorded; the episode is played again on resume
            record["error"] = f"{type(exc).__name__}: {exc}"
            break
        record["prompt_tokens"] += result.prompt_tokens
        record["completion_tokens"] += result.completion_tokens
        history.append((obs["text"], result.text))
        try:
            obs, reward, terminated, truncated, info = episode.step(result.text)
        except Exception as exc:  # an environment bug costs this episode, never the run
            record["error"] = f"environment failed: {type(exc).__name__}: {exc}"
            break
        record["turns"].append({"response": result.text[:RESPONSE_CHARS],
                                "action": info["action"], "valid": info["valid"],
                                "message": info["message"], "reward": reward})
    record.update(won=info["won"], lost=info["lost"], over=info["over"], truncated=truncated,
                  steps=info["steps"], invalid_actions=info["invalid_actions"],
                  total_reward=info["total_reward"],
                  seconds=round(time.perf_counter() - started, 6))
    return record


async def run_interactive(
    client: ChatBackend,
    out: str | os.PathLike[str],
    settings: EvalSettings,
    config: InteractiveConfig,
    *,
    concurrency: int = 16,
    progress: Callable[[int], None] | None = None,
) -> InteractiveSummary:
    """Play every episode of `config` not yet recorded in `out`; totals over the whole run."""
    out = make_run_dir(out)
    state = _claim(out, settings)
    previous = load_records(out / RECORDS, repair=True)
    keys = config.episode_keys()
    ids = [episode_id(*key) for key in keys]
    todo = [key for key, eid in zip(keys, ids, strict=True)
            if not (eid in previous and not previous[eid].get("error"))]
    if progress:
        progress(len(keys) - len(todo))
    started = time.perf_counter()
    written: dict[str, dict[str, Any]] = {}
    limit = asyncio.Semaphore(concurrency)

    with open(out / RECORDS, "a", encoding="utf-8", errors=ENCODING_ERRORS) as handle:
        async def one(key: tuple[str, str, int]) -> None:
            async with limit:
                record = await play_episode(client, *key, settings, config)
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            handle.flush()
            written[record["id"]] = record
            if progress:
                progress(1)

        await asyncio.gather(*(one(key) for key in todo))
    merged = {**previous, **written}
    final = {eid: merged[eid] for eid in ids if eid in merged}
    final.update({eid: r for eid, r in merged.items() if eid not in final})
    compact_records(out / RECORDS, final)
    seconds = time.perf_counter() - started
    state["sessions"].append({"seconds": round(seconds, 3), "asked": len(todo),
                              "usage": client.usage.as_dict()})
    write_atomic(out / "run.json", json.dumps(state, indent=2).encode("utf-8"))
    mine = [final[eid] for eid in ids if eid in final]
    return InteractiveSummary(str(out), len(ids), len(todo), len(ids) - len(todo),
                              sum(1 for r in mine if r.get("error")),
                              sum(1 for r in mine if r.get("won")), seconds, client.usage)


def _row(records: list[dict[str, Any]]) -> dict[str, Any]:
    scored = [r for r in records if not r.get("error")]
    won = [r for r in scored if r.get("won")]
    steps = sum(r["steps"] for r in scored)
    with_optimal = [r for r in won if r.get("optimal_steps")]
    return {
        "episodes": len(records),
        "errors": len(records) - len(scored),
        "success_rate": len(won) / len(scored) if scored else 0.0,
        "mean_steps": steps / len(scored) if scored else 0.0,
        "mean_optimal_steps": (sum(r["optimal_steps"] for r in scored if r.get("optimal_steps"))
                               / max(1, sum(1 for r in scored if r.get("optimal_steps")))),
        # won episodes only: 1.0 means every win took the optimal number of steps
        "steps_over_optimal": (sum(r["steps"] / r["optimal_steps"] for r in with_optimal)
                               / len(with_optimal)) if with_optimal else None,
        "invalid_action_rate": sum(r["invalid_actions"] for r in scored) / steps if steps
        else 0.0,
        "mean_reward": sum(r["total_reward"] for r in scored) / len(scored) if scored else 0.0,
    }


def interactive_report(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Per environment and level, and over all episodes."""
    items = [r for r in records if "env" in r and "turns" in r]
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for record in items:
        groups.setdefault((record["env"], record["level"]), []).append(record)
    return {"overall": _row(items),
            "by_env_level": [{"env": env, "level": level, **_row(rows)}
                             for (env, level), rows in sorted(groups.items())]}


def to_markdown(report: dict[str, Any]) -> str:
    def pct(value: float) -> str:
        return f"{100 * value:.1f}%"

    lines = ["# Interactive evaluation", "",
             "| env | level | episodes | success | steps | optimal | steps/optimal (won) | "
             "invalid actions | reward |", "|---|---|---|---|---|---|---|---|---|"]
    for row in [*report["by_env_level"], {"env": "all", "level": "", **report["overall"]}]:
        ratio = row["steps_over_optimal"]
        lines.append(f"| {row['env']} | {row['level']} | {row['episodes']} | "
                     f"{pct(row['success_rate'])} | {row['mean_steps']:.2f} | "
                     f"{row['mean_optimal_steps']:.2f} | "
                     f"{'-' if ratio is None else f'{ratio:.2f}'} | "
                     f"{pct(row['invalid_action_rate'])} | {row['mean_reward']:.3f} |")
    return "\n".join(lines) + "\n"


def is_interactive(out: str | os.PathLike[str]) -> bool:
    """Whether the run directory holds an interactive evaluation (by its settings)."""
    try:
        state = json.loads((Path(out) / "run.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(state, dict) and (state.get("settings") or {}).get("template") == \
        "interactive"


def write_interactive_report(out: str | os.PathLike[str]) -> dict[str, Any]:
    out = Path(out)
    report = interactive_report(load_records(out / RECORDS).values())
    write_atomic(out / REPORT_JSON, json.dumps(report, indent=2).encode("utf-8"))
    write_atomic(out / REPORT_MD, to_markdown(report).encode("utf-8"))
    return report
