"""Dataset runs with several questions per state: one picture per state, shared by its
questions, deterministic for any worker count, resumable, counted as states and questions."""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from pathlib import Path

import pytest
from PIL import Image

import visreason
from visreason.core.errors import VisreasonError
from visreason.core.generate import generate_group
from visreason.data import RunConfig, read_dataset, run_dataset
from visreason.data.plan import groups_for
from visreason.data.run import RUN_FILE, _chunk_worker, chunk_payload, differences, plan_run

GAMES = ("maze", "minesweeper")


def config(**overrides) -> RunConfig:
    base = dict(games=GAMES, levels=("easy", "medium"), per_task=2, seed=3, shard_size=12,
                questions_per_state=4, answer_form="mixed")
    base.update(overrides)
    return RunConfig(**base)


def records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "data.jsonl").read_text().splitlines()]


def tree(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("groups")
    run_dataset(out, config(), workers=1)
    return out


def test_each_state_is_one_picture_shared_by_its_questions(reference: Path) -> None:
    rows = records(reference)
    by_group: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_group[row["meta"]["state_group"]].add(row["image"])
    assert all(len(images) == 1 for images in by_group.values())
    pictures = sorted(p.relative_to(reference).as_posix()
                      for p in (reference / "images").rglob("*.png"))
    assert pictures == sorted(next(iter(i)) for i in by_group.values())
    assert len(rows) > len(pictures)  # states really hold several questions
    manifest = json.loads((reference / "manifest.json").read_text())
    assert manifest["states"] == len(pictures) == len(by_group)
    assert manifest["questions"] == manifest["samples"] == len(rows)
    assert all(path in manifest["checksums"] for path in pictures)


def test_stored_questions_equal_a_fresh_group(reference: Path) -> None:
    cfg = config()
    rows = records(reference)
    first = rows[0]["meta"]["state_group"]  # game/level/gN@seed
    game, level, group = first.partition("@")[0].split("/")
    again = generate_group(game, level, cfg.seed, int(group[1:]), cfg.questions_per_state,
                           answer_form=cfg.answer_form, open_share=cfg.open_share)
    stored = [r for r in rows if r["meta"]["state_group"] == first]
    assert [r["id"] for r in stored] == [s.id for s in again]
    assert [r["answer"] for r in stored] == [s.answer for s in again]
    with Image.open(reference / stored[0]["image"]) as picture:
        assert picture.convert("RGB").tobytes() == again[0].image.convert("RGB").tobytes()


def test_same_bytes_with_two_workers(tmp_path: Path, reference: Path) -> None:
    run_dataset(tmp_path, config(), workers=2)
    assert tree(tmp_path) == tree(reference)


def test_states_planned_so_each_task_gets_about_per_task(reference: Path) -> None:
    assert groups_for(10, 6, 4) == 15 and groups_for(10, 6, 10) == 10
    assert groups_for(3, 5, 1) == 15
    cfg = config()
    plan = plan_run(cfg)
    expected = sum(math.ceil(cfg.per_task * n / min(cfg.questions_per_state, n))
                   for game in GAMES for level in cfg.levels
                   if (n := sum(level in t.plot_levels for t in visreason.tasks(game))))
    assert len(plan) == expected
    questions = len(records(reference))
    asked_for = sum(cfg.per_task * sum(level in t.plot_levels for t in visreason.tasks(g))
                    for g in GAMES for level in cfg.levels)
    assert questions <= len(plan) * cfg.questions_per_state
    assert questions >= asked_for // 2


def test_interrupted_and_damaged_group_run_resumes_to_the_same_files(tmp_path: Path,
                                                                     reference: Path) -> None:
    cfg = config()
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / RUN_FILE).write_text(json.dumps(cfg.as_json()))
    plan = plan_run(cfg)
    for chunk in (0, 1, 2):
        _chunk_worker(chunk_payload(tmp_path, cfg, plan, chunk))
    image = sorted((tmp_path / "images").rglob("*.png"))[0]
    image.write_bytes(image.read_bytes()[:50])  # a picture half written when power went
    summary = run_dataset(tmp_path, cfg, workers=2)
    assert summary.resumed_chunks == 2
    assert tree(tmp_path) == tree(reference)


@pytest.mark.parametrize("fmt", ["gameqa", pytest.param("parquet", marks=pytest.mark.hf)])
def test_other_formats_share_one_picture(tmp_path: Path, fmt: str) -> None:
    summary = run_dataset(tmp_path, config(games=("maze",), format=fmt), workers=1)
    if fmt == "gameqa":
        rows = json.loads((tmp_path / "data.json").read_text())
        assert len({r["image"] for r in rows}) == summary.states < len(rows)
        assert len({r["state"] for r in rows}) == summary.states
        assert len(list((tmp_path / "images").rglob("*.png"))) == summary.states
        assert all((tmp_path / r["state"]).exists() for r in rows)
    else:
        back = list(read_dataset(tmp_path))
        assert len(back) == summary.samples
        groups = defaultdict(set)
        for sample in back:
            groups[sample.meta["state_group"]].add(sample.load_image().tobytes())
        assert len(groups) == summary.states and all(len(g) == 1 for g in groups.values())


def test_one_question_per_state_is_the_default_and_old_records_compare() -> None:
    cfg = RunConfig(GAMES, ("easy",), 2, 3)
    recorded = {k: v for k, v in cfg.as_json().items() if k != "questions_per_state"}
    assert cfg.questions_per_state == 1 and differences(recorded, cfg.as_json()) == []
    assert "questions_per_state (1 there, 3 now)" in differences(
        recorded, config(questions_per_state=3).as_json() | {"answer_form": "choice"})[-1]


@pytest.mark.parametrize("extra, message", [
    ({"tool_transforms": ("rotate",)}, "--tool-tasks cannot go with"),
    ({"questions_per_state": 0}, "positive integer"),
])
def test_combinations_it_cannot_honour_are_refused(tmp_path, extra, message) -> None:
    with pytest.raises(VisreasonError, match=message):
        run_dataset(tmp_path, config(**extra), workers=1)


def test_chosen_tasks_share_states_among_themselves_only(tmp_path: Path) -> None:
    chosen = ("maze/path_to_goal", "maze/turn_count", "minesweeper/cell_state")
    summary = run_dataset(tmp_path, config(tasks=chosen), workers=1)
    rows = records(tmp_path)
    assert {f"{r['game']}/{r['task']}" for r in rows} == set(chosen)
    assert summary.tasks == len(chosen)
    by_group: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_group[row["meta"]["state_group"]].add(row["task"])
    assert max(len(asked) for asked in by_group.values()) == 2  # both maze tasks, one picture
    per_task = defaultdict(int)
    for row in rows:
        per_task[row["task"]] += 1
    assert min(per_task.values()) >= 2 * 2  # per_task 2 at each of two levels
