"""The one record every source produces: game data, synthesis, tool tasks."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

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
    def from_dict(cls, record: dict[str, Any]) -> Sample:
        if not isinstance(record, dict):
            raise TypeError(f"a sample must be a Sample or a dict, not {type(record).__name__}")
        missing = [name for name in ("game", "task", "answer", "answer_type") if name not in record]
        if missing:
            raise ValueError(f"sample dict lacks required field(s): {', '.join(missing)}")
        values = {name: record.get(name) for name in FIELDS}
        values["meta"] = values["meta"] or {}
        values["state"] = values["state"] or {}
        values["seed"] = int(values["seed"] or 0)
        values["answer_form"] = values["answer_form"] or (
            "choice" if values["answer_type"] in ("choice", "multi_choice") else "open")
        for name in ("id", "category", "split", "qa_type", "plot_level", "qa_level", "question",
                     "analysis"):
            values[name] = values[name] or ""
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
