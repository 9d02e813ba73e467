"""The dataset card (README.md) written next to every dataset, so a hub can take it as it is.

It opens with the Hugging Face dataset-card metadata (pretty_name, task_categories, language,
size_categories, tags, and `configs` pointing at the data files of each split), then says what
the data is: counts per game, task, level and answer form, the settings (or the spec) and seed
that regenerate it byte for byte, and the visreason version that made it. Nothing in it depends
on the machine, the engine or the time, so two runs of the same settings write the same card.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..core.registry import get_game

SIZE_CATEGORIES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                   (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"))


def size_category(samples: int) -> str:
    for bound, name in SIZE_CATEGORIES:
        if samples < bound:
            return name
    return "n>10M"


def data_files(fmt: str, prefix: str = "") -> str:
    """The glob of a split's data files, relative to the card."""
    return {"jsonl": f"{prefix}data.jsonl", "parquet": f"{prefix}data/*.parquet",
            "gameqa": f"{prefix}data.json"}[fmt]


def _yaml_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON scalars are valid YAML


def _front_matter(samples: int, splits: Mapping[str, str], text_only: bool) -> list[str]:
    lines = ["---", "pretty_name: visreason verifiable visual reasoning",
             "language:", "- en", "task_categories:",
             "- question-answering" if text_only else "- visual-question-answering",
             "tags:", "- reasoning", "- games", "- verifiable-rewards", "- synthetic",
             "size_categories:", f"- {size_category(samples)}",
             "configs:", "- config_name: default", "  data_files:"]
    for split, path in splits.items():
        lines += [f"  - split: {split}", f"    path: {_yaml_value(path)}"]
    return [*lines, "---"]


def _count_table(counts: Mapping[str, int]) -> list[str]:
    """Rows of game | task | level | form | samples, from keys 'game/task|level|form'."""
    rows = ["| game | task | level | answer form | samples |", "|---|---|---|---|---:|"]
    per_game: dict[str, int] = {}
    for key in sorted(counts):
        task_id, level, form = key.split("|")
        game, _, task = task_id.partition("/")
        per_game[game] = per_game.get(game, 0) + counts[key]
        rows.append(f"| {game} | {task} | {level} | {form} | {counts[key]:,} |")
    summary = ["| game | category | samples |", "|---|---|---:|"]
    summary += [f"| {get_game(g).title} (`{g}`) | {get_game(g).category} | {n:,} |"
                for g, n in sorted(per_game.items())]
    return [*summary, "", *rows]


def command_line(config: Mapping[str, Any]) -> str:
    """The `visreason generate` command for a run's settings (OUT left to the reader)."""
    if config.get("counts"):
        split = f" (this is its split {config['split']})" if config.get("split") else ""
        return f"visreason generate --spec spec.yaml --out OUT  # the spec of the run{split}"
    parts = ["visreason generate", f"--games {','.join(config['games'])}",
             f"--levels {','.join(config['levels'])}", f"--per-task {config['per_task']}",
             f"--seed {config['seed']}", f"--format {config['format']}",
             f"--shard-size {config['shard_size']}", f"--answer-form {config['answer_form']}"]
    if config["answer_form"] == "mixed":
        parts.append(f"--open-share {config['open_share']}")
    if config.get("questions_per_state", 1) > 1:
        parts.append(f"--questions-per-state {config['questions_per_state']}")
    if config.get("text_only"):
        parts.append("--text-only")
    if config.get("split"):
        parts.append(f"--split {config['split']}")
    if config.get("tasks"):
        parts.append(f"--tasks {','.join(config['tasks'])}")
    if config.get("tool_transforms"):
        parts.append(f"--tool-tasks {','.join(config['tool_transforms'])}")
    for game, values in sorted((config.get("params") or {}).items()):
        parts += [f"--param {game}.{name}={value}" for name, value in sorted(values.items())]
    return " ".join(parts) + " --out OUT"


def dataset_card(*, splits: Sequence[dict[str, Any]], version: str,
                 spec: str | None = None) -> str:
    """The card for one or more splits, each a dict with name, path (data files glob),
    samples, states, counts ('game/task|level|form' -> n), repeats, dropped duplicates and
    config (the run's settings)."""
    total = sum(s["samples"] for s in splits)
    text_only = all(s["config"].get("text_only") for s in splits)
    lines = _front_matter(total, {s["name"]: s["path"] for s in splits}, text_only)
    lines += ["", "# visreason dataset", "",
              "Questions about game states with answers computed by the games' own rules, each "
              "with a rule-based verifier (`visreason.verify(sample, completion)` scores a "
              "model's completion 0 to 1). Every sample is a pure function of its settings and "
              "seed: the command below regenerates these files byte for byte.", "",
              f"- made by visreason {version}",
              f"- samples: {total:,}; states (distinct pictures): "
              f"{sum(s['states'] for s in splits):,}"]
    for s in splits:
        dropped = f"; {s['dropped']:,} duplicate items dropped" if s.get("dropped") else ""
        lines.append(f"- split `{s['name']}`: {s['samples']:,} samples, seed "
                     f"{s['config']['seed']}, repeated items {s['repeats']:,}{dropped}")
    lines += ["", "## Regenerate", "", "```sh"]
    if spec is not None:
        lines += [f"visreason generate --spec spec.yaml --out OUT  # visreason=={version}",
                  "```", "", "spec.yaml:", "", "```yaml", spec.rstrip()]
    else:
        lines += [f"pip install 'visreason=={version}'", command_line(splits[0]["config"])]
    lines.append("```")
    for s in splits:
        lines += ["", f"## Split `{s['name']}`", "", "Settings:", "", "```json",
                  json.dumps(s["config"], indent=2, sort_keys=True), "```", "",
                  *_count_table(s["counts"])]
    return "\n".join(lines) + "\n"
