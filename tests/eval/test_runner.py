from __future__ import annotations

import asyncio
import json

import pytest

import visreason
from visreason.core.errors import VisreasonError
from visreason.eval.judge import Judge
from visreason.eval.records import load_records
from visreason.eval.runner import EvalSettings, evaluate, run_eval
from visreason.llm import ChatClient, ChatResult, Usage
from visreason.llm.scripted import ScriptedServer

SETTINGS = EvalSettings("scripted", "think")


def run(server, samples, out, settings=SETTINGS, **kwargs):
    client_kwargs = {"backoff": 0.001, "max_retries": kwargs.pop("max_retries", 4),
                     "timeout": kwargs.pop("timeout", 5.0)}
    client = ChatClient(server.url, settings.model, **client_kwargs)
    return evaluate(samples, client, out, settings, concurrency=kwargs.pop("concurrency", 8),
                    **kwargs)


def lines(out):
    return [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]


def test_accuracy_equals_the_servers_wrong_rate(samples, tmp_path):
    with ScriptedServer(samples, wrong_rate=0.3) as server:
        summary = run(server, samples, tmp_path / "run")
    wrong = server.wrong_ids
    assert 0 < len(wrong) < len(samples)
    assert summary.total == len(samples) and summary.errors == 0
    assert summary.accuracy == pytest.approx(1 - len(wrong) / len(samples))
    records = lines(tmp_path / "run")
    assert sorted(r["id"] for r in records) == sorted(s.id for s in samples)
    assert {r["id"] for r in records if r["score"] == 0.0} == wrong
    assert server.requests == len(samples)


def test_exact_rate_from_a_plan(samples, tmp_path):
    wrong = {s.id for s in samples[::4]}
    with ScriptedServer(samples, plan={i: ["wrong"] for i in wrong}) as server:
        summary = run(server, samples, tmp_path / "run")
    assert summary.score == len(samples) - len(wrong)
    record = load_records(tmp_path / "run")[samples[0].id]
    assert record["extracted"] != record["answer"] and record["score"] == 0.0
    assert record["prompt"].startswith(samples[0].question.rstrip())
    assert record["response"].endswith("</answer>") and record["latency"] >= 0


def test_flaky_server_loses_and_doubles_nothing(samples, tmp_path):
    flaky = [["429", "correct"], ["500", "malformed", "correct"], ["slow", "correct"],
             ["malformed", "429", "500", "correct"]]
    plan = {s.id: flaky[i % len(flaky)] for i, s in enumerate(samples) if i % 2 == 0}
    with ScriptedServer(samples, plan=plan, slow_delay=1.0) as server:
        summary = run(server, samples, tmp_path / "run", timeout=0.3)
    records = lines(tmp_path / "run")
    assert len(records) == len(samples) == len({r["id"] for r in records})
    assert all(r["score"] == 1.0 and r["error"] is None for r in records)
    for record in records:
        expected = len(plan.get(record["id"], ["correct"]))
        assert record["attempts"] == expected == server.attempts[record["id"]]
    assert summary.usage.retries == sum(len(p) - 1 for p in plan.values())
    assert summary.accuracy == 1.0


def test_failures_are_recorded_then_retried_on_resume(samples, tmp_path):
    broken = {samples[1].id, samples[5].id}
    with ScriptedServer(samples, plan={i: ["500"] for i in broken}) as server:
        summary = run(server, samples, tmp_path / "run", max_retries=1)
    assert summary.errors == 2 and summary.asked == len(samples)
    records = load_records(tmp_path / "run")
    for sample_id in broken:
        assert records[sample_id]["score"] == 0.0
        assert "500" in records[sample_id]["error"]
    assert summary.score == len(samples) - 2
    with ScriptedServer(samples) as healthy:
        again = run(healthy, samples, tmp_path / "run")
    assert set(healthy.attempts) == broken  # only the failed ones are asked again
    assert again.asked == 2 and again.resumed == len(samples) - 2 and again.errors == 0
    assert again.accuracy == 1.0
    assert len(lines(tmp_path / "run")) == len(samples)  # compacted: one line per sample


class Stop(Exception):
    pass


def test_resume_after_a_crash_skips_finished_items(samples, tmp_path):
    out = tmp_path / "run"
    done = []

    def crash_after_ten(n):
        done.append(n)
        if len(done) == 10:
            raise Stop

    with ScriptedServer(samples) as first, pytest.raises(Stop):
        run(first, samples, out, concurrency=1, progress=crash_after_ten)
    answered = {r["id"] for r in lines(out)}
    assert len(answered) == 10
    with open(out / "records.jsonl", "a") as handle:  # killed in the middle of a write
        handle.write('{"id": "torn", "sco')
    with ScriptedServer(samples) as second:
        summary = run(second, samples, out)
    assert not answered & set(second.attempts)
    assert second.requests == len(samples) - 10
    assert summary.resumed == 10 and summary.asked == len(samples) - 10
    records = lines(out)
    assert sorted(r["id"] for r in records) == sorted(s.id for s in samples)
    assert summary.accuracy == 1.0


def test_a_finished_run_asks_nothing_again(samples, tmp_path):
    with ScriptedServer(samples) as server:
        run(server, samples, tmp_path / "run")
    with ScriptedServer(samples) as server:
        summary = run(server, samples, tmp_path / "run")
    assert server.requests == 0 and summary.asked == 0 and summary.accuracy == 1.0


def test_resume_with_other_settings_is_refused(samples, tmp_path):
    with ScriptedServer(samples) as server:
        run(server, samples[:2], tmp_path / "run")
        other = EvalSettings("scripted", "direct")
        with pytest.raises(VisreasonError, match=r"other settings.*template"):
            run(server, samples[:2], tmp_path / "run", settings=other)


def test_duplicated_samples_count_once(samples, tmp_path):
    with ScriptedServer(samples) as server:
        summary = run(server, [*samples[:3], samples[0], samples[1]], tmp_path / "run")
    assert summary.total == 3 and server.requests == 3
    assert len(lines(tmp_path / "run")) == 3


def test_text_only_samples_go_without_images(tmp_path):
    task = visreason.tasks()[0]
    sample = visreason.generate(task.id, task.plot_levels[0], 1, 0, text_only=True)
    with ScriptedServer([sample], capture=True) as server:
        summary = run(server, [sample], tmp_path / "run")
    assert isinstance(server.bodies[0]["messages"][-1]["content"], str)
    assert summary.accuracy == 1.0


class VerdictBackend:
    """A judge stand-in that calls every answer incorrect: every judged sample disagrees."""

    model = "judge"

    def __init__(self) -> None:
        self.usage = Usage()
        self.asked = 0

    async def chat(self, messages, *, model=None, headers=None, **params):
        self.asked += 1
        assert "Reference answer:" in messages[-1]["content"]
        return ChatResult("The response is off. Verdict: incorrect", "judge")

    async def aclose(self):
        pass


def test_judge_second_opinion_is_recorded(samples, tmp_path):
    backend = VerdictBackend()
    settings = EvalSettings("scripted", "think", judge_model="judge")

    async def go(server):
        client = ChatClient(server.url, "scripted")
        try:
            return await run_eval(samples[:4], client, tmp_path / "run", settings,
                                  judge=Judge(backend, "judge", scope="all"))
        finally:
            await client.aclose()

    with ScriptedServer(samples) as server:
        asyncio.run(go(server))
    records = lines(tmp_path / "run")
    assert backend.asked == 4
    assert all(r["score"] == 1.0 and r["judge_score"] == 0.0 for r in records)


def test_judge_only_free_text_by_default(samples):
    judge = Judge(VerdictBackend())
    assert [judge.applies(s) for s in samples] == [s.answer_type == "text" for s in samples]


def test_a_lone_surrogate_in_a_response_is_stored_and_scored(samples, tmp_path):
    """It used to crash the run on writing its record, and again on every rerun."""
    odd = {s.id for s in samples[:3]}
    with ScriptedServer(samples, plan={i: ["surrogate"] for i in odd}) as server:
        summary = run(server, samples, tmp_path / "run")
        assert summary.errors == 0 and summary.score == len(samples)
        again = run(server, samples, tmp_path / "run")
    assert again.asked == 0 and again.score == len(samples)
    records = load_records(tmp_path / "run")
    for sample_id in odd:
        assert records[sample_id]["response"].endswith("\ud800")
        assert records[sample_id]["score"] == 1.0
    (tmp_path / "run" / "records.jsonl").read_bytes().decode("utf-8")  # valid UTF-8 on disk
