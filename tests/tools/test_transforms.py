"""Transform detection, code analysis and IoU on hand-made cases."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from visreason.tools import transforms as tf
from visreason.tools.analysis import read_code


@pytest.fixture(scope="module")
def arrow() -> Image.Image:
    """An asymmetric picture: an L-shaped bar and a dot, so every re-orientation shows."""
    image = Image.new("RGB", (120, 80), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 30, 70), fill="black")
    draw.rectangle((10, 55, 90, 70), fill="black")
    draw.ellipse((95, 10, 110, 25), fill="red")
    return image


def test_group_laws_match_pillow(arrow) -> None:
    arrays = {n: np.asarray(tf.apply(arrow, n)) for n in tf.D4}
    assert len({a.tobytes() + bytes(a.shape) for a in arrays.values()}) == 8
    for a in tf.D4:
        assert tf.compose(tf.inverse(a), a) == "identity"
        for b in tf.D4:
            expected = np.asarray(tf.apply(tf.apply(arrow, b), a))
            assert np.array_equal(expected, np.asarray(tf.apply(arrow, tf.compose(a, b))))
    # Hand-checked: three quarter turns undo one; mirrors are their own inverse.
    assert tf.inverse("rotate90") == "rotate270" and tf.inverse("flip_h") == "flip_h"
    assert tf.compose_all(["rotate90", "rotate90"]) == "rotate180"
    assert tf.compose("flip_h", "flip_v") == "rotate180"


@pytest.mark.parametrize("name", list(tf.D4))
def test_detect_finds_each_element_at_any_scale(arrow, name) -> None:
    produced = tf.apply(arrow, name)
    assert tf.detect(arrow, produced) == [name]
    zoomed = produced.resize((produced.width * 3, produced.height * 3), Image.Resampling.NEAREST)
    assert tf.detect(arrow, zoomed) == [name]
    assert tf.detect(arrow, produced.convert("L")) == [name]


def test_detect_sees_nothing_in_an_unrelated_picture(arrow) -> None:
    noise = Image.fromarray(np.random.default_rng(0).integers(0, 256, (80, 120, 3),
                                                              dtype=np.uint8))
    assert tf.detect(arrow, noise) == []
    assert tf.detect(arrow, arrow.crop((0, 0, 60, 80))) == []  # another aspect ratio
    assert tf.difference(arrow, arrow.crop((0, 0, 60, 80))) == 1.0


def test_symmetric_pictures_match_several_elements() -> None:
    square = Image.new("L", (40, 40), 0)
    ImageDraw.Draw(square).rectangle((10, 10, 29, 29), fill=255)
    assert set(tf.detect(square, square)) == set(tf.D4)
    assert not tf.distinct_under(square, "rotate90")


def test_contrast_repair_is_recognised(arrow) -> None:
    dull = tf.lower_contrast(arrow, 0.2)
    assert tf.contrast(dull) < 0.25 * tf.contrast(arrow)
    from PIL import ImageOps

    assert tf.contrast_restored(dull, ImageOps.autocontrast(dull))
    assert not tf.contrast_restored(dull, dull)
    assert not tf.contrast_restored(dull, ImageOps.autocontrast(dull).rotate(180))


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((0, 0, 10, 10), (0, 0, 10, 10), 1.0),
    ((0, 0, 10, 10), (5, 0, 15, 10), 50 / 150),
    ((0, 0, 10, 10), (10, 10, 20, 20), 0.0),
    ((0, 0, 10, 10), (2, 2, 4, 4), 4 / 100),
    ((0, 0, 10, 10), (5, 5, 5, 9), 0.0),  # empty box
    ((0, 0, 10, 10), ("a", 0, 1, 1), 0.0),  # not numbers
    ((0, 0, 10, 10), (0, 0, 1), 0.0),  # three numbers
])
def test_iou_on_hand_made_boxes(a, b, expected) -> None:
    assert tf.iou(a, b) == pytest.approx(expected)
    assert tf.iou(b, a) == pytest.approx(expected)


def test_boxes_follow_the_picture(arrow) -> None:
    box = (95, 10, 111, 26)  # the red dot
    for name in tf.D4:
        moved = tf.apply(arrow, name)
        x0, y0, x1, y1 = (round(v) for v in tf.transform_box(box, name, *arrow.size))
        red = np.asarray(moved)[y0:y1, x0:x1]
        assert (red[..., 0] > 200).any() and (red[..., 1] < 50).any(), name
    assert tf.crop_matches(arrow, box, arrow.crop(box).resize((64, 64)))
    assert not tf.crop_matches(arrow, (0, 0, 16, 16), arrow.crop(box))
    with pytest.raises(Exception, match="empty"):
        tf.check_box((5, 5, 5, 6))


@pytest.mark.parametrize(("code", "ops"), [
    ("result = image.rotate(90, expand=True)", ["rotate90"]),
    ("result = image.rotate(-90, expand=True)", ["rotate270"]),
    ("angle = 270\nresult = image.rotate(angle, expand=True)", ["rotate270"]),
    ("result = image.rotate(angle=180)", ["rotate180"]),
    ("result = image.rotate(45)", []),
    ("result = image.transpose(Image.Transpose.ROTATE_270)", ["rotate270"]),
    ("result = image.transpose(Image.FLIP_TOP_BOTTOM)", ["flip_v"]),
    ("result = ImageOps.mirror(image)", ["flip_h"]),
    ("result = ImageOps.flip(image)", ["flip_v"]),
    ("a = np.asarray(image)\nresult = np.rot90(a)", ["rotate90"]),
    ("result = np.rot90(np.asarray(image), k=3)", ["rotate270"]),
    ("result = np.rot90(np.asarray(image), -1)", ["rotate270"]),
    ("result = np.flip(np.asarray(image), axis=1)", ["flip_h"]),
    ("result = np.fliplr(np.asarray(image))", ["flip_h"]),
    ("result = np.asarray(image)[::-1]", ["flip_v"]),
    ("result = np.asarray(image)[::-1, ::-1]", ["rotate180"]),
    ("result = cv2.rotate(a, cv2.ROTATE_90_CLOCKWISE)", ["rotate270"]),
    ("result = cv2.flip(a, 1)", ["flip_h"]),
    ("result = image.rotate(90).transpose(Image.FLIP_LEFT_RIGHT)", ["rotate90", "flip_h"]),
    ("result = image.rotate(", []),
])
def test_code_claims(code, ops) -> None:
    assert read_code(code, (100, 80)).ops == ops


def test_code_claims_crops_and_contrast() -> None:
    claims = read_code("w, h = image.size\nbox = (w // 2, 0, w, h // 2)\n"
                       "result = image.crop(box).resize((200, 160))", (100, 80))
    assert claims.crops == [(50.0, 0.0, 100.0, 40.0)] and claims.resize
    assert read_code("result = np.asarray(image)[10:40, 20:60]").crops == [(20, 10, 60, 40)]
    assert read_code("result = image.crop((image.width - 30, 0, image.width, 30))",
                     (100, 80)).crops == [(70, 0, 100, 30)]
    assert read_code("result = ImageOps.autocontrast(image)").contrast
    assert read_code("a = np.asarray(image).astype(float)\n"
                     "result = (a - a.min()) / (a.max() - a.min())").contrast
    assert not read_code("result = image.rotate(90)").contrast
    assert not read_code("x" * 30_000).parsed
