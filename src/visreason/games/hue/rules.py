"""Hue: a board of colour gradients along rows and columns, in colours from a named palette.

Every gradient runs between two palette colours at the ends of its row or column, so each end
cell shows a colour whose name the palette gives. A line laid across cells that an earlier
line already coloured keeps them (they are anchors) and runs in even steps from anchor to
anchor: colour at step i of a run of d from a to b is round(a + (b - a) * i / d) per channel.
Colour distances are CIE76 distances in Lab, so "clearly different" means the same to the eye
on every channel mix.
"""

from __future__ import annotations

import itertools
import math
import random
from functools import lru_cache
from typing import Any

RGB = tuple[int, int, int]

# Single-word names (a sequence answer splits on spaces), all clearly apart: no two within
# NAME_GAP of each other are ever offered against each other.
PALETTE: dict[str, RGB] = {
    "red": (220, 30, 30),
    "orange": (245, 135, 20),
    "yellow": (245, 215, 30),
    "green": (30, 150, 50),
    "teal": (0, 128, 128),
    "cyan": (40, 200, 230),
    "blue": (30, 70, 210),
    "navy": (20, 30, 110),
    "purple": (120, 50, 170),
    "magenta": (220, 40, 200),
    "pink": (250, 160, 200),
    "brown": (130, 80, 40),
    "black": (25, 25, 25),
    "gray": (140, 140, 140),
}
NAMES = tuple(PALETTE)
# Two names closer than this (Lab distance) are never offered as alternatives to each other.
NAME_GAP = 35.0
# A gradient's ends are at least this far apart, so every line visibly changes.
END_GAP = 45.0
# Colours a question asks a reader to tell apart are at least this far apart.
MATCH_GAP = 22.0
LINE_TRIES = 50


def cell_label(k: int) -> str:
    """The label of the k-th cleared cell: a lower-case letter, so that it never reads as
    one of the capital option letters of the matching question."""
    return chr(97 + k)


def hex_of(rgb: RGB) -> str:
    return f"#{rgb[0]:02x}{rgb[1]:02x}{rgb[2]:02x}"


def rgb_of(text: str) -> RGB:
    return (int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16))


def _linear(v: float) -> float:
    v /= 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


@lru_cache(maxsize=65536)
def lab(rgb: RGB) -> tuple[float, float, float]:
    r, g, b = (_linear(v) for v in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def distance(a: RGB, b: RGB) -> float:
    return math.dist(lab(a), lab(b))


def name_of(rgb: RGB) -> str | None:
    """The palette name of exactly this colour, if it is one."""
    return _BY_RGB.get(tuple(rgb))


_BY_RGB = {rgb: name for name, rgb in PALETTE.items()}


def far_names(name: str, gap: float = NAME_GAP) -> list[str]:
    """Palette names clearly apart from `name` (never confused with it)."""
    return [n for n in NAMES if n != name and distance(PALETTE[n], PALETTE[name]) >= gap]


def mix(a: RGB, b: RGB, i: int, d: int) -> RGB:
    return tuple(round(x + (y - x) * i / d) for x, y in zip(a, b, strict=True))  # type: ignore


# ----------------------------------------------------------------------------- boards

Cell = tuple[int, int]


def line_cells(axis: str, index: int, n: int) -> list[Cell]:
    return [(index, k) for k in range(n)] if axis == "row" else [(k, index) for k in range(n)]


def anchors_on(cells: list[list[str]], axis: str, index: int) -> list[int]:
    """Positions along the line of cells that are coloured (its anchors), in order."""
    n = len(cells)
    return [k for k, (r, c) in enumerate(line_cells(axis, index, n)) if cells[r][c]]


def paint_line(cells: list[list[str]], axis: str, index: int, start: RGB, end: RGB) -> None:
    """Colour a line: its two ends, then even steps between consecutive anchors."""
    n = len(cells)
    spots = line_cells(axis, index, n)
    (r0, c0), (r1, c1) = spots[0], spots[-1]
    cells[r0][c0], cells[r1][c1] = hex_of(start), hex_of(end)
    marks = anchors_on(cells, axis, index)
    for a, b in itertools.pairwise(marks):
        ca, cb = rgb_of(cells[spots[a][0]][spots[a][1]]), rgb_of(cells[spots[b][0]][spots[b][1]])
        for k in range(a + 1, b):
            r, c = spots[k]
            cells[r][c] = hex_of(mix(ca, cb, k - a, b - a))


def changes_along(cells: list[list[str]], spots: list[Cell], marks: list[int]) -> bool:
    """Every run of a painted line between consecutive anchors (`marks`, positions along
    `spots`) that has cells inside it goes between clearly different colours: two anchors of
    one colour would leave a flat stretch."""
    for a, b in itertools.pairwise(marks):
        if b - a > 1:
            ra, rb = spots[a], spots[b]
            if distance(rgb_of(cells[ra[0]][ra[1]]), rgb_of(cells[rb[0]][rb[1]])) < MATCH_GAP:
                return False
    return True


def pick_ends(rng: random.Random, forced: str | None = None) -> tuple[str, str]:
    """Two palette names at least END_GAP apart (`forced` as one of them, either end)."""
    first = forced or rng.choice(NAMES)
    second = rng.choice([n for n in NAMES if distance(PALETTE[n], PALETTE[first]) >= END_GAP])
    return (first, second) if forced is None or rng.random() < 0.5 else (second, first)


def new_board(rng: random.Random, n: int, lines: int, forced: str | None = None
              ) -> dict[str, Any] | None:
    """A board of `lines` gradients (None when they do not fit: the caller retries).

    A line is a random row or column, never next to or on a parallel line, whose end cells
    are still uncoloured (ends always show their palette colour). `forced` names a colour
    one end of some line must show.
    """
    cells = [[""] * n for _ in range(n)]
    placed: list[dict[str, Any]] = []
    forced_line = rng.randrange(lines) if forced else -1
    for k in range(lines):
        for _ in range(LINE_TRIES):
            axis = rng.choice(("row", "col"))
            index = rng.randrange(n)
            if any(p["axis"] == axis and abs(p["index"] - index) <= 1 for p in placed):
                continue
            ends = line_cells(axis, index, n)
            if cells[ends[0][0]][ends[0][1]] or cells[ends[-1][0]][ends[-1][1]]:
                continue
            start, end = pick_ends(rng, forced if k == forced_line else None)
            trial = [row[:] for row in cells]
            fixed = [k for k, (r, c) in enumerate(ends) if cells[r][c] or k in (0, n - 1)]
            paint_line(trial, axis, index, PALETTE[start], PALETTE[end])
            if not changes_along(trial, ends, fixed):
                continue
            cells = trial
            placed.append({"axis": axis, "index": index, "start": start, "end": end})
            break
        else:
            return None
    return {"size": n, "cells": cells, "lines": placed, "removed": [], "swatches": []}


def anchors(state: dict[str, Any]) -> set[Cell]:
    """Cells every line runs through as fixed points: line ends and crossings."""
    n = state["size"]
    seen: dict[Cell, int] = {}
    ends: set[Cell] = set()
    for line in state["lines"]:
        spots = line_cells(line["axis"], line["index"], n)
        ends.update((spots[0], spots[-1]))
        for cell in spots:
            seen[cell] = seen.get(cell, 0) + 1
    return ends | {cell for cell, count in seen.items() if count > 1}


def line_through(state: dict[str, Any], cell: Cell) -> dict[str, Any]:
    """The one line a non-crossing coloured cell lies on."""
    (line,) = [ln for ln in state["lines"]
               if cell in line_cells(ln["axis"], ln["index"], state["size"])]
    return line


def painted_anchors(state: dict[str, Any], line: dict[str, Any]) -> list[Cell]:
    """The cells a line was painted between, in order: its ends and its crossings with the
    lines laid before it."""
    n = state["size"]
    spots = line_cells(line["axis"], line["index"], n)
    earlier = state["lines"][:state["lines"].index(line)]
    before = {c for ln in earlier for c in line_cells(ln["axis"], ln["index"], n)}
    return [spot for k, spot in enumerate(spots) if k in (0, n - 1) or spot in before]


def segment(state: dict[str, Any], cell: Cell) -> tuple[Cell, Cell, int, int]:
    """(anchor before, anchor after, steps from the first to the cell, steps between them)
    of the run of a non-anchor cell along its line: the anchors the line was painted between
    (its ends and its crossings with lines laid before it; a later line crossing it keeps the
    colour it found, which lies on this run already)."""
    line = line_through(state, cell)
    spots = line_cells(line["axis"], line["index"], state["size"])
    marks = [spots.index(a) for a in painted_anchors(state, line)]
    k = spots.index(cell)
    a = max(m for m in marks if m < k)
    b = min(m for m in marks if m > k)
    return spots[a], spots[b], k - a, b - a


def true_color(state: dict[str, Any], cell: Cell) -> RGB:
    """A cell's colour: stored, or for a removed cell recomputed from its run's anchors."""
    r, c = cell
    if state["cells"][r][c]:
        return rgb_of(state["cells"][r][c])
    a, b, i, d = segment(state, cell)
    return mix(rgb_of(state["cells"][a[0]][a[1]]), rgb_of(state["cells"][b[0]][b[1]]), i, d)
