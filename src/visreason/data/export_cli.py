"""`visreason export`: a dataset in the layout a trainer reads."""

from __future__ import annotations

from pathlib import Path

import click

from ..rewards.formats import FORMATS
from .export import TARGETS


@click.command(name="export")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--to", "target", required=True, type=click.Choice(TARGETS),
              help="The trainer layout to write.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output directory [default: SOURCE-TARGET beside SOURCE].")
@click.option("--from", "source_format", type=click.Choice(["visreason", "gameqa"]),
              default="visreason", show_default=True,
              help="What SOURCE holds: a visreason dataset, or GameQA data (a data.json, "
                   "games_data.json, or a folder of game folders).")
@click.option("--answer-format", type=click.Choice([*FORMATS, "none"]), default="think",
              show_default=True, help="The answer format each prompt asks for.")
@click.option("--assistant/--no-assistant", default=None,
              help="Add the analysis as an assistant turn (SFT) [default: only for "
                   "llamafactory and sharegpt].")
@click.option("--system-prompt", default=None, help="A system message for every row.")
@click.option("--split", default="train", show_default=True, help="Name of the written split.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Export only N rows.")
def export_command(source: Path, target: str, out: Path | None, source_format: str,
                   answer_format: str, assistant: bool | None, system_prompt: str | None,
                   split: str, limit: int | None) -> None:
    """Write the dataset in SOURCE for a trainer: verl, swift, llamafactory, trl or sharegpt."""
    from .export import export_dataset

    base = source.parent / source.stem if source.is_file() else source
    out = out or base.with_name(f"{base.name}-{target}")
    summary = export_dataset(source, out, target, source_format=source_format, limit=limit,
                             answer_format=None if answer_format == "none" else answer_format,
                             assistant=assistant, system_prompt=system_prompt, split=split)
    click.echo(f"wrote {summary.rows} rows for {target} to {summary.out} "
               f"({', '.join(p.name for p in summary.files)})")
    if summary.skipped:
        click.echo(f"warning: skipped {len(summary.skipped)} record(s) that could not be "
                   f"read; the first: {summary.skipped[0]}", err=True)


COMMANDS = [export_command]
