"""A worker's batches: questions first, pictures after, the same items as one job at a time."""

from __future__ import annotations

import io

import pytest
from PIL import Image

import visreason
from visreason.core.errors import VisreasonError
from visreason.core.generate import add_picture, generate, generate_group, pick_form
from visreason.data import run as run_mod
from visreason.data.plan import GroupJob, Job
from visreason.data.run import RunConfig, make_items, picture_kind
from visreason.render import memory


def pixels(png: bytes) -> bytes:
    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def settings(**overrides) -> dict:
    base = dict(games=("maze", "tictactoe"), levels=("easy", "medium"), per_task=4, seed=9,
                answer_form="mixed", open_share=0.5, text_only_share=0.3)
    base.update(overrides)
    return RunConfig(**base).as_json()


def jobs_of(config: dict) -> list[Job]:
    return [Job(t.id, level, index) for game in config["games"] for t in visreason.tasks(game)
            for level in config["levels"] if level in t.plot_levels
            for index in range(config["per_task"])]


def test_batched_items_are_the_samples_generate_makes_one_by_one(monkeypatch) -> None:
    monkeypatch.setattr(run_mod, "PICTURE_BATCH", 5)  # several batches and a partial last one
    config, failures = settings(), []
    jobs = jobs_of(config)
    made = [items for items in make_items(iter(jobs), config, False, failures)]
    assert not failures and len(made) == len(jobs)
    kinds = set()
    for job, (item,) in zip(jobs, made, strict=True):
        form = pick_form("mixed", 0.5, job.task_id, job.level, 9, job.index)
        text = picture_kind(config, job.task_id, job.level, job.index) == "text"
        kinds.add(text)
        alone = generate(job.task_id, job.level, 9, job.index, answer_form=form, text_only=text)
        assert item.sample.to_dict() == alone.to_dict()  # image dropped once encoded
        if text:
            assert item.png is None and item.image is None
        else:
            assert pixels(item.png) == alone.image.convert("RGB").tobytes()
    assert kinds == {True, False}


def test_a_failure_in_either_phase_is_recorded_and_the_batch_goes_on(monkeypatch) -> None:
    monkeypatch.setattr(run_mod, "PICTURE_BATCH", 4)
    config = settings(games=("tictactoe",), levels=("easy",), text_only_share=0.0)
    jobs = jobs_of(config)[:8]
    broken_question, broken_picture = jobs[1], jobs[5]
    real_questions = run_mod.job_questions
    real_pictures = run_mod.with_pictures
    events: list[tuple[str, str, int]] = []

    def questions(job, config):
        events.append(("question", job.task_id, job.index))
        if job == broken_question:
            raise RuntimeError("no question")
        return real_questions(job, config)

    def pictures(samples, kind, config):
        job = Job(samples[0].task_id, samples[0].plot_level,
                  int(samples[0].id.split("/")[3].partition("@")[0]))
        events.append(("picture", job.task_id, job.index))
        if job == broken_picture:
            raise OSError("no picture")
        return real_pictures(samples, kind, config)

    monkeypatch.setattr(run_mod, "job_questions", questions)
    monkeypatch.setattr(run_mod, "with_pictures", pictures)
    failures: list[dict] = []
    made = list(make_items(iter(jobs), config, False, failures))
    # each batch of four: all its questions, then the pictures of those that were built
    assert events == [("question", j.task_id, j.index) for j in jobs[:4]] + \
        [("picture", j.task_id, j.index) for j in jobs[:4] if j != broken_question] + \
        [("question", j.task_id, j.index) for j in jobs[4:]] + \
        [("picture", j.task_id, j.index) for j in jobs[4:]]
    assert [(f["task"], f["index"]) for f in failures] == \
        [(broken_question.task_id, 1), (broken_picture.task_id, 1)]
    assert "RuntimeError: no question" in failures[0]["error"]
    assert "OSError: no picture" in failures[1]["error"]
    kept = [j for j in jobs if j not in (broken_question, broken_picture)]
    assert [items[0].sample.id.removesuffix("/open") for items in made] == \
        [f"{j.task_id}/{j.level}/{j.index}@9" for j in kept]


def test_a_state_job_encodes_its_one_picture_once() -> None:
    config = settings(games=("maze",), text_only_share=0.0, questions_per_state=3)
    made = list(make_items(iter([GroupJob("maze", "medium", g) for g in range(4)]), config,
                           True, []))
    for group, items in enumerate(made):
        assert len(items) > 1 and len({i.image for i in items}) == 1
        assert all(i.png is items[0].png for i in items)
        alone = generate_group("maze", "medium", 9, group, 3, answer_form="mixed")
        assert [i.sample.id for i in items] == [s.id for s in alone]
        assert pixels(items[0].png) == alone[0].image.convert("RGB").tobytes()


def test_add_picture_draws_what_generate_draws_and_shares_it() -> None:
    drawn = generate("sokoban/min_moves", "medium", 2, 7)
    later = generate("sokoban/min_moves", "medium", 2, 7, picture=False)
    assert later.image is None and later.question == drawn.question
    add_picture([later])
    assert later.image.tobytes() == drawn.image.tobytes()
    group = generate_group("maze", "easy", 1, 0, 3, picture=False)
    assert all(s.image is None for s in group)
    add_picture(group)
    assert all(s.image is group[0].image for s in group)
    other = generate("maze/player_position", "easy", 1, 5, picture=False)
    with pytest.raises(VisreasonError, match="one state"):
        add_picture([group[0], other])


def test_image_memory_reuse_leaves_a_users_setting_alone(monkeypatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(Image.core, "get_blocks_max", lambda: 2)
    monkeypatch.setattr(Image.core, "set_blocks_max", calls.append)
    monkeypatch.delenv("PILLOW_BLOCKS_MAX", raising=False)
    memory.reuse_image_memory(8)
    memory.reuse_image_memory(1)  # never lowered
    assert calls == [8]
    monkeypatch.setenv("PILLOW_BLOCKS_MAX", "0")
    memory.reuse_image_memory(8)
    assert calls == [8]
