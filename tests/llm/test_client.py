from __future__ import annotations

import asyncio
import base64
import io
import json

import pytest
from PIL import Image, ImageChops

import visreason
from visreason.core.errors import VisreasonError
from visreason.llm import (
    SAMPLE_HEADER,
    ChatClient,
    LLMError,
    ResponseCache,
    SyncChatClient,
    request_key,
    user_message,
)
from visreason.llm.scripted import Key, ScriptedServer, wrong_answer


def ask(server: ScriptedServer, samples, **client_kwargs):
    """Every sample once through a fresh client; returns (results or errors, usage)."""
    client_kwargs.setdefault("backoff", 0.001)

    async def go():
        async with ChatClient(server.url, "scripted", **client_kwargs) as client:
            async def one(sample):
                try:
                    return await client.chat([user_message(sample.question, [sample.image])],
                                             headers={SAMPLE_HEADER: sample.id})
                except LLMError as exc:
                    return exc
            return await asyncio.gather(*(one(s) for s in samples)), client.usage

    return asyncio.run(go())


def test_scripted_answers_are_right_and_wrong_by_rule(samples):
    for sample in samples:
        key = Key(sample.answer, sample.answer_type, tuple(sample.options or ()) or None)
        assert visreason.verify(sample, f"<answer>{sample.answer}</answer>") == 1.0
        assert visreason.verify(sample, f"<answer>{wrong_answer(key)}</answer>") == 0.0, sample.id


def test_retries_recover_from_429_500_malformed_and_timeouts(samples):
    chosen = samples[:5]
    plans = [["429", "correct"], ["500", "500", "correct"], ["malformed", "correct"],
             ["slow", "correct"], ["429", "malformed", "500", "wrong"]]
    plan = {s.id: p for s, p in zip(chosen, plans, strict=True)}
    with ScriptedServer(samples, plan=plan, slow_delay=2.0) as server:
        results, usage = ask(server, samples, timeout=0.5, max_retries=4)
    by_id = dict(zip([s.id for s in samples], results, strict=True))
    for sample, steps in zip(chosen, plans, strict=True):
        result = by_id[sample.id]
        assert result.attempts == len(steps)
        assert server.attempts[sample.id] == len(steps)
        expected = 0.0 if steps[-1] == "wrong" else 1.0
        assert visreason.verify(sample, result.text) == expected
    for sample in samples[5:]:
        assert by_id[sample.id].attempts == 1
        assert visreason.verify(sample, by_id[sample.id].text) == 1.0
    extra = sum(len(p) - 1 for p in plans)
    assert usage.retries == extra
    assert usage.requests == len(samples)
    assert usage.failures == 0
    assert usage.prompt_tokens == 10 * len(samples)  # tokens of answered requests only
    assert server.requests == len(samples) + extra


def test_gives_up_after_the_retry_budget(samples):
    with ScriptedServer(samples, plan={samples[0].id: ["500"]}) as server:
        results, usage = ask(server, samples[:2], max_retries=2)
    assert isinstance(results[0], LLMError)
    assert results[0].status == 500 and results[0].attempts == 3
    assert server.attempts[samples[0].id] == 3
    assert not isinstance(results[1], LLMError)
    assert usage.failures == 1 and usage.requests == 1


def test_client_errors_are_not_retried(samples):
    with ScriptedServer(samples) as server:
        client_url = server.url.removesuffix("/v1")  # the server only serves /v1/...

        async def go():
            async with ChatClient(client_url, "m", backoff=0.001) as client:
                await client.chat([user_message("hi")])

        with pytest.raises(LLMError, match=r"404.*need /v1") as info:
            asyncio.run(go())
    assert info.value.status == 404 and server.requests == 0


def test_images_go_as_png_data_urls(samples):
    sample = samples[0]
    with ScriptedServer(samples, capture=True) as server:
        ask(server, [sample])
    assert server.bad_images == 0
    part = server.bodies[0]["messages"][0]["content"][0]
    head, _, data = part["image_url"]["url"].partition(",")
    assert head == "data:image/png;base64"
    sent = Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")
    assert ImageChops.difference(sent, sample.image.convert("RGB")).getbbox() is None
    assert server.bodies[0]["messages"][0]["content"][1] == {"type": "text",
                                                            "text": sample.question}


def test_concurrency_is_bounded(samples):
    many = [samples[i % len(samples)] for i in range(24)]
    with ScriptedServer(samples, delay=0.05) as server:
        ask(server, many, concurrency=4)
    assert server.max_in_flight == 4


def test_cache_answers_repeats_without_the_server(samples, tmp_path):
    sample = samples[0]
    messages = [user_message(sample.question, [sample.image])]

    async def go(server):
        async with ChatClient(server.url, "m", cache=tmp_path / "cache") as client:
            first = await client.chat(messages, temperature=0.0)
            again = await client.chat(messages, temperature=0.0)
            other = await client.chat(messages, temperature=0.5)
            return first, again, other, client.usage

    with ScriptedServer(samples, default_answer="B") as server:
        first, again, other, usage = asyncio.run(go(server))
    assert not first.cached and again.cached and not other.cached
    assert again.text == first.text
    assert server.requests == 2
    assert usage.cached == 1 and usage.requests == 2
    assert len(ResponseCache(tmp_path / "cache")) == 2


def test_cache_key_depends_on_model_messages_images_and_params(samples):
    a, b = samples[0], samples[1]
    base = request_key("m", [user_message("q", [a.image])], {"temperature": 0})
    assert base == request_key("m", [user_message("q", [a.image])], {"temperature": 0})
    assert base != request_key("m", [user_message("q", [b.image])], {"temperature": 0})
    assert base != request_key("m2", [user_message("q", [a.image])], {"temperature": 0})
    assert base != request_key("m", [user_message("q2", [a.image])], {"temperature": 0})
    assert base != request_key("m", [user_message("q", [a.image])], {"temperature": 1})


def test_cache_survives_concurrent_writers(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    cache = ResponseCache(tmp_path)
    key = request_key("m", [user_message("same")], {})
    values = [{"text": "x" * 20000 + str(i)} for i in range(40)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda v: cache.put(key, v), values))
        seen = list(pool.map(lambda _: cache.get(key), range(40)))
    assert all(s is None or s in values for s in seen)
    assert cache.get(key) in values
    assert len(cache) == 1
    assert not list(tmp_path.rglob("*.tmp"))


def test_settings_come_from_the_environment(samples, monkeypatch):
    with ScriptedServer(samples, capture=True) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("VISREASON_MODEL", "env-model")
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        with SyncChatClient() as client:
            client.chat([user_message("hi")])
    assert server.bodies[0]["model"] == "env-model"
    assert server.authorization == "Bearer sk-test"


def test_missing_settings_are_clear_errors(monkeypatch):
    for name in ("OPENAI_BASE_URL", "VISREASON_MODEL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(VisreasonError, match="--base-url"):
        ChatClient(model="m")
    with pytest.raises(VisreasonError, match="--model"):
        ChatClient("http://127.0.0.1:1/v1")


def test_sync_client_many_keeps_failures_in_place(samples):
    plan = {samples[1].id: ["500"]}
    with ScriptedServer(samples, plan=plan) as server, \
            SyncChatClient(server.url, "m", max_retries=1, backoff=0.001) as client:
        results = client.chat_many([[user_message("q")] for _ in range(3)])
        one = client.chat([user_message("q")], headers={SAMPLE_HEADER: samples[0].id})
        failed = client.chat_many([[user_message("q")]],
                                  headers={SAMPLE_HEADER: samples[1].id})
    assert [type(r).__name__ for r in results] == ["ChatResult"] * 3
    assert visreason.verify(samples[0], one.text) == 1.0
    assert isinstance(failed[0], LLMError) and failed[0].attempts == 2
    assert client.usage.requests == 4


def test_request_body_carries_params(samples):
    with ScriptedServer(samples, capture=True) as server, \
            SyncChatClient(server.url, "m") as client:
        client.chat([user_message("q")], temperature=0.3, max_tokens=7)
    body = server.bodies[0]
    assert (body["model"], body["temperature"], body["max_tokens"]) == ("m", 0.3, 7)
    assert json.dumps(body["messages"]) == json.dumps([{"role": "user", "content": "q"}])
