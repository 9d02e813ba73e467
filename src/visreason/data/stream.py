"""Samples generated on the fly for online RL, in TRL's conversational VLM format.

Item i of a stream is a pure function of (seed, i) and, with a curriculum, of the levels
the curriculum holds when item i is drawn: the same seed gives the same items in any
process. Images stay in memory as PIL; nothing touches the disk.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from PIL import Image

from ..core.errors import GenerationError, VisreasonError
from ..core.generate import generate, pick_form
from ..core.levels import LEVELS, check_level
from ..core.registry import game_names, get_task
from ..core.sample import Sample
from ..core.seeds import derive_seed
from ..core.splits import check_split
from ..rewards.formats import ask, check_format_name
from ..rewards.rows import row_to_columns
from .curriculum import AdaptiveCurriculum
from .dataset import check_params, resolve_task_ids

log = logging.getLogger(__name__)
MAX_CONSECUTIVE_FAILURES = 50


def prompt_text(sample: Sample, answer_format: str | None) -> str:
    """The sample's question followed by the answer-format instruction, if one is asked for."""
    return ask(sample.question, answer_format)


def conversational_row(sample: Sample, answer_format: str | None = "think",
                       system_prompt: str | None = None) -> dict[str, Any]:
    """A TRL conversational row: `prompt` messages (an image placeholder when the sample has a
    picture), the verifier columns, `plot_level` and `answer_format`. The image is not added."""
    text = prompt_text(sample, answer_format)
    content: list[dict[str, Any]] = [{"type": "text", "text": text}]
    if sample.image is not None:
        content.insert(0, {"type": "image"})
    messages: list[dict[str, Any]] = []
    if system_prompt:
        messages.append({"role": "system", "content": [{"type": "text", "text": system_prompt}]})
    messages.append({"role": "user", "content": content})
    row = {"prompt": messages, **row_to_columns(sample), "plot_level": sample.plot_level,
           "answer_format": answer_format}
    return row


def fit_image(image: Image.Image, size: int | None) -> Image.Image:
    """Scale so the longer side is `size` pixels (tiny models and fast tests want small images)."""
    if size is None:
        return image
    width, height = image.size
    scale = size / max(width, height)
    target = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.convert("RGB").resize(target, Image.Resampling.BICUBIC)


def check_left_padding(processing_class: Any) -> Any:
    """Return `processing_class` (a processor or a tokenizer) if it pads on the left, else
    raise. TRL's GRPOTrainer pads prompts on the left, but for a VLM it takes per-token
    fields such as Qwen2-VL's `mm_token_type_ids` from the processor's own padding: a
    right-padding processor misplaces the image tokens of every shorter prompt in a batch,
    which fails in the rope index when the batch's pictures differ in size and silently gives
    wrong positions when they do not. Load it with `padding_side="left"`."""
    tokenizer = getattr(processing_class, "tokenizer", processing_class)
    side = getattr(tokenizer, "padding_side", None)
    if side != "left":
        raise VisreasonError(
            f"the processor pads on the {side or 'unknown'} side; GRPO training with several "
            "prompts per batch needs left padding: load it with "
            "AutoProcessor.from_pretrained(..., padding_side='left') or set "
            "processor.tokenizer.padding_side = 'left'")
    return processing_class


def _weight_of(task_id: str, weights: Mapping[str, float]) -> float:
    game = task_id.split("/", 1)[0]
    return float(weights.get(task_id, weights.get(game, 1.0)))


def _check_weights(weights: Mapping[str, float], task_ids: Sequence[str]) -> None:
    known = set(task_ids) | {t.split("/", 1)[0] for t in task_ids}
    for name, value in weights.items():
        if name not in known:
            if "/" not in name and name not in game_names():
                raise VisreasonError(f"weight for unknown game or task {name!r}")
            raise VisreasonError(f"weight for {name!r}, which this stream does not draw from")
        if not float(value) >= 0:
            raise VisreasonError(f"weight for {name!r} must be >= 0, got {value!r}")


def _level_weights(levels: Sequence[str] | Mapping[str, float] | str | None) -> dict[str, float]:
    if levels is None:
        return dict.fromkeys(LEVELS, 1.0)
    if isinstance(levels, str):
        levels = levels.split(",")
    if isinstance(levels, Mapping):
        table = {check_level(k): float(v) for k, v in levels.items()}
    else:
        table = {check_level(k): 1.0 for k in levels if str(k).strip()}
    if not table or any(not v >= 0 for v in table.values()) or not sum(table.values()) > 0:
        raise VisreasonError(f"level weights must be non-negative and not all zero: {levels!r}")
    return table


class SampleStream:
    """An endless (or `limit`-long) iterable of conversational rows; see `stream`."""

    def __init__(self, tasks: Iterable[str] | str | None = None, *,
                 weights: Mapping[str, float] | None = None,
                 levels: Sequence[str] | Mapping[str, float] | str | None = None,
                 seed: int = 0, curriculum: AdaptiveCurriculum | None = None,
                 answer_format: str | None = "think", system_prompt: str | None = None,
                 image_size: int | None = None, text_only: bool = False,
                 limit: int | None = None, start: int = 0, answer_form: str = "choice",
                 open_share: float = 0.5, split: str | None = None,
                 params: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.task_ids = resolve_task_ids(tasks)
        pick_form(answer_form, open_share, "", "", 0, 0)  # validates both
        self.answer_form, self.open_share = answer_form, open_share
        self.split, self.params = check_split(split), check_params(params)
        weights = dict(weights or {})
        _check_weights(weights, self.task_ids)
        level_table = _level_weights(levels)
        self._choices: list[tuple[str, float, list[str], list[float]]] = []
        for task_id in self.task_ids:
            offered = [lv for lv in LEVELS if lv in get_task(task_id).plot_levels]
            own = [lv for lv in offered if level_table.get(lv, 0) > 0]
            weight = _weight_of(task_id, weights)
            if weight > 0 and (own or curriculum is not None):
                self._choices.append((task_id, weight, own, [level_table[lv] for lv in own]))
        if not self._choices:
            raise VisreasonError("no task in this stream offers the requested levels with a "
                                 "positive weight")
        if curriculum is not None:
            missing = [t for t, *_ in self._choices if t not in curriculum.task_ids]
            if missing:
                raise VisreasonError(f"the curriculum does not cover {', '.join(missing)}")
        if answer_format is not None:
            check_format_name(answer_format)
        if image_size is not None and image_size < 8:
            raise VisreasonError(f"image_size must be at least 8 pixels, got {image_size}")
        if limit is not None and limit < 0:
            raise VisreasonError(f"limit must be >= 0, got {limit}")
        self.seed, self.curriculum, self.answer_format = int(seed), curriculum, answer_format
        self.system_prompt, self.image_size, self.text_only = system_prompt, image_size, text_only
        self.limit, self.start = limit, int(start)

    def pick(self, index: int) -> tuple[str, str]:
        """The (task id, level) item `index` is drawn from."""
        rng = random.Random(derive_seed("stream", self.seed, index))
        task_id, _, own, level_weights = rng.choices(
            self._choices, weights=[c[1] for c in self._choices])[0]
        if self.curriculum is not None:
            return task_id, self.curriculum.level(task_id)
        return task_id, rng.choices(own, weights=level_weights)[0]

    def row(self, index: int) -> dict[str, Any]:
        """Item `index`: a conversational row with its PIL `image` (absent when text-only)."""
        task_id, level = self.pick(index)
        game = task_id.partition("/")[0]
        params = self.params.get(game)
        if self.curriculum is not None and self.curriculum.params(task_id) is not None:
            params = {**self.curriculum.params(task_id), **(params or {})}
        form = pick_form(self.answer_form, self.open_share, task_id, level, self.seed, index)
        sample = generate(task_id, level, self.seed, index, text_only=self.text_only,
                          answer_form=form, split=self.split, params=params)
        row = conversational_row(sample, self.answer_format, self.system_prompt)
        if sample.image is not None:
            row["image"] = fit_image(sample.image, self.image_size)
        return row

    def _indices(self) -> Iterator[int]:
        index, stop = self.start, None if self.limit is None else self.start + self.limit
        worker, workers = _torch_worker()
        while stop is None or index < stop:
            if index % workers == worker:
                yield index
            index += 1

    def __iter__(self) -> Iterator[dict[str, Any]]:
        failures = 0
        for index in self._indices():
            try:
                row = self.row(index)
            except GenerationError as exc:  # a task that cannot build this draw: skip it
                failures += 1
                log.warning("stream item %d skipped: %s", index, exc)
                if failures >= MAX_CONSECUTIVE_FAILURES:
                    raise VisreasonError(f"{failures} stream items in a row failed; last: {exc}") \
                        from exc
                continue
            failures = 0
            yield row


def _torch_worker() -> tuple[int, int]:
    """(worker id, worker count) inside a torch DataLoader worker, else (0, 1)."""
    try:
        from torch.utils.data import get_worker_info
    except ImportError:
        return 0, 1
    info = get_worker_info()
    return (0, 1) if info is None else (info.id, info.num_workers)


def stream(tasks: Iterable[str] | str | None = None, *, kind: str = "hf",
           **options: Any) -> Any:
    """Online visreason data for RL, one row per generated sample.

    `tasks`: task ids and/or game names (default: all). `weights`: mixing weight per game or
    task id (default 1). `levels`: allowed plot levels or {level: weight}; or `curriculum`,
    an AdaptiveCurriculum that chooses each task's level. `answer_format`: think, boxed,
    answer or None (the instruction appended to each question, checked by the format
    reward). `image_size`: longest side in pixels. `limit`: items before the stream ends.
    `answer_form` (choice, open or mixed at `open_share`), `split` and `params` ({game:
    {parameter: value}}) work as in `generate`; a curriculum with grades sets each task's
    parameters too.

    `kind="hf"` returns a `datasets.IterableDataset` (what TRL's GRPOTrainer takes; also a
    torch IterableDataset), `kind="torch"` a torch IterableDataset, `kind="python"` the
    plain iterable `SampleStream`. Each row holds `prompt`, `image` (PIL) and the verifier
    columns the visreason rewards read. Pictures keep their aspect ratio, so a batch mixes
    sizes: hand GRPOTrainer a processor that pads on the left (`check_left_padding`).
    """
    source = SampleStream(tasks, **options)
    if kind == "python":
        return source
    if kind == "torch":
        try:
            from torch.utils.data import IterableDataset
        except ImportError as exc:
            raise VisreasonError("kind='torch' needs torch: pip install 'visreason[train]'") \
                from exc

        class TorchSampleStream(IterableDataset):
            def __iter__(self) -> Iterator[dict[str, Any]]:
                return iter(source)

        dataset = TorchSampleStream()
        dataset.source = source
        return dataset
    if kind == "hf":
        try:
            from datasets import IterableDataset as HFIterableDataset
        except ImportError as exc:
            raise VisreasonError("kind='hf' needs datasets: pip install 'visreason[hf]'") from exc

        def rows() -> Iterator[dict[str, Any]]:
            yield from source

        return HFIterableDataset.from_generator(rows)
    raise VisreasonError(f"unknown stream kind {kind!r}; choose from hf, torch, python")
