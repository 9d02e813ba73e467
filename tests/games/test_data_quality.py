"""Data quality for every task, every level, both answer forms, audited (seed 0; each game's own
test module audits seed 1).

A policy must not earn reward without reasoning: the audit's thresholds (balanced letters and
answers, options-only guessers at chance, few trivial items, few repeats) must hold for every
task x level x form over `PER_GROUP` samples. Text-only samples keep this fast: the audit never
looks at pictures.
"""

from __future__ import annotations

import pytest

import visreason
from visreason.core.answers import LETTERS
from visreason.core.generate import stored_form
from visreason.data.audit import audit

PER_GROUP = 300
GAMES = visreason.game_names()


def _samples(game: str):
    for task in visreason.tasks(game):
        forms = ("choice", "open") if task.is_choice else ("open",)
        for level in task.plot_levels:
            for form in forms:
                for index in range(PER_GROUP):
                    yield visreason.generate(task.id, level, 0, index, answer_form=form,
                                             text_only=True)


@pytest.mark.parametrize("game", GAMES)
def test_audit_thresholds_hold_in_both_forms(game: str) -> None:
    report = audit(_samples(game))
    assert report.failures == [], "\n" + report.table()
    forms = {(g.task, g.form) for g in report.groups}
    for task in visreason.tasks(game):
        assert (task.id, "open") in forms


CASES = [(t.id, level) for t in visreason.tasks() for level in t.plot_levels]


@pytest.mark.parametrize(("task_id", "level"), CASES)
def test_open_form_contract(task_id: str, level: str) -> None:
    task = visreason.get_task(task_id)
    for index in range(4):
        choice = visreason.generate(task_id, level, 5, index)
        sample = visreason.generate(task_id, level, 5, index, answer_form="open")
        assert sample.answer_form == "open" and sample.options is None
        assert sample.state == choice.state  # the same question, without options
        assert sample.answer_type == task.open_answer_type
        assert stored_form(sample.answer_type, sample.answer)
        assert "Options:" not in sample.question
        for completion in (sample.answer, f"<answer>{sample.answer}</answer>",
                           f"Reasoning.\nAnswer: {sample.answer}"):
            assert visreason.verify(sample, completion) == 1.0, (sample.id, completion)
        assert visreason.verify(sample.to_dict(), sample.answer) == 1.0
        assert visreason.verify(sample, "") == 0.0
        assert sample.analysis.rstrip().splitlines()[-1] == f"So the answer is {sample.answer}."
        analysis_body = sample.analysis.lower()
        assert "option" not in analysis_body, sample.analysis
        if task.is_choice:
            # Every wrong option's text, written as an open answer, scores 0.
            right = choice.options[LETTERS.index(choice.answer)]
            for text in choice.options:
                if text != right:
                    assert visreason.verify(sample, f"<answer>{text}</answer>") == 0.0, (
                        sample.id, text)


@pytest.mark.parametrize("task_id", sorted({t.id for t in visreason.tasks()}))
def test_text_only_prompts_never_mention_a_picture(task_id: str) -> None:
    task = visreason.get_task(task_id)
    for level in task.plot_levels:
        for form in ("choice", "open"):
            sample = visreason.generate(task_id, level, 2, 1, answer_form=form, text_only=True)
            text = (sample.question + "\n" + sample.analysis).lower()
            for word in ("image", "picture", "pictured", "shown in the figure"):
                assert word not in text, (sample.id, word)
