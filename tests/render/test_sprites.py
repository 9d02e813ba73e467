"""Sprites are drawn once and shared; layers are drawn once and handed out as copies."""

from __future__ import annotations

from PIL import Image, ImageDraw

from visreason.render import layer, sprite


def test_sprite_is_drawn_once_and_shared() -> None:
    calls: list[int] = []

    def make() -> Image.Image:
        calls.append(1)
        return Image.new("RGB", (4, 4), (1, 2, 3))

    first, second = sprite(("test sprite", 4), make), sprite(("test sprite", 4), make)
    assert first is second and len(calls) == 1


def test_layer_copies_are_independent() -> None:
    first = layer(("test layer", 1), lambda: Image.new("RGB", (5, 5), (255, 255, 255)))
    ImageDraw.Draw(first).rectangle((0, 0, 4, 4), fill=(0, 0, 0))
    second = layer(("test layer", 1), lambda: Image.new("RGB", (5, 5), (9, 9, 9)))
    assert second.getpixel((2, 2)) == (255, 255, 255)

