"""Ultimate tic-tac-toe as a game: the rules text, the picture, the text description."""

from __future__ import annotations

from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from . import render as draw


def rgb(color: tuple[int, int, int]) -> str:
    return "RGB " + ", ".join(map(str, color))


class UltraTicTacToe(Game):
    name = "ultra_tictactoe"
    title = "Ultimate Tic-Tac-Toe"
    category = "strategic"
    split = "in_domain"
    params = (
        Param("min_moves", "fewest moves played before the question", low=10, high=75),
        Param("max_moves", "most moves played before the question", low=10, high=75),
    )
    # The spec grades by moves played: 10-34, 35-59 and 60-81. Greedy self-play runs into a
    # full forced grid in about half the games before move 60 and almost all before move 76,
    # so the hard preset stops at 75.
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"min_moves": 10, "max_moves": 34},
        "medium": {"min_moves": 35, "max_moves": 59},
        "hard": {"min_moves": 60, "max_moves": 75},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        if text_only:
            looks = ("The board is written as text: each Nine-grid's three rows, X for the "
                     "first player's pieces, O for the second player's and . for an empty cell.")
        else:
            looks = (f"The first player's pieces are blue X marks ({rgb(draw.X_COLOR)}) "
                     f"and the second player's red O rings ({rgb(draw.O_COLOR)}). The Nine-grids "
                     "are drawn apart; the bold labels i = 1-3 on the left give the grid row "
                     "and j = 1-3 on top the grid column, and the small numbers 1-3 along the "
                     "top and left of each Nine-grid give the row and column of a cell inside "
                     "it.")
        return (
            "This is ultimate tic-tac-toe. The board is a 3x3 array of Nine-grids, each a 3x3 "
            "grid of cells. A cell is written (i, j, row, col), all 1-based: (i, j) picks the "
            "Nine-grid (i = grid row from the top, j = grid column from the left) and "
            "(row, col) the cell inside it (row from the top, col from the left). "
            f"{looks}\n"
            "The first player plays X and the second O, alternately, one piece per move on an "
            "empty cell. The first move may go to any cell of the centre Nine-grid (2, 2). "
            "Every later move must go into the Nine-grid whose (i, j) equals the (row, col) of "
            "the opponent's previous move; in the positions asked about that Nine-grid always "
            "has an empty cell. Scoring: every complete line of three of one player's pieces "
            "inside one Nine-grid (a row, a column or a diagonal) is worth 1 point to that "
            "player; one Nine-grid can give several points, and a move that completes several "
            "lines at once gains a point for each."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        board = state["board"]
        lines = ["           j = 1    j = 2    j = 3",
                 "           1 2 3    1 2 3    1 2 3"]
        for i in range(3):
            for row in range(3):
                head = f"i = {i + 1}  " if row == 0 else "       "
                cells = "   ".join(" ".join(board[3 * i + j][3 * row:3 * row + 3])
                                   for j in range(3))
                lines.append(f"{head}{row + 1}  {cells}")
            lines.append("")
        lines.append("Each block of three rows is one grid row i; within a block the numbers "
                     "1-3 on the left are the cell rows and those on top the cell columns of "
                     "each Nine-grid. X = first player, O = second player, . = empty.")
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        """The board alone: the last move a question names is not part of it."""
        return "/".join(state["board"])
