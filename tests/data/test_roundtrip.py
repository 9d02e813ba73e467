"""What a writer stores is what the generator made: every sample read back from each format
equals a fresh, independent generation of the same (task, level, seed, index), field by field
(a writer that stored wrong answers would otherwise pass: a stored answer scores against
itself)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

import visreason
import visreason.data.run
from visreason.data import RunConfig, read_dataset, run_dataset
from visreason.data.gameqa_import import import_gameqa
from visreason.data.plan import Job
from visreason.data.run import generate_job

GAMES = tuple(visreason.game_names())
_ID_RE = re.compile(r"^(?P<task>[^/]+/[^/]+)/(?P<level>\w+)/(?P<index>\d+)@(?P<seed>\d+)(?:/\w+)?$")
FIELDS = ("id", "game", "task", "category", "split", "qa_type", "plot_level", "qa_level",
          "question", "options", "answer", "answer_type", "analysis", "state", "meta",
          "answer_form", "partition")


def fresh(sample: visreason.Sample, config: RunConfig) -> visreason.Sample:
    match = _ID_RE.match(sample.id)
    assert match, sample.id
    assert int(match["seed"]) == config.seed
    job = Job(match["task"], match["level"], int(match["index"]))
    return generate_job(job, config.as_json())


def pixels(image: Image.Image) -> bytes:
    return image.convert("RGB").tobytes()


@pytest.mark.parametrize("fmt", ["jsonl", pytest.param("parquet", marks=pytest.mark.hf)])
@pytest.mark.parametrize("form", ["choice", "mixed"])
def test_every_stored_sample_equals_a_fresh_generation(tmp_path: Path, fmt: str,
                                                       form: str) -> None:
    config = RunConfig(GAMES, ("easy", "medium", "hard"), 2, 11, fmt, shard_size=32,
                       answer_form=form)
    run_dataset(tmp_path, config, workers=2)
    stored = list(read_dataset(tmp_path))
    assert len(stored) == len(visreason.data.run.plan_run(config))
    for number, sample in enumerate(stored):
        again = fresh(sample, config)
        for name in FIELDS:
            assert getattr(sample, name) == getattr(again, name), (sample.id, name)
        if number % 7 == 0:  # pictures cost more to compare; a spread of them
            assert pixels(sample.load_image()) == pixels(again.image), sample.id


def test_gameqa_layout_equals_a_fresh_generation(tmp_path: Path) -> None:
    config = RunConfig(GAMES, ("easy", "hard"), 1, 12, "gameqa", shard_size=32)
    run_dataset(tmp_path, config, workers=1)
    stored = list(import_gameqa(tmp_path, strict=True))
    assert len(stored) == len(visreason.data.run.plan_run(config))
    for sample in stored:
        again = fresh(sample, config)
        for name in ("game", "task", "question", "options", "answer", "answer_type", "state",
                     "analysis", "plot_level", "qa_level"):
            assert getattr(sample, name) == getattr(again, name), (sample.id, name)
        assert pixels(sample.load_image()) == pixels(again.image), sample.id
