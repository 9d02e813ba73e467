"""Maze logic: carving a perfect maze, placing player and goal, paths and walks (no drawing)."""

from __future__ import annotations

import functools
import itertools
import operator
import random
import re
from dataclasses import dataclass
from typing import Any

from ...core import rng as draws
from ...core.text import fmt_cell as fmt

WALL, FLOOR = "#", "."
# Canonical direction order, used in prompts, options and analyses alike.
DIRECTIONS: dict[str, tuple[int, int]] = {
    "up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1),
}
GOAL_RANK = 3  # the goal sits at the 3rd-largest distinct Manhattan distance from the player

Cell = tuple[int, int]
Grid = list[str]


def side(rooms: int) -> int:
    """The maze's width in cells: `rooms` rooms per side, walls around and between them."""
    return 2 * rooms + 1


def step(cell: Cell, direction: str) -> Cell:
    dr, dc = DIRECTIONS[direction]
    return (cell[0] + dr, cell[1] + dc)


def is_open(grid: Grid, cell: Cell) -> bool:
    """Inside the board and not a wall."""
    r, c = cell
    return 0 <= r < len(grid) and 0 <= c < len(grid[0]) and grid[r][c] == FLOOR


def carve(rng: random.Random, size: int) -> Grid:
    """A perfect maze by randomised depth-first carving from a random room in steps of two.

    Odd-odd cells are rooms; carving opens the wall cell between a room and an unvisited room,
    so the open cells form a tree and every two open cells are joined by exactly one path.
    The original always starts at (1, 1), which leaves only a few hundred distinct 9x9 mazes
    (and dead ends pointing up or left half as often as the others); a random start room gives
    thousands and no favourite direction.

    The unvisited rooms are one bit mask and each room's possible moves are looked up by the
    mask of its unvisited neighbours (see `_room_moves`), so a step does no per-neighbour work.
    """
    flat = _carve_flat(rng, size)
    return [flat[i:i + size] for i in range(0, size * size, size)]


def _carve_flat(rng: random.Random, size: int) -> str:
    """`carve`'s grid as one row-major string."""
    rooms = (size - 1) // 2
    moves = _room_moves(rooms, size)
    cells = [WALL] * (size * size)
    # rng.randrange(rooms) twice, the same draws without the generic method's frames
    start = draws.randbelow(rng, rooms) * rooms + draws.randbelow(rng, rooms)
    unvisited = ((1 << rooms * rooms) - 1) ^ (1 << start)
    if rooms > 1:
        cells[_room_cell(start, rooms, size)] = FLOOR
    bits = rng.getrandbits
    stack = [start]
    room = start
    while True:
        near, by_free = moves[room]
        free = near & unvisited
        if not free:
            stack.pop()
            if not stack:
                break
            room = stack[-1]
            continue
        # fresh[r] is rng.choice(fresh), inlined: k random bits until they make a number < n
        n, k, fresh = by_free[free]
        r = bits(k)
        while r >= n:
            r = bits(k)
        room, bit, wall, cell = fresh[r]
        cells[wall] = cells[cell] = FLOOR
        unvisited ^= bit
        stack.append(room)
    return "".join(cells)


def _room_cell(room: int, rooms: int, size: int) -> int:
    """Row-major index in a `size`-wide grid of the cell of room number `room`."""
    i, j = divmod(room, rooms)
    return (2 * i + 1) * size + 2 * j + 1


Move = tuple[int, int, int, int]  # (neighbour room, its bit, wall cell between, its cell)


@functools.cache
def _room_moves(
    rooms: int, size: int
) -> tuple[tuple[int, dict[int, tuple[int, int, tuple[Move, ...]]]], ...]:
    """Per room: the bit mask of its neighbour rooms, and for every non-empty subset of them
    (as a mask) the moves into that subset in the order up, down, left, right, with their
    count n and the bits k that rng.choice draws for n."""
    table = []
    for room in range(rooms * rooms):
        i, j = divmod(room, rooms)
        here = _room_cell(room, rooms, size)
        links = [((i + di) * rooms + j + dj, 1 << (i + di) * rooms + j + dj,
                  here + di * size + dj, _room_cell((i + di) * rooms + j + dj, rooms, size))
                 for di, dj in DIRECTIONS.values() if 0 <= i + di < rooms and 0 <= j + dj < rooms]
        by_free = {}
        for keep in itertools.product((False, True), repeat=len(links)):
            subset = tuple(itertools.compress(links, keep))
            if subset:
                n = len(subset)
                by_free[sum(move[1] for move in subset)] = (n, n.bit_length(), subset)
        table.append((sum(move[1] for move in links), by_free))
    return tuple(table)


@functools.cache
def _cells(rows: int, cols: int) -> tuple[Cell, ...]:
    """Every cell of a rows x cols grid, row-major."""
    return tuple((r, c) for r in range(rows) for c in range(cols))


# Byte table: 1 for an open cell's character, 0 for any other (see `open_cells`).
_FLOOR_BYTES = bytes(int(b == ord(FLOOR)) for b in range(256))


def _open_mask(grid: Grid) -> bytes:
    """One byte per cell, row-major: 1 where the cell is open (made by bytes.translate, in C)."""
    return "".join(grid).encode("ascii", "replace").translate(_FLOOR_BYTES)


def open_cells(grid: Grid) -> list[Cell]:
    """Open cells in row-major order."""
    return list(itertools.compress(_cells(len(grid), len(grid[0]) if grid else 0),
                                   _open_mask(grid)))


def open_cell_set(grid: Grid) -> set[Cell]:
    """The open cells as a set (for membership tests), built in C from the open mask."""
    return set(itertools.compress(_cells(len(grid), len(grid[0]) if grid else 0),
                                  _open_mask(grid)))


def manhattan(a: Cell, b: Cell) -> int:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


@functools.cache
def _manhattan_rows(rows: int, cols: int) -> tuple[list[int], ...]:
    """Per cell (row-major): its Manhattan distance to every cell, row-major."""
    cells = _cells(rows, cols)
    return tuple([manhattan(a, b) for b in cells] for a in cells)


def open_distances(grid: Grid, cell: Cell) -> tuple[list[Cell], list[int]]:
    """The open cells in row-major order and the Manhattan distance of each from `cell`."""
    rows, cols = len(grid), len(grid[0])
    mask = _open_mask(grid)
    cells = list(itertools.compress(_cells(rows, cols), mask))
    if 0 <= cell[0] < rows and 0 <= cell[1] < cols:
        distances = list(itertools.compress(_manhattan_rows(rows, cols)[cell[0] * cols + cell[1]],
                                            mask))
    else:
        distances = [manhattan(cell, other) for other in cells]
    return cells, distances


def distance_ranks(distances: list[int]) -> list[int]:
    """The distinct positive distances, largest first (0 is the cell itself, never a goal)."""
    ranks = set(distances)
    ranks.discard(0)
    return sorted(ranks, reverse=True)


def goal_candidates(grid: Grid, player: Cell) -> tuple[int, list[Cell]]:
    """The goal's Manhattan distance (3rd-largest distinct, or the smallest if fewer) and cells."""
    rows, cols = len(grid), len(grid[0])
    if 0 <= player[0] < rows and 0 <= player[1] < cols:
        return _ranked_goal_cells(_open_mask(grid), rows, cols, player)
    return _ranked_goals(*open_distances(grid, player))


def _ranked_goals(cells: list[Cell], distances: list[int]) -> tuple[int, list[Cell]]:
    ranks = distance_ranks(distances)
    distance = ranks[min(GOAL_RANK, len(ranks)) - 1]
    return distance, at_distance(cells, distances, distance)


def _ranked_goal_cells(mask: bytes, rows: int, cols: int,
                       player: Cell) -> tuple[int, list[Cell]]:
    """`goal_candidates` for a player on the grid, from the open mask: the distance groups
    (`_distance_groups`) are tried largest first and the search stops at the GOAL_RANK-th
    that holds an open cell, so no distance is computed per cell."""
    spread = int.from_bytes(mask, "little")
    found, distance, hits = 0, 0, 0
    for d, group in _distance_groups(rows, cols)[player[0] * cols + player[1]]:
        if group & spread:
            found, distance, hits = found + 1, d, group & spread
            if found == GOAL_RANK:
                break
    return distance, _spread_cells(hits, _cells(rows, cols))


def _spread_cells(bits: int, cells: tuple[Cell, ...]) -> list[Cell]:
    """The cells whose bits (bit 8 i for cell i, see `_distance_groups`) are set, in order:
    bit by bit when they are few, else as the bytes of the mask filtering `cells` in C."""
    if bits.bit_count() > 8:
        return list(itertools.compress(cells, bits.to_bytes(len(cells), "little")))
    found = []
    while bits:
        low = bits & -bits
        found.append(cells[low.bit_length() >> 3])
        bits ^= low
    return found


def distance_bands(grid: Grid, player: Cell) -> tuple[list[int], list[int]]:
    """The distinct positive Manhattan distances from `player` (on the grid) to open cells,
    largest first, and per distance its open cells as a mask (see `band_cells`)."""
    rows, cols = len(grid), len(grid[0])
    r, c = player
    if not (0 <= r < rows and 0 <= c < cols):
        raise ValueError(f"{fmt(player)} is not on the {rows}x{cols} grid")
    spread = int.from_bytes(_open_mask(grid), "little")
    distances, bands = [], []
    for d, group in _distance_groups(rows, cols)[r * cols + c]:
        if hits := group & spread:
            distances.append(d)
            bands.append(hits)
    return distances, bands


def band_cells(grid: Grid, band: int) -> list[Cell]:
    """The cells of a `distance_bands` mask (or of several OR-ed together), row-major."""
    return _spread_cells(band, _cells(len(grid), len(grid[0])))


@functools.cache
def _distance_groups(rows: int, cols: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Per cell (row-major): each positive Manhattan distance to other cells, largest first,
    with those cells as a mask holding bit 8 i for cell i, the layout `int.from_bytes` gives
    an open mask (one byte per cell), so one AND finds a group's open cells."""
    table = []
    for row in _manhattan_rows(rows, cols):
        groups: dict[int, int] = {}
        for i, d in enumerate(row):
            if d:
                groups[d] = groups.get(d, 0) | 1 << 8 * i
        table.append(tuple(sorted(groups.items(), reverse=True)))
    return tuple(table)


def at_distance(cells: list[Cell], distances: list[int], distance: int) -> list[Cell]:
    """The cells whose distance is `distance`, in their order (filtered in C)."""
    return list(itertools.compress(cells, map(distance.__eq__, distances)))


def random_state(rng: random.Random, size: int) -> dict[str, Any]:
    """A fresh maze with the player on a random open cell and the goal placed by distance rank."""
    flat = _carve_flat(rng, size)
    grid = [flat[i:i + size] for i in range(0, size * size, size)]
    mask = flat.encode("ascii").translate(_FLOOR_BYTES)
    player = draws.choice(rng, list(itertools.compress(_cells(size, size), mask)))
    _, candidates = _ranked_goal_cells(mask, size, size, player)
    goal = draws.choice(rng, candidates)  # as `place` does, with the open mask at hand
    return {"size": size, "grid": grid, "player": list(player), "goal": list(goal)}


def place(rng: random.Random, grid: Grid, player: Cell) -> dict[str, Any]:
    """The state with the player on `player` and the goal drawn at the ranked distance."""
    _, candidates = goal_candidates(grid, player)
    goal = draws.choice(rng, candidates)
    return {"size": len(grid), "grid": grid, "player": list(player), "goal": list(goal)}


class Board:
    """A grid as a byte string inside a frame of walls, 1 for an open cell and 0 for any other:
    a cell is an index and a move adds an offset, so no step needs a bounds check (leaving the
    grid lands on the frame, a wall).

    Cells handed to it must lie on the grid.
    """

    __slots__ = ("cells", "cols", "offsets", "open", "rows", "width")

    def __init__(self, grid: Grid) -> None:
        self.rows, self.cols = len(grid), len(grid[0])
        self.width = self.cols + 2
        edge = WALL * (self.width + 1)
        framed = edge + (WALL * 2).join(grid) + edge
        self.open = framed.encode("ascii", "replace").translate(_FLOOR_BYTES)
        self.offsets = _offsets(self.width)
        self.cells = _framed_cells(self.rows, self.cols)

    def index(self, cell: Cell) -> int:
        r, c = cell
        if not (0 <= r < self.rows and 0 <= c < self.cols):
            raise ValueError(f"{fmt(cell)} is not on the {self.rows}x{self.cols} grid")
        return (r + 1) * self.width + c + 1

    def end(self, start: int, moves: list[str]) -> int | None:
        """The index the moves lead to from index `start`, or None if one enters a wall."""
        is_open, offsets = self.open, self.offsets
        for direction in moves:
            start += offsets[direction]
            if not is_open[start]:
                return None
        return start

    def stop(self, start: Cell, moves: list[str]) -> tuple[Cell, int | None]:
        """`walk`'s end and blocked move without the cells on the way."""
        is_open, offsets = self.open, self.offsets
        here = self.index(start)
        for k, direction in enumerate(moves, 1):
            nxt = here + offsets[direction]
            if not is_open[nxt]:
                return self.cells[here], k
            here = nxt
        return self.cells[here], None

    def walk(self, start: Cell, moves: list[str]) -> Walk:
        """The moves carried out from `start` (see `Walk`)."""
        is_open, offsets, cells = self.open, self.offsets, self.cells
        here = self.index(start)
        visited = [start]
        for k, direction in enumerate(moves, 1):
            here += offsets[direction]
            if not is_open[here]:
                return Walk(visited, k)
            visited.append(cells[here])
        return Walk(visited)

    def shortest_path(self, start: Cell, goal: Cell) -> list[Cell]:
        """Breadth-first search, neighbours in the order up, down, left, right."""
        return self.route(start, goal)[0]

    def route(self, start: Cell, goal: Cell) -> tuple[list[Cell], list[str]]:
        """`shortest_path` and its moves (`moves_of`), both read off the indices."""
        if start == goal:
            return [start], []
        source, target = self.index(start), self.index(goal)
        parent = self._search(source, target)
        if parent[target] < 0:
            raise ValueError(f"no path from {fmt(start)} to {fmt(goal)}")
        indices = []
        node = target
        while node != source:
            indices.append(node)
            node = parent[node]
        indices.append(source)
        indices.reverse()
        # cells and step names looked up in C (map), no Python frame per step
        path = list(map(self.cells.__getitem__, indices))
        path[0] = start
        steps = map(operator.sub, itertools.islice(indices, 1, None), indices)
        return path, list(map(_direction_names(self.width).__getitem__, steps))

    def _search(self, source: int, target: int = -1) -> list[int]:
        """Breadth-first search from `source`: each reached index's parent (-1 where none).

        Stops when `target` is found: a cell's parent is fixed when it is first reached.
        """
        neighbours = _neighbours(self.rows, self.cols)
        unseen = bytearray(self.open)
        unseen[source] = 0
        parent = [-1] * len(unseen)
        order = [source]
        for here in order:  # the list grows while it is read: a queue without pops
            for nxt in neighbours[here]:
                if unseen[nxt]:
                    unseen[nxt] = 0
                    parent[nxt] = here
                    if nxt == target:
                        return parent
                    order.append(nxt)
        return parent

    def distances_from(self, source: Cell) -> dict[Cell, int]:
        """Moves from `source` to every open cell it can reach (breadth-first search)."""
        neighbours = _neighbours(self.rows, self.cols)
        first = self.index(source)
        unseen = bytearray(self.open)
        unseen[first] = 0
        dist = {first: 0}
        order = [first]
        for here in order:
            for nxt in neighbours[here]:
                if unseen[nxt]:
                    unseen[nxt] = 0
                    dist[nxt] = dist[here] + 1
                    order.append(nxt)
        cells = self.cells
        return {source: 0} | {cells[i]: dist[i] for i in order[1:]}

    def cells_with_directions(self, wanted: tuple[str, ...]) -> list[Cell]:
        """Open cells whose open neighbours lie exactly in the `wanted` directions."""
        cells, pattern = self.cells, _neighbour_pattern(self.width, wanted)
        return [cells[m.start()] for m in pattern.finditer(self.open)]


@functools.cache
def _framed_cells(rows: int, cols: int) -> tuple[Cell, ...]:
    """The cell of every index of a framed board (the frame's too, one step off the grid)."""
    width = cols + 2
    return tuple((i // width - 1, i % width - 1) for i in range((rows + 2) * width))


@functools.cache
def _neighbours(rows: int, cols: int) -> tuple[tuple[int, int, int, int], ...]:
    """Per index of a framed board, the indices up, down, left and right of it (searches only
    expand open cells, all inside the frame, so every index they read is on the board)."""
    width = cols + 2
    return tuple((i - width, i + width, i - 1, i + 1) for i in range((rows + 2) * width))


@functools.cache
def _offsets(width: int) -> dict[str, int]:
    return {name: dr * width + dc for name, (dr, dc) in DIRECTIONS.items()}


@functools.cache
def _direction_names(width: int) -> dict[int, str]:
    return {offset: name for name, offset in _offsets(width).items()}


@functools.cache
def _neighbour_pattern(width: int, wanted: tuple[str, ...]) -> re.Pattern[bytes]:
    """A regular expression matching, in a framed board `width` wide, an open cell whose open
    neighbours are exactly `wanted`: lookarounds read the four neighbours after the cell."""
    def near(direction: str) -> str:
        return r"\x01" if direction in wanted else r"\x00"

    return re.compile(rf"\x01(?<={near('up')}.{{{width}}})(?<={near('left')}.)"
                      rf"(?={near('right')})(?=.{{{width - 1}}}{near('down')})".encode(), re.DOTALL)


def cells_with_directions(grid: Grid, wanted: tuple[str, ...]) -> list[Cell]:
    """Open cells whose open neighbours lie exactly in the `wanted` directions, row-major
    (beyond the grid counts as a wall)."""
    return Board(grid).cells_with_directions(wanted)


def available(grid: Grid, cell: Cell) -> list[str]:
    """Directions in canonical order whose neighbouring cell is open."""
    r, c = cell
    rows, cols = len(grid), len(grid[0])
    return [d for d, (dr, dc) in DIRECTIONS.items()
            if 0 <= r + dr < rows and 0 <= c + dc < cols and grid[r + dr][c + dc] == FLOOR]


def shortest_path(grid: Grid, start: Cell, goal: Cell) -> list[Cell]:
    """Breadth-first search; in a perfect maze this is the only path that repeats no cell."""
    return Board(grid).shortest_path(start, goal)


def distances_from(grid: Grid, source: Cell) -> dict[Cell, int]:
    """Moves from `source` to every open cell it can reach (breadth-first search)."""
    return Board(grid).distances_from(source)


def optimal_prefix(grid: Grid, start: Cell, goal: Cell, moves: list[str]) -> int:
    """How many leading moves follow some shortest path from `start` to `goal`.

    A move keeps to a shortest path exactly when it enters an open cell one step nearer the
    goal, so one distance table from the goal judges every shortest path at once.
    """
    dist = distances_from(grid, goal)
    if start not in dist:
        return 0
    cell, count = start, 0
    for direction in moves:
        nxt = step(cell, direction)
        if nxt not in dist or dist[nxt] != dist[cell] - 1:
            break
        cell, count = nxt, count + 1
    return count


def moves_of(path: list[Cell]) -> list[str]:
    """The direction of each step along a path of adjacent cells."""
    return [_DIRECTION_OF[(b[0] - a[0], b[1] - a[1])] for a, b in itertools.pairwise(path)]


_DIRECTION_OF = {delta: name for name, delta in DIRECTIONS.items()}


@dataclass(frozen=True)
class Walk:
    """A move sequence carried out: the cells reached, and the first blocked step if any.

    `blocked` is the 1-based number of the move that would enter a wall or leave the board;
    the walk stops there, so `cells[-1]` is where the player stood when it was blocked.
    """

    cells: list[Cell]
    blocked: int | None = None

    @property
    def end(self) -> Cell:
        return self.cells[-1]


def walk(grid: Grid, start: Cell, moves: list[str]) -> Walk:
    return Board(grid).walk(start, moves)


def reaches(grid: Grid, start: Cell, goal: Cell, moves: list[str]) -> bool:
    """Every move legal and the last one ends on the goal."""
    board = Board(grid)
    end = board.end(board.index(start), moves)
    return end is not None and board.cell(end) == goal


def turns(moves: list[str]) -> list[int]:
    """1-based numbers of the moves whose direction differs from the move before."""
    return [k for k in range(2, len(moves) + 1) if moves[k - 1] != moves[k - 2]]
