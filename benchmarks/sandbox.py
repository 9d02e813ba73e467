"""Sandbox round trips: a rotate-and-return call on a 512 px picture, and pool throughput.

    python benchmarks/sandbox.py                 # one worker pinned to one core, then 2 workers
    python benchmarks/sandbox.py --calls 500 --size 1024 --core 1

Figures printed: worker start-up time, the active isolation layers, the latency of a call to
a warm worker (median, p90, p99, max) when calls arrive spaced (the worker forks the next
call's child while idle, as between model turns) and back to back, and calls per second with
2 workers fed by 4 threads. Timing stays here, never in the unit tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time

import numpy as np
from PIL import Image

from visreason.tools.sandbox import SandboxLimits, SandboxPool

CODE = "result = image.rotate(90, expand=True)"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def line(name: str, seconds: list[float]) -> str:
    ms = [1000 * s for s in seconds]
    return (f"{name:28s} n={len(ms):4d}  median {statistics.median(ms):6.1f} ms  "
            f"p90 {percentile(ms, 90):6.1f}  p99 {percentile(ms, 99):6.1f}  "
            f"max {max(ms):6.1f}")


def latency(pool: SandboxPool, image: Image.Image, calls: int, gap: float) -> list[float]:
    times = []
    for _ in range(calls):
        if gap:
            time.sleep(gap)
        started = time.perf_counter()
        result = pool.run(CODE, image)
        times.append(time.perf_counter() - started)
        assert result.ok and result.images[0].size == (image.height, image.width), result.error
    return times


def throughput(pool: SandboxPool, image: Image.Image, calls: int, threads: int) -> float:
    left = [calls]
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                if left[0] == 0:
                    return
                left[0] -= 1
            assert pool.run(CODE, image).ok

    started = time.perf_counter()
    runners = [threading.Thread(target=work) for _ in range(threads)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    return calls / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--size", type=int, default=512, help="picture side in pixels")
    parser.add_argument("--core", type=int, default=0, help="CPU core for the one-core runs")
    parser.add_argument("--gap", type=float, default=0.05,
                        help="seconds between spaced calls (a model turn is far longer)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    image = Image.fromarray(rng.integers(0, 256, (args.size, args.size, 3), dtype=np.uint8))
    limits = SandboxLimits()
    all_cores = os.sched_getaffinity(0)

    os.sched_setaffinity(0, {args.core})  # host and worker share one core
    started = time.perf_counter()
    with SandboxPool(1, limits) as pool:
        print(f"start-up (1 worker):           {time.perf_counter() - started:.2f} s")
        print(f"isolation: {pool.describe()}")
        print(f"{args.size}x{args.size} RGB, code: {CODE!r}; host and worker on core "
              f"{args.core}")
        latency(pool, image, 10, args.gap)  # warm the host side
        print(line("warm, spaced calls", latency(pool, image, args.calls, args.gap)))
        print(line("warm, back to back", latency(pool, image, args.calls, 0.0)))
    os.sched_setaffinity(0, all_cores)

    cores = min(2, len(all_cores))
    with SandboxPool(2, limits) as pool:
        throughput(pool, image, 20, 4)
        rate = throughput(pool, image, args.calls, 4)
        print(f"throughput, 2 workers, {cores} cores, 4 callers: {rate:6.1f} calls/s")


if __name__ == "__main__":
    main()
