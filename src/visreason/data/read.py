"""Read a dataset written by `visreason generate` back as Samples."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import VisreasonError
from ..core.sample import Sample
from .records import from_parquet_row


def read_dataset(path: str | os.PathLike[str]) -> Iterator[Sample]:
    """Samples of a JSONL or Parquet dataset directory (or a data.jsonl / .parquet file).

    JSONL images come back as absolute paths, Parquet images as bytes; `Sample.load_image()`
    opens either. A corrupt line raises a VisreasonError naming the file and line.
    """
    root = Path(path)
    if root.is_dir():
        if (root / "data.jsonl").exists():
            yield from _read_jsonl(root / "data.jsonl")
            return
        shards = sorted(root.glob("data/*.parquet")) or sorted(root.glob("*.parquet"))
        if shards:
            for shard in shards:
                yield from _read_parquet(shard)
            return
        raise VisreasonError(f"{root} holds no data.jsonl or Parquet shards")
    if root.suffix == ".parquet":
        yield from _read_parquet(root)
    elif root.exists():
        yield from _read_jsonl(root)
    else:
        raise VisreasonError(f"no dataset at {str(root)!r}")


def _read_jsonl(file: Path) -> Iterator[Sample]:
    base = file.parent
    with open(file, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                sample = Sample.from_dict(record)
            except (ValueError, TypeError) as exc:
                raise VisreasonError(f"{file}:{number}: not a sample record ({exc})") from exc
            if isinstance(sample.image, str):
                sample.image = str(base / sample.image)
            yield sample


def _read_parquet(file: Path) -> Iterator[Sample]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise VisreasonError("reading Parquet needs the 'hf' extra: pip install 'visreason[hf]'") \
            from exc
    try:
        table = pq.read_table(file)
    except Exception as exc:
        raise VisreasonError(f"{file}: unreadable Parquet ({exc})") from exc
    for row in table.to_pylist():
        image = row.get("image")
        if isinstance(image, dict):
            row["image"] = image.get("bytes") or image.get("path")
        yield from_parquet_row(row)
