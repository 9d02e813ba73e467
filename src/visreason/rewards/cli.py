"""`visreason serve-reward`: the HTTP reward server."""

from __future__ import annotations

import click


@click.command(name="serve-reward")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Server processes.")
@click.option("--allow-unregistered", is_flag=True,
              help="Score samples of tasks this install does not know (e.g. imported GameQA "
                   "data) by their stored answer instead of rejecting them.")
@click.option("--max-body-mb", type=click.FloatRange(min=0.001), default=64.0, show_default=True,
              help="Largest request body accepted (larger ones get 413).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="warning", show_default=True)
def serve_reward_command(host: str, port: int, workers: int, allow_unregistered: bool,
                         max_body_mb: float, log_level: str) -> None:
    """Serve rewards over HTTP: POST /score (batch), POST /score_one, GET /health, /docs."""
    from .server import serve

    click.echo(f"visreason reward server on http://{host}:{port} (schema at /docs)", err=True)
    serve(host, port, workers, allow_unregistered, log_level, int(max_body_mb * 1024 * 1024))


@click.command(name="reward-file")
@click.argument("trainer", type=click.Choice(["verl", "swift", "openrlhf"]))
def reward_file_command(trainer: str) -> None:
    """Print the path of the reward file TRAINER loads (verl, swift or openrlhf)."""
    from .plugins import plugin_file

    click.echo(str(plugin_file(trainer)))


COMMANDS = [serve_reward_command, reward_file_command]
