"""Palette: fixed indices shared by canvases and sprites; exact mapping of its own colours."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from visreason.render import Palette, ramp

RED, GREEN, WHITE = (220, 40, 40), (40, 170, 60), (255, 255, 255)


def test_indices_follow_the_order_and_duplicates_are_dropped() -> None:
    palette = Palette([WHITE, RED, WHITE, GREEN])
    assert palette.colors == (WHITE, RED, GREEN) and len(palette) == 3
    assert [palette.index(c) for c in (WHITE, RED, GREEN)] == [0, 1, 2]
    with pytest.raises(ValueError, match="not in this palette"):
        palette.index((1, 2, 3))


def test_sprite_pastes_into_a_canvas_index_for_index() -> None:
    palette = Palette([WHITE, RED, GREEN])
    rgb = Image.new("RGB", (8, 8), GREEN)
    ImageDraw.Draw(rgb).rectangle((2, 2, 5, 5), fill=RED)
    tile = palette.quantize(rgb)
    canvas = palette.canvas((20, 12), WHITE)
    canvas.paste(tile, (3, 2))
    expected = Image.new("RGB", (20, 12), WHITE)
    expected.paste(rgb, (3, 2))
    assert canvas.convert("RGB").tobytes() == expected.tobytes()
    assert len(canvas.getpalette()) == 9  # three entries: PNG packs it into 2 bits a pixel


def test_ramp_runs_from_start_to_end() -> None:
    steps = ramp((0, 0, 0), (255, 255, 255), 4)
    assert steps[0] == (0, 0, 0) and steps[-1] == (255, 255, 255) and len(steps) == 5
    assert steps[2] == (128, 128, 128)


def test_palette_size_is_checked() -> None:
    with pytest.raises(ValueError, match="1 to 256"):
        Palette([])
    with pytest.raises(ValueError, match="1 to 256"):
        Palette([(i, i // 256, 0) for i in range(257)])


def test_ink_falls_back_to_the_colour_itself() -> None:
    palette = Palette([WHITE, RED])
    assert palette.ink(RED) == 1 and palette.ink(GREEN) == GREEN
    canvas = palette.canvas((4, 4), WHITE)
    ImageDraw.Draw(canvas).rectangle((0, 0, 1, 1), fill=palette.ink(GREEN))
    assert canvas.convert("RGB").getpixel((0, 0)) == GREEN
