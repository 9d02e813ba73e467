"""Run a model over samples: bounded concurrency, one flushed JSONL record per sample, resume.

A record is appended and flushed the moment its sample is scored, so a crash loses at most the
requests in flight; a rerun skips every sample that already has an answer (errors are re-asked)
and a sample never counts twice.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..core.extract import extract_answer
from ..core.sample import Sample
from ..core.verify import score_answer
from ..llm.types import SAMPLE_HEADER, ChatBackend, Usage
from ..render.encode import write_atomic
from .judge import Judge
from .prompts import build_messages, get_template, prompt_text
from .records import ENCODING_ERRORS, RECORDS, compact_records, load_records, make_run_dir

RUN_FILE = "run.json"
_FETCH = 16  # samples pulled from the source per hop off the event loop


@dataclass
class EvalSettings:
    """What decides the answers: a run may only be resumed with the same settings."""

    model: str
    template: str = "direct"
    system: str | None = None
    params: dict[str, Any] = field(default_factory=lambda: {"temperature": 0.0})
    data: Any = None  # a description of the data source
    judge_model: str | None = None

    def as_json(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self), default=str))


@dataclass
class EvalSummary:
    out: str
    total: int  # samples in the source (duplicates once)
    asked: int  # samples sent to the model in this session
    resumed: int  # samples already answered before this session
    errors: int  # samples whose record is an error
    score: float  # sum of scores over all records
    seconds: float
    usage: Usage

    @property
    def accuracy(self) -> float:
        return self.score / self.total if self.total else 0.0


def _claim(out: Path, settings: EvalSettings) -> dict[str, Any]:
    wanted = settings.as_json()
    try:
        state = json.loads((out / RUN_FILE).read_text("utf-8"))
    except FileNotFoundError:
        state = {"settings": wanted, "sessions": []}
    except (OSError, ValueError) as exc:
        raise VisreasonError(f"{out / RUN_FILE} is unreadable ({exc})") from exc
    if state.get("settings") != wanted:
        theirs = state.get("settings") or {}
        diff = [k for k in wanted if theirs.get(k) != wanted[k]]
        raise VisreasonError(f"{out} holds an evaluation with other settings "
                             f"({', '.join(diff)}); rerun with the same ones or choose another "
                             f"--out")
    write_atomic(out / RUN_FILE, json.dumps(state, indent=2).encode("utf-8"))
    return state


def _base_record(sample: Sample) -> dict[str, Any]:
    return {"id": sample.id, "game": sample.game, "task": sample.task,
            "category": sample.category, "split": sample.split, "qa_type": sample.qa_type,
            "plot_level": sample.plot_level, "qa_level": sample.qa_level,
            "answer_type": sample.answer_type, "answer": sample.answer}


def _score(sample: Sample, response: str) -> tuple[str | None, float]:
    try:
        extracted = extract_answer(response, sample.answer_type)
        return extracted, score_answer(sample, extracted)
    except Exception:  # a hostile response costs a zero, never the run
        return None, 0.0


class _Run:
    def __init__(self, client: ChatBackend, settings: EvalSettings, judge: Judge | None,
                 handle: Any, progress: Callable[[int], None] | None) -> None:
        self.client = client
        self.settings = settings
        self.template = get_template(settings.template)
        self.judge = judge
        self.handle = handle
        self.progress = progress
        self.asked = 0
        self.written: dict[str, dict[str, Any]] = {}

    async def answer(self, sample: Sample) -> None:
        record = _base_record(sample)
        record["prompt"] = prompt_text(sample, self.template)
        started = time.perf_counter()
        try:
            messages = build_messages(sample, self.template, self.settings.system)
            result = await self.client.chat(messages, headers={SAMPLE_HEADER: sample.id},
                                            **self.settings.params)
        except Exception as exc:  # recorded and re-asked on resume; never stops the run
            record.update(response=None, extracted=None, score=0.0,
                          latency=round(time.perf_counter() - started, 6),
                          error=f"{type(exc).__name__}: {exc}")
        else:
            extracted, score = _score(sample, result.text)
            record.update(response=result.text, extracted=extracted, score=score,
                          latency=round(result.latency, 6), prompt_tokens=result.prompt_tokens,
                          completion_tokens=result.completion_tokens, attempts=result.attempts,
                          cached=result.cached, error=None)
            if self.judge is not None and self.judge.applies(sample):
                record.update(await self.judge.judge(sample, result.text))
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.handle.flush()
        self.written[sample.id] = record
        self.asked += 1
        if self.progress:
            self.progress(1)

    async def worker(self, queue: asyncio.Queue[Sample | None]) -> None:
        while (sample := await queue.get()) is not None:
            await self.answer(sample)


def _take(iterator: Iterator[Sample], count: int) -> list[Sample]:
    batch = []
    for sample in iterator:
        batch.append(sample)
        if len(batch) == count:
            break
    return batch


async def run_eval(
    samples: Iterable[Sample],
    client: ChatBackend,
    out: str | os.PathLike[str],
    settings: EvalSettings,
    *,
    concurrency: int = 16,
    judge: Judge | None = None,
    progress: Callable[[int], None] | None = None,
) -> EvalSummary:
    """Answer every sample not yet answered in `out`; returns totals over the whole run."""
    out = make_run_dir(out)
    state = _claim(out, settings)
    previous = load_records(out / RECORDS, repair=True)
    done = {k for k, r in previous.items() if not r.get("error")}
    started = time.perf_counter()
    seen: list[str] = []
    seen_set: set[str] = set()
    queue: asyncio.Queue[Sample | None] = asyncio.Queue(maxsize=2 * concurrency)
    async def produce() -> None:
        iterator = iter(samples)
        while batch := await asyncio.to_thread(_take, iterator, _FETCH):
            for sample in batch:
                if sample.id in seen_set:
                    continue  # a duplicated sample counts once
                seen_set.add(sample.id)
                seen.append(sample.id)
                if sample.id in done:
                    if progress:
                        progress(1)
                    continue
                await queue.put(sample)
        for _ in range(concurrency):
            await queue.put(None)

    with open(out / RECORDS, "a", encoding="utf-8", errors=ENCODING_ERRORS) as handle:
        run = _Run(client, settings, judge, handle, progress)
        tasks = [asyncio.create_task(produce())]
        tasks += [asyncio.create_task(run.worker(queue)) for _ in range(concurrency)]
        try:
            await asyncio.gather(*tasks)  # the first failure (a bug, an interrupt) ends all
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    merged = {**previous, **run.written}
    final = {sid: merged[sid] for sid in seen if sid in merged}
    # Records of samples outside this source stay, after the source's own, in their order.
    final.update({sid: r for sid, r in merged.items() if sid not in final})
    compact_records(out / RECORDS, final)
    seconds = time.perf_counter() - started
    usage = client.usage
    state["sessions"].append({"seconds": round(seconds, 3), "asked": run.asked,
                              "usage": usage.as_dict()})
    write_atomic(out / RUN_FILE, json.dumps(state, indent=2).encode("utf-8"))
    in_source = [final[sid] for sid in seen if sid in final]
    return EvalSummary(str(out), len(seen), run.asked, len(seen) - run.asked,
                       sum(1 for r in in_source if r.get("error")),
                       sum(float(r.get("score") or 0.0) for r in in_source), seconds, usage)


def evaluate(samples: Iterable[Sample], client: ChatBackend, out: str | os.PathLike[str],
             settings: EvalSettings, **kwargs: Any) -> EvalSummary:
    """`run_eval` for plain code; closes the client when done."""
    async def go() -> EvalSummary:
        try:
            return await run_eval(samples, client, out, settings, **kwargs)
        finally:
            await client.aclose()
            if kwargs.get("judge") is not None and kwargs["judge"].client is not client:
                await kwargs["judge"].client.aclose()

    return asyncio.run(go())
