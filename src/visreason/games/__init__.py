"""Every bundled game; importing this package registers them in this order."""

from . import lifegame, maze, minesweeper, sokoban, sudoku, tictactoe  # noqa: F401
