"""Tetris as a game: the rules text, the picture, the text description and its parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw

PIECES_TEXT = (
    "The seven tetrominoes, each made of four blocks, are named by their letter in its basic "
    "orientation: I is four blocks in a straight line; O is a 2x2 square; T is a row of three "
    "blocks with one more block centred above it; L is a column of three blocks with one more "
    "block to the right of the bottom block; J is a column of three blocks with one more block "
    "to the left of the bottom block; S is two blocks side by side with two more side by side "
    "below them, shifted one column to the left; Z is two blocks side by side with two more "
    "side by side below them, shifted one column to the right. A piece may appear turned by "
    "any number of quarter turns, but never mirrored: an L is never a J and an S is never a Z."
)


class Tetris(Game):
    name = "tetris"
    title = "Tetris"
    category = "pattern"
    split = "in_domain"
    params = (
        Param("size", "board side (rows = columns)", low=6, high=20),
        Param("pieces", "most pieces played before the question (half to all of them, fewer "
              "when the stack grows too high)", low=1, high=40),
    )
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"size": 8, "pieces": 12},
        "medium": {"size": 12, "pieces": 16},
        "hard": {"size": 16, "pieces": 20},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = state["size"]
        if text_only:
            looks = ("In the grid, . is an empty cell, # is a locked block and A is a block of "
                     "the active (falling) piece.")
            labels = "row numbers on the left of the grid, column numbers on top"
        else:
            looks = ("White cells are empty, grey cells are locked blocks and red cells are "
                     "the blocks of the active (falling) piece.")
            labels = "row numbers down the left side, column numbers across the top"
        return (
            f"This is a game of Tetris on a {n}x{n} board. {looks} Cells are written "
            f"(row, col), 0-based: rows 0-{n - 1} from top to bottom and columns 0-{n - 1} from "
            f"left to right ({labels}). {PIECES_TEXT} The active piece falls one row per "
            "timestep; it stops falling when one more row down would put a block below the "
            "bottom row or on a locked block, and it then locks in place. A row completely "
            "filled with blocks is cleared, and the rows above it move down."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        return ("Board, row numbers on the left and column numbers on top:\n"
                + text_grid(state["grid"])
                + "\nLegend: . = empty, # = locked block, A = block of the active piece.")

    def state_key(self, state: dict[str, Any]) -> str:
        return "/".join(state["grid"])
