"""Rewards for thinking with images: accuracy + format + the right use of the tool.

score = accuracy + format_weight x format + tool_weight x tool - penalties, where
- accuracy is visreason's verifier on the final answer (1 or 0);
- format is 1 when every turn thinks first and then makes one well-formed tool call, and
  the last turn gives the answer in <answer></answer>;
- tool is 1 when a call undid the corruption (the inverse re-orientation or a contrast
  repair, claimed by the code and confirmed on the produced picture), the best crop IoU
  against the recorded answer box for crop tasks, and 1 for making no call on a control
  item that needs none; by default it counts only when the answer is right, so calling
  tools is never rewarded for itself;
- penalties: `failed_penalty` per failing call, `needless_penalty` per needless call
  (control items, repeats, calls after the picture was already repaired), capped.

Exposed like the other rewards: TRL reward functions (they read the call records from the
environments TRL passes), verl's `compute_score` (records arrive in extra_info through the
tool), and `score_tool_item` for the HTTP server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.sample import Sample
from ..rewards.rows import rows_from_columns, sample_from_row
from ..rewards.scoring import accuracy_score
from .session import CallRecord, tool_spec
from .turns import parse_turn

_RESPONSE_RE = re.compile(r"<tool_response>.*?(?:</tool_response>|$)", re.S)
_ROLES = ("user", "assistant")


@dataclass(frozen=True)
class ToolRewardWeights:
    format: float = 0.1
    tool: float = 0.5
    failed_penalty: float = 0.1
    needless_penalty: float = 0.05
    max_penalty: float = 0.3
    tool_needs_answer: bool = True


DEFAULT_WEIGHTS = ToolRewardWeights()


def _record(call: CallRecord | dict[str, Any]) -> dict[str, Any]:
    if isinstance(call, CallRecord):
        return call.as_dict()
    return dict(call) if isinstance(call, dict) else {}


def _iou(record: dict[str, Any]) -> float | None:
    """A record's crop IoU as a number in [0, 1], or None (absent or not a number)."""
    value = record.get("iou")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return min(1.0, max(0.0, float(value))) if value == value else None


def trajectory_format(turns: Sequence[str]) -> float:
    """1.0 when every turn but the last is a well-formed call and the last a well-formed
    answer (each thinking first), else 0.0."""
    if not turns:
        return 0.0
    parsed = [parse_turn(t) for t in turns]
    *middle, last = parsed
    ok = all(t.kind == "call" and t.well_formed for t in middle)
    return 1.0 if ok and last.kind == "answer" and last.well_formed else 0.0


def tool_term(spec: dict[str, Any] | None, calls: Iterable[CallRecord | dict[str, Any]]) -> float:
    """The tool part of the reward, in [0, 1] (see the module docstring)."""
    records = [_record(c) for c in calls]
    if spec is None:
        return 0.0
    transform = spec.get("transform")
    if transform == "none":
        return 1.0 if not records else 0.0
    if transform == "crop":
        return max((v for r in records if (v := _iou(r)) is not None), default=0.0)
    return 1.0 if any(r.get("restored") for r in records) else 0.0


def penalty(calls: Iterable[CallRecord | dict[str, Any]],
            weights: ToolRewardWeights = DEFAULT_WEIGHTS) -> float:
    records = [_record(c) for c in calls]
    failed = sum(1 for r in records if not r.get("ok"))
    needless = sum(1 for r in records if r.get("needless"))
    return min(weights.max_penalty,
               weights.failed_penalty * failed + weights.needless_penalty * needless)


def score_trajectory(sample: Sample, turns: Sequence[str],
                     calls: Iterable[CallRecord | dict[str, Any]],
                     weights: ToolRewardWeights = DEFAULT_WEIGHTS) -> dict[str, float]:
    """Every part of the reward of one trajectory, and the total under `weights`."""
    records = [_record(c) for c in calls]
    final = turns[-1] if turns else ""
    accuracy = accuracy_score(sample, final)
    fmt = trajectory_format(turns)
    tool = tool_term(tool_spec(sample.meta), records)
    if weights.tool_needs_answer and accuracy <= 0:
        tool = 0.0
    cost = penalty(records, weights)
    return {"score": accuracy + weights.format * fmt + weights.tool * tool - cost,
            "accuracy": accuracy, "format": fmt, "tool": tool, "penalty": cost,
            "calls": float(len(records)),
            "failed": float(sum(1 for r in records if not r.get("ok"))),
            "needless": float(sum(1 for r in records if r.get("needless")))}


# -- completions in trainer shapes ------------------------------------------------------------
def message_turns(completion: Any) -> list[str]:
    """Assistant turns of a chat completion as text, tool calls written back as tags.

    TRL parses a turn into content, reasoning_content and tool_calls; writing them back in
    the prompt format lets one parser judge every trainer's output.
    """
    if isinstance(completion, str):
        return text_turns(completion)
    turns = []
    for message in completion if isinstance(completion, (list, tuple)) else [completion]:
        if not isinstance(message, dict) or message.get("role", "assistant") != "assistant":
            continue
        content = message.get("content")
        if isinstance(content, list):
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        text = str(content or "")
        reasoning = message.get("reasoning_content")
        if reasoning and "<think>" not in text:
            text = f"<think>{reasoning}</think>\n{text}"
        for call in message.get("tool_calls") or []:
            function = call.get("function", call) if isinstance(call, dict) else {}
            body = {"name": function.get("name"), "arguments": function.get("arguments")}
            text += f"\n<tool_call>{json.dumps(body, ensure_ascii=False)}</tool_call>"
        turns.append(text.strip())
    return turns


def text_turns(text: str) -> list[str]:
    """Assistant turns of one decoded multi-turn response (verl): the text between tool
    responses, with role words the decoding left behind removed."""
    turns = []
    for part in _RESPONSE_RE.split(text or ""):
        lines = part.strip().split("\n")
        while lines and lines[0].strip().lower() in _ROLES:
            lines.pop(0)
        while lines and lines[-1].strip().lower() in _ROLES:
            lines.pop()
        turns.append("\n".join(lines).strip())
    return [t for t in turns if t] or [""]


# -- TRL ----------------------------------------------------------------------------------------
def _sessions(count: int, columns: dict[str, Any]) -> list[Any]:
    environments = columns.get("environments")
    if environments is None:
        return [None] * count
    return [getattr(e, "session", None) for e in environments]


def _trl_parts(completions: Sequence[Any], columns: dict[str, Any],
               weights: ToolRewardWeights) -> list[dict[str, float]]:
    rows = rows_from_columns(len(completions), columns)
    sessions = _sessions(len(completions), columns)
    out = []
    for row, completion, session in zip(rows, completions, sessions, strict=True):
        sample = sample_from_row(row)
        calls = session.calls if session is not None else []
        out.append(score_trajectory(sample, message_turns(completion), calls, weights))
    return out


def make_trl_reward(part: str = "score", weights: ToolRewardWeights = DEFAULT_WEIGHTS):
    """A TRL reward function returning one part ("score", "accuracy", "format", "tool")."""
    def reward(prompts: Sequence[Any] | None = None, completions: Sequence[Any] | None = None,
               completion_ids: Sequence[Any] | None = None, **columns: Any) -> list[float]:
        return [p[part] for p in _trl_parts(completions or [], columns, weights)]

    reward.__name__ = reward.__qualname__ = f"tool_{part}"
    return reward


tool_reward = make_trl_reward("score")
tool_accuracy = make_trl_reward("accuracy")
tool_format = make_trl_reward("format")
tool_use = make_trl_reward("tool")


# -- verl -----------------------------------------------------------------------------------
CALLS_FIELD = "visreason_calls"


def compute_score(data_source: str | None, solution_str: str, ground_truth: Any,
                  extra_info: dict[str, Any] | None = None, details: bool = False,
                  format_weight: float = DEFAULT_WEIGHTS.format,
                  tool_weight: float = DEFAULT_WEIGHTS.tool, **_: Any) -> float | dict:
    """verl's custom reward for tool tasks: the call records come from `CodeImageTool`
    through agent_data.extra_fields, which verl merges into extra_info."""
    row = dict(extra_info or {})
    row["answer"] = ground_truth if ground_truth is not None else row.get("answer")
    sample = sample_from_row(row)
    calls = row.get(CALLS_FIELD) or []
    if not isinstance(calls, list):
        calls = list(calls)
    weights = ToolRewardWeights(format=format_weight, tool=tool_weight)
    parts = score_trajectory(sample, text_turns(solution_str), calls, weights)
    return parts if details else parts["score"]


# -- the HTTP server -------------------------------------------------------------------------
def score_tool_item(item: Any, weights: ToolRewardWeights = DEFAULT_WEIGHTS) -> dict[str, float]:
    """Score {"sample": {...verifier columns, meta with tool...}, "completion": text or
    messages, "calls": [call records]}; raises ValueError naming what is wrong."""
    if not isinstance(item, dict):
        raise ValueError("an item must be an object with sample, completion and calls")
    record = item.get("sample")
    if not isinstance(record, dict):
        raise ValueError("'sample' must be an object holding answer, answer_type, meta...")
    calls = item.get("calls", [])
    if not isinstance(calls, list) or not all(isinstance(c, dict) for c in calls):
        raise ValueError("'calls' must be a list of call records")
    sample = sample_from_row(record)
    return score_trajectory(sample, message_turns(item.get("completion", "")), calls, weights)
