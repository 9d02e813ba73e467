"""Seeds for image synthesis: any visreason dataset, or a JSONL of image, question, answer.

A user's JSONL names each picture by a path (absolute, or relative to the JSONL's folder);
`id` is optional (the line number stands in). Records without a readable picture, question or
answer are skipped with the reason, never silently.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..core.errors import VisreasonError
from ..core.sample import Sample
from ..data.read import read_dataset

SEED_FILES = ("seeds.jsonl",)


def _user_jsonl(path: Path) -> bool:
    """Whether a JSONL file holds user seeds (image, question, answer) rather than samples."""
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    return isinstance(record, dict) and "game" not in record
    except (OSError, ValueError) as exc:
        raise VisreasonError(f"cannot read seeds from {path}: {exc}") from exc
    return False


def _seed_file(root: Path) -> Path | None:
    if root.is_file():
        return root if root.suffix == ".jsonl" and _user_jsonl(root) else None
    if (root / "data.jsonl").exists() or any(root.glob("*.parquet")) \
            or any(root.glob("data/*.parquet")):
        return None
    for name in SEED_FILES:
        if (root / name).is_file():
            return root / name
    files = sorted(root.glob("*.jsonl"))
    if len(files) == 1 and _user_jsonl(files[0]):
        return files[0]
    return None


def _read_user_seeds(file: Path, skipped: list[str]) -> list[Sample]:
    seeds: list[Sample] = []
    with open(file, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError as exc:
                skipped.append(f"{file.name}:{number}: not JSON ({exc})")
                continue
            if not isinstance(record, dict):
                skipped.append(f"{file.name}:{number}: not an object")
                continue
            missing = [k for k in ("image", "question", "answer") if not record.get(k)]
            if missing:
                skipped.append(f"{file.name}:{number}: no {', '.join(missing)}")
                continue
            image = Path(os.path.expanduser(str(record["image"])))
            image = image if image.is_absolute() else file.parent / image
            if not image.is_file():
                skipped.append(f"{file.name}:{number}: no picture at {str(record['image'])!r}")
                continue
            seeds.append(Sample(
                id=str(record.get("id") or f"{file.stem}-{number}"), game="seed", task="seed",
                category="", split="", qa_type="", plot_level="", qa_level="",
                question=str(record["question"]), options=None, answer=str(record["answer"]),
                answer_type="text", analysis="", image=str(image.resolve()), state={}, seed=0,
                answer_form="open"))
    return seeds


def read_seeds(path: str | os.PathLike[str], skipped: list[str] | None = None) -> list[Sample]:
    """Seed samples with pictures, in source order; `skipped` collects what was left out."""
    root = Path(path)
    if not root.exists():
        raise VisreasonError(f"no seeds at {str(root)!r}")
    skipped = [] if skipped is None else skipped
    file = _seed_file(root)
    if file is not None:
        seeds = _read_user_seeds(file, skipped)
    else:
        seeds = []
        for sample in read_dataset(root, skipped=skipped):
            if sample.image is None:
                skipped.append(f"{sample.id}: no picture")
                continue
            seeds.append(sample)
    if not seeds:
        raise VisreasonError(f"{root} holds no usable seed (image, question, answer)"
                             + (f"; first problem: {skipped[0]}" if skipped else ""))
    return seeds
