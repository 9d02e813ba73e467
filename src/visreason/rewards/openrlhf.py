"""OpenRLHF custom reward: `--reward.remote_url visreason/rewards/plugins/openrlhf_reward.py
--data.label_key label` (older releases: `--remote_rm_url`, `--label_key`).

OpenRLHF loads the file by path and calls `reward_func(queries, prompts, labels)`: `queries`
are the decoded prompt + response, `labels` the dataset's label column. It reads `rewards`
(the RL reward), `scores` (0-1, for dynamic filtering) and `extra_logs` from the returned dict.
`visreason export` writes `label` as a JSON object holding the verifier columns; a bare
answer string works too (its type is inferred). Absolute imports only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from visreason.rewards.rows import sample_from_row
from visreason.rewards.scoring import accuracy_score, format_score
from visreason.rewards.trl import format_of_prompt

_TAILS = (200, 100, 50, 25, 12)  # lengths of prompt ending tried to find the response start


def _label_row(label: Any) -> dict[str, Any]:
    if isinstance(label, dict):
        return label
    text = str(label)
    if text.lstrip().startswith("{"):
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict) and "answer" in parsed:
            return parsed
    return {"answer": text}


def response_text(query: str, prompt: str) -> str:
    """The generated part of a query, which OpenRLHF decodes together with its prompt.

    The decoded prompt can differ from the prompt text (a VLM's image placeholder expands to
    many tokens), so when the query does not start with the prompt, the response starts after
    the first place the prompt's last characters appear (the longest ending found, so an
    expanded placeholder near the end is stepped over).
    """
    if not prompt:
        return query
    if query.startswith(prompt):
        return query[len(prompt):]
    for size in _TAILS:
        tail = prompt[-size:]
        at = query.find(tail)
        if at >= 0:
            return query[at + len(tail):]
    return query


def scores(queries: Sequence[str], prompts: Sequence[str], labels: Sequence[Any]
           ) -> tuple[list[float], list[float]]:
    """Accuracy and format score per query, as plain floats."""
    accs, fmts = [], []
    for query, prompt, label in zip(queries, prompts, labels, strict=True):
        row = _label_row(label)
        response = response_text(str(query), str(prompt))
        accs.append(accuracy_score(sample_from_row(row), response))
        fmts.append(format_score(response, row.get("answer_format") or format_of_prompt(prompt)))
    return accs, fmts


def reward_func(queries: Sequence[str], prompts: Sequence[str], labels: Sequence[Any],
                **_: Any) -> dict[str, Any]:
    """{"rewards", "scores", "extra_logs"}: accuracy per query as float tensors (lists where
    torch is absent), and the batch's accuracy and format means for the logs."""
    accs, fmts = scores(queries, prompts, labels)
    logs = {"visreason/accuracy": sum(accs) / len(accs) if accs else 0.0,
            "visreason/format": sum(fmts) / len(fmts) if fmts else 0.0}
    try:
        import torch
    except ImportError:
        return {"rewards": accs, "scores": list(accs), "extra_logs": logs}
    rewards = torch.tensor(accs, dtype=torch.float32)
    return {"rewards": rewards, "scores": rewards.clone(), "extra_logs": logs}
