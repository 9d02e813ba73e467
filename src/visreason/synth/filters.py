"""The filters alone, over any visreason dataset (`visreason synth filter ...`).

Near-duplicate removal needs no model: it fits TF-IDF once on every text (or sketches them
with MinHash) and keeps the first of each near-duplicate group. Scoring and self-consistency
run through the synthesis pipeline with generation skipped, so they resume and record exactly
as a synthesis run does.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from ..core.errors import VisreasonError
from ..core.sample import Sample
from ..eval.records import ENCODING_ERRORS
from ..render.encode import write_atomic
from .dedup import DEFAULT_THRESHOLD, duplicates_in_order
from .pipeline import DATA_FILE, RUN_FILE, Job, dedup_text, store_image

DUPLICATES_FILE = "duplicates.jsonl"


def filter_jobs(samples: Sequence[Sample]) -> list[Job]:
    """One judging job per sample; ids must be unique, since records are keyed by them."""
    seen: set[str] = set()
    for sample in samples:
        if sample.id in seen:
            raise VisreasonError(f"sample id {sample.id!r} occurs twice; ids must be unique")
        seen.add(sample.id)
    return [Job(sample.id, "filter", seed=sample) for sample in samples]


def dedup_dataset(samples: Sequence[Sample], out: str | os.PathLike[str],
                  backend: str = "tfidf", threshold: float | None = None) -> tuple[int, int]:
    """Write the samples that are not near-duplicates of an earlier one to OUT/data.jsonl and
    the dropped ones, with what they repeat, to OUT/duplicates.jsonl; (kept, dropped)."""
    root = Path(out)
    found = duplicates_in_order([dedup_text(s) for s in samples], backend, threshold)
    lines, dropped = [], []
    for position, sample in enumerate(samples):
        if position in found:
            other, similarity = found[position]
            dropped.append({"id": sample.id, "duplicate_of": samples[other].id,
                            "similarity": round(similarity, 4)})
            continue
        image = store_image(root, sample.image) if sample.image is not None else None
        lines.append(json.dumps(sample.to_dict(image), ensure_ascii=False) + "\n")
    write_atomic(root / DATA_FILE, "".join(lines).encode("utf-8", ENCODING_ERRORS))
    write_atomic(root / DUPLICATES_FILE, "".join(json.dumps(d, ensure_ascii=False) + "\n"
                                                 for d in dropped).encode("utf-8"))
    run = {"filter": "dedup", "backend": backend,
           "threshold": DEFAULT_THRESHOLD[backend] if threshold is None else threshold,
           "counts": {"kept": len(lines), "rejected": {"duplicate": len(dropped)}}}
    write_atomic(root / RUN_FILE, json.dumps(run, indent=2).encode("utf-8"))
    return len(lines), len(dropped)
