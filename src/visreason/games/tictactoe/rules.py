"""Tic-tac-toe logic: boards, wins, and the stated priority strategy (no drawing, no text)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...core.text import fmt_cell as fmt

EMPTY, O, X = ".", "O", "X"  # noqa: E741  (the players are called O and X)
CELLS = [(r, c) for r in range(3) for c in range(3)]
LINES: list[tuple[str, list[tuple[int, int]]]] = (
    [(f"row {r}", [(r, c) for c in range(3)]) for r in range(3)]
    + [(f"column {c}", [(r, c) for r in range(3)]) for c in range(3)]
    + [("the main diagonal", [(i, i) for i in range(3)]),
       ("the anti-diagonal", [(i, 2 - i) for i in range(3)])]
)

Board = list[list[str]]
Cell = tuple[int, int]

# Per cell, the lines through it in LINES order, each as (name, its two other cells): the
# win and fork tests look only at those two cells.
THROUGH: dict[Cell, list[tuple[str, tuple[Cell, Cell]]]] = {
    cell: [(name, tuple(c for c in line if c != cell)) for name, line in LINES if cell in line]
    for cell in CELLS
}


def empty_board() -> Board:
    return [[EMPTY] * 3 for _ in range(3)]


def other(player: str) -> str:
    return X if player == O else O


def counts(board: Board) -> tuple[int, int]:
    flat = [v for row in board for v in row]
    return flat.count(O), flat.count(X)


def to_move(board: Board) -> str:
    """O moves first, so O is to move whenever the counts are equal."""
    n_o, n_x = counts(board)
    return O if n_o == n_x else X


def winner(board: Board) -> str | None:
    for _, ((r0, c0), (r1, c1), (r2, c2)) in LINES:
        value = board[r0][c0]
        if value != EMPTY and value == board[r1][c1] == board[r2][c2]:
            return value
    return None


def empties(board: Board) -> list[tuple[int, int]]:
    return [(r, c) for r, c in CELLS if board[r][c] == EMPTY]


def is_over(board: Board) -> bool:
    return winner(board) is not None or not empties(board)


def winning_cells(board: Board, player: str) -> list[tuple[tuple[int, int], str]]:
    """Empty cells where `player` would complete a line, with the line's name, row-major."""
    found = []
    for cell in empties(board):
        for name, ((r0, c0), (r1, c1)) in THROUGH[cell]:
            if board[r0][c0] == player == board[r1][c1]:
                found.append((cell, name))
                break
    return found


def fork_lines(board: Board, player: str, cell: tuple[int, int]) -> list[str]:
    """Lines through `cell` holding exactly one `player` piece and no opponent piece."""
    names = []
    rival = other(player)
    for name, ((r0, c0), (r1, c1)) in THROUGH[cell]:
        values = (board[r0][c0], board[r1][c1])
        if values.count(player) == 1 and rival not in values:
            names.append(name)
    return names


def fork_cells(board: Board, player: str) -> list[tuple[tuple[int, int], list[str]]]:
    """Empty cells that would give `player` two open lines of two at once, row-major."""
    result = []
    for cell in empties(board):
        lines = fork_lines(board, player, cell)
        if len(lines) >= 2:
            result.append((cell, lines))
    return result


@dataclass(frozen=True)
class Decision:
    """The strategy's move and which rule chose it; rule 0 means the game is over."""

    move: tuple[int, int] | None
    rule: int
    reason: str


RULE_NAMES = {
    0: "game over",
    1: "win",
    2: "block a threat",
    3: "make a fork",
    4: "block a fork",
    5: "first empty cell",
}


def decide(board: Board, player: str) -> Decision:
    """The priority strategy stated in the prompt; ties go to the first cell in row-major order."""
    won = winner(board)
    if won is not None:
        return Decision(None, 0, f"{won} has already completed a line, so the game is over")
    if not empties(board):
        return Decision(None, 0, "the board is full, so the game is over")
    wins = winning_cells(board, player)
    if wins:
        cell, line = wins[0]
        return Decision(cell, 1, f"{player} wins at once by completing {line} at {fmt(cell)}")
    threats = winning_cells(board, other(player))
    if threats:
        cell, line = threats[0]
        return Decision(cell, 2, f"{other(player)} threatens to complete {line}, so {player} "
                                 f"blocks at {fmt(cell)}")
    forks = fork_cells(board, player)
    if forks:
        cell, lines = forks[0]
        return Decision(cell, 3, f"{player} makes a fork at {fmt(cell)}, opening "
                                 f"{' and '.join(lines)}")
    rival_forks = fork_cells(board, other(player))
    if rival_forks:
        cell, lines = rival_forks[0]
        return Decision(cell, 4, f"{other(player)} could fork at {fmt(cell)} (through "
                                 f"{' and '.join(lines)}), so {player} takes that cell")
    cell = empties(board)[0]
    return Decision(cell, 5, f"no rule applies, so {player} takes the first empty cell {fmt(cell)}")


# Which strategy rule decides the current player's move, grouped into the three kinds of
# position the difficulty presets ask for. Finished games (rule 0) go with the last group.
DECISION_GROUPS: dict[str, frozenset[int]] = {
    "win": frozenset({1}),
    "block": frozenset({2}),
    "other": frozenset({0, 3, 4, 5}),
}


def key_of(board: Board) -> str:
    """The board as one line of text, rows separated by '/' (e.g. 'XO./.X./..O')."""
    return "/".join(map("".join, board))


def board_of(key: str) -> Board:
    return [list(row) for row in key.split("/")]


@lru_cache(maxsize=1)
def positions() -> tuple[str, ...]:
    """Every position reachable from the empty board by legal play that stops at a win, in a
    fixed order: the boards the spec's random play (0-9 random moves from O) can produce."""
    start = key_of(empty_board())
    seen, frontier = {start}, [start]
    while frontier:
        following = []
        for key in frontier:
            board = board_of(key)
            if is_over(board):
                continue
            player = to_move(board)
            for r, c in empties(board):
                board[r][c] = player
                child = key_of(board)
                board[r][c] = EMPTY
                if child not in seen:
                    seen.add(child)
                    following.append(child)
        frontier = following
    return tuple(sorted(seen))


@lru_cache(maxsize=8192)
def decision_of(key: str) -> Decision:
    """The strategy's decision for the player to move on the board `key` (cached)."""
    board = board_of(key)
    return decide(board, to_move(board))


GROUP_OF_RULE = {rule: name for name, group in DECISION_GROUPS.items() for rule in group}


def group_of(key: str) -> str:
    return GROUP_OF_RULE[decision_of(key).rule]


def played_key(key: str, cell: Cell, player: str) -> str:
    """The key of board `key` with `player`'s piece put at `cell` (rows of 3 and a '/')."""
    at = cell[0] * 4 + cell[1]
    return key[:at] + player + key[at + 1:]
