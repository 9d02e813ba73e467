"""Golden pictures: states of every game with the hash of the pixels each one must render to.

The fixture pins today's pictures so that faster drawing code (cached labels, sprites, static
layers) can be checked pixel for pixel against the drawing it replaces. It stores the states
themselves, not seeds, so it stays valid while question generation changes. It holds states that
`visreason.generate` produces for every task at every level, plus random states of other board
sizes that difficulty parameters may ask for.

Regenerate only when a picture is meant to change: `python -m tests.render.golden`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from pathlib import Path
from typing import Any

from PIL import Image

FIXTURE = Path(__file__).parent / "fixtures" / "golden_renders.json.gz"
INDICES_PER_TASK_LEVEL = 8
MIN_PER_GAME = 96  # before duplicate states are dropped; the test asks for 80


def pixel_hash(image: Image.Image) -> str:
    """A digest of the picture as seen: size and RGB pixels, whatever the storage mode."""
    rgb = image.convert("RGB")
    digest = hashlib.sha256(f"{rgb.size}".encode())
    digest.update(rgb.tobytes())
    return digest.hexdigest()[:24]


def _random_states(rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    """Random (not necessarily legal) states over board sizes beyond today's levels."""
    states: list[tuple[str, dict[str, Any]]] = []
    for n in (3, 4, 5, 6, 7, 8, 10, 12):
        for _ in range(3):
            grid = [[int(rng.random() < 0.4) for _ in range(n)] for _ in range(n)]
            states.append(("lifegame", {"grid": grid}))
    for n in (5, 7, 9, 11, 13, 15, 17, 21):
        for _ in range(3):
            grid = ["".join(rng.choice("#..") for _ in range(n)) for _ in range(n)]
            cells = rng.sample([(r, c) for r in range(n) for c in range(n)], 2)
            states.append(("maze", {"size": n, "grid": grid, "player": list(cells[0]),
                                    "goal": list(cells[1])}))
    for n in (3, 4, 5, 6, 7, 8, 9, 10, 12):
        for _ in range(3):
            board = [[rng.choice("##FF012345678") for _ in range(n)] for _ in range(n)]
            states.append(("minesweeper", {"board": board}))
    for n in (4, 5, 6, 7, 8, 9, 10, 12, 14, 16):
        for _ in range(3):
            cells = [[rng.choice("###---..$*") for _ in range(n)] for _ in range(n)]
            cells[rng.randrange(n)][rng.randrange(n)] = rng.choice("@+")
            states.append(("sokoban", {"grid": ["".join(row) for row in cells]}))
    names = ["red", "green", "blue", "magenta", "yellow", "aqua", "gray", "purple", "forest green"]
    for n in (4, 9):
        for _ in range(6):
            board = [[rng.randrange(n + 1) for _ in range(n)] for _ in range(n)]
            states.append(("sudoku", {"size": n, "board": board, "colors": names[:n]}))
    for _ in range(20):
        board = [[rng.choice(".XO") for _ in range(3)] for _ in range(3)]
        states.append(("tictactoe", {"board": board}))
    return states


def build() -> list[dict[str, Any]]:
    """Every golden entry: game, state and the pixel hash the current renderers give it."""
    import visreason
    from visreason.core import get_game

    seen: set[str] = set()
    pairs: list[tuple[str, dict[str, Any]]] = []
    for game in visreason.game_names():
        lines = [(t, level) for t in visreason.tasks(game) for level in t.plot_levels]
        # Games with few tasks take more items each, so every game pins 80 pictures or more.
        per_line = max(INDICES_PER_TASK_LEVEL, -(-MIN_PER_GAME // len(lines)))
        for task, level in lines:
            for index in range(per_line):
                sample = visreason.generate(task.id, level, 0, index, text_only=True)
                pairs.append((game, sample.state))
    pairs.extend(_random_states(random.Random(9)))
    entries = []
    for game, state in pairs:
        key = game + json.dumps(state, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        entries.append({"game": game, "state": state,
                        "hash": pixel_hash(get_game(game).render(state))})
    return entries


def load() -> list[dict[str, Any]]:
    with gzip.open(FIXTURE, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def main() -> None:
    entries = build()
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(FIXTURE, "wb", mtime=0) as handle:
        handle.write(json.dumps(entries, separators=(",", ":")).encode())
    print(f"wrote {len(entries)} golden pictures to {FIXTURE}")


if __name__ == "__main__":
    main()
