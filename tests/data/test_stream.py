from __future__ import annotations

import itertools
import json
from collections import Counter

import pytest
from PIL import Image

import visreason
from visreason import VisreasonError, rewards
from visreason.data import stream
from visreason.data.curriculum import AdaptiveCurriculum
from visreason.data.stream import SampleStream

TASKS = [t.id for t in visreason.tasks()]


def _take(iterable, n):
    return list(itertools.islice(iter(iterable), n))


def test_rows_are_trl_conversational_with_pil_images_and_verifier_columns() -> None:
    rows = _take(stream(image_size=64, seed=1, limit=6), 10)
    assert len(rows) == 6
    for row in rows:
        user = row["prompt"][-1]
        assert user["role"] == "user"
        assert user["content"][0] == {"type": "image"}
        assert user["content"][1]["type"] == "text"
        assert rewards.instruction("think") in user["content"][1]["text"]
        assert isinstance(row["image"], Image.Image) and max(row["image"].size) == 64
        # The stored answer, written as asked, earns full reward from the columns alone.
        columns = {k: [row[k]] for k in row if k not in ("prompt", "image")}
        completion = [[{"role": "assistant", "content": rewards.render_answer(row["answer"],
                                                                              "think")}]]
        assert rewards.accuracy(prompts=[row["prompt"]], completions=completion, **columns) \
            == [1.0]
        assert rewards.format(prompts=[row["prompt"]], completions=completion, **columns) == [1.0]


def test_same_seed_same_items_any_kind() -> None:
    first = _take(stream(seed=7, kind="python"), 8)
    second = _take(stream(seed=7, kind="hf"), 8)
    other = _take(stream(seed=8, kind="python"), 8)
    assert [r["id"] for r in first] == [r["id"] for r in second]
    assert [r["image"].tobytes() for r in first] == [r["image"].tobytes() for r in second]
    assert [r["id"] for r in first] != [r["id"] for r in other]
    # Item i does not depend on where iteration starts.
    later = _take(SampleStream(seed=7, start=5), 3)
    assert [r["id"] for r in later] == [r["id"] for r in first[5:8]]


def test_weights_and_levels_shape_the_mix() -> None:
    games = sorted({t.split("/")[0] for t in TASKS})
    if len(games) < 2:
        pytest.skip("needs two games")
    heavy, light = games[0], games[1]
    source = SampleStream([heavy, light], weights={heavy: 9, light: 1}, levels=["easy"], seed=0)
    picks = [source.pick(i) for i in range(600)]
    counts = Counter(task.split("/")[0] for task, _ in picks)
    assert counts[heavy] > 4 * counts[light] > 0
    assert {level for _, level in picks} <= {"easy"}
    only = SampleStream([f"{heavy}"], levels={"easy": 0, "hard": 1}, seed=0)
    assert {only.pick(i)[1] for i in range(50)} <= {"hard"}


def test_curriculum_sets_levels() -> None:
    task = TASKS[0]
    curriculum = AdaptiveCurriculum([task], start="easy", window=2)
    source = SampleStream([task], curriculum=curriculum, seed=0, text_only=True)
    assert source.row(0)["plot_level"] == curriculum.level(task)
    curriculum.update(task, 1.0)
    curriculum.update(task, 1.0)
    assert source.row(1)["plot_level"] == curriculum.level(task) != "easy" or \
        len(visreason.get_task(task).plot_levels) == 1


def test_text_only_rows_carry_no_image() -> None:
    row = _take(stream(seed=0, text_only=True, answer_format=None), 1)[0]
    assert "image" not in row and row["prompt"][-1]["content"][0]["type"] == "text"
    assert rewards.instruction("think") not in row["prompt"][-1]["content"][0]["text"]


@pytest.mark.torch
def test_torch_dataloader_workers_split_the_stream_without_overlap() -> None:
    import torch
    data = stream(seed=2, limit=8, kind="torch", text_only=True)
    loader = torch.utils.data.DataLoader(data, batch_size=None, num_workers=2,
                                         collate_fn=lambda row: row)
    ids = sorted(row["id"] for row in loader)
    assert ids == sorted(r["id"] for r in SampleStream(seed=2, limit=8, text_only=True))


@pytest.mark.parametrize(("options", "message"), [
    ({"tasks": ["nogame"]}, "unknown game"),
    ({"weights": {"nogame": 2}}, "unknown game"),
    ({"levels": ["extreme"]}, "unknown level"),
    ({"answer_format": "xml"}, "unknown answer format"),
    ({"image_size": 2}, "image_size"),
    ({"kind": "spark"}, "unknown stream kind"),
])
def test_bad_options_are_clear_errors(options, message) -> None:
    with pytest.raises(VisreasonError, match=message):
        stream(**options)


def test_stream_forms_splits_parameters_and_graded_curriculum() -> None:
    from visreason.data.curriculum import AdaptiveCurriculum
    from visreason.data.stream import SampleStream

    source = SampleStream("sokoban/min_moves", seed=3, answer_form="open", split="test",
                          params={"sokoban": {"size": 7}}, text_only=True, limit=6)
    rows = list(source)
    assert len(rows) == 6
    for row in rows:
        assert row["answer_form"] == "open" and row["options"] is None
        state = json.loads(row["state"]) if isinstance(row["state"], str) else row["state"]
        assert len(state["grid"]) == 7
        assert visreason.verify(row, row["answer"]) == 1.0
    curriculum = AdaptiveCurriculum(["sokoban/min_moves"], start="hard", grades=5)
    graded = SampleStream("sokoban/min_moves", seed=3, curriculum=curriculum, text_only=True,
                          limit=2)
    sizes = {len((json.loads(r["state"]) if isinstance(r["state"], str) else r["state"])["grid"])
             for r in graded}
    assert sizes == {visreason.get_game("sokoban").presets["hard"]["size"]}
