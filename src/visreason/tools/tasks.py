"""Tool tasks: samples whose picture was corrupted by a known transform the model must undo.

A tool task keeps its base sample's question, answer and verifier; only the picture changes.
`meta["tool"]` records what was done, so rewards can check the repair:

    {"transform": "rotate90", "inverse": "rotate270", "box": [x0, y0, x1, y1] | None,
     "size": [w, h], "params": {...}, "base_id": "...", "source": "game" | "user"}

Transforms: the D4 re-orientations rotate90/180/270 (counter-clockwise) and flip_h/flip_v;
crop (the picture shrunk into a corner of a large cluttered canvas: read it by cropping and
zooming; `box` is where it sits); low_contrast (blended towards grey); none (a control item
on which any call is needless). `box` is the answer region in the presented picture's
coordinates, when there is one. Everything is drawn from a seed: same seed, same task.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from ..core.answers import canonical
from ..core.errors import VisreasonError
from ..core.sample import ANSWER_TYPES, Sample
from ..core.seeds import derive_seed
from . import transforms as tf

ORIENTATIONS = ("rotate90", "rotate180", "rotate270", "flip_h", "flip_v")
TRANSFORMS = (*ORIENTATIONS, "crop", "low_contrast", "none")
CROP_CANVAS = 3.0  # canvas side / picture's long side
CROP_SCALE = (0.5, 0.7)  # the picture's scale inside the canvas
CONTRAST_FACTOR = (0.12, 0.25)
MAX_CANVAS = 2048
CROP_NOTE = ("The picture the question is about appears small, somewhere inside a larger "
             "canvas.")


def parse_transforms(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """'all', a comma-separated list, or a sequence of transform names (validated)."""
    if text is None or text == "all":
        return TRANSFORMS
    names = [t.strip() for t in (text.split(",") if isinstance(text, str) else text)
             if t.strip()]
    aliases = {"rotate": ORIENTATIONS[:3], "flip": ORIENTATIONS[3:]}
    chosen: list[str] = []
    for name in names:
        for item in aliases.get(name, (name,)):
            if item not in TRANSFORMS:
                raise VisreasonError(f"unknown tool transform {item!r}; choose from "
                                     f"{', '.join(TRANSFORMS)}, rotate, flip or all")
            if item not in chosen:
                chosen.append(item)
    if not chosen:
        raise VisreasonError("no tool transforms chosen")
    return tuple(chosen)


def _embed(image: Image.Image, rng: random.Random) -> tuple[Image.Image, tuple[int, ...]]:
    """The picture shrunk and placed at a random spot of a large canvas with faint clutter."""
    side = min(MAX_CANVAS, round(CROP_CANVAS * max(image.size)))
    scale = rng.uniform(*CROP_SCALE)
    small = image.convert("RGB").resize((max(8, round(image.width * scale)),
                                         max(8, round(image.height * scale))),
                                        Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (side, side), (236, 236, 232))
    draw = ImageDraw.Draw(canvas)
    for _ in range(24):  # clutter, so the region is not found by a blank-border search
        x, y = rng.randrange(side), rng.randrange(side)
        w, h = rng.randrange(20, side // 4), rng.randrange(20, side // 4)
        shade = tuple(rng.randrange(180, 235) for _ in range(3))
        if rng.random() < 0.5:
            draw.rectangle((x, y, x + w, y + h), outline=shade, width=3)
        else:
            draw.line((x, y, x + w, y + h), fill=shade, width=3)
    x0 = rng.randrange(0, side - small.width + 1)
    y0 = rng.randrange(0, side - small.height + 1)
    canvas.paste(small, (x0, y0))
    return canvas, (x0, y0, x0 + small.width, y0 + small.height)


def corrupt(image: Image.Image, transform: str, rng: random.Random,
            box: Sequence[float] | None = None) -> tuple[Image.Image, dict[str, Any]]:
    """Apply `transform`; returns the picture and the record for meta["tool"]."""
    width, height = image.size
    record: dict[str, Any] = {"transform": transform, "inverse": None, "box": None,
                              "params": {}}
    if transform in ORIENTATIONS:
        out = tf.apply(image, transform)
        record["inverse"] = tf.inverse(transform)
        if box is not None:
            record["box"] = [round(v, 2) for v in tf.transform_box(box, transform, width,
                                                                     height)]
    elif transform == "crop":
        if box is not None:  # the user's region is already small: ask for it as it is
            out, record["box"] = image.copy(), [round(float(v), 2) for v in box]
        else:
            out, placed = _embed(image, rng)
            record["box"] = list(placed)
            record["params"] = {"canvas": list(out.size)}
    elif transform == "low_contrast":
        factor = round(rng.uniform(*CONTRAST_FACTOR), 3)
        out = tf.lower_contrast(image, factor)
        record["params"] = {"factor": factor}
        record["box"] = [round(float(v), 2) for v in box] if box is not None else None
    elif transform == "none":
        out = image.copy()
        record["box"] = [round(float(v), 2) for v in box] if box is not None else None
    else:
        raise VisreasonError(f"unknown tool transform {transform!r}")
    record["size"] = list(out.size)
    return out, record


def pick_transform(image: Image.Image, choices: Sequence[str], seed: int, key: str) -> str:
    """A seeded choice among `choices`, skipping orientations the picture's symmetry hides."""
    start = derive_seed("tool-transform", key, seed) % len(choices)
    ordered = [choices[(start + i) % len(choices)] for i in range(len(choices))]
    for name in ordered:
        if name not in ORIENTATIONS or tf.distinct_under(image, name):
            return name
    raise VisreasonError(f"{key}: every chosen transform leaves this picture unchanged")


def tool_sample(sample: Sample, seed: int = 0, transforms: Sequence[str] = TRANSFORMS,
                transform: str | None = None) -> Sample:
    """`sample` as a tool task: same question and answer, corrupted picture, meta["tool"]."""
    image = sample.load_image()
    if image is None:
        raise VisreasonError(f"{sample.id}: a tool task needs a picture (not --text-only)")
    image.load()
    box = sample.meta.get("box")
    if box is not None:
        box = tf.check_box(box, f"{sample.id}: meta.box")
    name = transform or pick_transform(image, tuple(transforms), seed, sample.id)
    if name in ORIENTATIONS and not tf.distinct_under(image, name):
        raise VisreasonError(f"{sample.id}: {name} leaves this picture unchanged")
    rng = random.Random(derive_seed("tool-params", sample.id, seed, name))
    out, record = corrupt(image, name, rng, box)
    record.update(base_id=sample.id, source="user" if sample.game == "user" else "game")
    question = sample.question
    if name == "crop" and box is None:
        question = f"{CROP_NOTE}\n\n{question}"
    head, _, tail = sample.id.rpartition("@")
    tool_id = f"{head}-{name}@{tail}" if head else f"{sample.id}-{name}"
    return replace(sample, id=tool_id, image=out, question=question,
                   meta={**sample.meta, "tool": record})


# -- a user's own data ---------------------------------------------------------------------
def _user_sample(record: Any, base: Path, where: str) -> Sample:
    if not isinstance(record, dict):
        raise VisreasonError(f"{where}: each line must be a JSON object")
    missing = [k for k in ("image", "question", "answer") if record.get(k) in (None, "")]
    if missing:
        raise VisreasonError(f"{where}: missing {', '.join(missing)} (need image, question, "
                             "answer; optional answer_type, options, box, id)")
    options = record.get("options")
    if options is not None and (not isinstance(options, list) or len(options) < 2):
        raise VisreasonError(f"{where}: options must be a list of two or more texts")
    kind = record.get("answer_type")
    if kind is None:
        from ..rewards.rows import infer_answer_type

        kind = infer_answer_type(str(record["answer"]), options)
    if kind not in ANSWER_TYPES:
        raise VisreasonError(f"{where}: answer_type {kind!r} is not one of "
                             f"{', '.join(ANSWER_TYPES)}")
    answer = canonical(kind, str(record["answer"]), options)
    if answer is None:
        raise VisreasonError(f"{where}: answer {record['answer']!r} is not a well-formed "
                             f"{kind} answer")
    path = Path(str(record["image"]))
    path = path if path.is_absolute() else base / path
    if not path.is_file():
        raise VisreasonError(f"{where}: image {str(path)!r} does not exist")
    meta: dict[str, Any] = {}
    if record.get("box") is not None:
        with Image.open(path) as opened:
            width, height = opened.size
        box = tf.check_box(record["box"], f"{where}: box")
        if tf.clip_box(box, width, height) != box:
            raise VisreasonError(f"{where}: box {list(box)} lies outside the {width}x{height} "
                                 "picture")
        meta["box"] = list(box)
    name = str(record.get("id") or where.rsplit(":", 1)[-1])
    text = str(record["question"])
    if options:
        text += "\n\nOptions:\n" + "\n".join(f"{chr(65 + i)}. {o}" for i, o in
                                             enumerate(options))
    return Sample(id=f"user/{record.get('task') or 'image_qa'}/{name}@0", game="user",
                  task=str(record.get("task") or "image_qa"), category="", split="",
                  qa_type="target_perception", plot_level="", qa_level="", question=text,
                  options=[str(o) for o in options] if options else None, answer=answer,
                  answer_type=kind, analysis="", image=str(path), state={}, seed=0,
                  meta=meta, answer_form="choice" if kind in ("choice", "multi_choice")
                  else "open")


def read_user_records(path: str | Path) -> Iterator[Sample]:
    """Samples from a JSONL of {image, question, answer[, answer_type, options, box, id]};
    image paths are relative to the file. Raises VisreasonError naming the bad line."""
    file = Path(path)
    try:
        lines = file.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise VisreasonError(f"cannot read {file}: {getattr(exc, 'strerror', None) or exc}") \
            from None
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise VisreasonError(f"{file}:{number}: not JSON ({exc})") from None
        sample = _user_sample(record, file.parent, f"{file}:{number}")
        if sample.id in seen:
            raise VisreasonError(f"{file}:{number}: id {sample.id!r} appears twice")
        seen.add(sample.id)
        yield sample
