"""Flat records of a Sample for each storage format, and back."""

from __future__ import annotations

import json
from typing import Any

from ..core.sample import Sample

QA_TYPE_TITLES = {
    "target_perception": "Target Perception",
    "state_prediction": "State Prediction",
    "strategy_optimization": "Strategy Optimization",
}


def image_name(sample: Sample) -> str:
    """Relative image path, unique within a run (one seed per run).

    Ids look like game/task/level/INDEX@SEED, optionally followed by /FORM (an open-answer
    sample); the form is kept in the name so two forms of one index never share a file.
    """
    head, _, tail = sample.id.partition("@")
    index = head.rsplit("/", 1)[-1]
    extra = "".join(f"_{part}" for part in tail.split("/")[1:] if part)
    return f"images/{sample.game}/{sample.task}/{sample.plot_level}_{index}{extra}.png"


def group_image_name(sample: Sample) -> str:
    """Relative path of the one picture a state's questions share (`meta["state_group"]`,
    game[overrides]/level/gGROUP@SEED): images/GAME/LEVEL_gGROUP.png, beside the task folders."""
    group = str(sample.meta["state_group"]).partition("@")[0]
    level, number = group.rsplit("/", 2)[-2:]
    return f"images/{sample.game}/{level}_{number}.png"


def jsonl_record(sample: Sample, image_path: str | None) -> dict[str, Any]:
    return sample.to_dict(image=image_path)


def parquet_row(sample: Sample, png: bytes | None, image_path: str | None) -> dict[str, Any]:
    row = sample.to_dict(image={"bytes": png, "path": image_path} if png is not None else None)
    row["state"] = json.dumps(sample.state, sort_keys=True)
    row["meta"] = json.dumps(sample.meta, sort_keys=True)
    return row


def from_parquet_row(row: dict[str, Any]) -> Sample:
    """A Parquet row back as a Sample (`Sample.from_dict` reads its JSON-text columns)."""
    return Sample.from_dict(row)


def gameqa_record(sample: Sample, image_path: str | None, state_path: str,
                  question_id: int, description: str) -> dict[str, Any]:
    """A record in GameQA's data.json field names and label spellings."""
    record: dict[str, Any] = {
        "data_id": sample.id,
        "qa_type": QA_TYPE_TITLES.get(sample.qa_type, sample.qa_type),
        "question_id": question_id,
        "question_description": description,
        "image": image_path,
        "state": state_path,
        "plot_level": sample.plot_level.capitalize(),
        "qa_level": sample.qa_level.capitalize(),
        "question": sample.question,
        "answer": sample.answer,
        "analysis": sample.analysis,
    }
    if sample.options is not None:
        record["options"] = sample.options
    if sample.meta:  # what rule checkers need (asked cell, accepted answers); GameQA ignores it
        record["meta"] = sample.meta
    return record
