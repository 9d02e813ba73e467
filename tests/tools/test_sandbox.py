"""The sandbox runs model code and returns images, text or a readable error; it recovers."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from visreason.tools.sandbox import SandboxError, SandboxLimits, SandboxPool

LIMITS = SandboxLimits(timeout=3.0, cpu_seconds=1.0, memory_mb=256, max_output_chars=500,
                       max_images=3)


@pytest.fixture(scope="module")
def pool():
    with SandboxPool(2, LIMITS) as running:
        yield running


@pytest.fixture(scope="module")
def picture() -> Image.Image:
    rng = np.random.default_rng(0)
    return Image.fromarray(rng.integers(0, 256, (48, 64, 3), dtype=np.uint8))


def test_rotation_comes_back_as_an_image(pool, picture) -> None:
    result = pool.run("result = image.rotate(90, expand=True)", picture)
    assert result.ok and result.status == "ok" and result.error is None
    assert len(result.images) == 1
    assert np.array_equal(np.asarray(result.images[0]), np.asarray(picture.transpose(
        Image.Transpose.ROTATE_90)))


def test_every_way_to_hand_back_an_image(pool, picture) -> None:
    shown = pool.run("show(image.crop((0, 0, 10, 10)))\nshow(image)\nprint('two')", picture)
    assert [im.size for im in shown.images] == [(10, 10), (64, 48)]
    assert shown.stdout == "two\n"
    last = pool.run("ImageOps.mirror(image)", picture)
    assert np.array_equal(np.asarray(last.images[0]), np.asarray(picture)[:, ::-1])
    array = pool.run("result = np.asarray(image)[::2, ::2, 0]", picture)
    assert array.images[0].mode == "L" and array.images[0].size == (32, 24)
    listed = pool.run("result = [image, image.convert('L')]", picture)
    assert [im.mode for im in listed.images] == ["RGB", "L"]


def test_imports_from_the_allow_list_work(pool, picture) -> None:
    code = ("from PIL import ImageEnhance, ImageFilter\nimport numpy as np\nimport math\n"
            "import PIL.ImageOps\n"
            "sharp = ImageEnhance.Contrast(image).enhance(2).filter(ImageFilter.SHARPEN)\n"
            "result = PIL.ImageOps.autocontrast(sharp)\nprint(math.floor(np.pi))")
    result = pool.run(code, picture)
    assert result.ok, result.error
    assert result.stdout.strip() == "3" and result.images[0].size == picture.size


@pytest.mark.parametrize("code", [
    "a = np.asarray(image).astype(np.float32)\n"
    "result = ((a - a.min()) / (a.max() - a.min()) * 255).astype(np.uint8)",
    "a = np.asarray(image)\nprint(a.mean(), a.std(), np.median(a), np.percentile(a, 90))",
    "d = ImageDraw.Draw(image)\nd.text((2, 2), 'hi', fill='red')\nresult = image",
    "result = ImageOps.equalize(image).filter(ImageFilter.MedianFilter(3))",
    "result = image.resize((128, 96), Image.Resampling.LANCZOS).convert('L')",
    "print(np.asarray(image)[:1, :1])",
])
def test_everyday_numpy_and_pil_work_inside(pool, picture, code) -> None:
    """Libraries import some internals lazily, from C; those imports must still work."""
    result = pool.run(code, picture)
    assert result.ok, result.error


def test_errors_come_back_as_text_the_model_can_use(pool, picture) -> None:
    failed = pool.run("x = 1\ny = image.rotat(90)", picture)
    assert not failed.ok and failed.status == "error"
    assert 'line 2' in failed.error and "image.rotat(90)" in failed.error
    assert failed.error.rstrip().endswith("has no attribute 'rotat'")
    assert "Error:" in failed.text()
    syntax = pool.run("result = image.rotate(90", picture)
    assert syntax.status == "refused" and "SyntaxError" in syntax.error
    silent = pool.run("angle = 90", picture)
    assert silent.ok and not silent.images and "result" in silent.text()
    value = pool.run("result = image.size", picture)
    assert value.note == "result = (64, 48)"


def test_no_image_is_fine(pool) -> None:
    result = pool.run("print(sum(range(10)))")
    assert result.ok and result.stdout == "45\n" and result.images == []


def test_output_and_images_are_bounded(pool, picture) -> None:
    flood = pool.run("for i in range(100000):\n    print('x' * 50)", picture)
    assert flood.ok and len(flood.stdout) < LIMITS.max_output_chars + 40
    assert flood.stdout.endswith("[output truncated]")
    many = pool.run("for i in range(50):\n    show(image)", picture)
    assert len(many.images) == LIMITS.max_images
    huge = pool.run("result = np.zeros((5000, 5000, 3), dtype=np.uint8)", picture)
    assert not huge.images and "larger than allowed" in (huge.note or "")


def test_limits_reject_nonsense() -> None:
    with pytest.raises(SandboxError):
        SandboxLimits(timeout=0)
    with pytest.raises(SandboxError):
        SandboxPool(0)
    with pytest.raises(SandboxError, match="skip"):
        SandboxPool(1, skip=["everything"])


def test_a_closed_pool_refuses_work(picture) -> None:
    pool = SandboxPool(1, LIMITS)
    pool.close()
    with pytest.raises(SandboxError, match="closed"):
        pool.run("result = image", picture)


def test_async_calls_run_concurrently(pool, picture) -> None:
    import asyncio

    async def many():
        return await asyncio.gather(*(pool.arun(f"result = image.rotate({90 * k}, expand=True)",
                                               picture) for k in range(4)))

    results = asyncio.run(many())
    assert [r.images[0].size for r in results] == [(64, 48), (48, 64), (64, 48), (48, 64)]
