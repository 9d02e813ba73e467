"""Dataset specs: the mix's counts and shares, splits that share no state (checked here
independently from the written files), duplicates dropped and reported, bad specs refused."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import visreason
from visreason.core.errors import VisreasonError
from visreason.data import RunConfig, read_dataset, run_dataset
from visreason.data.audit import item_key
from visreason.data.spec import mix_counts, run_spec

SPEC = """\
seed: 3
format: {fmt}
levels: [easy, medium]
answer_form: mixed
open_share: 0.4
text_only_share: 0.25
tool_task_share: 0.25
total: 120
mix:
  - {{game: sokoban, per_task: 10}}
  - {{game: maze, per_level: {{easy: 5, medium: 20}}}}
  - {{task: minesweeper/best_move, per_task: 15}}
  - {{game: tictactoe, weight: 1}}
params:
  maze: {{rooms: 5}}
splits:
  train: {{share: 0.8}}
  validation: {{share: 0.1}}
  test: {{share: 0.1, seed: 9}}
"""


def write_spec(tmp_path: Path, fmt: str = "jsonl", text: str | None = None) -> Path:
    path = tmp_path / "mix.yaml"
    path.write_text(text if text is not None else SPEC.format(fmt=fmt))
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("spec")
    run_spec(write_spec(root), root / "out", workers=2)
    return root / "out"


def test_counts_follow_the_mix(made: Path) -> None:
    rows = {split: [json.loads(line) for line in (made / split / "data.jsonl").open()]
            for split in ("train", "validation", "test")}
    train = Counter((r["game"], r["task"], r["plot_level"]) for r in rows["train"])
    assert train[("sokoban", "min_moves", "easy")] == 8  # 10 per task and level x 0.8
    assert train[("maze", "path_to_goal", "easy")] == 4 and \
        train[("maze", "path_to_goal", "medium")] == 16
    assert train[("minesweeper", "best_move", "medium")] == 12
    assert ("minesweeper", "cell_state", "easy") not in train
    tictactoe_tasks = len(visreason.tasks("tictactoe"))
    assert train[("tictactoe", visreason.tasks("tictactoe")[0].name, "easy")] == \
        round(round(120 / (tictactoe_tasks * 2)) * 0.8)


def test_shares_of_forms_pictures_and_tool_tasks(made: Path) -> None:
    rows = [json.loads(line) for line in (made / "train" / "data.jsonl").open()]
    text_only = sum(r["image"] is None for r in rows) / len(rows)
    tools = sum("tool" in r["meta"] for r in rows) / len(rows)
    opened = sum(r["answer_form"] == "open" for r in rows
                 if visreason.get_task(f"{r['game']}/{r['task']}").is_choice)
    choice_tasks = sum(visreason.get_task(f"{r['game']}/{r['task']}").is_choice for r in rows)
    assert 0.15 < text_only < 0.35 and 0.15 < tools < 0.35
    assert 0.28 < opened / choice_tasks < 0.52
    assert all(r["image"] is not None for r in rows if "tool" in r["meta"])


def test_no_state_is_in_two_splits(made: Path) -> None:
    owners: dict[str, set[str]] = {}
    for split in ("train", "validation", "test"):
        for sample in read_dataset(made / split):
            key = visreason.get_game(sample.game).state_key(sample.state)
            owners.setdefault(f"{sample.game}:{key}", set()).add(split)
            assert sample.partition == split
    assert all(len(splits) == 1 for splits in owners.values())
    report = json.loads((made / "spec-report.json").read_text())
    assert report["overlap"]["shared_states"] == 0


def test_the_card_lists_every_split_and_the_spec(made: Path) -> None:
    text = (made / "README.md").read_text()
    for split in ("train", "validation", "test"):
        assert f"- split: {split}\n    path: \"{split}/data.jsonl\"" in text
    assert "tool_task_share: 0.25" in text and (made / "spec.yaml").exists()
    test_seed = json.loads((made / "test" / "manifest.json").read_text())["config"]["seed"]
    assert test_seed == 9


def test_a_rerun_of_the_spec_resumes_to_the_same_bytes(made: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in made.rglob("*") if p.is_file()}
    run_spec(made.parent / "mix.yaml", made)
    assert {p: p.read_bytes() for p in made.rglob("*") if p.is_file()} == before


@pytest.mark.hf
def test_the_hub_loader_reads_every_split(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    report = run_spec(write_spec(tmp_path, "parquet"), tmp_path / "out", workers=1)
    loaded = datasets.load_dataset(str(tmp_path / "out"))
    assert sorted(loaded) == ["test", "train", "validation"]
    for split, counts in report["splits"].items():
        assert loaded[split].num_rows == counts["samples"]


REPEATING = dict(games=("lifegame",), levels=("easy",), per_task=400, seed=0,
                 tasks=("lifegame/live_count_next",), params={"lifegame": {"size": 3}},
                 shard_size=64)


def test_dedup_drops_repeats_and_their_pictures(tmp_path: Path) -> None:
    plain = run_dataset(tmp_path / "plain", RunConfig(**REPEATING), workers=2)
    repeats = json.loads((tmp_path / "plain" / "manifest.json").read_text())["repeats"]["count"]
    assert repeats > 0  # this tiny board repeats: the test needs repeats to drop
    summary = run_dataset(tmp_path / "dedup", RunConfig(**REPEATING, dedup=True), workers=2)
    manifest = json.loads((tmp_path / "dedup" / "manifest.json").read_text())
    assert summary.samples == plain.samples - repeats == manifest["samples"]
    assert manifest["duplicates_dropped"] == repeats and manifest["repeats"]["count"] == 0
    samples = list(read_dataset(tmp_path / "dedup"))
    keys = [item_key(s) for s in samples]
    assert len(keys) == len(set(keys)) == summary.samples
    first_seen = {}
    for sample in read_dataset(tmp_path / "plain"):
        first_seen.setdefault(item_key(sample), sample.id)
    assert [s.id for s in samples] == list(first_seen.values())  # the first of each is kept
    rows = [json.loads(line) for line in (tmp_path / "dedup" / "data.jsonl").open()]
    pictures = {p.relative_to(tmp_path / "dedup").as_posix()
                for p in (tmp_path / "dedup" / "images").rglob("*.png")}
    assert pictures == {r["image"] for r in rows}
    assert sum(manifest["counts"].values()) == summary.samples
    again = run_dataset(tmp_path / "dedup", RunConfig(**REPEATING, dedup=True), workers=1)
    assert again.seconds == 0.0  # the manifest's checksums hold after the drop


@pytest.mark.parametrize(("text", "message"), [
    ("mix: []", "mix: must be a non-empty list"),
    ("colour: 1\nmix: [{game: maze, per_task: 1}]", "unknown key(s) colour"),
    ("mix: [{game: maze, per_task: 1, weight: 2}]", "exactly one of per_task, per_level"),
    ("mix: [{game: maze, weight: 2}]", "weights need a 'total'"),
    ("mix: [{game: maze, task: maze/turn_count, per_task: 1}]", "exactly one of 'game'"),
    ("mix: [{game: maze, per_task: -1}]", "must be a whole number"),
    ("mix: [{game: maze, per_task: 1}]\nsplits: {dev: {share: 0.5}}", "unknown split 'dev'"),
    ("mix: [{game: maze, per_task: 1}]\nsplits: {train: {share: 0.8, seed: 1}, "
     "test: {share: 0.2, seed: 1}}", "each split needs its own seed"),
    ("mix: [{game: maze, per_task: 1}]\nsplits: {train: {share: 0.8}, test: {share: 0.3}}",
     "shares add up to more than 1"),
    ("mix: [{game: mazes, per_task: 1}]", "unknown game 'mazes'"),
    ("mix: [{game: maze, per_task: 1}]\nparams: {maze: {rooms: 99}}", "rooms"),
    ("mix: [{game: maze, per_task: 1", "not valid YAML"),
    ("- just a list", "must be a mapping"),
])
def test_bad_specs_are_refused_in_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises((VisreasonError, KeyError)) as caught:
        run_spec(write_spec(tmp_path, text=text), tmp_path / "out")
    assert message in str(caught.value)
    assert not (tmp_path / "out" / "train").exists()  # refused before generating anything


def test_weights_share_out_the_total() -> None:
    counts = mix_counts({"total": 600, "levels": ["easy"],
                         "mix": [{"game": "maze", "weight": 2}, {"game": "sudoku", "weight": 1}]})
    maze = [n for (task, _), n in counts.items() if task.startswith("maze/")]
    sudoku = [n for (task, _), n in counts.items() if task.startswith("sudoku/")]
    assert sum(maze) == pytest.approx(400, abs=len(maze)) and \
        sum(sudoku) == pytest.approx(200, abs=len(sudoku))


def test_the_cli_runs_a_spec_and_refuses_mix_options_beside_it(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, text="levels: [easy]\nmix: [{game: maze, per_task: 2}]\n"
                                     "splits: {train: {share: 0.5}, test: {share: 0.5}}\n")
    base = [sys.executable, "-m", "visreason", "generate", "--spec", str(spec), "--quiet"]
    done = subprocess.run([*base, "--out", str(tmp_path / "ok")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "no state in two splits" in done.stdout
    refused = subprocess.run([*base, "--games", "maze", "--out", str(tmp_path / "no")],
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "drop --games" in refused.stderr
