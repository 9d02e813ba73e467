"""Tool rewards: accuracy + format + tool terms - penalties, in every trainer's shape."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

import visreason
from visreason.rewards.rows import row_to_columns
from visreason.tools import rewards as tr
from visreason.tools.session import CallRecord
from visreason.tools.tasks import tool_sample
from visreason.tools.turns import parse_turn


@pytest.fixture(scope="module")
def sample() -> visreason.Sample:
    task = next(t for t in visreason.tasks("tictactoe") if t.answer_type == "choice")
    return tool_sample(visreason.generate(task.id, "medium", 0, 0), 0, transform="rotate90")


def call_text(code: str = "result = image.rotate(-90, expand=True)") -> str:
    body = {"name": "code_image_tool", "arguments": {"code": code, "image_index": 0}}
    return f"<think>It is turned.</think>\n<tool_call>{json.dumps(body)}</tool_call>"


def answer_text(answer: str) -> str:
    return f"<think>Upright now.</think>\n<answer>{answer}</answer>"


def record(**fields) -> CallRecord:
    base = {"code": "result = image", "image_index": 0, "ok": True, "status": "ok"}
    return CallRecord(**{**base, **fields})


def tool_spec_of(sample) -> dict:
    return sample.meta["tool"]


def wrong(sample) -> str:
    return next(chr(65 + i) for i in range(len(sample.options)) if chr(65 + i) != sample.answer)


def test_a_repaired_picture_and_a_right_answer_earn_everything(sample) -> None:
    parts = tr.score_trajectory(sample, [call_text(), answer_text(sample.answer)],
                                [record(restored=True)])
    assert parts == {"score": pytest.approx(1.6), "accuracy": 1.0, "format": 1.0, "tool": 1.0,
                     "penalty": 0.0, "calls": 1.0, "failed": 0.0, "needless": 0.0}


def test_each_term_on_its_own(sample) -> None:
    turns = [call_text(), answer_text(sample.answer)]
    unrepaired = tr.score_trajectory(sample, turns, [record()])
    assert unrepaired["tool"] == 0.0 and unrepaired["score"] == pytest.approx(1.1)
    wrong_answer = tr.score_trajectory(sample, [call_text(), answer_text(wrong(sample))],
                                       [record(restored=True)])
    assert wrong_answer["tool"] == 0.0 and wrong_answer["score"] == pytest.approx(0.1)
    ungated = tr.score_trajectory(sample, [call_text(), answer_text(wrong(sample))],
                                  [record(restored=True)],
                                  tr.ToolRewardWeights(tool_needs_answer=False))
    assert ungated["tool"] == 1.0
    sloppy = tr.score_trajectory(sample, [f"<answer>{sample.answer}</answer>"], [])
    assert sloppy["format"] == 0.0 and sloppy["score"] == 1.0
    failed = tr.score_trajectory(sample, turns, [record(ok=False, status="error"),
                                                 record(restored=True)])
    assert failed["penalty"] == pytest.approx(0.1) and failed["score"] == pytest.approx(1.5)
    many = [record(ok=False, status="error")] * 10
    assert tr.score_trajectory(sample, turns, many)["penalty"] == pytest.approx(0.3)  # capped


def test_crop_and_control_items(sample) -> None:
    crop = visreason.Sample.from_dict({**sample.to_dict(), "meta": {"tool": {
        "transform": "crop", "box": [0, 0, 10, 10]}}})
    turns = [call_text(), answer_text(sample.answer)]
    assert tr.score_trajectory(crop, turns, [record(iou=0.4), record(iou=0.7)])["tool"] == 0.7
    control = visreason.Sample.from_dict({**sample.to_dict(), "meta": {"tool": {
        "transform": "none"}}})
    direct = tr.score_trajectory(control, [answer_text(sample.answer)], [])
    assert direct["tool"] == 1.0 and direct["score"] == pytest.approx(1.6)
    needless = tr.score_trajectory(control, turns, [record(needless=True)])
    assert needless["tool"] == 0.0 and needless["penalty"] == pytest.approx(0.05)
    plain = visreason.Sample.from_dict({**sample.to_dict(), "meta": {}})
    assert tr.score_trajectory(plain, turns, [])["tool"] == 0.0


@pytest.mark.parametrize(("turns", "expected"), [
    ([answer_text("A")], 1.0),
    ([call_text(), call_text(), answer_text("A")], 1.0),
    ([call_text()], 0.0),  # never answered
    ([answer_text("A"), answer_text("A")], 0.0),
    (["<tool_call>{}</tool_call>", answer_text("A")], 0.0),
    (["<think>x</think> extra <answer>A</answer>"], 0.0),
    (["<think></think><answer>A</answer>"], 0.0),  # empty thought
    ([], 0.0),
])
def test_trajectory_format(turns, expected) -> None:
    assert tr.trajectory_format(turns) == expected


def test_hostile_turns_cost_linear_time_and_a_zero(sample) -> None:
    flood = "<tool_call>" * 100_000 + "<answer>" * 100_000
    assert parse_turn(flood).kind in ("call", "answer", "none")
    parts = tr.score_trajectory(sample, [flood, "\x00" * 10_000], [])
    assert parts["score"] == 0.0
    assert tr.text_turns("<tool_response>" * 50_000)
    crop = visreason.Sample.from_dict({**sample.to_dict(), "meta": {"tool": {
        "transform": "crop", "box": [0, 0, 10, 10]}}})
    odd = [{"iou": "x", "ok": True}, {"iou": float("nan")}, {"iou": 7}, "not a record"]
    assert tr.tool_term(tool_spec_of(crop), odd) == 1.0  # 7 is clipped; the rest ignored
    with pytest.raises(ValueError, match="calls"):
        tr.score_tool_item({"sample": row_to_columns(sample), "calls": "nope"})
    with pytest.raises(ValueError, match="sample"):
        tr.score_tool_item({"completion": "x"})


def test_trl_rewards_read_the_environments(sample) -> None:
    columns = {k: [v, v] for k, v in row_to_columns(sample).items()}
    good = SimpleNamespace(session=SimpleNamespace(calls=[record(restored=True)]))
    idle = SimpleNamespace(session=SimpleNamespace(calls=[]))
    completions = [
        [{"role": "assistant", "content": "", "reasoning_content": "It is turned.",
          "tool_calls": [{"type": "function", "function": {
              "name": "code_image_tool", "arguments": {"code": "result = image.rotate(-90)"}}}]},
         {"role": "tool", "name": "code_image_tool", "content": [{"type": "text", "text": "ok"}]},
         {"role": "assistant", "content": f"<think>Upright.</think><answer>{sample.answer}"
                                          "</answer>"}],
        [{"role": "assistant", "content": f"<think>Hm.</think><answer>{wrong(sample)}</answer>"}],
    ]
    kwargs = {"prompts": [[], []], "completions": completions, "completion_ids": [[], []],
              "environments": [good, idle], **columns}
    assert tr.tool_reward(**kwargs) == [pytest.approx(1.6), pytest.approx(0.1)]
    assert tr.tool_accuracy(**kwargs) == [1.0, 0.0]
    assert tr.tool_format(**kwargs) == [1.0, 1.0]
    assert tr.tool_use(**kwargs) == [1.0, 0.0]
    assert tr.tool_reward.__name__ == "tool_score"


def test_verl_compute_score_reads_the_records_the_tool_left(sample) -> None:
    extra = {**row_to_columns(sample), tr.CALLS_FIELD: [record(restored=True).as_dict()],
             "num_turns": 4, "tool_rewards": [1.0]}
    response = (call_text() + "\nuser\n<tool_response>\nImage 1 (340x340).\n</tool_response>"
                "\nassistant\n" + answer_text(sample.answer))
    parts = tr.compute_score("visreason/tictactoe", response, sample.answer, extra,
                             details=True)
    assert parts["accuracy"] == 1.0 and parts["format"] == 1.0 and parts["tool"] == 1.0
    assert tr.compute_score("visreason/tictactoe", response, sample.answer, extra) == \
        pytest.approx(1.6)
    bare = tr.compute_score("visreason/tictactoe", answer_text(sample.answer), sample.answer,
                            row_to_columns(sample))
    assert bare == pytest.approx(1.1)


@pytest.mark.serve
def test_the_server_scores_trajectories(sample) -> None:
    import httpx

    from visreason.tools.server import serve_in_background

    item = {"sample": row_to_columns(sample), "calls": [record(restored=True).as_dict()],
            "completion": [{"role": "assistant", "content": call_text()},
                           {"role": "assistant", "content": answer_text(sample.answer)}]}
    with serve_in_background() as url:
        done = httpx.post(f"{url}/score_tools", json={"items": [item, {"sample": 3}]},
                          timeout=30).json()
        health = httpx.get(f"{url}/health", timeout=30).json()
        bad = httpx.post(f"{url}/score_tools", json={"items": "x"}, timeout=30)
    assert done["scores"] == [pytest.approx(1.6), 0.0] and done["tool"] == [1.0, 0.0]
    assert done["errors"][0] is None and "sample" in done["errors"][1]
    assert health["status"] == "ok" and bad.status_code == 422
