"""ms-swift reward plugin: `--external_plugins <this file> --reward_funcs visreason_accuracy
visreason_format` (also `visreason_partial_accuracy`).

Importing it registers the ORM classes in ms-swift's `orms`; `visreason export --to swift`
writes the columns they read. See `visreason.rewards.swift_plugin`.
"""

from visreason.rewards.swift_plugin import (
    ORMS,
    VisreasonAccuracy,
    VisreasonFormat,
    VisreasonPartialAccuracy,
    register,
)

register()

__all__ = ["ORMS", "VisreasonAccuracy", "VisreasonFormat", "VisreasonPartialAccuracy"]
