"""The dataset card next to every dataset: hub metadata the real libraries read, counts that
add up, and a command that regenerates the same bytes."""

from __future__ import annotations

import hashlib
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from visreason.data import RunConfig, run_dataset
from visreason.data.card import size_category


def front_matter(card: Path) -> dict:
    text = card.read_text("utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def config(**overrides) -> RunConfig:
    base = dict(games=("maze", "tictactoe"), levels=("easy", "hard"), per_task=3, seed=4,
                answer_form="mixed", params={"maze": {"rooms": 7}})
    base.update(overrides)
    return RunConfig(**base)


def test_the_card_counts_every_sample_and_names_the_data_files(tmp_path: Path) -> None:
    summary = run_dataset(tmp_path, config(), workers=1)
    meta = front_matter(tmp_path / "README.md")
    assert meta["configs"] == [{"config_name": "default",
                                "data_files": [{"split": "train", "path": "data.jsonl"}]}]
    assert meta["size_categories"] == ["n<1K"]
    assert "visual-question-answering" in meta["task_categories"]
    text = (tmp_path / "README.md").read_text("utf-8")
    rows = [line.split("|") for line in text.splitlines()
            if line.startswith("| maze |") or line.startswith("| tictactoe |")]
    assert sum(int(row[5].strip().replace(",", "")) for row in rows) == summary.samples
    assert "| maze | path_to_goal | hard |" in text
    assert "made by visreason" in text


def test_the_cards_command_regenerates_the_same_bytes(tmp_path: Path) -> None:
    run_dataset(tmp_path / "first", config(), workers=1)
    text = (tmp_path / "first" / "README.md").read_text("utf-8")
    command = next(line for line in text.splitlines() if line.startswith("visreason generate"))
    argv = shlex.split(command.replace("--out OUT", f"--out {tmp_path / 'again'}"))
    done = subprocess.run([sys.executable, "-m", "visreason", *argv[1:], "--quiet"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for name in ("data.jsonl", "README.md", "manifest.json"):
        assert hashlib.sha256((tmp_path / "again" / name).read_bytes()).digest() == \
            hashlib.sha256((tmp_path / "first" / name).read_bytes()).digest(), name


@pytest.mark.hf
def test_the_hub_libraries_read_the_card_and_its_configs(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    from huggingface_hub import DatasetCard

    summary = run_dataset(tmp_path, config(format="parquet"), workers=1)
    card = DatasetCard.load(tmp_path / "README.md")
    assert card.data.configs[0]["data_files"][0]["split"] == "train"
    loaded = datasets.load_dataset(str(tmp_path))
    assert list(loaded) == ["train"] and loaded["train"].num_rows == summary.samples


def test_size_categories_follow_the_hubs_bins() -> None:
    assert [size_category(n) for n in (0, 999, 1000, 54_321, 2_000_000)] == \
        ["n<1K", "n<1K", "1K<n<10K", "10K<n<100K", "1M<n<10M"]
