"""The one record every source produces: game data, synthesis, tool tasks."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from .errors import SampleError

CATEGORIES = ("3d_spatial", "pattern", "multi_step", "strategic")
SPLITS = ("in_domain", "out_of_domain")
QA_TYPES = ("target_perception", "state_prediction", "strategy_optimization")
ANSWER_TYPES = ("choice", "multi_choice", "integer", "number", "coordinate", "sequence", "text")
ANSWER_FORMS = ("choice", "open")

# Fields in the order they are written; `image` is handled by the writer.
FIELDS = (
    "id", "game", "task", "category", "split", "qa_type", "plot_level", "qa_level",
    "question", "options", "answer", "answer_type", "analysis", "image", "state", "seed", "meta",
    "answer_form", "partition",
)


@dataclass
class Sample:
    id: str
    game: str
    task: str
    category: str
    split: str
    qa_type: str
    plot_level: str
    qa_level: str
    question: str
    options: list[str] | None
    answer: str
    answer_type: str
    analysis: str
    image: Image.Image | str | bytes | None
    state: dict[str, Any]
    seed: int
    meta: dict[str, Any] = field(default_factory=dict)
    answer_form: str = "choice"
    partition: str | None = None

    @property
    def task_id(self) -> str:
        return f"{self.game}/{self.task}"

    def to_dict(self, image: Any = None) -> dict[str, Any]:
        """JSON-ready dict; `image` replaces the in-memory picture (a relative path, bytes...)."""
        out = {name: getattr(self, name) for name in FIELDS}
        out["image"] = image
        return out

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> Sample:
        """A Sample from any record the project writes, so every stored form verifies.

        Accepts JSONL records, Parquet and export rows (state, meta and options as JSON text),
        verl rows (`extra_info` plus `reward_model.ground_truth`), rows whose verifier columns
        sit in a JSON `label`, and `solution` for `answer`. Raises SampleError naming what is
        missing or unreadable.
        """
        if not isinstance(record, Mapping):
            raise SampleError(f"a sample must be a Sample or a dict, not {type(record).__name__}")
        record = _flatten_row(record)
        missing = [name for name in ("game", "task", "answer", "answer_type")
                   if record.get(name) is None]
        if missing:
            raise SampleError(f"sample dict lacks required field(s): {', '.join(missing)}")
        name = str(record.get("id") or f"{record.get('game')}/{record.get('task')}")
        values = {key: record.get(key) for key in FIELDS}
        values["state"] = _json_object(values["state"], "state", name)
        values["meta"] = _json_object(values["meta"], "meta", name)
        values["options"] = _json_options(values["options"], name)
        values["answer"] = str(values["answer"])
        try:
            values["seed"] = int(values["seed"] or 0)
        except (TypeError, ValueError, OverflowError):
            raise SampleError(f"sample {name}: seed {values['seed']!r} is not an integer") \
                from None
        values["answer_form"] = values["answer_form"] or (
            "choice" if values["answer_type"] in ("choice", "multi_choice") else "open")
        for key in ("id", "category", "split", "qa_type", "plot_level", "qa_level", "question",
                    "analysis"):
            values[key] = str(values[key] or "")
        return cls(**values)

    def load_image(self) -> Image.Image | None:
        """The picture as PIL, whichever way it is held (PIL, bytes, HF dict or path)."""
        img = self.image
        if img is None or isinstance(img, Image.Image):
            return img
        if isinstance(img, dict):
            img = img.get("bytes") or img.get("path")
        if isinstance(img, (bytes, bytearray)):
            return Image.open(io.BytesIO(img))
        return Image.open(str(img))


def _flatten_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """One flat dict of verifier columns from the nested row forms exports write."""
    row = dict(record)
    extra = row.pop("extra_info", None)
    if isinstance(extra, Mapping):  # verl: the verifier columns sit in extra_info
        row = {**extra, **{k: v for k, v in row.items() if v is not None}}
    reward_model = row.get("reward_model")
    if row.get("answer") is None and isinstance(reward_model, Mapping):
        row["answer"] = reward_model.get("ground_truth")
    if row.get("answer") is None and row.get("solution") is not None:
        row["answer"] = row["solution"]
    label = row.get("label")
    if row.get("answer_type") is None and isinstance(label, (str, Mapping)):
        parsed = label
        if isinstance(label, str):
            try:
                parsed = json.loads(label) if label.lstrip()[:1] == "{" else None
            except ValueError:
                parsed = None
        if isinstance(parsed, Mapping):  # OpenRLHF: the verifier columns as a JSON label
            row = {**parsed, **{k: v for k, v in row.items() if v is not None and k != "label"}}
    return row


def _json_object(value: Any, name: str, sample: str) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise SampleError(f"sample {sample}: {name} is not valid JSON ({exc})") from None
    if not isinstance(value, Mapping):
        raise SampleError(f"sample {sample}: {name} must be a JSON object, not "
                          f"{type(value).__name__}")
    return dict(value)


def _json_options(value: Any, sample: str) -> list[str] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise SampleError(f"sample {sample}: options are not valid JSON ({exc})") from None
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__iter__"):
        raise SampleError(f"sample {sample}: options must be a list, not {type(value).__name__}")
    return [str(option) for option in value] or None
