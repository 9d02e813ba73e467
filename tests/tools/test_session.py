"""A session judges each call against the tool task while the pictures are at hand."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from visreason.tools import transforms as tf
from visreason.tools.sandbox import SandboxLimits, SandboxPool
from visreason.tools.session import ToolSession, tool_spec

UNDO = {"rotate90": "result = image.rotate(-90, expand=True)",
        "rotate180": "result = image.transpose(Image.Transpose.ROTATE_180)",
        "rotate270": "result = np.rot90(np.asarray(image))",
        "flip_h": "result = ImageOps.mirror(image)",
        "flip_v": "result = np.asarray(image)[::-1]"}


@pytest.fixture(scope="module")
def pool():
    with SandboxPool(2, SandboxLimits(timeout=5, cpu_seconds=3)) as running:
        yield running


@pytest.fixture(scope="module")
def clean() -> Image.Image:
    image = Image.new("RGB", (90, 60), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((5, 5, 20, 55), fill="navy")
    draw.rectangle((5, 40, 70, 55), fill="navy")
    draw.ellipse((72, 5, 85, 18), fill="red")
    return image


def spec(transform: str, **extra) -> dict:
    inverse = tf.inverse(transform) if transform in tf.D4 else None
    return {"transform": transform, "inverse": inverse, "box": None, **extra}


@pytest.mark.parametrize("transform", list(UNDO))
def test_the_inverse_is_seen_in_code_and_pixels(pool, clean, transform) -> None:
    corrupted = tf.apply(clean, transform)
    session = ToolSession([corrupted], spec(transform), pool)
    wrong = session.call("result = image.rotate(90, expand=True)" if transform != "rotate270"
                         else "result = image.rotate(180)")
    assert wrong.ok and not wrong.restored
    right = session.call(UNDO[transform])
    assert right.ok and right.restored and right.seen == tf.inverse(transform)
    assert not right.needless and session.solved
    later = session.call("result = image.rotate(180)", 0)
    assert later.needless  # the picture was already repaired


def test_undoing_in_two_steps_counts(pool, clean) -> None:
    session = ToolSession([tf.apply(clean, "rotate180")], spec("rotate180"), pool)
    first = session.call("result = image.rotate(90, expand=True)")
    assert not first.restored and session.orientation[1] == "rotate90"
    second = session.call("result = image.rotate(90, expand=True)", image_index=1)
    assert second.restored and session.orientation[2] == "rotate180"


def test_pixels_without_a_claim_earn_nothing(pool, clean) -> None:
    """Code that hides its rotation (a computed angle) is not credited: the reward asks for
    the inverse found by reading the code and confirmed on the picture."""
    session = ToolSession([tf.apply(clean, "rotate90")], spec("rotate90"), pool)
    record = session.call("angle = sum([90, 90, 90])\nresult = image.rotate(angle, expand=True)")
    assert record.ok and record.seen == "rotate270" and not record.restored


def test_crop_regions_are_tracked_through_zooms(pool, clean) -> None:
    canvas = Image.new("RGB", (300, 300), "white")
    canvas.paste(clean, (180, 200))
    box = [180, 200, 270, 260]
    session = ToolSession([canvas], spec("crop", box=box), pool)
    miss = session.call("result = image.crop((0, 0, 90, 60))")
    assert miss.iou == 0.0
    loose = session.call("w, h = image.size\nresult = image.crop((w // 2, h // 2, w, h))"
                         ".resize((300, 300))")
    assert loose.iou == pytest.approx(tf.iou((150, 150, 300, 300), box), abs=1e-3)
    tight = session.call("result = image.crop((30, 100, 120, 220))", image_index=2)
    # picture 2 shows (150, 150)-(300, 300) at twice the size: (30, 100, 120, 220) there is
    # (165, 200, 210, 260) in the canvas
    assert tight.iou == pytest.approx(tf.iou((165, 200, 210, 260), box), abs=1e-3)
    exact = session.call("result = image.crop((180, 200, 270, 260))")
    assert exact.iou == pytest.approx(1.0)


def test_contrast_repairs_and_controls(pool, clean) -> None:
    dull = tf.lower_contrast(clean, 0.15)
    session = ToolSession([dull], spec("low_contrast"), pool)
    assert session.call("result = ImageOps.autocontrast(image)").restored
    control = ToolSession([clean], spec("none"), pool)
    record = control.call("result = image.rotate(90, expand=True)")
    assert record.ok and record.needless and not record.restored


def test_failures_and_refusals_are_recorded(pool, clean) -> None:
    session = ToolSession([clean], spec("rotate90"), pool, max_calls=4)
    assert session.call("result = image.rotat(90)").status == "error"
    assert session.call("result = image", image_index=3).status == "invalid"
    assert "does not exist" in session.calls[-1].error
    assert session.call("", 0).status == "invalid"
    assert session.call("result = image", image_index="x").status == "invalid"
    assert session.call("result = image").error == "no more tool calls: the limit is 4"
    assert [c.failed for c in session.calls] == [True, True, True, True, True]
    assert session.summary()["failed"] == 5


def test_repeats_are_needless_and_text_names_the_pictures(pool, clean) -> None:
    session = ToolSession([clean], spec("rotate90"), pool)
    first = session.call("result = image.rotate(45)")
    again = session.call("result = image.rotate(45)")
    assert not first.needless and again.needless
    assert session.response_text(first) == "Image 1 (90x60)."
    silent = session.call("print(image.size)")
    assert session.response_text(silent).startswith("Output:\n(90, 60)")


def test_tool_spec_reads_meta_in_every_form() -> None:
    record = {"transform": "crop", "box": [0, 0, 1, 1]}
    assert tool_spec({"tool": record}) == record
    assert tool_spec('{"tool": {"transform": "crop", "box": [0, 0, 1, 1]}}') == record
    assert tool_spec({}) is None and tool_spec("not json") is None and tool_spec(None) is None
