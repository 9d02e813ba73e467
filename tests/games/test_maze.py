"""Maze answers re-derived independently: dead-end pruning, replays, counting from the grid."""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter, deque
from dataclasses import replace

import pytest

import visreason
from visreason.core import ParamError, get_game
from visreason.core.answers import LETTERS
from visreason.core.generate import generate_group
from visreason.data.audit import audit
from visreason.rewards import accuracy_score

from .contract import at_parameter_ends, dense_audit_passes

SIZES = {"easy": 9, "medium": 11, "hard": 13}
DELTA = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
RGB = {"wall": (173, 216, 230), "floor": (255, 255, 255), "player": (220, 40, 40),
       "goal": (40, 170, 60)}
SEEDS = range(12)
LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("maze")
TASK_IDS = [t.id for t in visreason.tasks("maze")]


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


def all_shortest_walks(state: dict) -> list[list[str]]:
    """Every shortest walk from player to goal: depth-first over all move sequences of the
    breadth-first length, pruned by the distance left (a separate search from the game's)."""
    grid, start, goal = state["grid"], tuple(state["player"]), tuple(state["goal"])
    dist = {goal: 0}
    queue = deque([goal])
    while queue:
        cell = queue.popleft()
        for nxt in free_neighbours(grid, cell):
            if nxt not in dist:
                dist[nxt] = dist[cell] + 1
                queue.append(nxt)
    walks: list[list[str]] = []

    def extend(cell: tuple[int, int], moves: list[str]) -> None:
        if cell == goal:
            walks.append(moves)
            return
        for d, (dr, dc) in DELTA.items():
            nxt = (cell[0] + dr, cell[1] + dc)
            if is_free(grid, *nxt) and dist.get(nxt) == dist[cell] - 1:
                extend(nxt, [*moves, d])

    extend(start, [])
    return walks


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


def cell_text(cell: tuple[int, int]) -> str:
    return f"({cell[0]}, {cell[1]})"


def pixel(sample: visreason.Sample, cell: tuple[int, int]) -> tuple[int, int, int]:
    from visreason.games.maze.render import layout_for

    x, y = layout_for(sample.state["size"]).center(*cell)
    return sample.image.convert("RGB").getpixel((int(x), int(y)))


def wrong_options_score_zero(sample: visreason.Sample) -> None:
    assert len(set(sample.options)) == len(sample.options)
    for i, option in enumerate(sample.options):
        if LETTERS[i] != sample.answer:
            assert option != chosen(sample)
            assert visreason.verify(sample, f"<answer>{LETTERS[i]}</answer>") == 0.0
            assert visreason.verify(sample, option) == 0.0


def cell_near_misses_score_zero(sample: visreason.Sample, cell: tuple[int, int]) -> None:
    """The open form: the cell scores 1 however written; off by one or transposed scores 0."""
    r, c = cell
    assert sample.answer == cell_text(cell) and sample.options is None
    for written in (f"({r}, {c})", f"{r},{c}", f"(row {r}, col {c})", f"\\boxed{{({r}, {c})}}"):
        assert visreason.verify(sample, written) == 1.0, written
    misses = {(r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1), (c, r)} - {cell}
    for miss in misses:
        assert visreason.verify(sample, cell_text(miss)) == 0.0, miss
    for junk in ("", "row", f"({r}, {c}) or ({c}, {r})", f"({r}, {c}, 1)"):
        assert visreason.verify(sample, junk) == 0.0, junk


@pytest.mark.parametrize("level", LEVELS)
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


def test_mazes_are_varied() -> None:
    """Easy boards do not keep coming back: the carving starts from any room."""
    grids = {tuple(visreason.generate("maze/turn_count", "easy", 0, i, text_only=True)
                   .state["grid"]) for i in range(200)}
    assert len(grids) >= 150


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("key", ["player", "goal"])
def test_position_questions_and_picture(level: str, key: str) -> None:
    for seed in SEEDS:
        s = visreason.generate(f"maze/{key}_position", level, seed)
        grid, cell = s.state["grid"], tuple(s.state[key])
        player = tuple(s.state["player"])
        assert as_cell(chosen(s)) == cell
        options = [as_cell(o) for o in s.options]
        assert len(set(options)) == len(options) == 5
        assert all(is_free(grid, *o) for o in options)
        if key == "goal":
            # The other options are cells the goal rule could have picked, or nearly so.
            ranks = sorted({abs(r - player[0]) + abs(c - player[1])
                            for r, row in enumerate(grid) for c, v in enumerate(row)
                            if v == "." and (r, c) != player}, reverse=True)
            at = ranks.index(abs(cell[0] - player[0]) + abs(cell[1] - player[1]))
            for r, c in options:
                assert abs(r - player[0]) + abs(c - player[1]) in ranks[max(0, at - 2):at + 3]
        assert pixel(s, cell) == RGB[key]
        for r, row in enumerate(grid):
            for c, v in enumerate(row):
                if (r, c) not in (player, tuple(s.state["goal"])):
                    assert pixel(s, (r, c)) == RGB["wall" if v == "#" else "floor"]
        wrong_options_score_zero(s)
        cell_near_misses_score_zero(
            visreason.generate(f"maze/{key}_position", level, seed, answer_form="open"), cell)


@pytest.mark.parametrize("level", LEVELS)
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
        wrong_options_score_zero(s)
        assert f"Step {len(truth)}: go {truth[-1]}" in s.analysis


@pytest.mark.parametrize("level", LEVELS)
def test_path_to_goal_open_accepts_every_shortest_walk(level: str) -> None:
    rng = random.Random(5)
    for seed in SEEDS:
        s = visreason.generate("maze/path_to_goal", level, seed, answer_form="open")
        assert s.answer_type == "sequence" and "Options" not in s.question
        assert "option" not in s.analysis.lower()
        walks = all_shortest_walks(s.state)
        assert walks == [pruned_path(s.state)]  # a perfect maze has one shortest walk
        walk = walks[0]
        assert s.answer == ", ".join(walk)
        for written in (", ".join(walk), " ".join(walk), " -> ".join(walk),
                        " ".join(m[0].upper() for m in walk), ", ".join(walk).upper()):
            assert visreason.verify(s, f"<answer>{written}</answer>") == 1.0, written
        i = rng.randrange(len(walk))
        changed = [*walk[:i], rng.choice([d for d in DELTA if d != walk[i]]), *walk[i + 1:]]
        back_and_forth = [*walk[:i], "up", "down", *walk[i:]]
        for wrong in (changed, walk[:-1], [*walk, walk[-1]], back_and_forth):
            assert visreason.verify(s, ", ".join(wrong)) == 0.0, wrong
        if walk[::-1] != walk:
            assert visreason.verify(s, ", ".join(walk[::-1])) == 0.0
        if len(walk) > 1 and walk[0] != walk[1]:
            swapped = [walk[1], walk[0], *walk[2:]]
            assert visreason.verify(s, ", ".join(swapped)) == 0.0
        for junk in ("", "up, jump", "A", "the player walks", "1, 2"):
            assert visreason.verify(s, junk) == 0.0


def test_path_checker_accepts_every_shortest_walk_on_an_open_room() -> None:
    """Not a perfect maze: a 4x4 open room has 20 shortest walks from corner to corner, and
    the checker replays each rather than comparing with a stored one."""
    task = visreason.get_task("maze/path_to_goal")
    state = {"size": 6, "grid": ["######", "#....#", "#....#", "#....#", "#....#", "######"],
             "player": [1, 1], "goal": [4, 4]}
    walks = all_shortest_walks(state)
    assert len(walks) == 20
    for walk in walks:
        assert task.check_open(state, {}, ", ".join(walk)) == 1.0
    assert task.check_open(state, {}, "down, right, up, down, down, right, right, down") == 0.0


def prefix_credit(state: dict, moves: list[str]) -> float:
    """Leading moves that stay on some shortest walk, over max(shortest, answer length)."""
    walks = all_shortest_walks(state)
    best = max(next((k for k, (a, b) in enumerate(zip(moves, walk, strict=False)) if a != b),
                    min(len(moves), len(walk))) for walk in walks)
    return best / max(len(walks[0]), len(moves))


@pytest.mark.parametrize("level", LEVELS)
def test_path_partial_credit_matches_an_independent_count(level: str) -> None:
    rng = random.Random(2)
    for seed in range(6):
        s = visreason.generate("maze/path_to_goal", level, seed, answer_form="open")
        path = s.answer.split(", ")
        for _ in range(25):
            cut = rng.randrange(len(path) + 1)
            answer = path[:cut] + [rng.choice(list(DELTA)) for _ in range(rng.randrange(4))]
            if not answer:
                continue
            text = ", ".join(answer)
            full = visreason.verify(s, text)
            expected = 1.0 if full == 1.0 else prefix_credit(s.state, answer)
            assert accuracy_score(s, f"<answer>{text}</answer>", partial=True) == \
                pytest.approx(expected), text


def test_path_partial_credit_hand_cases() -> None:
    """A hand-drawn perfect maze: from (1, 1) the only way to (3, 3) is right, right, down,
    down (the left column is a dead end)."""
    task = visreason.get_task("maze/path_to_goal")
    state = {"size": 5, "grid": ["#####", "#...#", "#.#.#", "#.#.#", "#####"],
             "player": [1, 1], "goal": [3, 3]}
    meta = {"shortest": 4}
    assert task.check_open(state, meta, "right, right, down, down") == 1.0
    cases = {
        "right, right, down": 3 / 4,
        "right, right, down, down, up": 4 / 5,  # overshoots: diluted by its length
        "right, right": 2 / 4,
        "right, left, right, right, down, down": 1 / 6,
        "down, down": 0.0,  # the dead-end column
        "right, down": 1 / 4,  # the second move hits the wall at (2, 2)
        "R R D": 3 / 4,
        "": 0.0,
        "right, jump": 0.0,
    }
    for answer, credit in cases.items():
        assert task.check_open(state, meta, answer) == 0.0, answer
        assert task.partial_credit(state, meta, answer) == pytest.approx(credit), answer
    assert task.partial_credit(state, {}, "D") is None  # a choice answer earns no credit
    sample = visreason.generate("maze/path_to_goal", "easy", 0, answer_form="open")
    sample = replace(sample, state=state, meta=meta, answer="right, right, down, down")
    assert accuracy_score(sample, "right, right, down", partial=True) == pytest.approx(0.75)
    assert accuracy_score(sample, "right, right, down") == 0.0
    assert accuracy_score(sample, "right, right, down, down", partial=True) == 1.0
    choice = visreason.generate("maze/path_to_goal", "easy", 0)
    wrong = next(LETTERS[i] for i in range(5) if LETTERS[i] != choice.answer)
    assert accuracy_score(choice, wrong, partial=True) == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_turn_count_matches_pruned_path(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("maze/turn_count", level, seed)
        moves = pruned_path(s.state)
        expected = sum(1 for a, b in itertools.pairwise(moves) if a != b)
        assert s.answer == str(expected)
        assert visreason.verify(s, str(expected + 1)) == 0.0
        assert visreason.verify(s, f"The answer is {expected}.") == 1.0


@pytest.mark.parametrize("level", LEVELS)
def test_available_directions_read_from_grid(level: str) -> None:
    order = list(DELTA)
    for seed in SEEDS:
        s = visreason.generate("maze/available_directions", level, seed)
        r, c = s.state["player"]
        free = [d for d, (dr, dc) in DELTA.items() if is_free(s.state["grid"], r + dr, c + dc)]
        assert chosen(s) == ", ".join(free)
        assert len(s.options) == 8
        sets = [o.split(", ") for o in s.options]
        for items in sets:
            assert items == sorted(items, key=order.index) and len(set(items)) == len(items)
            assert 1 <= len(items) <= 3
        # Options in canonical order: by size, then as binary numbers (up 1, down 2, left 4,
        # right 8).
        keys = [(len(items), sum(1 << order.index(d) for d in items)) for items in sets]
        assert keys == sorted(keys)
        wrong_options_score_zero(s)
        o = visreason.generate("maze/available_directions", level, seed, answer_form="open")
        assert o.answer == ", ".join(free) and "option" not in o.question.split("\n\n")[-2]
        for written in (", ".join(free), ", ".join(reversed(free)), " and ".join(free),
                        " ".join(d.upper() for d in free)):
            assert visreason.verify(o, written) == 1.0, written
        missing = free[1:]
        extra = [*free, next(d for d in order if d not in free)]
        for wrong in (missing, extra, ["up", "down", "left", "right"], ["jump"]):
            if set(wrong) != set(free):
                assert visreason.verify(o, ", ".join(wrong)) == 0.0, wrong


@pytest.mark.parametrize("level", LEVELS)
def test_position_after_move(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("maze/position_after_move", level, seed)
        direction = re.search(r"player moves one cell (up|down|left|right) \(", s.question).group(1)
        dr, dc = DELTA[direction]
        r, c = s.state["player"]
        assert is_free(s.state["grid"], r + dr, c + dc)
        assert as_cell(chosen(s)) == (r + dr, c + dc)
        cells = {as_cell(o) for o in s.options}
        assert len(cells) == len(s.options) == 6
        assert all(is_free(s.state["grid"], *cell) for cell in cells)
        wrong_options_score_zero(s)
        o = visreason.generate("maze/position_after_move", level, seed, answer_form="open")
        cell_near_misses_score_zero(o, (r + dr, c + dc))
        assert visreason.verify(o, cell_text((r, c))) == 0.0  # the cell before the move
        assert visreason.verify(o, cell_text((r - dr, c - dc))) == 0.0  # the other way


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


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_prompts_name_no_picture_or_colour(task_id: str) -> None:
    for level in LEVELS:
        for form in FORMS:
            s = visreason.generate(task_id, level, 4, 2, answer_form=form, text_only=True)
            text = (s.question + "\n" + s.analysis).lower()
            for word in ("image", "picture", "labelled", "red", "green", "blue", "white",
                         "circle", "rgb"):
                assert not re.search(rf"\b{word}\b", text), (s.id, word)
            if form == "open":
                assert "option" not in s.analysis.lower()


def test_picture_prompt_names_colours_with_their_rgb() -> None:
    s = visreason.generate("maze/player_position", "easy", 0)
    for name, key in (("Light-blue", "wall"), ("red circle", "player"), ("green block", "goal")):
        rgb = ", ".join(map(str, RGB[key]))
        assert re.search(rf"{name} (?:cells )?\(RGB {rgb}\)", s.question), name


def test_state_key_is_the_board() -> None:
    a = visreason.generate("maze/position_after_move", "easy", 0, 5)
    b = visreason.generate("maze/position_after_move", "easy", 0, 5, answer_form="open")
    assert GAME.state_key(a.state) == GAME.state_key(b.state)
    assert "/".join(a.state["grid"]) in GAME.state_key(a.state)
    moved = dict(a.state, player=a.state["goal"], goal=a.state["player"])
    assert GAME.state_key(moved) != GAME.state_key(a.state)


# ----------------------------------------------------------------------------- parameters

@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for _, value, s in at_parameter_ends(task_id, 4):
        assert len(s.state["grid"]) == s.state["size"] == 2 * value + 1
        assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0


@pytest.mark.parametrize("params", [{"rooms": 3}, {"rooms": 11}, {"rooms": "big"},
                                    {"size": 9}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    with pytest.raises(ParamError) as error:
        visreason.generate("maze/turn_count", "easy", 0, params=params)
    message = str(error.value)
    assert "\n" not in message and "maze" in message
    if "rooms" in params:
        assert "[4, 10]" in message


def test_presets_are_the_levels() -> None:
    for level in LEVELS:
        assert 2 * GAME.presets[level]["rooms"] + 1 == SIZES[level]
        assert visreason.generate("maze/turn_count", level, 0).state["size"] == SIZES[level]


# ----------------------------------------------------------------------------- data quality

def audit_groups(groups: list[tuple[str, str]]) -> None:
    """300 samples per level of each (task, form) group pass every audit threshold."""
    samples = [visreason.generate(task_id, level, 1, index, answer_form=form, text_only=True)
               for task_id, form in groups for level in LEVELS for index in range(300)]
    report = audit(samples)
    assert report.failures == [], "\n" + report.table()
    assert {(g.task, g.form) for g in report.groups} == set(groups)
    assert all(g.n == 300 and g.judged for g in report.groups)


def test_audit_passes_in_both_forms() -> None:
    audit_groups([(t.id, form) for t in visreason.tasks("maze")
                  for form in (FORMS if t.is_choice else ("open",))])


# ----------------------------------------------------------------- several questions per state

def groups(level: str, count: int, seed: int = 0, form: str = "choice",
           text_only: bool = False) -> list[list[visreason.Sample]]:
    return [generate_group("maze", level, seed, g, questions=len(TASK_IDS), answer_form=form,
                           text_only=text_only) for g in range(count)]


def check_asked(s: visreason.Sample, o: visreason.Sample) -> None:
    """One asked question re-derived from its (foreign) state: choice form `s`, open form `o`."""
    state, grid = s.state, s.state["grid"]
    r, c = state["player"]
    if s.task in ("player_position", "goal_position"):
        key = s.task.split("_")[0]
        cell = tuple(state[key])
        assert as_cell(chosen(s)) == cell
        options = [as_cell(o) for o in s.options]
        assert len(set(options)) == len(options) == 5 and all(is_free(grid, *o) for o in options)
        if s.image is not None:
            assert pixel(s, cell) == RGB[key]
        cell_near_misses_score_zero(o, cell)
    elif s.task == "path_to_goal":
        truth = pruned_path(state)
        assert chosen(s) == ", ".join(truth) and o.answer == ", ".join(truth)
        for option in s.options:
            moves = option.split(", ")
            assert len(moves) == len(truth)
            assert (replay(state, moves) == tuple(state["goal"])) == (option == chosen(s))
        assert all_shortest_walks(state) == [truth]
        assert visreason.verify(o, f"<answer>{' '.join(truth)}</answer>") == 1.0
        assert visreason.verify(o, f"<answer>{', '.join([*truth, truth[-1]])}</answer>") == 0.0
    elif s.task == "turn_count":
        moves = pruned_path(state)
        expected = sum(1 for a, b in itertools.pairwise(moves) if a != b)
        assert s.answer == str(expected) and visreason.verify(s, str(expected + 1)) == 0.0
    elif s.task == "available_directions":
        order = list(DELTA)
        free = [d for d, (dr, dc) in DELTA.items() if is_free(grid, r + dr, c + dc)]
        assert chosen(s) == ", ".join(free) and len(s.options) == 8
        keys = [(len(o.split(", ")), sum(1 << order.index(d) for d in o.split(", ")))
                for o in s.options]
        assert keys == sorted(keys) and all(1 <= k[0] <= 3 for k in keys)
        assert visreason.verify(o, " and ".join(reversed(free))) == 1.0
        assert visreason.verify(o, ", ".join(free[1:] or order[:2])) == 0.0
    elif s.task == "position_after_move":
        direction = re.search(r"player moves one cell (up|down|left|right) \(", s.question)[1]
        dr, dc = DELTA[direction]
        assert is_free(grid, r + dr, c + dc) and as_cell(chosen(s)) == (r + dr, c + dc)
        assert len({as_cell(o) for o in s.options}) == 6
        cell_near_misses_score_zero(o, (r + dr, c + dc))
        assert visreason.verify(o, cell_text((r, c))) == 0.0
    else:
        raise AssertionError(f"no check for {s.task}")
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0
    assert visreason.verify(o, f"<answer>{o.answer}</answer>") == 1.0
    if s.options:
        wrong_options_score_zero(s)


@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_states_are_right(level: str) -> None:
    """Every task asks about states other tasks drew; each answer is re-derived here, the
    shared picture shows what the question reads off it, and each open form scores by rule."""
    asked = Counter()
    for choice, open_ in zip(groups(level, 36), groups(level, 36, form="open", text_only=True),
                             strict=True):
        lead = choice[0]
        assert [s.task for s in open_] == [s.task for s in choice]
        for s, o in zip(choice[1:], open_[1:], strict=True):
            assert s.state is lead.state and s.image is lead.image and s.task != lead.task
            assert o.state == s.state and o.answer_form == "open"
            check_asked(s, o)
            asked[s.task] += 1
    assert set(asked) == {t.name for t in visreason.tasks("maze")}  # every task asks


def test_dense_groups_pass_the_audit() -> None:
    """Groups with every task per state pass the audit in both forms at every level.

    Each task's answers stay balanced whether it drew the state itself or asked about one
    another task drew; a state shared by several tasks is no repeat.
    """
    dense_audit_passes("maze", 800, 250)


# ------------------------------------------------------------------ fast paths vs plain code

def plain_carve(rng: random.Random, size: int) -> list[str]:
    """Depth-first carving as first written: neighbours in the order up, down, left, right,
    one drawn by rng.choice; the table-driven rules.carve must draw and open the same."""
    rooms = (size - 1) // 2
    cells = [["#"] * size for _ in range(size)]
    start = (rng.randrange(rooms), rng.randrange(rooms))
    visited, stack = {start}, [start]
    while stack:
        i, j = stack[-1]
        fresh = [(di, dj) for di, dj in DELTA.values()
                 if 0 <= i + di < rooms and 0 <= j + dj < rooms and (i + di, j + dj) not in visited]
        if not fresh:
            stack.pop()
            continue
        di, dj = rng.choice(fresh)
        r, c = 2 * i + 1, 2 * j + 1
        cells[r][c] = cells[r + di][c + dj] = cells[r + 2 * di][c + 2 * dj] = "."
        visited.add((i + di, j + dj))
        stack.append((i + di, j + dj))
    return ["".join(row) for row in cells]


def plain_path(grid: list[str], start: tuple[int, int], goal: tuple[int, int]) -> list:
    """Breadth-first search over cell tuples, neighbours in the order up, down, left, right."""
    parent = {start: None}
    queue = deque([start])
    while queue:
        cell = queue.popleft()
        for nxt in free_neighbours(grid, cell):
            if nxt not in parent:
                parent[nxt] = cell
                queue.append(nxt)
    path, node = [], goal
    while node is not None:
        path.append(node)
        node = parent[node]
    return path[::-1]


def test_fast_maze_logic_matches_plain_code() -> None:
    from visreason.games.maze import rules

    for size, seed in itertools.product((5, 9, 11, 13, 21), range(40)):
        rng, ref = random.Random(seed), random.Random(seed)
        grid = rules.carve(rng, size)
        assert grid == plain_carve(ref, size)
        assert rng.random() == ref.random()  # the same random numbers drawn, no more
        cells = [(r, c) for r in range(size) for c in range(size) if grid[r][c] == "."]
        assert rules.open_cells(grid) == cells
        player, goal = cells[seed % len(cells)], cells[-1 - seed % len(cells)]
        assert rules.shortest_path(grid, player, goal) == plain_path(grid, player, goal)
        to_goal = rules.distances_from(grid, goal)
        assert sorted(to_goal) == cells
        for cell in cells[::7]:
            assert to_goal[cell] == len(plain_path(grid, goal, cell)) - 1
        for mask in range(16):
            wanted = tuple(d for i, d in enumerate(DELTA) if mask >> i & 1)
            assert rules.cells_with_directions(grid, wanted) == [
                cell for cell in cells
                if {d for d, (dr, dc) in DELTA.items()
                    if is_free(grid, cell[0] + dr, cell[1] + dc)} == set(wanted)]
        away = {cell: abs(cell[0] - player[0]) + abs(cell[1] - player[1]) for cell in cells}
        ranks = sorted(set(away.values()) - {0}, reverse=True)
        distance = ranks[min(3, len(ranks)) - 1]
        assert rules.goal_candidates(grid, player) == (
            distance, [cell for cell in cells if away[cell] == distance])
    room = ["######", "#....#", "#....#", "#....#", "#....#", "######"]  # not a perfect maze
    for start, end in itertools.product([(1, 1), (2, 3), (4, 4)], repeat=2):
        assert rules.shortest_path(room, start, end) == plain_path(room, start, end)


def test_distance_bands_and_step_texts_match_plain_code() -> None:
    """The per-cell distance-group masks give every open cell at each distance, the cached
    step and neighbour texts read as the plain f-strings do."""
    from visreason.games.maze import rules, tasks

    for size, seed in itertools.product((5, 9, 11, 13, 21), range(10)):
        grid = rules.carve(random.Random(seed), size)
        cells = [(r, c) for r in range(size) for c in range(size) if grid[r][c] == "."]
        for player in cells[seed % 3::9]:
            away = {cell: abs(cell[0] - player[0]) + abs(cell[1] - player[1]) for cell in cells}
            distances, bands = rules.distance_bands(grid, player)
            assert distances == sorted(set(away.values()) - {0}, reverse=True)
            for d, band in zip(distances, bands, strict=True):
                assert rules.band_cells(grid, band) == [c for c in cells if away[c] == d]
            both = bands[0] | bands[-1]
            assert rules.band_cells(grid, both) == [
                c for c in cells if away[c] in (distances[0], distances[-1])]
            goal = cells[-1 - seed % len(cells)]
            if goal == player:
                continue
            path = rules.shortest_path(grid, player, goal)
            moves = rules.moves_of(path)
            plain = [f"Step {k}: go {d} from {tasks.fmt_cell(a)} to {tasks.fmt_cell(b)}."
                     for k, (d, a, b) in enumerate(zip(moves, path, path[1:], strict=False), 1)]
            plain[-1] = plain[-1][:-1] + ", the goal."
            assert tasks.path_steps(path, goal, moves) == plain
            free = tuple(rules.available(grid, player))
            assert tasks._neighbour_check(player, free).split("\n")[1:] == [
                f"{d}: {tasks.fmt_cell((player[0] + dr, player[1] + dc))} is "
                f"{'open' if is_free(grid, player[0] + dr, player[1] + dc) else 'a wall'}."
                for d, (dr, dc) in DELTA.items()]
