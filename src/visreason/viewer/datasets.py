"""The datasets a view opens: visreason JSONL, visreason Parquet shards, and the GameQA layout.

Each source scans its files once into a `Scan` (what the index and the grid need) and keeps
only a locator per row (a byte offset, a shard row, a record), so a sample page reads one
sample back and nothing else. A record that cannot be read is skipped and named in
`problems`; it never stops the view.
"""

from __future__ import annotations

import json
import os
import re
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..core.registry import get_game
from ..core.sample import Sample
from ..data.read import REQUIRED_COLUMNS
from .paths import relative_to_any, safe_file

MAX_PROBLEMS = 50  # problems listed one by one; the rest are counted


@dataclass
class Scan:
    """What a one-pass read of a dataset yields, one entry per readable row."""

    ids: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    images: list[str | None] = field(default_factory=list)  # a reference to resolve, or None
    facets: list[dict[str, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def add(self, sample: Sample, image: str | None) -> None:
        self.ids.append(sample.id)
        self.answers.append(sample.answer)
        self.images.append(image)
        self.facets.append(facets_of(sample))
        self.texts.append(f"{sample.id}\n\n{sample.question}")  # the id: a paragraph of its own


@dataclass
class Picture:
    """An image to serve: the bytes, or a file known to lie inside the allowed roots."""

    data: bytes | None = None
    file: Path | None = None

    def read(self) -> bytes:
        return self.data if self.data is not None else Path(self.file).read_bytes()  # type: ignore[arg-type]


_CATEGORY: dict[str, str] = {}


def _category(game: str) -> str:
    """A registered game's category, for records (GameQA) that do not carry one."""
    if game not in _CATEGORY:
        try:
            _CATEGORY[game] = get_game(game).category
        except (VisreasonError, KeyError):
            _CATEGORY[game] = ""
    return _CATEGORY[game]


def facets_of(sample: Sample) -> dict[str, str]:
    return {
        "game": sample.game, "task": f"{sample.game}/{sample.task}",
        "category": sample.category or _category(sample.game), "plot_level": sample.plot_level,
        "qa_level": sample.qa_level, "qa_type": sample.qa_type,
        "answer_type": sample.answer_type, "answer_form": sample.answer_form,
        "partition": sample.partition or "",
    }


class DatasetSource(ABC):
    """One dataset on disk; rows are numbered 0..n-1 in file order."""

    kind: str

    def __init__(self, root: Path, name: str) -> None:
        self.root = root  # the directory whose files may be served
        self.name = name
        self.problems: list[str] = []
        self.problem_count = 0

    def problem(self, text: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)

    @abstractmethod
    def scan(self) -> Scan:
        """Read every row once; keep the locators, return the rest."""

    @abstractmethod
    def sample(self, row: int) -> Sample:
        """The full sample of `row` (its `image` left as stored); VisreasonError if unreadable."""

    @abstractmethod
    def picture(self, row: int, ref: str | None) -> Picture | None:
        """The image of `row`, or None when it has none, is missing or lies outside."""

    def file_picture(self, ref: str | None) -> Picture | None:
        if not ref:
            return None
        if os.path.isabs(ref):
            ref = relative_to_any([self.root], ref)
        found = safe_file([self.root], ref)
        return Picture(file=found) if found is not None else None


class JsonlSource(DatasetSource):
    """`data.jsonl` with images as paths relative to its directory."""

    kind = "jsonl"

    def __init__(self, file: Path) -> None:
        super().__init__(file.parent, file.parent.name or file.name)
        self.file = file
        self.offsets: list[int] = []

    def scan(self) -> Scan:
        try:
            with open(self.file, "rb") as handle:
                return self._scan_lines(handle)
        except OSError as exc:
            raise VisreasonError(f"cannot read {self.file}: {exc.strerror or exc}") from exc

    def _scan_lines(self, handle: Any) -> Scan:
        scan = Scan()
        offset = 0
        for number, line in enumerate(handle, 1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                sample = Sample.from_dict(record)
            except (ValueError, TypeError, VisreasonError) as exc:
                self.problem(f"{self.file.name}:{number}: not a sample record ({exc})")
                continue
            image = record.get("image")
            scan.add(sample, image if isinstance(image, str) else None)
            self.offsets.append(start)
        return scan

    def sample(self, row: int) -> Sample:
        with open(self.file, "rb") as handle:
            handle.seek(self.offsets[row])
            line = handle.readline()
        try:
            return Sample.from_dict(json.loads(line))
        except (ValueError, TypeError) as exc:
            raise VisreasonError(f"{self.file.name}: row {row} changed on disk ({exc})") from exc

    def picture(self, row: int, ref: str | None) -> Picture | None:
        return self.file_picture(ref)


class ParquetSource(DatasetSource):
    """Parquet shards (`data/*.parquet`) with images embedded as HF Image structs."""

    kind = "parquet"

    def __init__(self, root: Path, shards: list[Path]) -> None:
        super().__init__(root, root.name)
        self.shards = shards
        self.locators: list[tuple[int, int, int]] = []  # shard, row group, row in group
        self._groups: dict[tuple[int, int], Any] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _pq():
        try:
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise VisreasonError("viewing Parquet needs the 'hf' extra: "
                                 "pip install 'visreason[hf]'") from exc
        return pq

    def scan(self) -> Scan:
        pq = self._pq()
        scan = Scan()
        wanted = ("id", "game", "task", "category", "split", "qa_type", "plot_level",
                  "qa_level", "question", "answer", "answer_type", "answer_form", "partition",
                  "seed")
        for number, shard in enumerate(self.shards):
            try:
                handle = pq.ParquetFile(shard)
                names = set(handle.schema_arrow.names)
                missing = [c for c in REQUIRED_COLUMNS if c not in names]
                if missing:
                    self.problem(f"{shard.name}: not visreason samples (no "
                                 f"{', '.join(missing)} column)")
                    continue
                image_type = str(handle.schema_arrow.field("image").type) \
                    if "image" in names else ""
                columns = [c for c in wanted if c in names]
                nested = image_type.startswith("struct") and "path" in image_type
                if nested:
                    columns.append("image.path")
                for group in range(handle.num_row_groups):
                    table = handle.read_row_group(group, columns=columns)
                    images = table.column("image") if nested else None
                    records = table.drop_columns(["image"]).to_pylist() if nested \
                        else table.to_pylist()
                    for index, record in enumerate(records):
                        try:
                            sample = Sample.from_dict(record)
                        except (ValueError, TypeError, VisreasonError) as exc:
                            self.problem(f"{shard.name}: row {index}: not a sample ({exc})")
                            continue
                        has = images[index].is_valid if images is not None \
                            else bool(image_type)
                        scan.add(sample, "embedded" if has else None)
                        self.locators.append((number, group, index))
            except Exception as exc:  # pyarrow raises many types for a broken file
                self.problem(f"{shard.name}: unreadable Parquet ({exc})")
        return scan

    def _group(self, row: int, columns: tuple[str, ...] | None) -> tuple[Any, int]:
        shard, group, index = self.locators[row]
        key = (shard, group, columns)
        with self._lock:
            table = self._groups.get(key)
        if table is None:
            handle = self._pq().ParquetFile(self.shards[shard])
            table = handle.read_row_group(group, columns=list(columns) if columns else None)
            with self._lock:
                if len(self._groups) >= 4:  # a few row groups: a grid page's thumbnails
                    self._groups.pop(next(iter(self._groups)))
                self._groups[key] = table
        return table, index

    def sample(self, row: int) -> Sample:
        from ..data.records import from_parquet_row

        try:
            table, index = self._group(row, None)
            record = table.slice(index, 1).to_pylist()[0]
            image = record.get("image")
            record["image"] = image.get("bytes") or image.get("path") \
                if isinstance(image, dict) else image
            return from_parquet_row(record)
        except VisreasonError:
            raise
        except Exception as exc:
            raise VisreasonError(f"row {row}: unreadable ({exc})") from exc

    def picture(self, row: int, ref: str | None) -> Picture | None:
        if ref is None:
            return None
        try:
            table, index = self._group(row, ("image",))
            value = table.column("image")[index].as_py()
        except Exception:
            return None
        if isinstance(value, dict):
            if value.get("bytes"):
                return Picture(data=value["bytes"])
            value = value.get("path")
        if isinstance(value, (bytes, bytearray)):
            return Picture(data=bytes(value))
        return self.file_picture(value) if isinstance(value, str) else None


class GameQASource(DatasetSource):
    """GameQA's layout: JSON lists of records (one data.json, or one per game folder), with
    images/ and states/ beside each; read with the project's importer, record by record."""

    kind = "gameqa"

    def __init__(self, root: Path, files: list[Path]) -> None:
        super().__init__(root, root.name)
        self.files = files
        self.records: list[tuple[int, dict[str, Any]]] = []  # (file number, record)

    @staticmethod
    def _load(file: Path) -> list[Any]:
        try:
            text = file.read_text("utf-8")
            if file.suffix == ".jsonl":
                return [json.loads(line) for line in text.splitlines() if line.strip()]
            records = json.loads(text)
        except (OSError, ValueError) as exc:
            raise VisreasonError(f"{file}: not GameQA JSON ({exc})") from exc
        if not isinstance(records, list):
            raise VisreasonError(f"{file}: GameQA data must be a list of records")
        return records

    def _ref(self, number: int, path: Any) -> str | None:
        """A record's file path, relative to the view's root (records give it relative to
        their own data file's folder)."""
        if not isinstance(path, str) or not path:
            return None
        folder = self.files[number].parent.relative_to(self.root)
        return path if folder == Path(".") else f"{folder.as_posix()}/{path}"

    def _sample(self, number: int, record: dict[str, Any]) -> Sample:
        from ..data.gameqa_import import gameqa_sample

        record = {**record, "image": None}  # the viewer serves images itself, confined
        state = self._ref(number, record.get("state"))
        if state is not None and safe_file([self.root], state) is None:
            record["state"] = None  # a state file outside the dataset is never read
        file = self.files[number]
        try:
            return gameqa_sample(record, file.parent, file)
        except VisreasonError as exc:  # shown as written, and said so
            return _raw_gameqa_sample(record, file, str(exc))

    def scan(self) -> Scan:
        scan = Scan()
        for number, file in enumerate(self.files):
            name = file.relative_to(self.root).as_posix()
            for index, record in enumerate(self._load(file)):
                if not isinstance(record, dict):
                    self.problem(f"{name}: record {index} is not an object")
                    continue
                sample = self._sample(number, record)
                note = sample.meta.get("viewer_note")
                if note:
                    self.problem(f"{name}: record {index} ({record.get('data_id', '?')}) "
                                 f"is shown as written: {note}")
                scan.add(sample, self._ref(number, record.get("image")))
                self.records.append((number, record))
        return scan

    def sample(self, row: int) -> Sample:
        return self._sample(*self.records[row])

    def picture(self, row: int, ref: str | None) -> Picture | None:
        return self.file_picture(ref)


def _raw_gameqa_sample(record: dict[str, Any], file: Path, note: str) -> Sample:
    """A GameQA record the importer cannot read, with its fields as written."""
    options = record.get("options", record.get("Options"))
    options = [str(o) for o in options] if isinstance(options, list) and options else None
    data_id = str(record.get("data_id") or "")
    return Sample(
        id=data_id, game=re.sub(r"[-_]\d+$", "", data_id) or file.parent.name or "gameqa",
        task=str(record.get("question_id") or record.get("question_description") or "question"),
        category="", split="", qa_type=str(record.get("qa_type") or "").lower().replace(" ", "_"),
        plot_level=str(record.get("plot_level") or "").lower(),
        qa_level=str(record.get("qa_level") or "").lower(),
        question=str(record.get("question") or ""), options=options,
        answer=str(record.get("answer", "")), answer_type="text",
        analysis=str(record.get("analysis") or ""), image=None, state={}, seed=0,
        meta={"viewer_note": note}, answer_form="choice" if options else "open",
    )


def _first_record(file: Path) -> Any:
    try:
        with open(file, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    return json.loads(line)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return None


def find_dataset(path: Path) -> DatasetSource | None:
    """The dataset at `path` (a directory or one of its files), or None when there is none."""
    from ..data.gameqa_import import gameqa_files, is_gameqa

    if path.is_file():
        if path.suffix == ".parquet":
            return ParquetSource(path.parent, [path])
        if path.suffix == ".json":
            return GameQASource(path.parent, [path])
        if path.suffix == ".jsonl":
            first = _first_record(path)
            if isinstance(first, dict) and "data_id" in first and "answer_type" not in first:
                return GameQASource(path.parent, [path])
            return JsonlSource(path)
        return None
    if not path.is_dir():
        return None
    if (path / "data.jsonl").is_file():
        return find_dataset(path / "data.jsonl")
    shards = sorted(path.glob("data/*.parquet")) or sorted(path.glob("*.parquet"))
    if shards:
        return ParquetSource(path, shards)
    if is_gameqa(path):
        return GameQASource(path, gameqa_files(path))
    return None


def picture_bytes(picture: Picture | None) -> bytes | None:
    """The bytes of a picture, None when it cannot be read."""
    if picture is None:
        return None
    try:
        return picture.read()
    except OSError:
        return None


