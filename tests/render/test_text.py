"""Cached text stamps give exactly ImageDraw.text's pixels, in every mode, anchor and offset."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageFont

from visreason.render import draw_on, draw_text, font
from visreason.render.text import MASKS

TEXTS = ["0", "7", "12", "A", "gy", "Score: 3", "(2, 3)", "é", "a\nbc"]
ANCHORS = [None, "mm", "rm", "md", "mt", "la", "ls", "rb"]

Case = tuple[tuple[float, float], str, object, ImageFont.FreeTypeFont, "str | None"]


def _picture(mode: str, case: Case, cached: bool) -> bytes:
    """Two stamps of the case's text on a small picture (the second from the cache)."""
    xy, text, fill, face, anchor = case
    image = Image.new(mode, (120, 90), 255 if mode == "L" else (255, 255, 255))
    draw = draw_on(image)
    draw.rectangle((10, 10, 50, 40), fill=100 if mode == "L" else (40, 90, 220))
    for _ in range(2):
        if cached:
            draw_text(draw, xy, text, fill, face, anchor)
        else:
            draw.text(xy, text, fill=fill, font=face, anchor=anchor)
    return image.convert("RGB").tobytes()


@pytest.mark.parametrize("mode", ["P", "RGB", "L"])
def test_draw_text_matches_imagedraw_text(mode: str) -> None:
    rng = random.Random(mode)
    for _ in range(150):
        face = font(rng.choice([9, 11, 14, 18, 23, 31]), rng.random() < 0.5)
        text = rng.choice(TEXTS)
        anchor = rng.choice(ANCHORS[:2] if "\n" in text else ANCHORS)
        if rng.random() < 0.5:
            xy = (rng.uniform(0, 80), rng.uniform(0, 60))
        else:
            xy = (rng.randrange(80) + rng.choice([0, 0.5, 0.25]), rng.randrange(60) + 0.5)
        fill = 30 if mode == "L" else rng.choice([(30, 30, 30), (220, 40, 40), (0, 0, 255)])
        case = (xy, text, fill, face, anchor)
        assert _picture(mode, case, True) == _picture(mode, case, False), case


def test_repeated_text_renders_once() -> None:
    draw = draw_on(Image.new("P", (60, 30), (255, 255, 255)))
    before = MASKS.stats().misses
    for _ in range(5):
        draw_text(draw, (20.5, 15), "unique label 41", (30, 30, 30), font(13), "mm")
    assert MASKS.stats().misses == before + 1
