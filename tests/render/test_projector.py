"""The isometric projector: depth order checked pixel by pixel against a ray caster, shading by
face, textured faces, axes, orthographic views."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageDraw

from visreason.render.projector import (
    SHADE,
    Iso,
    Scene,
    cube_colors,
    cube_coverage,
    orthographic,
    shade,
    view_matrix,
)

RED, BLUE, GREEN = (200, 40, 40), (40, 60, 200), (40, 180, 60)
FACE_OF_AXIS = {0: "right", 1: "left", 2: "top"}


def rendered(scene: Scene) -> tuple[Image.Image, int, int]:
    """The scene on a fitted canvas, with the pixel of the world origin."""
    image = scene.render(margin=4)
    left, top, right, bottom = scene.bounds()
    ox = round((image.width - (right - left)) / 2 - left)
    oy = round((image.height - (bottom - top)) / 2 - top)
    return image, ox, oy


def ray_hit(iso: Iso, cubes: dict, u: float, v: float) -> tuple | None:
    """The cube and face a ray through screen point (u, v) meets first, by slab intersection
    in camera-aligned coordinates (independent of the sprite drawing and its sort order)."""
    w, h, s = iso.w, iso.h, iso.s
    p0 = ((u / w + v / h) / 2, (v / h - u / w) / 2, 0.0)
    d = (1.0, 1.0, 2 * h / s)  # toward the camera: the screen does not move along it
    best = None
    for voxel, color in cubes.items():
        x, y, z = voxel
        low = (-x - 1 if iso.flip_x else x, -y - 1 if iso.flip_y else y, z)
        t_in, t_out, face = -1e9, 1e9, -1
        for i in range(3):
            t1, t2 = (low[i] - p0[i]) / d[i], (low[i] + 1 - p0[i]) / d[i]
            t_in = max(t_in, min(t1, t2))
            if max(t1, t2) < t_out:
                t_out, face = max(t1, t2), i
        if t_in < t_out - 1e-9 and (best is None or t_out > best[0]):
            best = (t_out, color, face)
    return best


@pytest.mark.parametrize("seed", range(4))
def test_painter_order_matches_a_ray_caster(seed: int) -> None:
    rng = random.Random(seed)
    checked = 0
    for _ in range(6):
        iso = Iso(half=rng.choice([8, 12]), flip_x=rng.random() < 0.5,
                  flip_y=rng.random() < 0.5)
        n = rng.randint(2, 4)
        cubes = {(rng.randrange(n), rng.randrange(n), rng.randrange(n)):
                 tuple(rng.randrange(40, 250) for _ in range(3)) for _ in range(rng.randint(2, 20))}
        scene = Scene(iso)
        for voxel in rng.sample(list(cubes), len(cubes)):  # insertion order must not matter
            scene.cube(voxel, cubes[voxel])
        image, ox, oy = rendered(scene)
        pixels = image.load()
        for y in range(0, image.height, 2):
            for x in range(0, image.width, 2):
                # Skip pixels near any silhouette or face edge: all nine nearby samples agree.
                hits = [ray_hit(iso, cubes, x + dx - ox, y + dy - oy)
                        for dx in (-0.6, 0, 0.6) for dy in (-0.6, 0, 0.6)]
                if any(h is None for h in hits) or len({h[1:] for h in hits}) > 1:
                    continue
                _, color, axis = hits[0]
                assert pixels[x, y] == shade(color, SHADE[FACE_OF_AXIS[axis]]), (x, y)
                checked += 1
    assert checked > 500


@pytest.mark.parametrize("order", [0, 1])
def test_front_cube_hides_back_cube(order: int) -> None:
    iso = Iso(half=16)
    back, front = (0, 0, 0), (1, 1, 0)  # front is nearer: the camera looks from +x, +y
    scene = Scene(iso)
    for voxel, color in ([(back, BLUE), (front, RED)], [(front, RED), (back, BLUE)])[order]:
        scene.cube(voxel, color)
    image, ox, oy = rendered(scene)
    # The front cube's top centre lies where the back cube's front corner also projects.
    u, v = iso.point(1.5, 1.5, 1.0)
    assert image.getpixel((ox + round(u), oy + round(v))) == RED
    bu, bv = iso.point(1.0, 1.0, 0.5)  # the back cube's near vertical edge, hidden
    assert image.getpixel((ox + round(bu), oy + round(bv))) == shade(RED, SHADE["top"])
    tu, tv = iso.point(0.5, 0.5, 1.0)  # the back cube's top centre still shows
    assert image.getpixel((ox + round(tu), oy + round(tv))) == BLUE


def test_stacked_cube_top_hides_lower_top() -> None:
    iso = Iso(half=16)
    scene = Scene(iso)
    scene.cube((0, 0, 1), RED)
    scene.cube((0, 0, 0), BLUE)
    image, ox, oy = rendered(scene)
    u, v = iso.point(0.5, 0.5, 2.0)
    assert image.getpixel((ox + round(u), oy + round(v))) == RED
    lu, lv = iso.point(1.0, 0.5, 0.5)  # right face of the lower cube
    assert image.getpixel((ox + round(lu), oy + round(lv))) == shade(BLUE, SHADE["right"])


def test_three_faces_are_shaded_by_direction() -> None:
    iso = Iso(half=20)
    scene = Scene(iso)
    scene.cube((0, 0, 0), GREEN)
    image, ox, oy = rendered(scene)
    probes = {"top": (0.5, 0.5, 1.0), "right": (1.0, 0.5, 0.5), "left": (0.5, 1.0, 0.5)}
    seen = set()
    for face, point in probes.items():
        u, v = iso.point(*point)
        pixel = image.getpixel((ox + round(u), oy + round(v)))
        assert pixel == shade(GREEN, SHADE[face])
        seen.add(pixel)
    assert len(seen) == 3


def test_flipped_camera_shows_the_other_faces() -> None:
    assert Iso(flip_x=True, flip_y=True).visible_faces() == {"top": "+z", "right": "-x",
                                                               "left": "-y"}
    iso = Iso(half=16, flip_y=True)
    scene = Scene(iso)
    scene.cube((0, 0, 0), BLUE)
    scene.cube((0, 1, 0), RED)  # larger y is farther when looking from -y: hidden part
    image, ox, oy = rendered(scene)
    u, v = iso.point(0.5, 0.0, 0.5)  # the -y face of the blue cube faces the camera
    assert image.getpixel((ox + round(u), oy + round(v))) == shade(BLUE, SHADE["left"])


def test_texture_is_mapped_onto_each_face() -> None:
    # Four quadrants: top-left red, top-right blue, bottom-left green, bottom-right white.
    texture = Image.new("RGB", (8, 8), (255, 255, 255))
    draw = ImageDraw.Draw(texture)
    draw.rectangle((0, 0, 3, 3), fill=RED)
    draw.rectangle((4, 0, 7, 3), fill=BLUE)
    draw.rectangle((0, 4, 3, 7), fill=GREEN)
    iso = Iso(half=24)
    faces = iso.cube_faces()
    scene = Scene(iso)
    scene.cube((0, 0, 0), (0, 0, 0), textures={f: ("quadrants", texture) for f in faces})
    image, ox, oy = rendered(scene)
    left, top = iso.cube_box((0, 0, 0))
    for face, corners in faces.items():
        (x0, y0), (x1, y1), _, (x3, y3) = corners
        for (a, b), color in {(0.25, 0.25): RED, (0.75, 0.25): BLUE, (0.25, 0.75): GREEN,
                              (0.75, 0.75): (255, 255, 255)}.items():
            px = x0 + a * (x1 - x0) + b * (x3 - x0)
            py = y0 + a * (y1 - y0) + b * (y3 - y0)
            got = image.getpixel((ox + left + round(px), oy + top + round(py)))
            assert got == shade(color, SHADE[face]), (face, a, b)


def test_items_sort_with_cubes_and_labels_stay_on_top() -> None:
    iso = Iso(half=16)
    scene = Scene(iso)
    scene.cube((1, 1, 0), RED)
    ball = Image.new("RGB", (6, 6), BLUE)
    scene.sprite((0.5, 0.5, 0.5), ball)  # in the cell behind the cube: hidden by it
    scene.sprite((2.5, 2.5, 0.5), ball)  # in the cell in front of the cube: shows
    scene.text((1.5, 1.5, 1.0), "8", (0, 0, 0), 14, True)
    image, ox, oy = rendered(scene)
    u, v = iso.point(2.5, 2.5, 0.5)
    assert image.getpixel((ox + round(u), oy + round(v))) == BLUE
    bu, bv = iso.point(0.5, 0.5, 0.5)
    assert image.getpixel((ox + round(bu), oy + round(bv))) == RED
    tu, tv = iso.point(1.5, 1.5, 1.0)
    box = (ox + round(tu) - 5, oy + round(tv) - 7, ox + round(tu) + 5, oy + round(tv) + 7)
    assert (0, 0, 0) in {c for _, c in image.crop(box).getcolors(400)}


def test_axes_label_every_cell_outside_the_cubes() -> None:
    iso = Iso(half=16)
    scene = Scene(iso)
    scene.axes((3, 2, 4))
    texts = [item.data[1] for item in scene.items if item.kind == "text"]
    assert sorted(texts) == sorted(["1", "2", "3", "1", "2", "1", "2", "3", "4", "x", "y", "z"])
    image = scene.render()
    assert len(image.getcolors(10000)) > 2


def test_render_is_deterministic_and_sized() -> None:
    def build() -> Image.Image:
        scene = Scene(Iso(half=12))
        for voxel in [(0, 0, 0), (1, 0, 0), (0, 1, 1)]:
            scene.cube(voxel, RED, outline=(0, 0, 0))
        scene.axes((2, 2, 2))
        return scene.render(size=(200, 180))
    first, second = build(), build()
    assert first.size == (200, 180)
    assert first.tobytes() == second.tobytes()


def test_bad_camera_size_is_refused() -> None:
    with pytest.raises(ValueError):
        Iso(half=7)


def test_orthographic_views_by_hand() -> None:
    voxels = [(1, 1, 1), (2, 1, 1), (2, 2, 1), (2, 2, 2), (3, 3, 1)]
    # Front: along -x, nearest = largest x; cells (y, z).
    assert orthographic(voxels, "front") == {(1, 1): 2, (2, 1): 2, (2, 2): 2, (3, 1): 3}
    # Side: along +y from the -y side, nearest = smallest y; cells (x, z).
    assert orthographic(voxels, "side") == {(1, 1): 1, (2, 1): 1, (2, 2): 2, (3, 1): 3}
    assert orthographic(voxels, "top") == {(1, 1): 1, (2, 1): 1, (2, 2): 2, (3, 3): 1}
    assert view_matrix(voxels, "front", [1, 2, 3], [1, 2, 3]) == [[0, 0, 0], [0, 1, 0],
                                                                  [1, 1, 1]]
    # A second count: a cell is filled exactly when some voxel has those two coordinates.
    for view, (c, r) in {"front": (1, 2), "side": (0, 2), "top": (0, 1)}.items():
        expect = {(v[c], v[r]) for v in voxels}
        assert set(orthographic(voxels, view)) == expect


def test_cube_coverage_counts_the_pixels_each_cube_shows() -> None:
    """Second method: draw every cube in its own colour and count the colours' pixels."""
    rng = random.Random(3)
    for _ in range(10):
        iso = Iso(half=8, flip_y=rng.random() < 0.5)
        voxels = list({(rng.randrange(3), rng.randrange(3), rng.randrange(3))
                       for _ in range(rng.randint(1, 15))})
        scene = Scene(iso)
        owner = {}
        for i, voxel in enumerate(voxels):
            color = (200, 20 + 8 * i, 200)
            scene.cube(voxel, color)
            for factor in SHADE.values():
                owner[shade(color, factor)] = i
        counts = [0] * len(voxels)
        for count, color in scene.render(margin=1).getcolors(10000):
            if color in owner:
                counts[owner[color]] += count
        assert cube_coverage(iso, voxels) == counts


def test_palette_pictures_match_rgb_ones() -> None:
    from visreason.render import Palette

    iso = Iso(half=12)
    scene = Scene(iso)
    for voxel in [(0, 0, 0), (1, 0, 0), (0, 1, 1)]:
        scene.cube(voxel, RED, outline=(0, 0, 0))
    scene.line((0, 0, 0), (2, 0, 0), BLUE, 2, layer="under")
    palette = Palette([(255, 255, 255), *cube_colors(RED, (0, 0, 0)), BLUE])
    rgb = Image.new("RGB", (120, 120), (255, 255, 255))
    scene.draw_into(rgb, (60, 60))
    indexed = palette.canvas((120, 120), (255, 255, 255))
    scene.draw_into(indexed, (60, 60), palette)
    assert indexed.convert("RGB").tobytes() == rgb.tobytes()
