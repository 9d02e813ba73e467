"""What a view shows: one dataset, or one or more runs joined to the dataset they were asked on.

`open_collection` works out what PATH holds, reads it once, and builds the index. Rows are
the dataset's samples, or for runs every sample any run answered (in the first run's order);
a run's sample is looked up in its dataset by id, so the page shows the image, options and
analysis next to the model's answer. A run whose dataset is gone still shows its records.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..core.sample import Sample
from .datasets import DatasetSource, Picture, Scan, find_dataset
from .index import SampleIndex, outcome_of
from .paths import safe_file
from .runs import RunSource, is_run
from .trajectory import turns_of


class Collection:
    """Rows of a view with their index, and what each row's pages are read from."""

    def __init__(self, title: str, dataset: DatasetSource | None, runs: list[RunSource],
                 scan: Scan | None, limit: int | None = None) -> None:
        """`limit` keeps the first rows only (a gallery of a large dataset)."""
        self.title = title
        self.dataset = dataset
        self.runs = runs
        self.problems: list[str] = []
        self.problem_count = 0
        scan = scan or Scan()
        if runs:
            self._join(scan, limit)
        else:
            if limit is not None:
                for name in ("ids", "answers", "images", "facets", "texts"):
                    setattr(scan, name, getattr(scan, name)[:limit])
            self.ids, self.answers, self.images = scan.ids, scan.answers, scan.images
            self.dataset_rows = list(range(len(scan.ids)))
            self.index = SampleIndex(scan.facets, scan.texts)
        self.positions = {}
        for row, sid in enumerate(self.ids):
            self.positions.setdefault(sid, row)
        for source in ([dataset] if dataset else []) + runs:
            self.problems += source.problems
            self.problem_count += source.problem_count

    def _join(self, scan: Scan, limit: int | None) -> None:
        by_id: dict[str, int] = {}
        for row, sid in enumerate(scan.ids):
            by_id.setdefault(sid, row)
        order: dict[str, None] = {}
        for run in self.runs:
            order.update(dict.fromkeys(run.slim))
        self.ids = list(order)[:limit]
        self.answers, self.images, self.dataset_rows = [], [], []
        facets, texts = [], []
        for sid in self.ids:
            row = by_id.get(sid, -1)
            self.dataset_rows.append(row)
            if row >= 0:
                self.answers.append(scan.answers[row])
                self.images.append(scan.images[row])
                facets.append(scan.facets[row])
                texts.append(scan.texts[row])
                continue
            slim = next(run.slim[sid] for run in self.runs if sid in run.slim)
            answer_type = str(slim.get("answer_type") or "")
            self.answers.append(str(slim.get("answer") or ""))
            self.images.append(None)
            facets.append({k: str(slim.get(k) or "") for k in
                           ("game", "category", "plot_level", "qa_level", "qa_type",
                            "answer_type")}
                          | {"task": f"{slim.get('game')}/{slim.get('task')}",
                             "answer_form": "choice" if answer_type in ("choice", "multi_choice")
                             else "open"})
            texts.append(sid)
        outcomes = [[outcome_of(run.slim.get(sid)) for sid in self.ids] for run in self.runs]
        self.index = SampleIndex(facets, texts, outcomes)

    # -- rows -----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    @property
    def is_run(self) -> bool:
        return bool(self.runs)

    @property
    def roots(self) -> list[Path]:
        """The directories whose files this view may serve."""
        roots = [self.dataset.root] if self.dataset else []
        return roots + [run.root for run in self.runs]

    def sample(self, row: int) -> Sample:
        """The full sample of a row; a stand-in from the run record when no dataset has it."""
        data_row = self.dataset_rows[row]
        if data_row >= 0 and self.dataset is not None:
            return self.dataset.sample(data_row)
        sid = self.ids[row]
        record = next((r for r in self.records(row) if r is not None), None) or {"id": sid}
        try:
            return Sample.from_dict({**record, "question": record.get("prompt") or "",
                                     "image": None, "analysis": "", "state": None,
                                     "meta": None, "options": None})
        except VisreasonError:
            return Sample(sid, str(record.get("game") or ""), str(record.get("task") or ""),
                          "", "", "", "", "", str(record.get("prompt") or ""), None,
                          str(record.get("answer") or ""), "text", "", None, {}, 0)

    def picture(self, row: int) -> Picture | None:
        data_row = self.dataset_rows[row]
        if data_row < 0 or self.dataset is None:
            return None
        return self.dataset.picture(data_row, self.images[row])

    def records(self, row: int) -> list[dict[str, Any] | None]:
        """Each run's full record of the row's sample (None where a run has none)."""
        return [run.record(self.ids[row]) for run in self.runs]

    def step_picture(self, row: int, run: int, turn: int, image: int) -> Picture | None:
        """An image of a trajectory turn, read only from inside that run's directory."""
        if not 0 <= run < len(self.runs):
            return None
        turns = turns_of(self.runs[run].record(self.ids[row]))
        if not 0 <= turn < len(turns) or not 0 <= image < len(turns[turn].images):
            return None
        found = safe_file([self.runs[run].root], turns[turn].images[image])
        return Picture(file=found) if found is not None else None

    def has_picture(self, row: int) -> bool:
        """Whether the row's image is there to show (a cheap check for the grid)."""
        ref = self.images[row]
        if ref is None or self.dataset is None or self.dataset_rows[row] < 0:
            return False
        if ref == "embedded":
            return True
        return self.dataset.file_picture(ref) is not None


def _dataset_or_fail(path: Path) -> DatasetSource:
    found = find_dataset(path)
    if found is None:
        raise VisreasonError(f"{path} holds no dataset (data.jsonl, Parquet shards, a GameQA "
                             f"data.json) and no run (records.jsonl, trajectories.jsonl)")
    return found


def open_collection(paths: Sequence[str | os.PathLike[str]],
                    data: str | os.PathLike[str] | None = None,
                    limit: int | None = None) -> Collection:
    """Read a dataset, or one or more runs (with `data`, the dataset they were asked on);
    `limit` keeps the first rows only."""
    from ..eval.report import run_names

    if not paths:
        raise VisreasonError("nothing to view: give a dataset or run directory")
    chosen = [Path(p) for p in paths]
    for path in chosen:
        if not path.exists():
            raise VisreasonError(f"no such file or directory: {str(path)!r}")
    runs = [p for p in chosen if is_run(p)]
    if runs and len(runs) != len(chosen):
        raise VisreasonError("give one dataset, or one or more runs, not both; a run's "
                             "dataset is found from its run.json (or pass --data)")
    if not runs:
        if len(chosen) > 1:
            raise VisreasonError("give one dataset at a time (several runs may be compared)")
        if data is not None:
            raise VisreasonError("--data names a run's dataset; PATH is a dataset already")
        dataset = _dataset_or_fail(chosen[0])
        scan = dataset.scan()
        return Collection(dataset.name, dataset, [], scan, limit)
    sources = [RunSource(p, name) for p, name in zip(runs, run_names(runs), strict=True)]
    for run in sources:
        run.scan()
    data_path = Path(data) if data is not None else next(
        (found for run in sources if (found := run.data_path()) is not None), None)
    dataset = _dataset_or_fail(data_path) if data is not None else \
        find_dataset(data_path) if data_path is not None else None
    scan = dataset.scan() if dataset is not None else None
    title = " vs ".join(run.name for run in sources)
    collection = Collection(title, dataset, sources, scan, limit)
    if dataset is None:
        collection.problems.insert(0, "the runs' dataset was not found (pass --data DIR to "
                                      "show images, options and analyses)")
        collection.problem_count += 1
    return collection
