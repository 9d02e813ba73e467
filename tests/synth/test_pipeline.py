"""The synthesis pipeline against the scripted server on loopback: structured output and its
fallback, repair and retry, refusals, rate limits, timeouts, rejection reasons and resume."""

from __future__ import annotations

import json

import pytest

from visreason.core.errors import VisreasonError
from visreason.data.read import read_dataset
from visreason.synth.pipeline import text_jobs

from .model import (
    SynthModel,
    SynthServer,
    good_item,
    records,
    repairs_in,
    run_pipeline,
    score,
    short_answer,
)

AREA = "scientific_knowledge"
NO_DEDUP = {"dedup": None}


def jobs(count: int = 6, area: str = AREA):
    return text_jobs([area], count, "en")


def item_id(index: int, area: str = AREA) -> str:
    return f"synth-text/en/{area}/{index}"


def test_a_clean_run_keeps_everything_and_records_it(tmp_path) -> None:
    with SynthServer() as server:
        summary = run_pipeline(server, tmp_path, jobs(6), **NO_DEDUP)
        bodies = list(server.bodies)
    assert summary.counts == {"kept": 6}
    assert summary.rejected == {}
    assert summary.structured_mode == "json_schema"
    # generation, scoring and three answers per item
    assert summary.usage["requests"] == 6 * 5
    generation = [b for b in bodies if "Area:" in json.dumps(b["messages"])]
    assert len(generation) == 6
    for body in generation:
        form = body["response_format"]
        assert form["type"] == "json_schema" and form["json_schema"]["strict"] is True
        assert form["json_schema"]["schema"]["properties"]["relation"]["enum"] in (
            ["bridging"], ["comparison"], ["temporal"])
        assert body["temperature"] == 0.8 and isinstance(body["seed"], int)
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["model"] == "scripted-model"
    assert run["prompt_version"] == "synth-1"
    assert run["counts"] == {"kept": 6, "review": 0, "rejected": {}, "errors": 0}
    assert run["usage"]["requests"] == 30
    assert run["usage"]["prompt_tokens"] == 300 and run["usage"]["completion_tokens"] == 90
    assert run["settings"]["consistency"] == 3
    kept = list(read_dataset(tmp_path))
    assert [s.id for s in kept] == [item_id(i) for i in range(6)]
    first = kept[0]
    assert first.game == "synth_text" and first.task == AREA
    assert first.answer == short_answer(item_id(0))
    assert first.state["relation"] == "bridging" and len(first.state["sub_questions"]) == 3
    assert first.state["document"].startswith("term")
    assert first.meta["answer_text"].startswith("It is answer")
    assert first.meta["scores"]["verdict"] == "keep"
    assert first.meta["consistency"] == {"answers": [first.answer] * 3, "agreeing": 3, "of": 3,
                                         "agrees": True}
    assert [s.state["relation"] for s in kept] == ["bridging", "comparison", "temporal"] * 2


@pytest.mark.parametrize(("rejects", "mode", "schema_in_prompt"), [
    (("json_schema",), "json_object", True),
    (("json_schema", "json_object"), "prompt", True),
])
def test_unsupported_structured_output_falls_back(tmp_path, rejects, mode,
                                                  schema_in_prompt) -> None:
    with SynthServer(reject_formats=rejects) as server:
        summary = run_pipeline(server, tmp_path, jobs(4), concurrency=1, **NO_DEDUP)
        bodies = list(server.bodies)
        refused = server.rejected_formats
    assert summary.counts == {"kept": 4}
    assert summary.structured_mode == mode
    assert refused == len(rejects)  # found once, then every call uses the fallback
    assert summary.events[f"fallback_to_{mode}"] == 1
    for body in bodies:
        assert body.get("response_format", {}).get("type") == (
            "json_object" if mode == "json_object" else None)
    generation = [b for b in bodies if "Area:" in json.dumps(b["messages"])]
    assert all(("JSON Schema" in b["messages"][-1]["content"]) == schema_in_prompt
               for b in generation)
    assert json.loads((tmp_path / "run.json").read_text())["structured_mode"] == mode


def test_malformed_json_is_repaired_or_retried_quoting_the_error(tmp_path) -> None:
    model = SynthModel()
    seen: list[list[dict]] = []

    def item(call_id, messages):
        seen.append(messages)
        value = good_item(call_id, messages)
        index = int(call_id.split(":")[0].rsplit("/", 1)[1])
        if index == 0:  # fixable here: a code fence and a trailing comma
            return "```json\n" + json.dumps(value)[:-1] + ",}\n```"
        if index == 1 and repairs_in(messages) == 0:  # broken beyond repair, once
            return '{"document": "unterminated, "relation": }'
        if index == 2 and repairs_in(messages) < 2:  # schema-invalid twice
            value["sub_questions"] = value["sub_questions"][:1]
            return json.dumps(value)
        if index == 3:  # never valid: gives up after the repairs
            return json.dumps({**value, "relation": "nonsense"})
        return json.dumps(value)

    model.item = item
    with SynthServer(model) as server:
        summary = run_pipeline(server, tmp_path, jobs(5), **NO_DEDUP)
    assert summary.counts == {"kept": 4, "rejected": 1}
    assert summary.rejected == {"schema": 1}
    assert summary.events == {"json_repaired_locally": 1, "retry_after_malformed_json": 1,
                              "retry_after_schema": 2 + 2}
    found = records(tmp_path)
    assert found[item_id(3)]["reason"] == "schema"
    assert found[item_id(3)]["detail"].startswith('$.relation: must be one of "bridging"')
    assert found[item_id(3)]["cost"]["calls"] == 3  # the first reply and two repairs
    assert found[item_id(2)]["cost"]["calls"] == 2 + 1 + 4
    # the repair turn quotes the validation error back to the model
    turns = [m for m in seen if repairs_in(m) and "step" in json.dumps(m)]
    quoted = [m[-1]["content"] for m in turns]
    assert any("$.sub_questions: needs at least 2 entries, got 1" in q for q in quoted)
    assert any("not valid JSON" in q for q in quoted)


def test_a_long_short_answer_is_sent_back(tmp_path) -> None:
    model = SynthModel()

    def item(call_id, messages):
        value = good_item(call_id, messages)
        if repairs_in(messages) == 0:
            value["short_answer"] = "word " * 30
        return json.dumps(value)

    model.item = item
    with SynthServer(model) as server:
        summary = run_pipeline(server, tmp_path, jobs(1), **NO_DEDUP)
    assert summary.counts == {"kept": 1}
    assert summary.events == {"retry_after_schema": 1}


def test_rejection_reasons_are_counted_exactly(tmp_path) -> None:
    model = SynthModel()
    fates = {0: "refusal", 1: "low_quality", 2: "too_easy", 3: "inconsistent", 4: "review",
             5: "kept", 6: "empty"}

    def index_of(item: str) -> int:
        return int(item.rsplit("/", 1)[1])

    def item(call_id, messages):
        fate = fates[index_of(call_id.split(":")[0])]
        if fate == "refusal":
            return "I'm sorry, but I can't help with that request."
        if fate == "empty":
            return " "
        return json.dumps(good_item(call_id, messages))

    model.item = item
    model.score = lambda item: {"low_quality": score(quality=2), "too_easy": score(difficulty=1),
                                "review": score(quality=3)}.get(fates[index_of(item)], score())
    model.answer = lambda item, k: ("something else" if fates[index_of(item)] == "inconsistent"
                                    and k < 2 else short_answer(item))
    with SynthServer(model) as server:
        summary = run_pipeline(server, tmp_path, jobs(7), **NO_DEDUP)
        calls = {stage: server.calls(stage) for stage in ("generate", "score", "answer")}
    assert summary.counts == {"rejected": 5, "review": 1, "kept": 1}
    assert summary.rejected == {"refusal": 2, "low_quality": 1, "too_easy": 1, "inconsistent": 1}
    found = records(tmp_path)
    assert found[item_id(3)]["detail"] == f"1 of 3 answers agree with {short_answer(item_id(3))!r}"
    assert found[item_id(4)]["status"] == "review"
    assert found[item_id(6)]["detail"] == "empty reply"
    # refusals stop at once; discarded items are not asked for answers
    assert calls == {"generate": 7, "score": 5, "answer": 3 * 3}
    assert [s.id for s in read_dataset(tmp_path)] == [item_id(5)]
    review = [json.loads(line) for line in (tmp_path / "review.jsonl").read_text().splitlines()]
    assert [r["id"] for r in review] == [item_id(4)]
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["counts"]["rejected"] == {"inconsistent": 1, "low_quality": 1, "refusal": 2,
                                         "too_easy": 1}


def test_rate_limits_and_server_errors_are_retried(tmp_path) -> None:
    plan = {f"{item_id(0)}:generate0": ["429", "429", "correct"],
            f"{item_id(1)}:score": ["500", "correct"],
            f"{item_id(2)}:answer1": ["malformed", "correct"]}
    with SynthServer(plan=plan) as server:
        summary = run_pipeline(server, tmp_path, jobs(3), **NO_DEDUP)
    assert summary.counts == {"kept": 3}
    assert summary.usage["retries"] == 4


def test_timeouts_fail_the_item_and_a_rerun_pays_only_for_what_is_missing(tmp_path) -> None:
    slow = {f"{item_id(1)}:score": ["slow"], f"{item_id(2)}:answer0": ["slow"]}
    with SynthServer(plan=slow, slow_delay=8.0) as server:
        first = run_pipeline(server, tmp_path, jobs(4), client={"timeout": 1.5,
                                                                "max_retries": 0}, **NO_DEDUP)
    assert first.counts == {"kept": 2, "error": 2}
    found = records(tmp_path)
    assert found[item_id(1)]["status"] == "error" and found[item_id(1)]["stage"] == "score"
    assert found[item_id(2)]["stage"] == "consistency"
    assert "timed out" in found[item_id(1)]["detail"]
    assert not (tmp_path / "data.jsonl").read_text().count(item_id(1))
    with SynthServer() as server:
        second = run_pipeline(server, tmp_path, jobs(4), **NO_DEDUP)
        paid = dict(server.attempts)
    assert second.counts == {"kept": 4}
    assert second.processed == 2 and second.resumed == 2
    # item 1: its generation comes from the cache; scoring and its answers are paid once
    # item 2: generation, scoring and answers 1 and 2 from the cache; answer 0 is paid
    assert paid == {f"{item_id(1)}:score": 1, f"{item_id(1)}:answer0": 1,
                    f"{item_id(1)}:answer1": 1, f"{item_id(1)}:answer2": 1,
                    f"{item_id(2)}:answer0": 1}
    assert second.usage["cached"] == 1 + 4
    with SynthServer() as server:
        third = run_pipeline(server, tmp_path, jobs(4), **NO_DEDUP)
        assert server.requests == 0
    assert third.processed == 0 and third.counts == {"kept": 4}
    run = json.loads((tmp_path / "run.json").read_text())
    assert len(run["sessions"]) == 3
    assert run["usage"]["requests"] == first.usage["requests"] + 5
    assert [s.id for s in read_dataset(tmp_path)] == [item_id(i) for i in range(4)]


def test_more_items_later_extends_the_run(tmp_path) -> None:
    with SynthServer() as server:
        run_pipeline(server, tmp_path, jobs(2), **NO_DEDUP)
    with SynthServer() as server:
        summary = run_pipeline(server, tmp_path, jobs(3), **NO_DEDUP)
        assert set(server.attempts) == {f"{item_id(2)}:{s}" for s in
                                        ("generate0", "score", "answer0", "answer1", "answer2")}
    assert summary.counts == {"kept": 3} and summary.resumed == 2


def test_other_settings_refuse_to_resume(tmp_path) -> None:
    with SynthServer() as server:
        run_pipeline(server, tmp_path, jobs(1), **NO_DEDUP)
        with pytest.raises(VisreasonError, match=r"other settings .*consistency"):
            run_pipeline(server, tmp_path, jobs(1), consistency=5, **NO_DEDUP)


def test_a_resumed_run_keeps_the_structured_mode_it_found(tmp_path) -> None:
    with SynthServer(reject_formats=("json_schema",)) as server:
        run_pipeline(server, tmp_path, jobs(1), **NO_DEDUP)
    with SynthServer(reject_formats=("json_schema",)) as server:
        summary = run_pipeline(server, tmp_path, jobs(2), **NO_DEDUP)
        assert server.rejected_formats == 0
    assert summary.structured_mode == "json_object"


def test_chinese_items_ask_for_chinese(tmp_path) -> None:
    with SynthServer() as server:
        summary = run_pipeline(server, tmp_path, text_jobs(["economic_principles"], 1, "zh"),
                               language="zh", **NO_DEDUP)
        prompt = server.bodies[0]["messages"][1]["content"]
    assert summary.counts == {"kept": 1}
    assert "经济原理" in prompt and "Simplified Chinese" in prompt


@pytest.mark.synth
def test_near_duplicates_are_regenerated_then_rejected(tmp_path) -> None:
    model = SynthModel()

    def item(call_id, messages):
        value = good_item(call_id, messages)
        item, stage = call_id.rsplit(":", 1)
        index = int(item.rsplit("/", 1)[1])
        if index == 2 or (index == 1 and stage == "generate0"):
            value["document"] = good_item(f"{item_id(0)}:generate0", messages)["document"]
        return json.dumps(value)

    model.item = item
    with SynthServer(model) as server:
        summary = run_pipeline(server, tmp_path, jobs(3), concurrency=1, regenerate=2)
        bodies = list(server.bodies)
    assert summary.counts == {"kept": 2, "rejected": 1}
    assert summary.rejected == {"duplicate": 1}
    assert summary.events["near_duplicates"] == 1 + 3
    found = records(tmp_path)
    assert found[item_id(1)]["attempts"] == 2 and found[item_id(1)]["status"] == "kept"
    assert found[item_id(2)]["attempts"] == 3
    assert found[item_id(2)]["duplicate_of"]["similarity"] == 1.0
    retry = [b for b in bodies if "too close to another" in json.dumps(b["messages"])]
    assert len(retry) == 1 + 2
    assert len({b["seed"] for b in bodies if "Area:" in json.dumps(b["messages"])}) == 6
    # a resumed run remembers what it kept: item 0's twin is rejected again without a call
    with SynthServer(model) as server:
        again = run_pipeline(server, tmp_path, jobs(3), concurrency=1, regenerate=2)
        assert server.requests == 0
    assert again.counts == {"kept": 2, "rejected": 1}
