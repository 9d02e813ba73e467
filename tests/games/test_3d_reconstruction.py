"""3D reconstruction answers re-derived independently: views by walking each line of sight,
connectivity by union-find, the fewest additions by brute force over every set of empty
cells, voxel counts from the text description, visibility by casting rays."""

from __future__ import annotations

import itertools
import re

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS

from .contract import dense_audit_passes, param_error

GAME = "3d_reconstruction"
LEVELS = visreason.LEVELS
SEEDS = range(8)
CELLS = [(x, y, z) for x in range(1, 4) for y in range(1, 4) for z in range(1, 4)]


def line_view(voxels, which: str) -> list[list[int]]:
    """Walk every line of sight: the front view looks along x, the side view along y."""
    held = set(map(tuple, voxels))
    rows = []
    for z in (3, 2, 1):
        row = []
        for c in (1, 2, 3):
            line = [(d, c, z) if which == "front" else (c, d, z) for d in (1, 2, 3)]
            row.append(int(any(p in held for p in line)))
        rows.append(row)
    return rows


def joined(voxels) -> bool:
    """Union-find over face-sharing pairs: one component."""
    cells = list(map(tuple, voxels))
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(cells)), 2):
        if sum(abs(a - b) for a, b in zip(cells[i], cells[j], strict=True)) == 1:
            parent[find(i)] = find(j)
    return len({find(i) for i in range(len(cells))}) == 1


def is_valid(state: dict, added, which=("front", "side")) -> bool:
    current = set(map(tuple, state["voxels"]))
    added = list(map(tuple, added))
    if len(set(added)) != len(added) or any(a in current or a not in CELLS for a in added):
        return False
    whole = current | set(added)
    return (len(added) <= state["remaining"] and joined(whole)
            and all(line_view(whole, w) == state[w] for w in which))


def fewest(state: dict) -> int | None:
    """Brute force: the smallest size of any valid set of empty cells."""
    empty = [c for c in CELLS if list(c) not in state["voxels"]]
    for size in range(0, state["remaining"] + 1):
        if any(is_valid(state, combo) for combo in itertools.combinations(empty, size)):
            return size
    return None


def triples(text: str) -> list[tuple[int, int, int]]:
    return [tuple(map(int, t)) for t in re.findall(r"\((\d+), (\d+), (\d+)\)", text)]


def ray_visible(voxels, v) -> bool:
    """Some point of the cube's three visible faces sees the camera: the camera looks from
    +x, -y, above, along the direction the picture uses."""
    from visreason.games.reconstruction_3d.render import ISO

    k = 2 * ISO.h / ISO.s
    direction = (1.0, -1.0, k)  # toward the camera in world coordinates
    others = [tuple(o) for o in voxels if tuple(o) != tuple(v)]
    x, y, z = v
    lo = (x - 1, y - 1, z - 1)
    faces = []
    for a in (0.2, 0.5, 0.8):
        for b in (0.2, 0.5, 0.8):
            faces.append((lo[0] + 1, lo[1] + a, lo[2] + b))  # +x face
            faces.append((lo[0] + a, lo[1], lo[2] + b))      # -y face
            faces.append((lo[0] + a, lo[1] + b, lo[2] + 1))  # top face
    for p in faces:
        blocked = False
        for o in others:
            olo = (o[0] - 1, o[1] - 1, o[2] - 1)
            t_in, t_out = 1e-9, 1e9
            for i in range(3):
                t1 = (olo[i] - p[i]) / direction[i]
                t2 = (olo[i] + 1 - p[i]) / direction[i]
                t_in, t_out = max(t_in, min(t1, t2)), min(t_out, max(t1, t2))
            if t_in < t_out:
                blocked = True
                break
        if not blocked:
            return True
    return False


def gen(task: str, level: str, seed: int, form: str = "choice", **kw):
    return visreason.generate(f"{GAME}/{task}", level, seed, seed, answer_form=form,
                              text_only=True, **kw)


@pytest.mark.parametrize("level", LEVELS)
def test_every_shown_voxel_can_be_seen(level: str) -> None:
    for task in ("count_voxels", "projection_match", "min_voxels"):
        for seed in range(4):
            voxels = gen(task, level, seed).state["voxels"]
            assert all(ray_visible(voxels, v) for v in voxels), (task, seed)


@pytest.mark.parametrize("level", LEVELS)
def test_count_voxels_from_the_layers_of_the_text(level: str) -> None:
    game = get_game(GAME)
    for seed in SEEDS:
        s = gen("count_voxels", level, seed)
        layers = game.describe(s.state).split("Target front view")[0]
        grid_rows = [line for line in layers.splitlines() if re.match(r"^\d ", line)]
        assert int(s.answer) == sum(row[1:].count("#") for row in grid_rows)
        assert joined(s.state["voxels"])


@pytest.mark.parametrize("level", LEVELS)
def test_which_position(level: str) -> None:
    for seed in SEEDS:
        s = gen("which_position", level, seed)
        voxels = s.state["voxels"]
        for i, text in enumerate(s.options):
            (cell,) = triples(text)
            assert (list(cell) in voxels) == (LETTERS[i] == s.answer)
            # An empty cell offered would show if it held a voxel.
            assert ray_visible([*voxels, list(cell)], cell)
            assert visreason.verify(s, LETTERS[i]) == float(LETTERS[i] == s.answer)
        o = gen("which_position", level, seed, "open")
        for v in voxels:  # every occupied position is a right open answer
            assert visreason.verify(o, f"({v[0]}, {v[1]}, {v[2]})") == 1.0
        empty = next(c for c in CELLS if list(c) not in voxels)
        assert visreason.verify(o, str(empty)) == 0.0
        assert visreason.verify(o, "(1, 2)") == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_projection_match(level: str) -> None:
    for seed in SEEDS:
        s = gen("projection_match", level, seed)
        st = s.state
        front = line_view(st["voxels"], "front") == st["front"]
        side = line_view(st["voxels"], "side") == st["side"]
        expect = 3 if front and side else 1 if front else 2 if side else 0
        assert LETTERS.index(s.answer) == expect
        o = gen("projection_match", level, seed, "open")
        for i, text in enumerate(["neither", "only the front view", "just the side one",
                                  "both of them"]):
            assert visreason.verify(o, text) == float(i == expect), text
        assert visreason.verify(o, "front and side") == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_view_after_adding(level: str) -> None:
    for seed in SEEDS:
        s = gen("view_after_adding", level, seed)
        added = s.meta["added"]
        built = list(s.state["voxels"])
        for v in added:  # each added voxel touches what was there before it
            assert v not in built and joined([*built, v])
            built.append(v)
        expect = line_view(built, s.meta["view"])
        assert s.answer == str(expect).replace("],", "],")
        assert visreason.verify(s, str(expect)) == 1.0
        assert visreason.verify(s, " ".join(str(c) for row in expect for c in row)) == 1.0
        flipped = [row[:] for row in expect]
        flipped[0][0] = 1 - flipped[0][0]
        assert visreason.verify(s, str(flipped)) == 0.0
        assert visreason.verify(s, "[[1, 0], [0, 1]]") == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_valid_addition(level: str) -> None:
    goals = {"both": ("front", "side"), "front": ("front",), "side": ("side",)}
    for seed in SEEDS:
        s = gen("valid_addition", level, seed)
        which = goals[s.meta["goal"]]
        for i, text in enumerate(s.options):
            assert is_valid(s.state, triples(text), which) == (LETTERS[i] == s.answer), text
            assert visreason.verify(s, LETTERS[i]) == float(LETTERS[i] == s.answer)
        o = gen("valid_addition", level, seed, "open")
        right = triples(s.options[LETTERS.index(s.answer)])
        assert visreason.verify(o, ", ".join(map(str, right))) == 1.0
        # Any valid set is right: the target's own extra voxels, when within the limit.
        assert visreason.verify(o, ", ".join(map(str, right[:-1]))) == float(
            is_valid(o.state, right[:-1], which))
        assert visreason.verify(o, "(1, 2)") == 0.0
        assert visreason.verify(o, "no idea") == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_min_voxels_by_brute_force(level: str) -> None:
    for seed in range(5):
        s = gen("min_voxels", level, seed)
        assert int(s.answer) == fewest(s.state) >= 1
        assert is_valid(s.state, s.meta["addition"])


@pytest.mark.parametrize("task_id", [t.id for t in visreason.tasks(GAME)])
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for params in ({"voxels": 3, "missing": 1}, {"voxels": 15, "missing": 6},
                   {"voxels": 3, "missing": 6}, {"voxels": 15, "missing": 1}):
        for form in ("choice", "open"):
            s = visreason.generate(task_id, "medium", 1, 0, params=params, answer_form=form)
            assert visreason.verify(s, s.answer) == 1.0


@pytest.mark.parametrize("params", [{"voxels": 2}, {"voxels": 16}, {"missing": 0},
                                    {"missing": "x"}, {"size": 3}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error(f"{GAME}/count_voxels", params, game_named=False)


def test_determinism_and_pictures() -> None:
    for task in visreason.tasks(GAME):
        a = visreason.generate(task.id, "hard", 3, 2)
        b = visreason.generate(task.id, "hard", 3, 2)
        assert a.to_dict() == b.to_dict() and a.image.tobytes() == b.image.tobytes()


def test_picture_views_show_the_target_matrices() -> None:
    from visreason.games.reconstruction_3d import render

    s = visreason.generate(f"{GAME}/min_voxels", "medium", 0, 1)
    layouts, _ = render.view_layouts()
    image = s.image.convert("RGB")
    for which, lay in layouts.items():
        for r in range(3):
            for c in range(3):
                cx, cy = lay.center(r, c)
                filled = image.getpixel((int(cx), int(cy))) == render.VIEW_FILL
                assert filled == bool(s.state[which][r][c])


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes(GAME, 300)
