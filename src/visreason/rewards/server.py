"""HTTP reward server: batch scoring for trainers that call a remote reward.

POST /score scores a batch; one bad item scores 0 with its reason in `errors` and never
fails the batch (unless `strict`). POST /score_one scores one item and answers 4xx with the
reason for a bad one. GET /health says the server is up. The schema is at /openapi.json and
described, without anything fetched from the web, at /docs. Bodies over `max_body` get 413;
large requests are scored in worker threads so /health and small requests stay responsive.
"""

# No `from __future__ import annotations`: FastAPI must see the request models
# defined inside create_app as real classes, not as unresolvable strings.

import asyncio
import contextlib
import json
import math
import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
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
MAX_BODY = 64 * 1024 * 1024  # bytes per request; larger batches are split by the client
# A request this small (and without `ref` items, which generate) costs well under a
# millisecond to score, so it is scored on the event loop; larger ones go to worker threads.
INLINE_BYTES = 16 * 1024
SCORING_THREADS = 2  # scoring holds the GIL: more threads only add switching
_ZERO = {"score": 0.0, "accuracy": 0.0, "format": 0.0}
ENV_ALLOW_UNREGISTERED = "VISREASON_REWARD_ALLOW_UNREGISTERED"
ENV_MAX_BODY = "VISREASON_REWARD_MAX_BODY"


class ItemError(ValueError):
    """Why one item cannot be scored; the message goes back to the caller."""


@lru_cache(maxsize=8192)
def _generated(task_id: str, level: str, seed: int, index: int) -> Sample:
    return generate(task_id, level, seed, index, text_only=True)


def _whole_number(value: Any, name: str) -> int:
    """A non-negative integer from JSON (5 or 5.0), else ItemError; bools and inf refused."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ItemError(f"'ref.{name}' must be a non-negative integer, not {value!r}")
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise ItemError(f"'ref.{name}' must be a non-negative integer, not {value!r}")
    if value < 0:
        raise ItemError(f"'ref.{name}' must be a non-negative integer, not {value!r}")
    return int(value)


def _sample_of(item: dict[str, Any], allow_unregistered: bool) -> Sample:
    ref, record = item.get("ref"), item.get("sample")
    if (ref is None) == (record is None):
        raise ItemError("give exactly one of 'sample' (the verifier columns) or 'ref' "
                        "(task, level, seed, index)")
    if ref is not None:
        if not isinstance(ref, dict) or not isinstance(ref.get("task"), str):
            raise ItemError("'ref' must be an object with task (game/task), level, seed, index")
        level = ref.get("level", "medium")
        if not isinstance(level, str):
            raise ItemError(f"'ref.level' must be easy, medium or hard, not {level!r}")
        seed = _whole_number(ref.get("seed", 0), "seed")
        index = _whole_number(ref.get("index", 0), "index")
        try:
            return _generated(ref["task"], level, seed, index)
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
        raise ItemError(f"an item must be an object with 'completion' and 'sample' or 'ref', "
                        f"not {type(item).__name__}")
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
        acc = accuracy_score(sample, completion, partial)
    except VisreasonError as exc:  # an unknown format, or a sample that cannot be verified
        raise ItemError(str(exc)) from exc
    fmt = format_score(completion, name)
    return {"score": acc + format_weight * fmt, "accuracy": acc, "format": fmt}


def score_batch(items: list[Any], *, strict: bool = False, **options: Any
                ) -> dict[str, list[Any]]:
    """Score every item; a bad one scores 0 with its reason (or, with `strict`, raises
    ItemError naming its position). Nothing an item holds can fail the others."""
    out: dict[str, list[Any]] = {"scores": [], "accuracy": [], "format": [], "errors": []}
    for position, item in enumerate(items):
        try:
            result, error = score_item(item, **options), None
        except ItemError as exc:
            if strict:
                raise ItemError(f"item {position}: {exc}") from exc
            result, error = _ZERO, str(exc)
        except Exception as exc:  # a bug must cost one item, not the batch
            if strict:
                raise ItemError(f"item {position}: {type(exc).__name__}: {exc}") from exc
            result, error = _ZERO, f"cannot score this item ({type(exc).__name__}: {exc})"
        out["scores"].append(result["score"])
        out["accuracy"].append(result["accuracy"])
        out["format"].append(result["format"])
        out["errors"].append(None if error is None else printable(error))
    return out


def printable(text: str) -> str:
    """`text` with lone surrogates replaced, so a JSON response can always be encoded."""
    return text.encode("utf-8", "replace").decode("utf-8")


class BodyLimit:
    """ASGI middleware: a request body over `limit` bytes gets 413 before anything parses it.

    The body is read here (never more than `limit` bytes are kept) and handed on unchanged.
    """

    def __init__(self, app: Any, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body, sent = b"".join(chunks), False

        async def replay() -> dict:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Any) -> None:
        detail = json.dumps({"detail": f"request body over {self.limit:,} bytes; send smaller "
                                       "batches"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(detail)).encode())]})
        await send({"type": "http.response.body", "body": detail})


def create_app(allow_unregistered: bool | None = None, max_body: int = MAX_BODY) -> Any:
    """The FastAPI application (needs the 'serve' extra).

    Scoring runs in worker threads, so a large request never holds the event loop: /health
    and other clients are answered meanwhile.
    """
    try:
        from fastapi import FastAPI, HTTPException, Request
        from fastapi.exceptions import RequestValidationError
        from fastapi.responses import HTMLResponse, JSONResponse
        from pydantic import BaseModel, Field
    except ImportError as exc:
        raise VisreasonError("the reward server needs the 'serve' extra: "
                             "pip install 'visreason[serve]'") from exc
    from .. import __version__
    from .apidocs import docs_page

    if allow_unregistered is None:
        allow_unregistered = os.environ.get(ENV_ALLOW_UNREGISTERED, "") in ("1", "true", "yes")
    task_count = len(tasks())
    workers = ThreadPoolExecutor(SCORING_THREADS, thread_name_prefix="visreason-score")

    async def off_loop(request: Request, items: list[Any], work: Callable[[], Any]) -> Any:
        """Run `work` here when the request is small, else in a scoring thread."""
        size = request.headers.get("content-length", "")
        small = size.isdigit() and int(size) <= INLINE_BYTES and not any(
            isinstance(item, dict) and "ref" in item for item in items)
        if small:
            return work()
        return await asyncio.get_running_loop().run_in_executor(workers, work)

    @contextlib.asynccontextmanager
    async def lifespan(_: Any) -> AsyncIterator[None]:
        yield
        workers.shutdown(wait=False, cancel_futures=True)

    weight_field = {"allow_inf_nan": False,
                    "description": "score = accuracy + weight x format (a finite number)"}

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
        format_weight: float = Field(0.0, **weight_field)
        partial: bool = Field(False, description="Grant the partial credit tasks define.")

    class ScoreRequest(BaseModel):
        items: list[Any] = Field(
            ..., max_length=MAX_ITEMS,
            description="Items shaped like ScoreItem; one that is malformed (not an object, "
                        "an unknown task, a broken sample) scores 0 with its reason in "
                        "`errors`.")
        format_weight: float = Field(0.0, **weight_field)
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

    app = FastAPI(title="visreason reward server", version=__version__, docs_url=None,
                  redoc_url=None, lifespan=lifespan,
                  description="Rule-based rewards for visreason data: exact, fast and free.")
    app.add_middleware(BodyLimit, limit=max_body)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return JSONResponse({"detail": "request body is not valid JSON"}, status_code=400)
        reasons = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
                            for e in errors[:5])
        return JSONResponse({"detail": printable(f"malformed request: {reasons}")},
                            status_code=422)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "tasks": task_count}

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(docs_page(app.openapi()))

    @app.post("/score", response_model=ScoreResponse)
    async def score(body: ScoreRequest, request: Request) -> dict[str, Any]:
        if body.answer_format is not None and body.answer_format not in FORMATS:
            raise HTTPException(422, printable(f"unknown answer format "
                                               f"{body.answer_format!r}; choose from "
                                               f"{', '.join(FORMATS)}"))
        try:
            return await off_loop(request, body.items, lambda: score_batch(
                body.items, strict=body.strict, allow_unregistered=allow_unregistered,
                format_weight=body.format_weight, answer_format=body.answer_format,
                partial=body.partial))
        except ItemError as exc:
            raise HTTPException(422, printable(str(exc))) from exc

    @app.post("/score_one", response_model=OneResponse)
    async def score_one(item: OneRequest, request: Request) -> dict[str, float]:
        fields = item.model_dump(exclude_unset=True)
        weight, partial = fields.pop("format_weight", 0.0), fields.pop("partial", False)
        try:
            out = await off_loop(request, [fields], lambda: score_batch(
                [fields], strict=True, allow_unregistered=allow_unregistered,
                format_weight=weight, partial=partial))
        except ItemError as exc:
            raise HTTPException(422, printable(str(exc).removeprefix("item 0: "))) from exc
        return {"score": out["scores"][0], "accuracy": out["accuracy"][0],
                "format": out["format"][0]}

    return app


def app_from_env() -> Any:
    """Factory for `uvicorn --factory` and multi-worker serving; reads settings from env."""
    return create_app(max_body=int(os.environ.get(ENV_MAX_BODY) or MAX_BODY))


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
          allow_unregistered: bool = False, log_level: str = "warning",
          max_body: int = MAX_BODY) -> None:
    """Run the server until interrupted."""
    try:
        import uvicorn
    except ImportError as exc:
        raise VisreasonError("the reward server needs the 'serve' extra: "
                             "pip install 'visreason[serve]'") from exc
    if workers > 1:
        os.environ[ENV_ALLOW_UNREGISTERED] = "1" if allow_unregistered else "0"
        os.environ[ENV_MAX_BODY] = str(max_body)
        uvicorn.run("visreason.rewards.server:app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level, access_log=False)
    else:
        uvicorn.run(create_app(allow_unregistered, max_body), host=host, port=port,
                    log_level=log_level, access_log=False)


@contextlib.contextmanager
def serve_in_background(allow_unregistered: bool = False) -> Iterator[str]:
    """A server in a thread of this process on a free loopback port; yields its base URL.

    For notebooks, tests and benchmarks: the server stops when the block ends.
    """
    with serve_app_in_background(create_app(allow_unregistered), "reward-server") as url:
        yield url


@contextlib.contextmanager
def serve_app_in_background(app: Any, name: str) -> Iterator[str]:
    """Any ASGI `app` in a daemon thread on a free loopback port; yields its base URL."""
    try:
        import uvicorn
    except ImportError as exc:
        raise VisreasonError("the reward server needs the 'serve' extra: "
                             "pip install 'visreason[serve]'") from exc
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="error", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True, name=name)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise VisreasonError(f"the {name} did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
