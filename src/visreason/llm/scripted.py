"""A scripted OpenAI-compatible server on 127.0.0.1 for tests and benchmarks.

It knows each sample's right answer (it is given the samples) and finds the sample a request is
about from the SAMPLE_HEADER header. Per sample it follows a plan, one step per attempt:
correct, wrong, slow (answers correctly after `slow_delay`), 429, 500, malformed (a 200 with a
broken JSON body) or surrogate (a correct answer whose text holds a lone UTF-16 surrogate, as
broken model output does, escaped in the JSON); samples without a plan are answered wrongly at
`wrong_rate` (a stable choice per sample id) and correctly otherwise. Everything it did is
counted so tests can check the client.
A `responder(sample_id, messages)` may write the reply itself (multi-turn scripts, tool
calls); returning None falls back to the plan.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.sample import Sample
from ..core.seeds import derive_seed
from .types import SAMPLE_HEADER

STEPS = ("correct", "wrong", "slow", "429", "500", "malformed", "surrogate")
_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests",
            500: "Internal Server Error"}


@dataclass(frozen=True)
class Key:
    """What the server needs to answer a sample right or wrong on purpose."""

    answer: str
    answer_type: str
    options: tuple[str, ...] | None = None


def wrong_answer(key: Key) -> str:
    """An answer that differs from the right one in the sample's own answer form."""
    answer, kind = key.answer, key.answer_type
    if kind == "choice" and key.options:
        letters = [chr(65 + i) for i in range(len(key.options))]
        return letters[(letters.index(answer) + 1) % len(letters)] if answer in letters else "A"
    if kind == "multi_choice" and key.options:
        letters = [chr(65 + i) for i in range(len(key.options))]
        flipped = set(answer) ^ {letters[0]}
        return "".join(sorted(flipped)) or letters[-1]
    if kind in ("integer", "number"):
        try:
            return str(int(float(answer)) + 1)
        except ValueError:
            return "0"
    if kind == "coordinate":
        return "(-99, -99)"
    return "no answer can be given"


class ScriptedServer:
    """Run with `with ScriptedServer(samples) as server:`; `server.url` is the base URL."""

    def __init__(
        self,
        samples: Iterable[Sample | dict[str, Any]] = (),
        *,
        plan: Mapping[str, Sequence[str]] | None = None,
        wrong_rate: float = 0.0,
        delay: float = 0.0,
        slow_delay: float = 1.0,
        default_answer: str = "A",
        capture: bool = False,
        port: int = 0,
        responder: Callable[[str, list[dict[str, Any]]], str | None] | None = None,
    ) -> None:
        self.keys: dict[str, Key] = {}
        for sample in samples:
            s = sample if isinstance(sample, Sample) else Sample.from_dict(sample)
            self.keys[s.id] = Key(s.answer, s.answer_type, tuple(s.options) if s.options else None)
        self.plan = {k: list(v) for k, v in (plan or {}).items()}
        for steps in self.plan.values():
            unknown = [s for s in steps if s not in STEPS]
            if unknown or not steps:
                raise ValueError(f"plan steps must be a non-empty list of {STEPS}, got {steps}")
        self.wrong_rate = wrong_rate
        self.delay = delay
        self.slow_delay = slow_delay
        self.default_answer = default_answer
        self.capture = capture
        self.port = port
        self.responder = responder
        self.attempts: Counter[str] = Counter()  # requests per sample id
        self.steps: Counter[str] = Counter()  # requests per step taken
        self.answered: dict[str, str] = {}  # sample id -> "correct" / "wrong" last served
        self.bodies: list[dict[str, Any]] = []
        self.bad_images = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.authorization: str | None = None  # the last Authorization header seen
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.AbstractServer | None = None
        self._ready = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def wrong_ids(self) -> set[str]:
        return {k for k, v in self.answered.items() if v == "wrong"}

    @property
    def requests(self) -> int:
        return sum(self.steps.values())

    def step_for(self, sample_id: str, attempt: int) -> str:
        steps = self.plan.get(sample_id)
        if steps:
            return steps[min(attempt, len(steps) - 1)]
        if self.wrong_rate and derive_seed("scripted-wrong", sample_id) < self.wrong_rate * 2**63:
            return "wrong"
        return "correct"

    # -- lifecycle -------------------------------------------------------------------------
    async def start_async(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port,
                                                  backlog=1024)
        self.port = self._server.sockets[0].getsockname()[1]

    async def serve_forever(self, on_ready: Any = None) -> None:
        """Serve in the running loop until cancelled; `on_ready(url)` once listening."""
        await self.start_async()
        assert self._server is not None
        if on_ready is not None:
            on_ready(self.url)
        async with self._server:
            await self._server.serve_forever()

    def start(self) -> ScriptedServer:
        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self.start_async())
            self._ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True, name="scripted-server")
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is None or self._server is None:
            return
        loop, server = self._loop, self._server

        async def shutdown() -> None:
            server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop = None

    def __enter__(self) -> ScriptedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- HTTP ------------------------------------------------------------------------------
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                        ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                method, _, rest = lines[0].partition(" ")
                path = rest.rpartition(" ")[0]
                headers = {}
                for line in lines[1:]:
                    name, sep, value = line.partition(":")
                    if sep:
                        headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0") or 0)
                body = await reader.readexactly(length) if length else b""
                status, payload, extra = await self._respond(method, path, headers, body)
                reason = _REASONS.get(status, "Error")
                lines_out = [f"HTTP/1.1 {status} {reason}", "Content-Type: application/json",
                             f"Content-Length: {len(payload)}", *extra]
                writer.write(("\r\n".join(lines_out) + "\r\n\r\n").encode("latin-1") + payload)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:  # shutting down: end the connection quietly
            return
        finally:
            writer.close()

    async def _respond(self, method: str, path: str, headers: dict[str, str],
                       body: bytes) -> tuple[int, bytes, list[str]]:
        if method != "POST" or path != "/v1/chat/completions":
            return 404, b'{"error": {"message": "not found"}}', []
        self.authorization = headers.get("authorization")
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._complete(headers, body)
        finally:
            self.in_flight -= 1

    async def _complete(self, headers: dict[str, str], body: bytes) -> tuple[int, bytes, list[str]]:
        try:
            request = json.loads(body)
            messages = request["messages"]
        except (ValueError, KeyError, TypeError):
            return 400, b'{"error": {"message": "bad request body"}}', []
        sample_id = headers.get(SAMPLE_HEADER.lower(), "")
        attempt = self.attempts[sample_id]
        self.attempts[sample_id] += 1
        step = self.step_for(sample_id, attempt)
        self.steps[step] += 1
        if self.capture:
            self.bodies.append(request)
        self._check_images(messages)
        if self.delay:
            await asyncio.sleep(self.delay)
        if step == "429":
            return 429, b'{"error": {"message": "rate limited"}}', ["Retry-After: 0"]
        if step == "500":
            return 500, b'{"error": {"message": "scripted failure"}}', []
        if step == "malformed":
            return 200, b'{"id": "x", "choices": [{"message": {"content": "trunc', []
        if step == "slow":
            await asyncio.sleep(self.slow_delay)
        key = self.keys.get(sample_id)
        if key is None:
            answer = self.default_answer
        else:
            answer = wrong_answer(key) if step == "wrong" else key.answer
            self.answered[sample_id] = "wrong" if step == "wrong" else "correct"
        text = f"<think>Reading the picture.</think><answer>{answer}</answer>"
        if self.responder is not None:
            text = self.responder(sample_id, messages) or text
        if step == "surrogate":
            text = f"<think>\ud83d broken\udcff</think><answer>{answer}</answer>\ud800"
        payload = {
            "id": f"chatcmpl-{attempt}", "object": "chat.completion",
            "model": request.get("model", "scripted"),
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 3, "total_tokens": 13},
        }
        return 200, json.dumps(payload).encode("utf-8"), []

    def _check_images(self, messages: list[Any]) -> None:
        """Count image parts that are not base64 PNG/JPEG data URLs (tests expect zero)."""
        for message in messages:
            content = message.get("content") if isinstance(message, dict) else None
            if not isinstance(content, list):
                continue
            for part in content:
                if part.get("type") != "image_url":
                    continue
                url = str((part.get("image_url") or {}).get("url", ""))
                head, _, data = url.partition(",")
                try:
                    raw = base64.b64decode(data[:64], validate=False)
                    ok = head in ("data:image/png;base64", "data:image/jpeg;base64") and (
                        raw.startswith(b"\x89PNG") or raw.startswith(b"\xff\xd8"))
                except ValueError:
                    ok = False
                if not ok:
                    self.bad_images += 1


def main(argv: list[str] | None = None) -> None:
    """`python -m visreason.llm.scripted --delay 0.001`: serve until killed; prints the URL."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.001, help="seconds per answer")
    parser.add_argument("--wrong-rate", type=float, default=0.0)
    parser.add_argument("--data", default=None, help="dataset directory to take answers from")
    args = parser.parse_args(argv)
    samples: Iterable[Sample] = ()
    if args.data:
        from ..data.read import read_dataset

        samples = list(read_dataset(args.data))
    server = ScriptedServer(samples, delay=args.delay, wrong_rate=args.wrong_rate, port=args.port)

    asyncio.run(server.serve_forever(lambda url: print(url, flush=True)))


if __name__ == "__main__":
    main()
