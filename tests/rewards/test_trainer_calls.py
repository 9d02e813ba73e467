"""Every reward entry point, called exactly as its trainer calls it, over every task."""

from __future__ import annotations

import json

import pytest

import visreason
from visreason import rewards
from visreason.data.export import _verl_row
from visreason.data.stream import conversational_row
from visreason.rewards import openrlhf, swift_plugin, verl

from .conftest import wrong_answer, wrong_answers

FORMATS = rewards.FORMATS


def _trl_columns(rows: list[dict]) -> dict:
    """What GRPOTrainer._calculate_rewards passes: every column but prompt, plus its extras."""
    keys = [k for k in rows[0] if k not in ("prompt", "completion", "completion_ids")]
    columns = {k: [row[k] for row in rows] for k in keys}
    columns.update(trainer_state=object(), log_extra=lambda *a: None, log_metric=lambda *a: None)
    return columns


@pytest.mark.parametrize("answer_format", FORMATS)
def test_trl_rewards(samples, answer_format) -> None:
    rows = [conversational_row(s, answer_format) for s in samples]
    prompts = [row["prompt"] for row in rows]
    for answer_of, expected in ((lambda s: s.answer, 1.0), (wrong_answer, 0.0)):
        completions = [[{"role": "assistant",
                         "content": rewards.render_answer(answer_of(s), answer_format)}]
                       for s in samples]
        ids = [[1, 2, 3]] * len(samples)
        got = rewards.accuracy(prompts=prompts, completions=completions, completion_ids=ids,
                               **_trl_columns(rows))
        misses = [s.id for s, g in zip(samples, got, strict=True) if g != expected]
        assert got == [expected] * len(samples), misses
        partial = rewards.partial_accuracy(prompts=prompts, completions=completions,
                                           completion_ids=ids, **_trl_columns(rows))
        if expected == 1.0:  # partial credit only ever raises a wrong answer's score
            assert partial == got
        else:
            assert all(0.0 <= p < 1.0 for p in partial)
        fmt = rewards.format(prompts=prompts, completions=completions, completion_ids=ids,
                             **_trl_columns(rows))
        assert fmt == [1.0] * len(samples)


def test_trl_format_reward_reads_the_prompt_when_no_column(samples) -> None:
    sample = samples[0]
    for asked in FORMATS:
        row = conversational_row(sample, asked)
        for written in FORMATS:
            completion = [{"role": "assistant",
                           "content": rewards.render_answer(sample.answer, written)}]
            got = rewards.format(prompts=[row["prompt"]], completions=[completion],
                                 completion_ids=[[0]], answer=[sample.answer])
            assert got == [1.0 if written == asked else 0.0], (asked, written)


def test_trl_reward_without_answer_column_is_a_clear_error() -> None:
    with pytest.raises(visreason.VisreasonError, match="answer"):
        rewards.accuracy(prompts=["p"], completions=["A"], completion_ids=[[0]])


@pytest.mark.parametrize("answer_format", FORMATS)
def test_verl_compute_score(samples, answer_format) -> None:
    for number, sample in enumerate(samples):
        row = _verl_row(sample, number, answer_format, "train", None)
        truth, info = row["reward_model"]["ground_truth"], row["extra_info"]
        right = rewards.render_answer(sample.answer, answer_format)
        wrong = rewards.render_answer(wrong_answer(sample), answer_format)
        assert verl.compute_score(row["data_source"], right, truth, info) == 1.0, sample.id
        assert verl.compute_score(row["data_source"], wrong, truth, info) == 0.0, sample.id
        detail = verl.compute_score(row["data_source"], right, truth, info, format_weight=0.5,
                                    details=True)
        assert detail == {"score": 1.5, "acc": 1.0, "format": 1.0}


@pytest.mark.parametrize("answer_format", FORMATS)
def test_swift_orm_plugin(samples, answer_format) -> None:
    rows = [{"solution": s.answer, **rewards.row_to_columns(s), "answer_format": answer_format}
            for s in samples]
    columns = {k: [row[k] for row in rows] for k in rows[0]}
    acc, fmt = swift_plugin.ORMS["visreason_accuracy"](), swift_plugin.ORMS["visreason_format"]()
    right = [rewards.render_answer(s.answer, answer_format) for s in samples]
    wrong = [rewards.render_answer(wrong_answer(s), answer_format) for s in samples]
    assert acc(right, **columns) == [1.0] * len(samples)
    assert acc(wrong, **columns) == [0.0] * len(samples)
    assert fmt(right, **columns) == [1.0] * len(samples)


def test_swift_orm_reads_gameqa_solution_column(samples) -> None:
    sample = next(s for s in samples if s.answer_type == "choice")
    orm = swift_plugin.VisreasonAccuracy()
    assert orm([f"<answer>{sample.answer}</answer>"], solution=[sample.answer],
               options=[sample.options]) == [1.0]


@pytest.mark.torch
@pytest.mark.parametrize("answer_format", FORMATS)
def test_openrlhf_reward_func(samples, answer_format) -> None:
    import torch

    prompts = [f"<|user|>{s.question}<|assistant|>" for s in samples]
    labels = [json.dumps({**rewards.row_to_columns(s), "answer_format": answer_format})
              for s in samples]
    right = [p + rewards.render_answer(s.answer, answer_format)
             for p, s in zip(prompts, samples, strict=True)]
    wrong = [p + rewards.render_answer(wrong_answer(s), answer_format)
             for p, s in zip(prompts, samples, strict=True)]
    got = openrlhf.reward_func(right, prompts, labels)
    assert set(got) == {"rewards", "scores", "extra_logs"}
    assert isinstance(got["rewards"], torch.Tensor)
    assert got["rewards"].tolist() == got["scores"].tolist() == [1.0] * len(samples)
    assert got["extra_logs"] == {"visreason/accuracy": 1.0, "visreason/format": 1.0}
    assert openrlhf.reward_func(wrong, prompts, labels)["rewards"].tolist() \
        == [0.0] * len(samples)


def test_openrlhf_finds_the_response_when_the_decoded_prompt_differs() -> None:
    """A VLM prompt's one image placeholder decodes as many: the query does not start with
    the prompt text, and the answers in the prompt's own instruction must not be read."""
    prompt = "<|user|><|image_pad|>Pick one: A. red B. blue\nAnswer: <answer>A</answer>" \
             "<|assistant|>"
    query = prompt.replace("<|image_pad|>", "<|image_pad|>" * 50) + "I think\nAnswer: B"
    assert openrlhf.response_text(query, prompt) == "I think\nAnswer: B"
    label = json.dumps({"answer": "B", "answer_type": "choice", "options": ["red", "blue"],
                        "game": "g", "task": "t", "answer_format": "answer"})
    assert openrlhf.scores([query], [prompt], [label]) == ([1.0], [1.0])
    assert openrlhf.response_text("no prompt here", "") == "no prompt here"


def test_every_near_miss_scores_zero(samples) -> None:
    """Off by one, transposed coordinates, every other option, a move short: all zero."""
    checked = 0
    for sample in samples:
        for miss in wrong_answers(sample):
            for fmt in FORMATS:
                got = visreason.verify(sample, rewards.render_answer(miss, fmt))
                assert got == 0.0, (sample.id, sample.answer_form, miss, fmt)
                checked += 1
    assert checked >= 3 * len(samples)


def test_openrlhf_plain_answer_label() -> None:
    assert openrlhf.scores(["Q: pick\nAnswer: C"], ["Q: pick\n"], ["C"])[0] == [1.0]
    assert openrlhf.scores(["Q: pick\nAnswer: B"], ["Q: pick\n"], ["C"])[0] == [0.0]


@pytest.mark.xfail(strict=True, reason="minesweeper's open-answer reader ignores negation: "
                   "'not hidden' reads as 'hidden'")
def test_a_negated_answer_scores_zero() -> None:
    sample = visreason.generate("minesweeper/cell_state", "easy", 5, 1, text_only=True,
                                answer_form="open")
    assert visreason.verify(sample, f"Answer: not {sample.answer}") == 0.0


def test_open_rows_are_checked_by_rule_through_trainer_columns() -> None:
    """An open move-sequence answer other than the stored one is replayed, not string-matched,
    when it reaches the reward as a trainer's column row."""
    from visreason.core.answers import canonical
    from visreason.rewards.rows import row_to_columns, sample_from_row

    for index in range(40):
        sample = visreason.generate("sokoban/shortest_path_boxes_as_walls", "medium", 0, index,
                                    answer_form="open", text_only=True)
        row = row_to_columns(sample)
        assert row["answer_form"] == "open"
        assert sample_from_row(row).answer_form == "open"
        stored = canonical("sequence", sample.answer).split(", ")
        # A different shortest walk: swap two adjacent different moves when that stays legal.
        for k in range(len(stored) - 1):
            if stored[k] != stored[k + 1]:
                other = [*stored[:k], stored[k + 1], stored[k], *stored[k + 2:]]
                if visreason.verify(sample, ", ".join(other)) == 1.0:
                    assert visreason.verify(row, ", ".join(other)) == 1.0
                    completion = [{"role": "assistant", "content": ", ".join(other)}]
                    columns = {k: [v] for k, v in row.items()}
                    assert rewards.accuracy(prompts=["p"], completions=[completion],
                                            completion_ids=[[0]], **columns) == [1.0]
                    return
    pytest.fail("no alternative shortest walk found in 40 samples")
