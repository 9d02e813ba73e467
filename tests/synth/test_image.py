"""Image synthesis: seeds from a user's JSONL or a visreason dataset, and the picture really
sent with every request about it."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from PIL import Image

from visreason.core.errors import VisreasonError
from visreason.data.read import read_dataset
from visreason.synth.image import read_seeds
from visreason.synth.pipeline import image_jobs
from visreason.synth.schema import IMAGE_RELATIONS

from .model import SynthServer, item_key, run_pipeline


def image_parts(body: dict) -> list[bytes]:
    found = []
    for message in body["messages"]:
        if isinstance(message["content"], list):
            for part in message["content"]:
                if part["type"] == "image_url":
                    head, _, data = part["image_url"]["url"].partition(",")
                    assert head in ("data:image/png;base64", "data:image/jpeg;base64")
                    found.append(base64.b64decode(data))
    return found


def user_seeds(folder: Path, count: int = 3) -> Path:
    folder.mkdir()
    lines = []
    for i in range(count):
        Image.new("RGB", (20 + i, 16), (40 * i, 90, 200)).save(folder / f"p{i}.png")
        lines.append({"image": f"p{i}.png", "question": f"What colour is picture {i}?",
                      "answer": "blue", **({"id": f"mine-{i}"} if i else {})})
    Image.new("RGB", (8, 8), "red").save(folder / "photo.jpg")
    lines.append({"image": str(folder / "photo.jpg"), "question": "What is it?", "answer": "x",
                  "id": "jpeg"})
    lines.append({"image": "missing.png", "question": "Q?", "answer": "A"})
    lines.append({"question": "no picture", "answer": "A"})
    (folder / "seeds.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    return folder


def test_user_seeds_are_read_and_bad_lines_named(tmp_path) -> None:
    skipped: list[str] = []
    seeds = read_seeds(user_seeds(tmp_path / "seeds"), skipped)
    assert [s.id for s in seeds] == ["seeds-1", "mine-1", "mine-2", "jpeg"]
    assert seeds[0].question == "What colour is picture 0?" and seeds[0].answer == "blue"
    assert Path(seeds[0].image).is_absolute()
    assert skipped == ["seeds.jsonl:5: no picture at 'missing.png'", "seeds.jsonl:6: no image"]
    # the file itself works as --seeds too
    assert len(read_seeds(tmp_path / "seeds" / "seeds.jsonl")) == 4


def test_no_usable_seed_is_an_error(tmp_path) -> None:
    (tmp_path / "seeds.jsonl").write_text('{"question": "Q", "answer": "A"}\n')
    with pytest.raises(VisreasonError, match="no usable seed"):
        read_seeds(tmp_path)


def test_every_request_about_an_item_carries_its_seed_picture(tmp_path) -> None:
    seeds = read_seeds(user_seeds(tmp_path / "seeds"))
    jobs = image_jobs(seeds, per_seed=2)
    assert [j.relation for j in jobs] == [*IMAGE_RELATIONS, *IMAGE_RELATIONS]
    with SynthServer() as server:
        summary = run_pipeline(server, tmp_path / "run", jobs, dedup=None)
        log = list(server.log)
        assert server.bad_images == 0
    assert summary.counts == {"kept": 8}
    expected = {j.id: Path(j.seed.image).read_bytes() for j in jobs}
    assert len(log) == 8 * 5
    by_item: dict[str, int] = {}
    for call_id, body in log:
        item = item_key(call_id)[0]
        assert image_parts(body) == [expected[item]], call_id
        by_item[item] = by_item.get(item, 0) + 1
    assert by_item == dict.fromkeys(expected, 5)
    kept = list(read_dataset(tmp_path / "run"))
    assert {s.game for s in kept} == {"synth_image"}
    for sample in kept:
        assert Path(sample.image).read_bytes() == expected[sample.id]
        assert sample.task == sample.state["relation"]
        assert sample.state["seed_question"].startswith(("What colour", "What is it"))
    # one stored picture per seed, however many items use it
    assert len(list((tmp_path / "run" / "images").iterdir())) == 4


def test_seeds_from_a_visreason_dataset(tmp_path) -> None:
    from visreason.data.run import RunConfig, run_dataset

    run_dataset(tmp_path / "data", RunConfig(("maze",), ("easy",), 1, 0))
    seeds = read_seeds(tmp_path / "data")[:3]
    assert all(Path(s.image).is_file() for s in seeds)
    jobs = image_jobs(seeds, ["spatial_reasoning"])
    with SynthServer() as server:
        summary = run_pipeline(server, tmp_path / "run", jobs, dedup=None, consistency=1)
        generation = [b for b in server.bodies if "Seed question" in json.dumps(b["messages"])]
    assert summary.counts == {"kept": 3}
    for seed, body in zip(seeds, generation, strict=True):
        assert image_parts(body) == [Path(seed.image).read_bytes()]
        text = body["messages"][0]["content"][1]["text"]
        assert seed.question[:200] in text and f"Seed answer: {seed.answer}" in text
    assert {item_key(i)[0] for i in server.attempts} == {j.id for j in jobs}


def test_unknown_relations_are_refused(tmp_path) -> None:
    seeds = read_seeds(user_seeds(tmp_path / "seeds"))
    with pytest.raises(VisreasonError, match="unknown image relation"):
        image_jobs(seeds, ["bridging"])
