"""The reward server with tool rewards: every route of `visreason serve-reward`, plus
POST /score_tools for trajectories (completion, call records and the sample's columns).

A bad item scores 0 with its reason in `errors`; the batch never fails for one item.
"""

# No `from __future__ import annotations`: FastAPI reads the annotations at run time.

import contextlib
from collections.abc import Iterator
from typing import Any

from ..core.errors import VisreasonError
from .rewards import ToolRewardWeights, score_tool_item

MAX_ITEMS = 10_000
PARTS = ("accuracy", "format", "tool", "penalty")


def create_tool_app(allow_unregistered: bool | None = None) -> Any:
    """The FastAPI app of the reward server with /score_tools added (extra 'serve')."""
    from fastapi import Body, HTTPException

    from ..rewards.server import create_app

    app = create_app(allow_unregistered)

    @app.post("/score_tools")
    async def score_tools(body: dict = Body(...)) -> dict:  # noqa: B008 - FastAPI's idiom
        items = body.get("items")
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise HTTPException(422, f"'items' must be a list of at most {MAX_ITEMS} objects "
                                     "with sample, completion and calls")
        try:
            weights = ToolRewardWeights(**(body.get("weights") or {}))
        except TypeError as exc:
            raise HTTPException(422, f"bad weights: {exc}") from exc
        out: dict[str, list] = {"scores": [], "errors": [], **{p: [] for p in PARTS}}
        for item in items:
            try:
                parts, error = score_tool_item(item, weights), None
            except (ValueError, TypeError, VisreasonError) as exc:
                parts, error = {"score": 0.0, **{p: 0.0 for p in PARTS}}, str(exc)
            out["scores"].append(parts["score"])
            for name in PARTS:
                out[name].append(parts[name])
            out["errors"].append(error)
        return out

    return app


def serve(host: str = "127.0.0.1", port: int = 8000, allow_unregistered: bool = False,
          log_level: str = "warning") -> None:
    try:
        import uvicorn
    except ImportError as exc:
        raise VisreasonError("the reward server needs the 'serve' extra: "
                             "pip install 'visreason[serve]'") from exc
    uvicorn.run(create_tool_app(allow_unregistered), host=host, port=port, log_level=log_level)


@contextlib.contextmanager
def serve_in_background() -> Iterator[str]:
    """The tool reward server in a thread on a free loopback port; yields its base URL."""
    from ..rewards.server import serve_app_in_background

    with serve_app_in_background(create_tool_app(), "tool reward server") as url:
        yield url
