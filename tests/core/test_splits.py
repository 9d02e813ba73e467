"""Splits by state hash: shares, stability, and no state in two splits across seeds."""

from __future__ import annotations

from collections import Counter

import pytest

import visreason
from visreason.core.errors import VisreasonError
from visreason.core.splits import SPLIT_SHARES, check_split, split_of_key


def test_split_is_a_function_of_the_state_only() -> None:
    assert split_of_key("maze", "abc") == split_of_key("maze", "abc")
    shares = Counter(split_of_key("g", str(i)) for i in range(20000))
    for name, share in SPLIT_SHARES.items():
        assert abs(shares[name] / 20000 - share) < 0.02


def test_unknown_split_is_a_clear_error() -> None:
    with pytest.raises(VisreasonError, match="choose from train, validation, test"):
        check_split("dev")


def test_generated_samples_land_in_the_asked_split_and_record_it() -> None:
    for index in range(6):
        sample = visreason.generate("maze/turn_count", "easy", 3, index, split="test",
                                    text_only=True)
        game = visreason.get_game("maze")
        assert sample.partition == "test"
        assert split_of_key("maze", game.state_key(sample.state)) == "test"
    plain = visreason.generate("maze/turn_count", "easy", 3, 0, text_only=True)
    assert plain.partition == split_of_key("maze", visreason.get_game("maze").state_key(
        plain.state))


def test_no_state_in_two_splits_whatever_the_seeds() -> None:
    seen: dict[str, str] = {}
    for split, seed in [("train", 0), ("validation", 1), ("test", 2), ("test", 0)]:
        for index in range(40):
            sample = visreason.generate("maze/turn_count", "easy", seed, index, split=split,
                                        text_only=True)
            key = visreason.get_game("maze").state_key(sample.state)
            assert seen.setdefault(key, split) == split


def test_no_state_in_two_splits_over_every_game() -> None:
    """Every task at every level, each split drawn with its own seed: no board crosses."""
    where: dict[tuple[str, str], str] = {}
    for split, seed in [("train", 3), ("validation", 4), ("test", 5)]:
        for task in visreason.tasks():
            game = task.game
            for level in task.plot_levels:
                for index in range(12):
                    sample = visreason.generate(task.id, level, seed, index, split=split,
                                                text_only=True)
                    key = (game.name, game.state_key(sample.state))
                    assert where.setdefault(key, split) == split, (sample.id, split)
    assert len(where) > 2000
