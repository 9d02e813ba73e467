"""Minesweeper answers re-derived by brute force over every mine placement."""

from __future__ import annotations

from itertools import combinations
from math import comb

import pytest

import visreason
from visreason.games.minesweeper import rules
from visreason.games.minesweeper.render import NUMBER_COLORS, layout_for

SIZES = {"easy": (4, 3), "medium": (5, 5), "hard": (6, 8)}
LIMIT = 40_000  # brute force only boards with at most this many placements to try


def around(r: int, c: int, n: int) -> list[tuple[int, int]]:
    return [(r + dr, c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)
            if (dr or dc) and 0 <= r + dr < n and 0 <= c + dc < n]


def cells(board: list[list[str]], *values: str) -> list[tuple[int, int]]:
    return [(r, c) for r, row in enumerate(board) for c, v in enumerate(row) if v in values]


def revealed(board: list[list[str]]) -> list[tuple[int, int]]:
    return cells(board, *"012345678")


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


ALL = [t.name for t in visreason.tasks("minesweeper")]


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("task", ALL)
def test_board_is_dealt_as_specified(task: str, level: str) -> None:
    for seed in range(6):
        s = visreason.generate(f"minesweeper/{task}", level, seed)
        board, n = s.state["board"], len(s.state["board"])
        assert (n, s.state["mines"]) == SIZES[level]
        mines = {tuple(m) for m in s.meta["hidden_mines"]}
        click = tuple(s.meta["first_click"])
        assert len(mines) == s.state["mines"]
        assert not mines & {click, *around(*click, n)}
        assert set(revealed(board)) == flood(click, mines, n)
        for r, c in revealed(board):
            assert int(board[r][c]) == sum(1 for x in around(r, c, n) if x in mines)
        flags = cells(board, "F")
        touching = [m for m in sorted(mines)
                    if any(board[x[0]][x[1]] in "012345678" for x in around(*m, n))]
        assert 2 <= len(flags) <= 4 and flags == touching[: len(flags)]


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
def test_cell_state_and_picture(level: str) -> None:
    names = {"F": "Flagged", "#": "Hidden and not flagged", "0": "Revealed and empty"}
    kinds = set()
    for seed in range(20):
        s = visreason.generate("minesweeper/cell_state", level, seed)
        r, c = sample_cell(s)
        value = s.state["board"][r][c]
        assert option(s).startswith(names.get(value, "Revealed, showing a number"))
        kinds.add(s.answer)
        _check_picture(s)
    assert len(kinds) == 4


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


def _checked(task: str, level: str, seeds: range):
    """Samples with their brute-force layouts, skipping the few too large to enumerate."""
    done = 0
    for seed in seeds:
        s = visreason.generate(f"minesweeper/{task}", level, seed)
        layouts = placements(s.state)
        if layouts is None:
            continue
        assert {frozenset(tuple(m) for m in s.meta["hidden_mines"])} <= set(
            map(frozenset, layouts))
        done += 1
        yield s, layouts
    assert done >= len(seeds) // 2


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_reveal_outcome_matches_brute_force(level: str) -> None:
    letters = set()
    for s, layouts in _checked("reveal_outcome", level, range(24)):
        cell = sample_cell(s)
        n = len(s.state["board"])
        assert s.state["board"][cell[0]][cell[1]] == "#"
        assert any(s.state["board"][x][y] in "012345678" for x, y in around(*cell, n))
        kind, value = _outcome(layouts, cell, n)
        assert ord(s.answer) - 65 == kind, (s.id, s.analysis)
        listed = int(s.options[2].split()[-1])
        possible = {sum(1 for x in around(*cell, n) if x in m) for m in layouts if cell not in m}
        assert listed == value if kind == 2 else listed not in possible
        for i in range(4):
            assert visreason.verify(s, "ABCD"[i]) == (1.0 if i == kind else 0.0)
        letters.add(s.answer)
    assert len(letters) >= 3


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_best_move_matches_brute_force(level: str) -> None:
    letters = set()
    for s, layouts in _checked("best_move", level, range(30)):
        r, c = sample_cell(s)
        value = s.state["board"][r][c]
        if value == "#":
            mine = [(r, c) in m for m in layouts]
            expected = 0 if all(mine) else 1 if not any(mine) else 3
        else:
            expected = {"F": 5, "0": 4}.get(value, 2)
        assert ord(s.answer) - 65 == expected, (s.id, s.analysis)
        assert visreason.verify(s, "F" if expected != 5 else "A") == 0.0
        letters.add(s.answer)
    assert len(letters) >= 5


@pytest.mark.parametrize("level", visreason.LEVELS)
def test_deduction_chain_is_sound(level: str) -> None:
    """Every step the analyses quote holds in every brute-force layout."""
    for s, layouts in _checked("reveal_outcome", level, range(24, 44)):
        steps = rules.deduce(s.state["board"], s.state["mines"])
        for step in steps:
            assert all(all(x in m for m in layouts) for x in step.mines), step.text
            assert all(all(x not in m for m in layouts) for x in step.safes), step.text
            assert step.text in s.analysis or step not in rules.chain_for(steps, [sample_cell(s)])

