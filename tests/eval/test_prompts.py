from __future__ import annotations

import pytest

import visreason
from visreason.core.errors import VisreasonError
from visreason.eval.prompts import TEMPLATES, build_messages


@pytest.fixture(scope="module")
def sample():
    task = visreason.tasks()[0]
    return visreason.generate(task.id, task.plot_levels[0], 0, 0)


def test_templates_offered():
    assert set(TEMPLATES) == {"direct", "think", "gameqa"}


def test_think_template_asks_for_tags_in_system_and_user(sample):
    messages = build_messages(sample, "think")
    assert messages[0]["role"] == "system" and "<think>" in messages[0]["content"]
    parts = messages[1]["content"]
    assert parts[0]["type"] == "image_url"
    assert parts[0]["image_url"]["url"].startswith("data:image/png;base64,")
    assert parts[1]["text"].startswith(sample.question.rstrip())
    assert "<answer></answer>" in parts[1]["text"]


def test_gameqa_and_direct_templates(sample):
    gameqa = build_messages(sample, "gameqa")
    assert gameqa[0]["role"] == "user"  # no system prompt by default
    assert "The answer is X" in gameqa[0]["content"][1]["text"]
    direct = build_messages(sample, "direct")[0]["content"][1]["text"]
    assert direct.endswith("final answer only, with no explanation.")


def test_system_prompt_is_configurable(sample):
    custom = build_messages(sample, "think", system="Be terse.")
    assert custom[0] == {"role": "system", "content": "Be terse."}
    assert build_messages(sample, "think", system="")[0]["role"] == "user"
    assert build_messages(sample, "direct", system="S")[0]["content"] == "S"


def test_unknown_template_is_a_clear_error(sample):
    with pytest.raises(VisreasonError, match="choose from direct, think, gameqa"):
        build_messages(sample, "fancy")
