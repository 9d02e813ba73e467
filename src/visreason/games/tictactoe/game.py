"""Tic-tac-toe as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw
from .rules import board_of, key_of

LEGEND = ("\nLegend: O = red block (player O), X = blue block (player X), . = white empty "
          "cell. Row numbers on the left, column numbers on top.")


@lru_cache(maxsize=8192)
def _describe(key: str) -> str:
    """The text board of `key`: a few thousand boards, each described once per process."""
    return text_grid(board_of(key)) + LEGEND


class TicTacToe(Game):
    """Tic-tac-toe positions graded by the strategy rule that decides the next move.

    The spec grades a position by the reason the rule engine gives: a win (easy), a threat
    (medium: a block, a fork or a fork to block), anything else (hard: no rule applies, or the
    game is over). Its hard group holds only 231 unfinished positions, fewer than a few hundred
    distinct items need, so here the fork rules join the hard group: easy is an immediate win,
    medium a threat to block, hard a fork to make or block, no rule, or a finished game.
    """

    name = "tictactoe"
    title = "Tic-Tac-Toe"
    category = "strategic"
    split = "in_domain"
    params = (
        Param("decision", "the first strategy rule that applies for the player to move: win "
              "(complete a line), block (the opponent threatens one) or other (a fork to make "
              "or block, no rule, or a finished game)", choices=("win", "block", "other")),
    )
    presets: ClassVar[dict[str, dict[str, str]]] = {
        "easy": {"decision": "win"},
        "medium": {"decision": "block"},
        "hard": {"decision": "other"},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        where = "" if text_only else ", as labelled on the image"
        return (
            "This is a game of tic-tac-toe on a 3x3 board. Player O's pieces are red blocks and "
            "player X's pieces are blue blocks; white cells are empty. O always moves first, so O "
            "is to move when both players have the same number of pieces, otherwise X is. A "
            "player wins by filling a whole row, column or diagonal. Cells are written (row, col): "
            "rows are numbered 0-2 from top to bottom and columns 0-2 from left to right"
            f"{where}."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        return _describe(key_of(state["board"]))

    def state_key(self, state: dict[str, Any]) -> str:
        """The board alone: the cell a question asks about is not part of it."""
        return key_of(state["board"])
