"""verl reward file for tool tasks: `reward.custom_reward_function.path=<this file>`,
`reward.custom_reward_function.name=compute_score`.

Scores accuracy + format + tool use from the response and the call records that
`visreason.tools.verl_tool.CodeImageTool` leaves in extra_info (see
`visreason.tools.rewards.compute_score`). Absolute imports only: verl loads the file by path.
"""

from visreason.tools.rewards import compute_score

__all__ = ["compute_score"]
