"""Image transforms tool tasks apply and tool rewards look for, and how to see them in pixels.

The eight lossless re-orientations of a picture form the dihedral group D4: the identity,
rotations by 90, 180 and 270 degrees counter-clockwise (PIL's convention) and four mirrors.
Tasks corrupt a picture by one of them; a call undid it when the picture it produced is the
inverse applied to its input. `detect` finds which elements map one picture onto another by
comparing small grey thumbnails, so it works whatever library or resizing the code used.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from ..core.errors import VisreasonError

# name -> (quarter turns counter-clockwise, mirrored left-right first)
D4: dict[str, tuple[int, bool]] = {
    "identity": (0, False), "rotate90": (1, False), "rotate180": (2, False),
    "rotate270": (3, False), "flip_h": (0, True), "transpose": (1, True),
    "flip_v": (2, True), "transverse": (3, True),
}
_BY_PARTS = {parts: name for name, parts in D4.items()}
_PIL = {
    "rotate90": Image.Transpose.ROTATE_90, "rotate180": Image.Transpose.ROTATE_180,
    "rotate270": Image.Transpose.ROTATE_270, "flip_h": Image.Transpose.FLIP_LEFT_RIGHT,
    "flip_v": Image.Transpose.FLIP_TOP_BOTTOM, "transpose": Image.Transpose.TRANSPOSE,
    "transverse": Image.Transpose.TRANSVERSE,
}
THUMB = 96  # thumbnail side for comparisons: cheap, and blind to resampling noise
# Mean absolute grey difference (0..1) that still counts as the same picture: resampling
# costs about 0.002 on rendered boards, a re-orientation 0.03 to 0.3.
MATCH_TOLERANCE = 0.02


def check_d4(name: str) -> str:
    if name not in D4:
        raise VisreasonError(f"unknown orientation {name!r}; one of {', '.join(D4)}")
    return name


def compose(second: str, first: str) -> str:
    """The element `second` after `first` (apply `first`, then `second`)."""
    k2, f2 = D4[check_d4(second)]
    k1, f1 = D4[check_d4(first)]
    # R^k2 F^f2 R^k1 F^f1, with F R^k = R^-k F
    turns = (k2 + (-k1 if f2 else k1)) % 4
    return _BY_PARTS[(turns, f1 != f2)]


def inverse(name: str) -> str:
    turns, mirrored = D4[check_d4(name)]
    return name if mirrored else _BY_PARTS[((-turns) % 4, False)]


def compose_all(names: Iterable[str]) -> str:
    """The net element of applying `names` in order."""
    net = "identity"
    for name in names:
        net = compose(name, net)
    return net


def apply(image: Image.Image, name: str) -> Image.Image:
    check_d4(name)
    return image.copy() if name == "identity" else image.transpose(_PIL[name])


def small(image: Image.Image) -> Image.Image:
    """A grey copy at most 4 x THUMB pixels on its long side: every comparison starts here,
    so a 16-megapixel output costs one reduction, not eight full-size re-orientations."""
    limit = 4 * THUMB
    picture = image
    if max(image.size) > limit:
        picture = image.copy()
        picture.thumbnail((limit, limit), Image.Resampling.BILINEAR)
    return picture.convert("L") if picture.mode != "L" else picture


def _grey(image: Image.Image, size: tuple[int, int]) -> np.ndarray:
    return np.asarray(small(image).resize(size, Image.Resampling.BILINEAR),
                      dtype=np.float32) / 255.0


def _thumb_size(width: int, height: int) -> tuple[int, int]:
    scale = THUMB / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute grey difference (0..1) of two pictures at thumbnail size; 1.0 when
    their aspect ratios differ by more than 5 %."""
    if abs(a.width / a.height - b.width / b.height) > 0.05 * (a.width / a.height):
        return 1.0
    size = _thumb_size(a.width, a.height)
    return float(np.abs(_grey(a, size) - _grey(b, size)).mean())


def detect(source: Image.Image, produced: Image.Image,
           tolerance: float = MATCH_TOLERANCE) -> list[str]:
    """Every D4 element that maps `source` onto `produced` (at any scale), best first."""
    source, produced = small(source), small(produced)
    scored = sorted((difference(apply(source, name), produced), name) for name in D4)
    return [name for score, name in scored if score <= tolerance]


def distinct_under(image: Image.Image, name: str, margin: float = 2 * MATCH_TOLERANCE) -> bool:
    """True when `name` visibly changes `image` (a symmetric picture would hide a rotation)."""
    image = small(image)
    return difference(apply(image, name), image) > margin


# -- contrast ------------------------------------------------------------------------------
def lower_contrast(image: Image.Image, factor: float) -> Image.Image:
    """Blend towards mid-grey: `factor` 1 keeps the picture, 0 makes it flat grey."""
    array = np.asarray(image.convert("RGB"), dtype=np.float32)
    return Image.fromarray(np.clip(127.5 + (array - 127.5) * factor, 0, 255).round()
                           .astype(np.uint8))


def contrast(image: Image.Image) -> float:
    """Standard deviation of the grey levels (0..0.5), on the reduced copy."""
    return float(np.asarray(small(image), dtype=np.float32).std() / 255.0)


def contrast_restored(source: Image.Image, produced: Image.Image, gain: float = 1.8,
                      min_correlation: float = 0.9) -> bool:
    """True when `produced` is `source` with clearly stronger contrast, same structure."""
    if difference(source, produced) >= 1.0:
        return False
    size = _thumb_size(source.width, source.height)
    a, b = _grey(source, size).ravel(), _grey(produced, size).ravel()
    if a.std() == 0 or b.std() == 0:
        return False
    correlation = float(np.corrcoef(a, b)[0, 1])
    return contrast(produced) >= gain * contrast(source) and correlation >= min_correlation


# -- boxes -----------------------------------------------------------------------------------
Box = tuple[float, float, float, float]


def check_box(box: Sequence[float], what: str = "box") -> Box:
    try:
        x0, y0, x1, y1 = (float(v) for v in box)
    except (TypeError, ValueError):
        raise VisreasonError(f"{what} must be four numbers [x0, y0, x1, y1], got {box!r}") \
            from None
    if not (x1 > x0 and y1 > y0):
        raise VisreasonError(f"{what} {list(box)} is empty: need x1 > x0 and y1 > y0")
    return x0, y0, x1, y1


def iou(a: Sequence[float], b: Sequence[float]) -> float:
    """Intersection over union of two [x0, y0, x1, y1] boxes; 0 for empty or bad boxes."""
    try:
        ax0, ay0, ax1, ay1 = (float(v) for v in a)
        bx0, by0, bx1, by1 = (float(v) for v in b)
    except (TypeError, ValueError):
        return 0.0
    if ax1 <= ax0 or ay1 <= ay0 or bx1 <= bx0 or by1 <= by0:
        return 0.0
    w = min(ax1, bx1) - max(ax0, bx0)
    h = min(ay1, by1) - max(ay0, by0)
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / ((ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter)


def clip_box(box: Sequence[float], width: int, height: int) -> Box | None:
    x0, y0, x1, y1 = (float(v) for v in box)
    x0, x1 = max(0.0, min(x0, width)), max(0.0, min(x1, width))
    y0, y1 = max(0.0, min(y0, height)), max(0.0, min(y1, height))
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def crop_matches(source: Image.Image, box: Sequence[float], produced: Image.Image,
                 tolerance: float = MATCH_TOLERANCE) -> bool:
    """True when `produced` is `source` cropped to `box`, at any scale."""
    clipped = clip_box(box, source.width, source.height)
    if clipped is None:
        return False
    region = source.crop(tuple(round(v) for v in clipped))
    return region.width > 0 and region.height > 0 and difference(region, produced) <= tolerance


def transform_box(box: Sequence[float], name: str, width: int, height: int) -> Box:
    """Where `box` (in a width x height picture) lands after applying D4 element `name`."""
    x0, y0, x1, y1 = check_box(box)
    corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
    turns, mirrored = D4[check_d4(name)]
    w, h = float(width), float(height)
    if mirrored:
        corners = [(w - x, y) for x, y in corners]
    for _ in range(turns):  # one counter-clockwise quarter turn: (x, y) -> (y, w - x)
        corners = [(y, w - x) for x, y in corners]
        w, h = h, w
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Placement:
    """Where a small copy of a picture sits inside a bigger canvas."""

    box: Box
    canvas: tuple[int, int]
