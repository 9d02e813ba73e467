"""Rubik's cube picture: two 3D views (from above: U, F, R; from below: D, L, B) drawn with the
render kit's isometric projector, and the unfolded net of all six faces with each face's letter
on its centre sticker and a (row, col) legend.

Everything that does not depend on the stickers (frame, legend, captions, the cube bodies)
is a layer drawn once; a picture fills 54 net squares and 54 projected sticker polygons,
whose corners are projected once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw

from ...render import BACKGROUND, INK, Palette, draw_on, draw_text, font, layer
from ...render.projector import Iso
from .rules import FACES, flat

STICKER = 28
FACE = 3 * STICKER
GAP = 6
MARGIN = 12
NET_SLOTS = {"U": (1, 0), "L": (0, 1), "F": (1, 1), "R": (2, 1), "B": (3, 1), "D": (1, 2)}
NET_W = 4 * FACE + 3 * GAP
NET_H = 3 * FACE + 2 * GAP
CAPTION = 18
VIEW_W = 170
VIEW_H = 190
WIDTH = MARGIN + NET_W + 2 * MARGIN + VIEW_W + MARGIN
HEIGHT = max(MARGIN + NET_H + CAPTION + MARGIN, 2 * VIEW_H + MARGIN)
VIEW_X = MARGIN + NET_W + 2 * MARGIN

STICKER_RGB = {"W": (250, 250, 250), "Y": (255, 213, 0), "R": (200, 16, 30),
               "O": (255, 122, 0), "B": (0, 72, 200), "G": (0, 158, 72)}
# Mild shading by the side of the cube a face is seen on, so no shaded colour looks like
# another sticker colour (a strongly shaded orange reads as red).
SIDE_SHADE = {"top": 1.0, "left": 0.88, "right": 0.76}
BODY = (25, 25, 25)
LEGEND_FILL = (245, 205, 225)
LINE = (20, 20, 20)


def _shaded(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return tuple(round(v * factor) for v in rgb)  # type: ignore[return-value]


PALETTE = Palette([BACKGROUND, INK, BODY, LINE, LEGEND_FILL, (255, 255, 255)]
                  + [_shaded(rgb, f) for rgb in STICKER_RGB.values()
                     for f in SIDE_SHADE.values()])
INKS = {(ch, side): PALETTE.index(_shaded(rgb, f)) for ch, rgb in STICKER_RGB.items()
        for side, f in SIDE_SHADE.items()}
LIGHT_TEXT = {"R", "B", "G"}  # stickers dark enough for a white letter

# The two views: which cube face shows on which side of the picture, and how cube
# coordinates (x right, y up, z front) map to the projector's world (x, y, z up). Both maps
# are rotations of the cube seen by the same camera, so neither view is a mirror image.
VIEWS = (
    ("from above", {"top": "U", "left": "F", "right": "R"},
     lambda x, y, z: (x, z, y)),
    ("from below", {"top": "D", "left": "L", "right": "B"},
     lambda x, y, z: (-z, -x, -y)),
)
ISO = Iso(half=22)


def _face_frame(face: str) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """(centre, across, up) of a face in cube coordinates (the cube spans -1.5..1.5): `across`
    points to the face's right and `up` to its top as the face is drawn on the net."""
    frames = {"F": ((0, 0, 1.5), (1, 0, 0), (0, 1, 0)), "B": ((0, 0, -1.5), (-1, 0, 0),
                                                               (0, 1, 0)),
              "R": ((1.5, 0, 0), (0, 0, -1), (0, 1, 0)), "L": ((-1.5, 0, 0), (0, 0, 1),
                                                                (0, 1, 0)),
              "U": ((0, 1.5, 0), (1, 0, 0), (0, 0, -1)), "D": ((0, -1.5, 0), (1, 0, 0),
                                                                 (0, 0, 1))}
    return frames[face]


def _corner(face: str, a: float, b: float) -> tuple[float, float, float]:
    centre, across, up = _face_frame(face)
    return tuple(centre[k] + a * across[k] + b * up[k] for k in range(3))  # type: ignore


@lru_cache(maxsize=2)
def _view_polygons(view: int) -> tuple[list[tuple[int, str, list[tuple[float, float]]]],
                                       dict[str, tuple[float, float]]]:
    """Per visible sticker (slot, side of the picture, screen polygon), and each visible
    face's centre on screen, for view `view`, in picture pixels."""
    _, sides, to_world = VIEWS[view]
    ox = VIEW_X + VIEW_W / 2
    oy = view * VIEW_H + VIEW_H / 2 + 10

    def screen(p: tuple[float, float, float]) -> tuple[float, float]:
        u, v = ISO.point(*to_world(*p))
        return (ox + u, oy + v)

    stickers, centres = [], {}
    inset = 0.08
    for side, face in sides.items():
        k = FACES.index(face)
        for i in range(3):
            for c in range(3):
                a0, a1 = c - 1.5 + inset, c - 0.5 - inset
                b0, b1 = 1.5 - i - inset, 0.5 - i + inset
                corners = [_corner(face, a, b) for a, b in ((a0, b0), (a1, b0), (a1, b1),
                                                             (a0, b1))]
                stickers.append((9 * k + 3 * i + c, side, [screen(p) for p in corners]))
        centres[face] = screen(_corner(face, 0, 0))
    return stickers, centres


def _body(view: int) -> list[list[tuple[float, float]]]:
    _, sides, _ = VIEWS[view]
    ox = VIEW_X + VIEW_W / 2
    oy = view * VIEW_H + VIEW_H / 2 + 10
    to_world = VIEWS[view][2]
    polys = []
    for face in sides.values():
        corners = [_corner(face, a, b) for a, b in ((-1.5, 1.5), (1.5, 1.5), (1.5, -1.5),
                                                     (-1.5, -1.5))]
        polys.append([(ox + u, oy + v) for u, v in (ISO.point(*to_world(*p)) for p in corners)])
    return polys


def _face_box(face: str) -> tuple[int, int]:
    col, row = NET_SLOTS[face]
    return (MARGIN + col * (FACE + GAP), MARGIN + row * (FACE + GAP))


def _static() -> Image.Image:
    image = PALETTE.canvas((WIDTH, HEIGHT), BACKGROUND)
    draw = draw_on(image)
    ink, line = PALETTE.index(INK), PALETTE.index(LINE)
    small = font(11)
    # the legend in the net's free bottom-left slot
    lx, ly = MARGIN, MARGIN + 2 * (FACE + GAP)
    for i in range(3):
        for c in range(3):
            x, y = lx + c * STICKER, ly + i * STICKER
            draw.rectangle((x, y, x + STICKER, y + STICKER), fill=PALETTE.index(LEGEND_FILL),
                           outline=line)
            draw_text(draw, (x + STICKER / 2, y + STICKER / 2), f"{2 - i},{c}", ink, small,
                      "mm")
    draw_text(draw, (lx + FACE / 2, ly + FACE + 3), "(row, col)", ink, small, "mt")
    body = PALETTE.index(BODY)
    for view, (caption, sides, _) in enumerate(VIEWS):
        for poly in _body(view):
            draw.polygon(poly, fill=body)
        names = ", ".join(sides.values())
        draw_text(draw, (VIEW_X + VIEW_W / 2, view * VIEW_H + 4), f"{names} {caption}", ink,
                  font(12, True), "mt")
    return image


def _letter(draw: ImageDraw.ImageDraw, xy: tuple[float, float], face: str,
            color: str) -> None:
    ink = PALETTE.index((255, 255, 255)) if color in LIGHT_TEXT else PALETTE.index(INK)
    draw_text(draw, xy, face, ink, font(15, True), "mm")


def render(state: dict[str, Any]) -> Image.Image:
    stickers = flat(state["faces"])
    image = layer(("rubiks cube", WIDTH, HEIGHT), _static)
    draw = draw_on(image)
    line = PALETTE.index(LINE)
    for k, face in enumerate(FACES):
        x0, y0 = _face_box(face)
        for i in range(3):
            for c in range(3):
                x, y = x0 + c * STICKER, y0 + i * STICKER
                draw.rectangle((x, y, x + STICKER, y + STICKER),
                               fill=INKS[(stickers[9 * k + 3 * i + c], "top")], outline=line)
        _letter(draw, (x0 + FACE / 2, y0 + FACE / 2), face, stickers[9 * k + 4])
    for view in range(len(VIEWS)):
        polygons, centres = _view_polygons(view)
        for slot, side, poly in polygons:
            draw.polygon(poly, fill=INKS[(stickers[slot], side)])
        for face, xy in centres.items():
            _letter(draw, xy, face, stickers[9 * FACES.index(face) + 4])
    return image
