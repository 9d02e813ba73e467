"""Read GameQA (Code2Logic) data as visreason Samples, so our rewards can score it.

GameQA's `games_data.json` is a list of records: data_id, image, state (a path), plot_level,
qa_type, qa_level, question_id, question_description, question (options inline as
"1: ..."), answer, options (a list, for choice questions) and analysis. Its answers follow
several conventions; here they become one: a numbered-option answer stays the option
number (what the question asks for), a lettered one the letter, a fill-in answer its
canonical form. Records written by `visreason generate --format gameqa` map back to their
registered task, so they are checked by the task's own rules.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.answers import LETTERS, canonical, normalise_text
from ..core.errors import VisreasonError
from ..core.registry import find_task
from ..core.sample import Sample
from ..rewards.rows import infer_answer_type

_OUR_ID_RE = re.compile(r"^(?P<game>[\w-]+)/(?P<task>[\w-]+)/(?P<level>\w+)/\d+@\d+$")
_NUMBERED_RE = re.compile(r"^\s*(\d+)\s*[:.)]\s", re.M)
_LETTERED_RE = re.compile(r"^\s*\(?([A-Z])[.):]\s", re.M)
_QA_TYPES = {"target perception": "target_perception", "state prediction": "state_prediction",
             "strategy optimization": "strategy_optimization"}


def _records(path: Path) -> tuple[list[dict[str, Any]], Path]:
    """The records of a GameQA JSON list, JSONL file, or a directory holding data.json."""
    if path.is_dir():
        for name in ("data.json", "games_data.json", "games_data_test.json", "data.jsonl"):
            if (path / name).exists():
                return _records(path / name)
        raise VisreasonError(f"{path} holds no GameQA data.json / games_data.json")
    if not path.exists():
        raise VisreasonError(f"no GameQA data at {str(path)!r}")
    text = path.read_text("utf-8")
    try:
        if path.suffix == ".jsonl":
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            records = json.loads(text)
    except ValueError as exc:
        raise VisreasonError(f"{path}: not GameQA JSON ({exc})") from exc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise VisreasonError(f"{path}: GameQA data must be a list of objects")
    return records, path.parent


def _game_name(record: dict[str, Any]) -> str:
    image = str(record.get("image") or "")
    parts = Path(image).parts
    if len(parts) >= 2:
        return parts[-2]
    data_id = str(record.get("data_id") or "gameqa")
    return re.sub(r"(-test)?-\d+$", "", data_id) or "gameqa"


def _option_numbering(question: str, count: int) -> int | None:
    """1 or 0 when the question lists options by number, None when by letter or not at all."""
    labels = [int(n) for n in _NUMBERED_RE.findall(question)]
    if labels and len(set(labels)) >= min(count, 2):
        return 0 if 0 in labels else 1
    return None


def _answer(record: dict[str, Any], options: list[str] | None) -> tuple[str, str, dict]:
    """(answer, answer_type, meta) in visreason's convention."""
    raw = str(record.get("answer", "")).strip()
    question = str(record.get("question") or "")
    if options:
        base = _option_numbering(question, len(options))
        if base is not None and raw.lstrip("-").isdigit():
            index = int(raw) - base
            if not 0 <= index < len(options):
                raise VisreasonError(f"answer {raw!r} is not an option number")
            meta = {"option_base": base, "option_text": options[index]}
            return str(int(raw)), "integer", meta
        letter = canonical("choice", raw, options)
        if letter is not None:
            return letter, "choice", {}
        multi = canonical("multi_choice", raw, options)
        if multi is not None:
            return multi, "multi_choice", {}
        wanted = normalise_text(raw)
        hits = [i for i, o in enumerate(options) if normalise_text(o) == wanted]
        if len(hits) == 1:
            return LETTERS[hits[0]], "choice", {}
        raise VisreasonError(f"answer {raw!r} matches no option")
    kind = infer_answer_type(raw)
    form = canonical(kind, raw)
    if form is None:
        kind, form = "text", canonical("text", raw)
    if form is None:
        raise VisreasonError("empty answer")
    return form, kind, {}


def _state(record: dict[str, Any], base: Path) -> dict[str, Any]:
    state = record.get("state")
    if isinstance(state, dict):
        return state
    if isinstance(state, str) and state:
        file = base / state
        if file.exists():
            try:
                loaded = json.loads(file.read_text("utf-8"))
                return loaded if isinstance(loaded, dict) else {"value": loaded}
            except ValueError:
                return {}
    return {}


def gameqa_sample(record: dict[str, Any], base: Path) -> Sample:
    """One GameQA record as a Sample; raises VisreasonError when it cannot be scored."""
    options = record.get("options")
    options = [str(o) for o in options] if isinstance(options, list) and options else None
    data_id = str(record.get("data_id") or "")
    ours = _OUR_ID_RE.match(data_id)
    task = find_task(ours["game"], ours["task"]) if ours else None
    if task is not None:
        game, name = task.game.name, task.name
        answer, kind, meta = str(record.get("answer", "")).strip(), task.answer_type, {}
        if canonical(kind, answer, options) is None:
            raise VisreasonError(f"answer {answer!r} is not a {kind} answer")
    else:
        game = _game_name(record)
        name = str(record.get("question_description") or f"q{record.get('question_id', 0)}")
        answer, kind, meta = _answer(record, options)
        if kind == "integer":
            options = None  # numbered options are answered by their number: an integer
    image = record.get("image")
    image_path = str(base / image) if isinstance(image, str) and image else None
    return Sample(
        id=data_id or f"gameqa/{game}/{name}",
        game=game, task=name, category="", split="",
        qa_type=_QA_TYPES.get(str(record.get("qa_type", "")).strip().lower(),
                              str(record.get("qa_type") or "")),
        plot_level=str(record.get("plot_level") or "").lower(),
        qa_level=str(record.get("qa_level") or "").lower(),
        question=str(record.get("question") or ""), options=options, answer=answer,
        answer_type=kind, analysis=str(record.get("analysis") or ""), image=image_path,
        state=_state(record, base), seed=0, meta=meta,
    )


def import_gameqa(path: str | os.PathLike[str], *, skip_bad: bool = False,
                  errors: list[str] | None = None) -> Iterator[Sample]:
    """Samples of a GameQA dataset (games_data.json, a JSONL file, or a directory).

    A record whose answer cannot be read raises VisreasonError naming it, or, with
    `skip_bad`, is skipped and its reason appended to `errors`.
    """
    records, base = _records(Path(path))
    for number, record in enumerate(records):
        try:
            yield gameqa_sample(record, base)
        except VisreasonError as exc:
            reason = f"record {number} ({record.get('data_id', '?')}): {exc}"
            if not skip_bad:
                raise VisreasonError(reason) from exc
            if errors is not None:
                errors.append(reason)
