"""Dataset formats. Each chunk of samples is written by a worker as one atomic part; `finalize`
assembles the parts in plan order, so the result never depends on worker count or timing."""

from __future__ import annotations

import json
import shutil
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from ..core.errors import VisreasonError
from ..core.registry import get_task, tasks
from ..core.sample import Sample
from ..render.encode import png_bytes, write_atomic
from .records import gameqa_record, image_name, jsonl_record, parquet_row

PARTS = ".parts"


def _dumps(record: object) -> str:
    return json.dumps(record, ensure_ascii=False)


class Writer(ABC):
    name: ClassVar[str]
    extension: ClassVar[str]

    def part_path(self, out: Path, chunk: int, total: int) -> Path:
        return out / PARTS / f"part-{chunk:05d}.{self.extension}"

    @abstractmethod
    def write_chunk(self, out: Path, chunk: int, total: int, samples: Sequence[Sample]) -> None:
        """Write one chunk's samples as one atomic part (run in a worker)."""

    @abstractmethod
    def finalize(self, out: Path, total: int) -> list[Path]:
        """Assemble the parts in plan order; return the files a user reads."""

    def cleanup(self, out: Path) -> None:
        shutil.rmtree(out / PARTS, ignore_errors=True)

    def _write_image(self, out: Path, sample: Sample) -> str | None:
        if sample.image is None:
            return None
        name = image_name(sample)
        write_atomic(out / name, png_bytes(sample.image))
        return name


class JsonlWriter(Writer):
    """DIR/data.jsonl (one sample per line, image as a relative path) + DIR/images/."""

    name = "jsonl"
    extension = "jsonl"

    def write_chunk(self, out: Path, chunk: int, total: int, samples: Sequence[Sample]) -> None:
        lines = [_dumps(jsonl_record(s, self._write_image(out, s))) + "\n" for s in samples]
        write_atomic(self.part_path(out, chunk, total), "".join(lines).encode("utf-8"))

    def finalize(self, out: Path, total: int) -> list[Path]:
        target = out / "data.jsonl"
        tmp = out / ".data.jsonl.tmp"
        with open(tmp, "wb") as sink:
            for chunk in range(total):
                with open(self.part_path(out, chunk, total), "rb") as part:
                    shutil.copyfileobj(part, sink)
        tmp.replace(target)
        return [target]


class ParquetWriter(Writer):
    """DIR/data/train-XXXXX-of-YYYYY.parquet with image bytes embedded as an HF Image column."""

    name = "parquet"
    extension = "parquet"

    def part_path(self, out: Path, chunk: int, total: int) -> Path:
        return out / "data" / f"train-{chunk:05d}-of-{total:05d}.parquet"

    @staticmethod
    def schema():  # -> pyarrow.Schema; imported lazily: pyarrow is an extra
        try:
            import datasets
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
        })
        return features.arrow_schema

    def write_chunk(self, out: Path, chunk: int, total: int, samples: Sequence[Sample]) -> None:
        import io

        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = []
        for s in samples:
            png = png_bytes(s.image) if s.image is not None else None
            rows.append(parquet_row(s, png, image_name(s) if png is not None else None))
        table = pa.Table.from_pylist(rows, schema=self.schema())
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression="zstd")
        write_atomic(self.part_path(out, chunk, total), buffer.getvalue())

    def finalize(self, out: Path, total: int) -> list[Path]:
        return [self.part_path(out, chunk, total) for chunk in range(total)]


class GameQAWriter(Writer):
    """GameQA's layout: DIR/data.json (a list), DIR/images/, DIR/states/."""

    name = "gameqa"
    extension = "json"

    def write_chunk(self, out: Path, chunk: int, total: int, samples: Sequence[Sample]) -> None:
        records = []
        for s in samples:
            image = self._write_image(out, s)
            state_path = image_name(s).replace("images/", "states/", 1)[:-4] + ".json"
            write_atomic(out / state_path, _dumps(s.state).encode("utf-8"))
            task = get_task(s.task_id)
            question_id = [t.name for t in tasks(s.game)].index(s.task) + 1
            records.append(gameqa_record(s, image, state_path, question_id, task.description))
        write_atomic(self.part_path(out, chunk, total), _dumps(records).encode("utf-8"))

    def finalize(self, out: Path, total: int) -> list[Path]:
        records: list[object] = []
        for chunk in range(total):
            records.extend(json.loads(self.part_path(out, chunk, total).read_text("utf-8")))
        target = out / "data.json"
        write_atomic(target, json.dumps(records, ensure_ascii=False, indent=2).encode("utf-8"))
        return [target]


WRITERS: dict[str, type[Writer]] = {w.name: w for w in (JsonlWriter, ParquetWriter, GameQAWriter)}


def get_writer(name: str) -> Writer:
    if name not in WRITERS:
        raise VisreasonError(f"unknown format {name!r}; choose from {', '.join(WRITERS)}")
    return WRITERS[name]()
