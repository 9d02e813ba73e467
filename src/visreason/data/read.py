"""Read a dataset written by `visreason generate` back as Samples.

Anything that is not such a dataset (non-UTF-8 text, a broken line, Parquet without our
columns) is a VisreasonError naming the file and line or row; an image path that leads out of
the dataset's folder is refused, naming the sample.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..core.errors import VisreasonError
from ..core.sample import Sample
from .records import from_parquet_row

REQUIRED_COLUMNS = ("game", "task", "answer", "answer_type")


def read_dataset(path: str | os.PathLike[str],
                 skipped: list[str] | None = None) -> Iterator[Sample]:
    """Samples of a dataset: a JSONL or Parquet dataset directory (or its data.jsonl /
    .parquet file), or GameQA data (a data.json, or a folder of game folders holding one).

    JSONL and GameQA images come back as absolute paths inside the dataset folder, Parquet
    images as bytes; `Sample.load_image()` opens either. GameQA records that cannot be
    interpreted are skipped, their reasons appended to `skipped`.
    """
    from .gameqa_import import import_gameqa, is_gameqa

    root = Path(path)
    if root.is_dir():
        if (root / "data.jsonl").exists():
            yield from _read_jsonl(root / "data.jsonl")
            return
        shards = sorted(root.glob("data/*.parquet")) or sorted(root.glob("*.parquet"))
        if shards:
            for shard in shards:
                yield from _read_parquet(shard, root)
            return
        if is_gameqa(root):
            yield from import_gameqa(root, errors=skipped)
            return
        raise VisreasonError(f"{root} holds no data.jsonl, Parquet shards or GameQA data.json")
    if root.suffix == ".parquet":
        yield from _read_parquet(root, root.parent)
    elif root.suffix == ".json" and root.exists():
        yield from import_gameqa(root, errors=skipped)
    elif root.exists():
        yield from _read_jsonl(root)
    else:
        raise VisreasonError(f"no dataset at {str(root)!r}")


def confined_path(base: Path, relative: str, what: str) -> str:
    """`base / relative` as an absolute path, refused when it leads outside `base`."""
    folder = base.resolve()
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder):
        raise VisreasonError(f"{what}: image path {relative!r} leads outside the dataset folder "
                             f"{str(folder)!r}; refusing to read it")
    return str(target)


def _read_jsonl(file: Path) -> Iterator[Sample]:
    try:
        with open(file, "rb") as handle:
            yield from _jsonl_samples(file, handle)
    except OSError as exc:
        raise VisreasonError(f"cannot read {file}: {exc.strerror or exc}") from exc


def _jsonl_samples(file: Path, handle: BinaryIO) -> Iterator[Sample]:
    base = file.parent
    for number, raw in enumerate(handle, 1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise VisreasonError(f"{file}:{number}: not UTF-8 text (byte "
                                 f"{exc.start}); is this a visreason data.jsonl?") from None
        if not line.strip():
            continue
        try:
            sample = Sample.from_dict(json.loads(line))
        except (ValueError, TypeError) as exc:
            raise VisreasonError(f"{file}:{number}: not a sample record ({exc})") from None
        if isinstance(sample.image, str):
            sample.image = confined_path(base, sample.image, f"{file}:{number} {sample.id}")
        yield sample


def _read_parquet(file: Path, base: Path) -> Iterator[Sample]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise VisreasonError("reading Parquet needs the 'hf' extra: pip install 'visreason[hf]'") \
            from exc
    try:
        parquet = pq.ParquetFile(file)
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        raise VisreasonError(f"{file}: unreadable Parquet ({exc})") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in parquet.schema_arrow.names]
    if missing:
        raise VisreasonError(f"{file}: not a visreason dataset (no {', '.join(missing)} "
                             "column); export other data with 'visreason export --from ...'")
    number = 0
    for batch in parquet.iter_batches(batch_size=512):
        for row in batch.to_pylist():
            number += 1
            image = row.get("image")
            if isinstance(image, dict):
                row["image"] = image.get("bytes") or image.get("path")
            try:
                sample = from_parquet_row(row)
            except (ValueError, TypeError) as exc:
                raise VisreasonError(f"{file}: row {number}: not a sample record ({exc})") \
                    from None
            if isinstance(sample.image, str):  # a path without the bytes
                sample.image = confined_path(base, sample.image, f"{file}: row {number}")
            yield sample
