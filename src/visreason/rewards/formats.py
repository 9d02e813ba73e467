"""Answer formats a prompt can ask for, and the rule that checks a completion follows one.

The format reward is separate from accuracy on purpose: RL recipes (R1-style GRPO) weight
"did the model keep to the requested shape" apart from "was the answer right".
"""

from __future__ import annotations

import re
from typing import Any

from ..core.errors import VisreasonError
from ..core.extract import completion_text, iter_boxed

# The instruction appended to the question when data is built for a given format.
INSTRUCTIONS = {
    "think": "First think step by step inside <think> </think>, then give only the final answer "
             "inside <answer> </answer>.",
    "boxed": "Reason step by step, then put only the final answer inside \\boxed{}.",
    "answer": "Reason step by step, then end with a last line of the form 'Answer: <answer>'.",
}
FORMATS = tuple(INSTRUCTIONS)
DEFAULT_FORMAT = "think"

_THINK_TAGS = ("<think>", "</think>", "<answer>", "</answer>")
_TAG_RE = re.compile(r"</?(?:think|answer)>")
_BOXED_RE = re.compile(r"\\boxed\s*\{")
# (?=(x*))\1 takes a run whole, never backtracking into it: one pass over long runs of * or
# spaces, whether or not a colon follows.
_ANSWER_LINE_RE = re.compile(r"(?i)(?=(\**))\1answer(?=(\**))\2(?=([ \t]*))\3[:：]")
_VISIBLE_RE = re.compile(r"\S")


def check_format_name(name: str) -> str:
    if name not in INSTRUCTIONS:
        raise VisreasonError(f"unknown answer format {name!r}; choose from {', '.join(FORMATS)}")
    return name


def instruction(name: str) -> str:
    """The sentence that asks a model for answer format `name`."""
    return INSTRUCTIONS[check_format_name(name)]


def ask(question: str, name: str | None) -> str:
    """The question followed by the instruction for answer format `name` (None: no
    instruction). Training exports, `stream` and eval's format templates all use this, so a
    model is asked for a format in one wording wherever it meets it."""
    if name is None:
        return question
    return f"{question.rstrip()}\n\n{instruction(name)}"


def follows_format(completion: Any, name: str) -> bool:
    """True when the completion has exactly the shape format `name` asks for.

    think: the whole text is one <think>..</think> then one non-empty <answer>..</answer>;
    boxed: exactly one \\boxed{} with non-empty content; answer: the last non-empty line is
    'Answer: <something>'. Anything that is not text is False.
    """
    check_format_name(name)
    text = completion_text(completion)
    if not text:
        return False
    if name == "think":
        return _follows_think(text)
    if name == "boxed":
        if len(_BOXED_RE.findall(text)) != 1:
            return False
        boxes = list(iter_boxed(text, _BOXED_RE))
        return len(boxes) == 1 and bool(boxes[0].strip())
    end = len(text.rstrip())  # positions, not copies: the text may be 200,000 characters
    start = _VISIBLE_RE.search(text, max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1)
    match = _ANSWER_LINE_RE.match(text, start.start(), end) if start else None
    return match is not None and _VISIBLE_RE.search(text, match.end(), end) is not None


def _follows_think(text: str) -> bool:
    """One pass over the tags: exactly <think>, </think>, <answer>, </answer> in that order,
    only whitespace around them, and a non-empty answer."""
    tags = list(_TAG_RE.finditer(text))
    if [tag.group() for tag in tags] != list(_THINK_TAGS):
        return False
    opening, closing, answer, end = tags
    return (not text[:opening.start()].strip()
            and not text[closing.end():answer.start()].strip()
            and not text[end.end():].strip()
            and bool(text[answer.end():end.start()].strip()))


def render_answer(answer: str, name: str, reasoning: str = "Let me work through it.") -> str:
    """A completion that states `answer` in format `name` (for tests, examples and SFT data)."""
    check_format_name(name)
    if name == "think":
        return f"<think>{reasoning}</think>\n<answer>{answer}</answer>"
    if name == "boxed":
        return f"{reasoning}\nThe final answer is \\boxed{{{answer}}}."
    return f"{reasoning}\nAnswer: {answer}"
