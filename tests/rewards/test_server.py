"""The HTTP reward server: answers, errors, and a bounded load test on loopback."""

from __future__ import annotations

import asyncio
import json
import random
import threading

import httpx
import pytest

from visreason import rewards
from visreason.rewards import server
from visreason.rewards.server import serve_in_background as running_server

from .conftest import wrong_answer

pytestmark = pytest.mark.serve


@pytest.fixture(scope="module")
def url():
    with running_server() as base:
        yield base


def _item(sample, answer, fmt="think"):
    return {"completion": rewards.render_answer(answer, fmt),
            "sample": {**rewards.row_to_columns(sample), "answer_format": fmt}}


def test_health_and_schema(url) -> None:
    health = httpx.get(f"{url}/health").json()
    assert health["status"] == "ok" and health["tasks"] > 0
    schema = httpx.get(f"{url}/openapi.json").json()
    assert {"/score", "/score_one", "/health"} <= set(schema["paths"])


def test_batch_scores_every_task_and_isolates_bad_items(url, samples) -> None:
    items = [_item(s, s.answer) for s in samples] + [_item(s, wrong_answer(s)) for s in samples]
    bad = [{"completion": "A", "sample": {"game": "nogame", "task": "nope", "answer": "A"}},
           {"completion": "A"}, {"sample": rewards.row_to_columns(samples[0])},
           {"completion": "1", "ref": {"task": "maze/not_a_task"}}, {"completion": "x", "ref": 3}]
    body = httpx.post(f"{url}/score", json={"items": items + bad}).json()
    n = len(samples)
    assert body["scores"] == [1.0] * n + [0.0] * n + [0.0] * len(bad)
    assert body["format"][:n] == [1.0] * n
    assert body["errors"][: 2 * n] == [None] * (2 * n)
    assert all(body["errors"][2 * n:])
    assert "unknown task" in body["errors"][2 * n]


def test_ref_items_regenerate_the_sample(url, samples) -> None:
    sample = samples[0]
    ref = {"task": f"{sample.game}/{sample.task}", "level": sample.plot_level, "seed": 5,
           "index": 1}
    body = httpx.post(f"{url}/score", json={"items": [
        {"completion": f"<answer>{sample.answer}</answer>", "ref": ref},
        {"completion": f"<answer>{wrong_answer(sample)}</answer>", "ref": ref}]}).json()
    assert body["scores"] == [1.0, 0.0]


def test_format_weight_and_single_item(url, samples) -> None:
    sample = samples[0]
    body = httpx.post(f"{url}/score", json={"items": [_item(sample, sample.answer, "boxed")],
                                            "format_weight": 0.5}).json()
    assert body["scores"] == [1.5]
    one = httpx.post(f"{url}/score_one", json=_item(sample, sample.answer))
    assert one.status_code == 200 and one.json() == {"score": 1.0, "accuracy": 1.0, "format": 1.0}


@pytest.mark.parametrize(("path", "content", "status", "reason"), [
    ("/score", b"{not json", 400, "not valid JSON"),
    ("/score", b'{"itemz": []}', 422, "items"),
    ("/score", b'{"items": "A"}', 422, "items"),
    ("/score", b'{"items": [], "answer_format": "xml"}', 422, "unknown answer format"),
    ("/score", b'{"items": [{"completion": "A"}], "strict": true}', 422, "item 0"),
    ("/score_one", b'{"completion": "A", "sample": {"game": "x", "task": "y", "answer": "A"}}',
     422, "unknown task"),
    ("/score_one", b'{"completion": "A", "ref": {"task": "maze/nope"}}', 422, "unknown task"),
    ("/score_one", b'{"sample": {"answer": "A"}}', 422, "completion"),
    ("/score_one", b"[1, 2]", 422, "malformed"),
])
def test_malformed_requests_get_4xx_with_a_reason(url, path, content, status, reason) -> None:
    response = httpx.post(f"{url}{path}", content=content,
                          headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert reason in response.json()["detail"]


def _post_raw(url: str, path: str, body: object) -> httpx.Response:
    """JSON as Python writes it: lone surrogates escaped, Infinity and NaN allowed."""
    return httpx.post(f"{url}{path}", content=json.dumps(body).encode(),
                      headers={"content-type": "application/json"}, timeout=30)


def test_no_item_can_fail_a_batch(url, samples) -> None:
    sample = samples[0]
    good = _item(sample, sample.answer)
    bad = [
        {"completion": "A", "sample": {**rewards.row_to_columns(sample), "game": "\ud800x"}},
        {"completion": "\udcff", "sample": {**rewards.row_to_columns(sample), "task": "\ud83d"}},
        {"completion": "1", "ref": {"task": f"{sample.game}/{sample.task}",
                                    "seed": float("inf")}},
        {"completion": "1", "ref": {"task": f"{sample.game}/{sample.task}", "index": -1}},
        {"completion": "1", "ref": {"task": f"{sample.game}/{sample.task}", "seed": 1.5}},
        {"completion": "1", "ref": {"task": 7}},
        {"completion": "1", "sample": {**rewards.row_to_columns(sample), "answer": "not it",
                                       "answer_type": "integer"}},
        3, "text", None, [good], True,
    ]
    response = _post_raw(url, "/score", {"items": [good, *bad, good]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["scores"] == [1.0] + [0.0] * len(bad) + [1.0]
    assert body["errors"][0] is None and body["errors"][-1] is None
    assert all(body["errors"][1:-1]), body["errors"]
    assert "unknown task" in body["errors"][1] and "seed" in body["errors"][3]
    assert "not int" in body["errors"][8] or "int" in body["errors"][8]


@pytest.mark.parametrize("weight", [float("inf"), float("-inf"), float("nan")])
def test_non_finite_weights_are_refused(url, weight) -> None:
    for path, body in (("/score", {"items": [], "format_weight": weight}),
                       ("/score_one", {"completion": "A", "format_weight": weight,
                                       "sample": {"answer": "A"}})):
        response = _post_raw(url, path, body)
        assert response.status_code == 422, response.text
        assert "finite" in response.json()["detail"]


def test_request_size_is_limited() -> None:
    app = server.create_app(max_body=50_000)
    from fastapi.testclient import TestClient

    client = TestClient(app)
    big = json.dumps({"items": [{"completion": "x" * 60_000}]}).encode()
    declared = client.post("/score", content=big, headers={"content-type": "application/json"})
    assert declared.status_code == 413 and "over 50,000 bytes" in declared.json()["detail"]

    def chunks():  # no Content-Length: the limit holds while reading
        for start in range(0, len(big), 4096):
            yield big[start:start + 4096]

    streamed = client.post("/score", content=chunks(),
                           headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    small = client.post("/score", json={"items": []})
    assert small.status_code == 200


def test_docs_work_offline(url) -> None:
    page = httpx.get(f"{url}/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "/score" in text and "/score_one" in text and "ScoreRequest" in text
    assert "http://" not in text and "https://" not in text and "<script" not in text


def test_a_long_request_does_not_stall_health(url, monkeypatch) -> None:
    """Scoring runs off the event loop: /health answers while a batch is being scored."""
    started, answered = threading.Event(), threading.Event()
    real = server.score_item

    def slow(item, **options):
        if item.get("slow"):
            started.set()
            spins = 0
            while not answered.is_set() and spins < 50_000_000:  # CPU-bound, holds the GIL
                spins += 1
        return real(item, **options)

    monkeypatch.setattr(server, "score_item", slow)
    done: list[httpx.Response] = []
    hostile = "<think>" + "</think><answer>" * 3_000  # 48 KB: too large to score inline
    batch = threading.Thread(target=lambda: done.append(httpx.post(
        f"{url}/score", json={"items": [{"completion": hostile, "slow": True,
                                         "ref": {"task": "nogame/none"}}]}, timeout=120)))
    batch.start()
    assert started.wait(30)
    health = httpx.get(f"{url}/health", timeout=60)
    answered.set()
    still_scoring = not done
    batch.join(60)
    assert health.status_code == 200 and still_scoring
    assert done and done[0].status_code == 200


def test_unregistered_tasks_are_scored_by_stored_answer_when_allowed() -> None:
    item = {"completion": "Answer: 12", "sample": {"game": "gameqa_x", "task": "count",
                                                   "answer": "12", "answer_type": "integer"}}
    with running_server(allow_unregistered=True) as base:
        assert httpx.post(f"{base}/score", json={"items": [item]}).json()["scores"] == [1.0]


REQUESTS, CLIENTS = 10_000, 64


def test_load_every_request_answered_correctly(url, samples) -> None:
    """10,000 requests from 64 concurrent clients; every score checked, none lost."""
    rng = random.Random(0)
    plan = []
    for number in range(REQUESTS):
        sample = samples[rng.randrange(len(samples))]
        right = rng.random() < 0.5
        answer = sample.answer if right else wrong_answer(sample)
        fmt = rng.choice(rewards.FORMATS)
        plan.append((number, _item(sample, answer, fmt), 1.0 if right else 0.0))
    queue: asyncio.Queue = asyncio.Queue()
    for entry in plan:
        queue.put_nowait(entry)
    answered: dict[int, float] = {}

    async def client() -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as session:
            while not queue.empty():
                number, item, _ = queue.get_nowait()
                response = await session.post("/score", json={"items": [item],
                                                              "answer_format": None})
                response.raise_for_status()
                answered[number] = response.json()["scores"][0]

    async def main() -> None:
        await asyncio.wait_for(asyncio.gather(*(client() for _ in range(CLIENTS))), timeout=150)

    asyncio.run(main())
    assert len(answered) == REQUESTS
    wrong = [n for n, _, want in plan if answered[n] != want]
    assert not wrong, wrong[:10]
