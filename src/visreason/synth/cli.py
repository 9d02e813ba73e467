"""`visreason synth ...` and `visreason curriculum`.

The `synth` group is shared: other modules add their own subcommands to it (for example
`synth game`), so it is created here and holds nothing that needs an optional dependency.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..core.errors import VisreasonError


@click.group(name="synth")
def synth() -> None:
    """Self-challenging synthesis: LLM-written multi-hop questions, filters and exports."""


def _model_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options every model-driven synth command shares."""
    options = [
        click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
                     help="Run directory (records, data.jsonl, cache); rerun to resume."),
        click.option("--base-url", default=None,
                     help="OpenAI-compatible server [env OPENAI_BASE_URL]."),
        click.option("--model", default=None, help="Model name [env VISREASON_MODEL]."),
        click.option("--api-key", default=None, help="API key [env OPENAI_API_KEY]."),
        click.option("--concurrency", type=click.IntRange(min=1), default=32,
                     show_default=True, help="Requests in flight."),
        click.option("--timeout", type=float, default=300.0, show_default=True,
                     help="Seconds per request."),
        click.option("--retries", type=click.IntRange(min=0), default=5, show_default=True,
                     help="Retries of a failed request (429, 5xx, timeouts)."),
        click.option("--structured", type=click.Choice(["auto", "json_schema", "json_object",
                                                        "prompt"]), default="auto",
                     show_default=True,
                     help="How JSON is asked for; auto falls back when the server refuses."),
        click.option("--repairs", type=click.IntRange(min=0), default=2, show_default=True,
                     help="Follow-up turns quoting a reply's JSON or schema errors."),
        click.option("--max-tokens", type=click.IntRange(min=1), default=2048,
                     show_default=True),
        click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Shared response cache directory [default: OUT/cache.jsonl]."),
        click.option("--price-in", type=float, default=None,
                     help="Price per million prompt tokens, to show spend."),
        click.option("--price-out", type=float, default=None,
                     help="Price per million completion tokens, to show spend."),
        click.option("--quiet", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The filters' settings, shared by the generating commands."""
    options = [
        click.option("--dedup", type=click.Choice(["tfidf", "minhash", "off"]), default="tfidf",
                     show_default=True, help="Near-duplicate rejection."),
        click.option("--dedup-threshold", type=float, default=None,
                     help="Similarity that counts as a duplicate [tfidf 0.75, minhash 0.7]."),
        click.option("--regenerate", type=click.IntRange(min=0), default=2, show_default=True,
                     help="New attempts for an item rejected as a near-duplicate."),
        click.option("--score/--no-score", default=True, show_default=True,
                     help="LLM quality and difficulty scores with keep/review/discard."),
        click.option("--quality-keep", type=float, default=4.0, show_default=True),
        click.option("--quality-review", type=float, default=3.0, show_default=True),
        click.option("--difficulty-keep", type=float, default=2.5, show_default=True),
        click.option("--difficulty-review", type=float, default=1.5, show_default=True),
        click.option("--consistency", type=click.IntRange(min=0), default=3, show_default=True,
                     help="Times the model answers its own question (0: no check)."),
        click.option("--temperature", type=float, default=0.8, show_default=True,
                     help="Sampling temperature for writing items."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _spend(usage: dict[str, int], price_in: float | None, price_out: float | None) -> str:
    text = f"{usage['prompt_tokens'] + usage['completion_tokens']:,} tok"
    if price_in is not None or price_out is not None:
        cost = (usage["prompt_tokens"] * (price_in or 0.0)
                + usage["completion_tokens"] * (price_out or 0.0)) / 1e6
        text += f" ${cost:.4f}"
    return text


def _run(jobs: list, options: dict[str, Any], config_fields: dict[str, Any]) -> None:
    """Build the client and config, run the pipeline with a progress bar, print the counts."""
    import asyncio

    from tqdm import tqdm

    from ..llm.cache import ResponseCache
    from ..llm.client import ChatClient
    from .journal import JOURNAL, JournalCache
    from .pipeline import Pipeline, SynthConfig
    from .scoring import Thresholds

    out: Path = options["out"]
    quiet = options["quiet"]

    async def go():
        client = ChatClient(options["base_url"], options["model"], options["api_key"],
                            concurrency=options["concurrency"], timeout=options["timeout"],
                            max_retries=options["retries"], cache=cache)
        config = SynthConfig(client.model, structured=options["structured"],
                             repairs=options["repairs"], max_tokens=options["max_tokens"],
                             **config_fields)
        with tqdm(total=len(jobs), unit="item", disable=quiet or None, file=sys.stderr,
                  dynamic_ncols=True) as bar:
            def progress(pipeline: Pipeline) -> None:
                finished = sum(pipeline.counts.values())
                bar.update(finished - bar.n)
                usage = pipeline.client.usage
                bar.set_postfix_str(
                    f"calls {usage.requests} (+{usage.cached} cached), kept "
                    f"{pipeline.counts['kept']}, "
                    + _spend(usage.as_dict(), options["price_in"], options["price_out"]),
                    refresh=False)

            try:
                return await Pipeline(client, config, out, concurrency=options["concurrency"],
                                      progress=progress).run(jobs)
            finally:
                await client.aclose()

    cache = ResponseCache(options["cache"]) if options["cache"] else JournalCache(out / JOURNAL)
    if "thresholds" in config_fields and isinstance(config_fields["thresholds"], dict):
        config_fields["thresholds"] = Thresholds(**config_fields["thresholds"])
    try:
        summary = asyncio.run(go())
    finally:
        if isinstance(cache, JournalCache):
            cache.close()
    rejected = ", ".join(f"{k} {v}" for k, v in sorted(summary.rejected.items())) or "none"
    click.echo(f"kept {summary.counts.get('kept', 0)}, review {summary.counts.get('review', 0)}, "
               f"rejected {sum(summary.rejected.values())} ({rejected}), errors "
               f"{summary.counts.get('error', 0)} of {summary.total}; this session "
               f"{summary.processed} item(s), {summary.usage['requests']} calls "
               f"(+{summary.usage['cached']} from cache), "
               f"{_spend(summary.usage, options['price_in'], options['price_out'])}, "
               f"{summary.seconds:.1f} s; structured output: {summary.structured_mode}; "
               f"data in {out / 'data.jsonl'}")
    if summary.counts.get("error"):
        click.echo(f"warning: {summary.counts['error']} item(s) failed; rerun the same command "
                   "to retry them", err=True)


def _filter_fields(o: dict[str, Any]) -> dict[str, Any]:
    return {"dedup": None if o["dedup"] == "off" else o["dedup"],
            "dedup_threshold": o["dedup_threshold"], "regenerate": o["regenerate"],
            "score": o["score"], "consistency": o["consistency"],
            "temperature": o["temperature"],
            "thresholds": {"quality_keep": o["quality_keep"],
                           "quality_review": o["quality_review"],
                           "difficulty_keep": o["difficulty_keep"],
                           "difficulty_review": o["difficulty_review"]}}


@synth.command(name="text")
@click.option("--areas", default="all", show_default=True,
              help="Comma-separated areas or 'all': mathematical_reasoning, "
                   "scientific_knowledge, logical_deduction, technical_procedures, "
                   "historical_events, ethical_considerations, economic_principles, "
                   "psychological_insights.")
@click.option("--per-area", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--language", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@_model_options
@_filter_options
def text_command(areas: str, per_area: int, language: str, **options: Any) -> None:
    """Documents, linked sub-questions and multi-hop questions in semantic areas."""
    from .pipeline import text_jobs
    from .prompts import AREAS

    chosen = list(AREAS) if areas.strip() == "all" else \
        [a.strip() for a in areas.split(",") if a.strip()]
    jobs = text_jobs(chosen, per_area, language)
    _run(jobs, options, {**_filter_fields(options), "language": language,
                         "source": {"areas": chosen}})


@synth.command(name="image")
@click.option("--seeds", required=True, type=click.Path(exists=True, path_type=Path),
              help="A visreason dataset, or a JSONL of image, question, answer.")
@click.option("--relations", default=None,
              help="Comma-separated relations [all four, taking turns].")
@click.option("--per-seed", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="First N seeds only.")
@click.option("--language", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@_model_options
@_filter_options
def image_command(seeds: Path, relations: str | None, per_seed: int, limit: int | None,
                  language: str, **options: Any) -> None:
    """Multi-hop questions about seed pictures, the picture sent with every request."""
    from .image import read_seeds
    from .pipeline import image_jobs

    skipped: list[str] = []
    seed_samples = read_seeds(seeds, skipped)[:limit]
    if skipped:
        click.echo(f"warning: skipped {len(skipped)} seed(s); the first: {skipped[0]}", err=True)
    chosen = [r.strip() for r in relations.split(",")] if relations else None
    jobs = image_jobs(seed_samples, chosen, per_seed)
    _run(jobs, options, {**_filter_fields(options), "language": language,
                         "source": {"seeds": str(seeds.resolve()), "limit": limit,
                                    "relations": chosen, "per_seed": per_seed}})


@synth.group(name="filter")
def filter_group() -> None:
    """Apply one filter to an existing dataset, writing the kept items to OUT."""


def _read_input(data: Path) -> list:
    from ..data.read import read_dataset

    samples = list(read_dataset(data))
    if not samples:
        raise VisreasonError(f"{data} holds no samples")
    return samples


@filter_group.command(name="dedup")
@click.argument("data", type=click.Path(exists=True, path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--backend", type=click.Choice(["tfidf", "minhash"]), default="tfidf",
              show_default=True, help="minhash (LSH) for large sets.")
@click.option("--threshold", type=float, default=None,
              help="Similarity that counts as a duplicate [tfidf 0.75, minhash 0.7].")
def filter_dedup(data: Path, out: Path, backend: str, threshold: float | None) -> None:
    """Drop near-duplicates (documents, else questions), keeping the first of each group."""
    from .filters import dedup_dataset

    kept, dropped = dedup_dataset(_read_input(data), out, backend, threshold)
    click.echo(f"kept {kept}, dropped {dropped} near-duplicate(s); data in {out / 'data.jsonl'}")


@filter_group.command(name="score")
@click.argument("data", type=click.Path(exists=True, path_type=Path))
@_model_options
@click.option("--quality-keep", type=float, default=4.0, show_default=True)
@click.option("--quality-review", type=float, default=3.0, show_default=True)
@click.option("--difficulty-keep", type=float, default=2.5, show_default=True)
@click.option("--difficulty-review", type=float, default=1.5, show_default=True)
def filter_score(data: Path, **options: Any) -> None:
    """Score quality and difficulty; keep, send to review.jsonl, or discard."""
    from .filters import filter_jobs

    fields = {"dedup": None, "score": True, "consistency": 0, "regenerate": 0,
              "source": {"data": str(data.resolve()), "filter": "score"},
              "thresholds": {k: options[k] for k in ("quality_keep", "quality_review",
                                                     "difficulty_keep", "difficulty_review")}}
    _run(filter_jobs(_read_input(data)), options, fields)


@filter_group.command(name="consistency")
@click.argument("data", type=click.Path(exists=True, path_type=Path))
@_model_options
@click.option("--k", "k", type=click.IntRange(min=1), default=3, show_default=True,
              help="Answers asked for per question.")
@click.option("--temperature", type=float, default=0.7, show_default=True)
def filter_consistency(data: Path, k: int, temperature: float, **options: Any) -> None:
    """Keep items whose answer a majority of k fresh answers agrees with."""
    from .filters import filter_jobs

    fields = {"dedup": None, "score": False, "consistency": k, "regenerate": 0,
              "answer_temperature": temperature,
              "source": {"data": str(data.resolve()), "filter": "consistency"}}
    _run(filter_jobs(_read_input(data)), options, fields)


@click.command(name="curriculum")
@click.argument("data", type=click.Path(exists=True, path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--formats", default="trl,swift,llamafactory", show_default=True,
              help="Comma-separated: trl, swift, llamafactory.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Which items go to which stage (a stable shuffle).")
def curriculum_command(data: Path, out: Path, formats: str, seed: int) -> None:
    """The four thinking-induced SFT stages, each on its own quarter of DATA."""
    from .curriculum import write_curriculum

    summary = write_curriculum(_read_input(data), out,
                               [f.strip() for f in formats.split(",") if f.strip()], seed)
    sizes = ", ".join(f"stage {i + 1}: {n}" for i, n in enumerate(summary.sizes))
    click.echo(f"{sum(summary.sizes)} item(s) in four stages ({sizes}); "
               f"{', '.join(summary.formats)} files in {out}")


# Other modules register their own `synth` subcommands below (one import line each).
from . import game_cli  # noqa: E402,F401,I001  (synth game)
COMMANDS = [synth, curriculum_command]
