from __future__ import annotations

import json

import pytest

import visreason
from visreason import rewards
from visreason.core.errors import VisreasonError
from visreason.data.export import export_samples
from visreason.data.stream import conversational_row
from visreason.eval.prompts import TEMPLATES, build_messages


@pytest.fixture(scope="module")
def sample():
    task = visreason.tasks()[0]
    return visreason.generate(task.id, task.plot_levels[0], 0, 0)


def test_templates_offered():
    assert set(TEMPLATES) == {"direct", "think", "boxed", "answer", "gameqa"}


def test_think_template_asks_for_tags_after_the_question(sample):
    messages = build_messages(sample, "think")
    assert messages[0]["role"] == "user"  # the instruction is said once, in the user turn
    parts = messages[0]["content"]
    assert parts[0]["type"] == "image_url"
    assert parts[0]["image_url"]["url"].startswith("data:image/png;base64,")
    assert parts[1]["text"].startswith(sample.question.rstrip())
    assert parts[1]["text"].endswith(rewards.instruction("think"))


@pytest.mark.parametrize("answer_format", rewards.FORMATS)
def test_one_wording_for_the_answer_instruction(sample, tmp_path, answer_format):
    """Training exports, stream and eval ask for an answer format in the same words, and the
    format reward recognises the format from them."""
    evaluated = build_messages(sample, answer_format)[-1]["content"][-1]["text"]
    streamed = conversational_row(sample, answer_format)["prompt"][-1]["content"][-1]["text"]
    export_samples([sample], tmp_path / "swift", "swift", answer_format=answer_format)
    row = json.loads((tmp_path / "swift" / "train.jsonl").read_text().splitlines()[0])
    exported = row["messages"][-1]["content"].removeprefix("<image>")
    assert evaluated == streamed == exported
    assert evaluated.endswith(rewards.instruction(answer_format))
    assert rewards.format_of_prompt(evaluated) == answer_format


def test_gameqa_and_direct_templates(sample):
    gameqa = build_messages(sample, "gameqa")
    assert gameqa[0]["role"] == "user"  # no system prompt by default
    assert "The answer is X" in gameqa[0]["content"][1]["text"]
    direct = build_messages(sample, "direct")[0]["content"][1]["text"]
    assert direct.endswith("final answer only, with no explanation.")


def test_system_prompt_is_configurable(sample):
    custom = build_messages(sample, "think", system="Be terse.")
    assert custom[1]["role"] == "user"
    assert custom[0] == {"role": "system", "content": "Be terse."}
    assert build_messages(sample, "think", system="")[0]["role"] == "user"
    assert build_messages(sample, "direct", system="S")[0]["content"] == "S"


def test_unknown_template_is_a_clear_error(sample):
    with pytest.raises(VisreasonError, match="choose from direct, think, boxed, answer, gameqa"):
        build_messages(sample, "fancy")
