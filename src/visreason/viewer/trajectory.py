"""The record shape of a multi-turn (agent) trajectory, as the viewer reads it.

A trajectory is a run record (an object with the sample's `id` and, as in an evaluation run,
`answer`, `extracted`, `score`, `error`) that also holds

    "turns": [
        {"role": "user", "text": "...", "images": ["images/<sample>/0.png"]},
        {"role": "assistant", "text": "<think>...</think><tool_call>{...}</tool_call>"},
        {"role": "tool", "text": "...", "images": ["images/<sample>/1.png"]},
        ...
    ]

`role` is one of system, user, assistant, tool; `text` is what the turn says (`content` is
read too); `images` are paths relative to the run directory, in the order the turn shows
them. Such records live in an evaluation run's `records.jsonl` or an agent run's
`trajectories.jsonl`. Anything else in a turn is ignored, and a malformed turn is shown as
such rather than failing the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("system", "user", "assistant", "tool")


@dataclass
class Turn:
    role: str
    text: str
    images: list[str] = field(default_factory=list)  # paths relative to the run directory


def turns_of(record: dict[str, Any] | None) -> list[Turn]:
    """The turns of a trajectory record; [] when the record has none."""
    raw = (record or {}).get("turns")
    if not isinstance(raw, list):
        return []
    turns = []
    for item in raw:
        if not isinstance(item, dict):
            turns.append(Turn("malformed", repr(item)[:500]))
            continue
        role = str(item.get("role") or "")
        text = item.get("text", item.get("content"))
        images = item.get("images")
        turns.append(Turn(role if role in ROLES else f"{role or 'unknown'}",
                          text if isinstance(text, str) else "" if text is None else repr(text),
                          [i for i in images if isinstance(i, str)]
                          if isinstance(images, list) else []))
    return turns
