"""An in-memory index of the rows a view shows: facet codes, search text, run outcomes.

It is built once when a view opens, so a page never re-reads the data file: a filter is a few
numpy comparisons over integer codes, a search word is one scan over the distinct paragraphs
of all questions (cached per word), and the rows that match a filter are cached, so turning
pages costs a slice.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..core.levels import LEVELS

# Facets a grid filters by, in the order the filter bar shows them, with their labels.
FACETS: dict[str, str] = {
    "game": "game", "task": "task", "category": "category", "plot_level": "plot level",
    "qa_level": "question level", "qa_type": "question type", "answer_type": "answer type",
    "answer_form": "answer form", "partition": "partition",
}
OUTCOMES = ("correct", "partial", "wrong", "error", "missing")
DIFFER = "differ"  # runs side by side: the rows where not every run did the same
_OUTCOME_CODE = {name: code for code, name in enumerate(OUTCOMES)}
_CACHE_SIZE = 64
_SEP = "\x00"
_PARAGRAPH = re.compile(r"\n\s*\n")


def outcome_of(record: Mapping[str, object] | None) -> str:
    """How a run did on one sample: correct (full score), partial, wrong, error, or missing."""
    if record is None:
        return "missing"
    if record.get("error"):
        return "error"
    try:
        score = float(record.get("score") or 0.0)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        score = 0.0
    if score >= 1.0 - 1e-9:
        return "correct"
    return "partial" if score > 0 else "wrong"


def _value_order(facet: str, values: Iterable[str]) -> list[str]:
    values = set(values)
    if facet.endswith("_level"):
        return [v for v in LEVELS if v in values] + sorted(values - set(LEVELS))
    return sorted(values)


@dataclass(frozen=True)
class Query:
    """What a grid page asks for: facet values, free text, and a run outcome."""

    facets: tuple[tuple[str, str], ...] = ()
    text: str = ""
    outcome: str = ""
    run: int = 0

    @classmethod
    def make(cls, facets: Mapping[str, str] | None = None, text: str = "", outcome: str = "",
             run: int = 0) -> Query:
        chosen = tuple(sorted((k, v) for k, v in (facets or {}).items() if v and k in FACETS))
        outcome = outcome if outcome in (*OUTCOMES, DIFFER) else ""
        return cls(chosen, " ".join(text.replace(_SEP, " ").split()), outcome, run)

    def facet(self, name: str) -> str:
        return dict(self.facets).get(name, "")


class SampleIndex:
    """Rows with facet values, a search text each, and per-run outcomes; read-only once built."""

    def __init__(self, rows: Sequence[Mapping[str, str]], texts: Sequence[str],
                 outcomes: Sequence[Sequence[str]] = ()) -> None:
        """`rows`: facet values per row; `texts`: what a search looks in; `outcomes`: one
        sequence per run of `OUTCOMES` names, aligned with `rows`."""
        self.size = len(rows)
        if len(texts) != self.size:
            raise ValueError("one search text per row")
        self.values: dict[str, list[str]] = {}
        self.codes: dict[str, np.ndarray] = {}
        for facet in FACETS:
            column = [str(row.get(facet) or "") for row in rows]
            order = _value_order(facet, column)
            lookup = {value: code for code, value in enumerate(order)}
            self.values[facet] = order
            self.codes[facet] = np.fromiter((lookup[v] for v in column), dtype=np.int32,
                                            count=self.size)
        self.outcomes = [np.fromiter((_OUTCOME_CODE[o] for o in run), dtype=np.int8,
                                     count=self.size) for run in outcomes]
        for run in self.outcomes:
            if len(run) != self.size:
                raise ValueError("one outcome per row and run")
        self._build_text(texts)
        self._cache: OrderedDict[Query, np.ndarray] = OrderedDict()
        self._terms: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def _build_text(self, texts: Sequence[str]) -> None:
        """Split each text into paragraphs and keep every distinct paragraph once.

        Questions of one game share most of their text (the rules, the answer hint), so a
        search scans the distinct paragraphs, a fraction of the whole, and maps hits back to
        rows. The paragraphs are lower-cased UTF-8 bytes, which `bytes.find` scans fastest.
        """
        parts: dict[str, int] = {}
        indices: list[int] = []
        counts = np.zeros(self.size, dtype=np.int64)
        for row, text in enumerate(texts):
            pieces = _PARAGRAPH.split(text.replace(_SEP, " "))
            counts[row] = len(pieces)
            for piece in pieces:
                indices.append(parts.setdefault(piece, len(parts)))
        encoded = [piece.lower().encode("utf-8") for piece in parts]
        self._blob = _SEP.encode().join(encoded) + _SEP.encode()
        self._ends = np.cumsum(np.fromiter((len(e) + 1 for e in encoded), dtype=np.int64,
                                           count=len(encoded))) - 1
        self._part_rows = np.repeat(np.arange(self.size, dtype=np.int64), counts)
        self._row_parts = np.asarray(indices, dtype=np.int64)

    # -- selection ----------------------------------------------------------------------
    def _facet_mask(self, facet: str, value: str) -> np.ndarray:
        try:
            code = self.values[facet].index(value)
        except ValueError:
            return np.zeros(self.size, dtype=bool)
        return self.codes[facet] == code

    def _term_mask(self, term: str) -> np.ndarray:
        """Rows whose text holds `term` (lower-cased), cached per term."""
        with self._lock:
            if term in self._terms:
                self._terms.move_to_end(term)
                return self._terms[term]
        needle = term.encode("utf-8")
        hit_parts = np.zeros(len(self._ends), dtype=bool)
        find, ends, position = self._blob.find, self._ends, 0
        while (position := find(needle, position)) >= 0:
            part = int(np.searchsorted(ends, position))
            hit_parts[part] = True
            position = int(ends[part]) + 1  # one hit per paragraph is enough
        mask = np.zeros(self.size, dtype=bool)
        mask[self._part_rows[hit_parts[self._row_parts]]] = True
        mask.setflags(write=False)
        with self._lock:
            self._terms[term] = mask
            while len(self._terms) > 4 * _CACHE_SIZE:
                self._terms.popitem(last=False)
        return mask

    def _text_mask(self, text: str) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool)
        for term in text.lower().split():
            mask &= self._term_mask(term)
        return mask

    def _outcome_mask(self, query: Query) -> np.ndarray:
        if not query.outcome or not self.outcomes:
            return np.ones(self.size, dtype=bool)
        if query.outcome == DIFFER:
            first = self.outcomes[0]
            mask = np.zeros(self.size, dtype=bool)
            for other in self.outcomes[1:]:
                mask |= other != first
            return mask
        run = min(max(query.run, 0), len(self.outcomes) - 1)
        return self.outcomes[run] == _OUTCOME_CODE[query.outcome]

    def _masks(self, query: Query) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Each facet's own mask, and the mask of everything else (text and outcome)."""
        facet_masks = {f: self._facet_mask(f, v) for f, v in query.facets}
        rest = self._outcome_mask(query)
        if query.text:
            rest = rest & self._text_mask(query.text)
        return facet_masks, rest

    def select(self, query: Query) -> np.ndarray:
        """Positions of the rows that match, in row order (cached per query)."""
        with self._lock:
            if query in self._cache:
                self._cache.move_to_end(query)
                return self._cache[query]
        facet_masks, mask = self._masks(query)
        for facet_mask in facet_masks.values():
            mask = mask & facet_mask
        found = np.flatnonzero(mask)
        found.setflags(write=False)
        with self._lock:
            self._cache[query] = found
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return found

    def facet_counts(self, query: Query) -> dict[str, list[tuple[str, int]]]:
        """For each facet, its values with how many rows each would give, the other filters
        held (so a user sees what choosing another value would show)."""
        facet_masks, rest = self._masks(query)
        counts: dict[str, list[tuple[str, int]]] = {}
        for facet in FACETS:
            mask = rest.copy()
            for other, other_mask in facet_masks.items():
                if other != facet:
                    mask &= other_mask
            tally = np.bincount(self.codes[facet][mask], minlength=len(self.values[facet]))
            counts[facet] = [(v, int(n)) for v, n in zip(self.values[facet], tally, strict=True)]
        return counts

    def page(self, query: Query, page: int, per_page: int) -> tuple[np.ndarray, int, int]:
        """(positions on `page`, the page number actually shown, the number of pages)."""
        found = self.select(query)
        pages = max(1, -(-len(found) // per_page))
        page = min(max(page, 1), pages)
        return found[(page - 1) * per_page: page * per_page], page, pages

    def value(self, facet: str, position: int) -> str:
        return self.values[facet][int(self.codes[facet][position])]

    def outcome(self, run: int, position: int) -> str:
        return OUTCOMES[int(self.outcomes[run][position])]
