"""The command line: listing, showing, generating, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import visreason


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "visreason", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_list_names_every_task() -> None:
    done = run("list")
    assert done.returncode == 0
    for task in visreason.tasks():
        assert task.id in done.stdout
    assert f"{len(visreason.tasks())} tasks" in done.stdout


def test_show_prints_sample_and_writes_image(tmp_path: Path) -> None:
    task = visreason.tasks()[0]
    image = tmp_path / "pic.png"
    done = run("show", task.id, "--level", "hard", "--seed", "3", "--image", str(image))
    assert done.returncode == 0, done.stderr
    sample = visreason.generate(task.id, "hard", 3)
    assert sample.question in done.stdout
    assert f"answer: {sample.answer}" in done.stdout and sample.analysis in done.stdout
    assert image.exists() and image.stat().st_size > 0


def test_generate_writes_dataset_and_summary(tmp_path: Path) -> None:
    game = visreason.game_names()[0]
    done = run("generate", "--games", game, "--per-task", "2", "--seed", "0", "--out",
               str(tmp_path / "ds"), "--levels", "easy,hard", "--workers", "2")
    assert done.returncode == 0, done.stderr
    count = 2 * 2 * len(visreason.tasks(game))
    assert f"wrote {count} samples (1 games, {len(visreason.tasks(game))} tasks)" in done.stdout
    assert "samples/s" in done.stdout and str(tmp_path / "ds") in done.stdout
    lines = (tmp_path / "ds" / "data.jsonl").read_text().splitlines()
    assert {json.loads(line)["plot_level"] for line in lines} == {"easy", "hard"}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("generate", "--games", "chesss", "--out", "{tmp}/x"), "unknown game 'chesss'"),
        (("generate", "--games", "", "--out", "{tmp}/x"), "no game given"),
        (("generate", "--levels", "extreme", "--out", "{tmp}/x"), "unknown level 'extreme'"),
        (("generate", "--seed", "-4", "--out", "{tmp}/x"), "--seed"),
        (("generate", "--seed", "abc", "--out", "{tmp}/x"), "--seed"),
        (("generate", "--per-task", "0", "--out", "{tmp}/x"), "--per-task"),
        (("generate", "--out", "{tmp}/file/x"), "cannot write to output directory"),
        (("show", "tictactoe/nope"), "unknown task 'tictactoe/nope'"),
        (("show", "nogame/task"), "unknown game 'nogame'"),
        (("show", "tictactoe"), "must look like 'game/task'"),
        (("show", "tictactoe/best_move", "--level", "impossible"), "unknown level"),
        (("bogus",), "No such command"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: tuple, needle: str) -> None:
    (tmp_path / "file").write_text("x")
    done = run(*(a.replace("{tmp}", str(tmp_path)) for a in args), cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_generate_open_form_in_one_split(tmp_path: Path) -> None:
    out = tmp_path / "open"
    done = run("generate", "--games", "maze", "--levels", "easy", "--per-task", "4", "--out",
               str(out), "--answer-form", "open", "--split", "test", "--text-only", "--quiet")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in (out / "data.jsonl").read_text().splitlines()]
    assert len(records) == 24
    assert {r["answer_form"] for r in records} == {"open"}
    assert {r["partition"] for r in records} == {"test"}
    assert all(r["options"] is None for r in records)
    for record in records:
        assert visreason.verify(record, record["answer"]) == 1.0


@pytest.mark.parametrize(("args", "message"), [
    (["--param", "maze.nothing=3"], "maze has no difficulty parameter 'nothing'"),
    (["--param", "sokoban.boxes=3"], "does not generate"),
    (["--param", "maze"], "must look like game.name=value"),
    (["--split", "dev"], "'dev' is not one of"),
    (["--answer-form", "essay"], "'essay' is not one of"),
    (["--questions-per-state", "0"], "--questions-per-state"),
    (["--questions-per-state", "3", "--tasks", "sokoban/min_moves"], "not in --games"),
])
def test_generate_rejects_bad_options_in_one_line(tmp_path: Path, args: list[str],
                                                   message: str) -> None:
    done = run("generate", "--games", "maze", "--per-task", "1", "--out", str(tmp_path / "x"),
               *args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_params_lists_every_game() -> None:
    done = run("params")
    assert done.returncode == 0
    for game in visreason.game_names():
        assert f"{game}:" in done.stdout


def test_generate_several_questions_per_state(tmp_path: Path) -> None:
    done = run("generate", "--games", "maze", "--per-task", "1", "--levels", "easy",
               "--questions-per-state", "3", "--out", str(tmp_path), "--workers", "1",
               "--quiet")
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert f"wrote {manifest['questions']} samples about {manifest['states']} states" \
        in done.stdout
    rows = [json.loads(line) for line in (tmp_path / "data.jsonl").read_text().splitlines()]
    assert len(rows) == manifest["questions"] > manifest["states"]
    assert len({row["image"] for row in rows}) == manifest["states"]
