"""Rewards scored per second: in-process (one core) and through the HTTP reward server.

Usage: python benchmarks/rewards.py [--samples-per-task 20] [--seconds 2] [--requests 4000]
  [--clients 32] [--batch 64]
In-process: TRL-style `accuracy` and `format` calls over every registered task, half right
and half wrong answers, in all three answer formats, plus verl's per-response
`compute_score`. Server: an in-process uvicorn on loopback, single-item requests and
`--batch`-item requests from `--clients` concurrent clients.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time

import visreason
from visreason import rewards
from visreason.rewards import verl
from visreason.rewards.server import serve_in_background


def workload(per_task: int) -> tuple[list[visreason.Sample], list[str]]:
    rng = random.Random(0)
    samples, completions = [], []
    for task in visreason.tasks():
        for index in range(per_task):
            sample = visreason.generate(task.id, task.plot_levels[0], 0, index, text_only=True)
            answer = sample.answer if rng.random() < 0.5 else "B" if sample.answer != "B" else "A"
            samples.append(sample)
            completions.append(rewards.render_answer(answer, rng.choice(rewards.FORMATS),
                                                     reasoning="Step by step, " * 20))
    return samples, completions


def rate(function, count: int, seconds: float) -> float:
    done, started = 0, time.perf_counter()
    while True:
        function()
        done += count
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return done / elapsed


def in_process(samples, completions, seconds: float) -> dict[str, float]:
    rows = [rewards.row_to_columns(s) for s in samples]
    columns = {k: [r[k] for r in rows] for k in rows[0]}
    prompts = ["p"] * len(samples)
    infos = [{**r, "answer_format": "think"} for r in rows]
    n = len(samples)
    return {
        "trl accuracy": rate(lambda: rewards.accuracy(prompts=prompts, completions=completions,
                                                      **columns), n, seconds),
        "trl format": rate(lambda: rewards.format(prompts=prompts, completions=completions,
                                                  **columns), n, seconds),
        "verl compute_score": rate(lambda: [
            verl.compute_score("visreason", c, s.answer, i)
            for c, s, i in zip(completions, samples, infos, strict=True)], n, seconds),
    }


async def hammer(url: str, bodies: list[bytes], clients: int) -> float:
    import httpx

    queue = list(reversed(bodies))

    async def client() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as session:
            while queue:
                body = queue.pop()
                response = await session.post("/score", content=body,
                                              headers={"content-type": "application/json"})
                response.raise_for_status()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - started


def through_server(samples, completions, requests: int, clients: int, batch: int):
    items = [{"completion": c, "sample": rewards.row_to_columns(s)}
             for s, c in zip(samples, completions, strict=True)]
    single = [json.dumps({"items": [items[i % len(items)]]}).encode() for i in range(requests)]
    batches = [json.dumps({"items": [items[(i * batch + j) % len(items)] for j in range(batch)]})
               .encode() for i in range(max(1, requests // batch))]
    with serve_in_background() as url:
        one = asyncio.run(hammer(url, single, clients))
        many = asyncio.run(hammer(url, batches, clients))
    return {"single-item requests": (len(single) / one, len(single) / one),
            f"{batch}-item batches": (len(batches) / many, len(batches) * batch / many)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples-per-task", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--batch", type=int, default=64)
    options = parser.parse_args()
    samples, completions = workload(options.samples_per_task)
    print(f"{len(samples)} completions over {len(visreason.tasks())} tasks\n")
    print("in-process, one core:")
    for name, value in in_process(samples, completions, options.seconds).items():
        print(f"  {name:<22} {value:>10,.0f} scorings/s")
    print(f"\nreward server (uvicorn, 1 worker, {options.clients} concurrent clients, "
          "client in the same process):")
    results = through_server(samples, completions, options.requests, options.clients,
                             options.batch)
    for name, (per_request, per_item) in results.items():
        print(f"  {name:<22} {per_request:>10,.0f} requests/s {per_item:>10,.0f} scorings/s")


if __name__ == "__main__":
    main()
