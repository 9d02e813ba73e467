from __future__ import annotations

import pytest

import visreason
from visreason.data.read import read_dataset
from visreason.data.run import RunConfig, run_dataset


@pytest.fixture(scope="session")
def dataset(tmp_path_factory):
    """A JSONL dataset on disk: two easy-or-first-level samples of every registered task."""
    out = tmp_path_factory.mktemp("eval-data")
    run_dataset(out, RunConfig(tuple(visreason.game_names()), ("easy", "medium", "hard"), 1, 3),
                workers=1)
    return out


@pytest.fixture(scope="session")
def samples(dataset):
    return list(read_dataset(dataset))
