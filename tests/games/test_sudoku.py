"""Colour Sudoku answers re-derived from the state with a separate brute-force solver."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import visreason
from visreason.core import get_game
from visreason.core.generate import generate_group
from visreason.data.audit import audit
from visreason.render import COLORS

from .contract import dense_audit_passes, param_error

NAMES = ["red", "green", "blue", "magenta", "yellow", "aqua", "gray", "purple", "forest green"]
# Grid side and the allowed numbers of empty cells: 40-50%, 10% and 20-30% of the grid.
BLANKS = {"easy": (4, range(6, 9)), "medium": (9, range(8, 9)), "hard": (9, range(16, 25))}
SEEDS = range(12)
LEVELS = visreason.LEVELS
FORMS = ("choice", "open")
GAME = get_game("sudoku")
TASK_IDS = [t.id for t in visreason.tasks("sudoku")]


def box_side(n: int) -> int:
    return 2 if n == 4 else 3


def peers_values(board: list[list[int]], r: int, c: int) -> set[int]:
    """Every colour value in the cell's row, column and box."""
    n, b = len(board), box_side(len(board))
    seen = set(board[r]) | {board[i][c] for i in range(n)}
    r0, c0 = r - r % b, c - c % b
    seen |= {board[i][j] for i in range(r0, r0 + b) for j in range(c0, c0 + b)}
    return seen - {0}


def candidates(board: list[list[int]], r: int, c: int) -> list[int]:
    return [v for v in range(1, len(board) + 1) if v not in peers_values(board, r, c)]


def solutions(board: list[list[int]], limit: int = 2) -> list[list[list[int]]]:
    """Plain backtracking over the first empty cell with the fewest options."""
    found: list[list[list[int]]] = []
    work = [row[:] for row in board]

    def go() -> None:
        holes = [(r, c) for r, row in enumerate(work) for c, v in enumerate(row) if v == 0]
        if not holes:
            found.append([row[:] for row in work])
            return
        r, c = min(holes, key=lambda rc: len(candidates(work, *rc)))
        for v in candidates(work, r, c):
            work[r][c] = v
            go()
            work[r][c] = 0
            if len(found) >= limit:
                return

    go()
    return found


def no_repeats(board: list[list[int]]) -> bool:
    """Each row, column and box lists its filled values without a repeat."""
    n, b = len(board), box_side(len(board))
    groups = [list(row) for row in board] + [list(col) for col in zip(*board, strict=True)]
    groups += [[board[r][c] for r in range(r0, r0 + b) for c in range(c0, c0 + b)]
               for r0 in range(0, n, b) for c0 in range(0, n, b)]
    return all(len([v for v in g if v]) == len({v for v in g if v}) for g in groups)


def chosen(sample: visreason.Sample) -> str:
    return sample.options[ord(sample.answer) - 65]


def asked_cell(text: str, prefix: str) -> tuple[int, int]:
    """The 1-based cell written right after `prefix` in the question, as 0-based indices."""
    match = re.search(re.escape(prefix) + r"\((\d+), (\d+)\)", text)
    assert match, text
    return int(match.group(1)) - 1, int(match.group(2)) - 1


def assert_wrong_scores_zero(sample: visreason.Sample) -> None:
    if sample.answer_type == "integer":
        for wrong in (int(sample.answer) + 1, int(sample.answer) - 1):
            assert visreason.verify(sample, f"<answer>{wrong}</answer>") == 0.0
    else:
        for i, option in enumerate(sample.options):
            if chr(65 + i) != sample.answer:
                assert visreason.verify(sample, chr(65 + i)) == 0.0
                assert visreason.verify(sample, option) == 0.0


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("seed", range(6))
def test_puzzles_follow_the_level_and_have_one_solution(level: str, seed: int) -> None:
    size, blank_counts = BLANKS[level]
    for task in TASK_IDS:
        state = visreason.generate(task, level, seed).state
        board = state["board"]
        assert state["size"] == size and len(board) == size
        assert all(len(row) == size and all(0 <= v <= size for v in row) for row in board)
        assert state["colors"] == NAMES[:size]
        assert sum(row.count(0) for row in board) in blank_counts
        assert no_repeats(board)
        assert len(solutions(board)) == 1


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("seed", SEEDS)
def test_cell_color_reads_the_state_and_the_picture(level: str, seed: int) -> None:
    s = visreason.generate("sudoku/cell_color", level, seed)
    r, c = asked_cell(s.question, "cell at ")
    value = s.state["board"][r][c]
    assert value != 0
    assert chosen(s) == NAMES[value - 1]
    assert s.options == NAMES[:s.state["size"]]
    assert_wrong_scores_zero(s)


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_picture_shows_every_cell_colour(level: str) -> None:
    from visreason.games.sudoku.render import LAYOUTS

    s = visreason.generate("sudoku/color_count", level, 3)
    image = s.image.convert("RGB")
    layout = LAYOUTS[s.state["size"]]
    assert min(image.size) >= 250 and max(image.size) <= 700
    for r, row in enumerate(s.state["board"]):
        for c, v in enumerate(row):
            x, y = layout.center(r, c)
            expected = COLORS["white"] if v == 0 else COLORS[NAMES[v - 1]]
            assert image.getpixel((int(x), int(y))) == expected, (r, c)


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("seed", SEEDS)
def test_color_count_counts_the_board(level: str, seed: int) -> None:
    s = visreason.generate("sudoku/color_count", level, seed)
    color = re.search(r"coloured ([a-z ]+)\?", s.question).group(1)
    value = NAMES.index(color) + 1
    assert s.answer == str(sum(row.count(value) for row in s.state["board"]))
    assert_wrong_scores_zero(s)


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("seed", SEEDS)
def test_candidate_count_matches_peers(level: str, seed: int) -> None:
    s = visreason.generate("sudoku/candidate_count", level, seed)
    board = s.state["board"]
    r, c = asked_cell(s.question, "empty cell ")
    assert board[r][c] == 0
    left = candidates(board, r, c)
    assert s.answer == str(len(left))
    assert f"Left for ({r + 1}, {c + 1}): {', '.join(NAMES[v - 1] for v in left)}." in s.analysis
    solved = solutions(board)[0]
    assert solved[r][c] in left
    assert_wrong_scores_zero(s)


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("seed", SEEDS)
def test_lines_with_empties_counts_lines(level: str, seed: int) -> None:
    s = visreason.generate("sudoku/lines_with_empties", level, seed)
    match = re.search(r"How many (rows|columns) contain more than (\d+) empty", s.question)
    axis, threshold = match.group(1), int(match.group(2))
    assert threshold in (1, 2)
    board = s.state["board"]
    lines = board if axis == "rows" else [list(col) for col in zip(*board, strict=True)]
    assert s.answer == str(sum(1 for line in lines if line.count(0) > threshold))
    assert_wrong_scores_zero(s)


def reference_chain(board: list[list[int]], length: int) -> list[tuple[int, int, int]]:
    """Scan row-major for a cell with one candidate, fill it, repeat."""
    work = [row[:] for row in board]
    chain = []
    for _ in range(length):
        hit = next((r, c) for r in range(len(work)) for c in range(len(work))
                   if work[r][c] == 0 and len(candidates(work, r, c)) == 1)
        value = candidates(work, *hit)[0]
        work[hit[0]][hit[1]] = value
        chain.append((hit[0], hit[1], value))
    return chain


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("seed", SEEDS)
def test_naked_single_chain_matches_reference_scan(level: str, seed: int) -> None:
    s = visreason.generate("sudoku/naked_single_chain", level, seed)
    board = s.state["board"]
    chain = reference_chain(board, 3)
    for k, (r, c, _) in enumerate(chain, start=1):
        assert asked_cell(s.question, f"P{k} = ") == (r, c)
    r, c, value = chain[-1]
    assert chosen(s) == NAMES[value - 1]
    assert solutions(board)[0][r][c] == value
    assert_wrong_scores_zero(s)


def test_text_form_lists_the_grid() -> None:
    s = visreason.generate("sudoku/cell_color", "easy", 5, text_only=True)
    for r, row in enumerate(s.state["board"], start=1):
        digits = " ".join("." if v == 0 else str(v) for v in row)
        assert re.search(rf"^\s*{r} {re.escape(digits)}$", s.question, re.MULTILINE)
    assert "1 = red, 2 = green, 3 = blue, 4 = magenta" in s.question


# ----------------------------------------------------------------------------- open forms

@pytest.mark.parametrize("task", ["cell_color", "naked_single_chain"])
@pytest.mark.parametrize("level", LEVELS)
def test_colour_questions_open_form(task: str, level: str) -> None:
    for seed in range(6):
        choice = visreason.generate(f"sudoku/{task}", level, seed)
        s = visreason.generate(f"sudoku/{task}", level, seed, answer_form="open")
        assert s.state == choice.state and s.options is None and "Options" not in s.question
        name = chosen(choice)
        assert s.answer == name and s.answer_type == "text"
        for written in (name, name.upper(), f"The answer is {name}.", f"\\boxed{{{name}}}"):
            assert visreason.verify(s, written) == 1.0, written
        if name == "gray":
            assert visreason.verify(s, "grey") == 1.0
        for other in NAMES[:s.state["size"]]:
            if other != name:
                assert visreason.verify(s, other) == 0.0, other
        for junk in ("", "C", f"{name} or red" if name != "red" else "red or blue"):
            assert visreason.verify(s, junk) == 0.0, junk


@pytest.mark.parametrize("task", ["color_count", "candidate_count", "lines_with_empties"])
def test_count_questions_are_their_own_open_form(task: str) -> None:
    choice = visreason.generate(f"sudoku/{task}", "hard", 2)
    s = visreason.generate(f"sudoku/{task}", "hard", 2, answer_form="open")
    assert s.to_dict() == choice.to_dict() and s.answer_type == "integer"


# ----------------------------------------------------------------------------- prompts

def test_picture_prompt_names_every_colour_with_the_rgb_drawn() -> None:
    """Two similar colours (green and forest green) are told apart by their exact RGB, and
    the RGB named is the one in the picture."""
    from visreason.games.sudoku.render import LAYOUTS

    for level in ("easy", "hard"):
        s = visreason.generate("sudoku/cell_color", level, 1)
        image, layout = s.image.convert("RGB"), LAYOUTS[s.state["size"]]
        named = {m.group(1): tuple(int(v) for v in m.group(2).split(", ")) for m in
                 re.finditer(r"(?:are |, )([a-z ]+?) \(RGB (\d+, \d+, \d+)\)", s.question)}
        assert list(named) == NAMES[:s.state["size"]]
        assert len(set(named.values())) == len(named)
        for r, row in enumerate(s.state["board"]):
            for c, v in enumerate(row):
                if v:
                    x, y = layout.center(r, c)
                    assert image.getpixel((int(x), int(y))) == named[NAMES[v - 1]]


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_text_only_prompts_name_no_picture_or_unlisted_colour(task_id: str) -> None:
    for level in LEVELS:
        for form in FORMS:
            s = visreason.generate(task_id, level, 4, 2, answer_form=form, text_only=True)
            text = (s.question + "\n" + s.analysis).lower()
            for word in ("image", "picture", "labelled", "white", "thick", "rgb"):
                assert word not in text, (s.id, word)
            legend = s.question.split("Legend: ")[1].split("\n")[0]
            for name in NAMES[:s.state["size"]]:
                assert f"= {name}" in legend
            if form == "open":
                assert "option" not in s.analysis.lower()


def test_state_key_is_the_board_alone() -> None:
    a = visreason.generate("sudoku/candidate_count", "easy", 0, 3)
    key = GAME.state_key(a.state)
    assert key == "/".join("".join(map(str, row)) for row in a.state["board"])
    assert GAME.state_key(dict(a.state, extra="(1, 2)")) == key


# ----------------------------------------------------------------------------- balance

def test_balanced_answers_come_from_the_rules_not_from_the_picking() -> None:
    """The targets are reached by carving: the asked cell really has that many candidates,
    the asked colour really fills that many cells, whatever the target."""
    seen = {task: set() for task in ("color_count", "candidate_count", "lines_with_empties")}
    for task in seen:
        for index in range(40):
            s = visreason.generate(f"sudoku/{task}", "medium", 0, index, text_only=True)
            seen[task].add(int(s.answer))
            assert len(solutions(s.state["board"])) == 1
    assert seen["color_count"] == {7, 8, 9}
    assert seen["candidate_count"] == {1, 2, 3, 4}
    assert seen["lines_with_empties"] == {0, 1, 2, 3, 4}


# ----------------------------------------------------------------------------- parameters

EXTREMES = [{"box": b, "blanks_min": low, "blanks_max": high}
            for b in (2, 3) for low, high in ((10, 10), (10, 60), (60, 60))]


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for params in EXTREMES:
        size = params["box"] ** 2
        low = max(3, size * size * params["blanks_min"] // 100)
        high = max(3, size * size * params["blanks_max"] // 100)
        for index in range(3):
            for form in FORMS:
                s = visreason.generate(task_id, "medium", 0, index, answer_form=form,
                                       text_only=True, params=params)
                board = s.state["board"]
                assert s.state["size"] == size and len(board) == size
                assert low <= sum(row.count(0) for row in board) <= high
                assert no_repeats(board) and len(solutions(board)) == 1
                assert visreason.verify(s, s.answer) == 1.0


@pytest.mark.parametrize(("params", "message"), [
    ({"box": 1}, "sudoku.box must be in [2, 3], got 1"),
    ({"box": 4}, "sudoku.box must be in [2, 3], got 4"),
    ({"blanks_min": 9}, "sudoku.blanks_min must be in [10, 60], got 9"),
    ({"blanks_max": 61}, "sudoku.blanks_max must be in [10, 60], got 61"),
    ({"blanks_max": "many"}, "sudoku.blanks_max must be an integer in [10, 60]"),
    ({"blanks_min": 50, "blanks_max": 40}, "sudoku.blanks_min (50) must not exceed"),
    ({"size": 9}, "sudoku has no difficulty parameter 'size'"),
])
def test_bad_parameters_give_a_one_line_error(params: dict, message: str) -> None:
    param_error("sudoku/color_count", params, named=[message], game_named=False)


def test_presets_are_the_levels() -> None:
    for level in LEVELS:
        size, blanks = BLANKS[level]
        preset = GAME.presets[level]
        assert preset["box"] ** 2 == size
        assert blanks == range(size * size * preset["blanks_min"] // 100,
                               size * size * preset["blanks_max"] // 100 + 1)


# ----------------------------------------------------------------------------- data quality

def test_audit_passes_in_both_forms() -> None:
    groups = [(t.id, form) for t in visreason.tasks("sudoku")
              for form in (FORMS if t.is_choice else ("open",))]
    samples = [visreason.generate(task_id, level, 1, index, answer_form=form, text_only=True)
               for task_id, form in groups for level in LEVELS for index in range(300)]
    report = audit(samples)
    assert report.failures == [], "\n" + report.table()
    assert {(g.task, g.form) for g in report.groups} == set(groups)
    assert all(g.n == 300 and g.judged for g in report.groups)


# ----------------------------------------------------------------- several questions per state

def groups(level: str, count: int, seed: int = 0, form: str = "choice",
           text_only: bool = False) -> list[list[visreason.Sample]]:
    return [generate_group("sudoku", level, seed, g, questions=len(TASK_IDS), answer_form=form,
                           text_only=text_only) for g in range(count)]


def check_asked(s: visreason.Sample, o: visreason.Sample) -> None:
    """One asked question re-derived from its (foreign) board: choice form `s`, open `o`."""
    board, size = s.state["board"], s.state["size"]
    assert len(solutions(board)) == 1
    if s.task == "cell_color":
        r, c = asked_cell(s.question, "cell at ")
        value = board[r][c]
        assert value != 0 and chosen(s) == NAMES[value - 1] == o.answer
        assert s.options == NAMES[:size]
        if s.image is not None:
            from visreason.games.sudoku.render import LAYOUTS

            x, y = LAYOUTS[size].center(r, c)
            assert s.image.convert("RGB").getpixel((int(x), int(y))) == COLORS[NAMES[value - 1]]
    elif s.task == "color_count":
        color = re.search(r"coloured ([a-z ]+)\?", s.question).group(1)
        assert s.answer == str(sum(row.count(NAMES.index(color) + 1) for row in board))
    elif s.task == "candidate_count":
        r, c = asked_cell(s.question, "empty cell ")
        left = candidates(board, r, c)
        assert board[r][c] == 0 and s.answer == str(len(left))
        assert solutions(board)[0][r][c] in left
    elif s.task == "lines_with_empties":
        match = re.search(r"How many (rows|columns) contain more than (\d+) empty", s.question)
        lines = board if match.group(1) == "rows" else [list(c) for c in zip(*board, strict=True)]
        assert s.answer == str(sum(1 for line in lines if line.count(0) > int(match.group(2))))
    elif s.task == "naked_single_chain":
        chain = reference_chain(board, 3)
        for k, (r, c, _) in enumerate(chain, start=1):
            assert asked_cell(s.question, f"P{k} = ") == (r, c)
        r, c, value = chain[-1]
        assert chosen(s) == NAMES[value - 1] == o.answer
        assert solutions(board)[0][r][c] == value
    else:
        raise AssertionError(f"no check for {s.task}")
    assert_wrong_scores_zero(s)
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0
    assert visreason.verify(o, f"<answer>{o.answer}</answer>") == 1.0
    if s.options:
        for other in NAMES[:size]:
            assert visreason.verify(o, other) == float(other == o.answer)


@pytest.mark.parametrize("level", LEVELS)
def test_questions_asked_about_other_tasks_boards_are_right(level: str) -> None:
    """Tasks ask about boards other tasks carved; each answer is re-derived with the separate
    solver and candidate count here, and the shared picture shows the asked cell's colour."""
    asked = Counter()
    for choice, open_ in zip(groups(level, 30), groups(level, 30, form="open", text_only=True),
                             strict=True):
        lead = choice[0]
        assert [s.task for s in open_] == [s.task for s in choice]
        for s, o in zip(choice[1:], open_[1:], strict=True):
            assert s.state is lead.state and s.image is lead.image and s.task != lead.task
            assert o.state == s.state and o.answer_form == "open"
            check_asked(s, o)
            asked[s.task] += 1
    # Every task asks somewhere (some rarely: counted over more groups, text only); with 10%
    # blanks other boards hardly ever leave an empty cell three or four candidates, so
    # candidate_count asks there about its own boards only.
    for group in groups(level, 200, seed=1, text_only=True):
        asked.update(s.task for s in group[1:])
    expected = {t.name for t in visreason.tasks("sudoku")} - \
        ({"candidate_count"} if level == "medium" else set())
    assert set(asked) == expected, asked


def test_dense_groups_pass_the_audit() -> None:
    """Groups with every task per board pass the audit in both forms at every level.

    Counts fixed by a foreign board (how many cells of a colour, of candidates, of heavy
    lines) are picked with weights that keep them even; a board shared by several tasks is
    no repeat.
    """
    dense_audit_passes("sudoku", 1000, 200)


# ------------------------------------------------------------------ fast paths vs plain code

def plain_carve(board: list[list[int]], cells: list[tuple[int, int]], limit: int) -> int:
    """Carving as the rules text says it, with the brute-force solver of this file."""
    removed = 0
    for r, c in cells:
        if removed >= limit:
            break
        if board[r][c] == 0:
            continue
        value, board[r][c] = board[r][c], 0
        if len(solutions(board)) != 1:
            board[r][c] = value
        else:
            removed += 1
    return removed


@pytest.mark.parametrize("size", [4, 9])
def test_carving_with_kept_masks_matches_plain_carving(size: int) -> None:
    """`rules.Carver` (bitmasks kept up to date, a search only where a blank leaves a choice)
    empties the same cells as a plain carve that solves the whole board for every blank; the
    grids it starts from are valid, as `Carver.solved` assumes."""
    import random

    from visreason.games.sudoku import rules

    for seed in range(8 if size == 9 else 40):
        rng = random.Random(seed)
        solution = rules.random_solution(rng, size)
        assert no_repeats(solution) and all(0 not in row for row in solution)
        cells = [(r, c) for r in range(size) for c in range(size)]
        rng.shuffle(cells)
        limit = size * size // 2
        carver = rules.Carver.solved(solution)
        expected = [row[:] for row in solution]
        assert carver.carve(cells, limit) == plain_carve(expected, cells, limit)
        assert carver.board == expected
        assert rules.count_solutions(carver.board) == 1


def test_naked_single_fills_match_a_fresh_scan_per_fill() -> None:
    """Candidates updated fill by fill give the chain a fresh row-major scan gives."""
    import random

    from visreason.games.sudoku import rules

    for seed in range(40):
        rng = random.Random(seed)
        board = rules.make_puzzle(rng, rules.random_solution(rng, 9), 40)
        fills = rules.naked_single_fills(board, 6)
        if fills is None:
            with pytest.raises(StopIteration):
                reference_chain(board, 6)
        else:
            assert [(r, c, v) for (r, c), v in fills] == reference_chain(board, 6)


@pytest.mark.parametrize("size", [4, 9])
def test_kept_mask_fills_and_flat_chain_match_the_plain_scan(size: int) -> None:
    """`Carver.naked_single_fills` (read off the carver's masks) and `naked_single_chain`
    (peers read from one flat list) give the cells, values and constraints a fresh
    row-major scan with `rules.constraints` gives."""
    import random

    from visreason.games.sudoku import rules

    for seed in range(60):
        rng = random.Random(seed)
        carver = rules.Carver.solved(rules.random_solution(rng, size))
        cells = [(r, c) for r in range(size) for c in range(size)]
        rng.shuffle(cells)
        carver.carve(cells, rng.randint(3, size * size // 2))
        board = [row[:] for row in carver.board]
        expected = reference_chain(board, 4) if rules.naked_single_fills(board, 4) else None
        fills = carver.naked_single_fills(4)
        assert carver.board == board
        assert fills == (None if expected is None else [((r, c), v) for r, c, v in expected])
        chain = rules.naked_single_chain(board, 4)
        if expected is None:
            assert chain is None
            continue
        work = [row[:] for row in board]
        for step, (r, c, v) in zip(chain, expected, strict=True):
            assert step.cell == (r, c) and step.value == v
            assert step.why == rules.constraints(work, (r, c))
            work[r][c] = v


def test_swap_values_matches_a_plain_relabel() -> None:
    """`rules.swap_values` (rows translated as bytes) exchanges exactly the two colours."""
    import random

    from visreason.games.sudoku import rules

    rng = random.Random(7)
    for _ in range(200):
        size = rng.choice([4, 9])
        board = [[rng.randint(0, size) for _ in range(size)] for _ in range(size)]
        a, b = rng.randint(1, size), rng.randint(1, size)
        plain = [[b if v == a else a if v == b else v for v in row] for row in board]
        swapped = rules.swap_values(board, a, b)
        assert swapped == plain and all(type(v) is int for row in swapped for v in row)
        assert swapped is not board and all(s is not r for s, r in zip(swapped, board, strict=True))


def test_text_grid_and_state_key_written_directly_match_the_plain_forms() -> None:
    """The describe grid and the state key, written from the rows as bytes, match
    `core.text.text_grid` and the plain digit join on every board shape and value."""
    import random

    from visreason.core.text import text_grid
    from visreason.games.sudoku import game

    sudoku = visreason.get_game("sudoku")
    rng = random.Random(3)
    for _ in range(300):
        size = rng.choice([4, 9])
        board = [[rng.randint(0, size) for _ in range(size)] for _ in range(size)]
        labels = range(1, size + 1)
        plain = [["." if v == 0 else v for v in row] for row in board]
        assert game._grid_text(board, size) == text_grid(plain, labels, labels)
        assert sudoku.state_key({"board": board}) == "/".join(
            "".join(map(str, row)) for row in board)
    odd = [[12, 0], [2, 47]]
    assert sudoku.state_key({"board": odd}) == "120/247"
    assert game._grid_text(odd, 2) == text_grid([[12, "."], [2, 47]], range(1, 3), range(1, 3))
