"""sudoku (being written)."""
