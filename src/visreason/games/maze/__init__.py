"""maze (being written)."""
