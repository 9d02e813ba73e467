"""Rule-based rewards for RL trainers: exact, fast and free, since every answer is known.

TRL: `GRPOTrainer(reward_funcs=[visreason.rewards.accuracy, visreason.rewards.format])`.
verl, ms-swift and OpenRLHF load a reward file by path: `visreason reward-file TRAINER`
prints it (see `visreason.rewards.plugins`); anything else: `visreason serve-reward`.
"""

from .formats import DEFAULT_FORMAT, FORMATS, follows_format, instruction, render_answer
from .rows import VERIFIER_COLUMNS, infer_answer_type, row_to_columns, sample_from_row
from .scoring import (
    accuracy_score,
    format_score,
    partial_credit,
    register_partial_credit,
    unregister_partial_credit,
)
from .trl import accuracy, format_of_prompt, format_reward, make_format_reward, partial_accuracy

format = format_reward  # the public name the issue and trainer recipes use

__all__ = [
    "DEFAULT_FORMAT", "FORMATS", "VERIFIER_COLUMNS", "accuracy", "accuracy_score",
    "follows_format", "format", "format_of_prompt", "format_reward", "format_score",
    "infer_answer_type", "instruction", "make_format_reward", "partial_accuracy",
    "partial_credit", "register_partial_credit", "render_answer", "row_to_columns",
    "sample_from_row", "unregister_partial_credit",
]
