"""`visreason eval` and `visreason report`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.errors import VisreasonError
from ..core.levels import LEVELS, parse_levels
from .prompts import TEMPLATES


def _load_samples(data: Path | None, games: str | None, per_task: int, seed: int, levels: str,
                  text_only: bool, out: Path, quiet: bool, answer_form: str = "choice",
                  split: str | None = None) -> tuple[list, object]:
    """The samples to evaluate: a dataset (ours or GameQA's), or one generated into RUN/data
    (kept for resume)."""
    from ..data.read import read_dataset

    if data is not None:
        if games is not None:
            raise VisreasonError("give either --data or --games, not both")
        skipped: list[str] = []
        samples = list(read_dataset(data, skipped=skipped))
        if skipped:
            click.echo(f"warning: skipped {len(skipped)} record(s) that could not be read; "
                       f"the first: {skipped[0]}", err=True)
        if not samples:
            raise VisreasonError(f"{data} holds no samples to evaluate")
        return samples, str(data.resolve())
    if games is None:
        raise VisreasonError("nothing to evaluate: pass --data DIR or --games (with --per-task)")
    from ..core.registry import parse_games
    from ..data.run import RunConfig, run_dataset

    config = RunConfig(tuple(parse_games(games)), parse_levels(levels), per_task, seed, "jsonl",
                       text_only, answer_form=answer_form, split=split)
    if not quiet:
        click.echo(f"generating the evaluation set into {out / 'data'}", err=True)
    run_dataset(out / "data", config)
    return list(read_dataset(out / "data")), config.as_json()


@click.command(name="eval")
@click.option("--data", type=click.Path(exists=True, path_type=Path), default=None,
              help="Dataset directory written by 'visreason generate'.")
@click.option("--games", default=None, help="Generate on the fly: comma-separated games or 'all'.")
@click.option("--per-task", type=click.IntRange(min=1), default=5, show_default=True,
              help="With --games: samples per task and level.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--levels", default=",".join(LEVELS), show_default=True)
@click.option("--text-only", is_flag=True, help="With --games: text states, no images.")
@click.option("--answer-form", type=click.Choice(["choice", "open", "mixed"]), default="choice",
              show_default=True, help="With --games: lettered options, open answers, or a mix.")
@click.option("--split", type=click.Choice(["train", "validation", "test"]), default=None,
              help="With --games: only states of this split (evaluate on --split test).")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Run directory (records, reports); rerun to resume.")
@click.option("--base-url", default=None, help="OpenAI-compatible server [env OPENAI_BASE_URL].")
@click.option("--model", default=None, help="Model name [env VISREASON_MODEL].")
@click.option("--api-key", default=None, help="API key [env OPENAI_API_KEY].")
@click.option("--local", "local_model", type=click.Path(exists=True, file_okay=False),
              default=None, help="Run a local transformers model directory instead of a server.")
@click.option("--template", type=click.Choice(list(TEMPLATES)), default="think",
              show_default=True)
@click.option("--system", default=None, help="System prompt (replaces the template's; '' none).")
@click.option("--temperature", type=float, default=0.0, show_default=True)
@click.option("--max-tokens", type=click.IntRange(min=1), default=2048, show_default=True)
@click.option("--concurrency", type=click.IntRange(min=1), default=32, show_default=True)
@click.option("--timeout", type=float, default=300.0, show_default=True,
              help="Seconds per request.")
@click.option("--retries", type=click.IntRange(min=0), default=5, show_default=True)
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Response cache directory (shared between runs).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="First N samples only.")
@click.option("--judge-model", default=None, help="LLM judge for free-text answers.")
@click.option("--judge-base-url", default=None, help="Judge server [default: --base-url].")
@click.option("--judge-on", type=click.Choice(["text", "all"]), default="text",
              show_default=True, help="'all' makes the judge a second opinion on every sample.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def eval_command(data: Path | None, games: str | None, per_task: int, seed: int, levels: str,
                 text_only: bool, answer_form: str, split: str | None, out: Path,
                 base_url: str | None, model: str | None,
                 api_key: str | None, local_model: str | None, template: str,
                 system: str | None, temperature: float, max_tokens: int, concurrency: int,
                 timeout: float, retries: int, cache: Path | None, limit: int | None,
                 judge_model: str | None, judge_base_url: str | None, judge_on: str,
                 quiet: bool) -> None:
    """Run a model over a dataset and write per-sample records and reports into OUT."""
    import asyncio

    from tqdm import tqdm

    from ..llm.client import ChatClient
    from .judge import Judge
    from .report import to_markdown, write_report
    from .runner import EvalSettings, run_eval

    samples, source = _load_samples(data, games, per_task, seed, levels, text_only, out, quiet,
                                    answer_form, split)
    if not samples:
        raise VisreasonError("nothing to evaluate: no samples")
    if limit is not None:
        samples = samples[:limit]
        source = {"source": source, "limit": limit}
    params = {"temperature": temperature, "max_tokens": max_tokens}

    async def go():
        if local_model is not None:
            from ..llm.local import LocalChatClient

            client = LocalChatClient(local_model, name=model, cache=cache)
        else:
            client = ChatClient(base_url, model, api_key, concurrency=concurrency,
                                timeout=timeout, max_retries=retries, cache=cache)
        judge = None
        if judge_model is not None:
            judge_client = client if judge_base_url is None and local_model is None else \
                ChatClient(judge_base_url or base_url, judge_model, api_key,
                           concurrency=concurrency, timeout=timeout, max_retries=retries,
                           cache=cache)
            judge = Judge(judge_client, judge_model, judge_on)
        settings = EvalSettings(client.model, template, system, params, source, judge_model)
        try:
            with tqdm(total=len(samples), unit="sample", disable=quiet or None,
                      file=sys.stderr, dynamic_ncols=True) as bar:
                return await run_eval(samples, client, out, settings,
                                      concurrency=concurrency if local_model is None else 1,
                                      judge=judge, progress=bar.update)
        finally:
            await client.aclose()
            if judge is not None and judge.client is not client:
                await judge.client.aclose()

    summary = asyncio.run(go())
    report = write_report(out)
    o = report["overall"]
    click.echo(to_markdown(report).split("\n## ")[0].rstrip())
    click.echo(f"asked {summary.asked}, resumed {summary.resumed}, errors {summary.errors}; "
               f"{summary.usage.prompt_tokens} prompt + {summary.usage.completion_tokens} "
               f"completion tokens, {summary.usage.retries} retries, {summary.seconds:.1f} s; "
               f"accuracy {100 * o['accuracy']:.1f}%; reports in {out}")
    if summary.errors >= summary.total:
        raise VisreasonError(f"no sample was scored: all {summary.total} request(s) failed "
                             f"(see {out / 'records.jsonl'}); rerun the same command to retry")
    if summary.errors:
        click.echo(f"warning: {summary.errors} sample(s) failed; rerun the same command to "
                   f"retry them", err=True)


@click.command(name="report")
@click.argument("runs", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where comparison files go (several runs).")
def report_command(runs: tuple[Path, ...], out: Path | None) -> None:
    """Rewrite a run's reports and print them, or compare several runs side by side."""
    from .report import to_markdown, write_comparison, write_report

    if len(runs) == 1 and out is None:
        click.echo(to_markdown(write_report(runs[0])))
        return
    text, _ = write_comparison(list(runs), out)
    click.echo(text)


COMMANDS = [eval_command, report_command]
