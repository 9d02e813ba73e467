"""`visreason gallery` writes a static site whose every link resolves inside it."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from visreason.core.errors import VisreasonError
from visreason.viewer.collection import open_collection
from visreason.viewer.gallery import MARKER, write_gallery
from visreason.viewer.links import slug

LINK = re.compile(r'(?:href|src)="([^"]*)"')


def gallery(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "visreason", "gallery", *map(str, args),
                           "--quiet"], capture_output=True, text=True, timeout=300)


def crawl(site: Path) -> set[Path]:
    """Follow every link from index.html; fail on one that leaves the site or is missing."""
    site = site.resolve()
    seen: set[Path] = set()
    todo = [site / "index.html"]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        if page.suffix != ".html":
            continue
        for link in LINK.findall(page.read_text("utf-8")):
            link = html.unescape(link)
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc and not link.startswith("/"), link
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_relative_to(site), link
            assert target.is_file(), f"{page.name} links to missing {link}"
            todo.append(target)
    return seen


def test_dataset_gallery(dataset, samples, tmp_path) -> None:
    site = tmp_path / "site"
    done = gallery(dataset, "--out", site, "--per-page", "10")
    assert done.returncode == 0, done.stderr
    assert f"for {len(samples)} samples" in done.stdout
    reached = crawl(site)
    names = {p.name for p in reached}
    assert {f"sample-{i}.html" for i in range(len(samples))} <= names
    assert {"summary.html", "viewer.css", "viewer.js"} <= names
    for game in {s.game for s in samples}:
        assert f"game-{slug(game)}-1.html" in names
    page = (site / "sample-0.html").read_text("utf-8")
    assert samples[0].question in html.unescape(page)
    assert (site / "images" / "0.png").read_bytes() == Path(samples[0].image).read_bytes()
    assert "<form" not in (site / "index.html").read_text("utf-8")  # static: views, not filters


def test_runs_gallery_has_outcome_views_and_plots(runs, tmp_path) -> None:
    site = tmp_path / "runs-site"
    done = gallery(*(p for p, _ in runs.values()), "--out", site, "--per-page", "500")
    assert done.returncode == 0, done.stderr
    names = {p.name for p in crawl(site)}
    assert {"run0-wrong-1.html", "run1-correct-1.html", "differ-1.html", "bars.png",
            "heatmap-0.png", "heatmap-1.png"} <= names
    wrong = (site / "run0-wrong-1.html").read_text("utf-8")
    ids = {html.unescape(i) for i in re.findall(r'<span class="id" title="([^"]*)"', wrong)}
    assert ids == runs["alpha"][1]


def test_agent_gallery_copies_only_inside_images(agent_run, tmp_path) -> None:
    site = tmp_path / "agent-site"
    write_gallery(open_collection([agent_run]), site)
    crawl(site)
    steps = sorted(p.name for p in (site / "steps").iterdir())
    assert steps == ["0-0-0-0.png", "0-0-2-0.png", "1-0-0-0.png"]  # never outside.png
    assert "image missing or outside the run" in (site / "sample-2.html").read_text("utf-8")


def test_hostile_gallery_copies_nothing_from_outside(hostile, tmp_path) -> None:
    site = tmp_path / "hostile-site"
    write_gallery(open_collection([hostile["path"]]), site)
    crawl(site)
    for file in site.rglob("*"):
        if file.is_file():
            assert hostile["secret"] not in file.read_bytes(), file
    assert sorted(p.name for p in (site / "images").iterdir()) == [f"{hostile['rows']['ok']}.png"]


def test_out_must_be_empty_or_an_earlier_gallery(dataset, tmp_path) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(VisreasonError, match="not empty"):
        write_gallery(open_collection([dataset], limit=3), busy)
    assert (busy / "thesis.tex").read_text("utf-8") == "precious"
    site = tmp_path / "again"
    write_gallery(open_collection([dataset], limit=5), site)
    write_gallery(open_collection([dataset], limit=2), site)  # replaces its own earlier site
    assert (site / MARKER).is_file() and not (site / "sample-4.html").exists()
    done = gallery(dataset, "--out", busy)
    assert done.returncode == 2 and "not empty" in done.stderr
