"""Grid boards with labelled rows and columns: the picture most games are made of.

Labels are stamped from cached glyph masks (`text.draw_text`), and `labelled_canvas` hands out
a copy of a blank board whose labels were drawn once per layout: labels sit in the margins, so
drawing them before the board changes no pixel.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from PIL import Image, ImageDraw

from .colors import BACKGROUND, GRID_LINE, INK, RGB, Ink
from .fonts import font
from .palette import Palette
from .sprites import layer
from .text import draw_text


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
    return image, draw_on(image)


def draw_on(image: Image.Image) -> ImageDraw.ImageDraw:
    """A drawing context; on a palette image text is drawn without antialiasing (see new_canvas)."""
    draw = ImageDraw.Draw(image)
    if image.mode == "P":
        draw.fontmode = "1"
    return draw


def labelled_canvas(
    layout: GridLayout,
    background: RGB = BACKGROUND,
    palette: bool | Palette = False,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    color: RGB = INK,
) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A blank canvas with axis labels (as `new_canvas` + `draw_axis_labels`), drawn once.

    `palette` is True for a palette image that grows its palette as colours are drawn, or a
    fixed `Palette`. Draw the board after this; nothing may be drawn over the labels.
    """
    rows = tuple(row_labels) if row_labels is not None else None
    cols = tuple(col_labels) if col_labels is not None else None

    def make() -> Image.Image:
        if isinstance(palette, Palette):
            image = palette.canvas(layout.size, background)
            draw = draw_on(image)
        else:
            image, draw = new_canvas(layout, background, palette)
        draw_axis_labels(draw, layout, rows, cols, color)
        return image

    image = layer(("labelled canvas", layout, background, palette, rows, cols, color), make)
    return image, draw_on(image)


def fill_cells(
    draw: ImageDraw.ImageDraw,
    layout: GridLayout,
    cells: Sequence[Sequence[Hashable]],
    inset: int = 0,
    inks: Mapping[Hashable, Ink | None] | None = None,
) -> None:
    """Fill every cell's box, row by row, top to bottom.

    `cells[r][c]` is the cell's colour, or with `inks` a kind (a grid character, a number)
    that `inks` maps to a colour; None, or a kind `inks` lacks, leaves the cell as it is.
    Without an inset, neighbours of one colour in a row are filled as one rectangle: cell
    boxes overlap edge to edge, so the pixels are those of one rectangle per cell.
    """
    cell, left = layout.cell, layout.left
    for r, row in enumerate(cells):
        y0 = layout.top + r * cell
        c = 0
        for kind, run in groupby(row):
            n = len(list(run))
            color = kind if inks is None else inks.get(kind)
            if color is not None:
                if inset:
                    for k in range(c, c + n):
                        draw.rectangle(layout.box(r, k, inset), fill=color)
                else:
                    x0 = left + c * cell
                    draw.rectangle((x0, y0, x0 + n * cell, y0 + cell), fill=color)
            c += n


def draw_grid_lines(
    draw: ImageDraw.ImageDraw, layout: GridLayout, color: Ink = GRID_LINE, width: int = 1
) -> None:
    x0, y0 = layout.left, layout.top
    x1, y1 = x0 + layout.cols * layout.cell, y0 + layout.rows * layout.cell
    reach = _line_reach(width) if width > 1 else None
    if reach is None:
        for r in range(layout.rows + 1):
            y = y0 + r * layout.cell
            draw.line([(x0, y), (x1, y)], fill=color, width=width)
        for c in range(layout.cols + 1):
            x = x0 + c * layout.cell
            draw.line([(x, y0), (x, y1)], fill=color, width=width)
        return
    before, after = reach  # a wide line as the rectangle Pillow fills for it (far cheaper)
    for r in range(layout.rows + 1):
        y = y0 + r * layout.cell
        draw.rectangle((x0, y - before, x1, y + after), fill=color)
    for c in range(layout.cols + 1):
        x = x0 + c * layout.cell
        draw.rectangle((x - before, y0, x + after, y1), fill=color)


@lru_cache(maxsize=16)
def _line_reach(width: int) -> tuple[int, int] | None:
    """How many pixels a horizontal or vertical line of `width` covers before and after its
    axis, measured on Pillow itself; None unless both come out as the same solid rectangle
    spanning exactly their end points."""
    reaches = set()
    for horizontal in (True, False):
        mask = Image.new("1", (64, 64))
        ends = [(16, 32), (48, 32)] if horizontal else [(32, 16), (32, 48)]
        ImageDraw.Draw(mask).line(ends, fill=1, width=width)
        box = mask.getbbox()
        if box is None or len(mask.crop(box).getcolors()) != 1:
            return None
        along_0, across_0, along_1, across_1 = box if horizontal else (box[1], box[0], box[3],
                                                                        box[2])
        if (along_0, along_1) != (16, 49):
            return None
        reaches.add((32 - across_0, across_1 - 1 - 32))
    return reaches.pop() if len(reaches) == 1 else None


def draw_axis_labels(
    draw: ImageDraw.ImageDraw,
    layout: GridLayout,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    color: Ink = INK,
) -> None:
    """Row labels left of the board, column labels above it (0-based numbers by default)."""
    rows = row_labels if row_labels is not None else [str(r) for r in range(layout.rows)]
    cols = col_labels if col_labels is not None else [str(c) for c in range(layout.cols)]
    face = font(max(11, min(18, int(layout.cell * 0.42))))
    for r, text in enumerate(rows):
        draw_text(draw, (layout.left - 6, layout.center(r, 0)[1]), text, color, face, "rm")
    for c, text in enumerate(cols):
        draw_text(draw, (layout.center(0, c)[0], layout.top - 5), text, color, face, "md")


def cell_text(
    draw: ImageDraw.ImageDraw,
    layout: GridLayout,
    row: int,
    col: int,
    text: str,
    color: Ink = INK,
    scale: float = 0.55,
    bold: bool = True,
) -> None:
    face = font(max(8, int(layout.cell * scale)), bold)
    draw_text(draw, layout.center(row, col), text, color, face, "mm")


def header_text(draw: ImageDraw.ImageDraw, layout: GridLayout, text: str, size: int = 16) -> None:
    """A line of text centred above the column labels (e.g. a score)."""
    draw_text(draw, (layout.size[0] / 2, 6), text, INK, font(size, True), "mt")
