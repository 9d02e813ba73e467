"""Ask for JSON and get valid JSON: structured output where the server has it, repair and
retry where it does not.

The first requests send the schema as `response_format` (json_schema). A server that answers
such a request with a 400/422/501 naming the format is taken not to support it, and the run
falls back to `json_object`, then to the schema written into the prompt; the mode reached is
shared by every later call. Each reply is parsed leniently (code fences, prose, trailing
commas, cut-off objects) and validated; a reply that still fails is answered with the
validation errors quoted, up to `repairs` times. Refusals and failed requests end the call with
a reason, never an exception, so one item never stops a run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..llm.types import SAMPLE_HEADER, ChatBackend, LLMError
from .prompts import repair_message
from .schema import MalformedJSON, parse_json, validate

MODES = ("json_schema", "json_object", "prompt")
_FORMAT_WORDS = re.compile(r"response_format|json_schema|json_object|guided|structured|schema|"
                           r"not supported|unsupported", re.I)
_REFUSAL = re.compile(r"^\W*(i'?m sorry|i am sorry|sorry|i can(?:no|')t|i can not|i won'?t|"
                      r"i will not|i'?m (?:not able|unable)|i am (?:not able|unable)|"
                      r"as an ai|抱歉|对不起|很抱歉|我不能|我无法)", re.I)


def is_refusal(text: str) -> bool:
    """An empty reply (a structured-output refusal leaves the content empty) or a reply that
    opens by declining and holds no JSON object."""
    stripped = text.strip()
    return not stripped or ("{" not in stripped and bool(_REFUSAL.match(stripped)))


def wire_schema(schema: Any) -> Any:
    """The schema as sent to servers: without minLength, which several guided decoders and
    strict structured-output modes reject (it is still checked here)."""
    if isinstance(schema, dict):
        return {k: wire_schema(v) for k, v in schema.items() if k != "minLength"}
    if isinstance(schema, list):
        return [wire_schema(v) for v in schema]
    return schema


@dataclass
class Outcome:
    """One structured call's end: the value, or why there is none, and what it cost."""

    value: dict[str, Any] | None = None
    reason: str | None = None  # malformed_json, schema, refusal, request_failed
    detail: str = ""
    calls: int = 0
    cached_calls: int = 0
    repairs: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def add_cost(self, other: Outcome) -> None:
        self.calls += other.calls
        self.cached_calls += other.cached_calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens

    def cost(self) -> dict[str, int]:
        return {"calls": self.calls, "cached_calls": self.cached_calls,
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens}


class StructuredCaller:
    """Structured calls over one chat client; `events` counts repairs, fallbacks and so on."""

    def __init__(self, client: ChatBackend, mode: str = "auto", repairs: int = 2) -> None:
        if mode != "auto" and mode not in MODES:
            raise ValueError(f"structured mode must be auto or one of {MODES}, not {mode!r}")
        self.client = client
        self.auto = mode == "auto"
        self.mode = MODES[0] if self.auto else mode
        self.repairs = repairs
        self.events: Counter[str] = Counter()
        self._wire: dict[tuple[str, int], tuple[dict[str, Any], dict[str, Any]]] = {}

    def _format(self, name: str, schema: dict[str, Any]) -> dict[str, Any] | None:
        if self.mode == "json_schema":
            known = self._wire.get((name, id(schema)))
            if known is None or known[0] is not schema:  # built once per schema object
                known = (schema, {"type": "json_schema", "json_schema": {
                    "name": name, "schema": wire_schema(schema), "strict": True}})
                self._wire[(name, id(schema))] = known
            return known[1]
        if self.mode == "json_object":
            return {"type": "json_object"}
        return None

    def _unsupported(self, exc: LLMError, mode: str) -> bool:
        return (self.auto and mode != "prompt" and exc.status in (400, 422, 501)
                and bool(_FORMAT_WORDS.search(str(exc))))

    async def ask(self, build: Callable[[bool], list[dict[str, Any]]], schema: dict[str, Any],
                  name: str, call_id: str, params: dict[str, Any],
                  check: Callable[[dict[str, Any]], list[str]] | None = None) -> Outcome:
        """Messages from `build(schema_in_prompt)`; the validated object or a reason.

        `check` adds problems the schema cannot express; they are repaired like schema errors.
        """
        outcome = Outcome()
        follow_up: list[dict[str, Any]] = []
        while True:
            mode = self.mode
            response_format = self._format(name, schema)
            request = dict(params)
            if response_format is not None:
                request["response_format"] = response_format
            messages = build(mode != "json_schema") + follow_up
            try:
                result = await self.client.chat(messages, headers={SAMPLE_HEADER: call_id},
                                                **request)
            except LLMError as exc:
                if self._unsupported(exc, mode):
                    if self.mode == mode:  # concurrent calls may have moved it on already
                        self.mode = MODES[MODES.index(mode) + 1]
                        self.events[f"fallback_to_{self.mode}"] += 1
                    continue
                outcome.reason, outcome.detail = "request_failed", str(exc)
                return outcome
            outcome.calls += 1
            outcome.cached_calls += int(result.cached)
            outcome.prompt_tokens += result.prompt_tokens
            outcome.completion_tokens += result.completion_tokens
            if is_refusal(result.text):
                outcome.reason = "refusal"
                outcome.detail = result.text.strip()[:300] or "empty reply"
                return outcome
            try:
                value, repaired = parse_json(result.text)
            except MalformedJSON as exc:
                kind, problems = "malformed_json", [str(exc)]
            else:
                kind = "schema"
                problems = validate(value, schema)
                if not problems and check is not None:
                    problems = check(value)
                if not problems:
                    if repaired:
                        self.events["json_repaired_locally"] += 1
                    outcome.value = value
                    return outcome
            if outcome.repairs >= self.repairs:
                outcome.reason, outcome.detail = kind, "; ".join(problems[:8])
                return outcome
            outcome.repairs += 1
            self.events[f"retry_after_{kind}"] += 1
            follow_up = [*follow_up, {"role": "assistant", "content": result.text},
                         repair_message("; ".join(problems[:8]), schema)]
