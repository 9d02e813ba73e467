"""Hostile completions and a cost-ratio probe: linear-time checks without wall-clock limits."""

from __future__ import annotations

import time
from collections.abc import Callable

HOSTILE = {  # completions that cost quadratic time in earlier extractors
    "answer-tags": lambda n: "<think>" + "</think><answer>" * (n // 17),
    "open-tags": lambda n: "<answer>" * (n // 8),
    "unclosed-tag": lambda n: "<answer>" + "a" * n,
    "unclosed-boxes": lambda n: "\\boxed{" * (n // 7),
    "spaces-after-answer": lambda n: "Answer: x" + " " * n + "y",
    "repeated-markers": lambda n: "Answer: " * (n // 8),
    "answer-then-spaces": lambda n: "answer" + " " * n,
    "stars": lambda n: "**Answer:** " + "*" * n,
    "newlines": lambda n: "\n" * n,
    "letters": lambda n: "A " * (n // 2),
}


def cost_ratio(function: Callable[[str], object], make: Callable[[int], str],
               small: int = 4_000, large: int = 1_000_000) -> float:
    """Time on a `large` input over time on a `small` one.

    Each side is the best of several timed runs and the ratio the lowest of three tries, so a
    moment of load on a busy machine cannot fail a linear function; a quadratic one stays
    thousands of times over.
    """
    def best(text: str, tries: int, repeat: int) -> float:
        times = []
        for _ in range(tries):
            started = time.perf_counter()
            for _ in range(repeat):
                function(text)
            times.append((time.perf_counter() - started) / repeat)
        return min(times)

    big, little = make(large), make(small)
    return min(best(big, 2, 1) / max(best(little, 5, 20), 1e-7) for _ in range(3))
