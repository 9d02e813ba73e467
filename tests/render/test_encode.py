"""png_bytes: valid PNGs that read back to the same pixels, at Pillow's bit depth."""

from __future__ import annotations

import io
import random
import zlib

import pytest
from PIL import Image

from visreason.render import encode, png_bytes


@pytest.fixture(params=["installed", "zlib"], autouse=True)
def deflate_lib(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with the installed deflate (ISA-L with the fast extra) and with zlib."""
    if request.param == "zlib":
        monkeypatch.setattr(encode, "deflate_lib", zlib)


def _read(data: bytes) -> Image.Image:
    Image.open(io.BytesIO(data)).verify()
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _pillow_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("colors", [1, 2, 3, 4, 5, 16, 17, 200, 256])
@pytest.mark.parametrize("width", [1, 7, 8, 33])
def test_palette_pictures_round_trip_at_pillows_bit_depth(colors: int, width: int) -> None:
    image = Image.new("P", (width, 5))
    image.putpalette([(i * 37 + k * 11) % 256 for i in range(colors) for k in range(3)])
    image.putdata([(x * 3 + x // width) % colors for x in range(width * 5)])
    data = png_bytes(image)
    back = _read(data)
    assert back.mode == "P" and back.tobytes() == image.tobytes()
    assert back.convert("RGB").tobytes() == image.convert("RGB").tobytes()
    assert data[24] == _pillow_png(image)[24]  # IHDR bit depth


def test_greyscale_round_trips() -> None:
    image = Image.linear_gradient("L").resize((45, 17))
    back = _read(png_bytes(image))
    assert back.mode == "L" and back.tobytes() == image.tobytes()


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "1", "LA"])
def test_other_modes_go_through_pillow(mode: str) -> None:
    image = Image.linear_gradient("L").resize((20, 9)).convert(mode)
    back = _read(png_bytes(image))
    assert back.mode == mode and back.tobytes() == image.tobytes()


def test_palette_transparency_is_kept() -> None:
    image = Image.new("P", (6, 4))
    image.putpalette([0, 0, 0, 255, 0, 0])
    image.info["transparency"] = 0
    back = _read(png_bytes(image))
    assert back.info.get("transparency") == 0


def test_palette_with_alpha_goes_through_pillow() -> None:
    image = Image.new("P", (3, 2))
    image.putpalette([255, 0, 0, 128, 0, 255, 0, 255], rawmode="RGBA")
    image.putdata([0, 1, 0, 1, 1, 0])
    back = _read(png_bytes(image))
    assert back.convert("RGBA").tobytes() == image.convert("RGBA").tobytes()


def test_every_game_picture_takes_the_lean_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from visreason.core import get_game

    from .golden import load

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("went through Image.save")

    pictures = {}
    for entry in load():
        pictures.setdefault(entry["game"], get_game(entry["game"]).render(entry["state"]))
    monkeypatch.setattr(Image.Image, "save", refuse)
    for game, picture in pictures.items():
        assert _read(png_bytes(picture)).convert("RGB").tobytes() == \
            picture.convert("RGB").tobytes(), game


@pytest.mark.parametrize("size", [(1, 1), (3, 2), (57, 31)])
def test_rgb_pictures_take_the_lean_path_and_read_back_the_same(monkeypatch, size) -> None:
    rng = random.Random(size[0])
    image = Image.new("RGB", size)
    image.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(size[0] * size[1])])

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("went through Image.save")

    monkeypatch.setattr(Image.Image, "save", refuse)
    back = _read(png_bytes(image))
    assert back.mode == "RGB" and back.tobytes() == image.tobytes()
