"""Grid boards with labelled rows and columns: the picture most games are made of."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from .colors import BACKGROUND, GRID_LINE, INK, RGB
from .fonts import font


@dataclass(frozen=True)
class GridLayout:
    """Where each cell of a rows x cols board lies on the canvas (margins hold the labels)."""

    rows: int
    cols: int
    cell: int
    left: int
    top: int
    right: int
    bottom: int

    @property
    def size(self) -> tuple[int, int]:
        return (self.left + self.cols * self.cell + self.right,
                self.top + self.rows * self.cell + self.bottom)

    def box(self, row: int, col: int, inset: int = 0) -> tuple[int, int, int, int]:
        x0 = self.left + col * self.cell + inset
        y0 = self.top + row * self.cell + inset
        return (x0, y0, x0 + self.cell - 2 * inset, y0 + self.cell - 2 * inset)

    def center(self, row: int, col: int) -> tuple[float, float]:
        return (self.left + (col + 0.5) * self.cell, self.top + (row + 0.5) * self.cell)


def grid_layout(
    rows: int, cols: int, cell: int = 40, labels: bool = True, margin: int = 8, header: int = 0
) -> GridLayout:
    """A layout with room for row labels on the left and column labels on top (and a header)."""
    label_room = max(22, int(cell * 0.6)) if labels else 0
    return GridLayout(rows, cols, cell, margin + label_room, margin + label_room + header,
                      margin, margin)


def new_canvas(
    layout: GridLayout, background: RGB = BACKGROUND, palette: bool = False
) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A blank canvas for the layout; RGB colours work as fills in either mode.

    `palette=True` gives a one-byte-per-pixel image for pictures of a few flat colours: it
    encodes to PNG several times faster than RGB. Text is then drawn without anti-aliasing,
    since a palette image cannot blend ink into the background.
    """
    image = Image.new("P" if palette else "RGB", layout.size, background)
    draw = ImageDraw.Draw(image)
    if palette:
        draw.fontmode = "1"
    return image, draw


def fill_cells(
    draw: ImageDraw.ImageDraw, layout: GridLayout, colors: Sequence[Sequence[RGB]], inset: int = 0
) -> None:
    for r, row in enumerate(colors):
        for c, color in enumerate(row):
            draw.rectangle(layout.box(r, c, inset), fill=color)


def draw_grid_lines(
    draw: ImageDraw.ImageDraw, layout: GridLayout, color: RGB = GRID_LINE, width: int = 1
) -> None:
    x0, y0 = layout.left, layout.top
    x1, y1 = x0 + layout.cols * layout.cell, y0 + layout.rows * layout.cell
    for r in range(layout.rows + 1):
        y = y0 + r * layout.cell
        draw.line([(x0, y), (x1, y)], fill=color, width=width)
    for c in range(layout.cols + 1):
        x = x0 + c * layout.cell
        draw.line([(x, y0), (x, y1)], fill=color, width=width)


def draw_axis_labels(
    draw: ImageDraw.ImageDraw,
    layout: GridLayout,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    color: RGB = INK,
) -> None:
    """Row labels left of the board, column labels above it (0-based numbers by default)."""
    rows = row_labels if row_labels is not None else [str(r) for r in range(layout.rows)]
    cols = col_labels if col_labels is not None else [str(c) for c in range(layout.cols)]
    size = max(11, min(18, int(layout.cell * 0.42)))
    face = font(size)
    for r, text in enumerate(rows):
        x, y = layout.left - 6, layout.center(r, 0)[1]
        draw.text((x, y), text, fill=color, font=face, anchor="rm")
    for c, text in enumerate(cols):
        x, y = layout.center(0, c)[0], layout.top - 5
        draw.text((x, y), text, fill=color, font=face, anchor="md")


def cell_text(
    draw: ImageDraw.ImageDraw,
    layout: GridLayout,
    row: int,
    col: int,
    text: str,
    color: RGB = INK,
    scale: float = 0.55,
    bold: bool = True,
) -> None:
    face = font(max(8, int(layout.cell * scale)), bold)
    draw.text(layout.center(row, col), text, fill=color, font=face, anchor="mm")


def header_text(draw: ImageDraw.ImageDraw, layout: GridLayout, text: str, size: int = 16) -> None:
    """A line of text centred above the column labels (e.g. a score)."""
    draw.text((layout.size[0] / 2, 6), text, fill=INK, font=font(size, True), anchor="mt")
