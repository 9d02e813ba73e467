"""Find the final answer in a model completion, however it was written.

Never raises: anything that is not text, or holds no recognisable answer, gives None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

MAX_CHARS = 200_000  # longer completions are read from their end: answers come last
_ANSWER_TAG_RE = re.compile(r"<answer>((?:(?!<answer>).)*?)</answer>", re.S | re.I)
_BOXED_RE = re.compile(r"\\(?:boxed|fbox)\s*\{")
_ANSWER_IS_RE = re.compile(
    r"(?:final\s+answer|answer)\s*(?:is|:|=|：)\s*(?:[:：]\s*)?(.+)", re.I
)
_LAST_LETTER_RE = re.compile(r"(?:^|[\s(\[*])\(?([A-Z])\)?[\].*]*\s*\.?\s*$")
_SHORT = 80
_BRACE_RE = re.compile(r"[{}]")


def completion_text(completion: Any) -> str | None:
    """Plain text of a completion: a string, bytes, or a chat message / list of messages."""
    if isinstance(completion, str):
        text = completion
    elif isinstance(completion, (bytes, bytearray)):
        text = bytes(completion).decode("utf-8", errors="replace")
    elif isinstance(completion, dict):
        return completion_text(completion.get("content"))
    elif isinstance(completion, (list, tuple)):
        parts = []
        for item in completion:
            if isinstance(item, dict) and item.get("role") not in (None, "assistant"):
                continue
            if isinstance(item, dict) and item.get("type") == "text":
                part = completion_text(item.get("text"))
            else:
                part = completion_text(item)
            if part:
                parts.append(part)
        text = "\n".join(parts)
    else:
        return None
    text = text.replace("\x00", "")
    return text[-MAX_CHARS:]


def iter_boxed(
    text: str, pattern: re.Pattern[str] = _BOXED_RE, reverse: bool = False
) -> Iterator[str]:
    """Contents of each \\boxed{...} whose braces balance, first to last (or last to first).

    One pass pairs every brace, so hostile text (thousands of unclosed boxes) costs linear
    time, not quadratic.
    """
    starts = [match.end() - 1 for match in pattern.finditer(text)]  # the box's "{"
    if not starts:
        return
    closing: dict[int, int] = {}
    open_at: list[int] = []
    for brace in _BRACE_RE.finditer(text):
        if brace.group() == "{":
            open_at.append(brace.start())
        elif open_at:
            closing[open_at.pop()] = brace.start()
    for start in reversed(starts) if reverse else starts:
        end = closing.get(start)
        if end is not None:
            yield text[start + 1:end]


def _last_boxed(text: str) -> str | None:
    return next(iter_boxed(text, reverse=True), None)


def _strip_markup(text: str) -> str:
    inner = _last_boxed(text)
    if inner is not None:
        text = inner
    text = re.sub(r"\\text\{([^{}]*)\}", r"\1", text)
    return text.strip().strip("*$` ").strip()


def extract_answer(completion: Any, answer_type: str = "text") -> str | None:
    """The final answer text, from <answer>, \\boxed{}, 'Answer:', 'the answer is', or the end."""
    text = completion_text(completion)
    if not text or not text.strip():
        return None
    tags = _ANSWER_TAG_RE.findall(text)
    if tags:
        found = _strip_markup(tags[-1])
        return found or None
    boxed = _last_boxed(text)
    if boxed is not None:
        return _strip_markup(boxed) or None
    stated = None
    for line in reversed(text.strip().splitlines()[-50:]):
        matches = _ANSWER_IS_RE.findall(line)
        if matches:
            stated = matches[-1]
            break
    if stated is not None:
        return _strip_markup(stated).rstrip(".").strip() or None
    stripped = text.strip()
    if len(stripped) <= _SHORT:
        return _strip_markup(stripped) or None
    last_line = stripped.splitlines()[-1].strip()
    if answer_type in ("choice", "multi_choice"):
        match = _LAST_LETTER_RE.search(last_line[-200:])
        return match.group(1) if match else None
    return _strip_markup(last_line) if len(last_line) <= 200 else None
