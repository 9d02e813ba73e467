"""Maze answers re-derived independently: dead-end pruning, replays, counting from the grid."""

from __future__ import annotations

import itertools
import re

import pytest

import visreason

SIZES = {"easy": 9, "medium": 11, "hard": 13}
DELTA = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
RGB = {"wall": (173, 216, 230), "floor": (255, 255, 255), "player": (220, 40, 40),
       "goal": (40, 170, 60)}
SEEDS = range(12)


def is_free(grid: list[str], r: int, c: int) -> bool:
    return 0 <= r < len(grid) and 0 <= c < len(grid[0]) and grid[r][c] == "."


def free_neighbours(grid: list[str], cell: tuple[int, int]) -> list[tuple[int, int]]:
    r, c = cell
    return [(r + dr, c + dc) for dr, dc in DELTA.values() if is_free(grid, r + dr, c + dc)]


def pruned_path(state: dict) -> list[str]:
    """The path as moves, found by deleting dead ends until only the player-goal route is left."""
    grid = state["grid"]
    keep = {tuple(state["player"]), tuple(state["goal"])}
    alive = {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v == "."}
    changed = True
    while changed:
        leaves = {cell for cell in alive - keep
                  if sum(n in alive for n in free_neighbours(grid, cell)) <= 1}
        alive -= leaves
        changed = bool(leaves)
    moves, cell, seen = [], tuple(state["player"]), {tuple(state["player"])}
    while cell != tuple(state["goal"]):
        (nxt,) = [n for n in free_neighbours(grid, cell) if n in alive and n not in seen]
        moves.append(next(d for d, (dr, dc) in DELTA.items()
                          if (cell[0] + dr, cell[1] + dc) == nxt))
        seen.add(nxt)
        cell = nxt
    return moves


def replay(state: dict, moves: list[str]) -> tuple[int, int] | None:
    """End cell of the moves, or None as soon as one enters a wall or leaves the grid."""
    r, c = state["player"]
    for d in moves:
        r, c = r + DELTA[d][0], c + DELTA[d][1]
        if not is_free(state["grid"], r, c):
            return None
    return (r, c)


def chosen(sample: visreason.Sample) -> str:
    return sample.options[ord(sample.answer) - 65]


def as_cell(text: str) -> tuple[int, int]:
    r, c = (int(v) for v in re.findall(r"-?\d+", text))
    return (r, c)


def pixel(sample: visreason.Sample, cell: tuple[int, int]) -> tuple[int, int, int]:
    from visreason.games.maze.render import layout_for

    x, y = layout_for(sample.state["size"]).center(*cell)
    return sample.image.convert("RGB").getpixel((int(x), int(y)))


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_state_is_a_perfect_maze_with_ranked_goal(level: str) -> None:
    n = SIZES[level]
    for seed in SEEDS:
        state = visreason.generate("maze/turn_count", level, seed).state
        grid = state["grid"]
        assert state["size"] == n and len(grid) == n and all(len(row) == n for row in grid)
        assert set(grid[0] + grid[-1] + "".join(row[0] + row[-1] for row in grid)) == {"#"}
        assert all(grid[r][c] == "." for r in range(1, n, 2) for c in range(1, n, 2))
        assert all(grid[r][c] == "#" for r in range(0, n, 2) for c in range(0, n, 2))
        cells = [(r, c) for r in range(n) for c in range(n) if grid[r][c] == "."]
        edges = sum(len(free_neighbours(grid, cell)) for cell in cells) // 2
        assert edges == len(cells) - 1  # connected below, so a tree: paths are unique
        reached, todo = {cells[0]}, [cells[0]]
        while todo:
            for nxt in free_neighbours(grid, todo.pop()):
                if nxt not in reached:
                    reached.add(nxt)
                    todo.append(nxt)
        assert len(reached) == len(cells)
        player, goal = tuple(state["player"]), tuple(state["goal"])
        assert player in reached and goal in reached and player != goal
        dists = sorted({abs(r - player[0]) + abs(c - player[1]) for r, c in cells
                        if (r, c) != player}, reverse=True)
        assert abs(goal[0] - player[0]) + abs(goal[1] - player[1]) == dists[min(3, len(dists)) - 1]


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("key", ["player", "goal"])
def test_position_questions_and_picture(level: str, key: str) -> None:
    for seed in SEEDS:
        s = visreason.generate(f"maze/{key}_position", level, seed)
        cell = tuple(s.state[key])
        assert as_cell(chosen(s)) == cell
        others = [as_cell(o) for o in s.options if o != chosen(s)]
        assert len(others) == 4
        assert all(abs(r - cell[0]) + abs(c - cell[1]) == 1 for r, c in others)
        assert pixel(s, cell) == RGB[key]
        for r, row in enumerate(s.state["grid"]):
            for c, v in enumerate(row):
                if (r, c) not in (tuple(s.state["player"]), tuple(s.state["goal"])):
                    assert pixel(s, (r, c)) == RGB["wall" if v == "#" else "floor"]
        wrong = next(o for o in s.options if o != chosen(s))
        assert visreason.verify(s, wrong) == 0.0


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_path_to_goal_only_answer_replays_to_goal(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("maze/path_to_goal", level, seed)
        truth = pruned_path(s.state)
        goal = tuple(s.state["goal"])
        assert chosen(s) == ", ".join(truth)
        for option in s.options:
            moves = option.split(", ")
            assert len(moves) == len(truth) and set(moves) <= set(DELTA)
            assert (replay(s.state, moves) == goal) == (option == chosen(s)), option
        wrong = next(o for o in s.options if o != chosen(s))
        assert visreason.verify(s, f"<answer>{wrong}</answer>") == 0.0
        assert f"Step {len(truth)}: go {truth[-1]}" in s.analysis


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_turn_count_matches_pruned_path(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("maze/turn_count", level, seed)
        moves = pruned_path(s.state)
        expected = sum(1 for a, b in itertools.pairwise(moves) if a != b)
        assert s.answer == str(expected)
        assert visreason.verify(s, str(expected + 1)) == 0.0
        assert visreason.verify(s, f"The answer is {expected}.") == 1.0


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_available_directions_read_from_grid(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("maze/available_directions", level, seed)
        r, c = s.state["player"]
        free = [d for d, (dr, dc) in DELTA.items() if is_free(s.state["grid"], r + dr, c + dc)]
        assert chosen(s) == ", ".join(free)
        assert len(s.options) == 8
        order = list(DELTA)
        for option in s.options:
            items = option.split(", ")
            assert items == sorted(items, key=order.index) and len(set(items)) == len(items)
        assert sum(o == ", ".join(free) for o in s.options) == 1


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_position_after_move(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("maze/position_after_move", level, seed)
        direction = re.search(r"player moves one cell (up|down|left|right) \(", s.question).group(1)
        dr, dc = DELTA[direction]
        r, c = s.state["player"]
        assert is_free(s.state["grid"], r + dr, c + dc)
        assert as_cell(chosen(s)) == (r + dr, c + dc)
        cells = {as_cell(o) for o in s.options}
        assert (r, c) in cells and len(cells) == len(s.options) == 6


def test_text_description_matches_state() -> None:
    s = visreason.generate("maze/turn_count", "hard", 3, text_only=True)
    table = s.question.split("given as text:\n")[1].split("\nLegend")[0].splitlines()[1:]
    header = table.pop(0)
    assert header.split() == [str(c) for c in range(13)]
    assert all(len(line) == len(header) for line in table)  # columns line up under labels
    rows = [line.split()[1:] for line in table]
    assert len(rows) == 13
    for r, row in enumerate(rows):
        for c, symbol in enumerate(row):
            expected = ("P" if [r, c] == s.state["player"] else
                        "G" if [r, c] == s.state["goal"] else s.state["grid"][r][c])
            assert symbol == expected
