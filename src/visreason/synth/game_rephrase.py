"""An optional LLM pass that rephrases the wording of multi-hop game questions.

Only the question's own wording is sent and replaced: the rules, the state, the options,
the answer and the analysis stay as the game code wrote them. A rewording is used only when
it keeps everything the answer depends on: the same cells (r, c) in the same order, the same
numbers, the same moves in the same order and the same colour and piece names; otherwise
the original wording is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..core.registry import get_game
from ..core.sample import Sample

PROMPT_VERSION = "game-rephrase-1"
PROMPT = (
    "Rephrase the following question about a game so that it reads naturally, keeping its "
    "meaning exactly. Keep every number, every cell written as (row, col), every move "
    "(up, down, left, right) in the same order, and every colour and player name exactly as "
    "written. Do not add hints, do not answer it, and do not add options. Reply with the "
    "rephrased question only.\n\nQuestion:\n{text}"
)

_CELL = re.compile(r"\(\s*-?\d+\s*,\s*-?\d+\s*\)")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w])")
_MOVE = re.compile(r"\b(up|down|left|right)\b", re.I)
_NAMES = ("red", "green", "blue", "magenta", "yellow", "aqua", "gray", "purple",
          "forest green", "X", "O")


def _cells(text: str) -> list[str]:
    return [re.sub(r"\s+", "", c) for c in _CELL.findall(text)]


def _names(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    rest = text
    for name in sorted(_NAMES, key=len, reverse=True):  # "forest green" before "green"
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])",
                             0 if len(name) == 1 else re.I)
        found[name.casefold() if len(name) > 1 else name] = len(pattern.findall(rest))
        rest = pattern.sub(" ", rest)
    return +found


def keeps_facts(original: str, rephrased: str) -> bool:
    """True when `rephrased` keeps the original's cells (in order), numbers, moves (in order)
    and colour and player names, and adds none."""
    if not rephrased.strip():
        return False
    bare_o, bare_r = _CELL.sub(" ", original), _CELL.sub(" ", rephrased)
    return (_cells(original) == _cells(rephrased)
            and Counter(_NUMBER.findall(bare_o)) == Counter(_NUMBER.findall(bare_r))
            and [m.lower() for m in _MOVE.findall(original)]
            == [m.lower() for m in _MOVE.findall(rephrased)]
            and _names(original) == _names(rephrased))


def question_wording(sample: Sample) -> str:
    """The part of a multi-hop sample's prompt its composition wrote (after the rules and the
    state, before the options or the answer hint). Multi-paragraph wordings (a strategy
    followed by the question) are returned whole."""
    game = get_game(sample.game)
    text_only = sample.image is None
    head = game.rules(sample.state, text_only=text_only).strip() + "\n\n"
    if text_only:
        head += "The state is given as text:\n" + game.describe(sample.state).strip("\n") + "\n\n"
    body = sample.question[len(head):] if sample.question.startswith(head) else ""
    cut = body.rfind("\n\nOptions:\n") if sample.options else body.rfind("\n\n")
    return body[:cut] if cut > 0 else ""


def rephrase_samples(samples: Sequence[Sample], client: Any, **params: Any) -> int:
    """Rephrase each sample's wording in place with `client` (a SyncChatClient or any object
    with `chat_many`); returns how many were rephrased. The last paragraph of the wording (the
    question itself) is what is sent; a failed call or a rewording that loses a fact keeps
    the original."""
    jobs: list[tuple[Sample, str, str]] = []
    for sample in samples:
        wording = question_wording(sample)
        if not wording:
            continue
        lead, _, last = wording.rpartition("\n\n")
        jobs.append((sample, lead, last))
    if not jobs:
        return 0
    replies = client.chat_many([[{"role": "user", "content": PROMPT.format(text=last)}]
                                for _, _, last in jobs], temperature=0.7, **params)
    done = 0
    for (sample, lead, last), reply in zip(jobs, replies, strict=True):
        text = getattr(reply, "text", None)
        if not isinstance(text, str):
            continue
        text = text.strip().strip('"').strip()
        if text == last or not keeps_facts(last, text):
            continue
        old = (lead + "\n\n" + last) if lead else last
        new = (lead + "\n\n" + text) if lead else text
        sample.question = sample.question.replace(old, new, 1)
        sample.meta["rephrased"] = {"model": getattr(client, "model", None),
                                    "prompt": PROMPT_VERSION, "original": last}
        done += 1
    return done
