"""Find the final answer in a model completion, however it was written.

The final answer is the last answer-marked span (<answer>..</answer>, \\boxed{..}, an
"Answer:" or "the answer is" line) of the completion's final part: the text after the last
</think> when there is one, so nothing written while thinking overrides the stated answer.
Every step is one linear pass, so a hostile completion costs no more than a long one.
Never raises: anything that is not text, or holds no recognisable answer, gives None.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

MAX_CHARS = 200_000  # longer completions are read from their end: answers come last
_TAG_RE = re.compile(r"<(/?)answer>", re.I)
_THINK_END_RE = re.compile(r"</think>", re.I)
_BOXED_RE = re.compile(r"\\(?:boxed|fbox)\s*\{")
# "Answer:", "final answer is", "the answer is": the answer is the rest of that line.
# An empty rest of line means the answer is on the next line.
_ANSWER_MARK_RE = re.compile(
    r"(?:final\s+answer|answer)[ \t*]*(?:is|:|=|：)[ \t*]*(?:[:：])?\s*", re.I)
_LAST_LETTER_RE = re.compile(r"(?:^|[\s(\[*])\(?([A-Z])\)?[\].*]*\s*\.?\s*$")
_TEXT_RE = re.compile(r"\\text\{([^{}]*)\}")
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


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the loop keeps the last match
        pass
    return found


def final_part(text: str) -> str:
    """The text after the last </think> (all of it when there is none)."""
    end = _last_match(_THINK_END_RE, text) if ">" in text else None
    return text if end is None else text[end.end():]


def iter_boxed(
    text: str, pattern: re.Pattern[str] = _BOXED_RE, reverse: bool = False
) -> Iterator[str]:
    """Contents of each \\boxed{...} whose braces balance, first to last (or last to first).

    One pass pairs every brace, so hostile text (thousands of unclosed boxes) costs linear
    time, not quadratic.
    """
    for start, end in reversed(_boxed_spans(text, pattern)) if reverse else \
            _boxed_spans(text, pattern):
        yield text[start:end]


def _boxed_spans(text: str, pattern: re.Pattern[str] = _BOXED_RE) -> list[tuple[int, int]]:
    """(start, end) of the contents of each balanced box, in order of their opening."""
    if "\\" not in text:  # every box starts with a backslash: the common case, cheaply
        return []
    starts = [match.end() - 1 for match in pattern.finditer(text)]  # the box's "{"
    if not starts:
        return []
    closing: dict[int, int] = {}
    open_at: list[int] = []
    for brace in _BRACE_RE.finditer(text):
        if brace.group() == "{":
            open_at.append(brace.start())
        elif open_at:
            closing[open_at.pop()] = brace.start()
    return [(start + 1, closing[start]) for start in starts if start in closing]


def _last_tag_span(text: str) -> tuple[int, int] | None:
    """The last <answer>..</answer> pair holding no other <answer> (content start, end)."""
    opened, last = None, None
    if ">" not in text:
        return None
    for tag in _TAG_RE.finditer(text):
        if not tag.group(1):
            opened = tag.end()
        elif opened is not None:
            last, opened = (opened, tag.start()), None
    return last


def _last_box_span(text: str) -> tuple[int, int] | None:
    spans = _boxed_spans(text)
    return max(spans, key=lambda span: span[1]) if spans else None


def _last_stated_span(text: str) -> tuple[int, int] | None:
    """The rest of the line after the last "Answer:" / "the answer is" marker."""
    last = _last_match(_ANSWER_MARK_RE, text)
    if last is None:
        return None
    end = text.find("\n", last.end())
    return last.end(), len(text) if end < 0 else end


def _strip_markup(text: str) -> str:
    tag = _last_tag_span(text)
    if tag is not None:
        text = text[tag[0]:tag[1]]
    box = _last_box_span(text)
    if box is not None:
        text = text[box[0]:box[1]]
    text = _TEXT_RE.sub(r"\1", text)
    return text.strip().strip("*$` ").strip()


def extract_answer(completion: Any, answer_type: str = "text") -> str | None:
    """The final answer text: the last answer-marked span after any thinking, else the end."""
    text = completion_text(completion)
    if not text:
        return None
    text = final_part(text)
    if not text.strip():
        return None
    enclosing = [span for span in (_last_tag_span(text), _last_box_span(text))
                 if span is not None]
    stated_span = _last_stated_span(text)
    if stated_span is not None and any(a <= stated_span[0] <= b for a, b in enclosing):
        stated_span = None  # "the answer is X" inside a tag or box: read within it below
    marked: list[tuple[tuple[int, int], bool]] = [(span, False) for span in enclosing]
    if stated_span is not None:
        marked.append((stated_span, True))
    if marked:  # the span that ends last; of nested spans, the outer one
        (start, end), stated = max(marked, key=lambda m: (m[0][1], -m[0][0]))
        found = _strip_markup(text[start:end])
        if not stated and (inner := _last_stated_span(found)) is not None:
            found, stated = found[inner[0]:inner[1]], True  # <answer>The answer is X.</answer>
        return (found.rstrip(".").strip() if stated else found) or None
    stripped = text.strip()
    if len(stripped) <= _SHORT:
        return _strip_markup(stripped) or None
    last_line = stripped[stripped.rfind("\n") + 1:].strip()
    if answer_type in ("choice", "multi_choice"):
        match = _LAST_LETTER_RE.search(unicodedata.normalize("NFKC", last_line[-200:]))
        return match.group(1) if match else None
    return _strip_markup(last_line) if len(last_line) <= 200 else None
