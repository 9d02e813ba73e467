"""Pac-Man as a game: the rules text, the picture, the text description and its parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from . import render as draw


def board_text(grid: list[str], marks: dict[tuple[int, int], str]) -> str:
    """The grid with the pieces marked, aligned as `text_grid` aligns it (every cell is one
    character, so the columns only need the width of the largest index; written directly,
    since this runs for every text-only sample)."""
    n = len(grid)
    width = len(str(n - 1))
    pad = " " * (width - 1)
    lines = [" " * (width + 1) + " ".join(str(c).rjust(width) for c in range(n))]
    for r, row in enumerate(grid):
        cells = list(row)
        for (mr, mc), mark in marks.items():
            if mr == r:
                cells[mc] = mark
        lines.append(str(r).rjust(width) + " " + " ".join(pad + ch for ch in cells))
    return "\n".join(lines)


class Pacman(Game):
    name = "pacman"
    title = "Pac-Man"
    category = "strategic"
    split = "out_of_domain"
    params = (
        Param("size", "board side N, outer walls included", low=8, high=24),
        Param("legs", "most moves per direction in moves_outcome, and moves in the "
              "direction-change questions", low=1, high=3),
    )
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"size": 16, "legs": 3},
        "medium": {"size": 18, "legs": 3},
        "hard": {"size": 20, "legs": 3},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        n = len(state["grid"])
        if text_only:
            looks = ("The board is written as a character grid: # is a wall, . is an open cell "
                     "with a bean, - is an open cell without a bean; Pac-Man (P), Pinky (K) and "
                     "Blinky (B) are marked on their cells and listed below the grid with "
                     "Pac-Man's facing.")
            labels = "the row and column numbers written beside the grid"
        else:
            looks = ("Blue cells are walls, small yellow dots are beans and black cells without a "
                     "dot are open cells without a bean. Pac-Man is the yellow disc; his open "
                     "mouth points the way he faces. Pinky is the pink ghost and Blinky the red "
                     "ghost. The score is written above the board.")
            labels = "as labelled on the image"
        return (
            f"This is a Pac-Man board of {n}x{n} cells whose outer ring is wall. {looks} Cells "
            f"are written (row, col), 0-based: rows 0-{n - 1} from top to bottom and columns "
            f"0-{n - 1} from left to right, {labels}. No bean lies under a ghost. Each bean "
            "Pac-Man eats scores 1 point. A step of play goes: (1) Pac-Man turns to the "
            "direction he is told and moves one cell that way unless that cell is a wall (then "
            "he stays, still turned); (2) he eats the bean on his cell, if any; (3) Pinky, then "
            "Blinky, each moves one cell toward its target. Pac-Man is caught as soon as he and "
            "a ghost are on the same cell (after his move or after a ghost's move). Targets: "
            "Blinky targets Pac-Man's cell; Pinky targets the cell up to 4 cells ahead of "
            "Pac-Man in the direction he faces, stopping early before a wall. A ghost moves "
            "along a shortest path of open cells to its target (ignoring the other ghost and "
            "the beans): of its open neighbours that are one step nearer the target, it takes "
            "the first in the order up, down, left, right; a ghost already on its target stays."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        marks = {tuple(state["pacman"]): "P", tuple(state["pinky"]): "K",
                 tuple(state["blinky"]): "B"}
        pr, pc = state["pacman"]
        return "\n".join([
            board_text(state["grid"], marks),
            f"Score: {state['score']}.",
            f"Pac-Man (P): ({pr}, {pc}), facing {state['facing']}.",
            f"Pinky (K): ({state['pinky'][0]}, {state['pinky'][1]}).",
            f"Blinky (B): ({state['blinky'][0]}, {state['blinky'][1]}).",
            "Legend: # = wall, . = bean, - = open cell without a bean.",
        ])

    def state_key(self, state: dict[str, Any]) -> str:
        return ("/".join(state["grid"]) + f"|P{state['pacman']}{state['facing']}"
                f"|K{state['pinky']}|B{state['blinky']}|S{state['score']}")
