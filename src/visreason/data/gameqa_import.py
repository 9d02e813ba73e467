"""Read GameQA (Code2Logic) data as visreason Samples, so our rules score it instead of a judge.

GameQA publishes one `data.json` per game (a list of records: data_id, qa_type, question_id,
question_description, image, state, plot_level, qa_level, question, answer, analysis and
`options`, which tetris spells `Options`), plus the combined `games_data*.json`. Its answers
follow many conventions: a 1-based option number as int or string, an option letter where
the options carry their own prefix ("A. (4, 6)", "A: 6", "A.red"), a 0-based index (snake), the
full option text (pacman), several digits for a multi-select (chess_ranger "23"), a decimal
string ("0.800"), coordinates or free text; options may be numbers or lists (tents). Each
record becomes one Sample in our convention: clean option texts, the answer as option
letter(s), `meta.option_labels` holding the labels the question text shows (so a model that
answers "3" to a question numbering its options scores like one answering "C"), a fill-in
answer in its canonical form. The game is the data_id's prefix (else the folder's name) and
the task is `question_id`. A record that cannot be interpreted is skipped with its reason,
never failing the file. Records written by `visreason generate --format gameqa` map back to
their registered task, so they are checked by the task's own rules.
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
from .read import confined_path

FILE_NAMES = ("data.json", "games_data.json", "games_data_test.json", "data.jsonl")
ZERO_BASED_GAMES = frozenset({"snake"})  # index answers without labels in the question
_OUR_ID_RE = re.compile(r"^(?P<game>[\w-]+)/(?P<task>[\w-]+)/(?P<level>\w+)/\d+@\d+$")
_ID_PREFIX_RE = re.compile(r"^(?P<game>.*?[A-Za-z].*?)(?:[-_](?:test|train|val))?[-_]\d+$")
_LABEL_LINE_RE = re.compile(r"^\s*\(?([A-Z]|\d{1,2})\s*[.:)\]]\s*(\S.*?)\s*$", re.M)
_OWN_PREFIX_RE = re.compile(r"^\s*\(?([A-Z])\s*[.:)]\s*")
_QA_TYPES = {"target perception": "target_perception", "state prediction": "state_prediction",
             "strategy optimization": "strategy_optimization"}


class RecordError(VisreasonError):
    """One record that cannot be interpreted; the file goes on without it."""


def gameqa_files(path: Path) -> list[Path]:
    """The data files under `path`: itself, its data.json, or one per game subfolder."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise VisreasonError(f"no GameQA data at {str(path)!r}")
    for name in FILE_NAMES:
        if (path / name).is_file():
            return [path / name]
    found = sorted(p / n for p in path.iterdir() if p.is_dir() for n in FILE_NAMES[:1]
                   if (p / n).is_file())
    if not found:
        raise VisreasonError(f"{path} holds no GameQA data.json (nor game folders with one)")
    return found


def is_gameqa(path: Path) -> bool:
    """Whether `path` looks like GameQA data (a data.json, or game folders holding one)."""
    try:
        files = gameqa_files(path)
    except VisreasonError:
        return False
    return all(f.suffix == ".json" for f in files)


def _records(file: Path) -> list[Any]:
    try:
        text = file.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise VisreasonError(f"{file}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise VisreasonError(f"cannot read {file}: {exc.strerror or exc}") from exc
    try:
        if file.suffix == ".jsonl":
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        records = json.loads(text)
    except ValueError as exc:
        raise VisreasonError(f"{file}: not GameQA JSON ({exc})") from None
    if not isinstance(records, list):
        raise VisreasonError(f"{file}: GameQA data must be a list of records")
    return records


def _game_name(record: dict[str, Any], file: Path) -> str:
    match = _ID_PREFIX_RE.match(str(record.get("data_id") or ""))
    if match:
        return match["game"]
    folder = file.parent.name
    return folder or "gameqa"


def _option_text(option: Any) -> str:
    if isinstance(option, str):
        return option.strip()
    return json.dumps(option, ensure_ascii=False)


def _own_prefixes(options: list[str]) -> list[str] | None:
    """Options written as "A. text", "B: text" ... in order: their texts without the prefix."""
    stripped = []
    for number, option in enumerate(options):
        match = _OWN_PREFIX_RE.match(option)
        if match is None or match[1] != LETTERS[number]:
            return None
        stripped.append(option[match.end():].strip())
    return stripped


def _question_labels(question: str, count: int) -> list[str] | None:
    """The labels the question text lists its `count` options with ("1".."n", "0".., "A"..)."""
    lines = _LABEL_LINE_RE.findall(question)
    for start in range(len(lines) - count, -1, -1):  # the last listing of `count` options
        labels = [label for label, _ in lines[start:start + count]]
        if len(labels) == count and _in_sequence(labels):
            return labels
    return None


def _in_sequence(labels: list[str]) -> bool:
    if all(label.isdigit() for label in labels):
        numbers = [int(x) for x in labels]
        return numbers[0] in (0, 1) and numbers == list(range(numbers[0], numbers[0] + len(labels)))
    return labels == list(LETTERS[: len(labels)])


def _choice_answer(raw: Any, options: list[str], labels: list[str]) -> tuple[str, str]:
    """(answer letters, answer type) for a choice record whose options carry `labels`."""
    text = str(raw).strip()
    index = {label: i for i, label in enumerate(labels)}
    if text in index:
        return LETTERS[index[text]], "choice"
    letter = canonical("choice", text, options)
    if letter is not None:
        return letter, "choice"
    if len(text) > 1 and all(ch in index for ch in text) and len(set(text)) == len(text):
        return "".join(sorted(LETTERS[index[ch]] for ch in text)), "multi_choice"
    wanted = normalise_text(text)
    hits = [i for i, option in enumerate(options) if normalise_text(option) == wanted]
    if len(hits) == 1:
        return LETTERS[hits[0]], "choice"
    raise RecordError(f"answer {text!r} is neither an option label "
                      f"({', '.join(labels[:3])}...) nor an option's text")


def _fill_in_answer(raw: Any) -> tuple[str, str]:
    text = str(raw).strip()
    if not text:
        raise RecordError("empty answer")
    kind = infer_answer_type(text)
    form = canonical(kind, text)
    if form is None:
        kind, form = "text", canonical("text", text)
    if form is None:
        raise RecordError(f"answer {text!r} has no readable form")
    return form, kind


def _state(record: dict[str, Any], base: Path, name: str) -> dict[str, Any]:
    state = record.get("state")
    if isinstance(state, dict):
        return state
    if isinstance(state, str) and state:
        file = Path(confined_path(base, state, name))
        if file.is_file():
            try:
                loaded = json.loads(file.read_text("utf-8"))
            except (ValueError, OSError):
                return {}
            return loaded if isinstance(loaded, dict) else {"value": loaded}
    return {}


def _ours(record: dict[str, Any]) -> tuple[str, str, str, str, list[str] | None] | None:
    """A record `visreason generate --format gameqa` wrote: its registered task's fields."""
    ours = _OUR_ID_RE.match(str(record.get("data_id") or ""))
    task = find_task(ours["game"], ours["task"]) if ours else None
    if task is None:
        return None
    options = record.get("options")
    options = [str(o) for o in options] if isinstance(options, list) and options else None
    answer = str(record.get("answer", "")).strip()
    kind = task.answer_type if options else task.open_answer_type
    if canonical(kind, answer, options) is None:
        raise RecordError(f"answer {answer!r} is not a {kind} answer")
    return task.game.name, task.name, answer, kind, options


def gameqa_sample(record: Any, base: Path, file: Path | None = None) -> Sample:
    """One GameQA record as a Sample; raises RecordError when it cannot be interpreted."""
    if not isinstance(record, dict):
        raise RecordError(f"a record must be an object, not {type(record).__name__}")
    file = file or base / "data.json"
    data_id = str(record.get("data_id") or "")
    name = data_id or "record"
    raw_options = record.get("options", record.get("Options"))
    meta: dict[str, Any] = {}
    if isinstance(record.get("meta"), dict):  # written by visreason: the rule checkers' inputs
        meta.update(record["meta"])
    ours = _ours(record)
    if ours is not None:
        game, task, answer, kind, options = ours
    else:
        game = _game_name(record, file)
        task = str(record.get("question_id", "")).strip() or \
            str(record.get("question_description") or "question")
        if isinstance(raw_options, list) and raw_options:
            options = [_option_text(o) for o in raw_options]
            question = str(record.get("question") or "")
            own = _own_prefixes(options)
            shown = _question_labels(question, len(options))
            if own is not None:
                options, labels = own, list(LETTERS[: len(own)])
            else:  # the question's labels, else GameQA's numbering (0-based for snake)
                first = 0 if game in ZERO_BASED_GAMES else 1
                labels = shown or [str(first + i) for i in range(len(options))]
            answer, kind = _choice_answer(record.get("answer", ""), options, labels)
            if labels != list(LETTERS[: len(options)]):
                meta["option_labels"] = labels
        else:
            options = None
            answer, kind = _fill_in_answer(record.get("answer", ""))
    image = record.get("image")
    try:
        image_path = confined_path(base, image, f"{file} {name}") if isinstance(image, str) \
            and image else None
        state = _state(record, base, f"{file} {name}")
    except VisreasonError as exc:
        raise RecordError(str(exc)) from None
    return Sample(
        id=data_id or f"gameqa/{game}/{task}",
        game=game, task=task, category="", split="",
        qa_type=_QA_TYPES.get(str(record.get("qa_type", "")).strip().lower(),
                              str(record.get("qa_type") or "")),
        plot_level=str(record.get("plot_level") or "").lower(),
        qa_level=str(record.get("qa_level") or "").lower(),
        question=str(record.get("question") or ""), options=options, answer=answer,
        answer_type=kind, analysis=str(record.get("analysis") or ""), image=image_path,
        state=state, seed=0, meta=meta,
        answer_form="choice" if options else "open",
    )


def import_gameqa(path: str | os.PathLike[str], *, strict: bool = False,
                  errors: list[str] | None = None) -> Iterator[Sample]:
    """Samples of GameQA data: a data.json / games_data.json / JSONL file, a folder with one,
    or a folder of game folders each holding a data.json.

    A record that cannot be interpreted is skipped and its reason appended to `errors` (or,
    with `strict`, raises VisreasonError naming it). Unreadable files always raise.
    """
    for file in gameqa_files(Path(path)):
        for number, record in enumerate(_records(file)):
            try:
                yield gameqa_sample(record, file.parent, file)
            except RecordError as exc:
                data_id = record.get("data_id", "?") if isinstance(record, dict) else "?"
                reason = f"{file} record {number} ({data_id}): {exc}"
                if strict:
                    raise VisreasonError(reason) from None
                if errors is not None:
                    errors.append(reason)
