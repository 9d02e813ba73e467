"""Tool tasks: deterministic by seed, transform and box recorded, the answer unchanged."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest
from PIL import Image

import visreason
from visreason.core.errors import VisreasonError
from visreason.data.read import read_dataset
from visreason.tools import transforms as tf
from visreason.tools.generate import ToolTaskConfig, write_tool_tasks
from visreason.tools.tasks import TRANSFORMS, parse_transforms, read_user_records, tool_sample


@pytest.fixture(scope="module")
def base() -> visreason.Sample:
    task = next(t for t in visreason.tasks("sudoku") if t.answer_type == "choice")
    return visreason.generate(task.id, "medium", 0, 0)


@pytest.mark.parametrize("name", ["rotate90", "rotate180", "rotate270", "flip_h", "flip_v"])
def test_orientations_are_undone_by_their_inverse(base, name) -> None:
    tool = tool_sample(base, 0, transform=name)
    spec = tool.meta["tool"]
    assert spec["transform"] == name and spec["inverse"] == tf.inverse(name)
    assert spec["base_id"] == base.id and spec["size"] == list(tool.image.size)
    restored = tf.apply(tool.image, spec["inverse"])
    assert np.array_equal(np.asarray(restored.convert("RGB")),
                          np.asarray(base.image.convert("RGB")))
    assert (tool.answer, tool.answer_type, tool.options) == \
        (base.answer, base.answer_type, base.options)
    assert visreason.verify(tool, f"<answer>{base.answer}</answer>") == 1.0


def test_crop_tasks_hide_a_small_copy_at_the_box(base) -> None:
    tool = tool_sample(base, 0, transform="crop")
    x0, y0, x1, y1 = tool.meta["tool"]["box"]
    canvas = tool.image
    assert canvas.width >= 2.5 * base.image.width
    assert (x1 - x0) * (y1 - y0) < 0.1 * canvas.width * canvas.height  # it needs a zoom
    region = canvas.crop((x0, y0, x1, y1))
    assert tf.difference(region, base.image.convert("RGB")) < 0.02
    assert "small" in tool.question.split("\n")[0]


def test_low_contrast_and_none(base) -> None:
    dull = tool_sample(base, 0, transform="low_contrast")
    factor = dull.meta["tool"]["params"]["factor"]
    assert 0.1 < factor < 0.3
    assert tf.contrast(dull.image) < 0.35 * tf.contrast(base.image)
    control = tool_sample(base, 0, transform="none")
    assert np.array_equal(np.asarray(control.image), np.asarray(base.image))


def test_same_seed_same_task_other_seed_other_draws(base) -> None:
    first, again = tool_sample(base, 7), tool_sample(base, 7)
    assert first.id == again.id and first.meta == again.meta
    assert first.image.tobytes() == again.image.tobytes()
    drawn = Counter(tool_sample(base, seed).meta["tool"]["transform"] for seed in range(80))
    assert set(drawn) == set(TRANSFORMS)
    crops = {tuple(tool_sample(base, s, transform="crop").meta["tool"]["box"]) for s in range(5)}
    assert len(crops) == 5


def test_symmetric_pictures_skip_invisible_rotations() -> None:
    square = Image.new("RGB", (64, 64), "white")
    sample = visreason.Sample.from_dict({"id": "x/y/medium/0@0", "game": "user", "task": "t",
                                         "answer": "A", "answer_type": "choice",
                                         "options": ["a", "b"], "image": square})
    for seed in range(10):
        picked = tool_sample(sample, seed).meta["tool"]["transform"]
        assert picked not in ("rotate90", "rotate180", "rotate270", "flip_h", "flip_v")
    with pytest.raises(VisreasonError, match="unchanged"):
        tool_sample(sample, 0, transform="rotate90")


def test_transform_names_are_checked() -> None:
    assert parse_transforms("rotate,crop") == ("rotate90", "rotate180", "rotate270", "crop")
    assert parse_transforms("all") == TRANSFORMS
    with pytest.raises(VisreasonError, match="unknown tool transform 'spin'"):
        parse_transforms("rotate90,spin")


def test_a_dataset_of_tool_tasks_round_trips(tmp_path) -> None:
    config = ToolTaskConfig(("tictactoe", "maze"), ("easy",), 3, 5)
    summary = write_tool_tasks(tmp_path / "a", config, workers=2)
    again = write_tool_tasks(tmp_path / "b", config, workers=1)
    assert summary.samples == again.samples == sum(summary.transforms.values())
    assert (tmp_path / "a" / "data.jsonl").read_text() == (tmp_path / "b" / "data.jsonl") \
        .read_text()  # any worker count, same data
    samples = list(read_dataset(tmp_path / "a"))
    assert len(samples) == summary.samples
    for sample in samples:
        spec = sample.meta["tool"]
        assert spec["size"] == list(sample.load_image().size)
        base = visreason.generate(spec["base_id"].split("@")[0].rsplit("/", 2)[0],
                                  sample.plot_level, 5,
                                  int(spec["base_id"].split("@")[0].rsplit("/", 1)[1]))
        assert base.answer == sample.answer
    assert write_tool_tasks(tmp_path / "a", config).seconds == 0.0  # already there
    with pytest.raises(VisreasonError, match="other tool tasks"):
        write_tool_tasks(tmp_path / "a", ToolTaskConfig(("maze",), ("easy",), 1, 5))


def _user_file(tmp_path, records) -> str:
    picture = Image.new("RGB", (200, 100), "white")
    picture.paste((255, 0, 0), (150, 10, 190, 40))
    picture.save(tmp_path / "pic.png")
    path = tmp_path / "mine.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


def test_user_records_become_tool_tasks(tmp_path) -> None:
    path = _user_file(tmp_path, [
        {"image": "pic.png", "question": "What colour is the box?", "answer": "red",
         "box": [150, 10, 190, 40], "id": "a"},
        {"image": "pic.png", "question": "How many boxes?", "answer": "1", "id": "b"},
        {"image": "pic.png", "question": "Which?", "answer": "B", "options": ["x", "y"]},
    ])
    samples = list(read_user_records(path))
    assert [s.answer_type for s in samples] == ["text", "integer", "choice"]
    rotated = tool_sample(samples[0], 0, transform="rotate90")
    box = rotated.meta["tool"]["box"]
    assert box == [10, 10, 40, 50]  # the red box, after a quarter turn of a 200x100 picture
    assert tool_sample(samples[0], 0, transform="crop").meta["tool"]["box"] == \
        [150, 10, 190, 40]
    summary = write_tool_tasks(tmp_path / "out", ToolTaskConfig(source=path, seed=1))
    assert summary.samples == 3
    assert visreason.verify(next(read_dataset(tmp_path / "out")), "<answer>Red</answer>") == 1


@pytest.mark.parametrize(("record", "message"), [
    ({"question": "q", "answer": "a"}, "missing image"),
    ({"image": "pic.png", "answer": "a"}, "missing question"),
    ({"image": "nowhere.png", "question": "q", "answer": "a"}, "does not exist"),
    ({"image": "pic.png", "question": "q", "answer": "a", "box": [5, 5, 1, 1]}, "empty"),
    ({"image": "pic.png", "question": "q", "answer": "a", "box": [0, 0, 500, 50]}, "outside"),
    ({"image": "pic.png", "question": "q", "answer": "a", "answer_type": "colour"},
     "answer_type"),
    ({"image": "pic.png", "question": "q", "answer": "abc", "answer_type": "integer"},
     "well-formed"),
    ([1, 2], "JSON object"),
])
def test_bad_user_records_are_named(tmp_path, record, message) -> None:
    path = _user_file(tmp_path, [record])
    with pytest.raises(VisreasonError, match=message) as caught:
        list(read_user_records(path))
    assert "mine.jsonl:1" in str(caught.value)
