"""The index answers filters, searches and pages exactly as a plain scan of the rows would."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from visreason.viewer.index import FACETS, OUTCOMES, Query, SampleIndex, outcome_of

GAMES = ("maze", "sudoku", "tic")
WORDS = ("wall", "Box", "cell", "río", "İstanbul", "x\x00y", "a.b", "(1, 2)")


def _row(game: str, level: str, form: str) -> dict[str, str]:
    return {"game": game, "task": f"{game}/t", "plot_level": level, "answer_form": form}


rows_strategy = st.lists(
    st.tuples(st.sampled_from(GAMES), st.sampled_from(("easy", "medium", "hard", "")),
              st.sampled_from(("choice", "open")),
              st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join),
              st.sampled_from(OUTCOMES)),
    max_size=40)


@settings(max_examples=150, deadline=None)
@given(rows_strategy, st.sampled_from(("", *GAMES)), st.sampled_from(("", "easy", "hard")),
       st.sampled_from(("", "wall", "box cell", "RÍO", "i̇stanbul", "a.b", "(1,", "\x00")),
       st.sampled_from(("", "correct", "wrong")), st.integers(1, 7), st.integers(0, 9))
def test_select_and_page_match_a_plain_scan(rows, game, level, text, outcome, per_page, page):
    index = SampleIndex([_row(g, lv, f) for g, lv, f, _, _ in rows],
                        [t for *_, t, _ in rows], [[o for *_, o in rows]])
    query = Query.make({"game": game, "plot_level": level}, text, outcome)
    terms = text.replace("\x00", " ").lower().split()
    expected = [i for i, (g, lv, _f, t, o) in enumerate(rows)
                if (not game or g == game) and (not level or lv == level)
                and all(term in t.lower().replace("\x00", " ") for term in terms)
                and (not outcome or o == outcome)]
    assert index.select(query).tolist() == expected
    shown, number, pages = index.page(query, page, per_page)
    assert pages == max(1, -(-len(expected) // per_page))
    assert number == min(max(page, 1), pages)
    assert shown.tolist() == expected[(number - 1) * per_page: number * per_page]


def test_facet_counts_hold_the_other_filters() -> None:
    index = SampleIndex([_row("maze", "easy", "open"), _row("maze", "hard", "choice"),
                         _row("sudoku", "easy", "open")], ["a", "b", "c"])
    counts = index.facet_counts(Query.make({"game": "maze", "plot_level": "easy"}))
    # Choosing another game keeps plot_level=easy; choosing another level keeps game=maze.
    assert dict(counts["game"]) == {"maze": 1, "sudoku": 1}
    assert dict(counts["plot_level"]) == {"easy": 1, "hard": 1}
    assert counts["plot_level"][0][0] == "easy"  # levels in level order, not alphabetical
    assert dict(counts["answer_form"]) == {"choice": 0, "open": 1}


def test_runs_differ_and_unknown_values() -> None:
    index = SampleIndex([_row("maze", "easy", "open")] * 3, ["a", "b", "c"],
                        [["correct", "wrong", "correct"], ["correct", "correct", "error"]])
    assert index.select(Query.make(outcome="differ")).tolist() == [1, 2]
    assert index.select(Query.make(outcome="wrong", run=0)).tolist() == [1]
    assert index.select(Query.make(outcome="error", run=1)).tolist() == [2]
    assert index.select(Query.make({"game": "chess"})).tolist() == []
    assert Query.make({"colour": "red"}, outcome="sideways") == Query()  # unknown: ignored
    assert set(FACETS) >= {"game", "task", "category", "plot_level", "qa_level",
                           "answer_type", "answer_form", "partition"}


def test_outcome_of_records() -> None:
    assert outcome_of(None) == "missing"
    assert outcome_of({"score": 1.0}) == "correct"
    assert outcome_of({"score": 0.5}) == "partial"
    assert outcome_of({"score": 0}) == "wrong"
    assert outcome_of({"score": "nonsense"}) == "wrong"
    assert outcome_of({"score": 1.0, "error": "timeout"}) == "error"


def test_selection_is_cached_and_read_only() -> None:
    index = SampleIndex([_row("maze", "easy", "open")] * 5, ["wall"] * 5)
    query = Query.make(text="wall")
    first = index.select(query)
    assert index.select(query) is first
    assert not first.flags.writeable
    assert np.array_equal(first, np.arange(5))
