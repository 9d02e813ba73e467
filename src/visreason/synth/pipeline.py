"""The synthesis run: generate, deduplicate (regenerating near-duplicates), score, check
self-consistency, and record every item's fate so a rerun resumes where the last one stopped.

A run directory holds run.json (settings, prompt version, structured-output mode reached,
counts kept and rejected per reason, token usage per session), records.jsonl (one flushed line
per finished item, the last line winning) and cache.jsonl (every model reply, keyed by the
request; see journal.py). A rerun skips finished items and replays unfinished ones' earlier
replies from the cache, so no call is paid for twice. When the run ends, data.jsonl (the kept
items) and review.jsonl (the items scoring put aside for a person) are written as visreason
datasets.

The same runner applies the filters alone to an existing dataset (`synth filter`): then a job
carries its sample and generation is skipped.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..core.sample import Sample
from ..core.seeds import derive_seed
from ..eval.records import ENCODING_ERRORS, RECORDS, compact_records, load_records
from ..llm.messages import image_bytes, image_data_url
from ..llm.types import ChatBackend
from ..render.encode import write_atomic
from .consistency import majority_agrees
from .dedup import NearDuplicateIndex
from .prompts import (
    AREAS,
    LANGUAGES,
    PROMPT_VERSION,
    answer_messages,
    image_text,
    score_messages,
    text_messages,
)
from .schema import IMAGE_RELATIONS, TEXT_RELATIONS, answer_schema, item_schema, score_schema
from .scoring import Thresholds, summarise, verdict
from .structured import Outcome, StructuredCaller

RUN_FILE = "run.json"
DATA_FILE = "data.jsonl"
REVIEW_FILE = "review.jsonl"
FINISHED = ("kept", "review", "rejected")
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?%?")


@dataclass
class Job:
    """One item to make (text or image) or, for filtering alone, one sample to judge."""

    id: str
    kind: str  # "text", "image" or "filter"
    relation: str = ""
    area: str | None = None
    seed: Sample | None = None  # image seeds, and the sample to judge when filtering


@dataclass
class SynthConfig:
    """What decides the items: a run directory resumes only under the same settings."""

    model: str
    language: str = "en"
    structured: str = "auto"
    repairs: int = 2
    temperature: float = 0.8
    max_tokens: int = 2048
    dedup: str | None = "tfidf"
    dedup_threshold: float | None = None
    regenerate: int = 2
    score: bool = True
    thresholds: Thresholds = field(default_factory=Thresholds)
    consistency: int = 3
    answer_temperature: float = 0.7
    source: Any = None  # a description of seeds or input data
    prompt_version: str = PROMPT_VERSION

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise VisreasonError(f"language must be one of {', '.join(LANGUAGES)}, not "
                                 f"{self.language!r}")
        if self.consistency < 0 or self.regenerate < 0 or self.repairs < 0:
            raise VisreasonError("consistency, regenerate and repairs must be >= 0")

    def settings(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self), default=str))


@dataclass
class SynthSummary:
    out: str
    total: int
    processed: int  # items finished in this session
    resumed: int  # items finished before it
    counts: dict[str, int]  # kept / review / rejected / error
    rejected: dict[str, int]  # rejection reason -> items
    events: dict[str, int]
    usage: dict[str, int]
    seconds: float
    structured_mode: str


def text_jobs(areas: Iterable[str], per_area: int, language: str) -> list[Job]:
    """per_area items of each area, relations taking turns so each gets its share."""
    jobs = []
    for area in areas:
        if area not in AREAS:
            raise VisreasonError(f"unknown area {area!r}; choose from {', '.join(AREAS)}")
        for index in range(per_area):
            jobs.append(Job(f"synth-text/{language}/{area}/{index}", "text",
                            TEXT_RELATIONS[index % len(TEXT_RELATIONS)], area))
    return jobs


def image_jobs(seeds: Iterable[Sample], relations: Iterable[str] | None = None,
               per_seed: int = 1) -> list[Job]:
    """per_seed items of each seed, relations taking turns over all seeds."""
    chosen = tuple(relations or IMAGE_RELATIONS)
    unknown = [r for r in chosen if r not in IMAGE_RELATIONS]
    if unknown:
        raise VisreasonError(f"unknown image relation(s) {', '.join(unknown)}; choose from "
                             f"{', '.join(IMAGE_RELATIONS)}")
    jobs, turn = [], 0
    for seed in seeds:
        for _ in range(per_seed):
            relation = chosen[turn % len(chosen)]
            turn += 1
            jobs.append(Job(f"synth-image/{seed.id}/{relation}", "image", relation, seed=seed))
    return jobs


def store_image(out: Path, image: Any) -> str:
    """The picture copied into OUT/images under a content-derived name; its relative path
    (a picture shared by several items is stored once)."""
    data = image_bytes(image)
    digest = hashlib.sha256(data).hexdigest()[:16]
    kind = "png" if data.startswith(b"\x89PNG") else "jpg" if data.startswith(b"\xff\xd8") \
        else "img"
    relative = f"images/{digest}.{kind}"
    target = out / relative
    if not target.exists():
        write_atomic(target, data)
    return relative


def dedup_text(sample: Sample) -> str:
    """What near-duplicates are judged on: the background document, else the question."""
    return str(sample.state.get("document") or sample.question)


def _answer_type(short: str) -> str:
    return "number" if _NUMBER.fullmatch(short.strip().replace(" ", "")) else "text"


def _short_answer_check(value: dict[str, Any]) -> list[str]:
    problems = []
    short = value["short_answer"].strip()
    if len(short.split()) > 20 or len(short) > 120:
        problems.append("$.short_answer: must be the final answer alone, at most 20 words")
    question = value["question"].strip().casefold()
    if any(sub["question"].strip().casefold() == question for sub in value["sub_questions"]):
        problems.append("$.question: the multi-hop question repeats a sub-question; it must "
                        "combine them")
    return problems


class Pipeline:
    """Runs jobs through generation and the filters with one chat client."""

    def __init__(self, client: ChatBackend, config: SynthConfig, out: str | os.PathLike[str],
                 *, concurrency: int = 16,
                 progress: Callable[[Pipeline], None] | None = None) -> None:
        self.client = client
        self.config = config
        self.out = Path(out)
        self.concurrency = concurrency
        self.progress = progress
        self.caller = StructuredCaller(client, config.structured, config.repairs)
        self.index = NearDuplicateIndex(config.dedup, config.dedup_threshold) \
            if config.dedup else None
        self.counts: Counter[str] = Counter()
        self.rejected: Counter[str] = Counter()
        self.records: dict[str, dict[str, Any]] = {}
        self.processed = 0
        self._handle: Any = None

    # -- stages -----------------------------------------------------------------------------
    def _params(self, temperature: float, seed: int) -> dict[str, Any]:
        return {"temperature": temperature, "max_tokens": self.config.max_tokens,
                "seed": seed % 2**31}

    def _store_image(self, image: Any) -> str:
        return store_image(self.out, image)

    def _image_parts(self, sample: Sample) -> list[dict[str, Any]]:
        if sample.image is None:
            return []
        image = sample.image
        if isinstance(image, str) and not os.path.isabs(image):
            image = str(self.out / image)
        return [{"type": "image_url", "image_url": {"url": image_data_url(image)}}]

    async def _generate(self, job: Job, attempt: int, avoid: str | None
                        ) -> tuple[Sample | None, Outcome]:
        config = self.config
        seed = derive_seed(job.id, attempt)
        params = self._params(config.temperature, seed)
        call_id = f"{job.id}:generate{attempt}"
        if job.kind == "text":
            assert job.area is not None
            schema = item_schema(job.relation, with_document=True)
            outcome = await self.caller.ask(
                lambda inline: text_messages(job.area, job.relation, config.language, schema,
                                             inline, avoid),
                schema, "synth_item", call_id, params, _short_answer_check)
        else:
            assert job.seed is not None
            schema = item_schema(job.relation, with_document=False)
            picture = {"type": "image_url", "image_url": {"url": image_data_url(job.seed.image)}}

            def build(inline: bool) -> list[dict[str, Any]]:
                text = image_text(job.seed.question, job.seed.answer, job.relation,
                                  config.language, schema, inline)
                if avoid:
                    text += ("\nAsk about a different aspect of the picture than this earlier "
                             f"question, which was too close to another: {avoid[:300]}")
                return [{"role": "user", "content": [picture, {"type": "text", "text": text}]}]

            outcome = await self.caller.ask(build, schema, "synth_item", call_id, params,
                                            _short_answer_check)
        if outcome.value is None:
            return None, outcome
        return self._sample(job, outcome.value, seed), outcome

    def _sample(self, job: Job, value: dict[str, Any], seed: int) -> Sample:
        short = value["short_answer"].strip()
        state: dict[str, Any] = {"relation": job.relation, "sub_questions": value["sub_questions"],
                                 "language": self.config.language}
        meta = {"source": "synth", "kind": job.kind, "answer_text": value["answer"].strip(),
                "model": self.client.model, "prompt_version": PROMPT_VERSION}
        image = None
        if job.kind == "text":
            state.update(area=job.area, document=value["document"].strip())
            game, task = "synth_text", str(job.area)
        else:
            assert job.seed is not None
            state.update(seed_id=job.seed.id, seed_question=job.seed.question,
                         seed_answer=job.seed.answer)
            image = self._store_image(job.seed.image)
            game, task = "synth_image", job.relation
        return Sample(id=job.id, game=game, task=task, category="multi_step", split="",
                      qa_type="", plot_level="", qa_level="", question=value["question"].strip(),
                      options=None, answer=short, answer_type=_answer_type(short),
                      analysis=value["thinking"].strip(), image=image, state=state, seed=seed,
                      meta=meta, answer_form="open")

    async def _score(self, sample: Sample, cost: Outcome) -> tuple[dict[str, Any] | None,
                                                                   Outcome]:
        schema = score_schema()
        answer = str(sample.meta.get("answer_text") or sample.answer)
        parts = self._image_parts(sample)
        outcome = await self.caller.ask(
            lambda inline: score_messages(sample.question, answer, sample.analysis, schema,
                                          inline, parts),
            schema, "synth_score", f"{sample.id}:score", {"temperature": 0.0,
                                                          "max_tokens": 512})
        cost.add_cost(outcome)
        return outcome.value, outcome

    async def _consistency(self, sample: Sample, cost: Outcome) -> tuple[dict[str, Any] | None,
                                                                         str | None]:
        schema = answer_schema()
        parts = self._image_parts(sample)

        async def one(k: int) -> Outcome:
            return await self.caller.ask(
                lambda inline: answer_messages(sample.question, schema, inline, parts),
                schema, "synth_answer", f"{sample.id}:answer{k}",
                self._params(self.config.answer_temperature, derive_seed(sample.id, "answer", k)))

        outcomes = await asyncio.gather(*(one(k) for k in range(self.config.consistency)))
        for outcome in outcomes:
            cost.add_cost(outcome)
        failed = [o for o in outcomes if o.reason == "request_failed"]
        if failed:
            return None, failed[0].detail
        answers = [str(o.value["short_answer"]) if o.value else "" for o in outcomes]
        agrees, agreeing = majority_agrees(sample.answer, answers)
        return {"answers": answers, "agreeing": agreeing, "of": len(answers),
                "agrees": agrees}, None

    # -- one job ----------------------------------------------------------------------------
    async def process(self, job: Job) -> dict[str, Any]:
        """The job's record; never raises for a model's misbehaviour."""
        cost = Outcome()
        record: dict[str, Any] = {"id": job.id, "kind": job.kind}
        sample: Sample | None = None
        avoid: str | None = None
        for attempt in range(self.config.regenerate + 1 if job.kind != "filter" else 1):
            if job.kind == "filter":
                assert job.seed is not None
                sample = job.seed
                if sample.image is not None:
                    sample.image = self._store_image(sample.image)
            else:
                sample, outcome = await self._generate(job, attempt, avoid)
                cost.add_cost(outcome)
                record["attempts"] = attempt + 1
                if sample is None:
                    return self._finish(record, cost, None, outcome.reason, outcome.detail)
            if self.index is None:
                break
            hit = self.index.add(dedup_text(sample))
            if hit is None:
                record["dedup_text"] = dedup_text(sample)
                break
            self.caller.events["near_duplicates"] += 1
            avoid = self.index.texts[hit[0]]
            record["duplicate_of"] = {"similarity": round(hit[1], 4), "text": avoid[:200]}
        else:
            return self._finish(record, cost, sample, "duplicate",
                                f"similarity {record['duplicate_of']['similarity']} to a kept "
                                f"item after {self.config.regenerate} regeneration(s)")
        assert sample is not None
        status = "kept"
        if self.config.score:
            scores, outcome = await self._score(sample, cost)
            if scores is None:
                return self._finish(record, cost, sample, outcome.reason, outcome.detail,
                                    stage="score")
            decision, reason = verdict(scores, self.config.thresholds)
            record["scores"] = {**scores, **summarise(scores), "verdict": decision}
            sample.meta["scores"] = record["scores"]
            if reason is not None:
                return self._finish(record, cost, sample, reason,
                                    f"quality {record['scores']['quality']:.2f}, difficulty "
                                    f"{record['scores']['difficulty']:.2f}")
            status = "kept" if decision == "keep" else "review"
        if self.config.consistency:
            check, failure = await self._consistency(sample, cost)
            if check is None:
                return self._finish(record, cost, sample, "request_failed", failure or "",
                                    stage="consistency")
            record["consistency"] = check
            sample.meta["consistency"] = check
            if not check["agrees"]:
                return self._finish(record, cost, sample, "inconsistent",
                                    f"{check['agreeing']} of {check['of']} answers agree with "
                                    f"{sample.answer!r}")
        return self._finish(record, cost, sample, None, "", status=status)

    def _finish(self, record: dict[str, Any], cost: Outcome, sample: Sample | None,
                reason: str | None, detail: str, *, status: str | None = None,
                stage: str | None = None) -> dict[str, Any]:
        if status is None:
            status = "error" if reason == "request_failed" else "rejected"
        record.update(status=status, reason=reason, detail=detail[:500], cost=cost.cost())
        if stage:
            record["stage"] = stage
        if status == "error":
            record.pop("dedup_text", None)  # asked again on resume, checked again then
        record["sample"] = sample.to_dict(sample.image if isinstance(sample.image, str)
                                          else None) if sample is not None else None
        return record

    # -- the run ----------------------------------------------------------------------------
    def _claim(self) -> dict[str, Any]:
        wanted = self.config.settings()
        try:
            state = json.loads((self.out / RUN_FILE).read_text("utf-8"))
        except FileNotFoundError:
            state = {"settings": wanted, "sessions": []}
        except (OSError, ValueError) as exc:
            raise VisreasonError(f"{self.out / RUN_FILE} is unreadable ({exc})") from exc
        if state.get("settings") != wanted:
            theirs = state.get("settings") or {}
            diff = [k for k in wanted if theirs.get(k) != wanted[k]]
            raise VisreasonError(f"{self.out} holds a synthesis run with other settings "
                                 f"({', '.join(diff)}); rerun with the same ones or choose "
                                 "another --out")
        mode = state.get("structured_mode")
        if self.caller.auto and mode in ("json_object", "prompt"):
            self.caller.mode = mode  # what this server was found to support last time
        return state

    def _note(self, record: dict[str, Any]) -> None:
        self.counts[record["status"]] += 1
        if record["status"] == "rejected":
            self.rejected[record["reason"]] += 1

    async def run(self, jobs: list[Job]) -> SynthSummary:
        """Every job not finished in OUT; totals cover the whole run directory."""
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise VisreasonError(f"cannot create run directory {str(self.out)!r}: "
                                 f"{exc.strerror or exc}") from exc
        state = self._claim()
        previous = load_records(self.out / RECORDS, repair=True)
        ids = [job.id for job in jobs]
        if len(set(ids)) != len(ids):
            raise VisreasonError("two jobs share an id; seeds need distinct ids")
        done = {k for k, r in previous.items() if r.get("status") in FINISHED}
        if self.index is not None:
            for record in previous.values():
                if record.get("status") in FINISHED and record.get("dedup_text"):
                    self.index.force_add(record["dedup_text"])
        wanted = {job.id for job in jobs}
        for key in done & wanted:
            self._note(previous[key])
        todo = [job for job in jobs if job.id not in done]
        started = time.perf_counter()
        queue: asyncio.Queue[Job | None] = asyncio.Queue()
        for job in todo:
            queue.put_nowait(job)
        workers = max(1, min(self.concurrency, len(todo)))
        for _ in range(workers):
            queue.put_nowait(None)
        if self.progress:
            self.progress(self)

        async def worker() -> None:
            while (job := await queue.get()) is not None:
                record = await self.process(job)
                self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                self._handle.flush()
                self.records[job.id] = record
                self.processed += 1
                self._note(record)
                if self.progress:
                    self.progress(self)

        with open(self.out / RECORDS, "a", encoding="utf-8", errors=ENCODING_ERRORS) as handle:
            self._handle = handle
            tasks = [asyncio.create_task(worker()) for _ in range(workers)]
            try:
                await asyncio.gather(*tasks)
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                merged = {**previous, **self.records}
                final = {i: merged[i] for i in ids if i in merged}
                final.update({i: r for i, r in merged.items() if i not in final})
                compact_records(self.out / RECORDS, final)
                seconds = time.perf_counter() - started
                self._record_session(state, seconds)
        self._write_datasets(final, ids)
        return SynthSummary(str(self.out), len(jobs), self.processed, len(done & wanted),
                            dict(self.counts), dict(self.rejected),
                            dict(self.caller.events), self.client.usage.as_dict(), seconds,
                            self.caller.mode)

    def _record_session(self, state: dict[str, Any], seconds: float) -> None:
        usage = self.client.usage.as_dict()
        state["sessions"].append({"seconds": round(seconds, 3), "processed": self.processed,
                                  "usage": usage, "events": dict(self.caller.events),
                                  "structured_mode": self.caller.mode})
        state["structured_mode"] = self.caller.mode
        state["prompt_version"] = PROMPT_VERSION
        state["model"] = self.client.model
        state["counts"] = {"kept": self.counts["kept"], "review": self.counts["review"],
                           "rejected": dict(sorted(self.rejected.items())),
                           "errors": self.counts["error"]}
        total: Counter[str] = Counter()
        for session in state["sessions"]:
            total.update(session["usage"])
        state["usage"] = dict(total)
        write_atomic(self.out / RUN_FILE, json.dumps(state, indent=2).encode("utf-8"))

    def _write_datasets(self, records: dict[str, dict[str, Any]], order: list[str]) -> None:
        for name, status in ((DATA_FILE, "kept"), (REVIEW_FILE, "review")):
            lines = [json.dumps(records[i]["sample"], ensure_ascii=False) + "\n"
                     for i in order if i in records and records[i].get("status") == status]
            write_atomic(self.out / name, "".join(lines).encode("utf-8", ENCODING_ERRORS))


def synthesize(jobs: list[Job], client: ChatBackend, out: str | os.PathLike[str],
               config: SynthConfig, **kwargs: Any) -> SynthSummary:
    """`Pipeline.run` for plain code; closes the client when done."""
    async def go() -> SynthSummary:
        try:
            return await Pipeline(client, config, out, **kwargs).run(jobs)
        finally:
            await client.aclose()

    return asyncio.run(go())

