"""Viewer paging on a large dataset: milliseconds per page through a real `visreason view`.

Usage: python benchmarks/viewer.py [--samples 100000] [--images 600] [--repeat 20] [--keep DIR]

Generates a JSONL dataset of --samples distinct samples (every question its own; only the first
--images pictures are written and the rest point at them, which does not change what paging
costs), plus an evaluation run over it with made-up scores. Each is served by `visreason view`
in its own process; this process asks for pages over one keep-alive connection and prints the
wall time per request (median, p95, max): plain pages deep and shallow, filters, new searches
(nothing cached), further pages of a search (cached), sample pages and thumbnails. The index
is built once when the server starts; its time is printed too. The target is under 200 ms a
page.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import multiprocessing
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import visreason

TARGET_MS = 200.0


@functools.cache
def _pairs() -> list[tuple[str, str]]:
    return [(t.id, level) for t in visreason.tasks() for level in t.plot_levels]


def _generate(i: int, images: int) -> dict:
    """Record i: a real generated sample, so its question text is its own."""
    pairs = _pairs()
    task, level = pairs[i % len(pairs)]
    index = i // len(pairs)
    sample = visreason.generate(task, level, 0, index, answer_form=("choice", "open")[index % 2])
    record = sample.to_dict(image=sample.image if i < images else None)
    record["id"] = f"{record['id']}#{i}"
    return record


def build_dataset(out: Path, samples: int, images: int, workers: int) -> None:
    """`samples` distinct generated samples; the first `images` pictures are written and the
    other samples point at them (pictures do not change what paging costs)."""
    data = out / "data"
    (data / "images").mkdir(parents=True)
    make = functools.partial(_generate, images=images)
    with multiprocessing.Pool(workers) as pool, \
            open(data / "data.jsonl", "w", encoding="utf-8") as sink:
        for i, record in enumerate(pool.imap(make, range(samples), chunksize=64)):
            name = f"images/{i % images}.png"
            if record["image"] is not None:
                record["image"].save(data / name)
            record["image"] = name
            sink.write(json.dumps(record) + "\n")


def build_run(out: Path, data: Path, samples: int) -> Path:
    run = out / "run"
    run.mkdir()
    rng = random.Random(0)
    (run / "run.json").write_text(json.dumps({"settings": {
        "model": "bench-model", "data": str(data.resolve())}}), encoding="utf-8")
    with open(run / "records.jsonl", "w", encoding="utf-8") as sink, \
            open(data / "data.jsonl", encoding="utf-8") as source:
        for line in source:
            r = json.loads(line)
            right = rng.random() < 0.6
            sink.write(json.dumps({
                "id": r["id"], "game": r["game"], "task": r["task"],
                "category": r["category"], "split": r["split"], "qa_type": r["qa_type"],
                "plot_level": r["plot_level"], "qa_level": r["qa_level"],
                "answer_type": r["answer_type"], "answer": r["answer"],
                "prompt": r["question"], "response": f"<answer>{r['answer']}</answer>",
                "extracted": r["answer"] if right else "?", "score": 1.0 if right else 0.0,
                "latency": 0.5, "error": None}) + "\n")
    return run


@contextmanager
def server(*paths: Path) -> Iterator[tuple[str, float]]:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "visreason", "view", *map(str, paths),
                                "--port", "0"], stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    try:
        for line in process.stderr:
            if line.startswith("serving "):
                yield line.split(" at ", 1)[1].split()[0], time.perf_counter() - started
                break
            print("  server:", line.rstrip())
        else:
            raise SystemExit("visreason view exited before serving")
    finally:
        process.terminate()
        process.wait(timeout=30)


class Client:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def get(self, path: str) -> float:
        """Milliseconds until the whole response has arrived."""
        started = time.perf_counter()
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200 or not body:
            raise SystemExit(f"GET {path}: HTTP {response.status}")
        return elapsed


def measure(client: Client, label: str, paths: Callable[[int], str], repeat: int) -> list[float]:
    times = [client.get(paths(i)) for i in range(repeat)]
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    flag = "" if times[-1] < TARGET_MS else f"  (over {TARGET_MS:.0f} ms)"
    print(f"  {label:<46} median {statistics.median(times):7.1f}  p95 {p95:7.1f}  "
          f"max {times[-1]:7.1f} ms{flag}")
    return times


def pages(url: str, samples: int, repeat: int, words: list[str], run: bool) -> list[float]:
    client = Client(url)
    client.get("/")  # warm the connection and the code paths
    rng = random.Random(1)
    last = -(-samples // 48)
    q = urlencode
    times: list[float] = []
    times += measure(client, "grid, page 1", lambda i: "/", repeat)
    times += measure(client, "grid, random deep page",
                     lambda i: f"/?page={rng.randint(2, last)}", repeat)
    times += measure(client, "grid, last page", lambda i: f"/?page={last}", repeat)
    times += measure(client, "filter: game (new filter each time)",
                     lambda i: "/?" + q({"game": visreason.game_names()[i % 6],
                                         "page": 1 + i // 6}), repeat)
    times += measure(client, "filter: game+plot level+answer form+partition",
                     lambda i: "/?" + q({"game": "maze", "plot_level": ("easy", "hard")[i % 2],
                                         "answer_form": "open", "partition": "train",
                                         "page": 1 + i}), repeat)
    times += measure(client, "search, a new word each time (uncached)",
                     lambda i: "/?" + q({"q": words[i % len(words)]}), repeat)
    times += measure(client, "search, further pages (cached)",
                     lambda i: "/?" + q({"q": words[0], "page": 2 + i}), repeat)
    times += measure(client, "search, two words + filter",
                     lambda i: "/?" + q({"q": f"{words[i % len(words)]} the",
                                         "plot_level": "medium"}), repeat)
    if run:
        times += measure(client, "run: wrong answers, pages",
                         lambda i: "/?" + q({"outcome": "wrong", "page": 1 + 37 * i}), repeat)
    times += measure(client, "sample page, random",
                     lambda i: f"/sample/{rng.randrange(samples)}", repeat)
    measure(client, "thumbnail, first request",
            lambda i: f"/thumb/{rng.randrange(samples)}", repeat)
    measure(client, "summary page (cached after the first)", lambda i: "/summary", 3)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--images", type=int, default=600,
                        help="Pictures written; the other samples share them.")
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", type=Path, default=None, help="Build the data here and keep it.")
    args = parser.parse_args()
    out = args.keep or Path(tempfile.mkdtemp(prefix="viewer-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        build_dataset(out, args.samples, args.images, args.workers)
        run = build_run(out, out / "data", args.samples)
        size = (out / "data" / "data.jsonl").stat().st_size / 2**20
        print(f"generated {args.samples:,} samples ({size:.0f} MiB of JSONL) and a run over "
              f"them in {time.perf_counter() - started:.1f} s")
        words = ["wall", "mine", "neighbours", "sudoku", "box", "diagonal", "flag", "colour",
                 "iteration", "goal", "player", "empty"]
        everything: list[float] = []
        for label, paths, is_run in (("dataset", [out / "data"], False),
                                     ("evaluation run", [run], True)):
            with server(*paths) as (url, ready):
                print(f"{label}: server ready in {ready:.1f} s (index built once) at {url}")
                everything += pages(url, args.samples, args.repeat, words, is_run)
        slowest = max(everything)
        print(f"page requests: median {statistics.median(everything):.1f} ms, slowest "
              f"{slowest:.1f} ms; {'all' if slowest < TARGET_MS else 'NOT all'} under "
              f"{TARGET_MS:.0f} ms")
    finally:
        if args.keep is None:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
