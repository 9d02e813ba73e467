"""3D maze as a game: the rules text, the picture, the text description and its parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from . import render as draw


class Maze3D(Game):
    name = "3d_maze"
    title = "3D Maze"
    category = "3d_spatial"
    split = "in_domain"
    params = (
        Param("segments", "segments of the main path (a walk of two cubes or a ladder); it "
              "stops early when no segment fits", low=3, high=8),
        Param("branches", "side paths that branch off the main path (at most segments - 1)",
              low=2, high=4),
    )
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"segments": 4, "branches": 2},
        "medium": {"segments": 6, "branches": 3},
        "hard": {"segments": 8, "branches": 4},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        if text_only:
            looks = ("The cubes are listed below by position (x, y, z), z being the level "
                     "counted up from 0, with the start, the goal, the numbered cubes and the "
                     "ladders.")
            where = ("A left step goes to the cube at x - 1 and a right step to the cube at "
                     "y - 1 on the same level; walking back goes to x + 1 or y + 1.")
        else:
            looks = ("The picture shows grey cubes over a floor grid; the start cube is blue, "
                     "the goal cube red, and numbered cubes green with their number on top. A "
                     "ladder is drawn as brown rails with rungs.")
            where = ("A left step goes to the neighbouring cube toward the upper left of the "
                     "picture and a right step to the neighbouring cube toward the upper right; "
                     "walking back goes the opposite ways.")
        return (
            "This is a 3D maze of unit cubes. " + looks + " The player walks only on the tops "
            "of cubes, one step at a time to a cube directly beside the current one on the "
            f"same level. {where} A ladder stands on the top of a cube and reaches the cube "
            "three levels directly above it; from the lower cube the player can climb up the "
            "ladder onto the top of the upper cube (a move called up), and climb back down. "
            "There is no other way between levels. Cubes that only touch at an edge or a "
            "corner are not connected. The player starts on the start cube; the goal cube "
            "is the destination. Moves are named left, right and up."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        labels = {(x, y, z): n for n, x, y, z in state["labels"]}
        start, goal = tuple(state["start"]), tuple(state["goal"])
        parts = []
        for x, y, z in sorted(state["cubes"], key=lambda c: (c[2], -c[0], -c[1])):
            c = (x, y, z)
            tags = [name for name, hit in (("start", c == start), ("goal", c == goal)) if hit]
            if c in labels:
                tags.append(f"number {labels[c]}")
            tag = "".join(f" {t}" for t in tags)
            parts.append(f"({x}, {y}, {z}){tag}")
        ladders = ", ".join(f"({x}, {y}, {z}) up to ({x}, {y}, {z + 3})"
                            for x, y, z in state["ladders"]) or "none"
        return (f"Cubes ({len(state['cubes'])}), as (x, y, z): " + "; ".join(parts) + ".\n"
                f"Ladders: {ladders}.")

    def state_key(self, state: dict[str, Any]) -> str:
        cubes = ";".join(",".join(map(str, c)) for c in sorted(state["cubes"]))
        ladders = ";".join(",".join(map(str, c)) for c in sorted(state["ladders"]))
        labels = ";".join(",".join(map(str, c)) for c in sorted(state["labels"]))
        return f"{cubes}|{ladders}|{labels}|{state['start']}|{state['goal']}"
