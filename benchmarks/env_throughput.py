"""Environment throughput: whole episodes/s with the scripted optimal policy, per environment
and level (pictures drawn each turn, or text only), and the HTTP server's steps/s.

The episode figures are one process on one core: reset, then policy + step (free-text action
parsing, the rules, the picture, the observation text) until the episode ends. The server
figure starts `visreason env serve` in its own process, holds `--episodes` episodes at once
and steps them all round by round from single-connection clients (`--slots` in flight); the
server's own CPU seconds per step are read from /proc where there is one.

    python benchmarks/env_throughput.py [--envs maze,sokoban] [--seconds 1] [--server]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time

from visreason import env


def episodes_per_second(name: str, level: str, seconds: float, text_only: bool) -> tuple[float,
                                                                                         float]:
    episode = env.make(name, level=level, text_only=text_only)
    done = steps = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        episode.reset(seed=done)
        while not episode.done:
            episode.step(f"<answer>{episode.env.policy(episode.state)}</answer>")
            steps += 1
        done += 1
    elapsed = time.perf_counter() - started
    return done / elapsed, steps / elapsed


def _cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().split()
    except OSError:
        return None
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


async def _server_rounds(url: str, names: list[str], episodes: int, rounds: int,
                         slots: int, image: bool) -> tuple[int, float]:
    import httpx

    clients = [httpx.AsyncClient(base_url=url, timeout=120,
                                 limits=httpx.Limits(max_connections=1)) for _ in range(slots)]

    async def run(requests: list[tuple[str, dict]]) -> list[dict]:
        todo, out = list(enumerate(requests)), [{}] * len(requests)

        async def worker(client: httpx.AsyncClient) -> None:
            while todo:
                i, (path, body) = todo.pop()
                out[i] = (await client.post(path, json=body)).json()

        await asyncio.gather(*(worker(c) for c in clients))
        return out

    plan = [(names[i % len(names)], i) for i in range(episodes)]
    made = await run([("/episodes", {"env": n, "level": "medium", "seed": s, "image": False})
                      for n, s in plan])
    keys = [m["episode_id"] for m in made]
    policies = {n: env.env_class(n)("medium") for n in names}
    states = [m["info"]["state"] for m in made]
    started, steps = time.perf_counter(), 0
    live = list(range(episodes))
    for _ in range(rounds):
        answers = await run([(f"/episodes/{keys[i]}/step",
                              {"action": policies[plan[i][0]].policy(states[i]), "image": image})
                             for i in live])
        steps += len(live)
        for i, answer in zip(live, answers, strict=True):
            states[i] = answer["info"]["state"]
        live = [i for i, a in zip(live, answers, strict=True) if not a["terminated"]]
        if not live:
            break
    elapsed = time.perf_counter() - started
    await asyncio.gather(*(c.aclose() for c in clients))
    return steps, elapsed


def server_figures(names: list[str], episodes: int, rounds: int, slots: int,
                   image: bool) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "visreason", "env", "serve", "--port",
                               str(port), "--max-episodes", str(episodes + 10)],
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(600):
            try:
                httpx.get(f"{url}/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        before = _cpu_seconds(server.pid)
        steps, elapsed = asyncio.run(_server_rounds(url, names, episodes, rounds, slots, image))
        after = _cpu_seconds(server.pid)
        cpu = "" if before is None or after is None else \
            f", server CPU {1000 * (after - before) / max(1, steps):.2f} ms per request"
        print(f"server: {episodes} episodes held, {steps} steps in {elapsed:.1f} s = "
              f"{steps / elapsed:.0f} steps/s with {slots} in flight, pictures "
              f"{'on' if image else 'off'}{cpu} (creation included in the CPU figure)")
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--envs", default="lifegame,maze,minesweeper,sokoban,sudoku,tictactoe")
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--text-only", action="store_true")
    parser.add_argument("--server", action="store_true", help="also measure the HTTP server")
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--slots", type=int, default=16)
    parser.add_argument("--image", action="store_true", help="server steps return pictures")
    args = parser.parse_args()
    names = [n.strip() for n in args.envs.split(",") if n.strip()]
    env.names()
    for name in names:
        for level in ("easy", "medium", "hard"):
            rate, steps = episodes_per_second(name, level, args.seconds, args.text_only)
            print(f"{name:12s} {level:6s} {rate:8.1f} episodes/s  {steps:8.0f} steps/s")
    if args.server:
        server_figures(names, args.episodes, args.rounds, args.slots, args.image)


if __name__ == "__main__":
    main()
