"""One trajectory's pictures and tool calls: run the code, keep the images, judge each call.

Every adapter (the agent loop, TRL's environment, verl's tool) holds a `ToolSession`: it
keeps the full-resolution pictures so `image_index` can address any of them (0 is the
question's picture, then each produced picture in order), runs each call in the sandbox, and
records what the call did as plain JSON (`CallRecord`), judged against the tool task's
`meta["tool"]` while the pictures are at hand. Rewards then need only the records.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from PIL import Image

from . import transforms as tf
from .analysis import read_code
from .sandbox import SandboxPool, ToolResult, shared_pool

TOOL_NAME = "code_image_tool"
MAX_IMAGES = 64
Region = tuple[float, float, float, float]


@dataclass
class CallRecord:
    """What one tool call asked for and what came of it (JSON-ready)."""

    code: str
    image_index: int
    ok: bool
    status: str
    error: str | None = None
    stdout: str = ""
    outputs: list[int] = field(default_factory=list)  # indices of the pictures it produced
    claims: dict[str, Any] = field(default_factory=dict)  # what the code says it does
    seen: str | None = None  # the re-orientation the pixels show (input -> output)
    restored: bool = False  # output undoes the task's corruption, in code and in pixels
    iou: float | None = None  # crop tasks: the output's region against the answer box
    needless: bool = False
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return not self.ok

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def tool_spec(meta: Any) -> dict[str, Any] | None:
    """The tool task record of a sample's meta (dict or JSON text), else None."""
    if isinstance(meta, str):
        import json

        try:
            meta = json.loads(meta)
        except ValueError:
            return None
    spec = meta.get("tool") if isinstance(meta, dict) else None
    return spec if isinstance(spec, dict) and spec.get("transform") else None


class ToolSession:
    """The pictures and calls of one trajectory (not thread-safe: one trajectory, one user)."""

    def __init__(self, images: Sequence[Image.Image], tool: dict[str, Any] | None = None,
                 pool: SandboxPool | None = None, max_calls: int | None = None) -> None:
        self.images: list[Image.Image] = [self._loaded(im) for im in images]
        self.tool = tool
        self.pool = pool
        self.max_calls = max_calls
        self.calls: list[CallRecord] = []
        base = len(self.images)
        # Each picture's orientation relative to picture 0 and its region in picture 0.
        self.orientation: list[str | None] = ["identity"] + [None] * (base - 1)
        self.region: list[Region | None] = [(0.0, 0.0, float(self.images[0].width),
                                             float(self.images[0].height))] if base else []
        self.region += [None] * (base - 1)
        self.solved = False

    @staticmethod
    def _loaded(image: Image.Image) -> Image.Image:
        image.load()
        return image

    # -- calls -----------------------------------------------------------------------------
    def _check(self, code: Any, image_index: Any) -> tuple[str, int] | str:
        if self.max_calls is not None and len(self.calls) >= self.max_calls:
            return f"no more tool calls: the limit is {self.max_calls}"
        if not isinstance(code, str) or not code.strip():
            return "the call needs `code`: Python that uses `image` and sets `result`"
        try:
            index = int(image_index)
        except (TypeError, ValueError):
            return f"image_index must be an integer, not {image_index!r}"
        if isinstance(image_index, float) and not image_index.is_integer():
            return f"image_index must be an integer, not {image_index!r}"
        if not 0 <= index < len(self.images):
            return (f"image_index {index} does not exist: there are {len(self.images)} "
                    f"image(s), numbered 0 to {len(self.images) - 1}")
        return code, index

    def refuse(self, reason: str, code: Any = "", image_index: Any = 0) -> CallRecord:
        """Record a call that could not even be made (malformed call, bad index, limit)."""
        index = image_index if isinstance(image_index, int) else -1
        record = CallRecord(code=str(code)[:20_000], image_index=index, ok=False,
                            status="invalid", error=reason)
        self.calls.append(record)
        return record

    def call(self, code: Any, image_index: Any = 0) -> CallRecord:
        checked = self._check(code, image_index)
        if isinstance(checked, str):
            return self.refuse(checked, code, image_index)
        pool = self.pool or shared_pool()
        return self._record(checked[0], checked[1], pool.run(checked[0],
                                                              self.images[checked[1]]))

    async def acall(self, code: Any, image_index: Any = 0) -> CallRecord:
        checked = self._check(code, image_index)
        if isinstance(checked, str):
            return self.refuse(checked, code, image_index)
        pool = self.pool or await asyncio.to_thread(shared_pool)
        result = await pool.arun(checked[0], self.images[checked[1]])
        return self._record(checked[0], checked[1], result)

    # -- judging ---------------------------------------------------------------------------
    def _record(self, code: str, index: int, result: ToolResult) -> CallRecord:
        source = self.images[index]
        record = CallRecord(code=code, image_index=index, ok=result.ok, status=result.status,
                            error=result.error, stdout=result.stdout,
                            seconds=round(result.seconds, 4))
        claims = read_code(code, source.size)
        record.claims = claims.as_dict()
        repeated = any(c.code == code and c.image_index == index and c.ok for c in self.calls)
        was_solved = self.solved
        for produced in result.images[: max(0, MAX_IMAGES - len(self.images))]:
            self.images.append(produced)
            record.outputs.append(len(self.images) - 1)
            orientation, region = self._follow(index, produced, claims, record)
            self.orientation.append(orientation)
            self.region.append(region)
        self._judge(record, index, result.images, claims)
        if result.ok and (repeated or was_solved or self._needs_nothing()):
            record.needless = True
        self.solved = self.solved or record.restored or (record.iou or 0.0) >= 0.5
        self.calls.append(record)
        return record

    def _needs_nothing(self) -> bool:
        return self.tool is not None and self.tool.get("transform") == "none"

    def _follow(self, index: int, produced: Image.Image, claims: Any, record: CallRecord
                ) -> tuple[str | None, Region | None]:
        """The new picture's orientation and region relative to picture 0."""
        source = self.images[index]
        seen = tf.detect(source, produced)
        if len(seen) > 1 and claims.net in seen:  # a symmetric picture: trust the code
            seen = [claims.net]
        element = seen[0] if seen else None
        if record.seen is None:
            record.seen = element
        parent = self.orientation[index]
        orientation = tf.compose(element, parent) if element and parent else None
        region = self.region[index] if element == "identity" else None
        parent_region = self.region[index]
        if region is None and parent_region is not None:
            for box in claims.crops:
                if tf.crop_matches(source, box, produced):
                    clipped = tf.clip_box(box, source.width, source.height)
                    if clipped is not None:
                        px0, py0, px1, py1 = parent_region
                        sx, sy = (px1 - px0) / source.width, (py1 - py0) / source.height
                        x0, y0, x1, y1 = clipped
                        region = (px0 + x0 * sx, py0 + y0 * sy, px0 + x1 * sx, py0 + y1 * sy)
                        break
        return orientation, region

    def _judge(self, record: CallRecord, index: int, produced: list[Image.Image],
               claims: Any) -> None:
        tool = self.tool
        if tool is None or not record.ok or not produced:
            return
        transform = tool.get("transform")
        outputs = record.outputs
        if transform in tf.D4 and tool.get("inverse"):
            target = tool["inverse"]
            agrees = record.seen is not None and (record.seen == claims.net
                                                  or record.seen in claims.ops)
            record.restored = agrees and any(self.orientation[p] == target for p in outputs)
        elif transform == "crop" and tool.get("box"):
            scores = [tf.iou(self.region[p], tool["box"]) for p in outputs
                      if self.region[p] is not None and self.region[p] != self.region[0]]
            if scores:
                record.iou = round(max(scores), 4)
        elif transform == "low_contrast":
            source = self.images[index]
            record.restored = claims.contrast and any(
                tf.contrast_restored(source, self.images[p]) for p in outputs)

    # -- what the model reads --------------------------------------------------------------
    def response_text(self, record: CallRecord) -> str:
        """The text of the tool's answer; the produced pictures go beside it."""
        lines = []
        for position in record.outputs:
            image = self.images[position]
            lines.append(f"Image {position} ({image.width}x{image.height}).")
        if record.error:
            lines.append(f"Error: {record.error}")
        if record.stdout.strip():
            lines.append(f"Output:\n{record.stdout.rstrip()}")
        if record.ok and not record.outputs:
            lines.append("The code produced no image: assign the new image to `result`.")
        return "\n".join(lines)

    def state(self) -> dict[str, Any]:
        """Everything but the pictures, as JSON: enough to carry on in another call
        (verl creates and releases its tool around every single call)."""
        return {"calls": [c.as_dict() for c in self.calls], "orientation": self.orientation,
                "region": [list(r) if r else None for r in self.region],
                "solved": self.solved}

    @classmethod
    def restore(cls, images: Sequence[Image.Image], tool: dict[str, Any] | None,
                state: dict[str, Any] | None, pool: SandboxPool | None = None,
                max_calls: int | None = None) -> ToolSession:
        """A session over `images` that continues from `state` (see `state`)."""
        session = cls(images, tool, pool, max_calls)
        if not state:
            return session
        count = len(session.images)
        known = list(state.get("orientation") or [])[:count]
        session.orientation[: len(known)] = known
        regions = [tuple(r) if r else None for r in (state.get("region") or [])][:count]
        session.region[: len(regions)] = regions
        session.calls = [CallRecord(**c) for c in state.get("calls") or []]
        session.solved = bool(state.get("solved"))
        return session

    def summary(self) -> dict[str, Any]:
        """Counts for reports and rewards."""
        return {"calls": len(self.calls), "failed": sum(c.failed for c in self.calls),
                "needless": sum(c.needless for c in self.calls), "solved": self.solved,
                "restored": any(c.restored for c in self.calls),
                "iou": max((c.iou for c in self.calls if c.iou is not None), default=None)}
