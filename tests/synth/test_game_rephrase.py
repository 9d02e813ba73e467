"""The optional rephrasing of multi-hop game questions: only the wording changes, and only
when every cell, number, move and colour survives; answers never change."""

from __future__ import annotations

import json
import re

import pytest

from visreason.core.verify import verify
from visreason.synth.game import generate_multihop
from visreason.synth.game_rephrase import keeps_facts, question_wording, rephrase_samples


def test_keeps_facts() -> None:
    original = "The player makes these 3 moves in order: up, left, down. Where is (2, 3)?"
    assert keeps_facts(original, "Moving up, then left, then down (3 moves): where is (2,3)?")
    assert not keeps_facts(original, "The player makes 3 moves: up, down, left. Where is (2, 3)?")
    assert not keeps_facts(original, "The player makes these moves: up, left, down. (2, 3)?")
    assert not keeps_facts(original, "The player makes 3 moves: up, left, down. Where is (3, 2)?")
    assert not keeps_facts("Which colour is left for (1, 2)? Not red.",
                           "Which colour is left for (1, 2)? Not green.")
    assert not keeps_facts(original, "   ")


def test_wording_is_the_composed_question_only() -> None:
    sample = generate_multihop("sokoban", "bridge", "easy", 0, 2, text_only=True)
    wording = question_wording(sample)
    assert wording.startswith("The player makes these")
    assert "Options:" not in wording and "Sokoban puzzle" not in wording
    pictured = generate_multihop("tictactoe", "compare", "easy", 0, 2)
    assert question_wording(pictured).startswith("The current player follows this strategy")
    assert question_wording(pictured).endswith("or are they equal?")


class ScriptedClient:
    """Replies by rule to each prompt: faithful, dropping a number, reordering moves, failing."""

    model = "scripted"

    def __init__(self, modes: list[str]) -> None:
        self.modes = modes
        self.prompts: list[str] = []

    def chat_many(self, conversations, **params):
        replies = []
        for messages, mode in zip(conversations, self.modes, strict=True):
            prompt = messages[0]["content"]
            self.prompts.append(prompt)
            text = prompt.split("Question:\n", 1)[1]
            if mode == "faithful":
                replies.append(type("R", (), {"text": "Please work this out: " + text})())
            elif mode == "drop number":
                replies.append(type("R", (), {"text": re.sub(r"\d+", "", text, count=1)})())
            elif mode == "reorder":
                replies.append(type("R", (), {"text": text.replace("up", "UPX")})())
            else:
                replies.append(RuntimeError("server down"))
        return replies


def test_rephrase_changes_wording_only_when_facts_survive() -> None:
    samples = [generate_multihop("sokoban", "bridge", "medium", 0, i) for i in range(4)]
    samples += [generate_multihop("sudoku", "temporal", "medium", 0, 0, answer_form="open")]
    before = [(s.answer, s.options, s.analysis, s.question) for s in samples]
    client = ScriptedClient(["faithful", "drop number", "reorder", "fail", "faithful"])
    assert rephrase_samples(samples, client) == 2
    assert all("Sokoban puzzle" not in p and "Options" not in p for p in client.prompts)
    for sample, (answer, options, analysis, question), changed in zip(
            samples, before, [True, False, False, False, True], strict=True):
        assert (sample.answer, sample.options, sample.analysis) == (answer, options, analysis)
        assert (sample.question != question) == changed
        if changed:
            assert "Please work this out: " in sample.question
            assert sample.meta["rephrased"]["model"] == "scripted"
            assert sample.question.startswith(question.split("\n\n")[0])
        assert verify(sample, f"<answer>{sample.answer}</answer>") == 1.0


def test_rephrase_through_the_chat_client() -> None:
    httpx = pytest.importorskip("httpx")
    from visreason.llm.client import SyncChatClient

    def reply(request):
        body = json.loads(request.content)
        text = body["messages"][0]["content"].split("Question:\n", 1)[1]
        return httpx.Response(200, json={"choices": [{"message": {"content": "So: " + text}}],
                                         "usage": {"prompt_tokens": 5, "completion_tokens": 5}})

    client = SyncChatClient("http://model.invalid/v1", "m", "k", concurrency=2,
                            transport=httpx.MockTransport(reply))
    try:
        samples = [generate_multihop("maze", "compare", "easy", 0, i) for i in range(3)]
        answers = [s.answer for s in samples]
        assert rephrase_samples(samples, client) == 3
    finally:
        client.close()
    assert [s.answer for s in samples] == answers
    assert all("So: Compare two quantities." in s.question for s in samples)
