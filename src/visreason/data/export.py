"""Write a visreason (or GameQA) dataset in the layout each trainer reads.

verl: train.parquet with `data_source`, `prompt` (chat, `<image>` marking the picture),
`images` (PNG bytes), `ability`, `reward_model` {style: rule, ground_truth} and
`extra_info` (the verifier columns). ms-swift: train.jsonl with `messages`, `images`,
`solution` and the verifier columns. LLaMA-Factory: train.jsonl (`messages`, `images`) plus
dataset_info.json. ShareGPT: train.json with `conversations` (from/value) and `images`.
TRL: train.parquet with a conversational `prompt`, an `images` column and the verifier
columns, ready for `datasets.load_dataset("parquet", ...)` and GRPOTrainer.

An export is written into a staging folder inside OUT and moved into place only when it is
complete: a failed export leaves OUT as it was, and one with no rows is an error.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from ..core.errors import VisreasonError
from ..core.sample import Sample
from ..render.encode import png_bytes
from ..rewards.formats import check_format_name, render_answer
from ..rewards.rows import row_to_columns
from .files import commit_file, write_durable
from .read import read_dataset
from .stream import prompt_text

TARGETS = ("verl", "swift", "llamafactory", "trl", "sharegpt")
SFT_BY_DEFAULT = {"llamafactory", "sharegpt"}
IMAGE_TAG = "<image>"


@dataclass
class ExportSummary:
    target: str
    rows: int
    files: list[Path]
    out: Path
    skipped: list[str] = field(default_factory=list)  # source records that were left out


def _image_bytes(sample: Sample) -> bytes | None:
    """PNG bytes of the picture, reusing the stored file or bytes when they are PNG already.

    A picture that cannot be read or decoded is a VisreasonError naming the sample.
    """
    image = sample.image
    if image is None:
        return None
    if isinstance(image, dict):
        image = image.get("bytes") or image.get("path")
    if isinstance(image, (bytes, bytearray)):
        data = bytes(image)
    elif isinstance(image, (str, os.PathLike)):
        try:
            data = Path(image).read_bytes()
        except OSError as exc:
            raise VisreasonError(f"sample {sample.id}: cannot read image {str(image)!r}: "
                                 f"{exc.strerror or exc}") from exc
    else:
        return png_bytes(image)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if data[:8] == b"\x89PNG\r\n\x1a\n":
                opened.load()  # decodes every row: a cut or damaged PNG fails here
                return data
            return png_bytes(opened)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        where = f" {str(sample.image)!r}" if isinstance(sample.image, (str, os.PathLike)) else ""
        raise VisreasonError(f"sample {sample.id}: image{where} is not a readable picture "
                             f"({exc})") from None


def _image_name(sample: Sample, number: int) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in sample.id)[-120:]
    return f"images/{number:07d}_{safe}.png"


def _answer_text(sample: Sample, answer_format: str | None) -> str:
    """The assistant turn for SFT: the analysis, shaped by the answer format."""
    analysis = sample.analysis.strip() or "Let me work through it."
    if answer_format is None:
        return analysis
    return render_answer(sample.answer, answer_format, reasoning=analysis)


def _label(sample: Sample, answer_format: str | None) -> str:
    return json.dumps({**row_to_columns(sample), "answer_format": answer_format},
                      ensure_ascii=False)


class _Images:
    """Writes each picture once under STAGE/images and hands back its path (absolute paths
    point where the file will be once the export is moved into OUT)."""

    def __init__(self, stage: Path, out: Path, absolute: bool) -> None:
        self.stage, self.out, self.absolute = stage, out, absolute

    def path(self, sample: Sample, number: int) -> list[str]:
        data = _image_bytes(sample)
        if data is None:
            return []
        name = _image_name(sample, number)
        write_durable(self.stage / name, data)
        return [str((self.out / name).resolve()) if self.absolute else name]


def _chat(sample: Sample, answer_format: str | None, assistant: bool, has_image: bool,
          system_prompt: str | None, empty_reply: bool = False) -> list[dict[str, str]]:
    """System, user and (SFT) assistant messages; `empty_reply` adds an empty assistant turn
    where a reader drops rows that do not end with one (LLaMA-Factory)."""
    text = prompt_text(sample, answer_format)
    messages = [{"role": "system", "content": system_prompt}] if system_prompt else []
    messages.append({"role": "user", "content": (IMAGE_TAG if has_image else "") + text})
    if assistant:
        messages.append({"role": "assistant", "content": _answer_text(sample, answer_format)})
    elif empty_reply:
        messages.append({"role": "assistant", "content": ""})
    return messages


def _write_lines(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8", errors="backslashreplace") as sink:
        for row in rows:
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    commit_file(tmp, path)
    return count


def _swift_rows(samples: Iterable[Sample], images: _Images, answer_format: str | None,
                assistant: bool, system_prompt: str | None,
                empty_reply: bool = False) -> Iterator[dict[str, Any]]:
    for number, sample in enumerate(samples):
        paths = images.path(sample, number)
        yield {"messages": _chat(sample, answer_format, assistant, bool(paths), system_prompt,
                                 empty_reply),
               "images": paths, "solution": sample.answer, **row_to_columns(sample),
               "plot_level": sample.plot_level, "answer_format": answer_format,
               "label": _label(sample, answer_format)}


def _sharegpt_rows(samples: Iterable[Sample], images: _Images, answer_format: str | None,
                   assistant: bool, system_prompt: str | None) -> Iterator[dict[str, Any]]:
    roles = {"user": "human", "assistant": "gpt", "system": "system"}
    for number, sample in enumerate(samples):
        paths = images.path(sample, number)
        chat = _chat(sample, answer_format, assistant, bool(paths), system_prompt)
        yield {"conversations": [{"from": roles[m["role"]], "value": m["content"]} for m in chat],
               "images": paths, **row_to_columns(sample), "answer_format": answer_format}


def _verl_row(sample: Sample, number: int, answer_format: str | None, split: str,
              system_prompt: str | None) -> dict[str, Any]:
    data = _image_bytes(sample)
    columns = row_to_columns(sample)
    return {
        "data_source": f"visreason/{sample.game}",
        "prompt": _chat(sample, answer_format, False, data is not None, system_prompt),
        "images": [{"bytes": data, "path": f"{sample.id}.png"}] if data is not None else [],
        "ability": sample.category or "visual_reasoning",
        "reward_model": {"style": "rule", "ground_truth": sample.answer},
        "extra_info": {**columns, "index": number, "split": split,
                       "plot_level": sample.plot_level, "answer_format": answer_format or ""},
    }


def _trl_row(sample: Sample, answer_format: str | None, system_prompt: str | None
             ) -> dict[str, Any]:
    data = _image_bytes(sample)
    messages = [{"role": "system", "content": system_prompt}] if system_prompt else []
    # String content: TRL inserts one image placeholder per entry of `images`.
    messages.append({"role": "user", "content": prompt_text(sample, answer_format)})
    return {"prompt": messages, "images": [{"bytes": data, "path": None}] if data else [],
            **row_to_columns(sample), "plot_level": sample.plot_level,
            "answer_format": answer_format or ""}


def _write_parquet(path: Path, rows: list[dict[str, Any]], with_images: bool) -> None:
    try:
        import datasets
    except ImportError as exc:
        raise VisreasonError("Parquet exports need the 'hf' extra: pip install 'visreason[hf]'") \
            from exc
    import pyarrow.parquet as pq

    features = datasets.Dataset.from_list(rows).features
    if with_images and "images" in features:
        features["images"] = datasets.List(datasets.Image())
    table = datasets.Dataset.from_list(rows, features=features).data.table
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    commit_file(tmp, path)


def export_samples(samples: Iterable[Sample], out: str | os.PathLike[str], target: str, *,
                   answer_format: str | None = "think", assistant: bool | None = None,
                   system_prompt: str | None = None, split: str = "train") -> ExportSummary:
    """Write `samples` under `out` in `target`'s layout (see the module docstring).

    Files of an earlier export with the same names are replaced only once this one is
    complete; on any failure (or when there are no samples) `out` is left as it was.
    """
    if target not in TARGETS:
        raise VisreasonError(f"unknown export target {target!r}; choose from {', '.join(TARGETS)}")
    if answer_format is not None:
        check_format_name(answer_format)
    assistant = target in SFT_BY_DEFAULT if assistant is None else assistant
    root = Path(out)
    created = not root.exists()
    try:
        root.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".export-", dir=root))
    except OSError as exc:
        raise VisreasonError(f"cannot write to {str(root)!r}: {exc.strerror or exc}") from exc
    try:
        count, names = _write_export(samples, stage, root, target, answer_format, assistant,
                                     system_prompt, split)
        if count == 0:
            raise VisreasonError("nothing to export: the source holds no samples")
        for name in names:  # move the finished export into place
            final = root / name
            if final.is_dir() and not final.is_symlink():
                shutil.rmtree(final)
            elif final.exists() or final.is_symlink():
                final.unlink()
            if (stage / name).exists():
                os.replace(stage / name, final)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        if created:
            shutil.rmtree(root, ignore_errors=True)
        raise
    shutil.rmtree(stage, ignore_errors=True)
    files = [root / name for name in names if name != "images" and (root / name).is_file()]
    return ExportSummary(target, count, files, root)


def _write_export(samples: Iterable[Sample], stage: Path, root: Path, target: str,
                  answer_format: str | None, assistant: bool, system_prompt: str | None,
                  split: str) -> tuple[int, list[str]]:
    """Write the export into `stage`; returns the row count and the top-level names it owns
    in OUT (`images` even when there are none, so an earlier export's pictures go)."""
    images = ["images"] if target not in ("verl", "trl") else []
    if target in ("verl", "trl"):
        rows = [_verl_row(s, i, answer_format, split, system_prompt) if target == "verl"
                else _trl_row(s, answer_format, system_prompt) for i, s in enumerate(samples)]
        if rows:
            _write_parquet(stage / f"{split}.parquet", rows, with_images=target == "trl")
        return len(rows), [f"{split}.parquet"]
    if target == "sharegpt":
        rows = list(_sharegpt_rows(samples, _Images(stage, root, False), answer_format,
                                   assistant, system_prompt))
        write_durable(stage / f"{split}.json",
                      json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8",
                                                                           "backslashreplace"))
        return len(rows), [f"{split}.json", *images]
    # ms-swift resolves image paths from the working directory: absolute. LLaMA-Factory
    # resolves them from the dataset directory: relative, with dataset_info.json beside, and
    # drops a row whose messages do not end with an assistant turn.
    path = stage / f"{split}.jsonl"
    count = _write_lines(path, _swift_rows(
        samples, _Images(stage, root, absolute=target == "swift"), answer_format, assistant,
        system_prompt, empty_reply=target == "llamafactory"))
    names = [path.name]
    if target == "llamafactory":
        info = {f"visreason_{split}": {
            "file_name": path.name, "formatting": "sharegpt",
            "columns": {"messages": "messages", "images": "images"},
            "tags": {"role_tag": "role", "content_tag": "content", "user_tag": "user",
                     "assistant_tag": "assistant", "system_tag": "system"},
        }}
        write_durable(stage / "dataset_info.json", json.dumps(info, indent=2).encode("utf-8"))
        names.append("dataset_info.json")
    return count, [*names, *images]


def export_dataset(source: str | os.PathLike[str], out: str | os.PathLike[str], target: str, *,
                   source_format: str = "visreason", limit: int | None = None,
                   **options: Any) -> ExportSummary:
    """Export a dataset written by `visreason generate`, or GameQA data.

    GameQA records that cannot be interpreted are left out and listed in `skipped`.
    """
    skipped: list[str] = []
    if source_format == "gameqa":
        from .gameqa_import import import_gameqa

        samples: Iterable[Sample] = import_gameqa(source, errors=skipped)
    elif source_format == "visreason":
        samples = read_dataset(source, skipped=skipped)
    else:
        raise VisreasonError(f"unknown source format {source_format!r}; use visreason or gameqa")
    if limit is not None:
        samples = itertools.islice(samples, limit)
    if Path(out).resolve() == Path(source).resolve():
        raise VisreasonError("the export directory must differ from the source")
    summary = export_samples(samples, out, target, **options)
    summary.skipped = skipped
    return summary
