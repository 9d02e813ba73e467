"""A Pillow-only 3D projector for voxel and face scenes: isometric views with painter's-order
depth sorting, shading by face direction, textured faces, labelled axes, and orthographic
(front / side / top) views of voxel sets.

API
---
World coordinates are (x, y, z) with z up; a voxel at integer (x, y, z) fills the unit cube
[x, x+1] x [y, y+1] x [z, z+1].

`Iso(half=16, height=None, flip_x=False, flip_y=False)` is a 2:1 isometric (dimetric) camera:
every world point maps to whole pixels, so cubes are cached sprites pasted at integer offsets.
Without flips the camera looks from the +x, +y, +z side: screen right-down is +x, left-down
is +y, up is +z, and a cube shows its top (+z), right (+x) and left (+y) faces. `flip_x` /
`flip_y` mirror an axis, so the camera looks from the -x / -y side instead (then the right
face is the cube's -x face, the left face its -y face).

- `iso.point(x, y, z) -> (u, v)` screen position (floats) relative to the scene origin.
- `iso.depth(x, y, z)` grows toward the camera: paint low depth first.
- `iso.visible_faces()` names the world face ("+x", "-y", "+z", ...) seen as top / left / right.

`Scene(iso)` collects things and paints them far to near:

- `scene.cube((x, y, z), color, outline=...)`: a shaded solid cube (top / left / right are
  `color` times `SHADE[face]`); `textures={"top": (key, img), "left": ..., "right": ...}`
  maps a small texture picture onto each face by an affine transform, shaded like a solid
  face (minecraft-style blocks); `key` names the texture in the sprite cache.
- `scene.face(corners, color, outline=...)`: any planar polygon given by world corners (a
  ground tile, a ladder rung, a flat marker), sorted by the depth of its centre.
- `scene.sprite((x, y, z), image, anchor="mm")`: a picture pasted at a world point (a ball,
  a label plate), sorted with the rest by the depth of that point.
- `scene.line(a, b, color, width)` and `scene.text((x, y, z), text, color, size, bold)`:
  thin lines and labels, sorted by depth too; `layer="under"` / `layer="over"` puts an item
  below or above every sorted item (axes under the scene, labels over it).
- `scene.axes(extent, labels=("x", "y", "z"), ticks=...)`: x and y along the two floor edges
  nearest the camera, z up the leftmost edge, a tick label at the middle of every unit cell
  (1-based by default) just outside the box; lines under the scene, labels over it.
- `scene.render(background=..., margin=..., size=None) -> Image` draws the scene on a canvas
  that fits it (or of a fixed `size`, centred) in RGB; `scene.draw_into(image, origin)`
  paints onto an existing picture with the world origin at pixel `origin`, and
  `scene.draw_into(image, origin, palette)` onto a palette picture (PNG-encodes several times
  faster; list each cube colour's `cube_colors` in the palette).

Cubes sort by (depth of their lattice corner, z): for lattice cubes in this projection that is
an order in which no cube is ever painted over one that hides it (tested against a ray caster).

`cube_coverage(iso, voxels)` counts the pixels of each cube that show (0 = hidden), with a
numpy buffer instead of a picture: fast enough to keep structures free of hidden cubes.

Orthographic views of a voxel set: `orthographic(voxels, view)` with view "front" (along -x:
columns y, rows z), "side" (along +y: columns x, rows z) or "top" (along -z: columns x, rows y)
gives, per cell of the view, the nearest voxel's depth coordinate; `view_matrix` turns it into
a 0/1 matrix with the top row first (rows count down from the highest row).

Speed: cube sprites are cached per (size, colour, outline, textures); a scene of 60 cubes
draws in about a millisecond.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from .cache import BoundedCache
from .colors import BACKGROUND, INK, RGB, Ink
from .fonts import font
from .palette import Palette
from .text import draw_text

Point = tuple[float, float, float]
Voxel = tuple[int, int, int]

# Brightness of each visible face relative to the base colour: light from above, a bit
# from the left, so the three faces of a cube always read as three different shades.
SHADE: dict[str, float] = {"top": 1.0, "left": 0.82, "right": 0.64}

CUBES: BoundedCache[tuple[Image.Image, Image.Image]] = BoundedCache("iso cubes", maxsize=512)
TEXTURES: BoundedCache[Image.Image] = BoundedCache("iso textures", maxsize=256)


def shade(color: RGB, factor: float) -> RGB:
    """The colour scaled by a brightness factor (clipped to 0-255)."""
    return tuple(max(0, min(255, round(c * factor))) for c in color)  # type: ignore[return-value]


def darker(color: RGB, factor: float = 0.45) -> RGB:
    """An outline colour for a fill: the same hue, darker."""
    return shade(color, factor)


@dataclass(frozen=True)
class Iso:
    """A 2:1 isometric camera; `half` is half a cube's width in pixels (even), `height` the
    pixels of a vertical edge (default: the true projection, about 1.22 x half x 2 / 2)."""

    half: int = 16
    height: int | None = None
    flip_x: bool = False
    flip_y: bool = False

    def __post_init__(self) -> None:
        if self.half < 2 or self.half % 2:
            raise ValueError(f"Iso half width must be an even number >= 2, got {self.half}")

    @property
    def w(self) -> int:
        return self.half

    @property
    def h(self) -> int:
        return self.half // 2

    @property
    def s(self) -> int:
        return self.height if self.height is not None else round(self.half * 1.2247)

    def primed(self, x: float, y: float, z: float) -> Point:
        """World point in camera-aligned coordinates (flipped axes negated)."""
        return (-x if self.flip_x else x, -y if self.flip_y else y, z)

    def point(self, x: float, y: float, z: float) -> tuple[float, float]:
        a, b, c = self.primed(x, y, z)
        return ((a - b) * self.w, (a + b) * self.h - c * self.s)

    def depth(self, x: float, y: float, z: float) -> float:
        """Distance toward the camera along the view direction (larger = nearer)."""
        a, b, c = self.primed(x, y, z)
        return a + b + c * (2 * self.h / self.s)

    def lattice(self, voxel: Voxel) -> Voxel:
        """The cube's minimum corner in camera-aligned coordinates."""
        x, y, z = voxel
        return (-x - 1 if self.flip_x else x, -y - 1 if self.flip_y else y, z)

    def visible_faces(self) -> dict[str, str]:
        """Which world face each screen face of a cube shows."""
        return {"top": "+z", "right": "-x" if self.flip_x else "+x",
                "left": "-y" if self.flip_y else "+y"}

    def cube_box(self, voxel: Voxel) -> tuple[int, int]:
        """Top-left pixel (relative to the origin) of the cube's sprite."""
        a, b, c = self.lattice(voxel)
        return ((a - b - 1) * self.w, (a + b) * self.h - (c + 1) * self.s)

    def cube_size(self) -> tuple[int, int]:
        return (2 * self.w + 1, 2 * self.h + self.s + 1)

    def cube_faces(self) -> dict[str, list[tuple[int, int]]]:
        """The three visible faces of a cube sprite, corners in sprite pixels; each face's
        corners start at its texture's top-left and go top-right, bottom-right, bottom-left."""
        w, h, s = self.w, self.h, self.s
        t0, t1, t2, t3 = (w, 0), (2 * w, h), (w, 2 * h), (0, h)
        b1, b2, b3 = (2 * w, h + s), (w, 2 * h + s), (0, h + s)
        return {"top": [t0, t1, t2, t3], "left": [t3, t2, b2, b3], "right": [t2, t1, b1, b2]}


def _texture_face(texture: Image.Image, corners: Sequence[tuple[int, int]],
                  size: tuple[int, int], factor: float) -> Image.Image:
    """The texture shaded by `factor` and mapped affinely so its top-left, top-right and
    bottom-left corners land on corners[0], corners[1] and corners[3]."""
    tex = texture.convert("RGB")
    if factor != 1.0:
        tex = tex.point([max(0, min(255, round(v * factor))) for v in range(256)] * 3)
    tw, th = tex.size
    (x0, y0), (x1, y1), (x3, y3) = corners[0], corners[1], corners[3]
    e1, e2 = (x1 - x0, y1 - y0), (x3 - x0, y3 - y0)
    det = e1[0] * e2[1] - e1[1] * e2[0]
    i00, i01, i10, i11 = e2[1] / det, -e2[0] / det, -e1[1] / det, e1[0] / det
    data = (tw * i00, tw * i01, tw * (-i00 * x0 - i01 * y0),
            th * i10, th * i11, th * (-i10 * x0 - i11 * y0))
    return tex.transform(size, Image.Transform.AFFINE, data, resample=Image.Resampling.NEAREST)


def _make_cube(iso: Iso, color: RGB, outline: RGB | None,
               textures: tuple[tuple[str, Hashable, Image.Image], ...]) -> tuple[Image.Image,
                                                                                  Image.Image]:
    size = iso.cube_size()
    image = Image.new("RGB", size, (0, 0, 0))
    mask = Image.new("L", size, 0)
    draw, mask_draw = ImageDraw.Draw(image), ImageDraw.Draw(mask)
    tex = {face: img for face, _, img in textures}
    for face, corners in iso.cube_faces().items():
        mask_draw.polygon(corners, fill=255)
        if face in tex:
            face_mask = Image.new("L", size, 0)
            ImageDraw.Draw(face_mask).polygon(corners, fill=255)
            image.paste(_texture_face(tex[face], corners, size, SHADE[face]), (0, 0), face_mask)
        else:
            draw.polygon(corners, fill=shade(color, SHADE[face]))
    if outline is not None:
        for corners in iso.cube_faces().values():
            draw.line([*corners, corners[0]], fill=outline, width=1)
    return image, mask


def cube_sprite(iso: Iso, color: RGB, outline: RGB | None = None,
                textures: dict[str, tuple[Hashable, Image.Image]] | None = None,
                ) -> tuple[Image.Image, Image.Image]:
    """(picture, mask) of one shaded cube, drawn once per (camera size, colour, outline,
    texture keys). `textures` maps "top"/"left"/"right" to (key, small picture)."""
    tex = tuple(sorted((face, key, img) for face, (key, img) in (textures or {}).items()))
    key = (iso.w, iso.h, iso.s, color, outline, tuple((f, k) for f, k, _ in tex))
    return CUBES.get(key, lambda: _make_cube(iso, color, outline, tex))


@dataclass(order=True)
class _Item:
    layer: int
    depth: tuple[float, ...]
    order: int
    kind: str = field(compare=False)
    data: tuple[Any, ...] = field(compare=False)


LAYERS = {"under": 0, "scene": 1, "over": 2}


class Scene:
    """Things in a 3D world, painted far to near by one `Iso` camera."""

    def __init__(self, iso: Iso) -> None:
        self.iso = iso
        self.items: list[_Item] = []
        self._bounds: list[float] = [math.inf, math.inf, -math.inf, -math.inf]

    def _add(self, layer: str, depth: tuple[float, ...], kind: str, data: tuple[Any, ...],
             box: tuple[float, float, float, float]) -> None:
        self.items.append(_Item(LAYERS[layer], depth, len(self.items), kind, data))
        b = self._bounds
        b[0], b[1] = min(b[0], box[0]), min(b[1], box[1])
        b[2], b[3] = max(b[2], box[2]), max(b[3], box[3])

    def cube(self, voxel: Voxel, color: RGB, outline: RGB | None = None,
             textures: dict[str, tuple[Hashable, Image.Image]] | None = None) -> None:
        """A unit cube at integer `voxel`, shaded by face; textures map faces to (key, image)."""
        iso = self.iso
        a, b, c = iso.lattice(voxel)
        u, v = iso.cube_box(voxel)
        w, h = iso.cube_size()
        self._add("scene", (a + b + c, c), "cube", (u, v, color, outline, textures),
                  (u, v, u + w, v + h))

    def face(self, corners: Sequence[Point], color: RGB, outline: RGB | None = None,
             layer: str = "scene", bias: float = 0.0) -> None:
        """A flat polygon through world `corners`, sorted by its centre's depth (+ bias)."""
        pts = [self.iso.point(*p) for p in corners]
        cx, cy, cz = (sum(p[i] for p in corners) / len(corners) for i in range(3))
        us, vs = [p[0] for p in pts], [p[1] for p in pts]
        self._add(layer, (self._point_depth(cx, cy, cz) + bias, cz), "face",
                  (pts, color, outline), (min(us), min(vs), max(us), max(vs)))

    def _point_depth(self, x: float, y: float, z: float) -> float:
        # On the same scale as a cube's key (a + b + c of its lattice corner): a cube's centre
        # sits 1.5 above its corner.
        a, b, c = self.iso.primed(x, y, z)
        return a + b + c - 1.5

    def sprite(self, point: Point, image: Image.Image, anchor: str = "mm",
               mask: Image.Image | None = None, layer: str = "scene", bias: float = 0.0) -> None:
        """A picture pasted with its anchor ("mm" centre, "mb" bottom middle) at a world point."""
        u, v = self.iso.point(*point)
        w, h = image.size
        du = {"l": 0, "m": w // 2, "r": w}[anchor[0]]
        dv = {"t": 0, "m": h // 2, "b": h}[anchor[1]]
        left, top = round(u) - du, round(v) - dv
        self._add(layer, (self._point_depth(*point) + bias, point[2]), "sprite",
                  (left, top, image, mask), (left, top, left + w, top + h))

    def line(self, a: Point, b: Point, color: RGB, width: int = 1, layer: str = "scene",
             bias: float = 0.0) -> None:
        pa, pb = self.iso.point(*a), self.iso.point(*b)
        mid = tuple((a[i] + b[i]) / 2 for i in range(3))
        self._add(layer, (self._point_depth(*mid) + bias, mid[2]), "line", (pa, pb, color, width),
                  (min(pa[0], pb[0]) - width, min(pa[1], pb[1]) - width,
                   max(pa[0], pb[0]) + width, max(pa[1], pb[1]) + width))

    def text(self, point: Point, text: str, color: RGB = INK, size: int = 14,
             bold: bool = False, anchor: str = "mm", layer: str = "over",
             bias: float = 0.0) -> None:
        """A label at a world point (over the scene by default, so it is never hidden)."""
        u, v = self.iso.point(*point)
        face = font(size, bold)
        left, top, right, bottom = face.getbbox(text, anchor=anchor)
        self._add(layer, (self._point_depth(*point) + bias, point[2]), "text",
                  ((u, v), text, color, face, anchor), (u + left, v + top, u + right, v + bottom))

    def axes(self, extent: tuple[int, int, int], labels: Sequence[str] = ("x", "y", "z"),
             ticks: Sequence[Sequence[str]] | None = None, color: RGB = INK,
             size: int = 13, start: Voxel = (0, 0, 0)) -> None:
        """Axes of the box [start, start + extent]: x and y along the two floor edges nearest
        the camera, z up the box's leftmost vertical edge. Each has a tick label at the middle
        of every unit cell (`ticks[i][k]` for the cell start[i] + k; default 1-based numbers)
        just outside the box, and its name beside its middle, further out (no z axis when
        extent[2] is 0). Lines go under the scene, labels over it."""
        flips = (self.iso.flip_x, self.iso.flip_y)
        near = [s if f else s + e for s, e, f in zip(start[:2], extent[:2], flips, strict=True)]
        far = [s + e if f else s for s, e, f in zip(start[:2], extent[:2], flips, strict=True)]
        out = [-1 if f else 1 for f in flips]
        names = ticks or [[str(k + 1) for k in range(n)] for n in extent]
        z0 = float(start[2])
        for axis in range(2):
            other = 1 - axis

            def at(t: float, offset: float, axis: int = axis, other: int = other) -> Point:
                p = [0.0, 0.0, z0]
                p[axis], p[other] = t, near[other] + out[other] * offset
                return (p[0], p[1], p[2])

            self.line(at(start[axis], 0), at(start[axis] + extent[axis], 0), color, 2,
                      layer="under")
            for k in range(extent[axis]):
                self.text(at(start[axis] + k + 0.5, 0.45), names[axis][k], color, size)
            self.text(at(start[axis] + extent[axis] / 2, 1.1), labels[axis], color, size + 2,
                      True)
        if extent[2] == 0:  # a flat board: no height axis
            return
        x, y = float(far[0]), float(near[1])
        self.line((x, y, z0), (x, y, z0 + extent[2]), color, 2, layer="under")
        for k in range(extent[2]):
            self.text((x, y + out[1] * 0.45, z0 + k + 0.5), names[2][k], color, size)
        self.text((x, y, z0 + extent[2] + 0.5), labels[2], color, size + 2, True)

    def bounds(self) -> tuple[float, float, float, float]:
        """Pixel box (left, top, right, bottom) of everything, relative to the world origin."""
        return tuple(self._bounds)  # type: ignore[return-value]

    def render(self, background: RGB = BACKGROUND, margin: int = 12,
               size: tuple[int, int] | None = None) -> Image.Image:
        """The scene on a fresh RGB canvas that fits it (or of `size`, the scene centred)."""
        left, top, right, bottom = self.bounds() if self.items else (0, 0, 0, 0)
        if size is None:
            size = (math.ceil(right - left) + 2 * margin + 1,
                    math.ceil(bottom - top) + 2 * margin + 1)
        image = Image.new("RGB", size, background)
        origin = (round((size[0] - (right - left)) / 2 - left),
                  round((size[1] - (bottom - top)) / 2 - top))
        self.draw_into(image, origin)
        return image

    def draw_into(self, image: Image.Image, origin: tuple[int, int],
                  palette: Palette | None = None) -> None:
        """Paint every item far to near with the world origin at pixel `origin`.

        On a palette picture drawn from `palette` (`Palette.canvas`), cubes are pasted as
        palette sprites and colours drawn as palette indices: every colour drawn (each cube
        colour's three shades, see `cube_colors`) must be in the palette; sprites added with
        `sprite` must already be palette pictures of it.
        """
        ox, oy = origin
        draw = ImageDraw.Draw(image)
        if image.mode == "P":
            draw.fontmode = "1"

        def ink(color: RGB) -> Ink:
            return color if palette is None else palette.index(color)

        iso = self.iso
        for item in sorted(self.items):
            d = item.data
            if item.kind == "cube":
                u, v, color, outline, textures = d
                if palette is None:
                    picture, mask = cube_sprite(iso, color, outline, textures)
                else:
                    picture, mask = palette_cube_sprite(iso, color, outline, palette)
                image.paste(picture, (ox + u, oy + v), mask)
            elif item.kind == "face":
                pts, color, outline = d
                draw.polygon([(ox + p[0], oy + p[1]) for p in pts], fill=ink(color),
                             outline=None if outline is None else ink(outline))
            elif item.kind == "sprite":
                left, top, picture, mask = d
                image.paste(picture, (ox + left, oy + top), mask)
            elif item.kind == "line":
                (ua, va), (ub, vb), color, width = d
                draw.line([(ox + ua, oy + va), (ox + ub, oy + vb)], fill=ink(color),
                          width=width)
            else:
                (u, v), text, color, face, anchor = d
                draw_text(draw, (ox + u, oy + v), text, ink(color), face, anchor)


def cube_colors(color: RGB, outline: RGB | None = None) -> list[RGB]:
    """The colours a solid cube is drawn in: its three face shades and its outline."""
    shades = [shade(color, factor) for factor in SHADE.values()]
    return shades + ([outline] if outline is not None else [])


P_CUBES: BoundedCache[tuple[Image.Image, Image.Image]] = BoundedCache("iso palette cubes",
                                                                       maxsize=256)


def palette_cube_sprite(iso: Iso, color: RGB, outline: RGB | None,
                        palette: Palette) -> tuple[Image.Image, Image.Image]:
    """`cube_sprite` as a picture of the palette's indices (solid colours only)."""
    def make() -> tuple[Image.Image, Image.Image]:
        picture, mask = cube_sprite(iso, color, outline)
        for c in cube_colors(color, outline):
            palette.index(c)  # raises when the palette lacks a colour of the cube
        return palette.quantize(picture), mask
    return P_CUBES.get((iso.w, iso.h, iso.s, color, outline, palette.colors), make)


@lru_cache(maxsize=16)
def _cube_mask(iso: Iso) -> np.ndarray:
    _, mask = cube_sprite(iso, (255, 255, 255))
    return np.asarray(mask) > 0


def cube_coverage(iso: Iso, voxels: Sequence[Voxel]) -> list[int]:
    """How many pixels of each cube show in the picture (0 for a cube hidden by others):
    the cubes' silhouettes painted far to near into a numpy buffer of cube numbers. Cheap
    enough to test a structure for hidden cubes while it is being built."""
    if not voxels:
        return []
    mask = _cube_mask(iso)
    h, w = mask.shape
    boxes = [iso.cube_box(v) for v in voxels]
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    width = max(b[0] for b in boxes) - left + w
    height = max(b[1] for b in boxes) - top + h
    buffer = np.full((height, width), -1, dtype=np.int32)
    keys = [(sum(iso.lattice(v)), v[2]) for v in voxels]
    for i in sorted(range(len(voxels)), key=keys.__getitem__):
        x, y = boxes[i][0] - left, boxes[i][1] - top
        buffer[y:y + h, x:x + w][mask] = i
    return np.bincount(buffer[buffer >= 0], minlength=len(voxels)).tolist()


def draw_cubes(iso: Iso, voxels: Iterable[Voxel], color: RGB,
               outline: RGB | None = None) -> Scene:
    """A scene of same-coloured cubes (the common case)."""
    scene = Scene(iso)
    for voxel in voxels:
        scene.cube(voxel, color, outline)
    return scene


# Orthographic views: (column axis, row axis, depth axis, +1 when larger depth is nearer).
VIEWS: dict[str, tuple[int, int, int, int]] = {
    "front": (1, 2, 0, 1),   # looking along -x from the +x side: columns y, rows z
    "side": (0, 2, 1, -1),   # looking along +y from the -y side: columns x, rows z
    "top": (0, 1, 2, 1),     # looking down along -z: columns x, rows y
}


def orthographic(voxels: Iterable[Voxel], view: str) -> dict[tuple[int, int], int]:
    """Per (column, row) cell of the view, the depth coordinate of the nearest voxel."""
    col, row, dep, sign = VIEWS[view]
    nearest: dict[tuple[int, int], int] = {}
    for v in voxels:
        cell = (v[col], v[row])
        if cell not in nearest or (v[dep] - nearest[cell]) * sign > 0:
            nearest[cell] = v[dep]
    return nearest


def view_matrix(voxels: Iterable[Voxel], view: str, cols: Sequence[int],
                rows: Sequence[int]) -> list[list[int]]:
    """The 0/1 silhouette of the view: rows listed from the highest row value down, columns
    from the lowest value up (how the view is drawn)."""
    filled = orthographic(voxels, view)
    return [[1 if (c, r) in filled else 0 for c in cols] for r in sorted(rows, reverse=True)]
