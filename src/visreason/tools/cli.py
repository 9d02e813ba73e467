"""`visreason tool-tasks`, `agent`, `agent-report` and `agent-export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.levels import LEVELS, parse_levels


@click.command(name="tool-tasks")
@click.option("--games", default="all", show_default=True,
              help="Comma-separated game names, or 'all'.")
@click.option("--from-jsonl", "source", type=click.Path(exists=True, dir_okay=False,
                                                       path_type=Path), default=None,
              help="Your own data instead of games: JSONL of {image, question, answer"
                   "[, answer_type, options, box, id]}; image paths relative to the file.")
@click.option("--per-task", type=click.IntRange(min=1), default=10, show_default=True,
              help="Samples per task and level.")
@click.option("--levels", default=",".join(LEVELS), show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--transforms", default="all", show_default=True,
              help="Comma-separated: rotate90, rotate180, rotate270, flip_h, flip_v, crop, "
                   "low_contrast, none (or rotate, flip, all).")
@click.option("--answer-form", type=click.Choice(["choice", "open"]), default="choice",
              show_default=True)
@click.option("--split", type=click.Choice(["train", "validation", "test"]), default=None,
              help="Game states of this split only (by a hash of the state).")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: all cores].")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def tool_tasks_command(games: str, source: Path | None, per_task: int, levels: str, seed: int,
                       transforms: str, answer_form: str, split: str | None, out: Path,
                       workers: int | None, quiet: bool) -> None:
    """Samples whose picture is rotated, mirrored, shrunk into a canvas or washed out, for
    thinking with images (the transform and answer box are in meta.tool)."""
    from tqdm import tqdm

    from ..core.registry import parse_games
    from .generate import ToolTaskConfig, plan, write_tool_tasks
    from .tasks import parse_transforms

    config = ToolTaskConfig(() if source else tuple(parse_games(games)), parse_levels(levels),
                            per_task, seed, parse_transforms(transforms), answer_form,
                            str(source.resolve()) if source else None, split)
    total = None if source else len(plan(config))
    with tqdm(total=total, unit="sample", disable=quiet or None, file=sys.stderr,
              dynamic_ncols=True) as bar:
        summary = write_tool_tasks(out, config, workers, progress=bar.update)
    mix = ", ".join(f"{k} {v}" for k, v in sorted(summary.transforms.items()))
    click.echo(f"wrote {summary.samples} tool tasks ({mix}) in {summary.seconds:.1f} s to "
               f"{summary.out}")


@click.command(name="agent")
@click.option("--data", required=True, type=click.Path(exists=True, path_type=Path),
              help="Dataset directory (e.g. from 'visreason tool-tasks').")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Run directory (trajectories, records, pictures, report); rerun to resume.")
@click.option("--base-url", default=None, help="OpenAI-compatible server [env OPENAI_BASE_URL].")
@click.option("--model", default=None, help="Model name [env VISREASON_MODEL].")
@click.option("--api-key", default=None, help="API key [env OPENAI_API_KEY].")
@click.option("--max-turns", type=click.IntRange(min=1), default=8, show_default=True,
              help="Model turns per sample (calls plus the answer).")
@click.option("--temperature", type=float, default=0.0, show_default=True)
@click.option("--max-tokens", type=click.IntRange(min=1), default=2048, show_default=True)
@click.option("--max-image-side", type=click.IntRange(min=64), default=1280, show_default=True,
              help="Pictures sent to the model are shrunk to this; the tool sees full size.")
@click.option("--system", default=None, help="System prompt (replaces the built-in one).")
@click.option("--concurrency", type=click.IntRange(min=1), default=8, show_default=True)
@click.option("--sandbox-workers", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--timeout", type=float, default=300.0, show_default=True,
              help="Seconds per model request.")
@click.option("--retries", type=click.IntRange(min=0), default=5, show_default=True)
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Response cache directory.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="First N samples only.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def agent_command(data: Path, out: Path, base_url: str | None, model: str | None,
                  api_key: str | None, max_turns: int, temperature: float, max_tokens: int,
                  max_image_side: int, system: str | None, concurrency: int,
                  sandbox_workers: int, timeout: float, retries: int, cache: Path | None,
                  limit: int | None, quiet: bool) -> None:
    """Run the think / call code / read picture / answer loop over a dataset."""
    import asyncio

    from tqdm import tqdm

    from ..data.read import read_dataset
    from ..llm.client import ChatClient
    from .agent import AgentSettings, run_agent
    from .report import tool_markdown, write_agent_report
    from .sandbox import SandboxPool

    samples = list(read_dataset(data))
    source: object = str(data.resolve())
    if limit is not None:
        samples = samples[:limit]
        source = {"source": source, "limit": limit}

    async def go():
        client = ChatClient(base_url, model, api_key, concurrency=concurrency, timeout=timeout,
                            max_retries=retries, cache=cache)
        settings = AgentSettings(client.model, max_turns, {"temperature": temperature,
                                                           "max_tokens": max_tokens},
                                 system, max_image_side, source)
        pool = await asyncio.to_thread(SandboxPool, sandbox_workers)
        if not quiet:
            click.echo(f"sandbox isolation: {pool.describe()}", err=True)
        try:
            with tqdm(total=len(samples), unit="sample", disable=quiet or None,
                      file=sys.stderr, dynamic_ncols=True) as bar:
                return await run_agent(samples, client, out, settings, concurrency=concurrency,
                                       pool=pool, progress=bar.update)
        finally:
            pool.close()
            await client.aclose()

    summary = asyncio.run(go())
    report = write_agent_report(out)
    click.echo(tool_markdown(report["tools"]).rstrip())
    click.echo(f"asked {summary.asked}, resumed {summary.resumed}, errors {summary.errors}; "
               f"accuracy {100 * summary.accuracy:.1f}%; trajectories and reports in {out}")
    if summary.errors:
        click.echo(f"warning: {summary.errors} sample(s) failed; rerun the same command to "
                   "retry them", err=True)


@click.command(name="agent-report")
@click.argument("run", type=click.Path(exists=True, file_okay=False, path_type=Path))
def agent_report_command(run: Path) -> None:
    """Rewrite an agent run's report (accuracy tables plus tool use) and print it."""
    from ..eval.report import to_markdown
    from .report import tool_markdown, write_agent_report

    report = write_agent_report(run)
    click.echo(to_markdown(report).rstrip() + "\n\n" + tool_markdown(report["tools"]))


@click.command(name="agent-export")
@click.argument("run", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--to", "target", type=click.Choice(["llamafactory", "trl"]), required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--all", "everything", is_flag=True,
              help="Also trajectories that answered wrongly or broke the format.")
def agent_export_command(run: Path, target: str, out: Path, everything: bool) -> None:
    """Trajectories as SFT data (tool turns marked not to train on)."""
    from .export import export_trajectories

    done = export_trajectories(run, out, target, only_correct=not everything)
    click.echo(f"wrote {done.rows} trajectories ({done.skipped} left out) to "
               + ", ".join(str(f) for f in done.files))


@click.command(name="tool-export")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--to", "target", type=click.Choice(["verl", "trl"]), required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--split", default="train", show_default=True)
@click.option("--full-resolution", is_flag=True,
              help="verl: also hand the tool the original picture (verl resizes the prompt's).")
def tool_export_command(source: Path, target: str, out: Path, split: str,
                        full_resolution: bool) -> None:
    """Tool tasks as RL data: verl's tool agent loop or TRL's environment mode."""
    from ..data.read import read_dataset
    from .rl_export import export_tool_tasks

    path = export_tool_tasks(read_dataset(source), out, target, split, full_resolution)
    click.echo(f"wrote {path}")


@click.command(name="serve-tool-reward")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--allow-unregistered", is_flag=True,
              help="Score samples of tasks this install does not know by their stored answer.")
def serve_tool_reward_command(host: str, port: int, allow_unregistered: bool) -> None:
    """The reward server plus POST /score_tools for trajectories with tool calls."""
    from .server import serve

    click.echo(f"visreason tool reward server on http://{host}:{port} (schema at /docs)",
               err=True)
    serve(host, port, allow_unregistered)


COMMANDS = [tool_tasks_command, tool_export_command, agent_command, agent_report_command,
            agent_export_command, serve_tool_reward_command]
