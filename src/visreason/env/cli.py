"""`visreason env`: list the environments and serve them over HTTP."""

from __future__ import annotations

import click


@click.group(name="env")
def env_group() -> None:
    """Interactive game environments (turn-by-turn play)."""


@env_group.command(name="list")
def list_command() -> None:
    """Every environment, one per line, with its difficulty parameters."""
    from . import env_class, names

    for name in names():
        env = env_class(name)()
        params = ", ".join(f"{k}={v}" for k, v in env.params.items())
        click.echo(f"{name}\t{params}")


@env_group.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8100, show_default=True)
@click.option("--max-episodes", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Episodes held at once; a create beyond it gets 503.")
@click.option("--idle-seconds", type=float, default=3600.0, show_default=True,
              help="An episode idle this long is dropped when room is needed.")
@click.option("--log-level", default="warning", show_default=True)
def serve_command(host: str, port: int, max_episodes: int, idle_seconds: float,
                  log_level: str) -> None:
    """Serve every environment over HTTP: create, reset, step and close episodes."""
    from .server import serve

    click.echo(f"visreason environment server on http://{host}:{port}", err=True)
    serve(host, port, max_episodes, idle_seconds, log_level)


COMMANDS = [env_group]
