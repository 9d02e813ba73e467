from __future__ import annotations

import pytest

import visreason


@pytest.fixture(scope="session")
def samples() -> list[visreason.Sample]:
    """One in-memory sample per registered task (whatever games exist right now)."""
    return [visreason.generate(t.id, t.plot_levels[0], 7, 0) for t in visreason.tasks()]
