"""Thinking-induced curriculum: four SFT stages, each on its own quarter of the data.

1. question + thinking -> answer   (learn to conclude from given reasoning)
2. question + answer -> thinking   (learn to reason towards a known answer)
3. question -> thinking + answer   (reason, then answer, unaided)
4. question -> answer              (answer directly, the thinking internalised)

Items are shuffled by a stable hash of (seed, id), so the split depends on neither input order
nor machine, and cut into quarters (the first `n % 4` stages get one item more). Every stage
is written for three trainers:
- TRL: trl/stageK.parquet, conversational prompt-completion rows (`prompt`, `completion`),
  with an `images` column of embedded pictures when any item has one;
- ms-swift: swift/stageK.jsonl, `messages` (user turn marked with `<image>`) and `images`
  (absolute paths, which swift resolves from the working directory);
- LLaMA-Factory: llamafactory/stageK.jsonl in its sharegpt layout (`messages` with
  role/content tags, `images` relative to the dataset directory) plus dataset_info.json naming
  the four datasets `visreason_curriculum_stageK`.
The answer is a sample's full answer text when it has one (synthesized items), else its
canonical answer; the thinking is its analysis.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import VisreasonError
from ..core.sample import Sample
from ..core.seeds import derive_seed
from ..eval.records import ENCODING_ERRORS
from ..render.encode import write_atomic
from .pipeline import store_image

FORMATS = ("trl", "swift", "llamafactory")
STAGES = ("question+thinking->answer", "question+answer->thinking",
          "question->thinking+answer", "question->answer")
IMAGE_TAG = "<image>"


@dataclass
class CurriculumSummary:
    sizes: list[int]
    formats: list[str]
    stages: dict[int, list[str]] = field(default_factory=dict)  # stage -> sample ids


def split_stages(samples: Sequence[Sample], seed: int = 0) -> list[list[Sample]]:
    """Four disjoint quarters in a stable hash order; sizes differ by at most one."""
    order = sorted(samples, key=lambda s: (derive_seed("curriculum", seed, s.id), s.id))
    base, extra = divmod(len(order), 4)
    quarters, start = [], 0
    for stage in range(4):
        size = base + (1 if stage < extra else 0)
        quarters.append(order[start:start + size])
        start += size
    return quarters


def answer_text(sample: Sample) -> str:
    return str(sample.meta.get("answer_text") or sample.answer).strip()


def stage_turns(sample: Sample, stage: int) -> tuple[str, str]:
    """(user text, assistant text) of one item in stage 1-4."""
    question, thinking, answer = sample.question.strip(), sample.analysis.strip(), \
        answer_text(sample)
    if stage == 1:
        return (f"{question}\n\nReasoning:\n{thinking}\n\nGive the answer that this reasoning "
                "leads to.", answer)
    if stage == 2:
        return (f"{question}\n\nAnswer: {answer}\n\nExplain step by step the reasoning that "
                "leads to this answer.", thinking)
    if stage == 3:
        return question, f"<think>\n{thinking}\n</think>\n{answer}"
    if stage == 4:
        return question, answer
    raise ValueError(f"stage must be 1-4, not {stage}")


def _lines(path: Path, rows: list[dict[str, Any]]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    write_atomic(path, text.encode("utf-8", ENCODING_ERRORS))


def _trl(folder: Path, stage: int, items: list[Sample], with_images: bool) -> None:
    from ..data.export import _image_bytes, _write_parquet

    rows = []
    for sample in items:
        user, assistant = stage_turns(sample, stage)
        row: dict[str, Any] = {"id": sample.id,
                               "prompt": [{"role": "user", "content": user}],
                               "completion": [{"role": "assistant", "content": assistant}]}
        if with_images:
            data = _image_bytes(sample)
            row["images"] = [{"bytes": data, "path": None}] if data else []
        rows.append(row)
    if rows:
        _write_parquet(folder / f"stage{stage}.parquet", rows, with_images=with_images)


def _chat_rows(folder: Path, stage: int, items: list[Sample], absolute: bool
               ) -> list[dict[str, Any]]:
    rows = []
    for sample in items:
        user, assistant = stage_turns(sample, stage)
        images = []
        if sample.image is not None:
            relative = store_image(folder, sample.image)
            images = [str((folder / relative).resolve()) if absolute else relative]
        rows.append({"id": sample.id,
                     "messages": [{"role": "user",
                                   "content": IMAGE_TAG * len(images) + user},
                                  {"role": "assistant", "content": assistant}],
                     "images": images})
    return rows


def write_curriculum(samples: Sequence[Sample], out: str | os.PathLike[str],
                     formats: Sequence[str] = FORMATS, seed: int = 0) -> CurriculumSummary:
    """Write the four stages in each format under OUT/<format>/; returns the split."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise VisreasonError(f"unknown curriculum format(s) {', '.join(unknown) or '(none)'}; "
                             f"choose from {', '.join(FORMATS)}")
    if len(samples) < 4:
        raise VisreasonError(f"a curriculum needs at least 4 items (one per stage), got "
                             f"{len(samples)}")
    ids = [s.id for s in samples]
    if len(set(ids)) != len(ids):
        raise VisreasonError("sample ids must be unique to split them into stages")
    quarters = split_stages(samples, seed)
    with_images = any(s.image is not None for s in samples)  # one set of columns per stage
    root = Path(out)
    for name in formats:
        folder = root / name
        if folder.exists():
            shutil.rmtree(folder)  # an earlier split's files must not mix with this one
        folder.mkdir(parents=True)
        info = {}
        for stage, items in enumerate(quarters, 1):
            if name == "trl":
                _trl(folder, stage, items, with_images)
                continue
            _lines(folder / f"stage{stage}.jsonl",
                   _chat_rows(folder, stage, items, absolute=name == "swift"))
            info[f"visreason_curriculum_stage{stage}"] = {
                "file_name": f"stage{stage}.jsonl", "formatting": "sharegpt",
                "columns": {"messages": "messages", "images": "images"},
                "tags": {"role_tag": "role", "content_tag": "content", "user_tag": "user",
                         "assistant_tag": "assistant"}}
        if name == "llamafactory":
            write_atomic(folder / "dataset_info.json", json.dumps(info, indent=2).encode())
    manifest = {"seed": seed, "stages": {str(k): {"recipe": STAGES[k - 1],
                                                  "ids": [s.id for s in items]}
                                         for k, items in enumerate(quarters, 1)},
                "formats": list(formats)}
    write_atomic(root / "curriculum.json", json.dumps(manifest, indent=2,
                                                      ensure_ascii=False).encode("utf-8"))
    return CurriculumSummary([len(q) for q in quarters], list(formats),
                             {k: [s.id for s in q] for k, q in enumerate(quarters, 1)})
