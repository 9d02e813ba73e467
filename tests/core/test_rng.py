"""Fast draws against `random.Random` itself, number for number."""

from __future__ import annotations

import random

from visreason.core import rng


def test_draws_repeat_random_number_for_number() -> None:
    """The inlined draws make the same calls as `random.Random` and return the same."""
    for seed in range(200):
        plain, fast = random.Random(seed), random.Random(seed)
        for n in (1, 2, 3, 4, 9, 16, 21, 22, 81):
            a, b = list(range(n)), list(range(n))
            plain.shuffle(a)
            rng.shuffle(fast, b)
            assert a == b
            for k in {0, 1, n // 2, n}:
                assert plain.sample(range(n), k) == rng.sample(fast, range(n), k)
            if n <= 21:
                assert plain.sample(range(n), n) == rng.permutation(fast, n)
                assert plain.sample(range(1, n + 1), n) == rng.permutation(fast, n, start=1)
                assert [plain.sample(range(n), n) for _ in range(3)] == \
                    rng.permutations(fast, n, 3)
            assert plain.choice(a) == rng.choice(fast, b)
            assert plain.randint(2, 2 + n) == rng.randint(fast, 2, 2 + n)
        assert plain.random() == fast.random()


def test_sample_of_a_large_population_redraws_taken_indices_as_random_does() -> None:
    for seed in range(300):
        plain, fast = random.Random(seed), random.Random(seed)
        for n, k in ((25, 5), (36, 8), (100, 3), (1000, 40), (64, 64)):
            assert plain.sample(range(n), k) == rng.sample(fast, range(n), k)
            assert plain.sample(list(range(n)), k) == rng.sample(fast, list(range(n)), k)
        assert plain.random() == fast.random()
