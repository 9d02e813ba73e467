"""Text a sample page shows besides the sample's own fields: the text-only prompt, pretty
JSON, and which options are the answer and which a model chose."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..core.answers import LETTERS, canonical
from ..core.errors import VisreasonError
from ..core.registry import get_game
from ..core.sample import Sample

STATE_AS_TEXT = "The state is given as text:\n"  # how `generate(text_only=True)` introduces it


def text_only_prompt(sample: Sample) -> str | None:
    """The prompt a text-only model would get for this sample's state: the rules without the
    picture, the state described in text, then the same question. None for games this install
    does not know (imported data) or states it cannot describe."""
    if not sample.state or STATE_AS_TEXT in sample.question:
        return sample.question if sample.state else None
    try:
        game = get_game(sample.game)
        picture_rules = game.rules(sample.state).strip()
        text_rules = game.rules(sample.state, text_only=True).strip()
        described = game.describe(sample.state).strip("\n").rstrip()
    except (VisreasonError, KeyError):
        return None
    except Exception:  # a state the game cannot read (hand-edited data): no text form
        return None
    question = sample.question
    if question.startswith(picture_rules):
        question = question[len(picture_rules):].lstrip("\n")
    return "\n\n".join([text_rules, STATE_AS_TEXT + described, question])


def pretty_json(value: Any) -> str:
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return repr(value)


def chosen_letters(answer: str | None, sample: Sample) -> set[str]:
    """The option letters an answer picks ('BD' picks B and D; a numbered option its letter)."""
    if not answer or not sample.options:
        return set()
    if sample.answer_type in ("choice", "multi_choice"):
        try:
            form = canonical(sample.answer_type, str(answer), sample.options)
        except Exception:  # a hostile extraction marks nothing
            return set()
        return set(form or "")
    text = str(answer).strip()
    base = sample.meta.get("option_base") if isinstance(sample.meta, dict) else None
    if isinstance(base, int) and text.lstrip("-").isdigit():
        index = int(text) - base
        return {LETTERS[index]} if 0 <= index < len(sample.options) else set()
    return set()


@dataclass
class OptionRow:
    letter: str
    text: str
    is_answer: bool
    picked_by: list[tuple[str, bool]] = field(default_factory=list)  # (run name, correct)


def option_rows(sample: Sample, picks: list[tuple[str, str | None, bool]]) -> list[OptionRow]:
    """Options with the answer marked and, per run, whether the model chose each one.

    `picks` holds (run name, extracted answer, whether the run scored it correct)."""
    if not sample.options:
        return []
    answer = chosen_letters(sample.answer, sample)
    rows = [OptionRow(LETTERS[i], text, LETTERS[i] in answer)
            for i, text in enumerate(sample.options[:len(LETTERS)])]
    for name, extracted, correct in picks:
        for letter in chosen_letters(extracted, sample):
            rows[LETTERS.index(letter)].picked_by.append((name, correct))
    return rows
