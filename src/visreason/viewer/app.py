"""The web application of `visreason view`: a few GET routes over one opened collection.

Every route that returns a file looks it up by row number through the collection, which only
resolves paths inside the dataset or run directories; no route maps a URL path onto the
file system. Responses forbid framing, sniffing and scripts from elsewhere, and the Host
header must name the loopback address the server listens on (DNS rebinding cannot reach it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

from ..core.errors import VisreasonError
from .collection import Collection
from .datasets import picture_bytes
from .images import MIME, ThumbnailCache, image_format
from .index import FACETS, Query
from .links import PER_PAGE, ServerLinks
from .pages import Reports, grid_page, plot_png, sample_page, summary_page
from .render import ASSET_TYPES, asset, environment, render

MAX_PER_PAGE = 500
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self'; style-src 'self'; "
                               "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                               "form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def _starlette():
    try:
        import starlette  # noqa: F401
    except ImportError as exc:
        raise VisreasonError("the viewer needs the 'viewer' extra: "
                             "pip install 'visreason[viewer]'") from exc


def query_from(params: Any) -> Query:
    """The filter of a request's query string (unknown names are ignored)."""
    try:
        run = int(params.get("run") or 0)
    except ValueError:
        run = 0
    return Query.make({f: params.get(f, "") for f in FACETS}, params.get("q", ""),
                      params.get("outcome", ""), run)


def _int(params: Any, name: str, default: int, low: int, high: int) -> int | None:
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        return min(max(int(value), low), high)
    except ValueError:
        return None


def create_app(collection: Collection, allowed_hosts: Iterable[str] | None = LOOPBACK_HOSTS,
               warm: bool = False):
    """A Starlette app serving `collection`; `allowed_hosts` None accepts any Host header.

    `warm` computes the runs' report in the background at once, so the first visit to the
    summary of a large run does not wait for it."""
    _starlette()
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    for name in ("grid.html", "sample.html", "summary.html"):
        environment().get_template(name)  # compiled now, not on a user's first visit
    links = ServerLinks()
    thumbs = ThumbnailCache()
    reports = Reports(collection)
    if warm and collection.is_run:
        threading.Thread(target=reports.get, args=(Query(),), daemon=True).start()

    def page(template: str, context: dict[str, Any], started: float, status: int = 200):
        body = render(template, context)
        ms = (time.perf_counter() - started) * 1000
        return HTMLResponse(body, status_code=status, headers={
            **SECURITY_HEADERS, "Server-Timing": f"render;dur={ms:.1f}"})

    def not_found(text: str = "not found") -> Response:
        return PlainTextResponse(text, status_code=404, headers=SECURITY_HEADERS)

    def bad_request(text: str) -> Response:
        return PlainTextResponse(text, status_code=400, headers=SECURITY_HEADERS)

    def row_of(request: Request) -> int | None:
        try:
            row = int(request.path_params["row"])
        except (KeyError, ValueError):
            return None
        return row if 0 <= row < len(collection) else None

    def image_response(data: bytes | None, cache: bool = True) -> Response:
        kind = image_format(data) if data is not None else None
        if kind is None:
            return not_found("no such image")
        headers = {**SECURITY_HEADERS, "Cache-Control": "private, max-age=3600" if cache
                   else "no-store"}
        return Response(data, media_type=MIME[kind], headers=headers)

    def grid(request: Request) -> Response:
        started = time.perf_counter()
        number = _int(request.query_params, "page", 1, 1, 10**9)
        per_page = _int(request.query_params, "per", PER_PAGE, 1, MAX_PER_PAGE)
        if number is None or per_page is None:
            return bad_request("page and per must be whole numbers")
        query = query_from(request.query_params)
        return page("grid.html", grid_page(collection, links, query, number, per_page), started)

    def sample(request: Request) -> Response:
        started = time.perf_counter()
        row = row_of(request)
        if row is None:
            return not_found("no such sample")
        query = query_from(request.query_params)
        return page("sample.html", sample_page(collection, links, row, query), started)

    def summary(request: Request) -> Response:
        started = time.perf_counter()
        query = query_from(request.query_params)
        return page("summary.html", summary_page(collection, links, query, reports), started)

    def image(request: Request) -> Response:
        row = row_of(request)
        if row is None:
            return not_found("no such image")
        return image_response(picture_bytes(collection.picture(row)))

    def thumb(request: Request) -> Response:
        row = row_of(request)
        if row is None:
            return not_found("no such image")
        data = thumbs.get(("row", row), lambda: picture_bytes(collection.picture(row)))
        return image_response(data)

    def step(request: Request) -> Response:
        row = row_of(request)
        try:
            run, turn, index = (int(request.path_params[k]) for k in ("run", "turn", "image"))
        except ValueError:
            return not_found("no such image")
        if row is None:
            return not_found("no such image")
        return image_response(picture_bytes(collection.step_picture(row, run, turn, index)))

    def plot(request: Request) -> Response:
        data = plot_png(collection, reports, request.path_params["name"],
                        query_from(request.query_params))
        return image_response(data, cache=False) if data else not_found("no such plot")

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            body = asset(name)
        except KeyError:
            return not_found()
        return Response(body, media_type=ASSET_TYPES[name], headers=SECURITY_HEADERS)

    async def missing(request: Request, exc: Exception) -> Response:
        return not_found()

    routes = [
        Route("/", grid), Route("/sample/{row}", sample), Route("/summary", summary),
        Route("/image/{row}", image), Route("/thumb/{row}", thumb),
        Route("/step/{row}/{run}/{turn}/{image}", step), Route("/plot/{name}.png", plot),
        Route("/static/{name}", static),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))] \
        if allowed_hosts is not None else []
    return Starlette(routes=routes, middleware=middleware, exception_handlers={404: missing})
