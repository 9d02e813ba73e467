"""Every game draws every golden state to exactly the pixels it drew before the speed work."""

from __future__ import annotations

from typing import Any

import pytest

from visreason.core import game_names, get_game

from .golden import load, pixel_hash

ENTRIES = load()
GAMES = sorted({entry["game"] for entry in ENTRIES})


def _of(game: str) -> list[dict[str, Any]]:
    return [entry for entry in ENTRIES if entry["game"] == game]


@pytest.mark.parametrize("game", GAMES)
def test_pictures_match_golden_pixels(game: str) -> None:
    render, entries = get_game(game).render, _of(game)
    wrong = [e for e in entries if pixel_hash(render(e["state"])) != e["hash"]]
    assert not wrong, f"{len(wrong)} of {len(entries)} {game} pictures changed: {wrong[0]}"


@pytest.mark.parametrize("game", GAMES)
def test_rendering_again_in_another_order_gives_the_same_pixels(game: str) -> None:
    """Cached layers and sprites are never changed by the pictures pasted from them."""
    render, entries = get_game(game).render, _of(game)
    forward = [pixel_hash(render(e["state"])) for e in entries]
    backward = [pixel_hash(render(e["state"])) for e in reversed(entries)]
    assert forward == backward[::-1]


def test_fixture_covers_every_game_with_many_states() -> None:
    assert set(GAMES) >= set(game_names())
    assert all(len(_of(game)) >= 80 for game in GAMES)


def test_cold_caches_give_the_same_pixels() -> None:
    from visreason.render import clear_caches

    for game in GAMES:
        entry = _of(game)[0]
        clear_caches()
        assert pixel_hash(get_game(game).render(entry["state"])) == entry["hash"]
