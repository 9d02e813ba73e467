"""The code tool for TRL's GRPOTrainer, through its `environment_factory` (tool mode).

    trainer = GRPOTrainer(model=..., processing_class=..., train_dataset=tool_dataset(samples),
                          environment_factory=CodeImageEnv,
                          reward_funcs=[visreason.tools.rewards.tool_reward])

TRL makes one environment per rollout, calls `reset(**row)` with the dataset row, offers the
public method `code_image_tool` to the model as a tool (its signature and docstring become
the tool schema), runs the calls the model makes and hands the returned picture back in a
tool message; the reward functions then get the environments, whose sessions hold the call
records. The chat template must support tool calls (Qwen2.5/3-VL-style templates do).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from PIL import Image

from ..core.sample import Sample
from ..rewards.rows import row_to_columns
from .sandbox import SandboxPool
from .session import ToolSession, tool_spec

INSTRUCTION = (
    "The picture may be rotated, mirrored, low in contrast, or small inside a larger canvas. "
    "When it is, call code_image_tool with Python that fixes it (`image` is the picture; put "
    "the new picture in `result`), then answer. Think inside <think></think> first and give "
    "the final answer inside <answer></answer>."
)


def _picture(value: Any) -> Image.Image | None:
    if value is None or isinstance(value, Image.Image):
        return value
    if isinstance(value, dict):
        value = value.get("bytes") or value.get("path")
    if isinstance(value, (bytes, bytearray)):
        return Image.open(io.BytesIO(value))
    return Image.open(str(value))


class CodeImageEnv:
    """One rollout's pictures and calls. `pool` and `max_calls` are class settings: set
    them on a subclass (TRL builds environments without arguments)."""

    pool: SandboxPool | None = None  # None: the process-wide shared pool
    max_calls: int | None = 8
    # A reply without a picture sends TRL 1.16 (VLM, environment_factory) down a path that
    # fails when no call of a tool round produced one; showing the unchanged input avoids it.
    show_input_without_output: bool = True

    def __init__(self) -> None:
        self.session = ToolSession([], None, self.pool, self.max_calls)

    def reset(self, **row: Any) -> str | None:
        """Start a rollout on a dataset row: its pictures and its tool task (meta.tool)."""
        pictures = row.get("images")
        if pictures is None and row.get("image") is not None:
            pictures = [row["image"]]
        images = [im for im in (_picture(p) for p in pictures or []) if im is not None]
        self.session = ToolSession(images, tool_spec(row.get("meta")), self.pool,
                                   self.max_calls)
        return None

    def code_image_tool(self, code: str, image_index: int = 0) -> list[dict[str, Any]]:
        """Run Python code on a picture and get the picture it produces.

        Args:
            code: Python code. `image` is the chosen picture as a PIL image; PIL's Image,
                ImageOps, ImageEnhance, ImageFilter and ImageDraw, numpy as np and math are
                ready. Put the new picture in `result`.
            image_index: Which picture to work on: 0 is the question's picture, then the
                pictures earlier calls produced, in order.

        Returns:
            The new picture and any printed text, or the error the code raised.
        """
        if not self.session.images:
            record = self.session.refuse("there is no picture to work on", code, image_index)
        else:
            record = self.session.call(code, image_index)
        parts: list[dict[str, Any]] = [{"type": "image", "image": self.session.images[i]}
                                       for i in record.outputs]
        text = self.session.response_text(record)
        if not parts and self.show_input_without_output and self.session.images:
            shown = record.image_index if 0 <= record.image_index < len(self.session.images) \
                else 0
            parts.append({"type": "image", "image": self.session.images[shown]})
            text += f"\nNo new picture; this is image {shown}, unchanged."
        parts.append({"type": "text", "text": text})
        return parts


def tool_dataset(samples: Iterable[Sample], system: str | None = None) -> list[dict[str, Any]]:
    """Rows for GRPOTrainer: a conversational prompt, the picture in `images`, and the
    verifier columns (meta carries the tool task). Wrap with datasets.Dataset.from_list."""
    rows = []
    for sample in samples:
        image = sample.load_image()
        messages = [{"role": "system", "content": system}] if system else []
        messages.append({"role": "user",
                         "content": f"{sample.question.rstrip()}\n\n{INSTRUCTION}"})
        rows.append({"prompt": messages, "images": [image] if image is not None else [],
                     **row_to_columns(sample)})
    return rows
