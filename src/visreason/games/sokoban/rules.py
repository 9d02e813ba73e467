"""Sokoban logic: boards, push moves, the self-moving-box variant and the solvers (no drawing)."""

from __future__ import annotations

import operator
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, permutations, repeat
from typing import NamedTuple

from ...core import rng as draws

Cell = tuple[int, int]

WALL, FLOOR, TARGET, BOX, BOX_ON_TARGET = "#", "-", ".", "$", "*"
PLAYER, PLAYER_ON_TARGET = "@", "+"
DIRECTIONS: tuple[str, ...] = ("up", "right", "down", "left")
DELTAS: dict[str, Cell] = {"up": (-1, 0), "right": (0, 1), "down": (1, 0), "left": (0, -1)}
DIRECTION_INDEX = {direction: i for i, direction in enumerate(DIRECTIONS)}
OPPOSITE = {"up": "down", "down": "up", "left": "right", "right": "left"}
WALL_PROBABILITY = 0.1


@dataclass(frozen=True)
class Board:
    """A square board whose outer ring is wall; boxes and targets are kept sorted."""

    size: int
    walls: frozenset[Cell]
    targets: tuple[Cell, ...]
    boxes: tuple[Cell, ...]
    player: Cell

    def free_cells(self) -> list[Cell]:
        """Every non-wall cell in row-major order."""
        return list(free_of(self.size, self.walls))


class _CellTexts(dict):
    """'(r, c)' per cell, written once: the analyses write many cells."""

    def __missing__(self, cell: Cell) -> str:
        text = self[cell] = f"({cell[0]}, {cell[1]})"
        return text


# A cell as the prompts write it, '(r, c)': core.text.fmt_cell for two-int cells.
fmt: Callable[[Cell], str] = _CellTexts().__getitem__


def shifted(cell: Cell, direction: str) -> Cell:
    dr, dc = DELTAS[direction]
    return (cell[0] + dr, cell[1] + dc)


# ----------------------------------------------------------------------------- per-size tables

class _Neighbours(dict):
    """Per cell, its four neighbours in DIRECTIONS order, made once per cell (the searches
    ask for them many times)."""

    def __missing__(self, cell: Cell) -> tuple[Cell, Cell, Cell, Cell]:
        r, c = cell
        found = self[cell] = ((r - 1, c), (r, c + 1), (r + 1, c), (r, c - 1))
        return found


NEIGHBOURS = _Neighbours()


@cache
def inner_cells_of(size: int) -> tuple[Cell, ...]:
    """The cells inside the border ring, row-major."""
    return tuple((r, c) for r in range(1, size - 1) for c in range(1, size - 1))


@cache
def border_of(size: int) -> frozenset[Cell]:
    """The border ring every board's walls include."""
    return frozenset((r, c) for r in range(size) for c in range(size)
                     if r in (0, size - 1) or c in (0, size - 1))


@cache
def all_cells_of(size: int) -> tuple[Cell, ...]:
    return tuple((r, c) for r in range(size) for c in range(size))


@lru_cache(maxsize=64)
def free_of(size: int, walls: frozenset[Cell]) -> tuple[Cell, ...]:
    """The non-wall cells in row-major order, kept per layout (several helpers ask per board)."""
    return tuple([cell for cell in all_cells_of(size) if cell not in walls])


@lru_cache(maxsize=64)
def free_set_of(size: int, walls: frozenset[Cell]) -> frozenset[Cell]:
    return all_cells_set_of(size).difference(walls)


@cache
def all_cells_set_of(size: int) -> frozenset[Cell]:
    return frozenset(all_cells_of(size))


# ----------------------------------------------------------------------------- boards

def random_walls(rng: random.Random, size: int) -> frozenset[Cell]:
    """The border ring plus inner walls, each inner cell a wall with probability 0.1."""
    return random_layout(rng, size)[0]


def random_layout(rng: random.Random, size: int) -> tuple[frozenset[Cell], list[Cell]]:
    """random_walls and the inner cells left free, in row-major order (one pass: each inner
    cell draws once, row-major)."""
    draw = rng.random
    inner = inner_cells_of(size)
    walled = [draw() < WALL_PROBABILITY for _ in inner]
    walls = border_of(size).union(compress(inner, walled))
    return walls, list(compress(inner, map(operator.not_, walled)))


def random_board(rng: random.Random, size: int, n_boxes: int) -> Board | None:
    """Random walls, then targets, boxes and the player on free cells.

    Boxes may land on targets; the player stands on any cell without a wall or a box. None when
    the inner walls leave too few free cells.
    """
    walls, free = random_layout(rng, size)
    if len(free) < 2 * n_boxes + 1:
        return None
    targets, boxes = pick(rng, free, n_boxes), pick(rng, free, n_boxes)
    player = draws.choice(rng, without(free, boxes))
    return Board(size, walls, tuple(sorted(targets)), tuple(sorted(boxes)), player)


def pick(rng: random.Random, cells: list[Cell], count: int) -> list[Cell]:
    """`rng.sample(cells, count)`. A sample of one is `[rng.choice(cells)]` (both draw one
    randbelow(len(cells)) and take that cell), made by core.rng's fast choice; larger ones are
    rng.sample itself (with more than 21 cells it takes its set method, which core.rng.sample
    would hand back to it)."""
    if count == 1:
        return [draws.choice(rng, cells)]
    return rng.sample(cells, count)


def without(cells: list[Cell], taken: Iterable[Cell]) -> list[Cell]:
    """`cells` in order without `taken`, distinct cells that all occur in it once (a copy and
    a C-level remove each: few are taken from many)."""
    left = cells.copy()
    for cell in taken:
        left.remove(cell)
    return left


def to_grid(board: Board) -> list[str]:
    """The board as rows of characters: # wall, - floor, . target, $ box, * box on target,
    @ player, + player on target."""
    n, walls = board.size, board.walls
    ring = border_of(n)
    if ring <= walls:  # start from the ring's rows and add the few other walls
        rows = [bytearray(row) for row in border_rows_of(n)]
        extra = walls - ring
    else:  # a hand-made board without its full ring
        rows = [bytearray(FLOOR * n, "ascii") for _ in range(n)]
        extra = walls
    for r, c in extra:
        if 0 <= r < n and 0 <= c < n:
            rows[r][c] = _CODE[WALL]
    # targets, then the player, then boxes: each drawn over floor only, inside the board
    for r, c in board.targets:
        if 0 <= r < n and 0 <= c < n and (r, c) not in walls:
            rows[r][c] = _CODE[TARGET]
    r, c = board.player
    if 0 <= r < n and 0 <= c < n and (r, c) not in walls:
        rows[r][c] = _CODE[PLAYER_ON_TARGET if rows[r][c] == _CODE[TARGET] else PLAYER]
    for r, c in board.boxes:
        if 0 <= r < n and 0 <= c < n and (r, c) not in walls:
            rows[r][c] = _CODE[BOX_ON_TARGET if (r, c) in board.targets else BOX]
    return [row.decode("ascii") for row in rows]


_CODE = {ch: ord(ch) for ch in (WALL, FLOOR, TARGET, BOX, BOX_ON_TARGET, PLAYER,
                                PLAYER_ON_TARGET)}


@cache
def border_rows_of(size: int) -> tuple[bytes, ...]:
    """The grid rows of the border ring alone."""
    ring = border_of(size)
    return tuple(bytes(_CODE[WALL if (r, c) in ring else FLOOR] for c in range(size))
                 for r in range(size))


def from_grid(grid: list[str]) -> Board:
    walls, targets, boxes = set(), [], []
    player = (-1, -1)
    for r, row in enumerate(grid):
        for c, ch in enumerate(row):
            if ch == WALL:
                walls.add((r, c))
            if ch in (TARGET, BOX_ON_TARGET, PLAYER_ON_TARGET):
                targets.append((r, c))
            if ch in (BOX, BOX_ON_TARGET):
                boxes.append((r, c))
            if ch in (PLAYER, PLAYER_ON_TARGET):
                player = (r, c)
    return Board(len(grid), frozenset(walls), tuple(targets), tuple(boxes), player)


# ----------------------------------------------------------------------------- push moves

class Step(NamedTuple):
    """One player command and its outcome under the push rules (a named tuple: simulations
    make one per command)."""

    direction: str
    start: Cell
    end: Cell
    pushed: tuple[Cell, Cell] | None = None  # the box's (from, to) when a push happened
    blocked_by: str | None = None  # "wall" or "box" when the player could not move
    blocked_at: Cell | None = None  # the cell that stopped the move

    def describe(self) -> str:
        where = f"{self.direction}: "
        if self.blocked_at is None:  # the player moved
            if self.pushed is not None:
                return where + (f"the player moves {fmt(self.start)} -> {fmt(self.end)} and "
                                f"pushes the box from {fmt(self.pushed[0])} to "
                                f"{fmt(self.pushed[1])}")
            return where + f"the player moves {fmt(self.start)} -> {fmt(self.end)}"
        ahead = shifted(self.start, self.direction)
        if self.blocked_at == ahead:
            return where + (f"the wall at {fmt(ahead)} is in the way, so the player stays at "
                            f"{fmt(self.start)}")
        what = "a wall" if self.blocked_by == "wall" else "another box"
        return where + (f"the box at {fmt(ahead)} cannot be pushed because "
                        f"{fmt(self.blocked_at)} holds {what}, so the player stays at "
                        f"{fmt(self.start)}")


# A named tuple made from its fields in order, without the generated __new__'s Python frame
# (simulations make one per command).
_new = tuple.__new__


def move(board: Board, direction: str) -> tuple[Board, Step]:
    """Apply one command: step onto free floor, push one box into a free cell, or stay put."""
    boxes, step = advance(board.walls, board.boxes, board.player, direction)
    if step.blocked_at is not None:
        return board, step
    return Board(board.size, board.walls, board.targets, boxes, step.end), step


def advance(walls: frozenset[Cell], boxes: tuple[Cell, ...], here: Cell,
            direction: str) -> tuple[tuple[Cell, ...], Step]:
    """move's rule on the parts of a board that change: the boxes after the command (kept
    sorted) and the step (its `end` is the player's new cell)."""
    dr, dc = DELTAS[direction]
    ahead = (here[0] + dr, here[1] + dc)
    if ahead in walls:
        return boxes, _new(Step, (direction, here, here, None, "wall", ahead))
    if ahead not in boxes:
        return boxes, _new(Step, (direction, here, ahead, None, None, None))
    beyond = (ahead[0] + dr, ahead[1] + dc)
    if beyond in walls or beyond in boxes:
        return boxes, Step(direction, here, here, None, "wall" if beyond in walls else "box",
                           beyond)
    boxes = (beyond,) if len(boxes) == 1 else \
        tuple(sorted(beyond if b == ahead else b for b in boxes))
    return boxes, _new(Step, (direction, here, ahead, (ahead, beyond), None, None))


def simulate(board: Board, moves: list[str]) -> tuple[Board, list[Step]]:
    """The board after `moves` (see move) and each command's step."""
    walls, boxes, player = board.walls, board.boxes, board.player
    steps = []
    for direction in moves:
        boxes, step = advance(walls, boxes, player, direction)
        player = step.end
        steps.append(step)
    if boxes is board.boxes and player == board.player:
        return board, steps
    return Board(board.size, walls, board.targets, boxes, player), steps


# ----------------------------------------------------------------------------- self-moving box

class BoxStep(NamedTuple):
    """One command to the self-moving box: where it stood and where it ends."""

    direction: str
    start: Cell
    end: Cell

    @property
    def blocked(self) -> bool:
        return self.start == self.end


def drive_box(board: Board, box: Cell, moves: list[str]) -> list[BoxStep]:
    """The variant where a box obeys the commands itself: it moves unless a wall is ahead.

    The player and the targets count as floor; only walls stop the box.
    """
    steps = []
    walls = board.walls
    for direction in moves:
        dr, dc = DELTAS[direction]
        ahead = (box[0] + dr, box[1] + dc)
        end = box if ahead in walls else ahead
        steps.append(_new(BoxStep, (direction, box, end)))
        box = end
    return steps


# ----------------------------------------------------------------------------- walking

def walk(board: Board, moves: list[str]) -> list[Cell] | None:
    """The cells a walk visits with walls and boxes as obstacles, or None if it hits one."""
    cell = board.player
    cells = [cell]
    walls, boxes = board.walls, board.boxes
    for direction in moves:
        cell = NEIGHBOURS[cell][DIRECTION_INDEX[direction]]
        if cell in walls or cell in boxes:
            return None
        cells.append(cell)
    return cells


def walk_distances(board: Board, start: Cell) -> dict[Cell, int]:
    """Walking distance from `start` to every cell it reaches, with walls and boxes blocking."""
    blocked = board.walls.union(board.boxes)
    dist = {start: 0}
    frontier = [start]
    steps = 0
    while frontier:
        steps += 1
        found = []
        for cell in frontier:
            for other in NEIGHBOURS[cell]:
                if other not in blocked and other not in dist:
                    dist[other] = steps
                    found.append(other)
        frontier = found
    return dist


def walk_layers(board: Board, start: Cell) -> list[int]:
    """walk_distances as bit sets (bit r * size + c): per distance, the cells first reached
    there, from [start bit] on. One layer is a few shifts; the border is wall, so no shift
    wraps onto a free cell."""
    n = board.size
    bits = cell_bits_of(n)
    free = free_mask(n, board.walls)
    for box in board.boxes:
        free &= ~bits[box]
    seen = frontier = bits[start]
    layers = [frontier]
    while True:
        frontier = ((frontier << 1) | (frontier >> 1) | (frontier << n) | (frontier >> n)) \
            & free & ~seen
        if not frontier:
            return layers
        seen |= frontier
        layers.append(frontier)


def cells_of(size: int, mask: int) -> list[Cell]:
    """The cells of a bit set (bit r * size + c) in row-major order, a byte at a time."""
    tables = _byte_cells(size)
    found: list[Cell] = []
    for table, value in zip(tables, mask.to_bytes(len(tables), "little"), strict=True):
        if value:
            found += table[value]
    return found


@cache
def _byte_cells(size: int) -> tuple[tuple[tuple[Cell, ...], ...], ...]:
    """Per byte k of a board's bit set and per value of that byte, its cells in order."""
    cells = all_cells_of(size)
    count = len(cells)
    return tuple(tuple(tuple(cells[q] for i in range(8) if value >> i & 1 and (q := 8 * k + i)
                             < count) for value in range(256))
                 for k in range((count + 7) // 8))


# ----------------------------------------------------------------------------- solving

def live_cells(board: Board, target: Cell) -> set[Cell]:
    """Cells from which a lone box can still be pushed onto `target` (player position ignored).

    Walking backwards from the target: a box reaches x by a push from x - d when both x - d and
    the player's cell x - 2d are free. A box outside this set can never be solved.
    """
    return set(cells_of(board.size, live_mask(board.size, board.walls, target)))


@lru_cache(maxsize=64)
def free_mask(size: int, walls: frozenset[Cell]) -> int:
    """The non-wall cells as the bits r * size + c of an int."""
    bit = cell_bits_of(size)
    return ((1 << size * size) - 1) ^ sum(map(bit.get, walls, repeat(0)))  # 0: off the board


@cache
def cell_bits_of(size: int) -> dict[Cell, int]:
    """Each cell's bit, 1 << (r * size + c)."""
    return {(r, c): 1 << (r * size + c) for r, c in all_cells_of(size)}




@lru_cache(maxsize=64)
def live_mask(size: int, walls: frozenset[Cell], target: Cell) -> int:
    """live_cells as the bits r * size + c of an int.

    Kept per layout and target: a candidate board's box is placed among them, then the solver
    prunes with them. The backward search runs on bit sets, a whole layer per shift: a box
    comes to x from x - d when x - d and x - 2d are both free.
    """
    n, free = size, free_mask(size, walls)
    # per direction d (up, right, down, left): the cells x - d with x - 2d free as well,
    # and the frontier's cells x moved to x - d
    up, right, down, left = free & free >> n, free & free << 1, free & free << n, free & free >> 1
    live = frontier = 1 << (target[0] * n + target[1])
    while frontier:
        frontier = ((frontier << n & up) | (frontier >> 1 & right) | (frontier >> n & down)
                    | (frontier << 1 & left)) & ~live
        live |= frontier
    return live


@cache
def near_bits(size: int) -> tuple[int, ...]:
    """Per flat cell, the bits of its four neighbours (those on the board)."""
    cells = size * size
    return tuple(sum(1 << q for d in (-size, 1, size, -1) if 0 <= (q := cell + d) < cells)
                 for cell in range(cells))


def min_moves(board: Board) -> list[str] | None:
    """A shortest command list that puts the single box on the single target, or None.

    Breadth-first search over (player, box) with unit cost per step, so pushes and walking
    steps count alike; pushes into dead cells (see live_cells) are pruned. Of all shortest
    solutions it returns the first in the order of DIRECTIONS, move by move (the one a plain
    breadth-first search expanding directions in that order finds first): the layers of the
    search are kept per box cell as bit sets of player cells (see _push_layers), the states on
    some shortest solution are found backwards from the goal, and the path is read forwards
    taking the first direction that stays on them.
    """
    (box,), (target,) = board.boxes, board.targets
    if box == target:
        return []
    n = board.size
    live = live_mask(n, board.walls, target)
    start_box = box[0] * n + box[1]
    if not live >> start_box & 1:
        return None
    player = board.player[0] * n + board.player[1]
    goal = target[0] * n + target[1]
    layers = _push_layers(n, free_mask(n, board.walls), live, player, start_box, goal)
    if layers is None:
        return None
    return _first_path(n, _on_shortest(n, layers, goal), player, start_box)


Layer = dict[int, int]  # box cell -> bit set of the player cells first reached at this depth


def _push_layers(n: int, free: int, live: int, player: int, box: int,
                 goal: int) -> list[Layer] | None:
    """The breadth-first layers of (player, box) states up to the first holding the box on
    `goal`, or None when no state does. A push needs the player right behind the box and
    a live cell beyond it; a walk moves every player cell of a layer at once (bit shifts;
    the border is wall, so no shift wraps onto a free cell). `unseen` holds, per box cell,
    the player cells not reached yet."""
    near = near_bits(n)
    frontier = {box: 1 << player}
    unseen: list[int | None] = [None] * (n * n)  # None: no state with the box there yet
    unseen[box] = free & ~(1 << box) & ~(1 << player)
    layers = [frontier]
    while frontier:
        found: Layer = {}
        get = found.get
        for b, players in frontier.items():
            walks = ((players << 1) | (players >> 1) | (players << n) | (players >> n)) \
                & unseen[b]  # type: ignore[operator]
            if walks:
                found[b] = get(b, 0) | walks
                unseen[b] ^= walks  # type: ignore[operator]
            behind = players & near[b]  # player cells next to the box: each may push it
            if not behind:
                continue
            bit = 1 << b
            while behind:
                low = behind & -behind
                behind ^= low
                beyond = 2 * b - (low.bit_length() - 1)  # the box moves away from the player
                if live >> beyond & 1:
                    left = unseen[beyond]
                    if left is None:
                        left = free & ~(1 << beyond)
                    if left & bit:
                        found[beyond] = get(beyond, 0) | bit
                        left ^= bit
                    unseen[beyond] = left
        layers.append(found)
        if goal in found:
            return layers
        frontier = found
    return None


def _on_shortest(n: int, layers: list[Layer], goal: int) -> list[Layer]:
    """Per layer, the states that lie on a shortest solution: backwards from the last layer's
    solved states, each layer's states one walk or one push before a kept state. A push into
    b leaves the player on the cell the box came from, b - d, having stood on b - 2d."""
    near = near_bits(n)
    kept = [{goal: layers[-1][goal]}]
    for depth in range(len(layers) - 1, 0, -1):
        before, after = layers[depth - 1], kept[-1]
        found: Layer = {}
        for b, players in after.items():
            walks = ((players << 1) | (players >> 1) | (players << n) | (players >> n)) \
                & before.get(b, 0)
            if walks:
                found[b] = found.get(b, 0) | walks
            pushers = players & near[b]
            while pushers:
                low = pushers & -pushers
                pushers ^= low
                old = low.bit_length() - 1
                stand = 2 * old - b
                if before.get(old, 0) >> stand & 1:
                    found[old] = found.get(old, 0) | 1 << stand
        kept.append(found)
    return kept[::-1]


def _first_path(n: int, kept: list[Layer], player: int, box: int) -> list[str]:
    """The path through the kept states taking the first direction (in DIRECTIONS order) at
    each step that stays on them."""
    path = []
    deltas = tuple(zip(DIRECTIONS, (-n, 1, n, -1), strict=True))
    for layer in kept[1:]:
        for direction, d in deltas:
            q = player + d
            if q == box:
                if layer.get(box + d, 0) >> q & 1:
                    player, box = q, box + d
                    path.append(direction)
                    break
            elif layer.get(box, 0) >> q & 1:
                player = q
                path.append(direction)
                break
    return path


# ----------------------------------------------------------------------------- several boxes

MULTI_BOX_BUDGET = 100_000  # push states expanded before the multi-box search refuses (seconds)
MATCHED_BOXES = 5  # up to this many boxes the lower bound matches boxes to targets


class SearchBudgetExceeded(Exception):
    """The multi-box search expanded more states than its budget: solvable or not is unknown."""


def dead_cells(board: Board) -> frozenset[Cell]:
    """Floor cells from which a lone box can reach no target by pushes (see live_cells).

    Other boxes only ever add obstacles, so a box on such a cell (off a target) can never be
    solved: pruning these states never cuts a solvable one.
    """
    live: set[Cell] = set()
    for target in board.targets:
        live |= live_cells(board, target)
    return frozenset(cell for cell in board.free_cells() if cell not in live)


class _Grid:
    """A board's static layout on flat cell indices (r * size + c), for the multi-box search."""

    def __init__(self, board: Board) -> None:
        n = self.n = board.size
        cells = n * n
        self.free = bytearray(cells)
        for r, c in board.free_cells():
            self.free[r * n + c] = 1
        self.target = bytearray(cells)
        for r, c in board.targets:
            self.target[r * n + c] = 1
        self.dead = bytearray(cells)
        for r, c in dead_cells(board):
            self.dead[r * n + c] = 1
        self.deltas = (-n, 1, n, -1)  # same order as DIRECTIONS
        self.unreached = [-1] * cells
        self.neighbours = [tuple(q for d in self.deltas if 0 <= (q := cell + d) < cells and
                                 self.free[q]) if self.free[cell] else ()
                           for cell in range(cells)]
        self.bounds: dict[tuple[int, ...], int] = {}
        self.to_target = [self._push_distances(r * n + c) for r, c in board.targets]
        self.orders = list(permutations(range(len(board.targets)))) \
            if len(board.targets) <= MATCHED_BOXES else []
        self.nearest = [min((d[cell] for d in self.to_target if d[cell] >= 0), default=-1)
                        for cell in range(cells)]

    def lower_bound(self, boxes: tuple[int, ...]) -> int:
        """Fewest pushes left: each box pushed alone to its own target, boxes matched to
        targets the cheapest way (each box to its nearest target when there are many boxes).
        One push changes one box's distances by at most one, so the bound never drops by more
        than the one move a push costs: it is consistent, and the search stays exact. -1 when
        no matching exists. Kept per box set (many player cells share one)."""
        known = self.bounds.get(boxes)
        if known is None:
            known = self.bounds[boxes] = self._lower_bound(boxes)
        return known

    def _lower_bound(self, boxes: tuple[int, ...]) -> int:
        if not self.orders:
            return sum(self.nearest[b] for b in boxes)
        best = -1
        for order in self.orders:
            total = 0
            for box, t in zip(boxes, order, strict=True):
                d = self.to_target[t][box]
                if d < 0:
                    break
                total += d
            else:
                if best < 0 or total < best:
                    best = total
        return best

    def _push_distances(self, target: int) -> list[int]:
        """Pushes a lone box needs from each cell to `target` (-1 where it cannot), by
        breadth-first search backwards from it (pull a box from x to x - d when the player's
        cell x - 2d is free)."""
        n, free = self.n, self.free
        dist = [-1] * (n * n)
        frontier = [target]
        dist[target] = 0
        while frontier:
            found = []
            for cell in frontier:
                for d in self.deltas:
                    before, stand = cell - d, cell - 2 * d
                    if 0 <= stand < n * n and free[before] and free[stand] and dist[before] < 0:
                        dist[before] = dist[cell] + 1
                        found.append(before)
            frontier = found
        return dist

    def frozen_off_target(self, box: int, boxes: set[int]) -> bool:
        """True when `box` can never move again (walls, dead cells on both sides of an axis,
        or boxes that are themselves frozen) and it, or a box it leans on, is off a target."""
        free, dead = self.free, self.dead
        for step in (1, self.n):  # the common case: one axis with open floor on both sides
            a, b = box - step, box + step
            if free[a] and free[b] and a not in boxes and b not in boxes and \
                    not (dead[a] and dead[b]):
                return False
        group: list[int] = []
        if not self._frozen(box, boxes, frozenset(), group):
            return False
        return any(not self.target[b] for b in group) or not self.target[box]

    def _frozen(self, box: int, boxes: set[int], seen: frozenset[int], group: list[int]) -> bool:
        """Both axes blocked. A box under examination counts as a wall for the boxes it asks
        about (it cannot move unless they move first, and they cannot move unless it does)."""
        seen = seen | {box}
        for step in (1, self.n):
            if not self._blocked(box, step, boxes, seen, group):
                return False
        group.append(box)
        return True

    def _blocked(self, box: int, step: int, boxes: set[int], seen: frozenset[int],
                 group: list[int]) -> bool:
        a, b = box - step, box + step
        if not self.free[a] or not self.free[b] or a in seen or b in seen:
            return True
        if self.dead[a] and self.dead[b] and not self.target[a] and not self.target[b]:
            return True
        return any(side in boxes and self._frozen(side, boxes, seen, group) for side in (a, b))

    def walk(self, start: int, boxes: set[int]) -> list[int]:
        """Walking distance from `start` to every cell (negative where unreachable: -1, or -2
        on a box), boxes blocking."""
        dist = self.unreached[:]
        for b in boxes:
            dist[b] = -2
        dist[start] = 0
        neighbours = self.neighbours
        frontier = [start]
        steps = 0
        while frontier:
            steps += 1
            found = []
            for cell in frontier:
                for q in neighbours[cell]:
                    if dist[q] == -1:
                        dist[q] = steps
                        found.append(q)
            frontier = found
        return dist

    def walk_path(self, start: int, goal: int, boxes: set[int]) -> list[str]:
        """One shortest walk from `start` to `goal` (the first found trying up, right, down,
        left), as directions."""
        parent = {start: (start, -1)}
        frontier = [start]
        while goal not in parent:
            found = []
            for cell in frontier:
                for k, d in enumerate(self.deltas):
                    q = cell + d
                    if q not in parent and self.free[q] and q not in boxes:
                        parent[q] = (cell, k)
                        found.append(q)
            frontier = found
        path = []
        cell = goal
        while cell != start:
            cell, k = parent[cell]
            path.append(DIRECTIONS[k])
        return path[::-1]


def deadlocked(board: Board) -> bool:
    """True when some box can provably never reach a target: it stands on a dead cell (see
    dead_cells), or it is frozen (see _Grid.frozen_off_target) off a target or holds a frozen
    box off a target. Never true of a solvable board; false does not prove solvable."""
    grid = _Grid(board)
    n = board.size
    boxes = {r * n + c for r, c in board.boxes}
    return any(grid.dead[b] for b in boxes) or \
        any(grid.frozen_off_target(b, boxes) for b in boxes)


def min_moves_multi(board: Board, budget: int = MULTI_BOX_BUDGET) -> list[str] | None:
    """A shortest command list that puts every box on a target, or None; see multi_search."""
    return multi_search(board, budget)[0]


def multi_search(board: Board, budget: int = MULTI_BOX_BUDGET) -> tuple[list[str] | None, int]:
    """A shortest command list (fewest player steps, walks and pushes alike) that puts every
    box on a target, or None when there is none; any number of boxes.

    The search is over push states: the box set and the player's cell right after a push (the
    cell the pushed box left). From a state, the player may walk anywhere in its region; each
    push a box allows costs the walk to the pushing cell plus one. States are taken in order of
    moves so far plus a lower bound on the moves left (each box's pushes to its nearest target,
    ignoring the others: a push changes it by at most one, so the bound is consistent and the
    first solved state taken is optimal). Pushes onto dead cells or that freeze a box off a
    target are pruned (neither ever cuts a solvable state). Raises SearchBudgetExceeded after
    `budget` expanded states, so a hard board is refused instead of searched for long.
    Returns the commands and the number of push states expanded (the search's cost).
    """
    if len(board.boxes) != len(board.targets):
        return None, 0
    if set(board.boxes) == set(board.targets):
        return [], 0
    grid = _Grid(board)
    n = board.size
    start_boxes = tuple(sorted(r * n + c for r, c in board.boxes))
    if any(grid.dead[b] for b in start_boxes):
        return None, 0
    goal = tuple(sorted(r * n + c for r, c in board.targets))
    start = (board.player[0] * n + board.player[1], start_boxes)
    best = {start: 0}
    # parent: state -> (previous state, the cell the player pushed from, direction index)
    parent: dict[tuple[int, tuple[int, ...]], tuple[tuple[int, tuple[int, ...]], int, int]] = {}
    buckets: dict[int, list[tuple[int, tuple[int, tuple[int, ...]]]]] = {
        grid.lower_bound(start_boxes): [(0, start)]}
    expanded = 0
    while buckets:
        bound = min(buckets)
        for cost, state in buckets.pop(bound):
            if best[state] < cost:
                continue  # reached again more cheaply after it was queued
            player, boxes = state
            if boxes == goal:
                return _multi_path(grid, parent, start, state), expanded
            expanded += 1
            if expanded > budget:
                raise SearchBudgetExceeded(f"more than {budget} push states")
            box_set = set(boxes)
            dist = grid.walk(player, box_set)
            for box in boxes:
                for k, d in enumerate(grid.deltas):
                    stand, dest = box - d, box + d
                    if dist[stand] < 0 or not grid.free[dest] or dest in box_set or \
                            grid.dead[dest]:
                        continue
                    box_set.discard(box)
                    box_set.add(dest)
                    frozen = grid.frozen_off_target(dest, box_set)
                    box_set.discard(dest)
                    box_set.add(box)
                    if frozen:
                        continue
                    after = tuple(sorted(dest if b == box else b for b in boxes))
                    new = (box, after)
                    moves = cost + dist[stand] + 1
                    if moves < best.get(new, moves + 1):
                        left = grid.lower_bound(after)
                        if left < 0:
                            continue  # no matching of boxes to targets exists
                        best[new] = moves
                        parent[new] = (state, stand, k)
                        buckets.setdefault(moves + left, []).append((moves, new))
    return None, expanded


def _multi_path(grid: _Grid, parent: dict, start: tuple[int, tuple[int, ...]],
                end: tuple[int, tuple[int, ...]]) -> list[str]:
    """The full command list to `end`: each push preceded by the walk to its pushing cell."""
    pushes = []
    state = end
    while state != start:
        before, stand, k = parent[state]
        pushes.append((before, stand, k))
        state = before
    path: list[str] = []
    for (player, boxes), stand, k in reversed(pushes):
        path += grid.walk_path(player, stand, set(boxes))
        path.append(DIRECTIONS[k])
    return path
