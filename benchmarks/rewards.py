"""Rewards scored per second: in-process, and through the HTTP reward server from another process.

Usage: python benchmarks/rewards.py [--samples-per-task 20] [--seconds 2] [--requests 6000]
  [--batch 64] [--connections 16,256] [--skip-httpx]

In-process: TRL-style `accuracy` and `format` calls over every registered task, half right and
half wrong answers, in all three answer formats, plus verl's per-response `compute_score`.

Server: `visreason serve-reward` runs as its own process (one worker); this process is the
client, holding N keep-alive connections. The main client is a small asyncio HTTP/1.1 client
(a few microseconds of CPU per request), so the server is what is measured; CPU seconds
used by each side are printed, so you can see which one is saturated. The same load from an
httpx AsyncClient is measured too: at 256 connections httpx spends far more CPU per request
than the server does, and the client becomes the bottleneck.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import visreason
from visreason import rewards
from visreason.rewards import verl


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


# -- the server in its own process ----------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server_process():
    """`visreason serve-reward` in a child process; yields (port, pid)."""
    port = _free_port()
    child = subprocess.Popen([sys.executable, "-m", "visreason", "serve-reward", "--port",
                              str(port), "--log-level", "error"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or child.poll() is not None:
                    raise SystemExit("the reward server did not start") from None
                time.sleep(0.1)
        yield port, child.pid
    finally:
        child.terminate()
        child.wait(10)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _raw_connection(port: int, bodies: list[bytes], latencies: list[float]) -> None:
    """One keep-alive HTTP/1.1 connection posting bodies one after another."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while bodies:
            body = bodies.pop()
            head = (f"POST /score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                    f"\r\nContent-Length: {len(body)}\r\n\r\n").encode()
            started = time.perf_counter()
            writer.write(head + body)
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if b" 200 " not in status:
                raise RuntimeError(f"server answered {status!r}")
    finally:
        writer.close()


async def _httpx_connection(client, bodies: list[bytes], latencies: list[float]) -> None:
    while bodies:
        body = bodies.pop()
        started = time.perf_counter()
        response = await client.post("/score", content=body,
                                     headers={"content-type": "application/json"})
        response.raise_for_status()
        latencies.append(time.perf_counter() - started)


async def _load(port: int, bodies: list[bytes], connections: int, kind: str) -> list[float]:
    queue, latencies = list(bodies), []
    if kind == "raw":
        await asyncio.gather(*(_raw_connection(port, queue, latencies)
                               for _ in range(connections)))
        return latencies
    import httpx

    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits,
                                 timeout=120) as client:
        await asyncio.gather(*(_httpx_connection(client, queue, latencies)
                               for _ in range(connections)))
    return latencies


def measure(port: int, pid: int, bodies: list[bytes], connections: int, kind: str,
            items_per_body: int) -> dict[str, float]:
    asyncio.run(_load(port, bodies[: connections * 2], connections, kind))  # warm up
    server_before, client_before = cpu_seconds(pid), own_cpu()
    started = time.perf_counter()
    latencies = asyncio.run(_load(port, bodies, connections, kind))
    wall = time.perf_counter() - started
    latencies.sort()
    return {"requests/s": len(bodies) / wall, "items/s": len(bodies) * items_per_body / wall,
            "p50 ms": 1000 * statistics.median(latencies),
            "p99 ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
            "server cpu": (cpu_seconds(pid) - server_before) / wall,
            "client cpu": (own_cpu() - client_before) / wall}


def through_server(samples, completions, requests: int, batch: int, connections: list[int],
                   with_httpx: bool):
    """Yields (client, connections, request kind, figures) for each configuration."""
    items = [{"completion": c, "sample": rewards.row_to_columns(s)}
             for s, c in zip(samples, completions, strict=True)]
    single = [json.dumps({"items": [items[i % len(items)]]}).encode() for i in range(requests)]
    batches = [json.dumps({"items": [items[(i * batch + j) % len(items)]
                                     for j in range(batch)]}).encode()
               for i in range(max(connections) * 4)]
    with server_process() as (port, pid):
        for kind in ("raw", "httpx") if with_httpx else ("raw",):
            for count in connections:
                for what, bodies, size in (("single item", single, 1),
                                           (f"{batch}-item batch", batches, batch)):
                    try:
                        yield kind, count, what, measure(port, pid, bodies, count, kind, size)
                    except Exception as exc:  # report and go on: a client may give up
                        yield kind, count, what, f"failed: {type(exc).__name__}: {exc}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples-per-task", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--connections", default="16,256")
    parser.add_argument("--skip-httpx", action="store_true")
    options = parser.parse_args()
    samples, completions = workload(options.samples_per_task)
    print(f"{len(samples)} completions over {len(visreason.tasks())} tasks; {os.cpu_count()} "
          "cores\n")
    print("in-process, one core:")
    for name, value in in_process(samples, completions, options.seconds).items():
        print(f"  {name:<22} {value:>10,.0f} scorings/s")
    print("\nreward server (its own process, 1 worker), client in this process; cpu = cores "
          "busy:")
    header = (f"  {'client':<6} {'conns':>5} {'request':<15} {'req/s':>8} {'items/s':>9} "
              f"{'p50 ms':>8} {'p99 ms':>8} {'server cpu':>10} {'client cpu':>10}")
    print(header)
    connections = [int(c) for c in options.connections.split(",")]
    for kind, count, what, r in through_server(samples, completions, options.requests,
                                               options.batch, connections,
                                               not options.skip_httpx):
        if isinstance(r, str):
            print(f"  {kind:<6} {count:>5} {what:<15} {r}", flush=True)
            continue
        print(f"  {kind:<6} {count:>5} {what:<15} {r['requests/s']:>8,.0f} "
              f"{r['items/s']:>9,.0f} {r['p50 ms']:>8.1f} {r['p99 ms']:>8.1f} "
              f"{r['server cpu']:>10.2f} {r['client cpu']:>10.2f}", flush=True)


if __name__ == "__main__":
    main()
