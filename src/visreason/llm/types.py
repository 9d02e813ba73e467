"""What every chat backend returns and counts, so callers never care which backend answered."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol

from ..core.errors import VisreasonError

# Header naming the sample a request is about: lets a scripted or logging server look it up.
SAMPLE_HEADER = "X-Visreason-Sample"


class LLMError(VisreasonError):
    """A request that failed for good: a non-retryable status, or retries exhausted."""

    def __init__(self, message: str, status: int | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.status = status
        self.attempts = attempts


@dataclass
class ChatResult:
    text: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency: float = 0.0  # seconds from first try to answer, backoff included
    attempts: int = 1
    cached: bool = False
    finish_reason: str | None = None


@dataclass
class Usage:
    """Running totals for one client; cached answers cost no tokens and count apart."""

    requests: int = 0
    cached: int = 0
    retries: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add(self, result: ChatResult) -> None:
        if result.cached:
            self.cached += 1
            return
        self.requests += 1
        self.prompt_tokens += result.prompt_tokens
        self.completion_tokens += result.completion_tokens

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class ChatBackend(Protocol):
    """The one interface evaluation, judging and synthesis talk to."""

    model: str
    usage: Usage

    async def chat(self, messages: list[dict[str, Any]], *, model: str | None = None,
                   headers: dict[str, str] | None = None, **params: Any) -> ChatResult: ...

    async def aclose(self) -> None: ...
