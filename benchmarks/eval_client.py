"""Client overhead: requests/s against the scripted server answering in 1 ms, 64 in flight.

The server runs in its own process on another core; this process (the client) is pinned to one
core, so the figure is what one core of harness can drive. Target: >= 1,000 requests/s.
`--harness` measures the whole evaluation loop instead (prompt building, image reading and
base64, scoring, one flushed JSONL record per sample) over a generated dataset on disk.

    python benchmarks/eval_client.py [--requests 5000] [--concurrency 64] [--image] [--harness]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time

from visreason.llm import SAMPLE_HEADER, ChatClient, user_message


def start_server(delay: float, cpu: int | None) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "visreason.llm.scripted", "--delay", str(delay)]
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        command = ["taskset", "-c", str(cpu), *command]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    url = server.stdout.readline().strip()
    if not url.startswith("http"):
        server.kill()
        raise SystemExit(f"scripted server did not start (printed {url!r})")
    return server, url


async def drive(url: str, requests: int, concurrency: int, image: bool) -> tuple[float, float]:
    images = ()
    if image:
        from visreason import generate, tasks

        task = tasks()[0]
        images = (generate(task.id, task.plot_levels[0], 0, 0).image,)
    messages = [user_message("Which option is right? Answer with a letter.", images)]
    async with ChatClient(url, "scripted", concurrency=concurrency, max_retries=0) as client:
        for _ in range(concurrency):  # warm the connection pool
            await client.chat(messages)

        async def one(i: int) -> None:
            await client.chat(messages, headers={SAMPLE_HEADER: f"s{i}"}, temperature=0.0)

        cpu0, wall0 = time.process_time(), time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(requests)))
        return time.perf_counter() - wall0, time.process_time() - cpu0


def drive_harness(url: str, requests: int, concurrency: int) -> tuple[float, float]:
    import dataclasses
    import tempfile

    from visreason import game_names
    from visreason.data.read import read_dataset
    from visreason.data.run import RunConfig, run_dataset
    from visreason.eval.runner import EvalSettings, run_eval

    with tempfile.TemporaryDirectory() as tmp:
        run_dataset(f"{tmp}/data", RunConfig(tuple(game_names()), ("easy",), 2, 0))
        base = list(read_dataset(f"{tmp}/data"))
        samples = [dataclasses.replace(base[i % len(base)], id=f"{base[i % len(base)].id}#{i}")
                   for i in range(requests)]

        async def go() -> tuple[float, float]:
            async with ChatClient(url, "scripted", concurrency=concurrency,
                                  max_retries=0) as client:
                settings = EvalSettings("scripted", "think")
                cpu0, wall0 = time.process_time(), time.perf_counter()
                summary = await run_eval(samples, client, f"{tmp}/run", settings,
                                         concurrency=concurrency)
                assert summary.asked == requests and summary.errors == 0
                return time.perf_counter() - wall0, time.process_time() - cpu0

        return asyncio.run(go())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--delay", type=float, default=0.001)
    parser.add_argument("--image", action="store_true", help="send a generated PNG each time")
    parser.add_argument("--harness", action="store_true",
                        help="time the whole evaluation loop (images, scoring, records)")
    args = parser.parse_args()
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    client_cpu = cpus[0] if cpus else None
    server_cpu = cpus[1] if len(cpus) > 1 else None
    if client_cpu is not None:
        os.sched_setaffinity(0, {client_cpu})
    server, url = start_server(args.delay, server_cpu)
    try:
        if args.harness:
            wall, cpu = drive_harness(url, args.requests, args.concurrency)
        else:
            wall, cpu = asyncio.run(drive(url, args.requests, args.concurrency, args.image))
    finally:
        server.terminate()
        server.wait()
    rate = args.requests / wall
    what = "eval harness, images from disk" if args.harness else \
        f"client only, {'with' if args.image else 'no'} image"
    print(f"requests          {args.requests} ({what}), "
          f"concurrency {args.concurrency}, server delay {1000 * args.delay:.1f} ms")
    print(f"client core       cpu {client_cpu}, server cpu {server_cpu}")
    print(f"throughput        {rate:,.0f} requests/s  (target >= 1,000)")
    print(f"client CPU/request {1e6 * cpu / args.requests:,.0f} us")
    print(f"mean latency      {1000 * wall * args.concurrency / args.requests:.2f} ms")


if __name__ == "__main__":
    main()
