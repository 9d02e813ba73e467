"""Agent trajectories as supervised fine-tuning data, with tool turns kept out of the loss.

- LLaMA-Factory (what CodeVision fine-tuned with): OUT/train.jsonl with `messages` and
  `images`, plus dataset_info.json. Tool replies are `observation` turns, which LLaMA-Factory
  never trains on; every picture is an `<image>` in the turn that shows it.
- TRL: OUT/train.parquet with `messages` (content as typed parts) and `images`. Tool replies
  are `tool` messages, rendered by Qwen-style templates as the user turn
  `<tool_response>...</tool_response>`; train with SFTConfig(assistant_only_loss=True) so
  only assistant turns are learned.
Each message also says `"train": true|false`, for trainers that mask by message.
By default only trajectories that answered correctly and follow the format are exported.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..eval.records import load_records
from ..render.encode import write_atomic
from .agent import RECORDS

TARGETS = ("llamafactory", "trl")
IMAGE_TAG = "<image>"


@dataclass
class TrajectoryExport:
    target: str
    rows: int
    skipped: int
    files: list[Path]


def _pictures(turns: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for turn in turns:
        yield turn["role"], turn


def _keep(trajectory: dict[str, Any], only_correct: bool) -> bool:
    if trajectory.get("error") or trajectory.get("finish") != "answer":
        return False
    if not only_correct:
        return True
    reward = trajectory.get("reward") or {}
    return float(trajectory.get("score") or 0) >= 1.0 and float(reward.get("format", 0)) >= 1.0


def _conversation(trajectory: dict[str, Any], target: str) -> tuple[list[dict], list[str]]:
    """Messages and the picture paths they show, in order."""
    images: list[str] = trajectory.get("images") or []
    messages: list[dict[str, Any]] = []
    shown: list[str] = []
    def text(value: str) -> Any:  # TRL rows hold typed parts everywhere (one Arrow type)
        return value if target == "llamafactory" else [{"type": "text", "text": value}]

    if trajectory.get("system"):
        messages.append({"role": "system", "content": text(trajectory["system"]),
                         "train": False})
    question = trajectory.get("question", "")
    if images:
        shown.append(images[0])
    if target == "llamafactory":
        messages.append({"role": "user", "content": (IMAGE_TAG if images else "") + question,
                         "train": False})
    else:
        parts = ([{"type": "image"}] if images else []) + [{"type": "text", "text": question}]
        messages.append({"role": "user", "content": parts, "train": False})
    for role, turn in _pictures(trajectory.get("turns") or []):
        if role == "user":  # the question, written above from the trajectory
            continue
        if role == "assistant":
            messages.append({"role": "assistant", "content": text(turn["text"]),
                             "train": True})
            continue
        outputs = (turn.get("result") or {}).get("outputs") or []
        pictures = [images[i] for i in outputs if i < len(images)]
        shown.extend(pictures)
        reply = turn.get("text", "")
        if target == "llamafactory":
            content = "<tool_response>" + IMAGE_TAG * len(pictures) + reply + "</tool_response>"
            messages.append({"role": "observation", "content": content, "train": False})
        else:
            parts = [{"type": "image"} for _ in pictures] + [{"type": "text", "text": reply}]
            messages.append({"role": "tool", "content": parts, "train": False})
    return messages, shown


def export_trajectories(run: str | os.PathLike[str], out: str | os.PathLike[str],
                        target: str = "llamafactory", only_correct: bool = True
                        ) -> TrajectoryExport:
    """Write the run's trajectories for `target` (see the module docstring)."""
    if target not in TARGETS:
        raise VisreasonError(f"unknown target {target!r}; choose from {', '.join(TARGETS)}")
    run, root = Path(run), Path(out)
    if not (run / RECORDS).exists():
        raise VisreasonError(f"{run} is not an agent run (no {RECORDS})")
    if root.resolve() == run.resolve():
        raise VisreasonError("the export directory must differ from the run")
    trajectories = [r for r in load_records(run / RECORDS).values() if "turns" in r]
    rows, skipped = [], 0
    root.mkdir(parents=True, exist_ok=True)
    for trajectory in trajectories:
        if not _keep(trajectory, only_correct):
            skipped += 1
            continue
        messages, shown = _conversation(trajectory, target)
        copied = []
        for path in shown:
            target_path = root / path
            target_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(run / path, target_path)
            copied.append(path)
        rows.append({"id": trajectory["id"], "messages": messages, "images": copied})
    if target == "llamafactory":
        path = root / "train.jsonl"
        write_atomic(path, "".join(json.dumps(r, ensure_ascii=False) + "\n"
                                   for r in rows).encode("utf-8"))
        info = {"visreason_tools": {
            "file_name": path.name, "formatting": "sharegpt",
            "columns": {"messages": "messages", "images": "images"},
            "tags": {"role_tag": "role", "content_tag": "content", "user_tag": "user",
                     "assistant_tag": "assistant", "observation_tag": "observation",
                     "system_tag": "system"},
        }}
        write_atomic(root / "dataset_info.json", json.dumps(info, indent=2).encode("utf-8"))
        return TrajectoryExport(target, len(rows), skipped, [path, root / "dataset_info.json"])
    return TrajectoryExport(target, len(rows), skipped, [_write_trl(root, rows)])


def _write_trl(root: Path, rows: list[dict[str, Any]]) -> Path:
    try:
        import datasets
    except ImportError as exc:
        raise VisreasonError("the TRL export needs the 'hf' extra: pip install 'visreason[hf]'") \
            from exc
    records = [{"id": r["id"], "messages": json.loads(json.dumps(r["messages"])),
                "images": [str(root / p) for p in r["images"]]} for r in rows]
    table = datasets.Dataset.from_list(records)
    table = table.cast_column("images", datasets.List(datasets.Image()))
    path = root / "train.parquet"
    tmp = root / ".train.parquet.tmp"
    import pyarrow.parquet as pq

    pq.write_table(table.data.table, tmp, compression="zstd")
    tmp.replace(path)
    return path
