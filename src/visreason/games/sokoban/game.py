"""Sokoban as a game: the rules text, the picture, the text description and its parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw


class Sokoban(Game):
    name = "sokoban"
    title = "Sokoban"
    category = "strategic"
    split = "in_domain"
    params = (
        Param("size", "board side, border walls included", low=5, high=16),
        Param("boxes", "most boxes on the boards of player_after_moves and player_position "
              "(half of those boards hold one box; the other tasks use one box)", low=1, high=4),
        Param("moves", "commands in player_after_moves and self_moving_box", low=1, high=30),
    )
    # Easy boards are 6x6, not the original 5x5: a 3x3 inside holds only 2,376 one-box
    # puzzles over every wall layout, so about 30% of 300 min_moves items were repeats (5%
    # of box_target_distance items); the audit allows 2%. size=5 stays available.
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"size": 6, "boxes": 3, "moves": 5},
        "medium": {"size": 8, "boxes": 3, "moves": 8},
        "hard": {"size": 12, "boxes": 3, "moves": 12},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        size = len(state["grid"])
        if text_only:
            looks = ("The board is written as a character grid: # is a wall, - is floor, . is a "
                     "target, $ is a box, * is a box standing on a target, @ is the player and "
                     "+ is the player standing on a target.")
            labels = "the row and column numbers written beside the grid"
        else:
            looks = ("Brown brick cells are walls and light beige cells are floor. A green ring "
                     "marks a target; a light-brown box with a dark X is a box; a green box with "
                     "a dark X is a box standing on a target; the blue figure is the player "
                     "(drawn inside a green ring when the player stands on a target).")
            labels = "as labelled on the image"
        return (
            f"This is a Sokoban puzzle on a board of {size}x{size} cells whose outer ring is "
            f"wall. {looks} Each move takes the player one cell up, down, left or right. Moving "
            "into a wall fails and the player stays where it is. Moving into a box pushes that "
            "box one cell in the same direction when the cell beyond it is free floor or a "
            "target; if that cell holds a wall or another box, nothing moves. The player can "
            "never pull a box or push two boxes at once. The puzzle is solved when every box "
            "stands on a target. Cells are written (row, col), 0-based and counting the border "
            f"walls: rows 0-{size - 1} from top to bottom and columns 0-{size - 1} from left to "
            f"right, {labels}."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        lines = [text_grid(state["grid"])]
        lines.append("Legend: # = wall, - = floor, . = target, $ = box, * = box on a target, "
                     "@ = player, + = player on a target. Row numbers on the left, column numbers "
                     "on top.")
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        """The board alone: the move list or the cell a question asks about is not part of it."""
        return "\n".join(state["grid"])
