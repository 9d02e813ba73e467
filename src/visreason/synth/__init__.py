"""Self-challenging synthesis: an LLM writes multi-hop questions from documents or seed
images, then filters (near-duplicates, quality and difficulty scores, self-consistency) keep
the good ones, and a curriculum export turns them into thinking-induced SFT stages."""
