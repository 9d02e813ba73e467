"""Reward functions with TRL's `GRPOTrainer` signature.

TRL calls `f(prompts=..., completions=..., completion_ids=..., **columns)` where `columns`
holds every dataset column (lists, one value per completion) plus `trainer_state` and
logging hooks, and expects one float per completion. Our rows carry the verifier columns
(see `visreason.rewards.rows.VERIFIER_COLUMNS`), so scoring needs nothing but the row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..core.errors import VisreasonError
from .formats import DEFAULT_FORMAT, INSTRUCTIONS, check_format_name
from .rows import rows_from_columns, sample_from_row
from .scoring import accuracy_score, format_score

RewardFunction = Callable[..., list[float]]


def _count(completions: Sequence[Any] | None) -> int:
    if completions is None:
        raise VisreasonError("a reward function needs `completions` (one per prompt)")
    return len(completions)


def _accuracies(completions: Sequence[Any], columns: dict[str, Any], partial: bool) -> list[float]:
    rows = rows_from_columns(_count(completions), columns)
    return [accuracy_score(sample_from_row(row), completion, partial)
            for row, completion in zip(rows, completions, strict=True)]


def accuracy(prompts: Sequence[Any] | None = None, completions: Sequence[Any] | None = None,
             completion_ids: Sequence[Any] | None = None, **columns: Any) -> list[float]:
    """1.0 when the completion's final answer is right (by the task's rule), else 0.0."""
    return _accuracies(completions, columns, partial=False)


def partial_accuracy(prompts: Sequence[Any] | None = None,
                     completions: Sequence[Any] | None = None,
                     completion_ids: Sequence[Any] | None = None, **columns: Any) -> list[float]:
    """Accuracy, with the partial credit a task defines for some wrong answers."""
    return _accuracies(completions, columns, partial=True)


def _prompt_text(prompt: Any) -> str:
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, dict):
        return _prompt_text(prompt.get("content", prompt.get("text", "")))
    if isinstance(prompt, (list, tuple)):
        return "\n".join(_prompt_text(part) for part in prompt)
    return ""


def format_of_prompt(prompt: Any, default: str = DEFAULT_FORMAT) -> str:
    """The answer format a prompt asks for (by our instruction sentences), else `default`."""
    text = _prompt_text(prompt)
    for name, sentence in INSTRUCTIONS.items():
        if sentence in text:
            return name
    return default


def _formats(count: int, prompts: Sequence[Any] | None, columns: dict[str, Any],
             fixed: str | None) -> list[str]:
    if fixed is not None:
        return [fixed] * count
    wanted = columns.get("answer_format")
    if isinstance(wanted, str):
        return [check_format_name(wanted)] * count
    if isinstance(wanted, (list, tuple)) and len(wanted) == count:
        return [check_format_name(w) if w else DEFAULT_FORMAT for w in wanted]
    if prompts is not None and len(prompts) == count:
        return [format_of_prompt(p) for p in prompts]
    return [DEFAULT_FORMAT] * count


def format_reward(prompts: Sequence[Any] | None = None, completions: Sequence[Any] | None = None,
                  completion_ids: Sequence[Any] | None = None, **columns: Any) -> list[float]:
    """1.0 when the completion follows the answer format its prompt asked for, else 0.0.

    The format comes from the `answer_format` column, else from the instruction sentence in
    the prompt, else `think` (<think>..</think><answer>..</answer>).
    """
    count = _count(completions)
    names = _formats(count, prompts, columns, None)
    return [format_score(c, name) for c, name in zip(completions, names, strict=True)]


def make_format_reward(answer_format: str) -> RewardFunction:
    """A format reward that always checks `answer_format` (think, boxed or answer)."""
    name = check_format_name(answer_format)

    def reward(prompts: Sequence[Any] | None = None, completions: Sequence[Any] | None = None,
               completion_ids: Sequence[Any] | None = None, **columns: Any) -> list[float]:
        return [format_score(c, name) for c in completions or ()]

    reward.__name__ = reward.__qualname__ = f"format_{name}"
    return reward
