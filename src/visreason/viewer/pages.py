"""The content of each page as plain data, for the server and the gallery alike.

Nothing here knows about HTTP: a page is a dict the templates render, with every link made by
a `links` object (server URLs or gallery files).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np

from ..core.errors import VisreasonError
from ..eval.report import GROUPINGS, summarize
from .collection import Collection
from .index import DIFFER, FACETS, OUTCOMES, Query
from .links import PER_PAGE, ServerLinks, StaticLinks
from .text import option_rows, pretty_json, text_only_prompt
from .trajectory import turns_of

Links = ServerLinks | StaticLinks
CARD_FACETS = {"plot_level": "plot", "qa_level": "qa", "answer_form": "", "partition": ""}
OUTCOME_MARK = {"correct": "✓", "partial": "◐", "wrong": "✗", "error": "!", "missing": "–"}


def _base(collection: Collection, links: Links, query: Query, active: str) -> dict[str, Any]:
    return {
        "title": collection.title, "links": links, "query": query, "active": active,
        "is_run": collection.is_run, "run_names": [r.name for r in collection.runs],
        "total": len(collection), "static": links.static,
        "problems": collection.problems, "problem_count": collection.problem_count,
        "grid_url": links.grid(query) or links.grid(), "summary_url": links.summary(query),
    }


# -- grid ---------------------------------------------------------------------------------
def _pager(links: Links, query: Query, page: int, pages: int, per_page: int) -> list[dict]:
    wanted = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    items: list[dict[str, Any]] = []
    for number in wanted:
        if items and number - items[-1]["number"] > 1:
            items.append({"number": None, "gap": True})
        items.append({"number": number, "url": links.grid(query, number, per_page),
                      "current": number == page, "gap": False})
    return items


def _filters(collection: Collection, query: Query) -> list[dict[str, Any]]:
    counts = collection.index.facet_counts(query)
    filters = []
    for facet, label in FACETS.items():
        options = counts[facet]
        if len(options) <= 1 and not query.facet(facet):
            continue  # one value (or none): nothing to choose
        filters.append({"name": facet, "label": label, "selected": query.facet(facet),
                        "options": [{"value": v, "count": n, "selected": v == query.facet(facet)}
                                    for v, n in options if v]})
    return filters


def _static_views(collection: Collection, links: Links, query: Query) -> list[dict[str, Any]]:
    """The gallery's pre-rendered views, as links (it cannot filter on request)."""
    views = [("all samples", Query(), len(collection))]
    counts = dict(collection.index.facet_counts(Query())["game"])
    views += [(f"{game}", Query.make({"game": game}), counts[game])
              for game in collection.index.values["game"] if game]
    for run, name in enumerate(collection.runs):
        for outcome in ("correct", "wrong"):
            sub = Query.make(outcome=outcome, run=run)
            views.append((f"{name.name}: {outcome}", sub, len(collection.index.select(sub))))
    if len(collection.runs) > 1:
        sub = Query.make(outcome=DIFFER)
        views.append(("runs differ", sub, len(collection.index.select(sub))))
    return [{"label": label, "url": links.grid(q), "count": n, "current": q == query}
            for label, q, n in views if links.grid(q) is not None]


def _card(collection: Collection, links: Links, row: int, query: Query) -> dict[str, Any]:
    index = collection.index
    outcomes = []
    for run, source in enumerate(collection.runs):
        outcome = index.outcome(run, row)
        slim = source.slim.get(collection.ids[row]) or {}
        outcomes.append({"run": source.name, "outcome": outcome,
                         "mark": OUTCOME_MARK[outcome], "extracted": slim.get("extracted"),
                         "score": slim.get("score")})
    return {
        "row": row, "id": collection.ids[row], "game": index.value("game", row),
        "task": index.value("task", row).split("/", 1)[-1],
        "badges": [{"text": f"{short} {index.value(f, row)}".strip(), "title": FACETS[f]}
                   for f, short in CARD_FACETS.items() if index.value(f, row)],
        "answer": collection.answers[row],
        "thumb": links.thumb(row) if collection.has_picture(row) else None,  # None: no image
        "url": links.sample(row, query), "outcomes": outcomes,
        "wrong": any(o["outcome"] in ("wrong", "error", "partial") for o in outcomes),
    }


def grid_page(collection: Collection, links: Links, query: Query, page: int = 1,
              per_page: int = PER_PAGE) -> dict[str, Any]:
    rows, page, pages = collection.index.page(query, page, per_page)
    matched = len(collection.index.select(query))
    context = _base(collection, links, query, "grid")
    outcome_choices = []
    if collection.is_run:
        outcome_choices = [o for o in OUTCOMES if o != "missing" or len(collection.runs) > 1]
        if len(collection.runs) > 1:
            outcome_choices.append(DIFFER)
    context.update(
        cards=[_card(collection, links, int(row), query) for row in rows],
        matched=matched, page=page, pages=pages, per_page=per_page,
        first=(page - 1) * per_page + 1 if matched else 0,
        last=min(page * per_page, matched),
        pager=_pager(links, query, page, pages, per_page),
        prev_url=links.grid(query, page - 1, per_page) if page > 1 else None,
        next_url=links.grid(query, page + 1, per_page) if page < pages else None,
        filters=[] if links.static else _filters(collection, query),
        views=_static_views(collection, links, query) if links.static else [],
        outcomes=outcome_choices, reset_url=links.grid(),
    )
    return context


# -- sample -------------------------------------------------------------------------------
def _neighbours(collection: Collection, row: int, query: Query) -> tuple[int | None, int | None]:
    found = collection.index.select(query)
    at = int(np.searchsorted(found, row))
    if at < len(found) and found[at] == row:
        return (int(found[at - 1]) if at > 0 else None,
                int(found[at + 1]) if at + 1 < len(found) else None)
    return (row - 1 if row > 0 else None, row + 1 if row + 1 < len(collection) else None)


def _run_panel(collection: Collection, links: Links, row: int, run: int,
               record: dict[str, Any] | None) -> dict[str, Any]:
    source = collection.runs[run]
    outcome = collection.index.outcome(run, row)
    panel: dict[str, Any] = {"name": source.name, "model": source.model, "outcome": outcome,
                             "mark": OUTCOME_MARK[outcome], "record": record, "turns": []}
    if record is None:
        return panel
    response = record.get("response")
    panel.update(
        extracted=None if record.get("extracted") is None else str(record["extracted"]),
        answer=None if record.get("answer") is None else str(record["answer"]),
        score=record.get("score"), error=record.get("error"),
        response=response if isinstance(response, str) and response else None,
    )
    for number, turn in enumerate(turns_of(record)):
        panel["turns"].append({
            "role": turn.role, "text": turn.text,
            "images": [{"url": url, "name": name, "ok": url is not None and
                        collection.step_picture(row, run, number, k) is not None}
                       for k, name in enumerate(turn.images)
                       for url in [links.step(row, run, number, k)]],
        })
    panel["details"] = _details(record)
    return panel


def _details(record: dict[str, Any]) -> list[str]:
    """Request figures of a record, as short phrases."""
    out = []
    latency = record.get("latency")
    if isinstance(latency, (int, float)):
        out.append(f"latency {latency * 1000:.0f} ms" if latency < 10 else
                   f"latency {latency:.1f} s")
    for key in ("prompt_tokens", "completion_tokens", "attempts", "judge_score",
                "judge_extracted"):
        if record.get(key) is not None:
            out.append(f"{key.replace('_', ' ')} {record[key]}")
    if record.get("cached"):
        out.append("cached")
    return out


def sample_page(collection: Collection, links: Links, row: int,
                query: Query | None = None) -> dict[str, Any]:
    """Everything about one row; IndexError when there is no such row."""
    if not 0 <= row < len(collection):
        raise IndexError(row)
    query = query or Query()
    context = _base(collection, links, query, "sample")
    try:
        sample = collection.sample(row)
        error = None
    except VisreasonError as exc:
        sample, error = None, str(exc)
    records = collection.records(row)
    panels = [_run_panel(collection, links, row, run, record)
              for run, record in enumerate(records)]
    prev_row, next_row = _neighbours(collection, row, query)
    ref = collection.images[row]
    url = links.image(row) if collection.has_picture(row) else None
    if url is not None:
        image = {"url": url}
    elif ref is None:
        image = {"missing": "this sample has no image" if collection.dataset_rows[row] >= 0
                 else "no dataset holds this sample's image"}
    else:
        image = {"missing": f"image file missing or outside the dataset: {ref}"}
    picks = [(p["name"], (p["record"] or {}).get("extracted"), p["outcome"] == "correct")
             for p in panels if p["record"] is not None]
    context.update(
        row=row, sample_id=collection.ids[row], sample=sample, error=error, image=image,
        badges=[(FACETS[f], collection.index.value(f, row)) for f in FACETS
                if collection.index.value(f, row)],
        options=option_rows(sample, picks) if sample else [],
        state=pretty_json(sample.state) if sample and sample.state else None,
        meta=pretty_json(sample.meta) if sample and sample.meta else None,
        text_only=text_only_prompt(sample) if sample else None,
        panels=panels,
        prev_url=links.sample(prev_row, query) if prev_row is not None else None,
        next_url=links.sample(next_row, query) if next_row is not None else None,
        back_url=links.grid(query) or links.grid(),
    )
    return context


# -- summary ------------------------------------------------------------------------------
class Reports:
    """Run reports (the evaluation harness's own) per filter, computed once and kept."""

    def __init__(self, collection: Collection, capacity: int = 16) -> None:
        self.collection = collection
        self.capacity = capacity
        self._items: OrderedDict[Query, list[dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, query: Query) -> list[dict[str, Any]]:
        with self._lock:
            if query in self._items:
                self._items.move_to_end(query)
                return self._items[query]
        rows = self.collection.index.select(query)
        ids = [self.collection.ids[int(r)] for r in rows]
        reports = []
        for run in self.collection.runs:
            records = [run.slim[i] for i in ids if i in run.slim]
            reports.append(summarize(records, run.name, run.settings))
        with self._lock:
            self._items[query] = reports
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return reports


def _counts(collection: Collection, rows: np.ndarray, facet: str) -> list[tuple[str, int]]:
    index = collection.index
    tally = np.bincount(index.codes[facet][rows], minlength=len(index.values[facet]))
    return [(v or "(none)", int(n)) for v, n in zip(index.values[facet], tally, strict=True)
            if n]


def _count_matrix(collection: Collection, rows: np.ndarray, row_facet: str,
                  col_facet: str) -> dict[str, Any]:
    index = collection.index
    n_cols = len(index.values[col_facet])
    flat = index.codes[row_facet][rows].astype(np.int64) * n_cols + index.codes[col_facet][rows]
    tally = np.bincount(flat, minlength=len(index.values[row_facet]) * n_cols)
    tally = tally.reshape(len(index.values[row_facet]), n_cols)
    keep_rows = [i for i in range(tally.shape[0]) if tally[i].sum()]
    keep_cols = [j for j in range(n_cols) if tally[:, j].sum()]
    return {"rows": [index.values[row_facet][i] or "(none)" for i in keep_rows],
            "cols": [index.values[col_facet][j] or "(none)" for j in keep_cols],
            "cells": [[int(tally[i, j]) for j in keep_cols] for i in keep_rows]}


def _side_by_side(reports: list[dict[str, Any]], grouping: str) -> list[dict[str, Any]]:
    per_run = [{c["group"]: c for c in r["by"][grouping]} for r in reports]
    groups: list[str] = []
    for table in per_run:
        groups += [g for g in table if g not in groups]
    return [{"group": g, "cells": [t.get(g) for t in per_run]} for g in groups]


def _matrix_side_by_side(reports: list[dict[str, Any]], name: str) -> dict[str, Any]:
    rows: list[str] = []
    cols: list[str] = []
    for report in reports:
        m = report["matrix"][name]
        rows += [r for r in m["rows"] if r not in rows]
        cols += [c for c in m["cols"] if c not in cols]
    cells = [[[r["matrix"][name]["cells"].get(row, {}).get(col) for r in reports]
              for col in cols] for row in rows]
    return {"rows": rows, "cols": cols, "cells": cells}


def summary_page(collection: Collection, links: Links, query: Query,
                 reports: Reports | None) -> dict[str, Any]:
    rows = collection.index.select(query)
    context = _base(collection, links, query, "summary")
    context.update(
        matched=len(rows),
        counts=[(f, FACETS[f], tally) for f in FACETS  # tasks: in the matrix below
                if f != "task" and (tally := _counts(collection, rows, f))],
        task_level=_count_matrix(collection, rows, "task", "plot_level"),
    )
    if collection.is_run and reports is not None:
        runs = reports.get(query)
        context.update(
            reports=runs,
            groupings=[(g.replace("_", " "), _side_by_side(runs, g)) for g in GROUPINGS],
            task_matrix=_matrix_side_by_side(runs, "task_x_plot_level"),
            level_matrix=_matrix_side_by_side(runs, "plot_level_x_qa_level"),
            plots=[{"title": f"{r['name']}: accuracy by task and plot level",
                    "url": links.plot(f"heatmap-{i}", query)} for i, r in enumerate(runs)
                   if r["overall"]["n"]]
            + ([{"title": "accuracy by category", "url": links.plot("bars", query)}]
               if any(r["overall"]["n"] for r in runs) else []),
        )
    return context


def plot_png(collection: Collection, reports: Reports, name: str, query: Query) -> bytes | None:
    """A plot of the report (`heatmap-<run>` or `bars`), or None when there is no such plot."""
    from ..eval.plots import category_bars, task_level_heatmap

    if not collection.is_run:
        return None
    runs = reports.get(query)
    if name == "bars":
        return category_bars(runs) if any(r["overall"]["n"] for r in runs) else None
    if name.startswith("heatmap-") and name[8:].isdigit():
        run = int(name[8:])
        if run < len(runs) and runs[run]["overall"]["n"]:
            return task_level_heatmap(runs[run]["matrix"]["task_x_plot_level"], runs[run]["name"])
    return None
