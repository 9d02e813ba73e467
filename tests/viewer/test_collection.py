"""Every kind of PATH opens as what it is, and what a page needs comes back from the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from visreason.core.errors import VisreasonError
from visreason.core.generate import generate
from visreason.data.gameqa_import import import_gameqa
from visreason.data.read import read_dataset
from visreason.viewer.collection import open_collection
from visreason.viewer.datasets import picture_bytes
from visreason.viewer.index import Query
from visreason.viewer.text import chosen_letters, option_rows, text_only_prompt


def test_jsonl_dataset_rows_match_the_reader(dataset, samples) -> None:
    view = open_collection([dataset])
    assert not view.is_run and view.problem_count == 0
    assert view.ids == [s.id for s in samples]
    for row, expected in enumerate(samples):
        got = view.sample(row)
        assert (got.question, got.answer, got.options, got.state, got.answer_form,
                got.partition) == (expected.question, expected.answer, expected.options,
                                   expected.state, expected.answer_form, expected.partition)
        assert picture_bytes(view.picture(row)) == Path(expected.image).read_bytes()
    forms = {view.index.value("answer_form", r) for r in range(len(view))}
    assert forms == {"choice", "open"}  # the mixed dataset holds both, and both filter
    open_rows = view.index.select(Query.make({"answer_form": "open"}))
    assert {samples[r].answer_form for r in open_rows} == {"open"}
    partitions = view.index.values["partition"]
    assert set(partitions) == {s.partition for s in samples}
    train = view.index.select(Query.make({"partition": partitions[-1]}))
    assert {samples[r].partition for r in train} == {partitions[-1]}


def test_a_data_file_opens_like_its_directory(dataset) -> None:
    assert open_collection([dataset / "data.jsonl"]).ids == open_collection([dataset]).ids


@pytest.mark.hf
def test_parquet_shards(parquet_dataset) -> None:
    view = open_collection([parquet_dataset])
    expected = list(read_dataset(parquet_dataset))
    assert view.dataset.kind == "parquet" and len(view.dataset.shards) > 1
    assert view.ids == [s.id for s in expected]
    last = len(expected) - 1
    assert view.sample(last).question == expected[last].question
    assert picture_bytes(view.picture(last)) == expected[last].image
    assert all(view.has_picture(r) for r in range(len(view)))


@pytest.mark.hf
def test_broken_parquet_shards_are_named_and_skipped(parquet_dataset, tmp_path) -> None:
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    copy = tmp_path / "shards"
    shutil.copytree(parquet_dataset, copy)
    shards = sorted((copy / "data").glob("*.parquet"))
    kept = sum(pq.ParquetFile(s).metadata.num_rows for s in shards[1:-1])
    shards[0].write_bytes(b"PAR1 this is not parquet")
    pq.write_table(pa.table({"id": ["x"], "colour": ["red"]}), shards[-1])
    view = open_collection([copy])
    assert len(view) == kept and view.problem_count == 2
    assert any("unreadable Parquet" in p for p in view.problems)
    assert any("no game, task, answer, answer_type column" in p for p in view.problems)


def test_gameqa_layout(gameqa_dataset) -> None:
    view = open_collection([gameqa_dataset])
    expected = list(import_gameqa(gameqa_dataset))
    assert view.dataset.kind == "gameqa"
    assert view.ids == [s.id for s in expected]
    assert view.sample(0).answer == expected[0].answer
    assert view.index.values["category"] != [""]  # filled from the registry
    records = json.loads((gameqa_dataset / "data.json").read_text("utf-8"))
    assert picture_bytes(view.picture(0)) == (gameqa_dataset / records[0]["image"]).read_bytes()
    assert view.sample(0).state == json.loads(
        (gameqa_dataset / records[0]["state"]).read_text("utf-8"))


def test_gameqa_folders_one_per_game(gameqa_dataset, tmp_path) -> None:
    """GameQA publishes one folder per game, each with its data.json, images/ and states/."""
    import shutil

    root = tmp_path / "GameQA"
    for game in ("tictactoe", "lifegame"):
        folder = root / game
        shutil.copytree(gameqa_dataset / "images" / game, folder / "images" / game)
        shutil.copytree(gameqa_dataset / "states" / game, folder / "states" / game)
        records = json.loads((gameqa_dataset / "data.json").read_text("utf-8"))
        mine = [r for r in records if r["data_id"].startswith(game + "/")]
        (folder / "data.json").write_text(json.dumps(mine), encoding="utf-8")
    view = open_collection([root])
    assert view.dataset.kind == "gameqa" and len(view.dataset.files) == 2
    assert set(view.index.values["game"]) == {"tictactoe", "lifegame"}
    for row in range(len(view)):
        record_image = view.images[row]
        assert record_image.split("/", 1)[0] in ("tictactoe", "lifegame")
        assert picture_bytes(view.picture(row)) == (root / record_image).read_bytes()
        assert view.sample(row).state  # read from the game folder's states/


def test_gameqa_image_outside_is_refused_but_the_record_shown(tmp_path) -> None:
    (tmp_path / "secret.png").write_bytes(b"\x89PNG secret")
    data = tmp_path / "data"
    data.mkdir()
    (data / "data.json").write_text(json.dumps([{
        "data_id": "x-1", "image": "../secret.png", "question": "How many?", "answer": "3",
        "qa_type": "Target Perception", "plot_level": "Easy", "qa_level": "Easy",
        "question_id": 1}]), encoding="utf-8")
    view = open_collection([data])
    assert len(view) == 1 and view.sample(0).answer == "3"
    assert view.picture(0) is None and not view.has_picture(0)


def test_gameqa_state_outside_the_dataset_is_not_read(tmp_path) -> None:
    (tmp_path / "secret.json").write_text('{"password": "hunter2"}', encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "data.json").write_text(json.dumps([{
        "data_id": "x-1", "image": "images/x/1.png", "state": "../secret.json",
        "question": "How many?", "answer": "3", "qa_type": "Target Perception",
        "plot_level": "Easy", "qa_level": "Easy", "question_id": 1,
        "question_description": "count"}]), encoding="utf-8")
    view = open_collection([data])
    assert view.sample(0).state == {}


def test_gameqa_record_with_unreadable_answer_is_shown_and_named(tmp_path) -> None:
    (tmp_path / "data.json").write_text(json.dumps([
        {"data_id": "g-1", "question": "Pick one", "options": ["a", "b"], "answer": "zebra"},
        "not a record",
    ]), encoding="utf-8")
    view = open_collection([tmp_path])
    assert len(view) == 1 and view.sample(0).answer == "zebra"
    assert view.problem_count == 2
    assert any("not an object" in p for p in view.problems)


def test_runs_join_their_dataset(runs, samples) -> None:
    paths = [path for path, _ in runs.values()]
    view = open_collection(paths)
    assert view.is_run and [r.name for r in view.runs] == list(runs)
    assert view.dataset is not None and view.ids == [s.id for s in samples]
    for run, (_, wrong) in enumerate(runs.values()):
        shown = {view.ids[r] for r in view.index.select(Query.make(outcome="wrong", run=run))}
        assert shown == wrong
    differ = {view.ids[r] for r in view.index.select(Query.make(outcome="differ"))}
    alpha, beta = (w for _, w in runs.values())
    assert differ == alpha ^ beta
    assert view.has_picture(0)


def test_run_without_its_dataset_still_shows_records(runs, tmp_path) -> None:
    path, wrong = runs["alpha"]
    moved = tmp_path / "alone"
    moved.mkdir()
    settings = json.loads((path / "run.json").read_text("utf-8"))
    settings["settings"]["data"] = str(tmp_path / "gone")
    (moved / "run.json").write_text(json.dumps(settings), encoding="utf-8")
    (moved / "records.jsonl").write_bytes((path / "records.jsonl").read_bytes()
                                          + b'{"id": "torn", "sco')
    view = open_collection([moved])
    assert view.dataset is None and not view.has_picture(0)
    assert "dataset was not found" in view.problems[0]
    assert any("incomplete last line" in p for p in view.problems)
    assert {view.ids[r] for r in view.index.select(Query.make(outcome="wrong"))} == wrong
    stand_in = view.sample(0)
    assert stand_in.id == view.ids[0] and stand_in.question  # the prompt the model saw


def test_data_option_names_the_dataset(runs, dataset, tmp_path) -> None:
    path, _ = runs["alpha"]
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / "records.jsonl").write_bytes((path / "records.jsonl").read_bytes())
    assert open_collection([lone]).dataset is None
    assert open_collection([lone], data=dataset).dataset is not None


def test_agent_run_trajectories(agent_run, samples) -> None:
    view = open_collection([agent_run])
    assert view.runs[0].agent and view.runs[0].model == "agent-model"
    row = view.ids.index(samples[0].id)
    assert picture_bytes(view.step_picture(row, 0, 0, 0)) == \
        (agent_run / "images" / "t0" / "0.png").read_bytes()
    assert view.step_picture(row, 0, 2, 0) is not None
    assert view.step_picture(row, 0, 1, 0) is None  # that turn has no image
    assert view.step_picture(row, 0, 9, 0) is None and view.step_picture(row, 3, 0, 0) is None
    escape = view.ids.index(samples[2].id)
    assert view.step_picture(escape, 0, 0, 0) is None  # ../outside.png
    assert view.step_picture(escape, 0, 0, 1) is None  # absolute path outside


@pytest.mark.parametrize("make, message", [
    (lambda tmp: [tmp / "missing"], "no such file"),
    (lambda tmp: [tmp], "holds no dataset"),
    (lambda tmp: [], "nothing to view"),
])
def test_bad_paths_are_clear_errors(tmp_path, make, message) -> None:
    with pytest.raises(VisreasonError, match=message):
        open_collection(make(tmp_path))


def test_dataset_and_run_together_is_an_error(dataset, runs) -> None:
    with pytest.raises(VisreasonError, match="not both"):
        open_collection([dataset, runs["alpha"][0]])
    with pytest.raises(VisreasonError, match="one dataset at a time"):
        open_collection([dataset, dataset])


def test_hostile_dataset_opens_and_names_bad_lines(hostile) -> None:
    view = open_collection([hostile["path"]])
    rows = hostile["rows"]
    assert len(view) == len(rows) and view.problem_count == 2
    assert view.has_picture(rows["ok"])
    for name, row in rows.items():
        if name in ("ok", "not_image"):
            continue
        assert not view.has_picture(row), name
        assert view.picture(row) is None, name


def test_limit_keeps_the_first_rows(dataset) -> None:
    assert len(open_collection([dataset], limit=5)) == 5


def test_text_only_prompt_is_what_generation_gives() -> None:
    for task in ("maze/turn_count", "sudoku/candidate_count", "tictactoe/best_move"):
        pictured = generate(task, "easy", 3, 1)
        text = generate(task, "easy", 3, 1, text_only=True)
        assert text_only_prompt(pictured) == text.question
        assert text_only_prompt(text) == text.question
        opened = generate(task, "easy", 3, 1, answer_form="open")
        assert text_only_prompt(opened) == \
            generate(task, "easy", 3, 1, answer_form="open", text_only=True).question


def test_options_mark_the_answer_and_each_runs_choice() -> None:
    sample = generate("tictactoe/best_move", "easy", 0, 0)
    assert sample.options
    wrong = next(c for c in "ABCD" if c != sample.answer)
    rows = option_rows(sample, [("run1", sample.answer, True), ("run2", wrong, False),
                                ("run3", "A or B", False), ("run4", None, False)])
    by_letter = {r.letter: r for r in rows}
    assert [r.letter for r in rows if r.is_answer] == [sample.answer]
    assert by_letter[sample.answer].picked_by == [("run1", True)]
    assert by_letter[wrong].picked_by == [("run2", False)]
    assert chosen_letters("A or B", sample) == set()  # a hedge picks nothing
