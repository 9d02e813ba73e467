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
@click.option("--interactive", is_flag=True,
              help="Play environments turn by turn: --games names environments ('all' for "
                   "every one), with --levels, --episodes, --max-steps and --history.")
@click.option("--episodes", type=click.IntRange(min=1), default=5, show_default=True,
              help="With --interactive: episodes per environment and level (seeds from --seed).")
@click.option("--max-steps", type=click.IntRange(min=1), default=None,
              help="With --interactive: step limit per episode [default: the environment's].")
@click.option("--history", type=click.IntRange(min=0), default=0, show_default=True,
              help="With --interactive: earlier turns (text only) kept in the conversation.")
@click.option("--describe/--no-describe", default=True, show_default=True,
              help="With --interactive: also write the state out as text next to the picture "
                   "(--no-describe: the picture alone shows it).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def eval_command(data: Path | None, games: str | None, per_task: int, seed: int, levels: str,
                 text_only: bool, answer_form: str, split: str | None, out: Path,
                 base_url: str | None, model: str | None,
                 api_key: str | None, local_model: str | None, template: str,
                 system: str | None, temperature: float, max_tokens: int, concurrency: int,
                 timeout: float, retries: int, cache: Path | None, limit: int | None,
                 judge_model: str | None, judge_base_url: str | None, judge_on: str,
                 interactive: bool, episodes: int, max_steps: int | None, history: int,
                 describe: bool, quiet: bool) -> None:
    """Run a model over a dataset and write per-sample records and reports into OUT.

    With --interactive, the model plays whole episodes of the environments instead.
    """
    import asyncio

    from tqdm import tqdm

    from ..llm.client import ChatClient

    if interactive:
        if data is not None:
            raise VisreasonError("--interactive plays environments: give --games, not --data")
        from .interactive import InteractiveConfig

        config = InteractiveConfig(_parse_envs(games or "all"), parse_levels(levels), episodes,
                                   seed, max_steps, text_only, history, describe)
        _eval_interactive(config, out, base_url, model, api_key, local_model, system,
                          {"temperature": temperature, "max_tokens": max_tokens}, concurrency,
                          timeout, retries, cache, quiet)
        return
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


def _parse_envs(spec: str) -> tuple[str, ...]:
    from ..env import env_class, names

    items = [item.strip() for item in spec.split(",") if item.strip()]
    if items == ["all"]:
        return tuple(names())
    if not items:
        raise VisreasonError("no environment given; use --games all or a comma-separated list")
    for item in items:
        env_class(item)
    return tuple(dict.fromkeys(items))


def _eval_interactive(config: object, out: Path, base_url: str | None, model: str | None,
                      api_key: str | None, local_model: str | None, system: str | None,
                      params: dict[str, object], concurrency: int, timeout: float,
                      retries: int, cache: Path | None, quiet: bool) -> None:
    """Play the episodes of `config`, then print and write the interactive report."""
    import asyncio

    from tqdm import tqdm

    from ..llm.client import ChatClient
    from .interactive import run_interactive, to_markdown, write_interactive_report
    from .runner import EvalSettings

    async def go():
        if local_model is not None:
            from ..llm.local import LocalChatClient

            client = LocalChatClient(local_model, name=model, cache=cache)
        else:
            client = ChatClient(base_url, model, api_key, concurrency=concurrency,
                                timeout=timeout, max_retries=retries, cache=cache)
        settings = EvalSettings(client.model, "interactive", system, params,
                                config.as_json())  # type: ignore[attr-defined]
        total = len(config.episode_keys())  # type: ignore[attr-defined]
        try:
            with tqdm(total=total, unit="episode", disable=quiet or None, file=sys.stderr,
                      dynamic_ncols=True) as bar:
                return await run_interactive(
                    client, out, settings, config,  # type: ignore[arg-type]
                    concurrency=concurrency if local_model is None else 1, progress=bar.update)
        finally:
            await client.aclose()

    summary = asyncio.run(go())
    report = write_interactive_report(out)
    click.echo(to_markdown(report).rstrip())
    click.echo(f"played {summary.played} episode(s), resumed {summary.resumed}, errors "
               f"{summary.errors}; won {summary.won} of {summary.total}; "
               f"{summary.usage.prompt_tokens} prompt + {summary.usage.completion_tokens} "
               f"completion tokens, {summary.seconds:.1f} s; reports in {out}")
    if summary.total and summary.errors >= summary.total:
        raise VisreasonError(f"no episode was played to its end: all {summary.total} failed "
                             f"(see {out / 'records.jsonl'}); rerun the same command to retry")
    if summary.errors:
        click.echo(f"warning: {summary.errors} episode(s) failed; rerun the same command to "
                   f"retry them", err=True)


@click.command(name="report")
@click.argument("runs", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where comparison files go (several runs).")
def report_command(runs: tuple[Path, ...], out: Path | None) -> None:
    """Rewrite a run's reports and print them, or compare several runs side by side."""
    from .interactive import is_interactive, write_interactive_report
    from .interactive import to_markdown as interactive_markdown
    from .report import to_markdown, write_comparison, write_report

    if len(runs) == 1 and out is None and is_interactive(runs[0]):
        click.echo(interactive_markdown(write_interactive_report(runs[0])).rstrip())
        return
    if any(is_interactive(run) for run in runs):
        raise VisreasonError("interactive runs are reported one at a time: visreason report RUN")
    if len(runs) == 1 and out is None:
        click.echo(to_markdown(write_report(runs[0])))
        return
    text, _ = write_comparison(list(runs), out)
    click.echo(text)


COMMANDS = [eval_command, report_command]
