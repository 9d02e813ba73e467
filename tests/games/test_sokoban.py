"""Sokoban answers re-derived from the stored grid with a separate, plain engine."""

from __future__ import annotations

from collections import deque

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS

SIZES = {"easy": 5, "medium": 8, "hard": 12}
MOVES = {"easy": 5, "medium": 8, "hard": 12}
STEP = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
SEEDS = range(12)
LEVELS = visreason.LEVELS


def parse(state: dict) -> tuple[set, set, set, tuple]:
    walls, targets, boxes, player = set(), set(), set(), None
    for r, row in enumerate(state["grid"]):
        for c, ch in enumerate(row):
            if ch == "#":
                walls.add((r, c))
            if ch in ".*+":
                targets.add((r, c))
            if ch in "$*":
                boxes.add((r, c))
            if ch in "@+":
                player = (r, c)
    return walls, targets, boxes, player


def add(cell: tuple, direction: str, times: int = 1) -> tuple:
    dr, dc = STEP[direction]
    return (cell[0] + dr * times, cell[1] + dc * times)


def chosen(sample: visreason.Sample) -> str:
    return sample.options[LETTERS.index(sample.answer)]


def as_cell(text: str) -> tuple[int, int]:
    r, c = text.strip("()").split(", ")
    return int(r), int(c)


def wrong_letters_score_zero(sample: visreason.Sample) -> None:
    for i in range(len(sample.options)):
        if LETTERS[i] != sample.answer:
            assert visreason.verify(sample, f"Answer: {LETTERS[i]}") == 0.0


def play(walls: set, boxes: set, player: tuple, moves: list[str]) -> tuple:
    boxes = set(boxes)
    for m in moves:
        nxt = add(player, m)
        if nxt in walls:
            continue
        if nxt in boxes:
            beyond = add(nxt, m)
            if beyond in walls or beyond in boxes:
                continue
            boxes.remove(nxt)
            boxes.add(beyond)
        player = nxt
    return player, boxes


def solve(walls: set, box: tuple, target: tuple, player: tuple) -> int | None:
    """Plain BFS over (player, box) pairs, every step costing one move; no pruning."""
    seen = {(player, box)}
    queue = deque([(player, box, 0)])
    while queue:
        p, b, d = queue.popleft()
        if b == target:
            return d
        for m in STEP:
            q = add(p, m)
            nb = b
            if q in walls:
                continue
            if q == b:
                nb = add(b, m)
                if nb in walls:
                    continue
            if (q, nb) not in seen:
                seen.add((q, nb))
                queue.append((q, nb, d + 1))
    return None


def walk_end(walls: set, boxes: set, start: tuple, moves: list[str]) -> tuple | None:
    cell = start
    for m in moves:
        cell = add(cell, m)
        if cell in walls or cell in boxes:
            return None
    return cell


def distances(walls: set, boxes: set, start: tuple) -> dict:
    dist = {start: 0}
    queue = deque([start])
    while queue:
        cell = queue.popleft()
        for m in STEP:
            nxt = add(cell, m)
            if nxt not in walls and nxt not in boxes and nxt not in dist:
                dist[nxt] = dist[cell] + 1
                queue.append(nxt)
    return dist


def check_cell_options(sample: visreason.Sample, walls: set, answer: tuple) -> None:
    assert as_cell(chosen(sample)) == answer
    for text in sample.options:
        cell = as_cell(text)
        assert cell not in walls
        assert (cell == answer) == (text == chosen(sample))
    wrong_letters_score_zero(sample)


@pytest.mark.parametrize("level", LEVELS)
def test_player_after_moves_matches_replay(level: str) -> None:
    box_counts = set()
    for seed in SEEDS:
        s = visreason.generate("sokoban/player_after_moves", level, seed)
        walls, _, boxes, player = parse(s.state)
        box_counts.add(len(boxes))
        moves = s.meta["moves"]
        assert len(moves) == MOVES[level] and ", ".join(moves) in s.question
        final, _ = play(walls, boxes, player, moves)
        check_cell_options(s, walls, final)
    assert len(box_counts) > 1  # single- and multi-box boards both occur


def test_push_rules_on_a_fixed_board() -> None:
    from visreason.games.sokoban import rules

    board = rules.from_grid(["#####", "#@$$#", "#-$-#", "#--.#", "#####"])
    moves = ["right", "down", "right", "up", "left", "left"]
    final, steps = rules.simulate(board, moves)
    assert [s.end for s in steps] == [(1, 1), (2, 1), (2, 2), (2, 2), (2, 1), (2, 1)]
    assert [s.blocked_by for s in steps] == ["box", None, None, "wall", None, "wall"]
    assert steps[2].pushed == ((2, 2), (2, 3))
    assert set(final.boxes) == {(1, 2), (1, 3), (2, 3)}
    walls, _, boxes, player = parse({"grid": rules.to_grid(board)})
    assert play(walls, boxes, player, moves) == (final.player, set(final.boxes))


@pytest.mark.parametrize("level", LEVELS)
def test_self_moving_box_matches_replay(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("sokoban/self_moving_box", level, seed)
        walls, targets, boxes, _ = parse(s.state)
        assert len(boxes) == 1 and len(targets) == 1 and boxes != targets
        moves = s.meta["moves"]
        assert len(moves) == MOVES[level] and ", ".join(moves) in s.question
        (box,) = boxes
        assert f"starts at ({box[0]}, {box[1]})" in s.question
        for m in moves:
            if add(box, m) not in walls:
                box = add(box, m)
        check_cell_options(s, walls, box)


@pytest.mark.parametrize("level", LEVELS)
def test_min_moves_is_the_true_minimum(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("sokoban/min_moves", level, seed)
        walls, targets, boxes, player = parse(s.state)
        assert len(boxes) == 1 and len(targets) == 1
        (box,), (target,) = boxes, targets
        best = solve(walls, box, target, player)
        assert best is not None and int(chosen(s)) == best
        values = [int(o) for o in s.options]
        assert len(set(values)) == len(values) and all(abs(v - best) <= 5 for v in values)
        _, after = play(walls, boxes, player, s.meta["moves"])
        assert after == {target} and len(s.meta["moves"]) == best
        assert s.analysis.count("[push]") >= 1
        wrong_letters_score_zero(s)


@pytest.mark.parametrize("level", LEVELS)
def test_player_position_reads_the_grid(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("sokoban/player_position", level, seed)
        walls, _, _, player = parse(s.state)
        check_cell_options(s, walls, player)


@pytest.mark.parametrize("level", LEVELS)
def test_box_target_distance(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("sokoban/box_target_distance", level, seed)
        _, targets, boxes, _ = parse(s.state)
        (box,), (target,) = boxes, targets
        expected = abs(box[0] - target[0]) + abs(box[1] - target[1])
        assert int(chosen(s)) == expected > 0
        assert sum(int(o) == expected for o in s.options) == 1
        wrong_letters_score_zero(s)


@pytest.mark.parametrize("level", LEVELS)
def test_shortest_path_options(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("sokoban/shortest_path_boxes_as_walls", level, seed)
        walls, _, boxes, player = parse(s.state)
        assert len(boxes) == 1
        goal = tuple(s.meta["goal"])
        assert f"to ({goal[0]}, {goal[1]})" in s.question
        best = distances(walls, boxes, player)[goal]
        assert best >= 2
        for text in s.options:
            moves = text.split(", ")
            end = walk_end(walls, boxes, player, moves)
            assert end is not None and len(moves) == best  # legal walks of minimal length
            assert (end == goal) == (text == chosen(s))
        wrong_letters_score_zero(s)


@pytest.mark.parametrize("level", LEVELS)
def test_board_sizes_and_borders(level: str) -> None:
    for task in ("player_position", "min_moves"):
        s = visreason.generate(f"sokoban/{task}", level, 3)
        grid = s.state["grid"]
        n = SIZES[level]
        assert len(grid) == n and all(len(row) == n for row in grid)
        assert grid[0] == grid[-1] == "#" * n and all(row[0] == row[-1] == "#" for row in grid)
        assert 250 <= s.image.size[0] <= 700 and 250 <= s.image.size[1] <= 700


# Probe points inside a cell (fractions of the cell side) and the colour drawn there.
PROBES = {
    "#": ((0.12, 0.16), (150, 84, 42)),
    "-": ((0.5, 0.5), (238, 226, 200)),
    ".": ((0.5, 0.21), (40, 170, 60)),
    "$": ((0.5, 0.3), (214, 160, 84)),
    "*": ((0.5, 0.3), (40, 170, 60)),
    "@": ((0.5, 0.62), (40, 90, 220)),
    "+": ((0.5, 0.09), (40, 170, 60)),
}


@pytest.mark.parametrize("level", LEVELS)
def test_picture_agrees_with_grid(level: str) -> None:
    from visreason.games.sokoban.render import layout_for

    seen = set()
    for seed in range(30):
        s = visreason.generate("sokoban/player_position", level, seed)
        grid = s.state["grid"]
        layout = layout_for(len(grid))
        image = s.image.convert("RGB")
        for r, row in enumerate(grid):
            for c, ch in enumerate(row):
                (fx, fy), color = PROBES[ch]
                x0, y0, _, _ = layout.box(r, c)
                xy = (int(x0 + fx * layout.cell), int(y0 + fy * layout.cell))
                assert image.getpixel(xy) == color, (s.id, r, c, ch)
                seen.add(ch)
    assert seen >= {"#", "-", ".", "$", "@"}


def test_player_on_target_and_box_on_target_look_distinct() -> None:
    game = get_game("sokoban")
    grid = ["#####", "#+*-#", "#-$@#", "#-#.#", "#####"]
    image = game.render({"grid": grid}).convert("RGB")
    from visreason.games.sokoban.render import layout_for

    layout = layout_for(5)
    for (r, c), ch in {(1, 1): "+", (1, 2): "*", (2, 2): "$", (2, 3): "@", (3, 3): "."}.items():
        (fx, fy), color = PROBES[ch]
        x0, y0, _, _ = layout.box(r, c)
        assert image.getpixel((int(x0 + fx * layout.cell), int(y0 + fy * layout.cell))) == color
    x0, y0, _, _ = layout.box(1, 1)
    assert image.getpixel((int(x0 + 0.5 * layout.cell), int(y0 + 0.62 * layout.cell))) == \
        (40, 90, 220)
    text = game.describe({"grid": grid})
    assert "\n1 # + * - #" in text and "+ = player on a target" in text
