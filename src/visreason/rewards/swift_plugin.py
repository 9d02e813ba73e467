"""ms-swift ORM classes: `swift rlhf --rlhf_type grpo --external_plugins
visreason/rewards/plugins/swift_reward.py --reward_funcs visreason_accuracy visreason_format`.

ms-swift instantiates each registered ORM class (with `args=` the training arguments) and
calls it with the completions and every dataset column as keyword lists. `visreason export
--to swift` writes the verifier columns (and GameQA's `solution`). Importable without
ms-swift, so it can be tested and reused; it registers itself only where ms-swift is
installed. Absolute imports only: ms-swift loads plug-in files by path.
"""

from __future__ import annotations

from typing import Any

from visreason.rewards.trl import accuracy, format_reward, partial_accuracy

try:  # ms-swift 4.x
    from swift.rewards import ORM, orms
except ImportError:
    try:  # ms-swift 3.x
        from swift.plugin import ORM, orms
    except ImportError:
        ORM, orms = object, None


class _VisreasonORM(ORM):  # type: ignore[misc, valid-type]
    function = staticmethod(accuracy)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if ORM is object:
            return
        try:
            super().__init__(*args, **kwargs)
        except TypeError:
            super().__init__()

    def __call__(self, completions: list[Any], **columns: Any) -> list[float]:
        columns.pop("prompts", None)
        columns.pop("completion_ids", None)
        return self.function(completions=completions, **columns)


class VisreasonAccuracy(_VisreasonORM):
    """1.0 for a right final answer, by visreason's verifier."""

    function = staticmethod(accuracy)


class VisreasonPartialAccuracy(_VisreasonORM):
    """Accuracy with the partial credit a task defines."""

    function = staticmethod(partial_accuracy)


class VisreasonFormat(_VisreasonORM):
    """1.0 when the completion keeps to the prompt's answer format."""

    function = staticmethod(format_reward)


ORMS = {
    "visreason_accuracy": VisreasonAccuracy,
    "visreason_partial_accuracy": VisreasonPartialAccuracy,
    "visreason_format": VisreasonFormat,
}


def register() -> None:
    """Add the ORM classes to ms-swift's registry (nothing to do without ms-swift)."""
    if orms is not None:
        orms.update(ORMS)


register()
