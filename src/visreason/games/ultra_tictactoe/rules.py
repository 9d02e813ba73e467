"""Ultimate tic-tac-toe rules (the GameQA variant scored by lines): moves, points, greedy
self-play and the forced Nine-grid inferred from piece counts.

The board is nine Nine-grids, each a 3x3 grid of cells. Grid (i, j) and cell (row, col) are
1-based; here a grid is stored as an index g = 3 (i - 1) + (j - 1) and a cell inside it as a
position p = 3 (row - 1) + (col - 1), so a move is (g, p) and sends the opponent to grid p.
X moves first, anywhere in the centre grid; every later move goes into the grid named by the
previous move's cell. Every completed line of three in a grid is one point for its owner.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

X, O, EMPTY = "X", "O", "."  # noqa: E741 (the piece is called O)
CENTRE = 4
LINES: tuple[tuple[int, int, int], ...] = (
    (0, 1, 2), (3, 4, 5), (6, 7, 8),  # rows
    (0, 3, 6), (1, 4, 7), (2, 5, 8),  # columns
    (0, 4, 8), (2, 4, 6),  # diagonals
)
LINE_NAMES = ("row 1", "row 2", "row 3", "column 1", "column 2", "column 3",
              "the main diagonal", "the anti-diagonal")
LINES_THROUGH = tuple(tuple(k for k, line in enumerate(LINES) if p in line) for p in range(9))
# For each position, the other two cells of every line through it.
PARTNERS = tuple(tuple(tuple(q for q in LINES[k] if q != p) for k in LINES_THROUGH[p])
                 for p in range(9))

Board = list[str]
Move = tuple[int, int]


def coords(g: int, p: int) -> tuple[int, int, int, int]:
    """(i, j, row, col), all 1-based."""
    return (g // 3 + 1, g % 3 + 1, p // 3 + 1, p % 3 + 1)


def grid_coords(g: int) -> tuple[int, int]:
    return (g // 3 + 1, g % 3 + 1)


def other(player: str) -> str:
    return O if player == X else X


def empty_board() -> Board:
    return [EMPTY * 9 for _ in range(9)]


def to_move(board: Board) -> str:
    xs = sum(g.count(X) for g in board)
    os_ = sum(g.count(O) for g in board)
    return X if xs == os_ else O


def pieces(board: Board) -> int:
    return sum(9 - g.count(EMPTY) for g in board)


def forced_grid(last: Sequence[int] | None) -> int:
    """The grid the next move must go into: the last move's cell, or the centre at the start."""
    return CENTRE if last is None else last[1]


def legal_moves(board: Board, last: Sequence[int] | None) -> list[Move]:
    g = forced_grid(last)
    return [(g, p) for p in range(9) if board[g][p] == EMPTY]


def play(board: Board, move: Move, player: str) -> Board:
    g, p = move
    if board[g][p] != EMPTY:
        raise ValueError(f"cell {coords(g, p)} is taken")
    after = list(board)
    after[g] = board[g][:p] + player + board[g][p + 1:]
    return after


@lru_cache(maxsize=65536)
def points(grid: str, player: str) -> int:
    return sum(grid[a] == grid[b] == grid[c] == player for a, b, c in LINES)


def completed_lines(grid: str, player: str) -> list[int]:
    return [k for k, line in enumerate(LINES) if all(grid[p] == player for p in line)]


def gain(grid: str, p: int, player: str) -> int:
    """Points `player` gains by taking the empty position p of `grid`: the lines through p
    whose two other cells are already the player's."""
    return gains(grid, player)[p]


@lru_cache(maxsize=65536)
def gains(grid: str, player: str) -> tuple[int, ...]:
    """`gain` for every position of a grid at once (a grid has 3^9 fillings: cached)."""
    return tuple(sum(grid[a] == grid[b] == player for a, b in PARTNERS[p]) for p in range(9))


@dataclass
class Game:
    """A self-played game: the moves in order (move k made by X when k is odd, 1-based)."""

    moves: list[Move]

    def board_after(self, steps: int) -> Board:
        board = empty_board()
        player = X
        for move in self.moves[:steps]:
            board = play(board, move, player)
            player = other(player)
        return board

    def last_after(self, steps: int) -> Move | None:
        return self.moves[steps - 1] if steps else None


def self_play(rng: random.Random, steps: int) -> Game:
    """Greedy random play: each mover takes a random cell among those of the forced grid
    with the largest immediate gain. Stops after `steps` moves or when the forced grid is full
    (then the game holds fewer moves)."""
    board, last, player = empty_board(), None, X
    moves: list[Move] = []
    while len(moves) < steps:
        legal = legal_moves(board, last)
        if not legal:
            break
        values = gains(board[legal[0][0]], player)
        top = max(values[p] for _, p in legal)
        move = rng.choice([m for m in legal if values[m[1]] == top])
        board = play(board, move, player)
        moves.append(move)
        last, player = move, other(player)
    return Game(moves)


def move_gains(board: Board, last: Sequence[int] | None) -> list[tuple[Move, int]]:
    player = to_move(board)
    return [((g, p), gain(board[g], p, player)) for g, p in legal_moves(board, last)]


def best_moves(board: Board, last: Sequence[int] | None) -> list[Move]:
    """Every legal move with the largest immediate gain (all legal moves when none gains)."""
    found = move_gains(board, last)
    if not found:
        return []
    top = max(v for _, v in found)
    return [m for m, v in found if v == top]


def unique_gain(board: Board, last: Sequence[int] | None) -> Move | None:
    """The one legal move with the largest gain, when that gain is positive and no other
    legal move ties it."""
    found = move_gains(board, last)
    if not found:
        return None
    top = max(v for _, v in found)
    best = [m for m, v in found if v == top]
    return best[0] if top > 0 and len(best) == 1 else None


def count_vectors(board: Board) -> tuple[str, list[int], list[int], list[int]]:
    """(player to move, opponent pieces at each cell position over all grids, the mover's
    pieces in each grid, the mover's first free move into the centre as a vector).

    Every move at position p sends the other player into grid p, so the opponent's pieces
    at position p equal the mover's pieces in grid p, plus one where the opponent's last move
    is still unanswered, minus X's opening move into the centre grid, which no move sent.
    """
    mover = to_move(board)
    rival = other(mover)
    at_position = [sum(board[g][p] == rival for g in range(9)) for p in range(9)]
    in_grid = [board[g].count(mover) for g in range(9)]
    opening = [int(mover == X and g == CENTRE) for g in range(9)]
    return mover, at_position, in_grid, opening


def inferred_grid(board: Board) -> int | None:
    """The grid the mover is sent to, from the counts alone (None if the counts do not
    name exactly one, e.g. on the empty board)."""
    _, at_position, in_grid, opening = count_vectors(board)
    diff = [a - (b - c) for a, b, c in zip(at_position, in_grid, opening, strict=True)]
    named = [g for g, d in enumerate(diff) if d == 1]
    return named[0] if len(named) == 1 and all(d in (0, 1) for d in diff) else None


def score(board: Board, player: str) -> int:
    """A player's points over the whole board."""
    return sum(points(grid, player) for grid in board)


def is_over(board: Board, last: Sequence[int] | None) -> bool:
    """No legal move: the forced Nine-grid is full (or the whole board is)."""
    return not legal_moves(board, last)
