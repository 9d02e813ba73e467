"""HTTP environment server: remote trainers create, reset, step and close episodes.

    POST   /episodes                  {"env", "level", "seed", "params", "options", "image"}
    POST   /episodes/{id}/reset       {"seed", "image"}
    POST   /episodes/{id}/step        {"action", "image"}
    GET    /episodes/{id}             the latest observation and info, unchanged
    DELETE /episodes/{id}
    GET    /envs, GET /health

Every answer holds `observation` ({"text", "image": base64 PNG or null}) and `info` (the
episode's info: verifier state, steps, invalid actions, won/lost, optimal steps); a step adds
`reward`, `terminated`, `truncated`. Episodes live in memory, each behind its own lock, so
many run at once and the steps of one are applied in order; an episode idle longer than
`idle_seconds` is dropped when room is needed, and at most `max_episodes` are held (then a
create gets 503). A step is a millisecond or two of work (the rules, a picture), so it runs
on the event loop: no thread hand-off per request.
Bad requests get 4xx with a one-line reason; an action is model text and never causes one.
"""

# No `from __future__ import annotations`: FastAPI must see the request models
# defined inside create_app as real classes, not as unresolvable strings.

import base64
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from ..core.errors import VisreasonError
from ..render.encode import png_bytes
from .base import Episode
from .registry import make, names

MAX_EPISODES = 10_000
IDLE_SECONDS = 3_600.0
MAX_BODY = 1024 * 1024  # an action is text: a megabyte is plenty


class _Held:
    """One episode with its lock and the time it was last used."""

    def __init__(self, episode: Episode) -> None:
        self.episode = episode
        self.lock = threading.Lock()
        self.used = time.monotonic()


class EpisodeStore:
    """The server's episodes by id; thread-safe, bounded, idle ones dropped when full."""

    def __init__(self, max_episodes: int = MAX_EPISODES,
                 idle_seconds: float = IDLE_SECONDS) -> None:
        self.max_episodes = max_episodes
        self.idle_seconds = idle_seconds
        self._held: dict[str, _Held] = {}
        self._lock = threading.Lock()
        self.steps = 0

    def __len__(self) -> int:
        return len(self._held)

    def add(self, episode: Episode) -> str:
        with self._lock:
            if len(self._held) >= self.max_episodes:
                cutoff = time.monotonic() - self.idle_seconds
                for key in [k for k, h in self._held.items() if h.used < cutoff]:
                    del self._held[key]
            if len(self._held) >= self.max_episodes:
                raise LookupError(f"the server holds {self.max_episodes} episodes; close some "
                                  "(DELETE /episodes/{id}) or wait for idle ones to expire")
            key = secrets.token_hex(12)
            self._held[key] = _Held(episode)
            return key

    def use(self, key: str) -> AbstractContextManager[Episode]:
        """The episode `key` under its lock (KeyError at once when there is none)."""
        held = self._held.get(key)
        if held is None:
            raise KeyError(key)
        return self._locked(held)

    @staticmethod
    @contextmanager
    def _locked(held: _Held) -> Iterator[Episode]:
        with held.lock:
            held.used = time.monotonic()
            yield held.episode

    def count_step(self) -> None:
        with self._lock:
            self.steps += 1

    def close(self, key: str) -> bool:
        with self._lock:
            return self._held.pop(key, None) is not None


def encode_observation(obs: dict[str, Any], image: bool = True) -> dict[str, Any]:
    """An observation as JSON: the picture as base64 PNG (null when text-only or not asked)."""
    picture = obs.get("image")
    data = base64.b64encode(png_bytes(picture)).decode("ascii") \
        if image and picture is not None else None
    return {"text": obs["text"], "image": data}


def create_app(max_episodes: int = MAX_EPISODES, idle_seconds: float = IDLE_SECONDS,
               max_body: int = MAX_BODY) -> Any:
    """The FastAPI application (needs the 'serve' extra)."""
    try:
        from fastapi import FastAPI, HTTPException
        from fastapi.exceptions import RequestValidationError
        from fastapi.responses import JSONResponse
        from pydantic import BaseModel, Field
    except ImportError as exc:
        raise VisreasonError("the environment server needs the 'serve' extra: "
                             "pip install 'visreason[serve]'") from exc
    from ..rewards.server import BodyLimit

    store = EpisodeStore(max_episodes, idle_seconds)
    names()  # discover every environment (and game) before requests arrive from many threads

    class CreateRequest(BaseModel):
        env: str
        level: str = "medium"
        seed: int = Field(0, ge=0)
        params: dict[str, Any] = Field(default_factory=dict)
        options: dict[str, Any] = Field(default_factory=dict)
        image: bool = True

    class ResetRequest(BaseModel):
        seed: int | None = Field(None, ge=0)
        image: bool = True

    class StepRequest(BaseModel):
        action: str
        image: bool = True

    app = FastAPI(title="visreason environments", docs_url=None, redoc_url=None)
    app.state.store = store
    app.add_middleware(BodyLimit, limit=max_body)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Any, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return JSONResponse({"detail": f"{where or 'body'}: {first.get('msg', 'invalid')}"},
                            status_code=422)

    def held(key: str) -> Any:
        try:
            return store.use(key)
        except KeyError:
            raise HTTPException(404, f"no episode {key[:40]!r}; it was closed, expired or "
                                     "never created") from None

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "episodes": len(store), "steps": store.steps}

    @app.get("/envs")
    async def envs() -> dict[str, Any]:
        return {"envs": names(), "levels": ["easy", "medium", "hard"]}

    @app.post("/episodes")
    async def create(body: CreateRequest) -> dict[str, Any]:
        unknown = set(body.options) - {"text_only", "describe", "max_steps", "invalid_penalty"}
        if unknown:
            raise HTTPException(400, f"unknown option(s) {sorted(unknown)}; use text_only, "
                                     "describe, max_steps or invalid_penalty")
        try:
            episode = make(body.env, level=body.level, seed=body.seed, params=body.params,
                           **body.options)
            obs, info = episode.reset()
        except VisreasonError as exc:
            raise HTTPException(400, str(exc)) from None
        except (TypeError, ValueError) as exc:
            raise HTTPException(400, f"bad option: {exc}") from None
        try:
            key = store.add(episode)
        except LookupError as exc:
            raise HTTPException(503, str(exc)) from None
        return {"episode_id": key, "observation": encode_observation(obs, body.image),
                "info": info}

    @app.post("/episodes/{key}/reset")
    async def reset(key: str, body: ResetRequest) -> dict[str, Any]:
        with held(key) as episode:
            obs, info = episode.reset(seed=body.seed)
        return {"episode_id": key, "observation": encode_observation(obs, body.image),
                "info": info}

    @app.post("/episodes/{key}/step")
    async def step(key: str, body: StepRequest) -> dict[str, Any]:
        with held(key) as episode:
            obs, reward, terminated, truncated, info = episode.step(body.action)
        store.count_step()
        return {"episode_id": key, "observation": encode_observation(obs, body.image),
                "reward": reward, "terminated": terminated, "truncated": truncated,
                "info": info}

    @app.get("/episodes/{key}")
    async def show(key: str, image: bool = False) -> dict[str, Any]:
        with held(key) as episode:
            obs, info = episode.current()
        return {"episode_id": key, "observation": encode_observation(obs, image), "info": info}

    @app.delete("/episodes/{key}")
    async def close(key: str) -> dict[str, Any]:
        if not store.close(key):
            raise HTTPException(404, f"no episode {key[:40]!r}")
        return {"episode_id": key, "closed": True}

    return app


def serve(host: str = "127.0.0.1", port: int = 8100, max_episodes: int = MAX_EPISODES,
          idle_seconds: float = IDLE_SECONDS, log_level: str = "warning") -> None:
    """Run the server until interrupted (one process: episodes live in its memory)."""
    try:
        import uvicorn
    except ImportError as exc:
        raise VisreasonError("the environment server needs the 'serve' extra: "
                             "pip install 'visreason[serve]'") from exc
    uvicorn.run(create_app(max_episodes, idle_seconds), host=host, port=port,
                log_level=log_level, access_log=False, backlog=4096)
