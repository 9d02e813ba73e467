"""Prompts of the synthesis pipeline, versioned: records name the version that made them.

Changing any text here changes what the model writes, so PROMPT_VERSION must change with it;
a run directory refuses to resume under another version.
"""

from __future__ import annotations

import json
from typing import Any

PROMPT_VERSION = "synth-1"

AREAS: dict[str, tuple[str, str]] = {  # key -> (English name, Chinese name)
    "mathematical_reasoning": ("mathematical reasoning", "数学推理"),
    "scientific_knowledge": ("scientific knowledge", "科学知识"),
    "logical_deduction": ("logical deduction", "逻辑演绎"),
    "technical_procedures": ("technical procedures", "技术流程"),
    "historical_events": ("historical events", "历史事件"),
    "ethical_considerations": ("ethical considerations", "伦理考量"),
    "economic_principles": ("economic principles", "经济原理"),
    "psychological_insights": ("psychological insights", "心理洞察"),
}
LANGUAGES = {"en": "English", "zh": "Simplified Chinese"}

RELATION_GUIDE = {
    "bridging": "each sub-question's answer is the entity or value the next one asks about, "
                "so the chain must be walked in order",
    "comparison": "the sub-questions establish two or more quantities or properties that the "
                  "final question compares",
    "temporal": "the sub-questions fix events or states at different times, and the final "
                "question depends on their order or on what changed between them",
    "visual_textual_alignment": "the sub-questions tie what is visible in the picture to "
                                "facts stated in the seed question and answer",
    "spatial_reasoning": "the sub-questions locate objects and their positions, distances or "
                         "arrangement in the picture",
    "causal_inference": "the sub-questions identify causes and effects that the picture shows "
                        "or implies",
    "contextual_synthesis": "the sub-questions gather separate clues from the picture and its "
                            "context that only together settle the answer",
}

_FIELDS = (
    '"relation": the relation named above; "sub_questions": 2 to 5 objects with "question" and '
    '"answer", each answerable in one step; "question": one multi-hop question that can only be '
    'answered by going through all the sub-questions, written so it stands on its own; '
    '"thinking": the step-by-step reasoning that reaches the answer through the sub-questions; '
    '"answer": the full answer with a short justification; "short_answer": the final answer '
    'alone, as short as possible (a number, a name or a few words), so it can be checked.'
)


def _language_line(language: str) -> str:
    return f"Write every text value in {LANGUAGES[language]}; keep the JSON keys in English."


def _json_rule(schema: dict[str, Any], in_prompt: bool) -> str:
    rule = "Reply with one JSON object only: no prose around it, no code fence."
    if in_prompt:
        rule += " It must follow this JSON Schema:\n" + json.dumps(schema, ensure_ascii=False)
    return rule


def text_messages(area: str, relation: str, language: str, schema: dict[str, Any],
                  schema_in_prompt: bool, avoid: str | None = None) -> list[dict[str, Any]]:
    """Ask for a background document, linked sub-questions and one multi-hop question."""
    english, chinese = AREAS[area]
    name = chinese if language == "zh" else english
    system = ("You write challenging, verifiable reasoning exercises for training models. "
              "Every fact you state must be correct, and every answer must follow from the "
              "facts given.")
    user = (
        f"Area: {name}.\n"
        f"1. Write a background document of 120 to 250 words on a specific topic in this area, "
        f"rich in concrete facts, names, numbers or steps.\n"
        f"2. From it, write linked single-hop sub-questions sharing one relation: "
        f"{relation} ({RELATION_GUIDE[relation]}).\n"
        f"3. Compose them into one multi-hop question with its answer and the thinking that "
        f"leads there.\n"
        f'Fields: "document": the background document; {_FIELDS}\n'
        f"{_language_line(language)}\n{_json_rule(schema, schema_in_prompt)}"
    )
    if avoid:
        user += ("\nChoose a topic clearly different from this earlier document, which was too "
                 f"close to another one: {avoid[:300]}")
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def image_text(seed_question: str, seed_answer: str, relation: str, language: str,
               schema: dict[str, Any], schema_in_prompt: bool) -> str:
    """The text beside a seed picture: build a harder question about that same picture."""
    return (
        "The picture above comes with this question and answer.\n"
        f"Seed question: {seed_question}\nSeed answer: {seed_answer}\n"
        "Look at the picture itself. Write linked single-hop sub-questions about it sharing "
        f"one relation: {relation} ({RELATION_GUIDE[relation]}); then compose them into one "
        "multi-hop question about the picture that needs every sub-question, with its answer "
        "and thinking. Only use what the picture shows or the seed states.\n"
        f"Fields: {_FIELDS}\n{_language_line(language)}\n"
        f"{_json_rule(schema, schema_in_prompt)}"
    )


def score_messages(question: str, answer: str, thinking: str, schema: dict[str, Any],
                   schema_in_prompt: bool, images: list[dict[str, Any]] | None = None
                   ) -> list[dict[str, Any]]:
    """Rate one item from 1 to 5 on each quality and difficulty axis."""
    text = (
        "Rate this reasoning exercise on a scale of 1 (poor or trivial) to 5 (excellent or "
        "very demanding).\n"
        "Quality: clarity (the question is unambiguous and well posed), relevance (the "
        "thinking and answer address the question), usefulness (it teaches reasoning worth "
        "learning), fluency (the language is natural and correct).\n"
        "Difficulty: conceptual_depth (how deep the ideas go), step_complexity (how many "
        "dependent steps it takes), prior_knowledge (how much outside knowledge it needs), "
        "ambiguity (5 means the answer needs careful interpretation, 1 means it is "
        "immediate).\n"
        f"Question: {question}\nThinking: {thinking}\nAnswer: {answer}\n"
        'Add a one-sentence "rationale".\n'
        f"{_json_rule(schema, schema_in_prompt)}"
    )
    return [{"role": "system", "content": "You are a strict reviewer of training data."},
            {"role": "user", "content": [*(images or []), {"type": "text", "text": text}]
             if images else text}]


def answer_messages(question: str, schema: dict[str, Any], schema_in_prompt: bool,
                    images: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Answer a question afresh, to see whether the stated answer is the one it leads to."""
    text = (f"Question: {question}\nThink it through, then give the final answer alone in "
            '"short_answer" (a number, a name or a few words) and your reasoning in '
            f'"thinking".\n{_json_rule(schema, schema_in_prompt)}')
    return [{"role": "user", "content": [*(images or []), {"type": "text", "text": text}]
             if images else text}]


def repair_message(problem: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The follow-up turn after an unusable reply, quoting what was wrong with it."""
    return {"role": "user", "content": (
        f"That reply cannot be used: {problem}\nReply again with the corrected JSON object "
        "only, following this JSON Schema:\n" + json.dumps(schema, ensure_ascii=False))}

