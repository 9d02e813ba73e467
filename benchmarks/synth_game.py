"""Verifiable multi-hop game questions: samples per second per core, by game and level.

One process, one core: each figure is samples over the process's CPU time (user + kernel)
for whole samples (state, hops, options, prompt, analysis, and the picture unless
--text-only), the best of --repeat rounds. The last line is the mix over every game, kind
and level, the figure the budget (at least 200 samples/s/core) is set for.

    python benchmarks/synth_game.py
    python benchmarks/synth_game.py --games sokoban,maze --per-cell 200 --text-only
"""

from __future__ import annotations

import argparse
import time

from visreason.synth.game import KINDS, generate_multihop, hop_games

LEVELS = ("easy", "medium", "hard")


def rate(game: str, level: str, count: int, text_only: bool, png: bool) -> tuple[int, float]:
    """(samples, CPU seconds) for `count` samples of each kind of one game at one level."""
    from visreason.render.encode import png_bytes

    started = time.process_time()
    made = 0
    for kind in KINDS:
        for index in range(count):
            form = "open" if index % 2 else "choice"
            sample = generate_multihop(game, kind, level, 0, index, answer_form=form,
                                       text_only=text_only)
            if png and sample.image is not None:
                png_bytes(sample.image)
            made += 1
    return made, time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", default="all")
    parser.add_argument("--per-cell", type=int, default=100,
                        help="samples per game x kind x level")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--text-only", action="store_true", help="no pictures")
    parser.add_argument("--no-png", action="store_true",
                        help="draw pictures but do not encode them as PNG")
    opts = parser.parse_args()
    games = hop_games() if opts.games == "all" else opts.games.split(",")
    for game in games:  # warm caches (tic-tac-toe positions, calibrations) outside the timing
        generate_multihop(game, KINDS[0], "easy", 0, 0, text_only=True)
    print(f"{'game':<12} {'level':<7} {'samples':>8} {'samples/s/core':>15}")
    total_made, total_cpu = 0, 0.0
    for game in games:
        for level in LEVELS:
            best = min((rate(game, level, opts.per_cell, opts.text_only, not opts.no_png)
                        for _ in range(opts.repeat)), key=lambda r: r[1])
            total_made += best[0]
            total_cpu += best[1]
            print(f"{game:<12} {level:<7} {best[0]:>8} {best[0] / best[1]:>15.0f}")
    print(f"{'all':<12} {'mix':<7} {total_made:>8} {total_made / total_cpu:>15.0f}")


if __name__ == "__main__":
    main()
