"""`visreason synth game`: verifiable multi-hop game questions written as a dataset.

The dataset is in the usual schema and layout (data.jsonl + images/, or Parquet shards), so
`visreason audit`, `visreason view`, `read_dataset` and the reward functions read it as they
read `visreason generate` output. Samples are written in plan order in chunks of
`shard_size`, through the same writers `generate` uses; a manifest records the settings and
the counts per game, composition, level and answer form.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import click

from ..core.errors import VisreasonError
from ..core.levels import parse_levels
from ..core.sample import Sample
from .cli import synth
from .game import KINDS, generate_all, parse_hop_games, parse_kinds, plan

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class GameRunConfig:
    """The settings of one `synth game` run; the same settings write the same bytes."""

    games: tuple[str, ...]
    per_game: int
    seed: int = 0
    levels: tuple[str, ...] = ("easy", "medium", "hard")
    kinds: tuple[str, ...] = KINDS
    answer_form: str = "choice"
    open_share: float = 0.5
    format: str = "jsonl"
    text_only: bool = False
    shard_size: int = 256
    rephrase_model: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "games": list(self.games), "levels": list(self.levels),
                "kinds": list(self.kinds), "source": "visreason synth game"}


def _chunks(samples: Iterable[Sample], size: int) -> Iterable[list[Sample]]:
    chunk: list[Sample] = []
    for sample in samples:
        chunk.append(sample)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_multihop(out: str | Path, config: GameRunConfig, *, overwrite: bool = False,
                   transform: Callable[[list[Sample]], list[Sample]] | None = None,
                   progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Generate the run `config` describes and write it to `out`; returns the manifest.

    `transform` may rewrite each chunk before it is written (the optional rephrasing pass);
    it must leave answers alone. A directory already holding data is refused unless
    `overwrite` is given.
    """
    from ..data.run import clear_outputs, stored
    from ..data.writers import get_writer

    out = Path(out)
    writer = get_writer(config.format)
    writer.check_available()
    if config.shard_size < 1:
        raise VisreasonError(f"shard size must be at least 1, got {config.shard_size}")
    out.mkdir(parents=True, exist_ok=True)
    existing = [p.name for p in (out / "data.jsonl", out / "data", out / MANIFEST) if p.exists()]
    if existing and not overwrite:
        raise VisreasonError(f"{out} already holds {', '.join(existing)}; choose another --out, "
                             "or pass --overwrite to replace it")
    if overwrite:
        clear_outputs(out)
    total_items = sum(1 for _ in plan(config.games, config.per_game, config.levels,
                                      config.kinds))
    if not total_items:
        raise VisreasonError("nothing to generate: no game offers the chosen kinds")
    total = -(-total_items // config.shard_size)
    started = time.perf_counter()
    counts: dict[str, int] = {}
    samples = generate_all(config.games, config.per_game, config.seed, levels=config.levels,
                           kinds=config.kinds, answer_form=config.answer_form,
                           open_share=config.open_share, text_only=config.text_only)
    written = 0
    for number, chunk in enumerate(_chunks(samples, config.shard_size)):
        if transform is not None:
            chunk = transform(chunk)
        for sample in chunk:
            key = f"{sample.task_id}|{sample.plot_level}|{sample.answer_form}"
            counts[key] = counts.get(key, 0) + 1
        writer.write_chunk(out, number, total, stored(chunk, grouped=False))
        written += len(chunk)
        if progress:
            progress(len(chunk))
    files = writer.finalize(out, total)
    writer.cleanup(out)
    manifest = {"config": config.as_json(), "samples": written, "counts": counts,
                "files": [str(f.relative_to(out)) for f in files],
                "seconds": round(time.perf_counter() - started, 3)}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


@synth.command(name="game")
@click.option("--games", default="all", show_default=True,
              help="Comma-separated games that declare hops, or 'all'.")
@click.option("--per-game", type=click.IntRange(min=1), default=50, show_default=True,
              help="Samples per game, spread over its kinds and levels.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--levels", default="easy,medium,hard", show_default=True)
@click.option("--kinds", default=",".join(KINDS), show_default=True,
              help="Composition kinds: bridge, compare, temporal.")
@click.option("--answer-form", type=click.Choice(["choice", "open", "mixed"]),
              default="choice", show_default=True)
@click.option("--open-share", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True,
              help="With --answer-form mixed: the share of open items.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl",
              show_default=True)
@click.option("--text-only", is_flag=True, help="No pictures; the state is given as text.")
@click.option("--shard-size", type=click.IntRange(min=1), default=256, show_default=True)
@click.option("--overwrite", is_flag=True, help="Replace a dataset already in OUT.")
@click.option("--rephrase-model", default=None,
              help="Let this model rephrase each question's wording (answers untouched; a "
                   "rewording that drops a number, cell, move or colour is not used).")
@click.option("--base-url", default=None, help="OpenAI-compatible server for --rephrase-model "
                                               "[env OPENAI_BASE_URL].")
@click.option("--api-key", default=None, help="API key [env OPENAI_API_KEY].")
@click.option("--concurrency", type=click.IntRange(min=1), default=16, show_default=True)
def game_command(games: str, per_game: int, seed: int, out: Path, levels: str, kinds: str,
                 answer_form: str, open_share: float, fmt: str, text_only: bool,
                 shard_size: int, overwrite: bool, rephrase_model: str | None,
                 base_url: str | None, api_key: str | None, concurrency: int) -> None:
    """Verifiable multi-hop questions composed from single-hop questions about one state."""
    config = GameRunConfig(tuple(parse_hop_games(games)), per_game, seed, parse_levels(levels),
                           parse_kinds(kinds), answer_form, open_share, fmt, text_only,
                           shard_size, rephrase_model)
    transform = None
    client = None
    tally = {"rephrased": 0, "kept": 0}
    if rephrase_model:
        from ..llm.client import SyncChatClient
        from .game_rephrase import rephrase_samples

        client = SyncChatClient(base_url, rephrase_model, api_key, concurrency=concurrency,
                                cache=out / "cache")

        def transform(chunk: list[Sample]) -> list[Sample]:
            done = rephrase_samples(chunk, client)
            tally["rephrased"] += done
            tally["kept"] += len(chunk) - done
            return chunk

    try:
        manifest = write_multihop(out, config, overwrite=overwrite, transform=transform)
    finally:
        if client is not None:
            client.close()
    note = (f"; {tally['rephrased']} question(s) rephrased, {tally['kept']} kept as written"
            if rephrase_model else "")
    click.echo(f"{manifest['samples']} multi-hop samples of {len(config.games)} game(s) in "
               f"{manifest['seconds']:.1f} s{note}; data in {out}")
