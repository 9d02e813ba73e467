"""Grid helpers give the pixels of the plain drawing they replace."""

from __future__ import annotations

import random

import pytest
from PIL import ImageDraw

from visreason.render import (
    draw_axis_labels,
    draw_grid_lines,
    draw_on,
    fill_cells,
    grid_layout,
    labelled_canvas,
    new_canvas,
)

COLORS = [(220, 40, 40), (40, 170, 60), (40, 90, 220), None]
LINE = (90, 90, 90)


def _rgb(image) -> bytes:
    return image.convert("RGB").tobytes()


@pytest.mark.parametrize("width", [1, 2, 3, 4, 5])
def test_grid_lines_match_imagedraw_lines(width: int) -> None:
    for rows, cols, cell in ((3, 3, 90), (6, 4, 52), (9, 9, 36)):
        layout = grid_layout(rows, cols, cell=cell)
        image, draw = new_canvas(layout, palette=True)
        draw_grid_lines(draw, layout, color=LINE, width=width)
        reference, ref_draw = new_canvas(layout, palette=True)
        x0, y0 = layout.left, layout.top
        x1, y1 = x0 + cols * cell, y0 + rows * cell
        for r in range(rows + 1):
            ref_draw.line([(x0, y0 + r * cell), (x1, y0 + r * cell)], fill=LINE, width=width)
        for c in range(cols + 1):
            ref_draw.line([(x0 + c * cell, y0), (x0 + c * cell, y1)], fill=LINE, width=width)
        assert _rgb(image) == _rgb(reference)


@pytest.mark.parametrize("inset", [0, 3])
def test_fill_cells_matches_one_rectangle_per_cell(inset: int) -> None:
    rng = random.Random(inset)
    layout = grid_layout(7, 9, cell=30)
    for _ in range(20):
        colors = [[rng.choice(COLORS) for _ in range(9)] for _ in range(7)]
        image, draw = new_canvas(layout)
        fill_cells(draw, layout, colors, inset=inset)
        reference, ref_draw = new_canvas(layout)
        for r, row in enumerate(colors):
            for c, color in enumerate(row):
                if color is not None:
                    ref_draw.rectangle(layout.box(r, c, inset), fill=color)
        assert _rgb(image) == _rgb(reference)


def test_fill_cells_looks_kinds_up_in_inks() -> None:
    layout = grid_layout(2, 3, cell=20)
    image, draw = new_canvas(layout)
    fill_cells(draw, layout, ["#.#", "..#"], inks={"#": (0, 0, 0)})
    reference, ref_draw = new_canvas(layout)
    fill_cells(ref_draw, layout, [[(0, 0, 0), None, (0, 0, 0)], [None, None, (0, 0, 0)]])
    assert _rgb(image) == _rgb(reference)


def test_labelled_canvas_equals_drawing_the_labels_afresh() -> None:
    for palette in (False, True):
        for cell in (36, 44, 56):
            layout = grid_layout(7, 5, cell=cell)
            labels = [chr(65 + i) for i in range(7)]
            image, draw = new_canvas(layout, palette=palette)
            draw_axis_labels(draw, layout, labels, None)
            cached, cached_draw = labelled_canvas(layout, palette=palette, row_labels=labels)
            assert _rgb(cached) == _rgb(image)
            assert cached_draw.fontmode == draw_on(cached).fontmode
            ImageDraw.Draw(cached).rectangle((0, 0, 9, 9), fill=(0, 0, 0))  # a copy: no harm
            assert _rgb(labelled_canvas(layout, palette=palette, row_labels=labels)[0]) == \
                _rgb(image)
