"""Tic-tac-toe answers re-derived with an independent brute-force engine."""

from __future__ import annotations

import pytest

import visreason

LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]


def flat(state: dict) -> list[str]:
    return [v for row in state["board"] for v in row]


def won(cells: list[str], p: str) -> bool:
    return any(all(cells[i] == p for i in line) for line in LINES)


def threats_after(cells: list[str], p: str, i: int) -> int:
    trial = cells[:]
    trial[i] = p
    return sum(1 for j in range(9) if trial[j] == "." and won([*trial[:j], p, *trial[j + 1:]], p))


def reference_move(cells: list[str], p: str) -> int | None:
    """Strategy by simulation: the first cell that wins, blocks, forks or blocks a fork."""
    q = "X" if p == "O" else "O"
    if won(cells, "O") or won(cells, "X") or "." not in cells:
        return None
    free = [i for i in range(9) if cells[i] == "."]
    for test in (
        lambda i: won([*cells[:i], p, *cells[i + 1:]], p),
        lambda i: won([*cells[:i], q, *cells[i + 1:]], q),
        lambda i: threats_after(cells, p, i) >= 2,
        lambda i: threats_after(cells, q, i) >= 2,
    ):
        hits = [i for i in free if test(i)]
        if hits:
            return hits[0]
    return free[0]


def to_move(cells: list[str]) -> str:
    return "O" if cells.count("O") == cells.count("X") else "X"


def option_cell(text: str) -> int | None:
    digits = [int(ch) for ch in text if ch.isdigit()]
    return digits[0] * 3 + digits[1] if len(digits) == 2 else None


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("seed", range(25))
def test_best_move_matches_reference(level: str, seed: int) -> None:
    s = visreason.generate("tictactoe/best_move", level, seed)
    cells = flat(s.state)
    assert cells.count("O") - cells.count("X") in (0, 1)
    expected = reference_move(cells, to_move(cells))
    chosen = s.options[ord(s.answer) - 65]
    assert option_cell(chosen) == expected


@pytest.mark.parametrize("level", visreason.LEVELS)
@pytest.mark.parametrize("seed", range(25))
def test_move_outcome_matches_replay(level: str, seed: int) -> None:
    s = visreason.generate("tictactoe/move_outcome", level, seed)
    cells = flat(s.state)
    r, c = s.meta["cell"]
    i = r * 3 + c
    p = to_move(cells)
    chosen = s.options[ord(s.answer) - 65]
    if reference_move(cells, p) is None or cells[i] != ".":
        assert "illegal" in chosen
        return
    after = [*cells[:i], p, *cells[i + 1:]]
    if won(after, p):
        assert "wins" in chosen
    elif "." not in after:
        assert "draw" in chosen
    else:
        assert option_cell(chosen) == reference_move(after, "X" if p == "O" else "O")


@pytest.mark.parametrize("seed", range(20))
def test_block_color_reads_the_state(seed: int) -> None:
    s = visreason.generate("tictactoe/block_color", "medium", seed)
    r, c = (int(ch) for ch in s.question.split("block at (")[1].split(")")[0].split(", "))
    value = s.state["board"][r][c]
    assert s.options[ord(s.answer) - 65] == {"O": "red", "X": "blue", ".": "white"}[value]
    pixel = s.image.convert("RGB").getpixel(tuple(int(v) for v in _center(r, c)))
    assert pixel == {"O": (220, 40, 40), "X": (40, 90, 220), ".": (255, 255, 255)}[value]


def _center(r: int, c: int) -> tuple[float, float]:
    from visreason.games.tictactoe.render import LAYOUT

    return LAYOUT.center(r, c)
