"""verl custom reward: `custom_reward_function.path=visreason/rewards/plugins/verl_reward.py`,
`custom_reward_function.name=compute_score`.

verl calls `compute_score(data_source=, solution_str=, ground_truth=, extra_info=)` per
response, plus any `custom_reward_function.reward_kwargs`; it adds `num_turns` and
`rollout_reward_scores` to `extra_info`. `visreason export --to verl` puts the answer in
`reward_model.ground_truth` and the verifier columns in `extra_info`. Absolute imports only:
verl loads the file by path.
"""

from __future__ import annotations

from typing import Any

from visreason.rewards.formats import DEFAULT_FORMAT, check_format_name
from visreason.rewards.rows import sample_from_row
from visreason.rewards.scoring import accuracy_score, format_score


def compute_score(data_source: str | None, solution_str: str, ground_truth: Any,
                  extra_info: dict[str, Any] | None = None, format_weight: float = 0.0,
                  answer_format: str | None = None, partial: bool = False,
                  details: bool = False, **_: Any) -> float | dict[str, float]:
    """The accuracy of `solution_str`, plus `format_weight` x the format score.

    `details=True` (a reward kwarg) returns {"score", "acc", "format"} so verl logs the
    parts. Rows from elsewhere, with no `extra_info`, are scored against `ground_truth`
    with an inferred answer type.
    """
    row = dict(extra_info or {})
    row["answer"] = ground_truth if ground_truth is not None else row.get("answer")
    sample = sample_from_row(row)
    acc = accuracy_score(sample, solution_str, partial)
    name = check_format_name(answer_format or row.get("answer_format") or DEFAULT_FORMAT)
    fmt = format_score(solution_str, name)
    score = acc + format_weight * fmt
    if details:
        return {"score": score, "acc": acc, "format": fmt}
    return score
