"""Tool tasks as reinforcement-learning data for verl's tool agent loop and TRL's tool mode.

verl: OUT/train.parquet with the usual columns (data_source, prompt with `<image>`, images,
ability, reward_model, extra_info with the verifier columns) plus `agent_name: tool_agent`
and `extra_info.tools_kwargs.code_image_tool.create_kwargs` carrying the tool task (and,
with `full_resolution`, the original picture, since verl hands the tool its resized copy).
TRL: OUT/train.parquet with a conversational `prompt`, `images` and the verifier columns,
for GRPOTrainer(environment_factory=CodeImageEnv).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..core.sample import Sample
from ..render.encode import png_bytes
from ..rewards.rows import row_to_columns
from .session import TOOL_NAME
from .trl import INSTRUCTION

TARGETS = ("verl", "trl")


def _png(sample: Sample) -> bytes | None:
    image = sample.load_image()
    return None if image is None else png_bytes(image)


def verl_row(sample: Sample, index: int, split: str = "train",
             full_resolution: bool = False) -> dict[str, Any]:
    data = _png(sample)
    columns = row_to_columns(sample)
    create: dict[str, Any] = {"meta": columns["meta"]}
    if full_resolution:  # every row gets the key, so the Parquet schema is one shape
        create["image"] = data
    text = f"{sample.question.rstrip()}\n\n{INSTRUCTION}"
    return {
        "data_source": f"visreason/tools/{sample.game}",
        "prompt": [{"role": "user", "content": ("<image>" if data else "") + text}],
        "images": [{"bytes": data, "path": None}] if data else [],
        "ability": "visual_reasoning",
        "reward_model": {"style": "rule", "ground_truth": sample.answer},
        "extra_info": {**columns, "index": index, "split": split,
                       "plot_level": sample.plot_level, "answer_format": "think",
                       "tools_kwargs": {TOOL_NAME: {"create_kwargs": create}}},
        "agent_name": "tool_agent",
    }


def trl_row(sample: Sample) -> dict[str, Any]:
    data = _png(sample)
    return {"prompt": [{"role": "user", "content": f"{sample.question.rstrip()}\n\n"
                                                   f"{INSTRUCTION}"}],
            "images": [{"bytes": data, "path": None}] if data else [],
            **row_to_columns(sample), "plot_level": sample.plot_level}


def export_tool_tasks(samples: Iterable[Sample], out: str | os.PathLike[str], target: str,
                      split: str = "train", full_resolution: bool = False) -> Path:
    """Write `samples` for `target` (verl or trl); returns the Parquet file."""
    if target not in TARGETS:
        raise VisreasonError(f"unknown target {target!r}; choose from {', '.join(TARGETS)}")
    try:
        import datasets
    except ImportError as exc:
        raise VisreasonError("Parquet exports need the 'hf' extra: pip install 'visreason[hf]'") \
            from exc
    rows = [verl_row(s, i, split, full_resolution) if target == "verl" else trl_row(s)
            for i, s in enumerate(samples)]
    if not rows:
        raise VisreasonError("no samples to export")
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    table = datasets.Dataset.from_list(rows)
    table = table.cast_column("images", datasets.List(datasets.Image()))
    path = root / f"{split}.parquet"
    tmp = root / f".{split}.parquet.tmp"
    import pyarrow.parquet as pq

    pq.write_table(table.data.table, tmp, compression="zstd")
    tmp.replace(path)
    return path
