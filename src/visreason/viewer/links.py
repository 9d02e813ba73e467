"""Where a page's links point: the live server's URLs, or the static gallery's files.

The same templates render both, so every link a template makes goes through one of these.
The gallery holds a fixed set of grid views (all samples, one per game, and for runs one per
outcome); `StaticLinks.grid` answers None for any other filter, and the page offers only the
views that exist.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from .index import Query

PER_PAGE = 48


def query_params(query: Query | None, page: int = 1, per_page: int = PER_PAGE) -> dict[str, str]:
    params: dict[str, str] = {}
    if query is not None:
        params.update(dict(query.facets))
        if query.text:
            params["q"] = query.text
        if query.outcome:
            params["outcome"] = query.outcome
            if query.run:
                params["run"] = str(query.run)
    if page > 1:
        params["page"] = str(page)
    if per_page != PER_PAGE:
        params["per"] = str(per_page)
    return params


def _with(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


class ServerLinks:
    """URLs of the live server (`visreason view`)."""

    static = False

    def grid(self, query: Query | None = None, page: int = 1,
             per_page: int = PER_PAGE) -> str | None:
        return _with("/", query_params(query, page, per_page))

    def sample(self, row: int, query: Query | None = None) -> str:
        return _with(f"/sample/{row}", query_params(query))

    def summary(self, query: Query | None = None) -> str:
        return _with("/summary", query_params(query))

    def image(self, row: int) -> str:
        return f"/image/{row}"

    def thumb(self, row: int) -> str:
        return f"/thumb/{row}"

    def step(self, row: int, run: int, turn: int, image: int) -> str:
        return f"/step/{row}/{run}/{turn}/{image}"

    def plot(self, name: str, query: Query | None = None) -> str:
        return _with(f"/plot/{name}.png", query_params(query))

    def asset(self, name: str) -> str:
        return f"/static/{name}"


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"


def static_view(query: Query | None) -> str | None:
    """The gallery's name for a grid view, or None when the gallery has no such view."""
    if query is None or query == Query():
        return "all"
    if query.text or (query.facets and (len(query.facets) > 1
                                        or query.facets[0][0] != "game")):
        return None
    if query.facets and query.outcome:
        return None
    if query.facets:
        return f"game-{slug(query.facets[0][1])}"
    return "differ" if query.outcome == "differ" else f"run{query.run}-{query.outcome}"


class StaticLinks:
    """Relative file names of the static gallery (`visreason gallery`); all pages sit at
    the site's top level, so every link is relative to it."""

    static = True

    def __init__(self, image_names: dict[int, str] | None = None,
                 step_names: dict[tuple[int, int, int, int], str] | None = None) -> None:
        self.image_names = image_names if image_names is not None else {}
        self.step_names = step_names if step_names is not None else {}

    def grid(self, query: Query | None = None, page: int = 1,
             per_page: int = PER_PAGE) -> str | None:
        view = static_view(query)
        if view is None:
            return None
        return "index.html" if view == "all" and page == 1 else f"{view}-{page}.html"

    def sample(self, row: int, query: Query | None = None) -> str:
        return f"sample-{row}.html"

    def summary(self, query: Query | None = None) -> str:
        return "summary.html"

    def image(self, row: int) -> str | None:
        """The copied image's file, None when the gallery could not copy it."""
        return self.image_names.get(row)

    def thumb(self, row: int) -> str | None:
        return f"thumbs/{row}.png" if row in self.image_names else None

    def step(self, row: int, run: int, turn: int, image: int) -> str | None:
        return self.step_names.get((row, run, turn, image))

    def plot(self, name: str, query: Query | None = None) -> str:
        return f"plots/{name}.png"

    def asset(self, name: str) -> str:
        return f"assets/{name}"
