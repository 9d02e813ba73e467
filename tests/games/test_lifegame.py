"""Game of Life answers re-derived with an independent torus simulator written here."""

from __future__ import annotations

import re

import pytest

import visreason

TASK = "lifegame/"
SIZES = {"easy": 3, "medium": 4, "hard": 5}
STEPS = {"easy": 4, "medium": 3, "hard": 2}
SEEDS = range(12)


def life_step(grid: list[list[int]]) -> list[list[int]]:
    """B3/S23 on a torus, by modular arithmetic over the 8 offsets."""
    n = len(grid)
    out = []
    for r in range(n):
        row = []
        for c in range(n):
            live = sum(grid[(r + dr) % n][(c + dc) % n]
                       for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0))
            row.append(1 if live == 3 or (grid[r][c] and live == 2) else 0)
        out.append(row)
    return out


def chosen(sample: visreason.Sample) -> str:
    return sample.options[ord(sample.answer) - 65]


def asked_cell(question: str, before: str) -> tuple[int, int]:
    match = re.search(re.escape(before) + r" \((\d+), (\d+)\)", question)
    assert match, question
    return int(match.group(1)), int(match.group(2))


def check_count_options(sample: visreason.Sample, high: int) -> None:
    values = sorted(int(o) for o in sample.options)
    assert len(values) == 8 and values == list(range(values[0], values[0] + 8))
    assert values[0] >= 0 and values[-1] <= high


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_live_count_and_board_parameters(level: str) -> None:
    n = SIZES[level]
    for seed in SEEDS:
        s = visreason.generate(TASK + "live_count", level, seed)
        grid = s.state["grid"]
        assert len(grid) == n and all(len(row) == n for row in grid)
        live = sum(v for row in grid for v in row)
        assert 0.2 <= live / (n * n) <= 0.4
        assert int(chosen(s)) == live
        check_count_options(s, n * n)


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_live_count_next_matches_simulation(level: str) -> None:
    n = SIZES[level]
    for seed in SEEDS:
        s = visreason.generate(TASK + "live_count_next", level, seed)
        grid = s.state["grid"]
        after = life_step(grid)
        assert int(chosen(s)) == sum(map(sum, after))
        check_count_options(s, n * n)
        changed = {(r, c) for r in range(n) for c in range(n) if grid[r][c] != after[r][c]}
        listed = {(int(a), int(b)) for a, b in
                  re.findall(r"^- \((\d+), (\d+)\) (?:dead|alive) -> ", s.analysis, re.M)}
        assert listed == changed
        edge = {0, n - 1}
        if any(r in edge or c in edge for r, c in changed):
            assert "(wrapped)" in s.analysis


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_cell_evolution_matches_simulation(level: str) -> None:
    k = STEPS[level]
    for seed in SEEDS:
        s = visreason.generate(TASK + "cell_evolution", level, seed)
        r, c = asked_cell(s.question, "Follow cell")
        assert [r, c] == s.meta["cell"] and f"for {k} iterations" in s.question
        grid, states = s.state["grid"], []
        for _ in range(k + 1):
            states.append("alive" if grid[r][c] else "dead")
            grid = life_step(grid)
        assert chosen(s) == " -> ".join(states)
        for option in s.options:
            assert len(option.split(" -> ")) == k + 1
        keeping = [o for o in s.options if o.split(" -> ")[0] == states[0]]
        assert len(keeping) == min(8, 2 ** k)


def settle_steps(block: list[list[int]]) -> int:
    seen = [block]
    while True:
        following = life_step(seen[-1])
        if following == seen[-1]:
            return len(seen) - 1
        if following in seen:
            return len(seen)
        seen.append(following)


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_region_stabilization_matches_simulation(level: str) -> None:
    n = SIZES[level]
    for seed in SEEDS:
        s = visreason.generate(TASK + "region_stabilization", level, seed)
        r, c = asked_cell(s.question, "top-left cell is")
        assert [r, c] == s.meta["start"]
        grid = s.state["grid"]
        block = [[grid[(r + i) % n][(c + j) % n] for j in range(3)] for i in range(3)]
        live = sum(map(sum, block))
        assert live >= 2
        answer = int(chosen(s))
        assert answer == settle_steps(block)
        # On a 3x3 torus every cell neighbours the 8 others, so only the live total matters.
        assert answer == {4: 0, 3: 2}.get(live, 1)
        check_count_options(s, 9)


def test_region_answers_are_balanced() -> None:
    seen = {int(chosen(visreason.generate(TASK + "region_stabilization", "hard", seed)))
            for seed in range(30)}
    assert seen == {0, 1, 2}


@pytest.mark.parametrize("task", ["live_count", "live_count_next", "cell_evolution",
                                  "region_stabilization"])
def test_wrong_answers_score_zero(task: str) -> None:
    s = visreason.generate(TASK + task, "medium", 5)
    for i, option in enumerate(s.options):
        letter = chr(65 + i)
        expected = 1.0 if letter == s.answer else 0.0
        assert visreason.verify(s, f"<answer>{letter}</answer>") == expected
        assert visreason.verify(s, f"Answer: {option}") == expected


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_picture_agrees_with_state(level: str) -> None:
    from visreason.games.lifegame.render import layout_for

    n = SIZES[level]
    for seed in range(4):
        s = visreason.generate(TASK + "live_count", level, seed)
        image = s.image.convert("RGB")
        assert min(image.size) >= 250 and max(image.size) <= 700
        layout = layout_for(n)
        for r, row in enumerate(s.state["grid"]):
            for c, value in enumerate(row):
                x, y = layout.center(r, c)
                expected = (0, 0, 0) if value else (255, 255, 255)
                assert image.getpixel((int(x), int(y))) == expected


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_prompt_wrap_example_and_text_form(level: str) -> None:
    n = SIZES[level]
    s = visreason.generate(TASK + "live_count", level, 2, text_only=True)
    offsets = [(dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0)]
    expected = [(dr % n, dc % n) for dr, dc in offsets]
    listed = re.search(r"neighbours of the corner cell \(0, 0\) on this board are (.*?)\. ",
                       s.question).group(1)
    assert [(int(a), int(b)) for a, b in re.findall(r"\((\d+), (\d+)\)", listed)] == expected
    rows = [[int(v) for v in line.split()[1:]] for line in s.question.splitlines()
            if re.fullmatch(r"\d+\s+(?:[01] )*[01]", line)]
    assert rows == s.state["grid"]
    assert "\n  " + " ".join(str(c) for c in range(n)) + "\n" in s.question
