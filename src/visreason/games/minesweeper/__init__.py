"""minesweeper (being written)."""
