"""Synthesis pipeline overhead: items/s against a scripted server answering in 1 ms.

The server (this script with --serve) runs in its own process on another core and writes
well-formed items, scores and answers; this process runs the whole pipeline (prompt building,
structured-output requests, JSON parsing and schema checks, TF-IDF near-duplicate checks,
verdicts, the response cache and one flushed record per item) with 64 requests in flight,
pinned to one core. The figure is items per CPU-second of this process, which is what one
core of pipeline can drive; wall-clock items/s are printed beside it. Target: >= 200 items/s.

    python benchmarks/synth.py [--items 2000] [--concurrency 64] [--stages all|generate]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

RELATION = re.compile(r"sharing one relation: (\w+)")
WORDS = [f"word{i}" for i in range(20000)]


def respond(call_id: str, messages: list[dict]) -> str:
    """Replies for each stage, keyed by the call id the pipeline sends ('ITEM:stage')."""
    item, _, stage = call_id.rpartition(":")
    short = f"value {sum(map(ord, item)) % 991}"
    if stage == "score":
        return json.dumps({k: 4 for k in ("clarity", "relevance", "usefulness", "fluency",
                                          "conceptual_depth", "step_complexity",
                                          "prior_knowledge", "ambiguity")} | {"rationale": "ok"})
    if stage.startswith("answer"):
        return json.dumps({"thinking": "worked through it", "short_answer": short})
    prompt = messages[-1]["content"]
    rng = random.Random(call_id)
    return json.dumps({
        "document": " ".join(rng.choice(WORDS) for _ in range(180)),
        "relation": RELATION.search(prompt).group(1),
        "sub_questions": [{"question": f"What is link {i} of the chain?", "answer": f"l{i}"}
                          for i in range(4)],
        "question": f"Following every link of chain {item}, which value results?",
        "thinking": "The first link gives the second, which gives the third and the last.",
        "answer": f"The chain ends at {short}.", "short_answer": short})


def serve(delay: float) -> None:
    from visreason.llm.scripted import ScriptedServer

    server = ScriptedServer(delay=delay, responder=respond)
    asyncio.run(server.serve_forever(lambda url: print(url, flush=True)))


def start_server(delay: float, cpu: int | None) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, __file__, "--serve", "--delay", str(delay)]
    if cpu is not None:
        command = ["taskset", "-c", str(cpu), *command]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    if not url.startswith("http"):
        server.kill()
        raise SystemExit(f"scripted server did not start (printed {url!r})")
    return server, url


def measure(url: str, items: int, concurrency: int, stages: str) -> dict[str, float]:
    from visreason.llm import ChatClient
    from visreason.synth.journal import JournalCache
    from visreason.synth.pipeline import Pipeline, SynthConfig, text_jobs
    from visreason.synth.prompts import AREAS

    per_area = -(-items // len(AREAS))
    jobs = text_jobs(AREAS, per_area, "en")[:items]
    full = stages == "all"
    with tempfile.TemporaryDirectory() as tmp:
        async def go():
            cache = JournalCache(f"{tmp}/run/cache.jsonl")  # what `synth text` uses
            async with ChatClient(url, "scripted", concurrency=concurrency, max_retries=0,
                                  cache=cache) as client:
                config = SynthConfig("scripted", score=full, consistency=3 if full else 0)
                pipeline = Pipeline(client, config, f"{tmp}/run", concurrency=concurrency)
                cpu0, wall0 = time.process_time(), time.perf_counter()
                summary = await pipeline.run(jobs)
                return summary, time.perf_counter() - wall0, time.process_time() - cpu0

        summary, wall, cpu = asyncio.run(go())
    assert summary.counts.get("kept") == items, summary
    calls = summary.usage["requests"]
    return {"items": items, "calls": calls, "wall": wall, "cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--delay", type=float, default=0.001)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--stages", choices=["all", "generate", "both"], default="both",
                        help="all: generate, dedup, score, 3 answers; generate: generate, dedup")
    args = parser.parse_args()
    if args.serve:
        serve(args.delay)
        return
    pin = hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) >= 2
    server, url = start_server(args.delay, 1 if pin else None)
    if pin:
        os.sched_setaffinity(0, {0})
    try:
        measure(url, 64, args.concurrency, "all")  # imports and connections, not counted
        for stages in (["all", "generate"] if args.stages == "both" else [args.stages]):
            result = measure(url, args.items, args.concurrency, stages)
            print(f"{stages:>8}: {result['items']} items, {result['calls']} calls, "
                  f"{result['items'] / result['cpu']:.0f} items/s per CPU-second "
                  f"({result['calls'] / result['cpu']:.0f} calls/s), wall "
                  f"{result['items'] / result['wall']:.0f} items/s", flush=True)
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
