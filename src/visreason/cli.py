"""The `visreason` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .core.errors import VisreasonError
from .core.levels import LEVELS, parse_levels
from .core.params import check_overrides, parse_overrides
from .core.registry import parse_games
from .core.splits import SPLIT_NAMES


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="visreason")
def cli() -> None:
    """visreason: verifiable multimodal reasoning data for vision-language models."""


@cli.command()
@click.option("--games", default="all", show_default=True,
              help="Comma-separated game names, or 'all'.")
@click.option("--per-task", type=click.IntRange(min=1), default=20, show_default=True,
              help="Samples per task and level. With --questions-per-state N, states per game "
                   "and level: ceil(PER_TASK x T / min(N, T)) for the T tasks offering the "
                   "level, so each task is asked about PER_TASK times where states take its "
                   "question (a state may hold fewer than N questions).")
@click.option("--questions-per-state", "questions", type=click.IntRange(min=1), default=1,
              show_default=True,
              help="Ask up to N questions of different tasks about each state, sharing one "
                   "picture (the game's tasks, or those --tasks names; not with --tool-tasks).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--levels", default=",".join(LEVELS), show_default=True,
              help="Comma-separated plot levels.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: all cores].")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet", "gameqa"]),
              default="jsonl", show_default=True)
@click.option("--text-only", is_flag=True, help="Describe states in text; write no images.")
@click.option("--shard-size", type=click.IntRange(min=1), default=256, show_default=True,
              help="Samples per written part (Parquet shard); with several questions per "
                   "state, SHARD_SIZE // N states per part.")
@click.option("--answer-form", type=click.Choice(["choice", "open", "mixed"]), default="choice",
              show_default=True,
              help="Lettered options, open answers the model writes itself, or a mix.")
@click.option("--open-share", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True,
              help="With --answer-form mixed: the share of open-answer items.")
@click.option("--split", type=click.Choice(list(SPLIT_NAMES)), default=None,
              help="Only states whose content hash puts them in this split.")
@click.option("--param", "params", multiple=True, metavar="GAME.NAME=VALUE",
              help="Override a difficulty parameter, e.g. sokoban.boxes=3 (repeatable; "
                   "'visreason params' lists them).")
@click.option("--tasks", "task_ids", default=None, metavar="GAME/TASK,...",
              help="Only these tasks (their games are used when --games is left at 'all').")
@click.option("--overwrite", is_flag=True,
              help="Replace whatever dataset OUT holds instead of refusing.")
@click.option("--tool-tasks", "tool_transforms", default=None, is_flag=False,
              flag_value="all", metavar="[TRANSFORMS]",
              help="Tool tasks: corrupt each picture (rotations, flips, crops, low contrast; "
                   "'all' or a comma list), recorded in meta.tool, for thinking with images.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
              show_default=True,
              help="Worker processes here, or Ray tasks (extra 'ray'); the same bytes either way.")
@click.option("--address", default=None, metavar="ADDRESS",
              help="With --engine ray: the Ray cluster to join ('auto' for the one this machine "
                   "belongs to) [default: start a local Ray on --workers CPUs]. OUT must be on "
                   "storage every node can write.")
@click.option("--dedup", is_flag=True,
              help="Drop items that repeat an earlier item (task, state and question).")
@click.option("--spec", "spec", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="A YAML dataset spec (mix, counts or weights per level, answer forms, "
                   "text-only and tool-task shares, splits); replaces the mix options.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def generate(ctx: click.Context, games: str, per_task: int, questions: int, seed: int, out: Path,
             levels: str, workers: int | None, fmt: str, text_only: bool, shard_size: int,
             answer_form: str, open_share: float,
             split: str | None, params: tuple[str, ...], task_ids: str | None, overwrite: bool,
             tool_transforms: str | None, engine: str, address: str | None, dedup: bool,
             spec: Path | None, quiet: bool) -> None:
    """Generate a dataset into OUT (resumes an interrupted run with the same arguments)."""
    from tqdm import tqdm

    from .data.run import RunConfig, plan_run, run_dataset, tasks_option

    if spec is not None:
        _generate_from_spec(ctx, spec, out, workers, engine, address, overwrite, quiet)
        return

    chosen_tasks = tasks_option(task_ids)
    chosen = tuple(parse_games(games)) if games != "all" or not chosen_tasks else \
        tuple(dict.fromkeys(t.split("/", 1)[0] for t in chosen_tasks))
    overrides = check_overrides(parse_overrides(params), chosen, parse_levels(levels))
    transforms: tuple[str, ...] = ()
    if tool_transforms is not None:
        from .tools.tasks import parse_transforms

        if text_only:
            raise VisreasonError("--tool-tasks corrupts pictures; it cannot go with --text-only")
        transforms = parse_transforms(tool_transforms)
    config = RunConfig(chosen, parse_levels(levels), per_task, seed, fmt, text_only, shard_size,
                       answer_form, open_share, split, overrides, chosen_tasks, transforms,
                       questions, dedup=dedup)
    total = len(plan_run(config))
    with tqdm(total=total, unit="sample" if questions == 1 else "state",
              disable=quiet or None, file=sys.stderr, dynamic_ncols=True) as bar:
        summary = run_dataset(out, config, workers=workers, progress=bar.update,
                              overwrite=overwrite, engine=engine, address=address)
    rate = f"{summary.rate:,.0f} samples/s" if summary.seconds else "already complete"
    states = "" if questions == 1 else f" about {summary.states} states"
    click.echo(f"wrote {summary.samples} samples{states} ({summary.games} games, "
               f"{summary.tasks} tasks) in {summary.seconds:.1f} s, {rate}, to {summary.out}")
    if summary.failures:
        click.echo(f"warning: {len(summary.failures)} sample(s) failed; see "
                   f"{Path(summary.out) / 'manifest.json'}", err=True)


SPEC_SETS = ("games", "per_task", "questions", "seed", "levels", "fmt", "text_only",
             "shard_size", "answer_form", "open_share", "split", "params", "task_ids",
             "tool_transforms", "dedup")


def _generate_from_spec(ctx: click.Context, spec: Path, out: Path, workers: int | None,
                        engine: str, address: str | None, overwrite: bool, quiet: bool) -> None:
    from tqdm import tqdm

    from .data.spec import run_spec

    given = [f"--{name.replace('_', '-')}" for name in SPEC_SETS
             if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT]
    if given:
        raise VisreasonError(f"--spec sets the mix itself; drop {', '.join(given)} (or put "
                             "them in the spec)")
    with tqdm(unit="job", disable=quiet or None, file=sys.stderr, dynamic_ncols=True) as bar:
        report = run_spec(spec, out, workers=workers, engine=engine, address=address,
                          overwrite=overwrite, progress=bar.update)
    for name, split in report["splits"].items():
        dropped = f", {split['duplicates_dropped']} duplicates dropped" \
            if split["duplicates_dropped"] else ""
        click.echo(f"{name}: {split['samples']} samples about {split['states']} states"
                   f"{dropped}")
    if "overlap" in report:
        checked = sum(report["overlap"]["states_per_split"].values())
        click.echo(f"no state in two splits (checked {checked} states)")
    click.echo(f"wrote {out}")


@cli.command(name="list")
@click.option("--markdown", is_flag=True, help="Print the games table used in the README.")
def list_tasks(markdown: bool) -> None:
    """Every game and task with its category, qa_type, qa_level and answer type."""
    from .core.registry import tasks

    if markdown:
        from .core.catalog import games_markdown

        click.echo(games_markdown())
        return
    rows = [(t.id, t.game.category, t.qa_type, t.qa_level, t.answer_type,
             ",".join(t.plot_levels)) for t in tasks()]
    header = ("task", "category", "qa_type", "qa_level", "answer_type", "plot_levels")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(value.ljust(w) for value, w in zip(row, widths, strict=True)).rstrip())
    click.echo(f"\n{len({t.game.name for t in tasks()})} games, {len(rows)} tasks")


@cli.command()
@click.argument("games", default="all")
def params(games: str) -> None:
    """Each game's difficulty parameters: range, and value at every level."""
    from .core.registry import get_game

    for name in parse_games(games):
        game = get_game(name)
        click.echo(f"{name}:")
        if not game.params:
            click.echo("  (no parameters)")
        for p in game.params:
            presets = ", ".join(f"{lv} {game.presets[lv][p.name]}" for lv in LEVELS)
            click.echo(f"  {name}.{p.name}  {p.range_text}  ({presets})  {p.description}")


@cli.command()
@click.argument("task_id")
@click.option("--level", default="medium", show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--index", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--image", "image_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Where to write the picture [default: ./<task>_<level>.png].")
@click.option("--text-only", is_flag=True)
def show(task_id: str, level: str, seed: int, index: int, image_path: Path | None,
         text_only: bool) -> None:
    """Print one sample (question, options, answer, analysis) and write its image."""
    from .core.generate import generate as make

    sample = make(task_id, level, seed, index, text_only=text_only)
    click.echo(f"id: {sample.id}\n\n{sample.question}\n")
    click.echo(f"answer: {sample.answer}\n\nanalysis:\n{sample.analysis}")
    if sample.image is not None:
        target = image_path or Path(f"{sample.game}_{sample.task}_{sample.plot_level}.png")
        try:
            sample.image.save(target)
        except OSError as exc:
            raise VisreasonError(f"cannot write image {str(target)!r}: {exc.strerror or exc}") \
                from exc
        click.echo(f"\nimage: {target}")


# Subcommands that live beside the features they drive; each module exposes `COMMANDS`.
_COMMAND_MODULES = ("visreason.rewards.cli", "visreason.eval.cli", "visreason.data.export_cli",
                    "visreason.data.audit_cli", "visreason.viewer.cli", "visreason.tools.cli",
                    "visreason.synth.cli", "visreason.env.cli")


def _add_feature_commands() -> None:
    import importlib
    import importlib.util

    for module_name in _COMMAND_MODULES:
        try:
            if importlib.util.find_spec(module_name) is None:
                continue
        except ModuleNotFoundError:  # its feature package is not part of this install
            continue
        for command in importlib.import_module(module_name).COMMANDS:
            cli.add_command(command)


_add_feature_commands()


def main(argv: list[str] | None = None) -> None:
    """Entry point: errors become one line on stderr and exit code 2, never a traceback.

    Ctrl-C exits 130 with one line (a resumable command says so); an unexpected exception is
    one line too, exit 1, with its traceback only when VISREASON_DEBUG is set.
    """
    try:
        cli.main(args=argv, prog_name="visreason", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("\ninterrupted; run the same command again to resume", err=True)
        sys.exit(130)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        sys.exit(2)
    except click.ClickException as exc:
        _fail(exc.format_message().replace("\n", " "))
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        sys.exit(0)
    except (VisreasonError, OSError, KeyError) as exc:
        _fail(str(exc).replace("\n", " "))
    except Exception as exc:
        if os.environ.get("VISREASON_DEBUG"):
            raise
        click.echo(f"error: unexpected {type(exc).__name__}: {exc} (set VISREASON_DEBUG=1 to "
                   "see where)".replace("\n", " "), err=True)
        sys.exit(1)
    sys.exit(0)
