"""OpenRLHF reward file: `--reward.remote_url <this file> --data.label_key label` (older
releases: `--remote_rm_url`, `--label_key`).

OpenRLHF calls `reward_func(queries, prompts, labels)` and reads `rewards`, `scores` and
`extra_logs` from the dict it returns; `visreason export --to swift` writes the `label`
column. See `visreason.rewards.openrlhf.reward_func`.
"""

from visreason.rewards.openrlhf import reward_func

__all__ = ["reward_func"]
