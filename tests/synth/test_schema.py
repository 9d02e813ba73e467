"""Schema validation, lenient JSON reading and refusal detection, without a server."""

from __future__ import annotations

import json

import pytest

from visreason.synth.schema import (
    MalformedJSON,
    answer_schema,
    item_schema,
    parse_json,
    score_schema,
    validate,
)
from visreason.synth.structured import is_refusal, wire_schema

from .model import good_item, score


def messages_for(relation: str) -> list[dict]:
    return [{"role": "user", "content": f"sharing one relation: {relation} (...)"}]


def test_well_formed_values_validate() -> None:
    item = good_item("a:generate0", messages_for("bridging"))
    assert validate(item, item_schema("bridging", with_document=True)) == []
    no_doc = {k: v for k, v in item.items() if k != "document"}
    assert validate(no_doc, item_schema("bridging", with_document=False)) == []
    assert validate(score(), score_schema()) == []
    assert validate({"thinking": "", "short_answer": "4"}, answer_schema()) == []


def test_each_problem_is_named_with_its_path() -> None:
    schema = item_schema("comparison", with_document=True)
    item = good_item("a:generate0", messages_for("comparison"))
    item["relation"] = "temporal"
    item["sub_questions"] = item["sub_questions"] * 2  # six: one too many
    item["sub_questions"][1] = {"question": "Why?", "answer": 3}
    del item["short_answer"]
    item["extra"] = 1
    item["document"] = "   "
    errors = validate(item, schema)
    assert "$: missing required field 'short_answer'" in errors
    assert "$: unexpected field(s) 'extra'" in errors
    assert '$.relation: must be one of "comparison", got "temporal"' in errors
    assert "$.sub_questions: allows at most 5 entries, got 6" in errors
    assert "$.sub_questions[1].question: must be at least 5 characters of text" in errors
    assert "$.sub_questions[1].answer: expected a string, got an integer" in errors
    assert "$.document: must not be empty" in errors
    assert len(errors) == 7


def test_score_bounds_and_booleans_are_not_integers() -> None:
    bad = {**score(), "clarity": 6, "fluency": True, "ambiguity": 0}
    assert validate(bad, score_schema()) == [
        "$.clarity: must be at most 5, got 6",
        "$.fluency: expected an integer, got a boolean",
        "$.ambiguity: must be at least 1, got 0",
    ]


@pytest.mark.parametrize(("text", "repaired"), [
    ('{"a": 1}', False),
    ('```json\n{"a": 1}\n```', True),
    ('Here you go:\n{"a": 1}\nHope that helps.', True),
    ('{"a": 1,}', True),
    ('{"b": [1, 2,], "a": 1,}', True),
    ('{"a": 1, "b": "cut off', True),
    ('{"a": 1, "b": [1, {"c": 2', True),
])
def test_lenient_reading(text: str, repaired: bool) -> None:
    value, was_repaired = parse_json(text)
    assert value["a"] == 1
    assert was_repaired is repaired


@pytest.mark.parametrize("text", ["no json here", "[1, 2]", '{"a": }}}', ""])
def test_unreadable_replies_say_why(text: str) -> None:
    with pytest.raises(MalformedJSON):
        parse_json(text)


def test_refusals() -> None:
    assert is_refusal("")
    assert is_refusal("   ")
    assert is_refusal("I'm sorry, but I can't help with that.")
    assert is_refusal("I cannot write this.")
    assert is_refusal("抱歉，我无法完成这个请求。")
    assert not is_refusal('Sorry for the wait: {"a": 1}')
    assert not is_refusal("The document describes a sorry state of affairs.")


def test_the_wire_schema_drops_only_min_length() -> None:
    schema = item_schema("temporal", with_document=True)
    wire = wire_schema(schema)
    assert "minLength" not in json.dumps(wire)
    assert wire["properties"]["sub_questions"]["maxItems"] == 5
    assert wire["required"] == schema["required"]
    assert wire["additionalProperties"] is False
