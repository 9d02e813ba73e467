from __future__ import annotations

import asyncio
import warnings

import pytest

import visreason
from visreason.core.errors import VisreasonError
from visreason.eval.records import load_records
from visreason.eval.runner import EvalSettings, evaluate
from visreason.llm import user_message

pytestmark = pytest.mark.torch


@pytest.fixture(scope="module")
def tiny_vlm(tmp_path_factory):
    from .tiny_vlm import build_tiny_vlm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_tiny_vlm(tmp_path_factory.mktemp("tiny-vlm"))


def test_local_backend_answers_a_picture_question(tiny_vlm, samples):
    from visreason.llm.local import LocalChatClient

    client = LocalChatClient(tiny_vlm, name="tiny")
    sample = samples[0]
    messages = [{"role": "system", "content": "Be brief."},
                user_message(sample.question, [sample.image])]
    result = asyncio.run(client.chat(messages, max_tokens=6))
    assert isinstance(result.text, str)
    assert 1 <= result.completion_tokens <= 6
    # the byte tokenizer makes one token per byte, plus the image's patch tokens
    assert result.prompt_tokens > len(sample.question.encode())
    assert result.model == "tiny" and client.usage.requests == 1
    again = asyncio.run(client.chat(messages, max_tokens=6))
    assert again.text == result.text  # greedy decoding is deterministic


def test_local_backend_runs_an_evaluation_end_to_end(tiny_vlm, samples, tmp_path):
    from visreason.llm.local import LocalChatClient

    chosen = samples[:3]
    client = LocalChatClient(tiny_vlm, name="tiny")
    settings = EvalSettings("tiny", "direct", params={"max_tokens": 4})
    summary = evaluate(chosen, client, tmp_path / "run", settings, concurrency=2)
    records = load_records(tmp_path / "run")
    assert list(records) == [s.id for s in chosen]
    assert summary.errors == 0 and summary.asked == 3
    for sample in chosen:
        record = records[sample.id]
        assert record["error"] is None
        assert record["score"] == visreason.verify(sample, record["response"])
        assert record["completion_tokens"] >= 1


def test_local_backend_refuses_remote_images_and_missing_models(tiny_vlm, tmp_path):
    from visreason.llm.local import LocalChatClient

    with pytest.raises(VisreasonError, match="not a directory"):
        LocalChatClient(tmp_path / "absent")
    client = LocalChatClient(tiny_vlm)
    remote = [{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
        {"type": "text", "text": "hi"}]}]
    with pytest.raises(VisreasonError, match="remote"):
        asyncio.run(client.chat(remote))
