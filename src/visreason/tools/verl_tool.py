"""The code tool for verl's tool agent loop (`agent_name: tool_agent`).

verl reads a tool config (see examples/verl_code_image_tool.yaml) naming
`visreason.tools.verl_tool.CodeImageTool`, builds it with `(config, tool_schema)`, and around
every call does `create(create_kwargs=...)`, `execute(instance_id, arguments,
agent_data=...)`, `release(instance_id)`. Pictures: `agent_data.image_data` holds the
prompt's pictures followed by every picture a tool returned, which is exactly the numbering
`image_index` uses; `create_kwargs["image"]` (a path, bytes or data URL) may supply the
full-resolution original in place of the prompt's resized one. State between calls (the
call records, each picture's orientation and region) lives in `agent_data.extra_fields`,
which verl hands to the reward function in `extra_info`: the records under
"visreason_calls" are what `visreason.tools.rewards.compute_score` scores. Keep
`multi_turn.max_parallel_calls` at 1 (its default, and one call per turn as the prompt asks):
calls of one turn run concurrently and would race on that state.

Without verl installed the class keeps the same interface on a plain base, so it can be
imported and tested anywhere.
"""

from __future__ import annotations

import base64
import io
import json
from typing import Any
from uuid import uuid4

from PIL import Image

from .rewards import CALLS_FIELD
from .sandbox import SandboxLimits, SandboxPool
from .session import TOOL_NAME, ToolSession, tool_spec
from .turns import TOOL_SCHEMA

STATE_FIELD = "visreason_tool_state"
RETURNED_FIELD = "visreason_returned"

try:  # verl present: be one of its tools
    from verl.tools.base_tool import BaseTool as _Base
    from verl.tools.schemas import OpenAIFunctionToolSchema, ToolResponse

    HAVE_VERL = True
except ImportError:  # the same interface, for environments without verl
    HAVE_VERL = False
    _Base = object  # type: ignore[assignment,misc]
    OpenAIFunctionToolSchema = None  # type: ignore[assignment,misc]

    class ToolResponse:  # type: ignore[no-redef]
        """Stand-in for verl.tools.schemas.ToolResponse (text, image, video)."""

        def __init__(self, text: str | None = None, image: list[Any] | None = None,
                     video: list[Any] | None = None) -> None:
            self.text, self.image, self.video = text, image, video


def _picture(value: Any) -> Image.Image | None:
    if value is None or isinstance(value, Image.Image):
        return value
    if isinstance(value, dict):
        value = value.get("bytes") or value.get("path") or value.get("image")
    if isinstance(value, (bytes, bytearray)):
        return Image.open(io.BytesIO(value))
    text = str(value)
    if text.startswith("data:"):
        return Image.open(io.BytesIO(base64.b64decode(text.partition(",")[2])))
    return Image.open(text.removeprefix("file://"))


class CodeImageTool(_Base):  # type: ignore[misc,valid-type]
    """Runs model-written Python on a picture in visreason's sandbox (see module docstring).

    config keys (all optional): sandbox_workers, timeout, cpu_seconds, memory_mb,
    max_calls.
    """

    def __init__(self, config: dict[str, Any] | None = None, tool_schema: Any = None) -> None:
        config = dict(config or {})
        if HAVE_VERL:
            super().__init__(config, tool_schema)
        else:
            self.config = config
            self.tool_schema = tool_schema or self.get_openai_tool_schema()
            self.name = TOOL_NAME
        self._instances: dict[str, dict[str, Any]] = {}
        self._pool: SandboxPool | None = None
        self.max_calls = config.get("max_calls", 8)

    def get_openai_tool_schema(self) -> Any:
        if HAVE_VERL:
            return OpenAIFunctionToolSchema.model_validate(TOOL_SCHEMA)
        return json.loads(json.dumps(TOOL_SCHEMA))

    def _sandbox(self) -> SandboxPool:
        if self._pool is None:
            limits = {k: self.config[k] for k in ("timeout", "cpu_seconds", "memory_mb")
                      if k in self.config}
            self._pool = SandboxPool(int(self.config.get("sandbox_workers", 2)),
                                     SandboxLimits(**limits))
        return self._pool

    async def create(self, instance_id: str | None = None, **kwargs: Any) -> tuple[str, Any]:
        instance_id = instance_id or str(uuid4())
        options = dict(kwargs.get("create_kwargs") or {})
        options.update({k: v for k, v in kwargs.items() if k != "create_kwargs"})
        self._instances[instance_id] = options
        return instance_id, ToolResponse()

    def _session(self, options: dict[str, Any], agent_data: Any) -> tuple[ToolSession, dict]:
        extra = getattr(agent_data, "extra_fields", None)
        if extra is None:  # called outside verl's loop: state lives with the instance
            extra = options.setdefault("_extra", {})
        seen = list(getattr(agent_data, "image_data", None) or [])
        returned = int(extra.get(RETURNED_FIELD, 0))
        prompt = seen[: len(seen) - returned] if returned else seen
        tail = seen[len(seen) - returned:] if returned else []
        original = _picture(options.get("image"))
        images = ([original] if original is not None else prompt[:1]) + prompt[1:] + tail
        if not seen and "_images" in options:  # no agent data: our own picture list
            images = options["_images"]
        tool = tool_spec(options.get("meta")) or tool_spec({"tool": options.get("tool")})
        session = ToolSession.restore([_picture(im) for im in images], tool,
                                      extra.get(STATE_FIELD), self._sandbox(), self.max_calls)
        return session, extra

    async def execute(self, instance_id: str, parameters: dict[str, Any],
                      **kwargs: Any) -> tuple[Any, float, dict]:
        options = self._instances.setdefault(instance_id, {})
        session, extra = self._session(options, kwargs.get("agent_data"))
        if not isinstance(parameters, dict):
            record = session.refuse("the arguments must be an object with code and image_index")
        elif not session.images:
            record = session.refuse("there is no picture to work on", parameters.get("code"))
        else:
            record = await session.acall(parameters.get("code"), parameters.get("image_index",
                                                                                0))
        outputs = [session.images[i] for i in record.outputs]
        extra[STATE_FIELD] = session.state()
        extra[CALLS_FIELD] = [c.as_dict() for c in session.calls]
        extra[RETURNED_FIELD] = int(extra.get(RETURNED_FIELD, 0)) + len(outputs)
        if "_extra" in options:
            options["_images"] = session.images
        reply: dict[str, Any] = {"text": session.response_text(record)}
        if outputs:  # verl's ToolResponse refuses image=None
            reply["image"] = outputs
        response = ToolResponse(**reply)
        metrics = {"ok": record.ok, "status": record.status, "restored": record.restored}
        return response, 0.0, metrics

    async def calc_reward(self, instance_id: str, **kwargs: Any) -> float:
        return 0.0  # the trajectory is scored by compute_score from the call records

    async def release(self, instance_id: str, **kwargs: Any) -> None:
        self._instances.pop(instance_id, None)
