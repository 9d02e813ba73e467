"""`visreason audit`: what a dataset pays out without reasoning, per task, level and form."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command(name="audit")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--against", type=click.Path(exists=True, path_type=Path), default=None,
              help="Another dataset (e.g. the test split): count states the two share.")
@click.option("--strict", is_flag=True, help="Exit 1 when any threshold fails.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write the full report as JSON.")
def audit_command(source: Path, against: Path | None, strict: bool, json_out: Path | None) -> None:
    """Answer and letter balance, options-only and constant baselines, trivial items, repeats."""
    from ..core.errors import VisreasonError
    from .audit import audit
    from .read import read_dataset

    report = audit(read_dataset(source), read_dataset(against) if against else None)
    if report.samples == 0:
        raise VisreasonError(f"{source} holds no samples")
    click.echo(report.table())
    if json_out:
        json_out.write_text(json.dumps(report.as_json(), indent=2), encoding="utf-8")
    failures = report.failures
    click.echo(f"\n{report.samples} samples, {len(report.groups)} groups, "
               f"{len(failures)} threshold failure(s)")
    for line in failures:
        click.echo(f"  {line}")
    if strict and failures:
        sys.exit(1)


COMMANDS = [audit_command]
