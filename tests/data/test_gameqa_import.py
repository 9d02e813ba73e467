"""GameQA data scored with visreason's rewards: GameQA's own conventions and our writer's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import visreason
from visreason import VisreasonError, rewards
from visreason.data import RunConfig, run_dataset
from visreason.data.export import export_dataset
from visreason.data.gameqa_import import import_gameqa

GAMEQA_RECORDS = [
    {  # numbered options, answered by number (GameQA's usual choice convention)
        "data_id": "turing-machine-test-00001", "image": "games_images/2d_turing_machine/1.png",
        "state": "states/00001.json", "plot_level": "Easy", "qa_type": "State Prediction",
        "qa_level": "Medium", "question_id": 0, "question_description": "position",
        "question": "Where will the head be?\nOptions:\n1: (1, 0)\n2: (0, 0)\n3: (0, 2)\n",
        "answer": "2", "options": ["(1, 0)", "(0, 0)", "(0, 2)"], "analysis": "...",
    },
    {  # lettered options
        "data_id": "maze-00007", "image": "games_images/maze/7.png", "plot_level": "Hard",
        "qa_type": "Target Perception", "question_id": 2, "question_description": "goal",
        "question": "Which cell?\nA. (1, 1)\nB. (2, 3)\nC. (0, 4)", "answer": "C",
        "options": ["(1, 1)", "(2, 3)", "(0, 4)"], "analysis": "...",
    },
    {  # fill-in integer
        "data_id": "lifegame-00003", "image": "games_images/lifegame/3.png",
        "question_description": "live_count", "question": "How many live cells?",
        "answer": "14", "analysis": "...",
    },
    {  # fill-in coordinate
        "data_id": "tengram-00002", "image": "games_images/tengram/2.png",
        "question_description": "cell", "question": "Which cell?", "answer": "(3, 4)",
    },
]


def _write(tmp_path: Path, records) -> Path:
    file = tmp_path / "games_data.json"
    file.write_text(json.dumps(records))
    (tmp_path / "states").mkdir(exist_ok=True)
    (tmp_path / "states" / "00001.json").write_text(json.dumps({"head": [1, 0]}))
    return file


def test_gameqa_conventions_become_one(tmp_path) -> None:
    samples = list(import_gameqa(_write(tmp_path, GAMEQA_RECORDS)))
    numbered, lettered, integer, coordinate = samples
    assert (numbered.game, numbered.task) == ("2d_turing_machine", "position")
    assert numbered.answer_type == "integer" and numbered.answer == "2"
    assert numbered.meta["option_text"] == "(0, 0)" and numbered.state == {"head": [1, 0]}
    assert numbered.plot_level == "easy" and numbered.qa_type == "state_prediction"
    assert lettered.answer_type == "choice" and lettered.answer == "C"
    assert integer.answer_type == "integer" and coordinate.answer_type == "coordinate"
    for sample, right, wrong in [(numbered, "Answer: 2", "Answer: 1"),
                                 (lettered, "<answer>C</answer>", "<answer>B</answer>"),
                                 (integer, "\\boxed{14}", "\\boxed{15}"),
                                 (coordinate, "the answer is (3, 4)", "the answer is (4, 3)")]:
        assert visreason.verify(sample, right) == 1.0, sample.id
        assert visreason.verify(sample, wrong) == 0.0, sample.id
        assert str(sample.image).endswith(".png") and Path(sample.image).is_absolute()


def test_bad_records_raise_or_are_skipped(tmp_path) -> None:
    bad = {**GAMEQA_RECORDS[0], "answer": "9"}
    file = _write(tmp_path, [GAMEQA_RECORDS[1], bad])
    with pytest.raises(VisreasonError, match="record 1"):
        list(import_gameqa(file))
    errors: list[str] = []
    assert len(list(import_gameqa(file, skip_bad=True, errors=errors))) == 1
    assert "not an option number" in errors[0]
    with pytest.raises(VisreasonError, match="no GameQA data"):
        list(import_gameqa(tmp_path / "missing.json"))


def test_our_gameqa_layout_maps_back_to_registered_tasks(tmp_path) -> None:
    games = tuple(visreason.game_names())
    run_dataset(tmp_path / "gq", RunConfig(games, ("easy",), 1, 4, "gameqa", False, 64),
                workers=1)
    samples = list(import_gameqa(tmp_path / "gq"))
    assert len(samples) == len(visreason.tasks())
    for sample in samples:
        assert visreason.get_task(f"{sample.game}/{sample.task}")
        original = visreason.generate(f"{sample.game}/{sample.task}", "easy", 4, 0)
        assert sample.answer == original.answer and sample.state == original.state
        for fmt in rewards.FORMATS:
            assert visreason.verify(sample, rewards.render_answer(sample.answer, fmt)) == 1.0
    export_dataset(tmp_path / "gq", tmp_path / "swift", "swift", source_format="gameqa")
    assert len((tmp_path / "swift" / "train.jsonl").read_text().splitlines()) == len(samples)
