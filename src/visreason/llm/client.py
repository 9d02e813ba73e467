"""One OpenAI-compatible chat client: bounded concurrency, retries with backoff, cache, usage.

Works against vLLM, SGLang and hosted APIs: it only speaks POST {base_url}/chat/completions.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import threading
import time
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..core.errors import VisreasonError
from .cache import ResponseCache, request_key
from .types import ChatResult, LLMError, Usage

T = TypeVar("T")

RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
ENV_BASE_URL = "OPENAI_BASE_URL"
ENV_API_KEY = "OPENAI_API_KEY"
ENV_MODEL = "VISREASON_MODEL"


def resolve_endpoint(base_url: str | None, model: str | None,
                     api_key: str | None) -> tuple[str, str, str | None]:
    """Arguments first, then OPENAI_BASE_URL / VISREASON_MODEL / OPENAI_API_KEY."""
    base_url = base_url or os.environ.get(ENV_BASE_URL)
    model = model or os.environ.get(ENV_MODEL)
    api_key = api_key or os.environ.get(ENV_API_KEY)
    if not base_url:
        raise VisreasonError(f"no model server: pass --base-url or set {ENV_BASE_URL}")
    if not base_url.startswith(("http://", "https://")):
        raise VisreasonError(f"base URL {base_url!r} must start with http:// or https://")
    if not model:
        raise VisreasonError(f"no model name: pass --model or set {ENV_MODEL}")
    return base_url.rstrip("/"), model, api_key


class _Transient(Exception):
    """A failure worth another try (429, 5xx, timeout, broken connection, malformed body)."""

    def __init__(self, message: str, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _parse(body: bytes, model: str) -> ChatResult:
    try:
        data = json.loads(body)
        choice = data["choices"][0]
        text = choice["message"].get("content") or ""
        if not isinstance(text, str):
            raise TypeError("message content is not text")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise _Transient(f"malformed response body ({type(exc).__name__}: {exc})") from exc
    usage = data.get("usage") or {}
    return ChatResult(text=text, model=str(data.get("model") or model),
                      prompt_tokens=int(usage.get("prompt_tokens") or 0),
                      completion_tokens=int(usage.get("completion_tokens") or 0),
                      finish_reason=choice.get("finish_reason"))


class ChatClient:
    """Async client; `concurrency` bounds requests in flight, not callers.

    Failures that stay after `max_retries` retries raise LLMError (with status and attempts);
    400-class errors other than 408/409/425/429 are not retried, since repeating cannot help.
    """

    def __init__(
        self,
        base_url: str | None = None,
        model: str | None = None,
        api_key: str | None = None,
        *,
        concurrency: int = 16,
        timeout: float = 120.0,
        max_retries: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        cache: ResponseCache | str | os.PathLike[str] | None = None,
        headers: dict[str, str] | None = None,
        transport: Any = None,
    ) -> None:
        try:
            import httpx
        except ImportError as exc:
            raise VisreasonError("the chat client needs httpx: pip install 'visreason[llm]'") \
                from exc

        self.base_url, self.model, api_key = resolve_endpoint(base_url, model, api_key)
        if concurrency < 1:
            raise VisreasonError("concurrency must be at least 1")
        self.url = f"{self.base_url}/chat/completions"
        self.concurrency = concurrency
        self.max_retries = max(0, max_retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.cache = cache if isinstance(cache, ResponseCache) or cache is None \
            else ResponseCache(Path(cache))
        self.usage = Usage()
        self._headers = {"Content-Type": "application/json", **(headers or {})}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        # One single-connection httpx client per slot: httpcore's pool scans every connection on
        # each request, which at 64 connections costs more CPU than the request itself.
        ssl_context = httpx.create_ssl_context()
        self._lanes = [
            httpx.AsyncClient(timeout=httpx.Timeout(timeout), transport=transport,
                              verify=ssl_context, limits=httpx.Limits(max_connections=1))
            for _ in range(concurrency)
        ]
        self._free: asyncio.Queue[Any] | None = None
        self._httpx = httpx

    async def chat(self, messages: list[dict[str, Any]], *, model: str | None = None,
                   headers: dict[str, str] | None = None, **params: Any) -> ChatResult:
        """One chat completion; `params` go into the body (temperature, max_tokens, ...)."""
        model = model or self.model
        key = None
        if self.cache is not None:
            key = request_key(model, messages, params)
            hit = self.cache.get(key)
            if hit is not None and isinstance(hit.get("text"), str):
                result = ChatResult(text=hit["text"], model=hit.get("model", model),
                                    prompt_tokens=int(hit.get("prompt_tokens", 0)),
                                    completion_tokens=int(hit.get("completion_tokens", 0)),
                                    latency=0.0, attempts=0, cached=True,
                                    finish_reason=hit.get("finish_reason"))
                self.usage.add(result)
                return result
        body = json.dumps({"model": model, "messages": messages, **params},
                          ensure_ascii=False).encode("utf-8", "backslashreplace")
        request_headers = {**self._headers, **headers} if headers else self._headers
        result = await self._send(body, request_headers, model)
        self.usage.add(result)
        if key is not None and self.cache is not None:
            self.cache.put(key, {"text": result.text, "model": result.model,
                                 "prompt_tokens": result.prompt_tokens,
                                 "completion_tokens": result.completion_tokens,
                                 "finish_reason": result.finish_reason})
        return result

    async def _send(self, body: bytes, headers: dict[str, str], model: str) -> ChatResult:
        if self._free is None:
            self._free = asyncio.Queue()
            for lane in self._lanes:
                self._free.put_nowait(lane)
        started = time.perf_counter()
        for attempt in range(self.max_retries + 1):
            try:
                lane = await self._free.get()
                try:
                    result = await self._attempt(lane, body, headers, model)
                finally:
                    self._free.put_nowait(lane)
                result.latency = time.perf_counter() - started
                result.attempts = attempt + 1
                return result
            except _Transient as exc:
                if attempt == self.max_retries:
                    self.usage.failures += 1
                    raise LLMError(f"gave up after {attempt + 1} attempts: {exc}",
                                   exc.status, attempt + 1) from None
                self.usage.retries += 1
                await asyncio.sleep(self._delay(attempt, exc.retry_after))
        raise AssertionError("unreachable")

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_backoff)
        # Full jitter keeps many clients hitting one rate limit from retrying in lockstep.
        return random.uniform(0.5, 1.0) * min(self.max_backoff, self.backoff * 2 ** attempt)

    async def _attempt(self, lane: Any, body: bytes, headers: dict[str, str],
                       model: str) -> ChatResult:
        httpx = self._httpx
        try:
            response = await lane.post(self.url, content=body, headers=headers)
        except httpx.TimeoutException as exc:
            raise _Transient(f"timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise _Transient(f"connection failed ({type(exc).__name__}: {exc})") from exc
        status = response.status_code
        if status == 200:
            return _parse(response.content, model)
        detail = response.text[:200].replace("\n", " ")
        if status in RETRY_STATUSES or status >= 500:
            raise _Transient(f"HTTP {status}: {detail}", status,
                             _retry_after(response.headers.get("retry-after")))
        hint = " (does the base URL need /v1?)" if status == 404 else ""
        self.usage.failures += 1
        raise LLMError(f"HTTP {status} from {self.url}{hint}: {detail}", status)

    async def aclose(self) -> None:
        for lane in self._lanes:
            await lane.aclose()

    async def __aenter__(self) -> ChatClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


class SyncChatClient:
    """The async client driven from plain code: a private event loop in a daemon thread."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="visreason-llm")
        self._thread.start()
        try:
            self._client = self._run(self._make(args, kwargs))
        except BaseException:
            self._stop()
            raise

    @staticmethod
    async def _make(args: tuple, kwargs: dict) -> ChatClient:
        return ChatClient(*args, **kwargs)

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    @property
    def model(self) -> str:
        return self._client.model

    @property
    def usage(self) -> Usage:
        return self._client.usage

    def chat(self, messages: list[dict[str, Any]], **kwargs: Any) -> ChatResult:
        return self._run(self._client.chat(messages, **kwargs))

    def chat_many(self, conversations: Sequence[list[dict[str, Any]]],
                  **kwargs: Any) -> list[ChatResult | LLMError]:
        """Many chats at the client's concurrency; a failed one is its LLMError, in place."""
        async def one(messages: list[dict[str, Any]]) -> ChatResult | LLMError:
            try:
                return await self._client.chat(messages, **kwargs)
            except LLMError as exc:
                return exc

        async def every() -> list[ChatResult | LLMError]:
            return list(await asyncio.gather(*(one(m) for m in conversations)))

        return self._run(every())

    def close(self) -> None:
        if self._loop.is_running():
            self._run(self._client.aclose())
        self._stop()

    def _stop(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
        self._loop.close()

    def __enter__(self) -> SyncChatClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
