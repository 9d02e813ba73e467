"""The conversation format of thinking with images: the instructions, and reading a turn.

A model turn is `<think>...</think>` followed by exactly one action: a tool call
`<tool_call>{"name": "code_image_tool", "arguments": {"code": ..., "image_index": ...}}
</tool_call>` or the final `<answer>...</answer>`. The tool's reply comes back as a user turn
`<tool_response>` holding the new picture and any text. Parsing is one linear pass; a
malformed call becomes an error the model reads, never an exception.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .session import TOOL_NAME

SYSTEM_PROMPT = (
    "You answer questions about a picture, and you can run Python code on pictures with the "
    f"tool `{TOOL_NAME}`. To call it, write\n"
    f'<tool_call>{{"name": "{TOOL_NAME}", "arguments": {{"code": "...", "image_index": 0}}}}'
    "</tool_call>\n"
    "In the code, `image` is the picture numbered `image_index` (a PIL image: 0 is the "
    "question's picture, then each picture your calls produce, numbered in order). PIL's "
    "Image, ImageOps, ImageEnhance, ImageFilter and ImageDraw, numpy as np and math are ready "
    "to use; assign the new picture to `result`. The picture may be rotated, mirrored, low in "
    "contrast, or small inside a larger canvas: when it is, fix it with code before you "
    "answer; when it is not, answer directly.\n"
    "In every turn, first think inside <think> </think>, then either make one tool call or "
    "give the final answer inside <answer> </answer>."
)
TOOL_SCHEMA = {
    "type": "function",
    "function": {
        "name": TOOL_NAME,
        "description": "Run Python code on a picture and return the picture it produces. "
                       "`image` is the chosen picture (PIL); put the new picture in `result`.",
        "parameters": {
            "type": "object",
            "properties": {
                "code": {"type": "string",
                         "description": "Python code using `image`; sets `result`."},
                "image_index": {"type": "integer",
                                "description": "Which picture: 0 is the question's picture, "
                                               "then the pictures your calls produced."},
            },
            "required": ["code"],
        },
    },
}
MAX_TURN_CHARS = 200_000


@dataclass
class Turn:
    """One model turn, read: a call, an answer, or neither (with why)."""

    kind: str  # "call", "answer" or "none"
    text: str  # the turn as kept in the conversation (cut after the first call)
    code: Any = None
    image_index: Any = 0
    error: str | None = None  # why a call could not be read
    thought: bool = False
    well_formed: bool = False


def parse_arguments(body: str) -> tuple[Any, Any, str | None]:
    """(code, image_index, error) from a tool call's JSON body."""
    try:
        call = json.loads(body)
    except ValueError as exc:
        return None, 0, f"the tool call is not valid JSON ({exc.msg} at position {exc.pos})"
    if not isinstance(call, dict):
        return None, 0, "the tool call must be a JSON object with name and arguments"
    name = call.get("name")
    if name != TOOL_NAME:
        return None, 0, f"unknown tool {name!r}; the only tool is {TOOL_NAME}"
    arguments = call.get("arguments", {})
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments)
        except ValueError:
            return None, 0, "the tool call's arguments are not valid JSON"
    if not isinstance(arguments, dict):
        return None, 0, "the tool call's arguments must be an object with code and image_index"
    code = arguments.get("code")
    if not isinstance(code, str) or not code.strip():
        return None, 0, "the tool call needs a non-empty `code` string"
    return code, arguments.get("image_index", 0), None


def _span(text: str, opening: str, closing: str, start: int = 0,
          to_end: bool = False) -> tuple[int, int, int] | None:
    """(start of the opening tag, start of the content, end of the closing tag) of the first
    `opening` at or after `start`; with `to_end` an unclosed tag runs to the end. Two finds:
    linear in the text, whatever it holds."""
    begin = text.find(opening, start)
    if begin < 0:
        return None
    inner = begin + len(opening)
    end = text.find(closing, inner)
    if end < 0:
        return (begin, inner, len(text)) if to_end else None
    return begin, inner, end + len(closing)


def parse_turn(text: Any) -> Turn:
    """Read one model turn (see the module docstring). The action is looked for after the
    thinking, so a tool call merely mentioned while thinking is not run."""
    text = text if isinstance(text, str) else ""
    text = text[:MAX_TURN_CHARS]
    think = _span(text, "<think>", "</think>")
    thought = think is not None and bool(text[think[1]: think[2] - len("</think>")].strip())
    opened_with_think = think is not None and not text[: think[0]].strip()
    offset = think[2] if think is not None else 0
    rest = text[offset:]
    call = _span(rest, "<tool_call>", "</tool_call>", to_end=True)
    answer = _span(rest, "<answer>", "</answer>")
    if call is not None and (answer is None or call[0] < answer[0]):
        closed = rest.endswith("</tool_call>", 0, call[2])
        body = rest[call[1]: call[2] - (len("</tool_call>") if closed else 0)]
        kept = text[: offset + call[2]] + ("" if closed else "</tool_call>")
        code, index, error = parse_arguments(body.strip())
        well_formed = (error is None and thought and opened_with_think
                       and not rest[: call[0]].strip())
        return Turn("call", kept, code, index, error, thought, well_formed)
    if answer is not None:
        content = rest[answer[1]: answer[2] - len("</answer>")]
        well_formed = (thought and opened_with_think and not rest[: answer[0]].strip()
                       and not rest[answer[2]:].strip() and bool(content.strip()))
        return Turn("answer", text, thought=thought, well_formed=well_formed)
    return Turn("none", text, thought=thought)
