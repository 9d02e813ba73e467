"""Whole `visreason generate` runs: samples/s, CPU (user and kernel) and peak memory.

Each run is a fresh process writing a fresh directory, as a user would run it; every figure is
the best of --repeat rounds (other work on the machine only ever slows a run down). Outputs are
deleted only at the end: ext4 skips inodes freed in the last 30 s when it makes a file, so
deleting one round's thousands of pictures just before the next would slow its file creation.

    python benchmarks/generate_run.py --games sokoban --per-task 100,5556 --workers 1
    python benchmarks/generate_run.py --games all --per-task 200 --workers 1,2 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_run(args: list[str], out: Path) -> dict[str, float]:
    """Run generate once; its wall time, CPU (with its workers) and peak RSS."""
    command = [sys.executable, "-m", "visreason", "generate", *args, "--out", str(out),
               "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"generate failed: {process.stderr.read().decode().strip()}")
    process.stderr.close()
    manifest = json.loads((out / "manifest.json").read_text())
    return {"wall": wall, "samples": manifest["samples"], "states": manifest.get("states", 0),
            "user": usage.ru_utime, "sys": usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", default="sokoban")
    parser.add_argument("--per-task", default="100", help="comma list: one run series each")
    parser.add_argument("--workers", default="1", help="comma list: one run series each")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--extra", default="", help="more generate arguments, space separated")
    opts = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="visreason-run-"))
    try:
        print(f"{'per_task':>8} {'workers':>7} {'samples':>8} {'samples/s':>10} "
              f"{'user s':>7} {'sys s':>7} {'peak MB':>8}")
        for per_task in opts.per_task.split(","):
            for workers in opts.workers.split(","):
                args = ["--games", opts.games, "--per-task", per_task, "--workers", workers,
                        *opts.extra.split()]
                runs = [one_run(args, scratch / f"out-{per_task}-{workers}-{r}")
                        for r in range(opts.repeat)]
                best = min(runs, key=lambda r: r["wall"])
                print(f"{per_task:>8} {workers:>7} {best['samples']:>8} "
                      f"{best['samples'] / best['wall']:>10,.0f} {best['user']:>7.2f} "
                      f"{best['sys']:>7.2f} {min(r['rss_mb'] for r in runs):>8.1f}",
                      flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
