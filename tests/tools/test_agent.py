"""The agent loop against the scripted OpenAI-compatible server."""

from __future__ import annotations

import json

import numpy as np
import pytest

import visreason
from visreason.eval.records import load_records
from visreason.llm.messages import decode_data_url
from visreason.llm.scripted import ScriptedServer
from visreason.tools import transforms as tf
from visreason.tools.agent import AgentSettings, agent
from visreason.tools.sandbox import SandboxLimits, SandboxPool
from visreason.tools.tasks import tool_sample

pytest.importorskip("httpx")
TASKS = ("tictactoe", "sudoku")
UNDO = {"rotate90": "result = image.rotate(-90, expand=True)",
        "rotate180": "result = image.rotate(180)",
        "flip_h": "result = ImageOps.mirror(image)"}


@pytest.fixture(scope="module")
def pool():
    with SandboxPool(2, SandboxLimits(timeout=5, cpu_seconds=3)) as running:
        yield running


@pytest.fixture(scope="module")
def cases() -> list[tuple[visreason.Sample, visreason.Sample]]:
    """(clean sample, tool task) pairs, one per transform the script knows how to undo."""
    out = []
    for game, transform in zip(TASKS * 2, UNDO, strict=False):
        task = next(t for t in visreason.tasks(game) if t.answer_type == "choice")
        clean = visreason.generate(task.id, "medium", 0, len(out))
        out.append((clean, tool_sample(clean, 0, transform=transform)))
    return out


def call(code: str, index: int = 0) -> str:
    body = {"name": "code_image_tool", "arguments": {"code": code, "image_index": index}}
    return f"<think>The picture looks turned.</think>\n<tool_call>{json.dumps(body)}</tool_call>"


def last_picture(messages: list[dict]) -> np.ndarray | None:
    for part in reversed(messages[-1]["content"] if isinstance(messages[-1]["content"], list)
                         else []):
        if part.get("type") == "image_url":
            return np.asarray(decode_data_url(part["image_url"]["url"]).convert("RGB"))
    return None


def careful_model(cases, first_turn=None):
    """A scripted model that undoes the transform, then answers right only if the picture
    the tool handed back is the clean one."""
    clean = {tool.id: (base, np.asarray(base.image.convert("RGB"))) for base, tool in cases}
    transform = {tool.id: tool.meta["tool"]["transform"] for _, tool in cases}

    def respond(sample_id: str, messages: list[dict]) -> str:
        turn = sum(1 for m in messages if m["role"] == "assistant")
        if first_turn is not None and turn == 0:
            return first_turn
        if turn == 0 or (first_turn is not None and turn == 1):
            return call(UNDO[transform[sample_id]])
        base, picture = clean[sample_id]
        seen = last_picture(messages)
        right = seen is not None and seen.shape == picture.shape and \
            np.abs(seen.astype(int) - picture).mean() < 1
        answer = base.answer if right else ("A" if base.answer != "A" else "B")
        return f"<think>Now it is upright.</think>\n<answer>{answer}</answer>"

    return respond


def run(cases, server, out, pool, **settings):
    tools = [tool for _, tool in cases]
    client = visreason.llm.ChatClient(server.url, "scripted", max_retries=0)
    return agent(tools, client, out, AgentSettings("scripted", **settings), pool=pool,
                 concurrency=2)


def test_rotating_back_and_answering_scores_one(cases, pool, tmp_path) -> None:
    with ScriptedServer([t for _, t in cases], responder=careful_model(cases)) as server:
        summary = run(cases, server, tmp_path, pool)
    assert summary.total == len(cases) and summary.errors == 0
    assert summary.accuracy == 1.0
    records = load_records(tmp_path / "records.jsonl")
    trajectories = load_records(tmp_path / "records.jsonl")
    for base, tool in cases:
        record, trajectory = records[tool.id], trajectories[tool.id]
        assert record["score"] == 1.0 and record["tool_calls"] == 1 and record["tool_solved"]
        assert trajectory["reward"]["tool"] == 1.0 and trajectory["reward"]["format"] == 1.0
        turns = trajectory["turns"]
        assert [t["role"] for t in turns] == ["user", "assistant", "tool", "assistant"]
        assert turns[0]["images"] == trajectory["images"][:1]
        assert turns[2]["images"] == trajectory["images"][1:2]
        result = turns[2]["result"]
        assert result["restored"] and result["seen"] == tf.inverse(tool.meta["tool"]["transform"])
        # The saved pictures: the corrupted question picture, then the repaired one.
        first, second = (np.asarray(visreason.Sample.from_dict(
            {"game": "g", "task": "t", "answer": "A", "answer_type": "choice",
             "image": str(tmp_path / p)}).load_image().convert("RGB"))
            for p in trajectory["images"])
        assert np.array_equal(first, np.asarray(tool.image.convert("RGB")))
        assert np.array_equal(second, np.asarray(base.image.convert("RGB")))
    report = json.loads((tmp_path / "report.json").read_text()) if \
        (tmp_path / "report.json").exists() else None
    assert report is None  # the library call writes no report; the command does


def test_a_model_that_does_not_fix_the_picture_is_wrong(cases, pool, tmp_path) -> None:
    transform = {tool.id: tool.meta["tool"]["transform"] for _, tool in cases}

    def lazy(sample_id: str, messages: list[dict]) -> str:  # "fixes" nothing, then checks
        if not any(m["role"] == "assistant" for m in messages):
            return call("result = image")
        return careful_model(cases)(sample_id, messages)

    with ScriptedServer([t for _, t in cases], responder=lazy) as server:
        summary = run(cases, server, tmp_path, pool)
    assert summary.accuracy == 0.0
    trajectories = load_records(tmp_path / "records.jsonl")
    for tool_id in transform:
        assert trajectories[tool_id]["reward"]["tool"] == 0.0
        assert not trajectories[tool_id]["turns"][2]["result"]["restored"]


@pytest.mark.parametrize("bad", [
    '<think>x</think><tool_call>{"name": "code_image_tool", "arguments": {"code": </tool_call>',
    '<think>x</think><tool_call>{"name": "other_tool", "arguments": {"code": "x"}}</tool_call>',
    '<think>x</think><tool_call>{"name": "code_image_tool", "arguments": {}}</tool_call>',
    call("result = image", index=7),
    call("import os\nresult = image"),
])
def test_malformed_calls_give_an_error_turn(cases, pool, tmp_path, bad) -> None:
    with ScriptedServer([t for _, t in cases], responder=careful_model(cases, first_turn=bad),
                        capture=True) as server:
        summary = run(cases, server, tmp_path, pool)
    assert summary.errors == 0 and summary.accuracy == 1.0  # it recovered
    trajectories = load_records(tmp_path / "records.jsonl")
    for _, tool in cases:
        turns = trajectories[tool.id]["turns"]
        assert [t["role"] for t in turns] == ["user"] + ["assistant", "tool"] * 2 + ["assistant"]
        failed = turns[2]["result"]
        assert not failed["ok"] and failed["error"]
        assert trajectories[tool.id]["reward"]["penalty"] > 0
    # The model was shown the error inside the tool response.
    replies = [m for body in server.bodies for m in body["messages"] if m["role"] == "user"
               and isinstance(m["content"], list)
               and "<tool_response>" in m["content"][0].get("text", "")]
    assert any("Error" in json.dumps(m) for m in replies)


def test_resume_skips_finished_trajectories(cases, pool, tmp_path) -> None:
    failing = cases[0][1].id
    with ScriptedServer([t for _, t in cases], responder=careful_model(cases),
                        plan={failing: ["500"]}) as server:
        first = run(cases, server, tmp_path, pool)
        asked = server.requests
    assert first.errors == 1
    with ScriptedServer([t for _, t in cases], responder=careful_model(cases)) as server:
        second = run(cases, server, tmp_path, pool)
        assert set(server.attempts) == {failing}  # only the failed sample is asked again
    assert asked > 0 and second.asked == 1 and second.resumed == len(cases) - 1
    assert second.errors == 0 and second.accuracy == 1.0
    records = load_records(tmp_path / "records.jsonl")
    lines = (tmp_path / "records.jsonl").read_text().splitlines()
    assert len(records) == len(cases) == len(lines)  # one line per sample after compaction
    with ScriptedServer([t for _, t in cases], responder=careful_model(cases)) as server:
        third = run(cases, server, tmp_path, pool)
        assert server.requests == 0
    assert third.asked == 0


def test_the_turn_limit_ends_a_trajectory(cases, pool, tmp_path) -> None:
    endless = [(b, t) for b, t in cases[:1]]
    with ScriptedServer([endless[0][1]], responder=lambda sid, m: call("result = image")) \
            as server:
        summary = run(endless, server, tmp_path, pool, max_turns=3)
    trajectory = next(iter(load_records(tmp_path / "records.jsonl").values()))
    assert trajectory["finish"] == "max_turns" and summary.accuracy == 0.0
    assert sum(t["role"] == "assistant" for t in trajectory["turns"]) == 3
    # repeats of the same call are needless
    needless = [t["result"]["needless"] for t in trajectory["turns"] if t["role"] == "tool"]
    assert needless == [False, True, True]


def test_other_settings_refuse_to_resume(cases, pool, tmp_path) -> None:
    with ScriptedServer([t for _, t in cases], responder=careful_model(cases)) as server:
        run(cases, server, tmp_path, pool)
        with pytest.raises(visreason.VisreasonError, match="max_turns"):
            run(cases, server, tmp_path, pool, max_turns=2)
