"""Minesweeper answers re-derived by brute force over every mine placement."""

from __future__ import annotations

import random
import re
from collections import Counter
from itertools import combinations
from math import comb

import pytest

import visreason
from visreason.core.generate import generate_group
from visreason.data.audit import audit
from visreason.games.minesweeper import rules
from visreason.games.minesweeper.render import NUMBER_COLORS, layout_for
from visreason.games.minesweeper.tasks import Scene

from .contract import dense_audit_passes, param_error

SIZES = {"easy": (4, 3), "medium": (5, 5), "hard": (6, 8)}
LIMIT = 40_000  # brute force only boards with at most this many placements to try
DIGITS = "012345678"
WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight")


def around(r: int, c: int, n: int) -> list[tuple[int, int]]:
    return [(r + dr, c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)
            if (dr or dc) and 0 <= r + dr < n and 0 <= c + dc < n]


def cells(board: list[list[str]], *values: str) -> list[tuple[int, int]]:
    return [(r, c) for r, row in enumerate(board) for c, v in enumerate(row) if v in values]


def revealed(board: list[list[str]]) -> list[tuple[int, int]]:
    return cells(board, *DIGITS)


def placements(state: dict) -> list[set[tuple[int, int]]] | None:
    """Every full mine set (flags included) that matches each number and the total."""
    board, total = state["board"], state["mines"]
    n = len(board)
    flags = set(cells(board, "F"))
    hidden = cells(board, "#")
    k = total - len(flags)
    if comb(len(hidden), k) > LIMIT:
        return None
    checks = [(around(r, c, n), int(board[r][c])) for r, c in revealed(board)]
    found = []
    for chosen in combinations(hidden, k):
        mines = flags | set(chosen)
        if all(sum(1 for x in nb if x in mines) == want for nb, want in checks):
            found.append(mines)
    return found


def option(sample: visreason.Sample) -> str:
    return sample.options[ord(sample.answer) - 65]


def sample_cell(sample: visreason.Sample) -> tuple[int, int]:
    r, c = sample.meta["cell"]
    assert f"({r}, {c})" in sample.question
    return r, c


def flood(click: tuple[int, int], mines: set, n: int) -> set[tuple[int, int]]:
    seen, todo = set(), [click]
    while todo:
        cell = todo.pop()
        if cell in seen:
            continue
        seen.add(cell)
        if not any(x in mines for x in around(*cell, n)):
            todo.extend(around(*cell, n))
    return seen


def open_form(sample: visreason.Sample) -> visreason.Sample:
    """The open sample of the same item: the same board and question, without options."""
    seed, index = int(sample.id.split("@")[1]), int(sample.id.split("@")[0].split("/")[-1])
    o = visreason.generate(sample.task_id, sample.plot_level, seed, index, answer_form="open")
    assert o.state == sample.state and o.options is None
    return o


ALL = [t.name for t in visreason.tasks("minesweeper")]


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("task", ALL)
def test_board_is_a_position_in_play(task: str, level: str) -> None:
    """A clear first click, later safe clicks, numbers that count, 2-4 true flags, not won."""
    for seed in range(6):
        s = visreason.generate(f"minesweeper/{task}", level, seed)
        board, n = s.state["board"], len(s.state["board"])
        assert (n, s.state["mines"]) == SIZES[level]
        mines = {tuple(m) for m in s.meta["hidden_mines"]}
        click = tuple(s.meta["first_click"])
        later = [tuple(c) for c in s.meta["later_clicks"]]
        assert len(mines) == s.state["mines"]
        assert not mines & {click, *around(*click, n)}
        assert not mines & set(later)
        opened = flood(click, mines, n).union(*(flood(c, mines, n) for c in later))
        assert set(revealed(board)) == opened
        for r, c in revealed(board):
            assert int(board[r][c]) == sum(1 for x in around(r, c, n) if x in mines)
        flags = set(cells(board, "F"))
        assert 2 <= len(flags) <= 4 and flags <= mines
        assert all(any(board[x][y] in DIGITS for x, y in around(*f, n)) for f in flags)
        safe_hidden = [c for c in cells(board, "#") if c not in mines]
        assert safe_hidden, "a won game asks nothing"


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_counts(level: str) -> None:
    for seed in range(10):
        s = visreason.generate("minesweeper/flag_count", level, seed)
        flags = sum(row.count("F") for row in s.state["board"])
        assert s.answer == str(flags)
        assert visreason.verify(s, str(flags + 1)) == 0.0
        s = visreason.generate("minesweeper/mines_left", level, seed)
        left = s.state["mines"] - sum(row.count("F") for row in s.state["board"])
        assert s.answer == str(left) and visreason.verify(s, f"Answer: {left}") == 1.0
        assert visreason.verify(s, str(left + 1)) == 0.0
        s = visreason.generate("minesweeper/revealed_count", level, seed)
        shown = len(revealed(s.state["board"]))
        assert s.answer == str(shown) and visreason.verify(s, str(shown - 1)) == 0.0


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_flag_counts_are_balanced(level: str) -> None:
    """Every flag count the board allows, equally often over consecutive items."""
    choices = list(range(2, min(4, SIZES[level][1]) + 1))
    count = 4 * len(choices)
    for task in ("flag_count", "mines_left"):
        answers = Counter()
        for i in range(count):
            s = visreason.generate(f"minesweeper/{task}", level, 3, i)
            answers[sum(row.count("F") for row in s.state["board"])] += 1
        assert answers == dict.fromkeys(choices, 4), (task, answers)


def test_revealed_count_spreads_on_the_small_board() -> None:
    """On 4x4 boards most deals show 9-12 revealed cells; no count may dominate the answers."""
    answers = Counter(visreason.generate("minesweeper/revealed_count", "easy", 4, i).answer
                      for i in range(60))
    assert len(answers) >= 5 and max(answers.values()) <= 12, answers


CELL_WORDS = {  # the cell state as a reader might write it, by board value
    "F": ["Flagged", "flag", "It is flagged.", "a hidden cell with a flag", "F"],
    "#": ["Hidden and not flagged", "hidden", "unrevealed", "covered, no flag", "#",
          "not revealed yet"],
    "0": ["Revealed and empty (a 0, no number shown)", "revealed empty", "empty", "blank",
          "a revealed 0", "zero"],
}


def _cell_state_answers(value: str) -> tuple[list[str], list[str]]:
    """(answers that must score 1, answers that must score 0) for a cell showing `value`."""
    if value in DIGITS[1:]:
        other = str(int(value) % 8 + 1)
        right = ["Revealed, showing a number", "revealed number", value,
                 f"revealed, showing {value}", f"it shows the number {WORDS[int(value)]}"]
        wrong = [other, f"revealed, showing {other}"]
    else:
        right, wrong = CELL_WORDS[value], []
    for key, words in CELL_WORDS.items():
        if key != value:
            wrong += words
    if value not in DIGITS[1:]:
        wrong += ["Revealed, showing a number", "3"]
    wrong += ["hidden or flagged", "flagged and empty", "", "revealed"]
    return right, wrong


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_cell_state_and_picture(level: str) -> None:
    names = {"F": "Flagged", "#": "Hidden and not flagged", "0": "Revealed and empty"}
    kinds = Counter()
    for index in range(20):
        s = visreason.generate("minesweeper/cell_state", level, 0, index)
        o = open_form(s)
        r, c = sample_cell(s)
        value = s.state["board"][r][c]
        assert option(s).startswith(names.get(value, "Revealed, showing a number"))
        kinds[s.answer] += 1
        for letter in "ABCD":
            assert visreason.verify(s, letter) == float(letter == s.answer)
        _check_picture(s)
        right, wrong = _cell_state_answers(value)
        for text in right:
            assert visreason.verify(o, f"Answer: {text}") == 1.0, (value, text)
        for text in wrong:
            assert visreason.verify(o, f"Answer: {text}") == 0.0, (value, text)
    assert kinds == dict.fromkeys("ABCD", 5)  # balanced over consecutive items


def _check_picture(s: visreason.Sample) -> None:
    """Grey hidden cells, white revealed ones, a red pennant on flags, numbers in colour."""
    board = s.state["board"]
    layout = layout_for(len(board))
    image = s.image.convert("RGB")
    assert 250 <= image.size[0] <= 700
    size = layout.cell
    for r, row in enumerate(board):
        for c, value in enumerate(row):
            x0, y0, x1, y1 = layout.box(r, c)
            side = image.getpixel((int(x0 + 0.85 * size), int(y0 + 0.5 * size)))
            assert side == ((200, 200, 200) if value in "#F" else (255, 255, 255))
            pennant = image.getpixel((int(x0 + 0.45 * size), int(y0 + 0.36 * size)))
            assert (pennant == (220, 40, 40)) == (value == "F")
            inks = {p for _, p in image.crop((x0 + 2, y0 + 2, x1 - 2, y1 - 2)).getcolors(4096)}
            if value in NUMBER_COLORS:
                assert NUMBER_COLORS[value] in inks
            if value == "0":
                assert inks == {(255, 255, 255)}


def _outcome(layouts: list[set], cell: tuple[int, int], n: int) -> tuple[int, int | None]:
    """0 mine, 1 zero, 2 the number, 3 undetermined, by brute force."""
    if all(cell in m for m in layouts):
        return 0, None
    if any(cell in m for m in layouts):
        return 3, None
    shown = {sum(1 for x in around(*cell, n) if x in m) for m in layouts}
    if len(shown) > 1:
        return 3, None
    value = shown.pop()
    return (1, 0) if value == 0 else (2, value)


def _checked(task: str, level: str, indices: range):
    """Samples with their brute-force layouts, skipping the few too large to enumerate."""
    done = 0
    for index in indices:
        s = visreason.generate(f"minesweeper/{task}", level, 0, index)
        layouts = placements(s.state)
        if layouts is None:
            continue
        assert {frozenset(tuple(m) for m in s.meta["hidden_mines"])} <= set(
            map(frozenset, layouts))
        done += 1
        yield s, layouts
    assert done >= len(indices) // 2


OUTCOME_WORDS = {  # the outcome as a reader might write it
    0: ["mine", "It is a mine, so the game is lost", "a mine: game over", "boom, you lose"],
    3: ["undetermined", "It cannot be determined from the visible information", "unknown",
        "can't tell", "not determined by the board"],
}


def _outcome_answers(kind: int, value: int | None) -> tuple[list[str], list[str]]:
    numbers = {v: [str(v), f"It shows the number {v}", f"shows {WORDS[v]}", f"not a mine, {v}"]
               for v in range(9)}
    numbers[0] += ["It shows 0 and automatically opens the area around it", "empty"]
    right = OUTCOME_WORDS[kind] if kind in OUTCOME_WORDS else numbers[value]
    wrong = [text for k, words in OUTCOME_WORDS.items() if k != kind for text in words]
    wrong += [text for v, words in numbers.items() if v != value for text in words[:2]]
    wrong += ["mine or 2", "2 or 3", "safe", "", "9"]
    return right, wrong


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_reveal_outcome_matches_brute_force(level: str) -> None:
    letters = Counter()
    for s, layouts in _checked("reveal_outcome", level, range(24)):
        cell = sample_cell(s)
        n = len(s.state["board"])
        assert s.state["board"][cell[0]][cell[1]] == "#"
        assert any(s.state["board"][x][y] in DIGITS for x, y in around(*cell, n))
        kind, value = _outcome(layouts, cell, n)
        assert ord(s.answer) - 65 == kind, (s.id, s.analysis)
        listed = int(s.options[2].split()[-1])
        possible = {sum(1 for x in around(*cell, n) if x in m) for m in layouts if cell not in m}
        assert listed == value if kind == 2 else listed not in possible
        for i in range(4):
            assert visreason.verify(s, "ABCD"[i]) == (1.0 if i == kind else 0.0)
        letters[s.answer] += 1
        o = open_form(s)
        right, wrong = _outcome_answers(kind, value)
        for text in right:
            assert visreason.verify(o, f"Answer: {text}") == 1.0, (o.id, kind, value, text)
        for text in wrong:
            assert visreason.verify(o, f"Answer: {text}") == 0.0, (o.id, kind, value, text)
    assert len(letters) == 4


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_best_move_matches_brute_force(level: str) -> None:
    """The right option is certainly safe, no other is; the open form takes every safe cell."""
    for s, layouts in _checked("best_move", level, range(16)):
        board, n = s.state["board"], len(s.state["board"])
        safe = {c for c in cells(board, "#") if not any(c in m for m in layouts)}
        assert safe and any(any(c in m for m in layouts) for c in cells(board, "#"))
        picked = [tuple(int(v) for v in text.strip("()").split(", ")) for text in s.options]
        assert len(picked) == 6
        for i, cell in enumerate(picked):
            assert (cell in safe) == (i == ord(s.answer) - 65), (s.id, cell)
            assert visreason.verify(s, "ABCDEF"[i]) == float(cell in safe)
        assert any(board[r][c] == "#" and (r, c) not in safe for r, c in picked), \
            "a wrong option that only the rule rules out"
        o = open_form(s)
        assert tuple(int(v) for v in o.answer.strip("()").split(", ")) in safe
        assert set(o.meta["accepted"]) == {f"({r}, {c})" for r, c in safe}
        for r in range(n):
            for c in range(n):
                want = 1.0 if (r, c) in safe else 0.0
                assert visreason.verify(o, f"Answer: ({r}, {c})") == want, (o.id, r, c)
        r, c = next(iter(safe))
        for text in (f"row {r}, column {c}", f"<answer>({r},{c})</answer>"):
            assert visreason.verify(o, text) == 1.0
        for text in (f"({r}, {c}) or (0, 0)", f"({r}, {c}, 1)", f"({r + n}, {c})", "(r, c)"):
            assert visreason.verify(o, text) == 0.0, text


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_deduction_chain_is_sound(level: str) -> None:
    """Every step the analyses quote holds in every brute-force layout."""
    for s, layouts in _checked("reveal_outcome", level, range(24, 44)):
        steps = rules.deduce(s.state["board"], s.state["mines"])
        for step in steps:
            assert all(all(x in m for m in layouts) for x in step.mines), step.text
            assert all(all(x not in m for m in layouts) for x in step.safes), step.text
            assert step.text in s.analysis or step not in rules.chain_for(steps, [sample_cell(s)])


@pytest.mark.parametrize("task", ["cell_state", "reveal_outcome", "best_move"])
def test_malformed_open_answers_score_zero(task: str) -> None:
    o = visreason.generate(f"minesweeper/{task}", "medium", 1, answer_form="open")
    hostile = ["", " ", "(" * 5000, "mine " * 20_000, "1" * 100_000, "\x00\ud800",
               "(1, 2" * 3000, "not " * 10_000 + "flagged", "#" * 300]
    for text in hostile:
        assert visreason.verify(o, text) == 0.0
        assert visreason.get_task(o.task_id).check_open(o.state, o.meta, text) == 0.0
    broken = {"board": [["#"]], "mines": "x"}
    assert visreason.get_task(o.task_id).check_open(broken, o.meta, o.answer) == 0.0


SETTINGS = [(4, 3, 50), (5, 5, 30), (6, 8, 30), (5, 6, 0), (6, 3, 60), (8, 16, 0)]


def dealt_boards(count: int) -> list[rules.Deal]:
    """Boards dealt at the level presets and at denser, sparser and unplayed settings."""
    rng = random.Random(7)
    boards = []
    for size, mines, progress in SETTINGS:
        found = 0
        while found < count:
            flags = rng.randint(2, min(4, mines - 1)) if rng.random() < 0.5 else None
            dealt = rules.deal(rng, size, mines, progress, flags)
            if dealt is not None:
                boards.append(dealt)
                found += 1
    return boards


def solved_frontiers(count: int):
    """(deal, board, size, every mine layout, hidden cells beside a number) of dealt boards
    small enough to enumerate."""
    for dealt in dealt_boards(count):
        board, n = dealt.board, len(dealt.board)
        layouts = placements({"board": board, "mines": dealt.total})
        if layouts is None:
            continue
        frontier = [c for c in cells(board, "#")
                    if any(board[x][y] in DIGITS for x, y in around(*c, n))]
        yield dealt, board, n, layouts, frontier


def test_zero_pretest_never_misses_a_certain_zero() -> None:
    """may_show_zero and hides_a_zero let reveal_outcome skip solving; they must be True
    wherever brute force finds a hidden frontier cell that shows 0 in every placement."""
    checked = 0
    for dealt, board, n, layouts, frontier in solved_frontiers(150):
        zero = [c for c in frontier if layouts and all(
            not {c, *around(*c, n)} & m for m in layouts)]
        if zero:
            checked += 1
            assert rules.may_show_zero(board, dealt.total), board
            assert rules.hides_a_zero(dealt), board
    assert checked >= 50


def test_undecided_pretest_never_misses_an_undecided_cell() -> None:
    """may_be_undecided lets reveal_outcome skip solving; it must be True wherever brute force
    finds a hidden frontier cell that is neither a certain mine nor a certain number."""
    checked = 0
    for dealt, board, n, layouts, frontier in solved_frontiers(150):
        undecided = [c for c in frontier if len({c in m for m in layouts}) > 1 or len(
            {sum(x in m for x in around(*c, n)) for m in layouts if c not in m}) > 1]
        if undecided:
            checked += 1
            assert rules.may_be_undecided(board, dealt.total), board
    assert checked >= 50


def test_chain_followed_partly_explains_as_the_whole_chain() -> None:
    """An analysis follows the simple-rule chain only until the asked certain cells are
    settled; the steps it shows and the cells it finds reached are those of the whole chain."""
    rng = random.Random(11)
    for dealt in dealt_boards(40):
        sol = rules.solve(dealt.board, dealt.total)
        whole = rules.deduce(dealt.board, dealt.total)
        reached = rules.settled_by_chain(whole)
        for _ in range(3):
            asked = rng.sample(sol.unknown, min(3, len(sol.unknown)))
            scene = Scene(dealt.board, dealt.total, sol)
            steps, settled = scene.steps_for(asked)
            assert [s.text for s in rules.chain_for(steps, asked)] == \
                [s.text for s in rules.chain_for(whole, asked)]
            assert {c for c in asked if c in settled} == {c for c in asked if c in reached}


def test_outcome_groups_match_the_outcome_of_each_cell() -> None:
    """RevealOutcome.group (which skips work a kind does not need) sorts as kind_of does."""
    outcome = visreason.get_task("minesweeper/reveal_outcome")
    for dealt in dealt_boards(60):
        sol = rules.solve(dealt.board, dealt.total)
        for kind in range(4):
            assert outcome.group(sol, kind) == [c for c in sol.frontier
                                                if outcome.kind_of(sol, c) == kind]


EXTREMES = [
    {"size": 4, "mines": 3}, {"size": 8, "mines": 3}, {"size": 8, "mines": 16},
    {"size": 4, "mines": 4, "progress": 0}, {"size": 5, "mines": 6, "progress": 60},
    {"size": 8, "mines": 3, "progress": 60}, {"size": 8, "mines": 16, "progress": 0},
]


@pytest.mark.parametrize("params", EXTREMES, ids=lambda p: ",".join(f"{k}={v}" for k, v in
                                                                      p.items()))
def test_every_task_generates_at_the_ends_of_each_parameter(params: dict) -> None:
    for task in ALL:
        for index in range(3):
            s = visreason.generate(f"minesweeper/{task}", "hard", 0, index, params=params,
                                   text_only=True)
            board = s.state["board"]
            assert len(board) == params["size"] and s.state["mines"] == params["mines"]
            flags = sum(row.count("F") for row in board)
            assert 2 <= flags <= min(4, params["mines"])


@pytest.mark.parametrize(("params", "named"), [
    ({"size": 3}, "[4, 8]"), ({"size": 9}, "[4, 8]"), ({"mines": 2}, "[3, 16]"),
    ({"mines": 17}, "[3, 16]"), ({"progress": -1}, "[0, 60]"), ({"progress": 61}, "[0, 60]"),
    ({"size": 4, "mines": 5}, "[3, 4]"), ({"size": 5}, "[3, 6]"), ({"colour": 1}, "mines"),
])
def test_bad_parameters_name_the_range(params: dict, named: str) -> None:
    param_error("minesweeper/best_move", params, "hard", named=[named], game_named=False)


def test_presets_are_the_level_boards() -> None:
    game = visreason.get_game("minesweeper")
    for level, (size, mines) in SIZES.items():
        assert (game.presets[level]["size"], game.presets[level]["mines"]) == (size, mines)


def test_text_only_form_names_no_picture_or_colour() -> None:
    game = visreason.get_game("minesweeper")
    for task in ALL:
        for level in visreason.LEVELS:
            for form in ("choice", "open"):
                s = visreason.generate(f"minesweeper/{task}", level, 2, answer_form=form,
                                       text_only=True)
                text = s.question + "\n" + s.analysis
                for word in ("image", "picture", "grey", "gray", "white", "red"):
                    assert not re.search(rf"\b{word}\b", text, re.I), (s.id, word)
    rules_text = game.rules({"board": [["#"] * 4] * 4, "mines": 3}, text_only=False)
    assert "image" in rules_text and "Grey" in rules_text


def test_split_key_is_the_board_alone() -> None:
    game = visreason.get_game("minesweeper")
    s = visreason.generate("minesweeper/cell_state", "medium", 0)
    o = visreason.generate("minesweeper/cell_state", "medium", 0, answer_form="open")
    assert game.state_key(s.state) == game.state_key(o.state)
    assert "/".join("".join(row) for row in s.state["board"]) in game.state_key(s.state)
    for index in range(5):
        t = visreason.generate("minesweeper/reveal_outcome", "easy", 0, index, split="test")
        assert t.partition == "test"


def test_audit_thresholds_hold_in_both_forms() -> None:
    samples = []
    for task in visreason.tasks("minesweeper"):
        forms = ("choice", "open") if task.is_choice else ("open",)
        for level in visreason.LEVELS:
            for form in forms:
                samples += [visreason.generate(task.id, level, 1, i, answer_form=form,
                                               text_only=True) for i in range(300)]
    report = audit(samples)
    assert report.failures == [], "\n" + report.table()
    assert all(g.trivial_share == 0 for g in report.groups)


# ----------------------------------------------------------------- several questions per state

TASK_IDS = [t.id for t in visreason.tasks("minesweeper")]
FORMS = ("choice", "open")


def groups(level: str, count: int, seed: int = 0, form: str = "choice",
           text_only: bool = False) -> list[list[visreason.Sample]]:
    return [generate_group("minesweeper", level, seed, g, questions=len(TASK_IDS),
                           answer_form=form, text_only=text_only) for g in range(count)]


def check_asked(s: visreason.Sample, o: visreason.Sample) -> bool:
    """One asked question re-derived from its (foreign) board, choice form `s` and open form
    `o`; False when the board is too large to brute-force (a best move only)."""
    board, n = s.state["board"], len(s.state["board"])
    assert "hidden_mines" not in s.meta  # only what the board shows: no dealt truth
    flags = sum(row.count("F") for row in board)
    if s.task == "flag_count":
        assert s.answer == str(flags) and visreason.verify(s, str(flags + 1)) == 0.0
    elif s.task == "mines_left":
        assert s.answer == str(s.state["mines"] - flags)
        assert visreason.verify(s, str(s.state["mines"] - flags - 1)) == 0.0
    elif s.task == "revealed_count":
        shown = len(revealed(board))
        assert s.answer == str(shown) and visreason.verify(s, str(shown + 1)) == 0.0
    elif s.task == "cell_state":
        r, c = sample_cell(s)
        value = board[r][c]
        names = {"F": "Flagged", "#": "Hidden and not flagged", "0": "Revealed and empty"}
        assert option(s).startswith(names.get(value, "Revealed, showing a number"))
        right, wrong = _cell_state_answers(value)
        assert all(visreason.verify(o, f"Answer: {t}") == 1.0 for t in right)
        assert all(visreason.verify(o, f"Answer: {t}") == 0.0 for t in wrong)
        if s.image is not None:
            _check_picture(s)
    elif s.task == "best_move":
        layouts = placements(s.state)
        if layouts is None:
            return False
        safe = {c for c in cells(board, "#") if not any(c in m for m in layouts)}
        picked = [tuple(int(v) for v in text.strip("()").split(", ")) for text in s.options]
        assert [cell in safe for cell in picked] == [i == ord(s.answer) - 65 for i in range(6)]
        assert set(o.meta["accepted"]) == {f"({r}, {c})" for r, c in safe}
        for r in range(n):
            for c in range(n):
                assert visreason.verify(o, f"({r}, {c})") == float((r, c) in safe)
    else:
        raise AssertionError(f"no check for {s.task}")
    for letter in "ABCDEF"[:len(s.options or [])]:
        assert visreason.verify(s, letter) == float(letter == s.answer)
    assert visreason.verify(s, f"<answer>{s.answer}</answer>") == 1.0
    assert visreason.verify(o, f"<answer>{o.answer}</answer>") == 1.0
    return True


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_questions_asked_about_other_tasks_boards_match_brute_force(level: str) -> None:
    """Every task but reveal_outcome asks about boards other tasks dealt; each answer is
    re-derived from the board alone, by brute force over every mine placement."""
    asked = Counter()
    for choice, open_ in zip(groups(level, 24), groups(level, 24, form="open", text_only=True),
                             strict=True):
        lead = choice[0]
        assert [s.task for s in open_] == [s.task for s in choice]
        for s, o in zip(choice[1:], open_[1:], strict=True):
            assert s.state is lead.state and s.image is lead.image and s.task != lead.task
            assert o.state == s.state and o.answer_form == "open"
            asked[s.task] += check_asked(s, o)
    assert set(asked) == {t.name for t in visreason.tasks("minesweeper")} - {"reveal_outcome"}
    assert all(count >= 4 for count in asked.values()), asked


def test_reveal_outcome_leaves_foreign_boards_alone() -> None:
    """Its four outcomes must each be exactly a quarter of the answers, which only a board
    dealt for the outcome guarantees; every other task asks."""
    assert [t.name for t in visreason.tasks("minesweeper") if not t.can_ask] == \
        ["reveal_outcome"]


def test_dense_groups_pass_the_audit() -> None:
    """Groups with every task per board pass the audit in both forms at every level.

    Flag and revealed counts of foreign boards are kept with weights that even them out, and
    a board shared by several tasks is no repeat. reveal_outcome asks about no foreign board;
    its items are the lead questions, which take consecutive indices of its own schedule and
    so keep its exact quarters.
    """
    dense_audit_passes("minesweeper", 700, 100)
