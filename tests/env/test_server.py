"""The environment server, run as `visreason env serve` in another process, driven over HTTP:
the episode API, clear errors, and 1,000 concurrent episodes that keep their own state."""

from __future__ import annotations

import asyncio
import base64
import io
import socket
import subprocess
import sys
import time

import pytest
from PIL import Image

from visreason import env

pytestmark = pytest.mark.serve

EPISODES = 1_000
FOUNDATION = ("lifegame", "maze", "minesweeper", "sokoban", "sudoku", "tictactoe")
STEPS = 3


@pytest.fixture(scope="module")
def url():
    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "visreason", "env", "serve", "--port",
                                str(port), "--max-episodes", "2000"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {process.stderr.read().decode()}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(10)


def test_episode_lifecycle(url):
    import httpx

    with httpx.Client(base_url=url, timeout=30) as client:
        assert set(FOUNDATION) <= set(client.get("/envs").json()["envs"])
        made = client.post("/episodes", json={"env": "sokoban", "level": "easy", "seed": 7})
        assert made.status_code == 200, made.text
        body = made.json()
        key, info = body["episode_id"], body["info"]
        local = env.make("sokoban", level="easy", seed=7)
        obs, local_info = local.reset()
        assert info["state"] == local_info["state"] and body["observation"]["text"] == obs["text"]
        picture = Image.open(io.BytesIO(base64.b64decode(body["observation"]["image"])))
        assert picture.convert("RGB").tobytes() == obs["image"].convert("RGB").tobytes()
        action = local.env.policy(local.state)
        stepped = client.post(f"/episodes/{key}/step", json={"action": f"<answer>{action}"
                                                                        "</answer>",
                                                              "image": False}).json()
        expected = local.step(action)
        assert stepped["info"]["state"] == expected[4]["state"]
        assert stepped["observation"]["image"] is None and stepped["reward"] == expected[1]
        shown = client.get(f"/episodes/{key}").json()
        assert shown["info"]["steps"] == 1
        again = client.post(f"/episodes/{key}/reset", json={}).json()
        assert again["info"]["steps"] == 0 and again["info"]["state"] == local_info["state"]
        assert client.delete(f"/episodes/{key}").json()["closed"]
        assert client.post(f"/episodes/{key}/step", json={"action": "up"}).status_code == 404


def test_bad_requests_get_a_reason(url):
    import httpx

    with httpx.Client(base_url=url, timeout=30) as client:
        bad = client.post("/episodes", json={"env": "mazee"})
        assert bad.status_code == 400 and "did you mean 'maze'" in bad.json()["detail"]
        bad = client.post("/episodes", json={"env": "maze", "params": {"rooms": 99}})
        assert bad.status_code == 400 and "rooms" in bad.json()["detail"]
        bad = client.post("/episodes", json={"env": "maze", "options": {"colour": 1}})
        assert bad.status_code == 400 and "unknown option" in bad.json()["detail"]
        bad = client.post("/episodes", json={"level": "easy"})
        assert bad.status_code == 422 and "env" in bad.json()["detail"]
        key = client.post("/episodes", json={"env": "maze"}).json()["episode_id"]
        hostile = client.post(f"/episodes/{key}/step", json={"action": "\\boxed{" * 100_000})
        assert hostile.status_code == 200 and not hostile.json()["info"]["valid"]
        huge = client.post(f"/episodes/{key}/step", content=b"x" * (2 * 1024 * 1024))
        assert huge.status_code == 413


class Pool:
    """Requests spread over single-connection clients, `slots` in flight at once (one shared
    httpx pool scans every connection per request, which costs more than the server)."""

    def __init__(self, url, slots=16):
        import httpx

        self.clients = [httpx.AsyncClient(base_url=url, timeout=120,
                                          limits=httpx.Limits(max_connections=1))
                        for _ in range(slots)]

    async def run(self, requests):
        """(method, path, json or None) each; the decoded answers in order."""
        todo, out = list(enumerate(requests)), [None] * len(requests)

        async def worker(client):
            while todo:
                i, (method, path, body) = todo.pop()
                response = await client.request(method, path, json=body)
                assert response.status_code == 200, response.text
                out[i] = response.json()

        await asyncio.gather(*(worker(c) for c in self.clients))
        return out

    async def close(self):
        await asyncio.gather(*(c.aclose() for c in self.clients))


def test_holds_a_thousand_concurrent_episodes(url):
    """1,000 episodes of the six foundation games held at once and stepped in interleaved order by
    concurrent requests; every one ends where a local replay of its own moves ends."""
    names = FOUNDATION
    plan = [(names[i % len(names)], ("easy", "medium", "hard")[i % 3], i)
            for i in range(EPISODES)]
    policies = {(n, lv): env.env_class(n)(lv) for n in names for lv in ("easy", "medium", "hard")}

    async def run():
        pool = Pool(url)
        try:
            made = await pool.run([("POST", "/episodes", {
                "env": name, "level": level, "seed": seed, "image": False,
                "options": {"text_only": True}}) for name, level, seed in plan])
            keys = [m["episode_id"] for m in made]
            assert len(set(keys)) == EPISODES
            health = await pool.run([("GET", "/health", None)])
            assert health[0]["episodes"] >= EPISODES
            states = [m["info"]["state"] for m in made]
            moves: list[list[str]] = [[] for _ in plan]
            live = list(range(EPISODES))
            for _ in range(STEPS):  # each round steps every unfinished episode
                for i in live:
                    moves[i].append(policies[plan[i][:2]].policy(states[i]))
                answers = await pool.run([("POST", f"/episodes/{keys[i]}/step",
                                           {"action": moves[i][-1], "image": False})
                                          for i in live])
                for i, answer in zip(live, answers, strict=True):
                    states[i] = answer["info"]["state"]
                live = [i for i, a in zip(live, answers, strict=True) if not a["terminated"]]
            finals = await pool.run([("GET", f"/episodes/{k}", None) for k in keys])
            return moves, [f["info"] for f in finals]
        finally:
            await pool.close()

    moves, finals = asyncio.run(run())
    for (name, level, seed), played, info in zip(plan, moves, finals, strict=True):
        local = env.make(name, level=level, seed=seed, text_only=True)
        local.reset()
        for action in played:
            local.step(action)
        assert info["state"] == local.state, (name, level, seed)
        assert info["steps"] == len(played) and info["invalid_actions"] == 0
