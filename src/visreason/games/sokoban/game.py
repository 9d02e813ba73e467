"""Sokoban as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from typing import Any

from PIL import Image

from ...core import Game
from ...core.text import text_grid
from . import render as draw


class Sokoban(Game):
    name = "sokoban"
    title = "Sokoban"
    category = "strategic"
    split = "in_domain"

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        size = len(state["grid"])
        return (
            f"This is a Sokoban puzzle on a {size}x{size} grid whose outer ring is wall. Brown "
            "brick cells are walls and light beige cells are floor. A green ring marks a target; "
            "a light-brown box with a dark X is a box; a green box with a dark X is a box standing "
            "on a target; the blue figure is the player (drawn inside a green ring when the "
            "player stands on a target). Each move takes the player one cell up, down, left or "
            "right. Moving into a wall fails and the player stays where it is. Moving into a box "
            "pushes that box one cell in the same direction when the cell beyond it is free "
            "floor or a target; if that cell holds a wall or another box, nothing moves. The "
            "player can never pull a box or push two boxes at once. The puzzle is solved when "
            "every box stands on a target. Cells are written (row, col), 0-based and counting "
            f"the border walls: rows 0-{size - 1} from top to bottom and columns 0-{size - 1} "
            "from left to right, as labelled on the image."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        lines = [text_grid(state["grid"])]
        lines.append("Legend: # = wall, - = floor, . = target, $ = box, * = box on a target, "
                     "@ = player, + = player on a target. Row numbers on the left, column numbers "
                     "on top.")
        return "\n".join(lines)
