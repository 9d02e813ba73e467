"""The multi-turn agent loop: think, call the code tool on a picture, read the new picture,
repeat, answer. Runs against any OpenAI-compatible server through `visreason.llm`.

Each sample becomes a trajectory: the model's turns, each call's code, result and judgement,
and every picture (saved under RUN/images/). RUN/records.jsonl holds one record per sample:
an evaluation record (so `visreason report RUN` works) that also carries the turns, in the
shape the viewer shows (role, text, images relative to the run). Each record is appended and
flushed as its sample finishes; a rerun skips finished samples and retries the ones whose
requests failed.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from ..core.errors import VisreasonError
from ..core.extract import extract_answer
from ..core.sample import Sample
from ..core.verify import score_answer
from ..eval.records import compact_records, load_records, make_run_dir
from ..llm.messages import image_data_url
from ..llm.types import SAMPLE_HEADER, ChatBackend, Usage
from ..render.encode import png_bytes, write_atomic
from .rewards import DEFAULT_WEIGHTS, ToolRewardWeights, score_trajectory
from .sandbox import SandboxPool
from .session import ToolSession, tool_spec
from .turns import SYSTEM_PROMPT, parse_turn

RUN_FILE = "run.json"
RECORDS = "records.jsonl"
INSTRUCTION = ("Think inside <think></think> first. Call the tool when the picture needs "
               "fixing; give the final answer inside <answer></answer>.")


@dataclass
class AgentSettings:
    """What decides the trajectories; a run may only be resumed with the same settings."""

    model: str
    max_turns: int = 8
    params: dict[str, Any] = field(default_factory=lambda: {"temperature": 0.0,
                                                            "max_tokens": 2048})
    system: str | None = None  # None: the built-in instructions
    max_image_side: int | None = 1280  # pictures sent to the model; tools see full size
    data: Any = None

    def as_json(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self), default=str))


@dataclass
class AgentSummary:
    out: str
    total: int
    asked: int
    resumed: int
    errors: int
    score: float
    seconds: float
    usage: Usage

    @property
    def accuracy(self) -> float:
        return self.score / self.total if self.total else 0.0


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[-120:]


def _sendable(image: Image.Image, max_side: int | None) -> Image.Image:
    if max_side and max(image.size) > max_side:
        image = image.copy()
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return image


def _picture_part(image: Image.Image, max_side: int | None) -> dict[str, Any]:
    return {"type": "image_url", "image_url": {"url": image_data_url(_sendable(image,
                                                                                max_side))}}


def first_messages(sample: Sample, image: Image.Image | None, settings: AgentSettings
                   ) -> list[dict[str, Any]]:
    """The system prompt and the question turn (picture first, then the text)."""
    system = SYSTEM_PROMPT if settings.system is None else settings.system
    messages: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
    parts = [_picture_part(image, settings.max_image_side)] if image is not None else []
    parts.append({"type": "text", "text": f"{sample.question.rstrip()}\n\n{INSTRUCTION}"})
    messages.append({"role": "user", "content": parts})
    return messages


def tool_message(session: ToolSession, record: Any, max_side: int | None) -> dict[str, Any]:
    """The tool's answer as a user turn: <tool_response>, the new pictures, the text."""
    parts: list[dict[str, Any]] = [{"type": "text", "text": "<tool_response>"}]
    for position in record.outputs:
        parts.append(_picture_part(session.images[position], max_side))
    parts.append({"type": "text", "text": session.response_text(record) + "</tool_response>"})
    return {"role": "user", "content": parts}


class _Run:
    def __init__(self, client: ChatBackend, settings: AgentSettings, pool: SandboxPool | None,
                 out: Path, weights: ToolRewardWeights, handles: Any,
                 progress: Callable[[int], None] | None) -> None:
        self.client, self.settings, self.pool, self.out = client, settings, pool, out
        self.weights = weights
        self.records = handles
        self.progress = progress
        self.asked = 0
        self.written: dict[str, dict[str, Any]] = {}

    async def trajectory(self, sample: Sample) -> dict[str, Any]:
        image = sample.load_image()
        if image is not None:
            image.load()
            image = image.convert("RGB") if image.mode not in ("RGB", "RGBA", "L") else image
        spec = tool_spec(sample.meta)
        session = ToolSession([image] if image is not None else [], spec, self.pool,
                              max_calls=self.settings.max_turns)
        messages = first_messages(sample, image, self.settings)
        # Turns in the shape the viewer reads (role, text, images relative to the run).
        turns: list[dict[str, Any]] = [{"role": "user", "text": sample.question,
                                        "images": []}]
        assistant: list[str] = []
        finish, error = "max_turns", None
        started = time.perf_counter()
        usage = {"prompt_tokens": 0, "completion_tokens": 0}
        for _ in range(self.settings.max_turns):
            try:
                result = await self.client.chat(messages, headers={SAMPLE_HEADER: sample.id},
                                                **self.settings.params)
            except Exception as exc:  # recorded; a rerun asks again
                finish, error = "error", f"{type(exc).__name__}: {exc}"
                break
            usage["prompt_tokens"] += result.prompt_tokens
            usage["completion_tokens"] += result.completion_tokens
            turn = parse_turn(result.text)
            assistant.append(turn.text)
            messages.append({"role": "assistant", "content": turn.text})
            turns.append({"role": "assistant", "text": turn.text})
            if turn.kind == "answer":
                finish = "answer"
                break
            if turn.kind == "none":
                finish = "no_action"
                break
            if turn.error is not None:
                record = session.refuse(turn.error)
            elif not session.images:
                record = session.refuse("there is no picture to work on")
            else:
                record = await session.acall(turn.code, turn.image_index)
            messages.append(tool_message(session, record, self.settings.max_image_side))
            turns.append({"role": "tool", "call": {"code": record.code,
                                                   "image_index": record.image_index},
                          "result": record.as_dict(), "text": session.response_text(record),
                          "images": []})
        final = assistant[-1] if assistant else ""
        extracted = extract_answer(final, sample.answer_type) if finish != "error" else None
        try:
            accuracy = score_answer(sample, extracted) if extracted is not None else 0.0
        except Exception:  # a hostile answer costs a zero
            accuracy = 0.0
        reward = score_trajectory(sample, assistant, session.calls, self.weights) \
            if finish != "error" else None
        images = self._save_images(sample, session)
        turns[0]["images"] = images[:1]
        for turn_record in turns:
            if turn_record["role"] == "tool":
                turn_record["images"] = [images[i] for i in turn_record["result"]["outputs"]]
        summary = session.summary()
        base = {"id": sample.id, "game": sample.game, "task": sample.task,
                "category": sample.category, "split": sample.split, "qa_type": sample.qa_type,
                "plot_level": sample.plot_level, "qa_level": sample.qa_level,
                "answer_type": sample.answer_type, "answer": sample.answer}
        return {**base, "question": sample.question, "response": final, "extracted": extracted,
                "score": accuracy, "latency": round(time.perf_counter() - started, 4),
                **usage, "error": error, "finish": finish, "turns": turns, "images": images,
                "system": self.settings.system if self.settings.system is not None
                else SYSTEM_PROMPT, "tool": spec, "transform": spec.get("transform")
                if spec else None, "tool_calls": summary["calls"],
                "tool_failed": summary["failed"], "tool_needless": summary["needless"],
                "tool_solved": summary["solved"], "reward": reward}

    def _save_images(self, sample: Sample, session: ToolSession) -> list[str]:
        folder = Path("images") / _safe(sample.id)
        names = []
        for position, image in enumerate(session.images):
            name = str(folder / f"{position}.png")
            write_atomic(self.out / name, png_bytes(image))
            names.append(name)
        return names

    async def answer(self, sample: Sample) -> None:
        try:
            record = await self.trajectory(sample)
        except VisreasonError as exc:  # the sample itself is broken (unreadable picture...)
            record = {"id": sample.id, "game": sample.game, "task": sample.task,
                      "score": 0.0, "error": f"{type(exc).__name__}: {exc}", "finish": "error",
                      "turns": []}
        self.records.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.records.flush()
        self.written[sample.id] = record
        self.asked += 1
        if self.progress:
            self.progress(1)

    async def worker(self, queue: asyncio.Queue[Sample | None]) -> None:
        while (sample := await queue.get()) is not None:
            await self.answer(sample)


def _claim(out: Path, settings: AgentSettings) -> dict[str, Any]:
    wanted = settings.as_json()
    try:
        state = json.loads((out / RUN_FILE).read_text("utf-8"))
    except FileNotFoundError:
        state = {"settings": wanted, "sessions": [], "kind": "agent"}
    except (OSError, ValueError) as exc:
        raise VisreasonError(f"{out / RUN_FILE} is unreadable ({exc})") from exc
    if state.get("settings") != wanted:
        theirs = state.get("settings") or {}
        diff = [k for k in wanted if theirs.get(k) != wanted[k]]
        raise VisreasonError(f"{out} holds an agent run with other settings "
                             f"({', '.join(diff)}); rerun with the same ones or choose another "
                             "--out")
    write_atomic(out / RUN_FILE, json.dumps(state, indent=2).encode("utf-8"))
    return state


async def run_agent(samples: Iterable[Sample], client: ChatBackend,
                    out: str | os.PathLike[str], settings: AgentSettings, *,
                    concurrency: int = 8, pool: SandboxPool | None = None,
                    weights: ToolRewardWeights = DEFAULT_WEIGHTS,
                    progress: Callable[[int], None] | None = None) -> AgentSummary:
    """Run the loop on every sample not finished in `out`; totals over the whole run."""
    if settings.max_turns < 1:
        raise VisreasonError("max_turns must be at least 1")
    out = make_run_dir(out)
    state = _claim(out, settings)
    previous = load_records(out / RECORDS, repair=True)
    done = {k for k, r in previous.items() if not r.get("error")}
    started = time.perf_counter()
    seen: list[str] = []
    seen_set: set[str] = set()
    queue: asyncio.Queue[Sample | None] = asyncio.Queue(maxsize=2 * concurrency)

    async def produce() -> None:
        for sample in samples:
            if sample.id in seen_set:
                continue
            seen_set.add(sample.id)
            seen.append(sample.id)
            if sample.id in done:
                if progress:
                    progress(1)
                continue
            await queue.put(sample)
        for _ in range(concurrency):
            await queue.put(None)

    with open(out / RECORDS, "a", encoding="utf-8") as records:
        run = _Run(client, settings, pool, out, weights, records, progress)
        tasks = [asyncio.create_task(produce())]
        tasks += [asyncio.create_task(run.worker(queue)) for _ in range(concurrency)]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    merged = {**previous, **run.written}
    final = {sid: merged[sid] for sid in seen if sid in merged}
    final.update({sid: r for sid, r in merged.items() if sid not in final})
    compact_records(out / RECORDS, final)
    seconds = time.perf_counter() - started
    state["sessions"].append({"seconds": round(seconds, 3), "asked": run.asked,
                              "usage": client.usage.as_dict()})
    write_atomic(out / RUN_FILE, json.dumps(state, indent=2).encode("utf-8"))
    in_source = [final[sid] for sid in seen if sid in final]
    return AgentSummary(str(out), len(seen), run.asked, len(seen) - run.asked,
                        sum(1 for r in in_source if r.get("error")),
                        sum(float(r.get("score") or 0.0) for r in in_source), seconds,
                        client.usage)


def agent(samples: Iterable[Sample], client: ChatBackend, out: str | os.PathLike[str],
          settings: AgentSettings, **kwargs: Any) -> AgentSummary:
    """`run_agent` for plain code; closes the client when done."""
    async def go() -> AgentSummary:
        try:
            return await run_agent(samples, client, out, settings, **kwargs)
        finally:
            await client.aclose()

    return asyncio.run(go())
