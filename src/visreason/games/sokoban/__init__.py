"""sokoban (being written)."""
