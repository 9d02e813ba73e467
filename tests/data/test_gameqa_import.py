"""GameQA data scored by rule: every record shape GameQA's 30 games use, read into one
answer convention; records no reader can interpret are skipped and counted."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import visreason
from visreason import VisreasonError, rewards
from visreason.cli import main
from visreason.data import RunConfig, read_dataset, run_dataset
from visreason.data.export import export_dataset
from visreason.data.gameqa_import import import_gameqa
from visreason.llm.scripted import ScriptedServer
from visreason.rewards import swift_plugin

from .gameqa_fixtures import BAD, CASES, GAMES, write_gameqa

BAD_COUNT = sum(len(records) for records in BAD.values())


@pytest.fixture(scope="module")
def gameqa(tmp_path_factory) -> Path:
    return write_gameqa(tmp_path_factory.mktemp("GameQA"))


@pytest.fixture(scope="module")
def imported(gameqa) -> tuple[dict[str, visreason.Sample], list[str]]:
    errors: list[str] = []
    samples = list(import_gameqa(gameqa, errors=errors))
    return {s.game: s for s in samples}, errors


def test_there_are_thirty_games() -> None:
    assert len(set(GAMES)) == len(GAMES) == 30


def test_every_game_is_read_and_bad_records_are_counted(imported) -> None:
    samples, errors = imported
    assert sorted(samples) == sorted(GAMES)
    assert len(errors) == BAD_COUNT, errors
    reasons = " | ".join(errors)
    for needle in ("'9' is neither an option label", "empty answer", "must be an object",
                   "'Z' is neither", "leads outside the dataset folder"):
        assert needle in reasons


@pytest.mark.parametrize(("game", "fields", "answer", "kind", "right", "wrong"), CASES,
                         ids=GAMES)
def test_each_shape_becomes_our_convention(imported, game, fields, answer, kind, right,
                                           wrong) -> None:
    sample = imported[0][game]
    assert (sample.game, sample.answer, sample.answer_type) == (game, answer, kind)
    assert sample.task == str(GAMES.index(game) % 5)  # the question_id
    assert sample.plot_level == "easy" and sample.qa_type == "target_perception"
    assert sample.state == {"game": game, "n": GAMES.index(game)}
    assert Path(sample.image).is_file() and Path(sample.image).is_absolute()
    if sample.options:
        assert not any(o[:2] in ("A.", "A:", "B.", "B:") for o in sample.options)
        assert all(isinstance(o, str) for o in sample.options)
    for completion in right:
        assert visreason.verify(sample, completion) == 1.0, (game, completion)
    for completion in wrong:
        assert visreason.verify(sample, completion) == 0.0, (game, completion)


def test_strict_mode_names_the_record(gameqa) -> None:
    with pytest.raises(VisreasonError, match=r"sokoban.*record 1 \(sokoban-00002\)"):
        list(import_gameqa(gameqa / "sokoban", strict=True))
    with pytest.raises(VisreasonError, match="no GameQA data"):
        list(import_gameqa(gameqa / "missing"))


def test_export_from_gameqa_keeps_going_and_reports(gameqa, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["export", str(gameqa), "--from", "gameqa", "--to", "swift", "--out",
              str(tmp_path / "swift")])
    assert done.value.code == 0
    err = capsys.readouterr().err
    assert f"skipped {BAD_COUNT} record(s)" in err
    rows = [json.loads(line) for line in (tmp_path / "swift" / "train.jsonl").read_text()
            .splitlines()]
    assert len(rows) == len(CASES)
    by_game = {row["game"]: row for row in rows}
    orm = swift_plugin.VisreasonAccuracy()
    for game, _fields, _answer, _kind, right, wrong in CASES:
        row = by_game[game]
        columns = {k: [v] for k, v in row.items()}
        assert orm([right[0]], **columns) == [1.0], game
        assert orm([wrong[0]], **columns) == [0.0], game
    # the same data read as a dataset (what eval --data does)
    skipped: list[str] = []
    assert len(list(read_dataset(gameqa, skipped=skipped))) == len(CASES)
    assert len(skipped) == BAD_COUNT
    one: list[str] = []
    assert [s.game for s in read_dataset(gameqa / "maze" / "data.json", skipped=one)] == ["maze"]
    assert len(one) == len(BAD["maze"])


def test_eval_scores_gameqa_data_by_rule(gameqa, tmp_path, capsys) -> None:
    samples = list(import_gameqa(gameqa))
    with ScriptedServer(samples) as server, pytest.raises(SystemExit) as done:
        main(["eval", "--data", str(gameqa), "--base-url", server.url, "--model", "m",
              "--out", str(tmp_path / "run"), "--quiet"])
    captured = capsys.readouterr()
    assert done.value.code == 0, captured.err
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["overall"]["n"] == len(CASES) and report["overall"]["accuracy"] == 1.0
    assert f"skipped {BAD_COUNT}" in captured.err


def test_the_reward_server_scores_imported_rows(imported) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from visreason.rewards.server import create_app

    client = TestClient(create_app(allow_unregistered=True))
    samples = imported[0]
    items = [{"completion": right[0], "sample": rewards.row_to_columns(samples[game])}
             for game, _f, _a, _k, right, _w in CASES]
    body = client.post("/score", json={"items": items}).json()
    assert body["scores"] == [1.0] * len(CASES), body["errors"]


def test_our_gameqa_layout_maps_back_to_registered_tasks(tmp_path) -> None:
    games = tuple(visreason.game_names())
    run_dataset(tmp_path / "gq", RunConfig(games, ("easy",), 1, 4, "gameqa", False, 64),
                workers=1)
    samples = list(import_gameqa(tmp_path / "gq", strict=True))
    assert len(samples) == len(visreason.tasks())
    for sample in samples:
        assert visreason.get_task(f"{sample.game}/{sample.task}")
        original = visreason.generate(f"{sample.game}/{sample.task}", "easy", 4, 0)
        assert sample.answer == original.answer and sample.state == original.state
        assert sample.options == original.options
        for fmt in rewards.FORMATS:
            assert visreason.verify(sample, rewards.render_answer(sample.answer, fmt)) == 1.0
    export_dataset(tmp_path / "gq", tmp_path / "swift", "swift", source_format="gameqa")
    assert len((tmp_path / "swift" / "train.jsonl").read_text().splitlines()) == len(samples)


if __name__ == "__main__":  # write the fixtures somewhere to look at them
    write_gameqa(Path(sys.argv[1]))
