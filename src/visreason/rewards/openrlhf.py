"""OpenRLHF custom reward: pass this file as `--remote_rm_url` with `--label_key label`.

OpenRLHF calls `reward_func(queries, prompts, labels)`: `queries` are prompt + response
texts, `labels` the dataset's label column. `visreason export` writes `label` as a JSON
object holding the verifier columns; a bare answer string works too (its type is inferred).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .rows import sample_from_row
from .scoring import accuracy_score, format_score
from .trl import format_of_prompt


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


def _response(query: str, prompt: str) -> str:
    """The generated part of a query: OpenRLHF prepends the prompt text."""
    if prompt and query.startswith(prompt):
        return query[len(prompt):]
    return query


def scores(queries: Sequence[str], prompts: Sequence[str], labels: Sequence[Any]
           ) -> tuple[list[float], list[float]]:
    """Accuracy and format score per query, as plain floats."""
    accs, fmts = [], []
    for query, prompt, label in zip(queries, prompts, labels, strict=True):
        row = _label_row(label)
        response = _response(str(query), str(prompt))
        accs.append(accuracy_score(sample_from_row(row), response))
        fmts.append(format_score(response, row.get("answer_format") or format_of_prompt(prompt)))
    return accs, fmts


def reward_func(queries: Sequence[str], prompts: Sequence[str], labels: Sequence[Any],
                **_: Any) -> Any:
    """Accuracy per query: a float tensor when torch is importable, else a list of floats."""
    accs, _fmts = scores(queries, prompts, labels)
    try:
        import torch
    except ImportError:
        return accs
    return torch.tensor(accs, dtype=torch.float32)


def reward_func_with_logs(queries: Sequence[str], prompts: Sequence[str],
                          labels: Sequence[Any], **_: Any) -> dict[str, Any]:
    """The dict form newer OpenRLHF releases accept: rewards, scores (for dynamic filtering)
    and extra_logs (accuracy and format means)."""
    import torch

    accs, fmts = scores(queries, prompts, labels)
    rewards = torch.tensor(accs, dtype=torch.float32)
    return {
        "rewards": rewards,
        "scores": rewards.clone(),
        "extra_logs": {"visreason/accuracy": rewards.mean() if accs else torch.tensor(0.0),
                       "visreason/format": torch.tensor(fmts, dtype=torch.float32).mean()
                       if fmts else torch.tensor(0.0)},
    }
