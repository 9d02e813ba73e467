"""`visreason gallery`: the viewer's pages written out as static HTML for sharing.

The site holds the same grid, sample and summary pages as the server, with every link
relative, so it can be opened from disk or put on any web host. A static site cannot filter
on request, so it carries fixed views instead: all samples, one per game, and for runs the
correct and wrong answers of each run (and where runs differ).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import VisreasonError
from ..render.encode import write_atomic
from .collection import Collection
from .datasets import picture_bytes
from .images import EXTENSION, image_format, thumbnail
from .index import DIFFER, Query
from .links import PER_PAGE, StaticLinks
from .pages import Reports, grid_page, plot_png, sample_page, summary_page
from .render import ASSETS, asset, render
from .trajectory import turns_of

MARKER = ".visreason-gallery"


@dataclass
class GallerySummary:
    out: Path
    samples: int
    pages: int
    images: int


def _prepare(out: Path) -> None:
    """Make `out` an empty directory; only a previous gallery (or nothing) may be replaced."""
    if out.exists():
        if not out.is_dir():
            raise VisreasonError(f"{out} exists and is not a directory")
        if any(out.iterdir()):
            if not (out / MARKER).is_file():
                raise VisreasonError(f"{out} is not empty and holds no earlier gallery; "
                                     f"choose an empty or new --out")
            shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def _views(collection: Collection) -> list[Query]:
    views = [Query()]
    views += [Query.make({"game": g}) for g in collection.index.values["game"] if g]
    for run in range(len(collection.runs)):
        views += [Query.make(outcome=o, run=run) for o in ("correct", "wrong")]
    if len(collection.runs) > 1:
        views.append(Query.make(outcome=DIFFER))
    return views


def write_gallery(collection: Collection, out: str | os.PathLike[str],
                  per_page: int = PER_PAGE,
                  progress: Callable[[int], None] | None = None) -> GallerySummary:
    """Write the static site into `out` (an empty, new or earlier gallery directory)."""
    out = Path(out)
    _prepare(out)
    links = StaticLinks()
    images = 0
    for name in ASSETS:
        write_atomic(out / "assets" / name, asset(name))
    for row in range(len(collection)):
        data = picture_bytes(collection.picture(row)) if collection.has_picture(row) else None
        kind = image_format(data) if data is not None else None
        if kind is not None and data is not None:
            links.image_names[row] = f"images/{row}.{EXTENSION[kind]}"
            write_atomic(out / links.image_names[row], data)
            small = thumbnail(data)
            if small is not None:
                write_atomic(out / links.thumb(row), small)
            images += 1
        for run, record in enumerate(collection.records(row) if collection.is_run else []):
            for turn, step in enumerate(turns_of(record)):
                for k in range(len(step.images)):
                    data = picture_bytes(collection.step_picture(row, run, turn, k))
                    kind = image_format(data) if data is not None else None
                    if kind is None or data is None:
                        continue
                    name = f"steps/{row}-{run}-{turn}-{k}.{EXTENSION[kind]}"
                    links.step_names[(row, run, turn, k)] = name
                    write_atomic(out / name, data)
                    images += 1
    pages = 0
    for query in _views(collection):
        count = len(collection.index.select(query))
        for number in range(1, max(1, -(-count // per_page)) + 1):
            context = grid_page(collection, links, query, number, per_page)
            name = links.grid(query, number, per_page)
            assert name is not None
            write_atomic(out / name, render("grid.html", context).encode("utf-8"))
            pages += 1
    for row in range(len(collection)):
        context = sample_page(collection, links, row)
        write_atomic(out / links.sample(row), render("sample.html", context).encode("utf-8"))
        pages += 1
        if progress is not None:
            progress(1)
    reports = Reports(collection)
    write_atomic(out / links.summary(),
                 render("summary.html", summary_page(collection, links, Query(), reports))
                 .encode("utf-8"))
    pages += 1
    if collection.is_run:
        names = ["bars"] + [f"heatmap-{i}" for i in range(len(collection.runs))]
        for name in names:
            data = plot_png(collection, reports, name, Query())
            if data is not None:
                write_atomic(out / links.plot(name), data)
    (out / MARKER).write_text("written by visreason gallery\n", encoding="utf-8")
    return GallerySummary(out, len(collection), pages, images)
