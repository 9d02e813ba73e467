"""Dataset formats. Each chunk of samples is written by a worker as one atomic part; `finalize`
assembles the parts in plan order, so the result never depends on worker count or timing.

A chunk arrives as `Stored` items: samples whose pictures were encoded once (questions about
one state share one picture, written once). Parts are written durably (flushed before their
rename); pictures and states plainly, each directory created once per chunk. `write_chunk`
returns the SHA-256 of each file it wrote, which the run records so a resume can check them."""

from __future__ import annotations

import json
import shutil
from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ..core.errors import VisreasonError
from ..core.registry import get_task, tasks
from ..core.sample import Sample
from .files import Directories, commit_file, write_durable
from .records import gameqa_record, group_image_name, image_name, jsonl_record, parquet_row

Checksums = dict[str, str]  # path relative to the dataset directory -> SHA-256
Drop = Mapping[int, Collection[int]]  # chunk -> positions of the items left out

PARTS = ".parts"


@dataclass(frozen=True)
class Stored:
    """A sample ready to write: its picture as PNG bytes and relative path (None: no picture)."""

    sample: Sample
    png: bytes | None
    image: str | None


def _dumps(record: object) -> str:
    return json.dumps(record, ensure_ascii=False)


class Writer(ABC):
    name: ClassVar[str]
    extension: ClassVar[str]

    def part_path(self, out: Path, chunk: int, total: int) -> Path:
        return out / PARTS / f"part-{chunk:05d}.{self.extension}"

    def check_available(self) -> None:  # noqa: B027 - most formats need nothing extra
        """Raise VisreasonError now if this format's libraries are missing."""

    @abstractmethod
    def write_chunk(self, out: Path, chunk: int, total: int,
                    items: Sequence[Stored]) -> Checksums:
        """Write one chunk's samples as one atomic part (run in a worker); return the
        checksum of every file written."""

    @abstractmethod
    def finalize(self, out: Path, total: int, drop: Drop | None = None) -> list[Path]:
        """Assemble the parts in plan order, leaving out the items at `drop`'s positions
        (chunk -> positions in it: duplicates); return the files a user reads."""

    def cleanup(self, out: Path) -> None:
        shutil.rmtree(out / PARTS, ignore_errors=True)

    @staticmethod
    def _write_image(out: Path, item: Stored, sums: Checksums, dirs: Directories) -> str | None:
        """Write the item's picture unless this chunk already wrote it; its relative path."""
        if item.png is None or item.image is None:
            return None
        if item.image not in sums:
            sums[item.image] = dirs.write(out / item.image, item.png)
        return item.image

    def _write_part(self, out: Path, chunk: int, total: int, data: bytes,
                    sums: Checksums) -> Checksums:
        path = self.part_path(out, chunk, total)
        sums[str(path.relative_to(out))] = write_durable(path, data)
        return sums


class JsonlWriter(Writer):
    """DIR/data.jsonl (one sample per line, image as a relative path) + DIR/images/."""

    name = "jsonl"
    extension = "jsonl"

    def write_chunk(self, out: Path, chunk: int, total: int,
                    items: Sequence[Stored]) -> Checksums:
        sums: Checksums = {}
        dirs = Directories()
        lines = [_dumps(jsonl_record(i.sample, self._write_image(out, i, sums, dirs))) + "\n"
                 for i in items]
        return self._write_part(out, chunk, total, "".join(lines).encode("utf-8"), sums)

    def finalize(self, out: Path, total: int, drop: Drop | None = None) -> list[Path]:
        target = out / "data.jsonl"
        tmp = out / ".data.jsonl.tmp"
        with open(tmp, "wb") as sink:
            for chunk in range(total):
                with open(self.part_path(out, chunk, total), "rb") as part:
                    left_out = (drop or {}).get(chunk)
                    if left_out:
                        sink.writelines(line for i, line in enumerate(part)
                                        if i not in left_out)
                    else:
                        shutil.copyfileobj(part, sink)
        commit_file(tmp, target)
        return [target]


class ParquetWriter(Writer):
    """DIR/data/train-XXXXX-of-YYYYY.parquet with image bytes embedded as an HF Image column."""

    name = "parquet"
    extension = "parquet"

    def part_path(self, out: Path, chunk: int, total: int) -> Path:
        return out / "data" / f"train-{chunk:05d}-of-{total:05d}.parquet"

    def check_available(self) -> None:
        self.schema()

    @staticmethod
    def schema():  # -> pyarrow.Schema; imported lazily: pyarrow is an extra
        try:
            import datasets
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise VisreasonError(
                "the parquet format needs the 'hf' extra: pip install 'visreason[hf]'"
            ) from exc
        value = datasets.Value
        features = datasets.Features({
            "id": value("string"), "game": value("string"), "task": value("string"),
            "category": value("string"), "split": value("string"), "qa_type": value("string"),
            "plot_level": value("string"), "qa_level": value("string"),
            "question": value("string"), "options": datasets.List(value("string")),
            "answer": value("string"), "answer_type": value("string"),
            "analysis": value("string"), "image": datasets.Image(), "state": value("string"),
            "seed": value("int64"), "meta": value("string"),
            "answer_form": value("string"), "partition": value("string"),
        })
        return features.arrow_schema

    def write_chunk(self, out: Path, chunk: int, total: int,
                    items: Sequence[Stored]) -> Checksums:
        import io

        schema = self.schema()  # first: names the missing extra instead of an ImportError
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [parquet_row(i.sample, i.png, i.image if i.png is not None else None)
                for i in items]
        table = pa.Table.from_pylist(rows, schema=schema)
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression="zstd")
        return self._write_part(out, chunk, total, buffer.getvalue(), {})

    def finalize(self, out: Path, total: int, drop: Drop | None = None) -> list[Path]:
        import pyarrow.parquet as pq

        for chunk, left_out in (drop or {}).items():
            if not left_out:
                continue
            path = self.part_path(out, chunk, total)
            table = pq.read_table(path, schema=self.schema())
            kept = [i for i in range(table.num_rows) if i not in left_out]
            tmp = path.with_name(f".{path.name}.dedup")
            pq.write_table(table.take(kept), tmp, compression="zstd")
            commit_file(tmp, path)
        return [self.part_path(out, chunk, total) for chunk in range(total)]


class GameQAWriter(Writer):
    """GameQA's layout: DIR/data.json (a list), DIR/images/, DIR/states/."""

    name = "gameqa"
    extension = "json"

    def write_chunk(self, out: Path, chunk: int, total: int,
                    items: Sequence[Stored]) -> Checksums:
        records, sums = [], {}
        dirs = Directories()
        for item in items:
            s = item.sample
            image = self._write_image(out, item, sums, dirs)
            state_path = state_name(s)
            if state_path not in sums:
                sums[state_path] = dirs.write(out / state_path, _dumps(s.state).encode("utf-8"))
            task = get_task(s.task_id)
            question_id = [t.name for t in tasks(s.game)].index(s.task) + 1
            records.append(gameqa_record(s, image, state_path, question_id, task.description))
        return self._write_part(out, chunk, total, _dumps(records).encode("utf-8"), sums)

    def finalize(self, out: Path, total: int, drop: Drop | None = None) -> list[Path]:
        records: list[object] = []
        for chunk in range(total):
            part = json.loads(self.part_path(out, chunk, total).read_text("utf-8"))
            left_out = (drop or {}).get(chunk) or ()
            records.extend(r for i, r in enumerate(part) if i not in left_out)
        target = out / "data.json"
        write_durable(target, json.dumps(records, ensure_ascii=False, indent=2).encode("utf-8"))
        return [target]


def state_name(sample: Sample) -> str:
    """The state file beside a sample's picture (one per shared state)."""
    name = group_image_name(sample) if "state_group" in sample.meta else image_name(sample)
    return state_path_of(name)


def state_path_of(image: str) -> str:
    """The GameQA state file that goes with the picture at relative path `image`."""
    return image.replace("images/", "states/", 1)[:-4] + ".json"


WRITERS: dict[str, type[Writer]] = {w.name: w for w in (JsonlWriter, ParquetWriter, GameQAWriter)}


def get_writer(name: str) -> Writer:
    if name not in WRITERS:
        raise VisreasonError(f"unknown format {name!r}; choose from {', '.join(WRITERS)}")
    return WRITERS[name]()
