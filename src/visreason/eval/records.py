"""The run's per-sample records file: append-only JSONL, read back last-record-wins."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..render.encode import write_atomic

RECORDS = "records.jsonl"
# Records hold model output verbatim; a lone surrogate in it is written as a \uXXXX escape,
# which JSON reads back as the same string (plain UTF-8 cannot encode it at all).
ENCODING_ERRORS = "backslashreplace"


def make_run_dir(out: str | os.PathLike[str]) -> Path:
    """The run directory of an evaluation or agent run, created if missing; a clear error
    where it cannot be."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise VisreasonError(f"cannot create run directory {str(out)!r}: "
                             f"{exc.strerror or exc}") from exc
    return out


def load_records(path: str | os.PathLike[str], repair: bool = False) -> dict[str, dict[str, Any]]:
    """Records by sample id, the last one winning (a re-asked sample supersedes its error).

    A torn last line (a run killed mid-write) is ignored, and cut off when `repair` is set so
    appending can continue; a broken line anywhere else is an error naming the line.
    """
    file = Path(path)
    if file.is_dir():
        file = file / RECORDS
    if not file.exists():
        return {}
    data = file.read_bytes()
    records: dict[str, dict[str, Any]] = {}
    offset = 0
    lines = data.split(b"\n")
    for number, line in enumerate(lines, 1):
        last = number == len(lines)
        if line.strip():
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or "id" not in record:
                    raise ValueError("not a record object")
            except ValueError as exc:
                if last or (number == len(lines) - 1 and not lines[-1]):
                    if repair:
                        with open(file, "r+b") as handle:
                            handle.truncate(offset)
                    break
                raise VisreasonError(f"{file}:{number}: broken record ({exc})") from exc
            records.pop(record["id"], None)  # keep the newest record's position
            records[record["id"]] = record
        offset += len(line) + 1
    return records


def compact_records(path: str | os.PathLike[str], records: dict[str, dict[str, Any]]) -> None:
    """Rewrite the file with exactly one line per sample, atomically."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records.values())
    write_atomic(path, text.encode("utf-8", ENCODING_ERRORS))
