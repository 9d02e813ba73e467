"""Prompt templates: what the model is told besides the sample's own question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.errors import VisreasonError
from ..core.sample import Sample
from ..llm.messages import user_message
from ..rewards.formats import ask


@dataclass(frozen=True)
class Template:
    name: str
    system: str | None  # the default system prompt; --system replaces it
    instruction: str | None  # appended to the question; None: the answer format's own wording
    answer_format: str | None = None  # the format the answer is asked in (think, boxed, answer)


TEMPLATES: dict[str, Template] = {
    t.name: t for t in (
        Template("direct", None,
                 "Reply with the final answer only, with no explanation."),
        # The answer formats, worded exactly as training data and `stream` word them.
        Template("think", None, None, "think"),
        Template("boxed", None, None, "boxed"),
        Template("answer", None, None, "answer"),
        # The style GameQA evaluated with: step-by-step reasoning, then a closing answer line.
        Template("gameqa", None,
                 "Let's think step by step. Analyse the question carefully, show your reasoning "
                 "and any calculations, and finish with a line of its own at the very end: "
                 "'The answer is X', where X is the option letter for a choice question or the "
                 "final answer otherwise."),
    )
}


def get_template(name: str) -> Template:
    try:
        return TEMPLATES[name]
    except KeyError:
        raise VisreasonError(f"unknown prompt template {name!r}; choose from "
                             f"{', '.join(TEMPLATES)}") from None


def prompt_text(sample: Sample, template: Template) -> str:
    if template.answer_format is not None:
        return ask(sample.question, template.answer_format)
    return f"{sample.question.rstrip()}\n\n{template.instruction}"


def build_messages(sample: Sample, template: str | Template = "direct",
                   system: str | None = None) -> list[dict[str, Any]]:
    """Chat messages for a sample; `system=None` keeps the template's, '' means none."""
    template = get_template(template) if isinstance(template, str) else template
    chosen = template.system if system is None else system
    messages: list[dict[str, Any]] = [{"role": "system", "content": chosen}] if chosen else []
    images = () if sample.image is None else (sample.image,)
    messages.append(user_message(prompt_text(sample, template), images))
    return messages
