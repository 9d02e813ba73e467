"""The JSON the model must return, a validator for it and a lenient reader of model JSON.

The schemas go to the server as `response_format` (structured output / guided decoding) and
are checked here again on every reply, since many servers ignore or only loosely follow them.
The validator covers the JSON Schema subset the schemas use (type, properties, required,
additionalProperties, enum, items, minItems, maxItems, minLength, minimum, maximum) and names
the path of each problem, so a retry can quote it back to the model.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from ..core.errors import VisreasonError

TEXT_RELATIONS = ("bridging", "comparison", "temporal")
IMAGE_RELATIONS = ("visual_textual_alignment", "spatial_reasoning", "causal_inference",
                   "contextual_synthesis")
QUALITY_KEYS = ("clarity", "relevance", "usefulness", "fluency")
DIFFICULTY_KEYS = ("conceptual_depth", "step_complexity", "prior_knowledge", "ambiguity")
MAX_SUB_QUESTIONS = 5


class MalformedJSON(VisreasonError):
    """A reply that holds no JSON object, even after repair."""


def _text(min_length: int = 1) -> dict[str, Any]:
    return {"type": "string", "minLength": min_length}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}


@functools.cache
def item_schema(relation: str, with_document: bool) -> dict[str, Any]:
    """One synthesized item: sub-questions sharing `relation` and the multi-hop question.

    Schemas are built once and shared (callers must not change them)."""
    sub = _object({"question": _text(5), "answer": _text()})
    properties: dict[str, Any] = {}
    if with_document:
        properties["document"] = _text(80)
    properties.update({
        "relation": {"type": "string", "enum": [relation]},
        "sub_questions": {"type": "array", "items": sub, "minItems": 2,
                          "maxItems": MAX_SUB_QUESTIONS},
        "question": _text(10),
        "thinking": _text(20),
        "answer": _text(),
        "short_answer": _text(),
    })
    return _object(properties)


@functools.cache
def score_schema() -> dict[str, Any]:
    scale = {"type": "integer", "minimum": 1, "maximum": 5}
    return _object({**dict.fromkeys(QUALITY_KEYS, scale),
                    **dict.fromkeys(DIFFICULTY_KEYS, scale), "rationale": _text(0)})


@functools.cache
def answer_schema() -> dict[str, Any]:
    return _object({"thinking": _text(0), "short_answer": _text()})


_TYPES: dict[str, tuple[type, ...]] = {"object": (dict,), "array": (list,), "string": (str,),
                                       "integer": (int,), "number": (int, float),
                                       "boolean": (bool,), "null": (type(None),)}
_NAMES = {dict: "an object", list: "an array", str: "a string", int: "an integer",
          float: "a number", bool: "a boolean", type(None): "null"}


def validate(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Every way `value` breaks `schema`, as 'path: problem' lines (empty when valid)."""
    kind = schema.get("type")
    if kind is not None:
        wanted = _TYPES[kind]
        wrong_bool = isinstance(value, bool) and kind in ("integer", "number")
        if not isinstance(value, wanted) or wrong_bool:
            return [f"{path}: expected {_NAMES[wanted[0]]}, got "
                    f"{_NAMES.get(type(value), type(value).__name__)}"]
    errors: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
        errors.append(f"{path}: must be one of {allowed}, got "
                      f"{json.dumps(value, ensure_ascii=False)[:60]}")
    if isinstance(value, str) and len(value.strip()) < schema.get("minLength", 0):
        errors.append(f"{path}: must be at least {schema['minLength']} characters of text"
                      if value.strip() else f"{path}: must not be empty")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: must be at least {schema['minimum']}, got {value}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: must be at most {schema['maximum']}, got {value}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: needs at least {schema['minItems']} entries, got {len(value)}")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"{path}: allows at most {schema['maxItems']} entries, got "
                          f"{len(value)}")
        if "items" in schema:
            for index, entry in enumerate(value):
                errors += validate(entry, schema["items"], f"{path}[{index}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", ()):
            if name not in value:
                errors.append(f"{path}: missing required field {name!r}")
        if schema.get("additionalProperties") is False:
            extra = [name for name in value if name not in properties]
            if extra:
                errors.append(f"{path}: unexpected field(s) {', '.join(map(repr, extra))}")
        for name, sub in properties.items():
            if name in value:
                errors += validate(value[name], sub, f"{path}.{name}")
    return errors


_FENCE = re.compile(r"^```[a-zA-Z]*\s*\n?|\n?```\s*$")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_SMART_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"'})


def _close_truncated(text: str) -> str:
    """Close the strings, arrays and objects a reply cut off by max_tokens left open."""
    stack: list[str] = []
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            stack.append("}" if char == "{" else "]")
        elif char in "}]" and stack:
            stack.pop()
    tail = text
    if in_string:
        tail += '"'
    tail = re.sub(r"[,:]\s*$", "", tail.rstrip())
    return tail + "".join(reversed(stack))


def parse_json(text: str) -> tuple[Any, bool]:
    """The JSON object in a model reply and whether it needed repair.

    Accepts the object alone, in a code fence or among prose; repairs trailing commas, curly
    double quotes outside strings' content and a reply cut off mid-object. Raises
    MalformedJSON saying what was wrong.
    """
    stripped = text.strip()
    try:
        value = json.loads(stripped)
    except ValueError as exc:
        first_error = exc
    else:
        if isinstance(value, dict):
            return value, False
        raise MalformedJSON(f"the reply is JSON but a {type(value).__name__}, not an object")
    candidate = _FENCE.sub("", stripped).strip()
    start = candidate.find("{")
    if start < 0:
        raise MalformedJSON(f"the reply holds no JSON object ({first_error})")
    end = candidate.rfind("}")
    body = candidate[start:end + 1] if end > start else candidate[start:]
    attempts = (body, _TRAILING_COMMA.sub(r"\1", body),
                _TRAILING_COMMA.sub(r"\1", body.translate(_SMART_QUOTES)),
                _close_truncated(_TRAILING_COMMA.sub(r"\1", candidate[start:])))
    for attempt in attempts:
        try:
            value = json.loads(attempt)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value, True
    raise MalformedJSON(f"the reply is not valid JSON ({first_error})")
