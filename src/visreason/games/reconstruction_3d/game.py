"""3D reconstruction as a game: the rules text, the picture, the text description, parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw
from .rules import N


def matrix_text(matrix: list[list[int]], columns: str) -> str:
    return text_grid(matrix, [str(z) for z in range(N, 0, -1)],
                     [str(c) for c in range(1, N + 1)]) + \
        f"\n(rows are z = 3, 2, 1 from the top; columns are {columns} = 1, 2, 3)"


class Reconstruction3D(Game):
    name = "3d_reconstruction"
    title = "3D Reconstruction"
    category = "3d_spatial"
    split = "in_domain"
    params = (
        Param("voxels", "most voxels of the grown target structure (drawn from this down to 4 "
              "fewer, keeping 2 or more voxels built)", low=3, high=15),
        Param("missing", "voxels the built structure lacks from the target, give or take one",
              low=1, high=6),
    )
    # Targets of 4-8 / 8-12 / 11-15 voxels rather than the original 3-5 / 6-10 / 11-15, and a
    # missing count that varies by one: on targets of 3-5 the part built so far holds 1-2
    # voxels, too few distinct puzzles for 300 questions without repeats (a quarter repeated).
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"voxels": 8, "missing": 3},
        "medium": {"voxels": 12, "missing": 4},
        "hard": {"voxels": 15, "missing": 5},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        if text_only:
            looks = ("The structure is listed voxel by voxel and layer by layer below, with the "
                     "two target views as 0/1 matrices and the number of voxels that may still "
                     "be added.")
        else:
            looks = ("The left of the picture shows the structure as cubes in the 3x3x3 grid "
                     "(axes x, y, z labelled 1-3 at the middle of each cell); the right shows "
                     "the two target views, a filled square being a 1; the bottom line gives "
                     "the number of voxels that may still be added.")
        return (
            "This is a 3D reconstruction puzzle in a 3x3x3 grid. Positions are (x, y, z), each "
            "from 1 to 3, z counting up from the floor. A position holds at most one voxel (a "
            "unit cube), and the voxels of a structure must be connected through shared "
            f"faces. {looks} The front view (Y-Z plane) looks along -x, from the side of large "
            "x: y runs left to right and z bottom to top. The side view (X-Z plane) looks along "
            "+y, from the side of small y: x runs left to right and z bottom to top. A cell of a "
            "view is 1 when at least one voxel lies on its line of sight and 0 otherwise; a "
            "view is written as a 3x3 matrix, top row (z = 3) first, columns 1 to 3 left to "
            "right. The goal is to add voxels until both views of the structure equal the "
            "target views. Each added voxel must share a face with the structure built so far, "
            "and at most the remaining number of voxels may be added."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        voxels = sorted(tuple(v) for v in state["voxels"])
        lines = [f"Structure: {len(voxels)} voxels at "
                 + ", ".join(f"({x}, {y}, {z})" for x, y, z in voxels) + "."]
        filled = set(voxels)
        for z in range(N, 0, -1):
            rows = [["#" if (x, y, z) in filled else "." for x in range(1, N + 1)]
                    for y in range(1, N + 1)]
            lines.append(f"Layer z = {z} (# = voxel; rows y = 1-3, columns x = 1-3):")
            lines.append(text_grid(rows, ["1", "2", "3"], ["1", "2", "3"]))
        lines.append("Target front view (Y-Z):")
        lines.append(matrix_text(state["front"], "y"))
        lines.append("Target side view (X-Z):")
        lines.append(matrix_text(state["side"], "x"))
        lines.append(f"Remaining available voxels: {state['remaining']}.")
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        voxels = ";".join(",".join(map(str, v)) for v in sorted(state["voxels"]))
        return f"{voxels}|{state['front']}|{state['side']}|{state['remaining']}"
