"""`visreason synth ...` and `visreason curriculum`.

The `synth` group is shared: other modules add their own subcommands to it (for example
`synth game`), so it is created here and holds nothing that needs an optional dependency.
"""

from __future__ import annotations

import click


@click.group(name="synth")
def synth() -> None:
    """Self-challenging synthesis: LLM-written multi-hop questions, filters and exports."""


COMMANDS = [synth]
