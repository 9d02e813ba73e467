"""Checks every game's tests make the same way, written once so each game's test file keeps only
what is specific to its rules (the re-derivations) and every game is held to the same contract."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping

import pytest

import visreason
from visreason.core import Param, ParamError, get_game
from visreason.core.answers import LETTERS
from visreason.core.generate import generate_group

from .dense import dense_samples


def wrong_options_score_zero(sample: visreason.Sample, *, texts: bool = True) -> None:
    """Every option but the answer scores 0, by its letter (tagged and bare) and, with `texts`,
    by its own text written as the answer."""
    for i, option in enumerate(sample.options):
        if LETTERS[i] != sample.answer:
            assert visreason.verify(sample, f"<answer>{LETTERS[i]}</answer>") == 0.0, option
            assert visreason.verify(sample, LETTERS[i]) == 0.0, option
            if texts:
                assert visreason.verify(sample, option) == 0.0, option


def same_sample_twice(task_ids: Iterable[str], level: str = "medium", seed: int = 7,
                      index: int = 4) -> None:
    """The same item generated twice is the same sample, down to the image bytes."""
    for task_id in task_ids:
        a = visreason.generate(task_id, level, seed, index)
        b = visreason.generate(task_id, level, seed, index)
        assert a.to_dict() == b.to_dict() and a.image.tobytes() == b.image.tobytes(), task_id


def param_error(task_id: str, params: Mapping[str, object], level: str = "easy", *,
                named: Iterable[str] = (), game_named: bool = True,
                ranged: bool = False) -> str:
    """Bad `params` raise a ParamError of one line, naming the game (with `game_named`), each
    of `named`, and (with `ranged`) the range of a declared parameter it sets; the message."""
    with pytest.raises(ParamError) as error:
        visreason.generate(task_id, level, 0, params=dict(params))
    message = str(error.value)
    assert "\n" not in message, message
    game = task_id.split("/")[0]
    if game_named:
        assert game in message, message
    for word in named:
        assert word in message, (word, message)
    if ranged:
        param = {p.name: p for p in get_game(game).params}.get(next(iter(params)))
        if param is not None:
            assert f"[{param.low}, {param.high}]" in message, message
    return message


def asked_groups(game: str, level: str, groups: int, questions: int, *,
                 choice_text_only: bool = False,
                 ) -> Iterator[tuple[list[visreason.Sample], list[visreason.Sample]]]:
    """Groups 0..`groups`-1 at seed 0, in both forms: each pair asks the same tasks in the same
    order, all about the lead's one state (and picture)."""
    for g in range(groups):
        choice = generate_group(game, level, 0, g, questions=questions,
                                text_only=choice_text_only)
        open_ = generate_group(game, level, 0, g, questions=questions, answer_form="open",
                               text_only=True)
        assert [s.task for s in choice] == [s.task for s in open_]
        for s in choice:
            assert s.state is choice[0].state and s.image is choice[0].image, s.id
        yield choice, open_


def asked_counts(game: str, level: str, groups: int, questions: int,
                 check: Callable[[visreason.Sample, visreason.Sample], object], *,
                 lead: bool = True, choice_text_only: bool = False) -> Counter[str]:
    """Questions asked about other tasks' states are right: `check(choice, open)` re-derives
    each (the leads too, with `lead`); how often each task was asked, tasks never asked left
    out."""
    asked: Counter[str] = Counter()
    for choice, open_ in asked_groups(game, level, groups, questions,
                                      choice_text_only=choice_text_only):
        for s, o in zip(choice, open_, strict=True):
            if lead or s is not choice[0]:
                check(s, o)
            asked[s.task] += s is not choice[0]
    return +asked


def dense_audit_passes(game: str, groups: int | Mapping[str, int], min_n: int = 0,
                       per_group: int = 300) -> None:
    """Dense groups pass the audit, with at least `min_n` samples in every audited group."""
    from visreason.data.audit import audit
    report = audit(dense_samples(game, groups, per_group))
    assert report.failures == [], "\n" + report.table()
    assert min(g.n for g in report.groups) >= min_n


def text_only_names_none(task_id: str, words: Iterable[str], *, whole_words: bool = True,
                         forms: Iterable[str] = ("choice", "open")) -> None:
    """A text-only item (item 2 of seed 4, every level and form) names none of `words` (whole
    words, or anywhere with `whole_words` off) in its question or analysis: nothing refers to a
    picture it does not have."""
    words, forms = tuple(words), tuple(forms)
    for level in visreason.LEVELS:
        for form in forms:
            s = visreason.generate(task_id, level, 4, 2, answer_form=form, text_only=True)
            text = (s.question + "\n" + s.analysis).lower()
            for word in words:
                found = re.search(rf"\b{word}\b", text) if whole_words else word in text
                assert not found, (s.id, word)


def at_parameter_ends(task_id: str, indices: int = 2, forms: Iterable[str] = ("choice", "open"),
                      level: str = "medium",
                      ) -> Iterator[tuple[Param, object, visreason.Sample]]:
    """Text-only items 0..`indices`-1 of seed 0, each form, with one declared parameter of the
    game at its low or its high end (the others at `level`'s preset): (parameter, value,
    sample) for the game's own checks; each item must generate."""
    forms = tuple(forms)
    for param in get_game(task_id.split("/")[0]).params:
        for value in (param.low, param.high):
            for index in range(indices):
                for form in forms:
                    yield param, value, visreason.generate(
                        task_id, level, 0, index, answer_form=form, text_only=True,
                        params={param.name: value})
