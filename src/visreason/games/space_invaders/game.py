"""Space Invaders as a game: the rules text, the picture, the text description, parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw


class SpaceInvaders(Game):
    name = "space_invaders"
    title = "Space Invaders"
    category = "strategic"
    split = "in_domain"
    params = (
        Param("rows", "rows of the enemy formation (the enemy area has two more)", low=2,
              high=6),
        Param("cols", "most columns of the enemy formation (it has cols - 2 to cols)", low=3,
              high=12),
        Param("margin", "empty columns beside the formation, per side on average (the grid is "
              "cols + 2 x margin wide)", low=1, high=3),
        Param("volley", "most shots of the stationary ship while the formation moves "
              "(moving_formation)", low=2, high=5),
        Param("shots", "shots in best_shots", low=1, high=4),
    )
    # The original draws 4-5 / 6-8 / 9-11 formation columns; here 3-5 / 5-7 / 8-10 in grids
    # of a fixed width per level (9, 11, 14 columns), so easy boards are varied enough.
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"rows": 3, "cols": 5, "margin": 2, "volley": 3, "shots": 2},
        "medium": {"rows": 4, "cols": 7, "margin": 2, "volley": 4, "shots": 2},
        "hard": {"rows": 5, "cols": 10, "margin": 2, "volley": 5, "shots": 2},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        rows, cols = len(state["grid"]), len(state["grid"][0])
        if text_only:
            looks = ("The enemy area is written as a character grid: P is a purple enemy, B a "
                     "blue enemy, G a green enemy and . an empty cell; the line below the grid "
                     "gives the ship's column.")
            labels = "row numbers on the left of the grid, column numbers on top"
        else:
            looks = ("Purple enemies are drawn as small squid-shaped invaders, blue enemies as "
                     "crab-shaped invaders and green enemies as wide octopus-shaped invaders; "
                     "the orange ship stands in the shaded lane below the grid, under one "
                     "column.")
            labels = "row numbers on the left, column numbers on top"
        return (
            f"This is a Space Invaders scene. The enemy area is a grid of {rows} rows and {cols} "
            f"columns; rows are numbered 1-{rows} from top to bottom and columns 1-{cols} from "
            f"left to right ({labels}). Each cell is empty or holds one enemy. {looks} A purple "
            "enemy is worth 30 points, a blue enemy 20 points and a green enemy 10 points. The "
            "player's ship sits below the enemy area, under one column. A shot travels straight "
            "up the ship's column and destroys the lowermost enemy in that column (the one with "
            "the largest row number), scoring its points; a shot up a column without enemies "
            "scores nothing. Time passes in intervals: in each interval the ship may first move "
            "to any column and then shoot at most once, and the enemies stay still during the "
            "interval."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        grid = state["grid"]
        cols = len(grid[0])
        lines = [text_grid(grid, range(1, len(grid) + 1), range(1, cols + 1)),
                 f"Ship: below column {state['ship']}.",
                 "Legend: P = purple enemy (30 points), B = blue enemy (20 points), G = green "
                 "enemy (10 points), . = empty cell."]
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        return "/".join(state["grid"]) + f"|ship{state['ship']}"
