"""`visreason view` and `visreason gallery`."""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

import click

from .links import PER_PAGE


def _open(paths: tuple[Path, ...], data: Path | None, limit: int | None = None):
    from .collection import open_collection

    started = time.perf_counter()
    collection = open_collection(paths, data, limit)
    seconds = time.perf_counter() - started
    what = f"{len(collection.runs)} run(s), " if collection.is_run else ""
    click.echo(f"indexed {what}{len(collection):,} samples in {seconds:.1f} s", err=True)
    if collection.problem_count:
        click.echo(f"warning: {collection.problem_count} problem(s) reading the data, e.g. "
                   f"{collection.problems[0]}", err=True)
    return collection


@click.command(name="view")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the data to the network.")
@click.option("--data", type=click.Path(exists=True, path_type=Path), default=None,
              help="The dataset the runs were asked on [default: from their run.json].")
def view_command(paths: tuple[Path, ...], port: int, host: str, data: Path | None) -> None:
    """Browse a dataset (JSONL, Parquet, GameQA) or evaluation/agent runs in a web page.

    PATHS is one dataset directory, or one or more run directories shown side by side.
    """
    from .server import is_loopback, serve

    collection = _open(paths, data)
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can read "
                   f"the data", err=True)

    def ready(url: str) -> None:
        click.echo(f"serving {collection.title} at {url} (Ctrl-C to stop)", err=True)
        sys.stderr.flush()

    with contextlib.suppress(KeyboardInterrupt):
        serve(collection, host, port, ready)


@click.command(name="gallery")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the site (new, empty, or an earlier gallery).")
@click.option("--data", type=click.Path(exists=True, path_type=Path), default=None,
              help="The dataset the runs were asked on [default: from their run.json].")
@click.option("--per-page", type=click.IntRange(1, 500), default=PER_PAGE, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Only the first N samples.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def gallery_command(paths: tuple[Path, ...], out: Path, data: Path | None, per_page: int,
                    limit: int | None, quiet: bool) -> None:
    """Write the viewer's pages for PATHS as a static site in OUT, to share or host."""
    from tqdm import tqdm

    from .gallery import write_gallery

    collection = _open(paths, data, limit)
    with tqdm(total=len(collection), unit="page", disable=quiet or None, file=sys.stderr,
              dynamic_ncols=True) as bar:
        summary = write_gallery(collection, out, per_page, progress=bar.update)
    click.echo(f"wrote {summary.pages} pages and {summary.images} images for "
               f"{summary.samples} samples to {summary.out}; open {summary.out / 'index.html'}")


COMMANDS = [view_command, gallery_command]
