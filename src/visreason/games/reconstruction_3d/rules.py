"""3D reconstruction: voxel structures in a 3x3x3 grid and their two projections.

Coordinates (x, y, z) run 1..3. Voxels must be face-connected. The front view (Y-Z plane)
looks along -x from the +x side: columns y = 1..3 left to right, rows z. The side view (X-Z
plane) looks along +y from the -y side: columns x = 1..3 left to right, rows z. A view cell is
filled when any voxel lies on its line of sight. Views are matrices listed top row (z = 3)
first. A puzzle holds a connected current structure, the target views, and a limit on the
voxels that may be added; an addition is valid when every added voxel touches the structure
built so far (equivalently: the result is connected), it stays within the limit, and the
result's views equal the targets.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable
from functools import lru_cache

Voxel = tuple[int, int, int]
Matrix = tuple[tuple[int, ...], ...]
N = 3
CELLS: tuple[Voxel, ...] = tuple((x, y, z) for z in range(1, N + 1) for y in range(1, N + 1)
                                 for x in range(1, N + 1))
VIEWS = ("front", "side")
VIEW_AXES = {"front": 1, "side": 0}  # the horizontal axis of each view (y or x)


def _neighbours(v: Voxel) -> tuple[Voxel, ...]:
    x, y, z = v
    out = []
    for d in ((1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)):
        w = (x + d[0], y + d[1], z + d[2])
        if all(1 <= c <= N for c in w):
            out.append(w)
    return tuple(out)


NEIGHBOURS = {v: _neighbours(v) for v in CELLS}


def neighbours(v: Voxel) -> tuple[Voxel, ...]:
    """The face neighbours of a cell inside the grid."""
    return NEIGHBOURS[v]


def connected(voxels: Iterable[Voxel]) -> bool:
    cells = set(voxels)
    if not cells:
        return False
    start = next(iter(cells))
    seen, stack = {start}, [start]
    while stack:
        for w in neighbours(stack.pop()):
            if w in cells and w not in seen:
                seen.add(w)
                stack.append(w)
    return len(seen) == len(cells)


def view(voxels: Iterable[Voxel], which: str) -> Matrix:
    """The view's 0/1 matrix, top row (z = 3) first, columns 1..3 left to right."""
    axis = VIEW_AXES[which]
    filled = {(v[axis], v[2]) for v in voxels}
    return tuple(tuple(int((c, z) in filled) for c in range(1, N + 1))
                 for z in range(N, 0, -1))


def nearest(voxels: Iterable[Voxel], which: str) -> dict[tuple[int, int], Voxel]:
    """Per (column, z) cell of the view, the voxel nearest the viewer: largest x for the
    front view, smallest y for the side view."""
    axis = VIEW_AXES[which]
    depth = 0 if which == "front" else 1
    best: dict[tuple[int, int], Voxel] = {}
    for v in voxels:
        key = (v[axis], v[2])
        if key not in best or (v[depth] > best[key][depth] if which == "front"
                               else v[depth] < best[key][depth]):
            best[key] = v
    return best


def grow(rng: random.Random, size: int, start: Voxel, within: set[Voxel] | None = None,
         keep: Callable[[list[Voxel]], bool] | None = None, cells: list[Voxel] | None = None
         ) -> list[Voxel]:
    """A random connected set of `size` voxels grown by face neighbours from `start` (or
    from the connected `cells`), inside `within` when given, and taking a voxel only when
    `keep` accepts the grown set; shorter if it runs out of room."""
    cells = list(cells) if cells else [start]
    have = set(cells)
    refused: set[Voxel] = set()
    while len(cells) < size:
        frontier = sorted({w for v in cells for w in neighbours(v)
                           if w not in have and w not in refused
                           and (within is None or w in within)})
        if not frontier:
            break
        w = rng.choice(frontier)
        if keep is not None and not keep([*cells, w]):
            refused.add(w)
            continue
        cells.append(w)
        have.add(w)
    return sorted(cells)


def matches(voxels: Iterable[Voxel], front: Matrix, side: Matrix,
            which: tuple[str, ...] = VIEWS) -> bool:
    cells = list(voxels)
    targets = {"front": front, "side": side}
    return all(view(cells, w) == targets[w] for w in which)


def valid_addition(current: Iterable[Voxel], added: Iterable[Voxel], front: Matrix,
                   side: Matrix, limit: int, which: tuple[str, ...] = VIEWS) -> bool:
    cur, add = set(current), list(added)
    if len(set(add)) != len(add) or any(v in cur or v not in CELLS for v in add):
        return False
    whole = cur | set(add)
    return len(add) <= limit and connected(whole) and matches(whole, front, side, which)


@lru_cache(maxsize=4096)
def minimal_addition(current: tuple[Voxel, ...], front: Matrix, side: Matrix, limit: int,
                     which: tuple[str, ...] = VIEWS) -> tuple[Voxel, ...] | None:
    """The first smallest valid addition: sizes 0, 1, 2 ... up to `limit`, candidate cells
    in (z, y, x) order, combinations in lexicographic order. Only cells under filled cells of
    the asked views can be added (any other would fill a view cell the target leaves empty),
    so a combination matches exactly when it fills every target cell the current structure
    leaves empty: a bit test per combination, and a connectivity test for those that pass."""
    cur = set(current)
    allowed = [v for v in CELLS if v not in cur and _fits(v, front, side, which)]
    targets = {"front": front, "side": side}

    def bits(v: Voxel) -> int:
        return sum(1 << (i * 9 + (N - v[2]) * N + v[VIEW_AXES[w]] - 1)
                   for i, w in enumerate(which))

    want = sum(1 << (i * 9 + r * N + c) for i, w in enumerate(which)
               for r in range(N) for c in range(N) if targets[w][r][c])
    have = 0
    for v in cur:
        have |= bits(v)
    if have & ~want:
        return None  # the current structure already fills a cell the target leaves empty
    masks = [bits(v) for v in allowed]
    for size in range(0, limit + 1):
        for combo in itertools.combinations(range(len(allowed)), size):
            covered = have
            for i in combo:
                covered |= masks[i]
            if covered == want:
                chosen = tuple(allowed[i] for i in combo)
                if connected(cur | set(chosen)):
                    return chosen
    return None


def _fits(v: Voxel, front: Matrix, side: Matrix, which: tuple[str, ...]) -> bool:
    row = N - v[2]
    return all(({"front": front, "side": side}[w])[row][v[VIEW_AXES[w]] - 1] == 1
               for w in which)


def allowed_cells(current: Iterable[Voxel], front: Matrix, side: Matrix) -> list[Voxel]:
    cur = set(current)
    return [v for v in CELLS if v not in cur and _fits(v, front, side, VIEWS)]


def puzzle(rng: random.Random, target_size: int, missing: int,
           keep: Callable[[list[Voxel]], bool] | None = None
           ) -> tuple[list[Voxel], list[Voxel], Matrix, Matrix]:
    """(target structure, current structure, front view, side view): a target grown from a
    random base voxel at z = 1 and a connected part of it grown from one of its base voxels
    (each voxel of the part taken only when `keep` accepts it)."""
    base = (rng.randint(1, N), rng.randint(1, N), 1)
    target = grow(rng, target_size, base)
    floor = [v for v in target if v[2] == 1]
    current = grow(rng, max(1, len(target) - missing), rng.choice(floor), set(target), keep)
    return target, current, view(target, "front"), view(target, "side")
