"""HTTP reward server: batch scoring for trainers that call a remote reward.

POST /score scores a batch; one bad item scores 0 with its reason in `errors` and never
fails the batch (unless `strict`). POST /score_one scores one item and answers 4xx with the
reason for a bad one. GET /health says the server is up. The schema is at /openapi.json.
"""

# No `from __future__ import annotations`: FastAPI must see the request models
# defined inside create_app as real classes, not as unresolvable strings.

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ..core.errors import VisreasonError
from ..core.generate import generate
from ..core.registry import find_task, tasks
from ..core.sample import Sample
from .formats import FORMATS, check_format_name
from .rows import sample_from_row
from .scoring import accuracy_score, format_score
from .trl import format_of_prompt

MAX_ITEMS = 10_000
ENV_ALLOW_UNREGISTERED = "VISREASON_REWARD_ALLOW_UNREGISTERED"


class ItemError(ValueError):
    """Why one item cannot be scored; the message goes back to the caller."""


@lru_cache(maxsize=8192)
def _generated(task_id: str, level: str, seed: int, index: int) -> Sample:
    return generate(task_id, level, seed, index, text_only=True)


def _sample_of(item: dict[str, Any], allow_unregistered: bool) -> Sample:
    ref, record = item.get("ref"), item.get("sample")
    if (ref is None) == (record is None):
        raise ItemError("give exactly one of 'sample' (the verifier columns) or 'ref' "
                        "(task, level, seed, index)")
    if ref is not None:
        if not isinstance(ref, dict):
            raise ItemError("'ref' must be an object with task, level, seed, index")
        try:
            task_id, level = str(ref["task"]), str(ref.get("level", "medium"))
            seed, index = int(ref.get("seed", 0)), int(ref.get("index", 0))
        except (KeyError, TypeError, ValueError) as exc:
            raise ItemError(f"bad 'ref': {exc}; need task (game/task), level, seed, index") \
                from exc
        try:
            return _generated(task_id, level, seed, index)
        except (VisreasonError, ValueError) as exc:
            raise ItemError(str(exc)) from exc
    if not isinstance(record, dict):
        raise ItemError("'sample' must be an object holding answer, answer_type, game, task...")
    try:
        sample = sample_from_row(record)
    except (VisreasonError, ValueError, TypeError) as exc:
        raise ItemError(str(exc)) from exc
    if not allow_unregistered and find_task(sample.game, sample.task) is None:
        raise ItemError(f"unknown task {sample.game}/{sample.task}; run 'visreason list' to see "
                        "all tasks (start the server with --allow-unregistered to score "
                        "imported data by its stored answer)")
    return sample


def score_item(item: Any, *, allow_unregistered: bool = False, format_weight: float = 0.0,
               answer_format: str | None = None, partial: bool = False) -> dict[str, float]:
    """Score one request item; raises ItemError with the reason when it cannot be scored."""
    if not isinstance(item, dict):
        raise ItemError("an item must be an object with 'completion' and 'sample' or 'ref'")
    if "completion" not in item:
        raise ItemError("an item needs a 'completion'")
    sample = _sample_of(item, allow_unregistered)
    completion = item["completion"]
    name = item.get("answer_format") or answer_format
    if name is None and isinstance(item.get("sample"), dict):
        name = item["sample"].get("answer_format")
    if name is None:
        name = format_of_prompt(item.get("prompt", ""))
    try:
        name = check_format_name(str(name))
    except VisreasonError as exc:
        raise ItemError(str(exc)) from exc
    acc = accuracy_score(sample, completion, partial)
    fmt = format_score(completion, name)
    return {"score": acc + format_weight * fmt, "accuracy": acc, "format": fmt}


def create_app(allow_unregistered: bool | None = None) -> Any:
    """The FastAPI application (needs the 'serve' extra)."""
    try:
        from fastapi import FastAPI, HTTPException, Request
        from fastapi.exceptions import RequestValidationError
        from fastapi.responses import JSONResponse
        from pydantic import BaseModel, Field
    except ImportError as exc:
        raise VisreasonError("the reward server needs the 'serve' extra: "
                             "pip install 'visreason[serve]'") from exc
    from .. import __version__

    if allow_unregistered is None:
        allow_unregistered = os.environ.get(ENV_ALLOW_UNREGISTERED, "") in ("1", "true", "yes")
    task_count = len(tasks())

    class ScoreItem(BaseModel):
        completion: Any = Field(None, description="The model output: text, or chat messages.")
        sample: dict[str, Any] | None = Field(
            None, description="Verifier columns: answer, answer_type, options, game, task, "
                              "state, meta (as written by visreason's data and exports).")
        ref: dict[str, Any] | None = Field(
            None, description="Instead of 'sample': {task: 'game/task', level, seed, index}; "
                              "the server regenerates the sample.")
        answer_format: str | None = Field(None, description=f"One of {', '.join(FORMATS)}.")
        model_config = {"extra": "allow"}

    class OneRequest(ScoreItem):
        format_weight: float = Field(0.0, description="score = accuracy + weight x format")
        partial: bool = Field(False, description="Grant the partial credit tasks define.")

    class ScoreRequest(BaseModel):
        items: list[dict[str, Any]] = Field(
            ..., max_length=MAX_ITEMS,
            description="Items shaped like ScoreItem; a malformed one scores 0.")
        format_weight: float = Field(0.0, description="score = accuracy + weight x format")
        answer_format: str | None = Field(None, description="Default format for every item.")
        partial: bool = Field(False, description="Grant the partial credit tasks define.")
        strict: bool = Field(False, description="Fail the whole batch (422) on a bad item.")

    class ScoreResponse(BaseModel):
        scores: list[float]
        accuracy: list[float]
        format: list[float]
        errors: list[str | None]

    class OneResponse(BaseModel):
        score: float
        accuracy: float
        format: float

    app = FastAPI(title="visreason reward server", version=__version__,
                  description="Rule-based rewards for visreason data: exact, fast and free.")

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return JSONResponse({"detail": "request body is not valid JSON"}, status_code=400)
        reasons = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
                            for e in errors[:5])
        return JSONResponse({"detail": f"malformed request: {reasons}"}, status_code=422)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "tasks": task_count}

    @app.post("/score", response_model=ScoreResponse)
    async def score(request: ScoreRequest) -> dict[str, Any]:
        if request.answer_format is not None and request.answer_format not in FORMATS:
            raise HTTPException(422, f"unknown answer format {request.answer_format!r}; "
                                     f"choose from {', '.join(FORMATS)}")
        out: dict[str, list[Any]] = {"scores": [], "accuracy": [], "format": [], "errors": []}
        for position, item in enumerate(request.items):
            try:
                result = score_item(item, allow_unregistered=allow_unregistered,
                                    format_weight=request.format_weight,
                                    answer_format=request.answer_format,
                                    partial=request.partial)
                error = None
            except ItemError as exc:
                if request.strict:
                    raise HTTPException(422, f"item {position}: {exc}") from exc
                result, error = {"score": 0.0, "accuracy": 0.0, "format": 0.0}, str(exc)
            out["scores"].append(result["score"])
            out["accuracy"].append(result["accuracy"])
            out["format"].append(result["format"])
            out["errors"].append(error)
        return out

    @app.post("/score_one", response_model=OneResponse)
    async def score_one(item: OneRequest) -> dict[str, float]:
        fields = item.model_dump(exclude_unset=True)
        weight, partial = fields.pop("format_weight", 0.0), fields.pop("partial", False)
        try:
            return score_item(fields, allow_unregistered=allow_unregistered,
                              format_weight=weight, partial=partial)
        except ItemError as exc:
            raise HTTPException(422, str(exc)) from exc

    return app


def app_from_env() -> Any:
    """Factory for `uvicorn --factory` and multi-worker serving; reads settings from env."""
    return create_app()


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
          allow_unregistered: bool = False, log_level: str = "warning") -> None:
    """Run the server until interrupted."""
    try:
        import uvicorn
    except ImportError as exc:
        raise VisreasonError("the reward server needs the 'serve' extra: "
                             "pip install 'visreason[serve]'") from exc
    if workers > 1:
        os.environ[ENV_ALLOW_UNREGISTERED] = "1" if allow_unregistered else "0"
        uvicorn.run("visreason.rewards.server:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level)
    else:
        uvicorn.run(create_app(allow_unregistered), host=host, port=port, log_level=log_level)


@contextlib.contextmanager
def serve_in_background(allow_unregistered: bool = False) -> Iterator[str]:
    """A server in a thread of this process on a free loopback port; yields its base URL.

    For notebooks, tests and benchmarks: the server stops when the block ends.
    """
    try:
        import uvicorn
    except ImportError as exc:
        raise VisreasonError("the reward server needs the 'serve' extra: "
                             "pip install 'visreason[serve]'") from exc
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(allow_unregistered), host="127.0.0.1", port=port,
                            log_level="error", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True, name="reward-server")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise VisreasonError("the reward server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
