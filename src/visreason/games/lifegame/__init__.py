"""lifegame (being written)."""
