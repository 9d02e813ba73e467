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
