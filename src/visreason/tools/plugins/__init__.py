"""Files trainers load by path (absolute imports only), for tool tasks."""

from pathlib import Path

VERL_REWARD = Path(__file__).with_name("verl_tool_reward.py")
