"""Every bundled game; importing this package registers them in this order."""

from . import tictactoe  # noqa: F401
