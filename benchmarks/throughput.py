"""Samples per second on one core, end to end: generate, solve, render, encode, write.

Usage: python benchmarks/throughput.py [--games all] [--seconds 2] [--levels easy,medium,hard]
Each (game, level) runs its tasks round-robin in this process for about --seconds, writing
PNGs and JSONL records to a temporary directory, and prints samples/s.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import visreason
from visreason.core.levels import parse_levels
from visreason.core.registry import parse_games
from visreason.data.records import image_name, jsonl_record
from visreason.render.encode import png_bytes, write_atomic


def measure(game: str, level: str, seconds: float, out: Path) -> tuple[float, int]:
    task_ids = [t.id for t in visreason.tasks(game) if level in t.plot_levels]
    count, started = 0, time.perf_counter()
    with open(out / f"{game}-{level}.jsonl", "w", encoding="utf-8") as sink:
        while time.perf_counter() - started < seconds or count < len(task_ids):
            sample = visreason.generate(task_ids[count % len(task_ids)], level, 0, count)
            name = image_name(sample)
            write_atomic(out / name, png_bytes(sample.image))
            sink.write(json.dumps(jsonl_record(sample, name), ensure_ascii=False) + "\n")
            count += 1
    return count / (time.perf_counter() - started), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", default="all")
    parser.add_argument("--levels", default="easy,medium,hard")
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    levels = parse_levels(args.levels)
    print(f"{'game':<14}" + "".join(f"{lv:>10}" for lv in levels) + "   (samples/s, one core)")
    with tempfile.TemporaryDirectory() as tmp:
        for game in parse_games(args.games):
            rates = [measure(game, level, args.seconds, Path(tmp))[0] for level in levels]
            print(f"{game:<14}" + "".join(f"{rate:>10.0f}" for rate in rates), flush=True)


if __name__ == "__main__":
    main()
