"""Thinking with images through code: a sandbox that runs model-written Python on pictures,
tool tasks whose pictures need repairing, the multi-turn agent loop, tool rewards and the
adapters for TRL and verl.

    from visreason.tools import SandboxPool, tool_sample, ToolSession
    pool = SandboxPool(2)
    result = pool.run("result = image.rotate(90, expand=True)", picture)

Names are imported on first use, so `import visreason.tools` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_NAMES = {
    "SandboxPool": "sandbox", "SandboxLimits": "sandbox", "SandboxError": "sandbox",
    "ToolResult": "sandbox", "shared_pool": "sandbox",
    "ToolSession": "session", "CallRecord": "session", "TOOL_NAME": "session",
    "tool_sample": "tasks", "read_user_records": "tasks", "TRANSFORMS": "tasks",
    "ToolTaskConfig": "generate", "write_tool_tasks": "generate",
    "AgentSettings": "agent", "run_agent": "agent",
    "score_trajectory": "rewards", "ToolRewardWeights": "rewards",
    "tool_reward": "rewards", "compute_score": "rewards",
    "CodeImageEnv": "trl", "tool_dataset": "trl", "CodeImageTool": "verl_tool",
    "export_trajectories": "export", "export_tool_tasks": "rl_export",
    "tool_stats": "report", "write_agent_report": "report",
    "SYSTEM_PROMPT": "turns", "TOOL_SCHEMA": "turns", "parse_turn": "turns",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
