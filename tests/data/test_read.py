"""Reading datasets back: what is not ours, or leads outside the folder, is a one-line error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import visreason
from visreason.core.errors import VisreasonError
from visreason.data import RunConfig, read_dataset, run_dataset

GAME = visreason.game_names()[0]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ds")
    run_dataset(out, RunConfig((GAME,), ("easy",), 1, 3), workers=1)
    return out


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "visreason", *args], capture_output=True,
                          text=True, timeout=120)


def one_line_error(done: subprocess.CompletedProcess, needle: str) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], done.stderr


def test_non_utf8_jsonl_names_file_and_line(tmp_path, dataset) -> None:
    first = json.loads((dataset / "data.jsonl").read_text().splitlines()[0])
    (tmp_path / "data.jsonl").write_bytes(json.dumps({**first, "image": None}).encode()
                                          + b'\n{"game": "\xff\xfe"}\n')
    with pytest.raises(VisreasonError, match=r"data.jsonl:2: not UTF-8"):
        list(read_dataset(tmp_path))
    one_line_error(cli("export", str(tmp_path), "--to", "swift", "--out", str(tmp_path / "x")),
                   "not UTF-8")
    one_line_error(cli("eval", "--data", str(tmp_path), "--out", str(tmp_path / "run"),
                       "--base-url", "http://127.0.0.1:9", "--model", "m"), "not UTF-8")
    assert not (tmp_path / "x").exists()


@pytest.mark.hf
def test_foreign_parquet_is_named(tmp_path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"question": ["q"], "label": [1]}), tmp_path / "other.parquet")
    with pytest.raises(VisreasonError, match=r"other.parquet: not a visreason dataset \(no game"):
        list(read_dataset(tmp_path / "other.parquet"))
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(VisreasonError, match="unreadable Parquet"):
        list(read_dataset(tmp_path / "junk.parquet"))
    one_line_error(cli("export", str(tmp_path / "other.parquet"), "--to", "verl", "--out",
                       str(tmp_path / "x")), "not a visreason dataset")
    one_line_error(cli("eval", "--data", str(tmp_path / "other.parquet"), "--out",
                       str(tmp_path / "run"), "--base-url", "http://127.0.0.1:9", "--model",
                       "m"), "not a visreason dataset")


@pytest.mark.parametrize("escape", ["../../../../etc/hostname", "/etc/hostname",
                                    "images/../../outside.png"])
def test_image_paths_are_confined_to_the_dataset_folder(tmp_path, dataset, escape) -> None:
    record = json.loads((dataset / "data.jsonl").read_text().splitlines()[0])
    (tmp_path / "outside.png").write_bytes(b"secret")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "data.jsonl").write_text(json.dumps({**record, "image": escape}) + "\n")
    with pytest.raises(VisreasonError, match=rf"{record['id']}.*leads outside the dataset"):
        list(read_dataset(inner))
    one_line_error(cli("export", str(inner), "--to", "swift", "--out", str(tmp_path / "x")),
                   "leads outside the dataset folder")


def test_a_corrupt_png_names_the_sample(tmp_path, dataset) -> None:
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(dataset), str(copy)], check=True)
    first = json.loads((copy / "data.jsonl").read_text().splitlines()[0])
    picture = copy / first["image"]
    picture.write_bytes(picture.read_bytes()[:60])  # a PNG header, then nothing
    out = tmp_path / "export"
    one_line_error(cli("export", str(copy), "--to", "swift", "--out", str(out)),
                   f"sample {first['id']}")
    assert not out.exists()
    sample = next(read_dataset(copy))
    with pytest.raises(OSError):
        sample.load_image().load()
