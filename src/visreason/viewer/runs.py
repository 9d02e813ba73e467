"""Evaluation and agent runs: their records read once into an index by sample id.

An evaluation run is the directory `visreason eval` writes: `run.json` (settings) and
`records.jsonl` (one record per sample, the last one for an id winning). An agent run writes
`trajectories.jsonl` instead, records of the same shape plus `turns` (see `trajectory`).
Only the fields the grid and the report need stay in memory; a sample page reads its record
back by offset.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from .datasets import MAX_PROBLEMS

RECORD_FILES = ("records.jsonl", "trajectories.jsonl")
SLIM_FIELDS = ("id", "game", "task", "category", "split", "qa_type", "plot_level", "qa_level",
               "answer_type", "answer", "extracted", "score", "judge_score")


def is_run(path: Path) -> bool:
    return path.is_dir() and any((path / name).is_file() for name in RECORD_FILES)


class RunSource:
    """One run directory: settings, and records by sample id in the order first written."""

    def __init__(self, root: Path, name: str | None = None) -> None:
        self.root = root
        self.name = name or root.resolve().name
        found = [root / n for n in RECORD_FILES if (root / n).is_file()]
        if not found:
            raise VisreasonError(f"{root} is not a run (no {' or '.join(RECORD_FILES)})")
        self.file = found[0]
        self.agent = self.file.name == "trajectories.jsonl"
        self.settings: dict[str, Any] = {}
        self.problems: list[str] = []
        self.problem_count = 0
        self.offsets: dict[str, int] = {}
        self.slim: dict[str, dict[str, Any]] = {}
        self._read_settings()

    def problem(self, text: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)

    def _read_settings(self) -> None:
        file = self.root / "run.json"
        if not file.is_file():
            return
        try:
            settings = json.loads(file.read_text("utf-8")).get("settings", {})
        except (OSError, ValueError, AttributeError) as exc:
            self.problem(f"{self.name}/run.json is unreadable ({exc})")
            return
        self.settings = settings if isinstance(settings, dict) else {}

    @property
    def model(self) -> str:
        return str(self.settings.get("model") or "")

    def scan(self) -> None:
        """Index the records file: offsets and slim fields, the last record per id winning."""
        try:
            with open(self.file, "rb") as handle:
                self._scan_lines(handle)
        except OSError as exc:
            raise VisreasonError(f"cannot read {self.file}: {exc.strerror or exc}") from exc

    def _scan_lines(self, handle: Any) -> None:
        offset = 0
        for number, line in enumerate(handle, 1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                    raise ValueError("not a record object with an id")
            except ValueError as exc:
                torn = not line.endswith(b"\n")  # only the last line can lack one
                self.problem(f"{self.name}/{self.file.name}:{number}: "
                             + ("incomplete last line (a run still writing?)" if torn
                                else f"broken record ({exc})"))
                continue
            sid = record["id"]
            self.offsets.pop(sid, None)  # the newest record keeps the newest position
            self.slim.pop(sid, None)
            self.offsets[sid] = start
            slim = {k: record.get(k) for k in SLIM_FIELDS}
            slim["error"] = str(record["error"])[:300] if record.get("error") else None
            slim["turns"] = len(record["turns"]) if isinstance(record.get("turns"), list) else 0
            self.slim[sid] = slim

    def record(self, sample_id: str) -> dict[str, Any] | None:
        """The full record of a sample, or None when this run has none (or it changed)."""
        offset = self.offsets.get(sample_id)
        if offset is None:
            return None
        try:
            with open(self.file, "rb") as handle:
                handle.seek(offset)
                record = json.loads(handle.readline())
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) and record.get("id") == sample_id else None

    def data_path(self) -> Path | None:
        """The dataset the run was asked on, when it still exists."""
        data = self.settings.get("data")
        if isinstance(data, dict):
            data = data.get("source")
        candidates = []
        if isinstance(data, str) and data:
            candidates += [Path(data), self.root / data]
        candidates.append(self.root / "data")
        for candidate in candidates:
            try:
                if candidate.exists():
                    return candidate
            except OSError:
                continue
        return None
