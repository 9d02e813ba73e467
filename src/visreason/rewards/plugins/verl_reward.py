"""verl reward file: `custom_reward_function.path=<this file>`, `custom_reward_function.name=
compute_score` (optional `+custom_reward_function.reward_kwargs.format_weight=0.1`).

verl calls `compute_score(data_source=, solution_str=, ground_truth=, extra_info=)` once per
response; `visreason export --to verl` writes the columns it reads. See
`visreason.rewards.verl.compute_score`.
"""

from visreason.rewards.verl import compute_score

__all__ = ["compute_score"]
