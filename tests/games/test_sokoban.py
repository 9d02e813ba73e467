"""Sokoban answers re-derived from the stored grid with a separate, plain engine."""

from __future__ import annotations

import random
from collections import Counter, deque
from dataclasses import replace

import pytest

import visreason
from visreason.core import Draw, Retry, get_game, get_task
from visreason.core.answers import LETTERS
from visreason.core.generate import generate_group
from visreason.data.audit import audit
from visreason.rewards import accuracy_score

from .contract import at_parameter_ends, dense_audit_passes, param_error

SIZES = {"easy": 6, "medium": 8, "hard": 12}
MOVES = {"easy": 5, "medium": 8, "hard": 12}
STEP = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
SEEDS = range(12)
LEVELS = visreason.LEVELS
FORMS = ("choice", "open")


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


def cell_text(cell: tuple) -> str:
    return f"({cell[0]}, {cell[1]})"


def chosen(sample: visreason.Sample) -> str:
    return sample.options[LETTERS.index(sample.answer)]


def as_cell(text: str) -> tuple[int, int]:
    r, c = text.strip("()").split(", ")
    return int(r), int(c)


def wrong_letters_score_zero(sample: visreason.Sample) -> None:
    for i in range(len(sample.options)):
        if LETTERS[i] != sample.answer:
            assert visreason.verify(sample, f"Answer: {LETTERS[i]}") == 0.0


def both_forms(task: str, level: str, seed: int) -> tuple[visreason.Sample, visreason.Sample]:
    choice = visreason.generate(f"sokoban/{task}", level, seed)
    open_ = visreason.generate(f"sokoban/{task}", level, seed, answer_form="open")
    assert open_.state == choice.state and open_.options is None
    return choice, open_


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


def shortest_walks(walls: set, boxes: set, start: tuple, goal: tuple, cap: int) -> list[list]:
    """Up to `cap` shortest walks from start to goal, by depth-first search over the distances
    to the goal (each step must bring the goal one step nearer)."""
    to_goal = distances(walls, boxes, goal)
    found: list[list] = []

    def extend(cell: tuple, walk: list) -> None:
        if len(found) >= cap:
            return
        if cell == goal:
            found.append(list(walk))
            return
        for m in STEP:
            nxt = add(cell, m)
            if to_goal.get(nxt) == to_goal[cell] - 1:
                walk.append(m)
                extend(nxt, walk)
                walk.pop()

    extend(start, [])
    return found


def check_cell_options(sample: visreason.Sample, walls: set, answer: tuple) -> None:
    assert as_cell(chosen(sample)) == answer
    for text in sample.options:
        cell = as_cell(text)
        assert cell not in walls
        assert (cell == answer) == (text == chosen(sample))
    wrong_letters_score_zero(sample)


def check_open_cell(sample: visreason.Sample, answer: tuple) -> None:
    """The open coordinate: right in any spelling, near misses (transposed, off by one) wrong."""
    assert sample.answer_type == "coordinate" and sample.answer == cell_text(answer)
    r, c = answer
    for right in (f"({r}, {c})", f"{r}, {c}", f"<answer>({r},{c})</answer>"):
        assert visreason.verify(sample, right) == 1.0
    misses = {(c, r), (r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)} - {answer}
    for miss in misses:
        assert visreason.verify(sample, cell_text(miss)) == 0.0


# ----------------------------------------------------------------------------- push rules

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


def test_a_row_of_two_boxes_does_not_move_into_free_floor() -> None:
    """Free floor behind the second box does not help: a push never moves two boxes."""
    from visreason.games.sokoban import rules

    board = rules.from_grid(["#######", "#@$$--#", "#-----#", "#---..#", "#######"])
    moves = ["right", "down", "right", "up", "right", "right"]
    final, steps = rules.simulate(board, moves)
    assert steps[0].end == (1, 1) and steps[0].pushed is None
    assert (steps[0].blocked_by, steps[0].blocked_at) == ("box", (1, 3))
    assert "holds another box" in steps[0].describe()
    # From below, the boxes are pushed up one at a time into free cells; then the row is gone.
    assert steps[3].end == (2, 2) and steps[3].blocked_by == "wall"
    assert final.player == (2, 4) and set(final.boxes) == {(1, 2), (1, 3)}
    walls, _, boxes, player = parse({"grid": rules.to_grid(board)})
    assert play(walls, boxes, player, moves[:1]) == ((1, 1), {(1, 2), (1, 3)})
    assert play(walls, boxes, player, moves) == (final.player, set(final.boxes))
    # Without the second box the same push succeeds.
    alone = rules.from_grid(["#######", "#@$---#", "#-----#", "#---..#", "#######"])
    after, step = rules.move(alone, "right")
    assert step.pushed == ((1, 2), (1, 3)) and after.player == (1, 2)


# ----------------------------------------------------------------------------- tasks

@pytest.mark.parametrize("level", LEVELS)
def test_player_after_moves_matches_replay(level: str) -> None:
    box_counts = set()
    for seed in SEEDS:
        s, o = both_forms("player_after_moves", level, seed)
        walls, _, boxes, player = parse(s.state)
        box_counts.add(len(boxes))
        moves = s.meta["moves"]
        assert len(moves) == MOVES[level] and ", ".join(moves) in s.question
        final, _ = play(walls, boxes, player, moves)
        check_cell_options(s, walls, final)
        check_open_cell(o, final)
    assert len(box_counts) > 1  # single- and multi-box boards both occur


@pytest.mark.parametrize("level", LEVELS)
def test_self_moving_box_matches_replay(level: str) -> None:
    for seed in SEEDS:
        s, o = both_forms("self_moving_box", level, seed)
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
        check_open_cell(o, box)


@pytest.mark.parametrize("level", LEVELS)
def test_min_moves_is_the_true_minimum(level: str) -> None:
    for seed in SEEDS:
        s, o = both_forms("min_moves", level, seed)
        walls, targets, boxes, player = parse(s.state)
        assert len(boxes) == 1 and len(targets) == 1
        (box,), (target,) = boxes, targets
        best = solve(walls, box, target, player)
        assert best is not None and int(chosen(s)) == best
        values = sorted(int(v) for v in s.options)
        assert values == list(range(values[0], values[0] + 4)) and values[0] >= 1  # a run
        _, after = play(walls, boxes, player, s.meta["moves"])
        assert after == {target} and len(s.meta["moves"]) == best
        assert s.analysis.count("[push]") >= 1
        wrong_letters_score_zero(s)
        assert o.answer_type == "integer" and o.answer == str(best)
        assert visreason.verify(o, f"The answer is {best}.") == 1.0
        for miss in (best - 1, best + 1, best + 2):
            assert visreason.verify(o, str(miss)) == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_player_position_reads_the_grid(level: str) -> None:
    for seed in SEEDS:
        s, o = both_forms("player_position", level, seed)
        walls, _, _, player = parse(s.state)
        check_cell_options(s, walls, player)
        check_open_cell(o, player)


@pytest.mark.parametrize("level", LEVELS)
def test_box_target_distance(level: str) -> None:
    span = 2 * (SIZES[level] - 3)
    for seed in SEEDS:
        s, o = both_forms("box_target_distance", level, seed)
        _, targets, boxes, _ = parse(s.state)
        (box,), (target,) = boxes, targets
        expected = abs(box[0] - target[0]) + abs(box[1] - target[1])
        assert int(chosen(s)) == expected > 0
        values = sorted(int(v) for v in s.options)
        assert values == list(range(values[0], values[0] + 4))
        assert values[0] >= 1 and values[-1] <= span
        wrong_letters_score_zero(s)
        assert o.answer == str(expected)
        assert visreason.verify(o, str(expected)) == 1.0
        assert visreason.verify(o, str(expected + 1)) == 0.0


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
        ends = set()
        for text in s.options:
            moves = text.split(", ")
            end = walk_end(walls, boxes, player, moves)
            assert end is not None and len(moves) == best  # legal walks of minimal length
            assert distances(walls, boxes, player)[end] == best  # each one shortest to its end
            assert (end == goal) == (text == chosen(s))
            ends.add(end)
        assert len(ends) == len(s.options)
        wrong_letters_score_zero(s)


@pytest.mark.parametrize("level", LEVELS)
def test_shortest_path_open_accepts_every_shortest_walk(level: str) -> None:
    rng = random.Random(7)
    for seed in range(6):
        s = visreason.generate("sokoban/shortest_path_boxes_as_walls", level, seed,
                               answer_form="open")
        assert s.answer_type == "sequence" and "Options" not in s.question
        walls, _, boxes, player = parse(s.state)
        goal = tuple(s.meta["goal"])
        best = distances(walls, boxes, player)[goal]
        walks = shortest_walks(walls, boxes, player, goal, cap=200)
        assert walk_end(walls, boxes, player, s.answer.split(", ")) == goal
        for walk in walks:
            assert visreason.verify(s, ", ".join(walk)) == 1.0
        assert visreason.verify(s, " ".join(m[0].upper() for m in walks[0])) == 1.0
        for walk in walks[:20]:
            # One move changed: the walk ends elsewhere (or hits something).
            i = rng.randrange(len(walk))
            other = rng.choice([m for m in STEP if m != walk[i]])
            changed = [*walk[:i], other, *walk[i + 1:]]
            assert visreason.verify(s, ", ".join(changed)) == 0.0
            # Two neighbouring moves swapped: right exactly when it is still a legal walk.
            j = rng.randrange(len(walk) - 1)
            swapped = [*walk[:j], walk[j + 1], walk[j], *walk[j + 2:]]
            legal = walk_end(walls, boxes, player, swapped) == goal
            assert visreason.verify(s, ", ".join(swapped)) == float(legal)
            for wrong in (walk[:-1], [*walk, "up", "down"], [*walk, "left"]):
                assert visreason.verify(s, ", ".join(wrong)) == 0.0
        for junk in ("", "up, jump", "the player walks", "1, 2"):
            assert visreason.verify(s, junk) == 0.0
        assert best == len(s.answer.split(", "))


def expected_prefix_credit(walls: set, boxes: set, player: tuple, goal: tuple,
                           moves: list[str]) -> float:
    to_goal = distances(walls, boxes, goal)
    best, cell, prefix = to_goal[player], player, 0
    for m in moves[:best]:
        cell = add(cell, m)
        if to_goal.get(cell) != best - prefix - 1:
            break
        prefix += 1
    return prefix / max(best, len(moves))


@pytest.mark.parametrize("level", LEVELS)
def test_shortest_path_partial_credit_matches_an_independent_count(level: str) -> None:
    rng = random.Random(3)
    for seed in range(6):
        s = visreason.generate("sokoban/shortest_path_boxes_as_walls", level, seed,
                               answer_form="open")
        walls, _, boxes, player = parse(s.state)
        goal = tuple(s.meta["goal"])
        path = s.answer.split(", ")
        for _ in range(30):
            cut = rng.randrange(len(path) + 1)
            tail = [rng.choice(list(STEP)) for _ in range(rng.randrange(4))]
            answer = path[:cut] + tail
            if not answer:
                continue
            text = ", ".join(answer)
            full = visreason.verify(s, text)
            expected = 1.0 if full == 1.0 else expected_prefix_credit(
                walls, boxes, player, goal, answer)
            assert accuracy_score(s, f"<answer>{text}</answer>", partial=True) == \
                pytest.approx(expected)


def test_shortest_path_partial_credit_hand_cases() -> None:
    """A corridor board: the box closes the lower way, so the only shortest walk goes over."""
    task = visreason.get_task("sokoban/shortest_path_boxes_as_walls")
    state = {"grid": ["######", "#@---#", "#-##-#", "#-$-.#", "#----#", "######"]}
    meta = {"goal": [3, 4]}
    cases = {
        "right, right, right, down, down": None,  # right: check_open gives 1
        "down, down, right, right, right": 0.0,  # through the box
        "right, right, down": 2 / 5,  # the third move hits the wall at (2, 3)
        "right, right, right, down": 4 / 5,
        "right, right, right, down, down, up": 5 / 6,  # overshoots: diluted by its length
        "right, left, right, right, right": 1 / 5,
        "up, right, right, right, down, down": 0.0,
        "R R R D": 4 / 5,
        "": 0.0,
        "right, jump": 0.0,
    }
    assert task.check_open(state, meta, "right, right, right, down, down") == 1.0
    assert task.check_open(state, meta, "R -> R -> R -> D -> D") == 1.0
    for answer, credit in cases.items():
        if credit is None:
            continue
        assert task.check_open(state, meta, answer) == 0.0, answer
        assert task.partial_credit(state, meta, answer) == pytest.approx(credit), answer
    sample = visreason.generate("sokoban/shortest_path_boxes_as_walls", "easy", 0,
                                answer_form="open")
    sample = replace(sample, state=state, meta=meta, answer="right, right, right, down, down")
    assert accuracy_score(sample, "right, right, right, down", partial=True) == \
        pytest.approx(0.8)
    assert accuracy_score(sample, "right, right, right, down") == 0.0
    assert accuracy_score(sample, "right, right, right, down, down", partial=True) == 1.0


# ----------------------------------------------------------------------------- parameters

GAME = get_game("sokoban")
TASK_IDS = [t.id for t in visreason.tasks("sokoban")]
COMMANDED = ("sokoban/player_after_moves", "sokoban/self_moving_box")


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param, value, s in at_parameter_ends(task_id, 3):
        _, _, boxes, _ = parse(s.state)
        size = value if param.name == "size" else SIZES["medium"]
        assert len(s.state["grid"]) == size
        if param.name == "boxes":
            assert 1 <= len(boxes) <= value
        if param.name == "moves" and task_id in COMMANDED:
            assert len(s.meta["moves"]) == value
    # The extremes together: the smallest board with the most boxes, the largest with most moves.
    for params in ({"size": 5, "boxes": 4, "moves": 1}, {"size": 16, "boxes": 4, "moves": 30}):
        s = visreason.generate(task_id, "hard", 1, 0, params=params)
        assert len(s.state["grid"]) == params["size"]


@pytest.mark.parametrize("params", [{"size": 4}, {"size": 17}, {"size": "big"}, {"boxes": 0},
                                    {"boxes": 5}, {"moves": 0}, {"moves": 31}, {"walls": 3}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("sokoban/min_moves", params, ranged=True)


def test_presets_are_the_levels() -> None:
    for level in LEVELS:
        s = visreason.generate("sokoban/player_after_moves", level, 0)
        assert len(s.state["grid"]) == SIZES[level] and len(s.meta["moves"]) == MOVES[level]
        assert GAME.presets[level]["boxes"] == 3  # half the boards one box, else two or three


# ----------------------------------------------------------------------------- data quality

def test_audit_passes_in_both_forms() -> None:
    samples = [visreason.generate(task_id, level, 1, index, answer_form=form, text_only=True)
               for task_id in TASK_IDS for level in LEVELS for form in FORMS
               for index in range(300)]
    report = audit(samples)
    assert report.failures == [], "\n" + report.table()
    assert {(g.task, g.form) for g in report.groups} == {(t, f) for t in TASK_IDS for f in FORMS}


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_prompts_name_no_picture_or_colour(task_id: str) -> None:
    for level in LEVELS:
        for form in FORMS:
            s = visreason.generate(task_id, level, 4, 2, answer_form=form, text_only=True)
            text = (s.question + "\n" + s.analysis).lower()
            for word in ("image", "picture", "labelled", "brown", "beige", "green", "blue"):
                assert word not in text, (s.id, word)
            if form == "open":
                assert "option" not in s.analysis.lower()


def test_state_key_is_the_board_alone() -> None:
    s = visreason.generate("sokoban/player_after_moves", "easy", 0)
    assert GAME.state_key(s.state) == "\n".join(s.state["grid"])
    assert " ".join(s.meta["moves"]) not in GAME.state_key(s.state)


@pytest.mark.parametrize("level", LEVELS)
def test_board_sizes_and_borders(level: str) -> None:
    for task in ("player_position", "min_moves"):
        s = visreason.generate(f"sokoban/{task}", level, 3)
        grid = s.state["grid"]
        n = SIZES[level]
        assert len(grid) == n and all(len(row) == n for row in grid)
        assert grid[0] == grid[-1] == "#" * n and all(row[0] == row[-1] == "#" for row in grid)
        assert 250 <= s.image.size[0] <= 700 and 250 <= s.image.size[1] <= 700


# ----------------------------------------------------------------------------- pictures

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


# ----------------------------------------------------------------- several questions per state

ONE_BOX = {"self_moving_box", "min_moves", "box_target_distance",
           "shortest_path_boxes_as_walls"}


def groups(level: str, count: int, form: str = "choice",
           text_only: bool = False) -> list[list[visreason.Sample]]:
    return [generate_group("sokoban", level, 2, g, questions=len(TASK_IDS), answer_form=form,
                           text_only=text_only) for g in range(count)]


def check_asked(s: visreason.Sample, o: visreason.Sample, level: str) -> None:
    """One question asked about another task's board, re-derived by the plain engine here:
    choice form `s`, open form `o` of the same question."""
    walls, targets, boxes, player = parse(s.state)
    assert len(s.state["grid"]) == SIZES[level] and 1 <= len(boxes) == len(targets) <= 3
    if s.task in ONE_BOX:  # the kind of board these questions are defined on
        assert len(boxes) == 1 and boxes != targets
    assert o.meta == s.meta
    if s.task == "player_after_moves":
        moves = s.meta["moves"]
        assert len(moves) == MOVES[level] and ", ".join(moves) in s.question
        final, _ = play(walls, boxes, player, moves)
        check_cell_options(s, walls, final)
        check_open_cell(o, final)
    elif s.task == "self_moving_box":
        (box,) = boxes
        assert f"starts at ({box[0]}, {box[1]})" in s.question
        for m in s.meta["moves"]:
            if add(box, m) not in walls:
                box = add(box, m)
        check_cell_options(s, walls, box)
        check_open_cell(o, box)
    elif s.task == "min_moves":
        (box,), (target,) = boxes, targets
        best = solve(walls, box, target, player)
        assert best is not None and int(chosen(s)) == best and o.answer == str(best)
        assert play(walls, boxes, player, s.meta["moves"])[1] == {target}
        assert len(s.meta["moves"]) == best
        wrong_letters_score_zero(s)
        for miss in (best - 1, best + 1):
            assert visreason.verify(o, str(miss)) == 0.0
    elif s.task == "player_position":
        check_cell_options(s, walls, player)
        check_open_cell(o, player)
    elif s.task == "box_target_distance":
        (box,), (target,) = boxes, targets
        expected = abs(box[0] - target[0]) + abs(box[1] - target[1])
        assert int(chosen(s)) == expected and o.answer == str(expected)
        wrong_letters_score_zero(s)
        assert visreason.verify(o, str(expected + 1)) == 0.0
    elif s.task == "shortest_path_boxes_as_walls":
        goal = tuple(s.meta["goal"])
        best = distances(walls, boxes, player)[goal]
        for text in s.options:
            end = walk_end(walls, boxes, player, text.split(", "))
            assert end is not None and len(text.split(", ")) == best
            assert (end == goal) == (text == chosen(s))
        wrong_letters_score_zero(s)
        for walk in shortest_walks(walls, boxes, player, goal, 6):
            assert visreason.verify(o, "<answer>" + ", ".join(walk) + "</answer>") == 1.0
        assert visreason.verify(o, "<answer>" + ", ".join(
            [*walk, walk[-1]]) + "</answer>") == 0.0
    else:
        raise AssertionError(f"no check for {s.task}")
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0
    assert visreason.verify(o, f"<answer>{o.answer}</answer>") == 1.0


@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_boards_are_right(level: str) -> None:
    """Every task asks about boards other tasks drew, of the kind its question is defined
    on; each answer is re-derived here by replay, search or measurement on the shared board."""
    asked: Counter[str] = Counter()
    for choice, open_ in zip(groups(level, 48), groups(level, 48, "open", text_only=True),
                             strict=True):
        lead = choice[0]
        assert [s.task for s in open_] == [s.task for s in choice]
        for s, o in zip(choice[1:], open_[1:], strict=True):
            assert s.task != lead.task and s.state == lead.state and s.image is lead.image
            assert o.state == s.state and o.answer_form == "open"
            check_asked(s, o, level)
            asked[s.task] += 1
    assert set(asked) == {t.split("/")[1] for t in TASK_IDS}  # every task asks


def test_ask_takes_only_boards_its_question_is_defined_on() -> None:
    """One-box questions refuse boards with several boxes or the box on its target; every
    task refuses a board of another size; min_moves refuses a board it cannot solve."""
    def draw(level: str = "medium") -> Draw:
        return Draw(random.Random(0), level, dict(GAME.presets[level]), 0, "ask test")

    many = ["########", "#@-----#", "#-$$-..#", "#------#", "#---$--#", "#----.-#",
            "#------#", "########"]
    on_target = ["########", "#@-----#", "#--*---#", "#------#", "#------#", "#------#",
                 "#------#", "########"]
    stuck = ["########", "#$-----#", "#-@----#", "#------#", "#---.--#", "#------#",
             "#------#", "########"]
    solvable = ["########", "#------#", "#-@$-.-#", "#------#", "#------#", "#------#",
                "#------#", "########"]
    for task_id in TASK_IDS:
        task, name = get_task(task_id), task_id.split("/")[1]
        with pytest.raises(Retry):
            task.ask(draw("easy"), {"grid": solvable})
        for grid in (many, on_target):
            if name in ONE_BOX:
                with pytest.raises(Retry):
                    task.ask(draw(), {"grid": grid})
            else:
                assert task.ask(draw(), {"grid": grid}).state == {"grid": grid}
    with pytest.raises(Retry):
        get_task("sokoban/min_moves").ask(draw(), {"grid": stuck})
    q = get_task("sokoban/min_moves").ask(draw(), {"grid": solvable})
    assert q.meta["min_moves"] == 2 and q.state == {"grid": solvable}


def test_dense_groups_pass_the_audit() -> None:
    """Groups with every task per board pass the audit in both forms at every level.

    Each task asks only about boards of its kind and draws its moves or goal as build does;
    the box-target distance, which the board alone fixes, thins foreign boards so that
    short distances do not crowd out the rest; a board shared by several tasks is no repeat.
    Easy boards are few enough (a fifth of random 6x6 boards have no inner wall) that a few
    boards recur between groups, and a question the board alone fixes (the minimum moves)
    repeats with them: four of 600 easy groups share a board with another here.
    """
    dense_audit_passes("sokoban", 600, 130)


# ----------------------------------------------------------------------------- several boxes

def brute_force(walls: set, boxes: set, targets: set, player: tuple) -> int | None:
    """Plain BFS over raw (player, box set) states, every step one move; no pruning."""
    start = (player, frozenset(boxes))
    seen = {start}
    queue = deque([(start, 0)])
    while queue:
        (p, bs), d = queue.popleft()
        if bs == targets:
            return d
        for m in STEP:
            q, after = play(walls, bs, p, [m])
            state = (q, frozenset(after))
            if state not in seen:
                seen.add(state)
                queue.append((state, d + 1))
    return None


def state_graph(walls: set, boxes: set, player: tuple) -> dict:
    """Every raw (player, box set) state reachable from the start, with its successors."""
    start = (player, frozenset(boxes))
    graph: dict = {}
    queue = deque([start])
    graph[start] = set()
    while queue:
        p, bs = state = queue.popleft()
        for m in STEP:
            q, after = play(walls, bs, p, [m])
            nxt = (q, frozenset(after))
            graph[state].add(nxt)
            if nxt not in graph:
                graph[nxt] = set()
                queue.append(nxt)
    return graph


def solvable_states(graph: dict, targets: set) -> set:
    """The states from which some move sequence puts every box on a target (backwards from the
    solved states over the reversed graph)."""
    back: dict = {state: [] for state in graph}
    for state, successors in graph.items():
        for nxt in successors:
            back[nxt].append(state)
    good = {state for state in graph if state[1] == targets}
    queue = deque(good)
    while queue:
        for prev in back[queue.popleft()]:
            if prev not in good:
                good.add(prev)
                queue.append(prev)
    return good


def small_boards(count: int, seed: int, sizes: tuple = (5, 6), least: int = 1) -> list:
    """Boards from the game's generator on the given sizes with `least` to three boxes."""
    from visreason.games.sokoban import rules

    rng = random.Random(seed)
    boards = []
    while len(boards) < count:
        board = rules.random_board(rng, rng.choice(sizes), rng.randint(least, 3))
        if board is not None:
            boards.append(board)
    return boards


def test_multi_box_solver_agrees_with_brute_force() -> None:
    """Same minimum (or both unsolvable) as the raw BFS, a replayed plan solves the board in
    exactly that many moves, and one-box answers equal the one-box solver's."""
    from visreason.games.sokoban import rules

    solved = 0
    for board in small_boards(1000, seed=7):
        walls, targets, boxes, player = parse({"grid": rules.to_grid(board)})
        best = brute_force(walls, boxes, targets, player)
        plan = rules.min_moves_multi(board)
        if best is None:
            assert plan is None, rules.to_grid(board)
            continue
        assert plan is not None and len(plan) == best, (rules.to_grid(board), plan, best)
        _, after = play(walls, boxes, player, plan)
        assert after == targets
        if len(boxes) == 1:
            assert len(rules.min_moves(board)) == best  # type: ignore[arg-type]
        solved += best > 0 and len(boxes) > 1
    assert solved >= 40  # the comparison covered real multi-box puzzles


def test_multi_box_solver_on_hand_boards() -> None:
    from visreason.games.sokoban import rules

    # Two boxes in a row, two targets side by side: the near box blocks the far one's push.
    board = rules.from_grid(["#######",
                             "#-----#",
                             "#@$-$.#",
                             "#----.#",
                             "#-----#",
                             "#-----#",
                             "#######"])
    walls, targets, boxes, player = parse({"grid": rules.to_grid(board)})
    plan = rules.min_moves_multi(board)
    best = brute_force(walls, boxes, targets, player)
    assert best is not None and plan is not None and len(plan) == best
    assert play(walls, boxes, player, plan)[1] == targets
    # Already solved, and a wrong number of targets.
    done = rules.from_grid(["#####", "#@*-#", "#---#", "#---#", "#####"])
    assert rules.min_moves_multi(done) == []
    assert rules.min_moves_multi(replace(board, targets=((1, 5),))) is None


def test_multi_box_solver_refuses_past_its_budget() -> None:
    from visreason.games.sokoban import rules

    board = next(b for b in small_boards(200, seed=3)
                 if len(b.boxes) == 3 and (rules.multi_search(b)[1] > 5))
    with pytest.raises(rules.SearchBudgetExceeded):
        rules.min_moves_multi(board, budget=5)


def test_deadlock_pruning_never_cuts_a_solvable_state() -> None:
    """Every state reachable on random 6x6 boards with two or three boxes: a state called
    deadlocked has no solution (by exhaustive search), and the pruning fires on many states,
    hundreds of them by frozen boxes alone (no box on a dead cell)."""
    from visreason.games.sokoban import rules

    pruned = frozen = 0
    for board in small_boards(60, seed=11, sizes=(6,), least=2):
        walls, targets, boxes, player = parse({"grid": rules.to_grid(board)})
        graph = state_graph(walls, boxes, player)
        good = solvable_states(graph, targets)
        dead = rules.dead_cells(board)
        for state in graph:
            position = replace(board, player=state[0], boxes=tuple(sorted(state[1])))
            if rules.deadlocked(position):
                assert state not in good, rules.to_grid(position)
                pruned += 1
                frozen += not any(b in dead for b in state[1])
    assert pruned > 5000 and frozen > 200


def test_frozen_boxes_on_hand_boards() -> None:
    from visreason.games.sokoban import rules

    # Two boxes side by side against the top wall, off the targets: neither can ever move.
    assert rules.deadlocked(rules.from_grid(["######", "#-$$-#", "#-@--#", "#-..-#", "######",
                                             "######"]))
    # The same pair on the targets is solved, not stuck.
    assert not rules.deadlocked(rules.from_grid(["######", "#-**-#", "#-@--#", "#----#",
                                                 "######", "######"]))
    # The same pair one row lower, in open floor, can still be pushed down: no deadlock.
    assert not rules.deadlocked(rules.from_grid(["######", "#----#", "#-$$-#", "#-@--#",
                                                 "#-..-#", "######"]))
    # A 2x2 block of boxes in open floor is frozen.
    assert rules.deadlocked(rules.from_grid(["#######", "#-----#", "#-$$--#", "#-$$--#",
                                             "#-....#", "#@----#", "#######"]))


ORDER = ("up", "right", "down", "left")  # the solver's direction order


def first_solution(walls: set, box: tuple, target: tuple, player: tuple) -> list[str] | None:
    """Plain BFS over (player, box) pairs trying ORDER at each state, each state keeping the
    first state that reached it; the path to the first solved state found. No pruning."""
    parent = {(player, box): None}
    queue = deque([(player, box)])
    while queue:
        p, b = queue.popleft()
        for m in ORDER:
            q, nb = add(p, m), b
            if q in walls:
                continue
            if q == b:
                nb = add(b, m)
                if nb in walls:
                    continue
            if (q, nb) in parent:
                continue
            parent[(q, nb)] = ((p, b), m)
            if nb == target:
                path, state = [], (q, nb)
                while parent[state] is not None:
                    state, move = parent[state]
                    path.append(move)
                return path[::-1]
            queue.append((q, nb))
    return None


def test_min_moves_is_the_first_solution_a_plain_search_finds() -> None:
    """The bit-set solver returns exactly the path of a parent-pointer BFS (the first shortest
    solution in ORDER), and None exactly when there is none, on boxes anywhere."""
    from visreason.games.sokoban import rules
    rng = random.Random(7)
    checked = 0
    while checked < 300:
        board = rules.random_board(rng, rng.choice((5, 6, 7, 8, 10, 12)), 1)
        if board is None or board.boxes == board.targets:
            continue
        walls, (target,), (box,) = set(board.walls), board.targets, board.boxes
        assert rules.min_moves(board) == first_solution(walls, box, target, board.player)
        checked += 1


def test_flat_tables_agree_with_the_cells() -> None:
    """Live cells, free-cell bits and grid characters against plain per-cell definitions."""
    from visreason.games.sokoban import rules
    rng = random.Random(8)
    for _ in range(200):
        size = rng.choice((5, 6, 8, 12, 16))
        board = rules.random_board(rng, size, rng.randint(1, 3))
        if board is None:
            continue
        walls = set(board.walls)
        free = [(r, c) for r in range(size) for c in range(size) if (r, c) not in walls]
        assert rules.free_mask(size, board.walls) == sum(1 << (r * size + c) for r, c in free)
        for target in board.targets:
            live = {target}
            todo = [target]
            while todo:
                cell = todo.pop()
                for m in ORDER:
                    before, stand = add(cell, m, -1), add(cell, m, -2)
                    if before not in live and before not in walls and stand not in walls:
                        live.add(before)
                        todo.append(before)
            assert rules.live_cells(board, target) == live
        wall_rows = ["".join("#" if (r, c) in walls else "-" for c in range(size))
                     for r in range(size)]
        grid = rules.to_grid(board)
        assert [row.replace(".", "-").replace("$", "-").replace("*", "-").replace("@", "-")
                .replace("+", "-") for row in grid] == wall_rows
        assert rules.from_grid(grid) == board


def test_cell_texts_are_the_core_ones() -> None:
    """The game's kept cell texts read exactly as core.text writes cells."""
    from visreason.core.text import fmt_cell, fmt_cells
    from visreason.games.sokoban import rules, tasks
    cells = [(r, c) for r in range(-2, 18) for c in range(-2, 18)]
    assert [rules.fmt(cell) for cell in cells] == [fmt_cell(cell) for cell in cells]
    assert tasks.cells_text(cells[:5]) == fmt_cells(cells[:5])
    assert tasks.cells_text([]) == fmt_cells([])


def test_bit_set_walks_agree_with_the_plain_search() -> None:
    """walk_layers and cells_of give walk_distances' cells per distance, row-major; the
    walk tables step back to neighbours one step nearer; pick and without draw as
    rng.sample and the list comprehension they replace."""
    from visreason.games.sokoban import rules, tasks
    rng = random.Random(9)
    for _ in range(300):
        size = rng.choice((5, 6, 8, 12, 16))
        board = rules.random_board(rng, size, rng.randint(1, 3))
        if board is None:
            continue
        reach = rules.walk_distances(board, board.player)
        layers = rules.walk_layers(board, board.player)
        assert len(layers) == max(reach.values()) + 1
        for d, layer in enumerate(layers):
            assert rules.cells_of(size, layer) == sorted(c for c, k in reach.items() if k == d)
        goal = max(reach, key=lambda c: (reach[c], c))
        walk = tasks.random_shortest_walk(rng, layers, goal, size, reach[goal])
        cells = rules.walk(board, walk)
        assert cells is not None and cells[-1] == goal and len(walk) == reach[goal]
        free = board.free_cells()
        assert rules.without(free, board.boxes) == [c for c in free if c not in board.boxes]
    for n in (1, 5, 21, 22, 40):
        for seed in range(50):
            a, b = random.Random(seed), random.Random(seed)
            for count in (1, 2, 3):
                if count <= n:
                    assert rules.pick(a, list(range(n)), count) == b.sample(range(n), count)
            assert a.random() == b.random()
