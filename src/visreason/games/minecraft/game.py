"""Minecraft as a game: the rules text, the picture and the text description."""

from __future__ import annotations

from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from . import render as draw
from . import rules


def _ranges(values: list[int]) -> str:
    """'3' or '3-5' (values are consecutive here)."""
    return str(values[0]) if len(values) == 1 else f"{values[0]}-{values[-1]}"


class Minecraft(Game):
    name = "minecraft"
    title = "Minecraft"
    category = "3d_spatial"
    split = "out_of_domain"
    params = (
        Param("sceneries", "sceneries in a recognition scene", low=2, high=6),
        Param("volume_min", "fewest blocks in the cuboid to count", low=4, high=144),
        Param("volume_max", "most blocks in the cuboid to count", low=4, high=144),
        Param("width_min", "narrowest river to cross", low=1, high=4),
        Param("width_max", "widest river to cross", low=1, high=4),
        Param("column_min", "fewest blocks under the block to reach", low=0, high=4),
        Param("column_max", "most blocks under the block to reach", low=0, high=4),
        Param("span_min", "least river width + column height in the river-and-climb scene",
              low=1, high=8),
        Param("span_max", "most river width + column height in the river-and-climb scene",
              low=1, high=8),
    )
    # The original's level drivers, widened where one value per level would make the answer
    # constant (rivers of exactly 3 or 4 cells; columns of at most 1 block, always 0).
    presets: ClassVar[dict[str, dict[str, int]]] = {
        "easy": {"sceneries": 3, "volume_min": 4, "volume_max": 30, "width_min": 1,
                 "width_max": 2, "column_min": 0, "column_max": 2, "span_min": 1,
                 "span_max": 3},
        "medium": {"sceneries": 4, "volume_min": 31, "volume_max": 70, "width_min": 2,
                   "width_max": 3, "column_min": 1, "column_max": 3, "span_min": 4,
                   "span_max": 6},
        "hard": {"sceneries": 5, "volume_min": 71, "volume_max": 144, "width_min": 3,
                 "width_max": 4, "column_min": 2, "column_max": 4, "span_min": 7,
                 "span_max": 8},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        world = ("The world is made of equal unit blocks standing on a flat ground of grass "
                 "blocks. A block can only be placed where it shares a face with an existing "
                 "block; a block placed into a fluid (water or lava) replaces the fluid. A river "
                 "is a straight strip of water cells in place of ground blocks, running from one "
                 "edge of the ground to the other.")
        if text_only:
            look = ("The scene is given as text: ground cells are (x, y), counted from 1; a "
                    "block's level counts up from 1 for a block standing on the ground.")
        else:
            look = ("The picture shows the scene in 3D; the player, where there is one, is two "
                    "red blocks stacked, and river cells are drawn with their edges so they can "
                    "be counted.")
        return f"{world} {look}"

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        width, depth = state["ground"]
        lines = [f"Ground: {width} x {depth} grass cells, x from 1 to {width}, y from 1 to "
                 f"{depth}."]
        if state["water"]:
            axis = rules.river_axis(state)
            across = sorted({c[1] if axis == "x" else c[0] for c in state["water"]})
            other = "y" if axis == "x" else "x"
            lines.append(f"River: every cell with {other} = {_ranges(across)}, running along "
                         f"{axis} across the whole ground, in place of the ground blocks.")
        if state["lava"]:
            cells = ", ".join(f"({x}, {y})" for x, y in sorted(map(tuple, state["lava"])))
            lines.append(f"Lava cells in the ground: {cells}.")
        ladders = {tuple(c) for c in state["ladders"]}
        for x, y in rules.cells_of(state["blocks"]):
            column = rules.blocks_at(state, x, y)
            parts = []
            for _, _, level, kind in column:
                name = kind[6:] + " block" if kind.startswith("plain:") else \
                    rules.BLOCK_NAMES[kind]
                ladder = " with a ladder on its side" if (x, y, level) in ladders else ""
                parts.append(f"level {level}: {name}{ladder}")
            lines.append(f"Blocks on cell ({x}, {y}): " + "; ".join(parts) + ".")
        if state["player"]:
            px, py = state["player"]
            lines.append(f"Player: two blocks tall, standing on cell ({px}, {py}) at levels 1 "
                         "and 2.")
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        return "|".join(f"{k}={state[k]}" for k in ("ground", "view", "sky", "blocks", "water",
                                                     "lava", "ladders", "player"))
