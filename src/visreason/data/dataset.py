"""`visreason.Dataset`: a generated dataset as a random-access sequence, nothing on disk.

Item i is a pure function of the constructor's arguments and i: items cycle through the
(task, level) pairs so any prefix is spread over all of them, and item i of pair p is that
pair's sample number i // pairs. `ds[i]` costs one generation, so shuffling, sharding across
data-loader workers and resuming at an offset need no state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..core.errors import VisreasonError
from ..core.generate import generate, pick_form
from ..core.levels import parse_levels
from ..core.registry import get_game, get_task, tasks
from ..core.sample import Sample
from ..core.splits import check_split
from ..core.verify import verify


def resolve_task_ids(selection: Iterable[str] | str | None) -> list[str]:
    """Task ids from task ids and game names ('maze', 'maze/turn_count'); None means all."""
    if selection is None:
        return [t.id for t in tasks()]
    items = selection.split(",") if isinstance(selection, str) else list(selection)
    chosen: list[str] = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        ids = [get_task(item).id] if "/" in item else [t.id for t in tasks(item)]
        chosen.extend(i for i in ids if i not in chosen)
    if not chosen:
        raise VisreasonError("no task selected")
    return chosen


def check_params(params: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict[str, Any]]:
    """{game: {param: value}} with every game known (values are checked when used)."""
    checked: dict[str, dict[str, Any]] = {}
    for game, values in (params or {}).items():
        get_game(game)
        if not isinstance(values, Mapping):
            raise VisreasonError(f"params for {game} must be a mapping of name to value")
        checked[game] = dict(values)
    return checked


class Dataset:
    """`size` samples over `tasks` x `levels`, deterministic by `seed`.

    >>> ds = Dataset(tasks="maze", levels="easy", size=12, seed=0, answer_form="open")
    >>> ds.score(0, ds[0].answer)
    1.0
    """

    def __init__(
        self,
        tasks: Iterable[str] | str | None = None,
        levels: Iterable[str] | str | None = None,
        size: int = 100,
        seed: int = 0,
        *,
        answer_form: str = "choice",
        open_share: float = 0.5,
        split: str | None = None,
        params: Mapping[str, Mapping[str, Any]] | None = None,
        text_only: bool = False,
    ) -> None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise VisreasonError(f"size must be a non-negative integer, got {size!r}")
        task_ids = resolve_task_ids(tasks)
        chosen_levels = parse_levels(levels)
        self.pairs = [(t, lv) for t in task_ids for lv in chosen_levels
                      if lv in get_task(t).plot_levels]
        if not self.pairs:
            raise VisreasonError("no selected task offers the selected levels")
        pick_form(answer_form, open_share, "", "", 0, 0)  # validates both
        self.size, self.seed = size, seed
        self.answer_form, self.open_share = answer_form, open_share
        self.split = check_split(split)
        self.params = check_params(params)
        self.text_only = text_only

    def __len__(self) -> int:
        return self.size

    def locate(self, i: int) -> tuple[str, str, int]:
        """(task id, level, index within that pair) of item i."""
        if not -self.size <= i < self.size:
            raise IndexError(f"index {i} out of range for a dataset of {self.size}")
        i %= self.size
        task_id, level = self.pairs[i % len(self.pairs)]
        return task_id, level, i // len(self.pairs)

    def __getitem__(self, i: int) -> Sample:
        task_id, level, index = self.locate(i)
        form = pick_form(self.answer_form, self.open_share, task_id, level, self.seed, index)
        game = task_id.partition("/")[0]
        return generate(task_id, level, self.seed, index, text_only=self.text_only,
                        answer_form=form, split=self.split, params=self.params.get(game))

    def __iter__(self) -> Iterator[Sample]:
        return (self[i] for i in range(self.size))

    def score(self, i: int, completion: Any) -> float:
        """The verifier's score of `completion` for item i (1.0 right, 0.0 wrong)."""
        return verify(self[i], completion)

    def _rows(self) -> Iterator[dict[str, Any]]:
        for sample in self:
            row = sample.to_dict(image=sample.image)
            row["options"] = sample.options or []
            row["state"] = _json(sample.state)
            row["meta"] = _json(sample.meta)
            yield row

    def to_hf(self):
        """A Hugging Face `datasets.Dataset` in memory (needs the 'hf' extra); `state`/`meta` as
        JSON strings.

        Built in a private cache that is removed afterwards: the library's shared cache keys a
        generator on its arguments, not on the code, so it would hand back rows made by an
        older visreason for the same arguments.
        """
        import shutil
        import tempfile

        datasets = _import_datasets()
        scratch = tempfile.mkdtemp(prefix="visreason-hf-")
        try:
            return datasets.Dataset.from_generator(self._rows, features=_features(datasets, self),
                                                   cache_dir=scratch, keep_in_memory=True)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def to_hf_iterable(self):
        """A Hugging Face `IterableDataset` that generates rows as they are read."""
        datasets = _import_datasets()
        return datasets.IterableDataset.from_generator(self._rows,
                                                       features=_features(datasets, self))


def _json(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True)


def _import_datasets():
    try:
        import datasets
    except ImportError as exc:
        raise VisreasonError("Hugging Face conversion needs the 'hf' extra: "
                             "pip install 'visreason[hf]'") from exc
    return datasets


def _features(datasets, ds: Dataset):
    string = datasets.Value("string")
    columns = {name: string for name in (
        "id", "game", "task", "category", "split", "qa_type", "plot_level", "qa_level",
        "question", "answer", "answer_type", "analysis", "state", "meta", "answer_form",
        "partition")}
    columns["options"] = datasets.Sequence(string)
    columns["seed"] = datasets.Value("int64")
    if not ds.text_only:
        columns["image"] = datasets.Image()
    else:
        columns["image"] = string
    return datasets.Features(columns)
