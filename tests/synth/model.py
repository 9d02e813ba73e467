"""A scripted synthesis model: the loopback scripted server with a responder that writes
well-formed items, scores and answers, plus switches for the ways real servers misbehave."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from typing import Any

from visreason.core.seeds import derive_seed
from visreason.llm.scripted import ScriptedServer
from visreason.llm.types import SAMPLE_HEADER

RELATION = re.compile(r"sharing one relation: (\w+)")
VOCABULARY = [f"term{i}" for i in range(4000)]


def item_key(call_id: str) -> tuple[str, str]:
    """(item id, stage) from the call id the pipeline sends, 'ITEM:stage'."""
    item, _, stage = call_id.rpartition(":")
    return item, stage


def short_answer(item: str) -> str:
    return f"answer {derive_seed('short', item) % 997}"


def document(item: str, attempt: str = "") -> str:
    rng = random.Random(derive_seed("doc", item, attempt))
    return " ".join(rng.choice(VOCABULARY) for _ in range(150))


def prompt_text(messages: list[dict[str, Any]]) -> str:
    parts = []
    for message in messages:
        content = message["content"]
        if isinstance(content, str):
            parts.append(content)
        else:
            parts += [p["text"] for p in content if p.get("type") == "text"]
    return "\n".join(parts)


def good_item(call_id: str, messages: list[dict[str, Any]], text: bool = True) -> dict:
    item, stage = item_key(call_id)
    relation = RELATION.search(prompt_text(messages)).group(1)
    value = {
        "relation": relation,
        "sub_questions": [{"question": f"What is step {i} of {item}?", "answer": f"s{i}"}
                          for i in range(3)],
        "question": f"Combining every step, what follows for {item}?",
        "thinking": "First the first step, then the second, then the third gives it.",
        "answer": f"It is {short_answer(item)} because the steps chain.",
        "short_answer": short_answer(item),
    }
    if text:
        value = {"document": document(item, stage), **value}
    return value


def score(quality: int = 4, difficulty: int = 4) -> dict:
    return {"clarity": quality, "relevance": quality, "usefulness": quality,
            "fluency": quality, "conceptual_depth": difficulty, "step_complexity": difficulty,
            "prior_knowledge": difficulty, "ambiguity": difficulty, "rationale": "fine"}


class SynthModel:
    """Writes replies per stage; override pieces by setting the attributes to functions."""

    def __init__(self) -> None:
        self.item: Callable[[str, list], str | None] = \
            lambda cid, msgs: json.dumps(good_item(cid, msgs, "Area:" in prompt_text(msgs)))
        self.score: Callable[[str], dict] = lambda item: score()
        self.answer: Callable[[str, int], str] = lambda item, k: short_answer(item)

    def __call__(self, call_id: str, messages: list[dict[str, Any]]) -> str | None:
        item, stage = item_key(call_id)
        if stage.startswith("generate"):
            return self.item(call_id, messages)
        if stage == "score":
            return json.dumps(self.score(item))
        if stage.startswith("answer"):
            return json.dumps({"thinking": "worked it out",
                               "short_answer": self.answer(item, int(stage[6:]))})
        return None


class SynthServer(ScriptedServer):
    """The scripted server, optionally refusing `response_format` as servers without
    structured output do (a 400 naming the field)."""

    def __init__(self, model: SynthModel | None = None, *, reject_formats: tuple[str, ...] = (),
                 **kwargs: Any) -> None:
        self.model = model or SynthModel()
        super().__init__(responder=self.model, capture=True, **kwargs)
        self.reject_formats = reject_formats
        self.rejected_formats = 0
        self.log: list[tuple[str, dict]] = []  # (call id, request body) of every request

    async def _complete(self, headers: dict[str, str], body: bytes):
        request = json.loads(body)
        self.log.append((headers.get(SAMPLE_HEADER.lower(), ""), request))
        kind = (request.get("response_format") or {}).get("type")
        if kind in self.reject_formats:
            self.rejected_formats += 1
            return 400, json.dumps({"error": {"message": f"response_format type {kind} is "
                                              "not supported by this server"}}).encode(), []
        return await super()._complete(headers, body)

    def calls(self, stage: str | None = None) -> int:
        """Requests answered (not refused) in total or for one stage."""
        return sum(n for cid, n in self.attempts.items()
                   if stage is None or item_key(cid)[1].startswith(stage))


def run_pipeline(server: ScriptedServer, out, jobs, *, client: dict | None = None,
                 concurrency: int = 8, **config: Any):
    """One synthesis run against `server`, its cache inside `out`; returns the summary."""
    import asyncio

    from visreason.llm import ChatClient
    from visreason.synth.journal import JournalCache
    from visreason.synth.pipeline import Pipeline, SynthConfig

    cache = JournalCache(out / "cache.jsonl")
    options = {"concurrency": concurrency, "cache": cache, "backoff": 0.01,
               "max_retries": 3, "timeout": 10.0, **(client or {})}

    async def go():
        async with ChatClient(server.url, "scripted-model", **options) as chat:
            return await Pipeline(chat, SynthConfig("scripted-model", **config), out,
                                  concurrency=concurrency).run(jobs)

    try:
        return asyncio.run(go())
    finally:
        cache.close()


def records(out) -> dict[str, dict]:
    from visreason.eval.records import load_records

    return load_records(out / "records.jsonl")


def repairs_in(messages: list[dict[str, Any]]) -> int:
    """How many repair turns a conversation holds (one per earlier unusable reply)."""
    return sum(1 for m in messages if m["role"] == "assistant")
