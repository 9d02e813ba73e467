"""Tic-tac-toe as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from typing import Any

from PIL import Image

from ...core import Game
from ...core.text import text_grid
from . import render as draw


class TicTacToe(Game):
    name = "tictactoe"
    title = "Tic-Tac-Toe"
    category = "strategic"
    split = "in_domain"

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        return (
            "This is a game of tic-tac-toe on a 3x3 board. Player O's pieces are red blocks and "
            "player X's pieces are blue blocks; white cells are empty. O always moves first, so O "
            "is to move when both players have the same number of pieces, otherwise X is. A "
            "player wins by filling a whole row, column or diagonal. Cells are written (row, col): "
            "rows are numbered 0-2 from top to bottom and columns 0-2 from left to right, as "
            "labelled on the image."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        return text_grid(state["board"]) + (
            "\nLegend: O = red block (player O), X = blue block (player X), . = white empty "
            "cell. Row numbers on the left, column numbers on top.")
