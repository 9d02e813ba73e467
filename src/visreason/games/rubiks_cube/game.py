"""Rubik's cube as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw
from .rules import COLOR_NAMES, FACE_NAMES, FACES

TURNS = ("A turn is written as a face letter: U (up), D (down), L (left), R (right), F (front) "
         "or B (back). The letter alone turns that face a quarter turn clockwise, as seen "
         "looking straight at that face from outside the cube; the letter with a prime (') "
         "turns it a quarter turn counterclockwise. A turn moves the nine stickers of its face "
         "and the strip of three stickers next to it on each of the four neighbouring faces; "
         "the centre sticker of every face never moves. Faces are named by where they are, "
         "whatever their colour.")
COORDS = ("A sticker is written (row, col) on its face, 0-based: col counts from the left "
          "(0 to 2) and row counts from the bottom (0 is the bottom row, 2 the top row)")


class RubiksCube(Game):
    name = "rubiks_cube"
    title = "Rubik's Cube"
    category = "3d_spatial"
    split = "in_domain"
    params = (
        Param("scramble", "turns that scramble the pictured cube (colour and count questions)",
              low=1, high=20),
        Param("depth", "most turns between the cube and solved in the solving questions",
              low=1, high=4),
        Param("moves", "most turns applied in the colour-after-turns question", low=1,
              high=8),
    )
    # The solving questions skip the original's one-turn cubes (every answer would be 1) and
    # reach one turn farther per level instead; the exact search makes hard affordable.
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"scramble": 1, "depth": 2, "moves": 5},
        "medium": {"scramble": 2, "depth": 3, "moves": 5},
        "hard": {"scramble": 3, "depth": 4, "moves": 5},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        net = ("U above F, D below F, and L, F, R, B in a band from left to right; every face "
               "is seen from outside the cube, U with its bottom row along the top row of F, D "
               "with its top row along the bottom row of F, and B with its left column along "
               "the right column of R")
        if text_only:
            intro = (f"This is a Rubik's cube whose six faces are given as text as they lie on "
                     f"the unfolded net: {net}. Each sticker is named by its colour.")
            coords = COORDS + "; each face below lists its rows from the top row (2) down."
        else:
            intro = ("The picture shows a Rubik's cube twice in 3D, looking down on its U, F "
                     "and R faces and looking up at its D, L and B faces (that view shows the "
                     "cube turned over, D on top), and its unfolded net "
                     f"with every face's letter on its centre sticker: {net}.")
            coords = COORDS + ", as the legend beside the net shows."
        return f"{intro} {coords} {TURNS}"

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        lines = ["The cube's faces (row numbers on the left, column numbers on top):"]
        for face in FACES:
            rows = [[COLOR_NAMES[ch] for ch in state["faces"][face][i]] for i in range(3)]
            lines.append(f"Face {face} ({FACE_NAMES[face]}):")
            lines.append(text_grid(rows, row_labels=[2, 1, 0]))
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        return "/".join("".join(state["faces"][f]) for f in FACES)
