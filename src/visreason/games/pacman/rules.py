"""Pac-Man logic: boards, the pre-play walk, ghost targets and moves, and the step function.

No drawing and no text. Cells are (row, col), 0-based, (0, 0) the top-left wall cell. A
state is JSON-ready:

    {"grid": ["#####", "#.-.#", ...],   # '#' wall, '.' floor with a bean, '-' bare floor
     "pacman": [r, c], "facing": "left", "pinky": [r, c], "blinky": [r, c], "score": 12}

Ghost movement: a ghost on its target stays; otherwise it steps to the first of its open
neighbours, in the order up, down, left, right, that lies one step nearer its target along
open cells. That is exactly the first step of the path a breadth-first search from the ghost
finds when it expands neighbours in that order (a test checks it against such a search).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

WALL, BEAN, FLOOR = "#", ".", "-"
DIRECTIONS: dict[str, tuple[int, int]] = {
    "up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1),
}
ORDER = tuple(DIRECTIONS)  # the ghosts' tie order: up, down, left, right
OPPOSITE = {"up": "down", "down": "up", "left": "right", "right": "left"}
GHOSTS = ("pinky", "blinky")  # the order ghosts move in
PINKY_AHEAD = 4
WALL_SHARE = 0.1   # interior wall attempts: this share of N x N
WALK_SHARE = 0.63  # the pre-play walk takes up to this share of N x N steps (0.7 x 0.9)

Cell = tuple[int, int]


def step(cell: Cell, direction: str) -> Cell:
    dr, dc = DIRECTIONS[direction]
    return (cell[0] + dr, cell[1] + dc)


def is_open(grid: list[str], cell: Cell) -> bool:
    r, c = cell
    return 0 <= r < len(grid) and 0 <= c < len(grid[r]) and grid[r][c] != WALL


def open_cells(grid: list[str]) -> list[Cell]:
    return [(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch != WALL]


# ----------------------------------------------------------------------------- boards
# Board building works on flat lists (index r * n + c); the outer ring of walls means an
# inside cell's four neighbours are always on the board.

def random_walls(rng: random.Random, n: int) -> list[list[str]]:
    """Outer walls, then floor(0.1 n^2) tries at a random inside cell, each becoming a wall
    when it has fewer than 2 wall neighbours; floor left unreachable from the largest open
    region becomes wall, so every open cell reaches every other."""
    flat = [WALL] * (n * n)
    for r in range(1, n - 1):
        flat[r * n + 1:r * n + n - 1] = [BEAN] * (n - 2)
    for _ in range(int(WALL_SHARE * n * n)):
        i = rng.randint(1, n - 2) * n + rng.randint(1, n - 2)
        if (flat[i - n] == WALL) + (flat[i + n] == WALL) + (flat[i - 1] == WALL) + \
                (flat[i + 1] == WALL) < 2:
            flat[i] = WALL
    regions = _regions(flat, n)
    keep = max(regions, key=int.bit_count)
    for region in regions:
        if region != keep:
            for i in range(n * n):
                if region >> i & 1:
                    flat[i] = WALL
    return [flat[r * n:(r + 1) * n] for r in range(n)]


def _regions(flat: list[str], n: int) -> list[int]:
    """The open regions as bit sets (bit i: cell i), each grown by flooding one of its
    cells in all four directions until it stops growing."""
    open_bits = int("".join("0" if ch == WALL else "1" for ch in reversed(flat)), 2)
    regions = []
    while open_bits:
        region = open_bits & -open_bits
        while True:
            grown = (region | region << 1 | region >> 1 | region << n | region >> n) & open_bits
            if grown == region:
                break
            region = grown
        regions.append(region)
        open_bits &= ~region
    return regions


def pre_play(rng: random.Random, cells: list[list[str]], length: int) -> tuple[Cell, str, int]:
    """Pac-Man's walk before the picture: from a random open cell, `length` steps that go to
    an unvisited neighbour when there is one (never straight back), else along a shortest
    path to the nearest unvisited cell; every bean on the way is eaten. Returns his cell, his
    facing (the last step's direction; random if he never moved) and the beans eaten."""
    n = len(cells)
    flat = [ch for row in cells for ch in row]
    free = [i for i, ch in enumerate(flat) if ch != WALL]
    moves = tuple(zip(ORDER, (-n, n, -1, 1), strict=True))
    here = rng.choice(free)
    visited = [ch == WALL for ch in flat]  # walls count as visited: never stepped onto
    visited[here] = True
    flat[here] = FLOOR
    facing = rng.choice(ORDER)
    eaten, steps, total = 1, 0, len(free)
    rand = rng.random
    while steps < length and eaten < total:
        fresh = [m for m in moves if not visited[here + m[1]]]
        path = [fresh[int(rand() * len(fresh))]] if fresh else \
            _path_to_unvisited(flat, here, moves)
        for d, o in path[: length - steps]:
            here += o
            facing = d
            steps += 1
            if flat[here] == BEAN:
                visited[here] = True
                flat[here] = FLOOR
                eaten += 1
    for r in range(n):
        cells[r] = flat[r * n:(r + 1) * n]
    return divmod(here, n), facing, eaten


def _path_to_unvisited(flat: list[str], start: int,
                       moves: tuple[tuple[str, int], ...]) -> list[tuple[str, int]]:
    """Moves along a shortest path to the nearest cell still holding a bean."""
    parent: dict[int, tuple[int, str, int] | None] = {start: None}
    queue = [start]
    for i in queue:
        if flat[i] == BEAN:
            path = []
            while parent[i] is not None:
                i, d, o = parent[i]  # type: ignore[misc]
                path.append((d, o))
            return path[::-1]
        for d, o in moves:
            j = i + o
            if j not in parent and flat[j] != WALL:
                parent[j] = (i, d, o)
                queue.append(j)
    return []


@dataclass
class Base:
    """A board after the pre-play walk, before the ghosts are placed."""

    cells: list[list[str]]
    pacman: Cell
    facing: str
    score: int

    @cached_property
    def grid(self) -> list[str]:
        return ["".join(row) for row in self.cells]

    @cached_property
    def _free(self) -> list[Cell]:
        return [cell for cell in open_cells(self.grid) if cell != self.pacman]

    def free(self) -> list[Cell]:
        """Open cells a ghost may start on (every open cell but Pac-Man's)."""
        return list(self._free)

    def state(self, pinky: Cell, blinky: Cell) -> dict[str, Any]:
        return make_state(self.cells, self.pacman, self.facing, pinky, blinky, self.score)


def random_base(rng: random.Random, n: int, walk: int | None = None) -> Base:
    """A board and Pac-Man after his pre-play walk (of a random length unless given)."""
    cells = random_walls(rng, n)
    length = rng.randint(0, int(WALK_SHARE * n * n)) if walk is None else walk
    pacman, facing, eaten = pre_play(rng, cells, length)
    return Base(cells, pacman, facing, eaten)


def random_state(rng: random.Random, n: int, walk: int | None = None) -> dict[str, Any]:
    """A random base with both ghosts on distinct open cells other than Pac-Man's."""
    base = random_base(rng, n, walk)
    pinky, blinky = rng.sample(base.free(), 2)
    return base.state(pinky, blinky)


def make_state(cells: list[list[str]], pacman: Cell, facing: str, pinky: Cell, blinky: Cell,
               score: int) -> dict[str, Any]:
    """The state, with no bean left under either ghost."""
    cells = [list(row) for row in cells]
    for r, c in (pinky, blinky):
        cells[r][c] = FLOOR
    return {"grid": ["".join(row) for row in cells], "pacman": list(pacman), "facing": facing,
            "pinky": list(pinky), "blinky": list(blinky), "score": score}


# ----------------------------------------------------------------------------- ghosts

def pinky_target(grid: list[str], pacman: Cell, facing: str) -> Cell:
    """Up to PINKY_AHEAD cells ahead of Pac-Man in his facing, stopping before a wall."""
    cell = pacman
    for _ in range(PINKY_AHEAD):
        nxt = step(cell, facing)
        if not is_open(grid, nxt):
            break
        cell = nxt
    return cell


def target_of(name: str, grid: list[str], pacman: Cell, facing: str) -> Cell:
    return pacman if name == "blinky" else pinky_target(grid, pacman, facing)


TABLES_KEPT = 400


class Maze:
    """The open cells of a board as a bit set (bit r * n + c), with breadth-first layers kept
    per source cell: layer k holds the cells exactly k moves away. A layer is one integer, so
    a whole search is a few dozen big-integer operations, and a ghost's move is a bit test
    in the layers searched from its target."""

    def __init__(self, grid: list[str]) -> None:
        self.n = len(grid)
        flat = "".join(grid)
        self.mask = int("".join("0" if ch == WALL else "1" for ch in reversed(flat)), 2)
        self._layers: dict[int, list[int]] = {}

    def is_open(self, cell: Cell) -> bool:
        return bool(self.mask >> (cell[0] * self.n + cell[1]) & 1)

    def layers(self, source: Cell) -> list[int]:
        """Layer k: the cells exactly k moves from `source` (the board's outer walls stop a
        shift from wrapping around a row end)."""
        s = source[0] * self.n + source[1]
        found = self._layers.get(s)
        if found is None:
            n, mask = self.n, self.mask
            seen = front = 1 << s
            found = [front]
            while True:
                front = ((front << 1) | (front >> 1) | (front << n) | (front >> n)) & mask & ~seen
                if not front:
                    break
                seen |= front
                found.append(front)
            if len(self._layers) >= TABLES_KEPT:
                self._layers.clear()
            self._layers[s] = found
        return found

    def distance(self, a: Cell, b: Cell) -> int:
        """Moves between two open cells (-1 when not connected)."""
        bit = a[0] * self.n + a[1]
        for k, layer in enumerate(self.layers(b)):
            if layer >> bit & 1:
                return k
        return -1

    def toward(self, ghost: Cell, target: Cell) -> str | None:
        """The ghost's move toward `target`: the first direction, in the order up, down,
        left, right, whose open cell is one step nearer the target; None on the target."""
        if ghost == target:
            return None
        layers = self.layers(target)
        i = ghost[0] * self.n + ghost[1]
        for k, layer in enumerate(layers):
            if layer >> i & 1:
                nearer = layers[k - 1]
                for d, o in zip(ORDER, (-self.n, self.n, -1, 1), strict=True):
                    if nearer >> (i + o) & 1:
                        return d
        raise ValueError("no open path from the ghost to its target")

    def first_moves(self, target: Cell) -> dict[str, list[Cell]]:
        """Every open cell but `target`, grouped by the move a ghost there makes toward it:
        per layer, the cells whose up neighbour is one layer nearer go up, of the rest those
        whose down neighbour is, and so on."""
        n = self.n
        layers = self.layers(target)
        found = dict.fromkeys(ORDER, 0)
        for nearer, layer in itertools.pairwise(layers):
            left = layer
            for d, shifted in zip(ORDER, (nearer << n, nearer >> n, nearer << 1, nearer >> 1),
                                  strict=True):
                hit = left & shifted
                found[d] |= hit
                left &= ~hit
        return {d: [divmod(i, n) for i in range(n * n) if bits >> i & 1]
                for d, bits in found.items()}

    def within(self, source: Cell, reach: int) -> list[Cell]:
        """The open cells at most `reach` moves from `source`."""
        bits = 0
        for layer in self.layers(source)[: reach + 1]:
            bits |= layer
        return [divmod(i, self.n) for i in range(self.n * self.n) if bits >> i & 1]


_MAZES: dict[str, Maze] = {}
MAZE_CACHE = 16


def maze_of(grid: list[str]) -> Maze:
    """The board's maze, kept for the few boards in use (beans do not matter to it)."""
    key = "".join(grid).replace(BEAN, FLOOR)
    maze = _MAZES.get(key)
    if maze is None:
        if len(_MAZES) >= MAZE_CACHE:
            _MAZES.pop(next(iter(_MAZES)))
        maze = _MAZES[key] = Maze(grid)
    return maze


def ghost_step(grid: list[str], ghost: Cell, target: Cell) -> str | None:
    """The direction a ghost at `ghost` moves toward `target` (None when it is there)."""
    return maze_of(grid).toward(ghost, target)


def ghost_path(grid: list[str], ghost: Cell, target: Cell) -> list[Cell]:
    """The ghost's whole route to a fixed target, step by step by the tie order."""
    maze = maze_of(grid)
    path = [ghost]
    while path[-1] != target:
        path.append(step(path[-1], maze.toward(path[-1], target)))  # type: ignore[arg-type]
    return path


# ----------------------------------------------------------------------------- the step function

@dataclass
class Step:
    """One step of play: where everyone is after it and what happened."""

    direction: str
    pacman: Cell
    blocked: bool
    ate: bool
    pinky: Cell
    blinky: Cell
    caught_by: str | None = None
    ghost_moves: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Play:
    """A position in play: the walls and beans, Pac-Man, his facing and the ghosts."""

    grid: list[str]
    pacman: Cell
    facing: str
    pinky: Cell
    blinky: Cell
    score: int
    eaten: set[Cell] = field(default_factory=set)

    @property
    def maze(self) -> Maze:
        return maze_of(self.grid)

    @classmethod
    def of(cls, state: dict[str, Any]) -> Play:
        return cls(state["grid"], tuple(state["pacman"]), state["facing"],
                   tuple(state["pinky"]), tuple(state["blinky"]), state["score"])

    def bean(self, cell: Cell) -> bool:
        return self.grid[cell[0]][cell[1]] == BEAN and cell not in self.eaten

    def ghost(self, name: str) -> Cell:
        return self.pinky if name == "pinky" else self.blinky

    def catcher(self) -> str | None:
        return next((g for g in GHOSTS if self.ghost(g) == self.pacman), None)

    def advance(self, direction: str, ghosts: bool = True) -> Step:
        """Pac-Man turns to `direction` and moves one cell unless a wall is there, eats the
        bean on his cell, and is caught if a ghost is on it; then Pinky and then Blinky (with
        `ghosts`) each take one step toward their targets, catching him by landing on him."""
        self.facing = direction
        nxt = step(self.pacman, direction)
        blocked = not is_open(self.grid, nxt)
        if not blocked:
            self.pacman = nxt
        ate = self.bean(self.pacman)
        if ate:
            self.eaten.add(self.pacman)
            self.score += 1
        caught = self.catcher()
        moves: dict[str, str | None] = {}
        if caught is None and ghosts:
            maze = self.maze
            for name in GHOSTS:
                target = target_of(name, self.grid, self.pacman, self.facing)
                d = maze.toward(self.ghost(name), target)
                moves[name] = d
                if d is not None:
                    if name == "pinky":
                        self.pinky = step(self.pinky, d)
                    else:
                        self.blinky = step(self.blinky, d)
                if self.ghost(name) == self.pacman:
                    caught = name
                    break
        return Step(direction, self.pacman, blocked, ate, self.pinky, self.blinky, caught, moves)


@dataclass(frozen=True)
class Outcome:
    """How a move plan ends: the steps played, beans eaten and the catching ghost if any."""

    steps: list[Step]
    beans: int
    caught_by: str | None


def play_moves(state: dict[str, Any], moves: list[str]) -> Outcome:
    """Play the moves one step each (a blocked move leaves Pac-Man in place but still lets
    the ghosts move), stopping when he is caught."""
    play = Play.of(state)
    steps = []
    for d in moves:
        s = play.advance(d)
        steps.append(s)
        if s.caught_by:
            break
    return Outcome(steps, len(play.eaten), steps[-1].caught_by if steps else None)


def hold_direction(state: dict[str, Any], direction: str) -> Outcome:
    """Pac-Man keeps moving in `direction` until the next cell is a wall: that bump ends the
    run before anyone moves. Stops early when he is caught."""
    play = Play.of(state)
    steps = []
    while is_open(play.grid, step(play.pacman, direction)):
        s = play.advance(direction)
        steps.append(s)
        if s.caught_by:
            break
    return Outcome(steps, len(play.eaten), steps[-1].caught_by if steps else None)


def straight_run(grid: list[str], start: Cell, direction: str) -> list[Cell]:
    """The cells Pac-Man passes moving `direction` from `start` until a wall stops him."""
    cells = []
    cell = step(start, direction)
    while is_open(grid, cell):
        cells.append(cell)
        cell = step(cell, direction)
    return cells


def walk_until_wall(grid: list[str], start: Cell, direction: str, times: int) -> Cell:
    """Where `times` moves in `direction` take Pac-Man (he stops at a wall)."""
    cell = start
    for _ in range(times):
        nxt = step(cell, direction)
        if not is_open(grid, nxt):
            break
        cell = nxt
    return cell


def manhattan(a: Cell, b: Cell) -> int:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


# ----------------------------------------------------------------------------- symmetry

TRANSFORMS = ("identity", "rot90", "rot180", "rot270", "flip_h", "flip_v", "transpose",
              "anti")


def transform_cell(name: str, cell: Cell, n: int) -> Cell:
    r, c = cell
    m = n - 1
    return {
        "identity": (r, c), "rot90": (c, m - r), "rot180": (m - r, m - c), "rot270": (m - c, r),
        "flip_h": (r, m - c), "flip_v": (m - r, c), "transpose": (c, r), "anti": (m - c, m - r),
    }[name]


def transform_direction(name: str, direction: str) -> str:
    dr, dc = DIRECTIONS[direction]
    r, c = transform_cell(name, (dr + 1, dc + 1), 3)
    return next(d for d, v in DIRECTIONS.items() if v == (r - 1, c - 1))


def transform_state(name: str, state: dict[str, Any]) -> dict[str, Any]:
    """The state turned or mirrored as a whole (the board is square)."""
    grid = state["grid"]
    n = len(grid)
    cells = [[WALL] * n for _ in range(n)]
    for r, row in enumerate(grid):
        for c, ch in enumerate(row):
            tr, tc = transform_cell(name, (r, c), n)
            cells[tr][tc] = ch
    return {"grid": ["".join(row) for row in cells],
            "pacman": list(transform_cell(name, tuple(state["pacman"]), n)),
            "facing": transform_direction(name, state["facing"]),
            "pinky": list(transform_cell(name, tuple(state["pinky"]), n)),
            "blinky": list(transform_cell(name, tuple(state["blinky"]), n)),
            "score": state["score"]}
