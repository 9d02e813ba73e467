"""Generation speed on one core per game and level, next to the floors it cannot beat.

Usage: python benchmarks/throughput.py [--games all] [--levels easy,medium,hard] [--n 300]
       [--seed 0] [--repeat 3] [--write] [--profile 15] [--questions-per-state N|all]

For each (game, level) the game's tasks run round-robin, `--n` questions in all, and four
timings are taken (the least CPU time of `--repeat` runs of each):
  generate     what a dataset run's worker does before its file writes (`make_items`: the
               questions of a batch of jobs by `visreason.generate`, then their pictures,
               each encoded to PNG; `--write` adds one file per image); with
               `--questions-per-state N` (N > 1, or `all` for every task of the game), the
               jobs are states and `generate_group` asks up to N questions about each, one
               picture encoded per state, and each (game, level) gets a row with 1 and a row
               with N questions per state;
  draw+encode  `get_game(name).render(state)` plus encoding for the same states: the floor of
               a sample with no question building at all;
  draw, encode each of the two alone (encoding the same images, drawn beforehand).
Pictures are dropped once encoded, as in a dataset run (except for the encode-alone timing).
Rates are per second of CPU time on one core, so other load on the machine barely moves them;
`wall q/s` is the elapsed-time rate for reference. Columns: q/st, the most questions asked
per state; questions/s and images/s of `generate`; q/img, questions per distinct image (1
with one question per state, up to N with several: a task whose question does not fit a
state skips it); CPU ms per question; the two floors in images/s; x floor, how far
`generate` is from the draw+encode floor; and where the CPU goes (logic = everything but
drawing and encoding: state search, solving, question text, and with `--write` the file
writes).
`--profile N` prints the N costliest functions of each `generate` run (cProfile, by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import visreason
from visreason.core import get_game
from visreason.core.levels import parse_levels
from visreason.core.registry import parse_games
from visreason.data.plan import GroupJob, Job
from visreason.data.run import RunConfig, make_items
from visreason.render import png_bytes, write_atomic


@dataclass
class Timing:
    wall: float
    cpu: float


@dataclass
class Row:
    game: str
    level: str
    per_state: int
    questions: int
    images: int
    generate: Timing
    floor: Timing  # draw and encode
    draw: Timing
    encode: Timing


def best_of(repeat: int, run: Callable[[], object]) -> tuple[Timing, object]:
    """The run with the least CPU time (least disturbed by other work), and the last result."""
    best, result = Timing(float("inf"), float("inf")), None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if cpu < best.cpu:
            best = Timing(wall, cpu)
    return best, result


def generate_and_encode(game: str, task_ids: list[str], level: str, seed: int, n: int,
                        out: Path | None, per_state: int = 1) -> tuple[list[dict], int]:
    """About n questions made as a dataset run's worker makes them (`make_items`: a batch of
    questions, then their pictures, each encoded and dropped), written when `out` is given.
    Returns the state of each distinct picture and the number of questions.

    With one question per state the tasks take turns, each on its own indices 0, 1, 2 ...;
    with several, each state job asks up to `per_state` questions (one picture per state).
    """
    config = RunConfig(games=(game,), levels=(level,), per_task=n, seed=seed,
                       questions_per_state=per_state).as_json()
    if per_state == 1:
        jobs: list[Job | GroupJob] = [Job(task_ids[i % len(task_ids)], level, i // len(task_ids))
                                      for i in range(n)]
    else:
        jobs = [GroupJob(game, level, group) for group in range(-(-n // per_state))]
    states: list[dict] = []
    questions = 0
    failures: list[dict] = []
    for made in make_items(iter(jobs), config, per_state > 1, failures):
        questions += len(made)
        states.append(made[0].sample.state)
        if out is not None:
            write_atomic(out / f"{len(states)}.png", made[0].png)
    if failures:
        raise SystemExit(f"{game} {level}: {len(failures)} jobs failed, e.g. {failures[0]}")
    return states, questions


def measure(game: str, level: str, n: int, seed: int, repeat: int, out: Path | None,
            profile: int, per_state: int = 1) -> Row:
    task_ids = [t.id for t in visreason.tasks(game) if level in t.plot_levels]
    per_state = min(per_state, len(task_ids))
    render = get_game(game).render
    # warm caches (and a game's once-per-setting calibrations) on another seed
    generate_and_encode(game, task_ids, level, seed + 1, 4 * len(task_ids), None, per_state)
    gen, (states, questions) = best_of(repeat, lambda: generate_and_encode(
        game, task_ids, level, seed, n, out, per_state))
    floor, _ = best_of(repeat, lambda: [png_bytes(render(state)) for state in states])
    draw, _ = best_of(repeat, lambda: [render(state) and None for state in states])
    images = [render(state) for state in states]
    encode, _ = best_of(repeat, lambda: [png_bytes(image) for image in images])
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(generate_and_encode, game, task_ids, level, seed, n, out, per_state)
        print(f"\n--- {game} {level}: {n} questions, {per_state} per state, by own time")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(profile)
    return Row(game, level, per_state, questions, len(states), gen, floor, draw, encode)


HEADER = (f"{'game':<12}{'level':<7}{'q/st':>5}{'q/s':>7}{'img/s':>7}{'q/img':>6}{'cpu ms/q':>9}"
          f"{'floor d+e':>10}{'floor enc':>10}{'x floor':>8}{'logic':>7}{'draw':>6}{'enc':>6}"
          f"{'wall q/s':>9}")


def line(row: Row) -> str:
    gen, floor = row.generate, row.floor
    draw_share, encode_share = row.draw.cpu / gen.cpu, row.encode.cpu / gen.cpu
    return (f"{row.game:<12}{row.level:<7}{row.per_state:>5}{row.questions / gen.cpu:>7.0f}"
            f"{row.images / gen.cpu:>7.0f}{row.questions / row.images:>6.1f}"
            f"{1000 * gen.cpu / row.questions:>9.2f}{row.images / floor.cpu:>10.0f}"
            f"{row.images / row.encode.cpu:>10.0f}{gen.cpu / floor.cpu:>8.2f}"
            f"{1 - draw_share - encode_share:>7.0%}{draw_share:>6.0%}{encode_share:>6.0%}"
            f"{row.questions / gen.wall:>9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", default="all")
    parser.add_argument("--levels", default="easy,medium,hard")
    parser.add_argument("--n", type=int, default=300, help="questions per game and level")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the best counts")
    parser.add_argument("--write", action="store_true", help="also write one PNG file per image")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print the N costliest functions of each generate run")
    parser.add_argument("--questions-per-state", default="1", metavar="N",
                        help="also ask up to N questions about each state (generate_group); "
                        "'all' asks every task of the game")
    args = parser.parse_args()
    levels = parse_levels(args.levels)
    many = args.questions_per_state
    if many != "all" and not (many.isdigit() and int(many) >= 1):
        parser.error(f"--questions-per-state takes a positive integer or 'all', got {many!r}")
    print(f"one core, {args.n} questions per row (or the group that reaches them), best of "
          f"{args.repeat}; rates per CPU second, CPU shares of generate")
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) if args.write else None
        for game in parse_games(args.games):
            per_state = len(visreason.tasks(game)) if many == "all" else int(many)
            for level in levels:
                for k in sorted({1, per_state}):
                    row = measure(game, level, args.n, args.seed, args.repeat, out,
                                  args.profile, k)
                    print(line(row), flush=True)


if __name__ == "__main__":
    main()
