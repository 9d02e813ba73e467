"""`visreason.Dataset`: random access, determinism, forms, splits, parameters, HF conversion."""

from __future__ import annotations

from collections import Counter

import pytest

import visreason
from visreason.core.errors import VisreasonError


def test_len_getitem_and_iteration_agree() -> None:
    ds = visreason.Dataset(tasks="maze", levels="easy,hard", size=14, seed=4, text_only=True)
    assert len(ds) == 14
    items = list(ds)
    assert [s.id for s in items] == [ds[i].id for i in range(14)]
    assert ds[-1].id == items[-1].id
    with pytest.raises(IndexError):
        ds[14]
    # Items cycle through (task, level) pairs so any prefix covers all of them.
    assert len({(s.task, s.plot_level) for s in items[:12]}) == 12


def test_random_access_is_deterministic_in_any_order() -> None:
    ds = visreason.Dataset(tasks=["maze/turn_count", "sudoku"], size=20, seed=9, text_only=True)
    forward = [ds[i].to_dict() for i in range(20)]
    backward = [ds[i].to_dict() for i in reversed(range(20))][::-1]
    assert forward == backward
    other = visreason.Dataset(tasks=["maze/turn_count", "sudoku"], size=20, seed=10,
                              text_only=True)
    assert [s.state for s in other] != [s["state"] for s in forward]


def test_score_uses_the_verifier() -> None:
    ds = visreason.Dataset(tasks="maze/turn_count", size=3, seed=0, text_only=True)
    right = ds[1].answer
    assert ds.score(1, f"<answer>{right}</answer>") == 1.0
    assert ds.score(1, f"<answer>{int(right) + 1}</answer>") == 0.0


def test_mixed_form_is_stable_and_near_its_share() -> None:
    from visreason.core.generate import pick_form

    forms = Counter(pick_form("mixed", 0.25, "maze/turn_count", "easy", 1, i) for i in range(400))
    assert 0.18 < forms["open"] / 400 < 0.32
    ds = visreason.Dataset(tasks="maze/path_to_goal", levels="medium", size=24, seed=1,
                           answer_form="mixed", open_share=0.5, text_only=True)
    for i, sample in enumerate(ds):
        task_id, level, index = ds.locate(i)
        assert sample.answer_form == pick_form("mixed", 0.5, task_id, level, 1, index)
        assert (sample.options is None) == (sample.answer_form == "open")
    assert {s.answer_form for s in ds} == {"choice", "open"}


def test_split_and_bad_arguments() -> None:
    ds = visreason.Dataset(tasks="maze/turn_count", size=10, seed=0, split="validation",
                           text_only=True)
    assert {s.partition for s in ds} == {"validation"}
    for kwargs, message in [({"tasks": "nogame"}, "unknown game"),
                            ({"levels": "extreme"}, "unknown level"),
                            ({"size": -1}, "size must be"),
                            ({"answer_form": "essay"}, "unknown answer form"),
                            ({"split": "dev"}, "unknown split"),
                            ({"params": {"nogame": {}}}, "unknown game")]:
        with pytest.raises((VisreasonError, KeyError), match=message):
            visreason.Dataset(**kwargs)


def test_to_hf_round_trip() -> None:
    ds = visreason.Dataset(tasks="maze/turn_count", levels="easy", size=4, seed=2)
    hf = ds.to_hf()
    assert len(hf) == 4 and hf[0]["id"] == ds[0].id
    assert hf[0]["image"].size == ds[0].image.size
    assert visreason.verify(hf[2], ds[2].answer) == 1.0
    streamed = list(ds.to_hf_iterable())
    assert [row["id"] for row in streamed] == [s.id for s in ds]
