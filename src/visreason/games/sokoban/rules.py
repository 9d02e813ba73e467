"""Sokoban logic: boards, push moves, the self-moving-box variant and the solvers (no drawing)."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from ...core.text import fmt_cell as fmt

Cell = tuple[int, int]

WALL, FLOOR, TARGET, BOX, BOX_ON_TARGET = "#", "-", ".", "$", "*"
PLAYER, PLAYER_ON_TARGET = "@", "+"
DIRECTIONS: tuple[str, ...] = ("up", "right", "down", "left")
DELTAS: dict[str, Cell] = {"up": (-1, 0), "right": (0, 1), "down": (1, 0), "left": (0, -1)}
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
        return [(r, c) for r in range(self.size) for c in range(self.size)
                if (r, c) not in self.walls]


def shifted(cell: Cell, direction: str) -> Cell:
    dr, dc = DELTAS[direction]
    return (cell[0] + dr, cell[1] + dc)


# ----------------------------------------------------------------------------- boards

def random_walls(rng: random.Random, size: int) -> frozenset[Cell]:
    """The border ring plus inner walls, each inner cell a wall with probability 0.1."""
    walls = {(r, c) for r in range(size) for c in range(size)
             if r in (0, size - 1) or c in (0, size - 1)}
    for r in range(1, size - 1):
        for c in range(1, size - 1):
            if rng.random() < WALL_PROBABILITY:
                walls.add((r, c))
    return frozenset(walls)


def random_board(rng: random.Random, size: int, n_boxes: int) -> Board | None:
    """Random walls, then targets, boxes and the player on free cells.

    Boxes may land on targets; the player stands on any cell without a wall or a box. None when
    the inner walls leave too few free cells.
    """
    walls = random_walls(rng, size)
    free = [(r, c) for r in range(1, size - 1) for c in range(1, size - 1) if (r, c) not in walls]
    if len(free) < 2 * n_boxes + 1:
        return None
    targets = rng.sample(free, n_boxes)
    boxes = rng.sample(free, n_boxes)
    player = rng.choice([cell for cell in free if cell not in boxes])
    return Board(size, walls, tuple(sorted(targets)), tuple(sorted(boxes)), player)


def to_grid(board: Board) -> list[str]:
    """The board as rows of characters: # wall, - floor, . target, $ box, * box on target,
    @ player, + player on target."""
    rows = []
    targets, boxes = set(board.targets), set(board.boxes)
    for r in range(board.size):
        chars = []
        for c in range(board.size):
            cell = (r, c)
            if cell in board.walls:
                chars.append(WALL)
            elif cell in boxes:
                chars.append(BOX_ON_TARGET if cell in targets else BOX)
            elif cell == board.player:
                chars.append(PLAYER_ON_TARGET if cell in targets else PLAYER)
            else:
                chars.append(TARGET if cell in targets else FLOOR)
        rows.append("".join(chars))
    return rows


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

@dataclass(frozen=True)
class Step:
    """One player command and its outcome under the push rules."""

    direction: str
    start: Cell
    end: Cell
    pushed: tuple[Cell, Cell] | None = None  # the box's (from, to) when a push happened
    blocked_by: str | None = None  # "wall" or "box" when the player could not move
    blocked_at: Cell | None = None  # the cell that stopped the move

    def describe(self) -> str:
        where = f"{self.direction}: "
        ahead = shifted(self.start, self.direction)
        if self.blocked_at == ahead:
            return where + (f"the wall at {fmt(ahead)} is in the way, so the player stays at "
                            f"{fmt(self.start)}")
        if self.blocked_at is not None:
            what = "a wall" if self.blocked_by == "wall" else "another box"
            return where + (f"the box at {fmt(ahead)} cannot be pushed because "
                            f"{fmt(self.blocked_at)} holds {what}, so the player stays at "
                            f"{fmt(self.start)}")
        if self.pushed is not None:
            return where + (f"the player moves {fmt(self.start)} -> {fmt(self.end)} and pushes "
                            f"the box from {fmt(self.pushed[0])} to {fmt(self.pushed[1])}")
        return where + f"the player moves {fmt(self.start)} -> {fmt(self.end)}"


def move(board: Board, direction: str) -> tuple[Board, Step]:
    """Apply one command: step onto free floor, push one box into a free cell, or stay put."""
    here = board.player
    ahead = shifted(here, direction)
    if ahead in board.walls:
        return board, Step(direction, here, here, blocked_by="wall", blocked_at=ahead)
    if ahead not in board.boxes:
        return replace(board, player=ahead), Step(direction, here, ahead)
    beyond = shifted(ahead, direction)
    if beyond in board.walls or beyond in board.boxes:
        blocker = "wall" if beyond in board.walls else "box"
        return board, Step(direction, here, here, blocked_by=blocker, blocked_at=beyond)
    boxes = tuple(sorted(beyond if b == ahead else b for b in board.boxes))
    return (replace(board, player=ahead, boxes=boxes),
            Step(direction, here, ahead, pushed=(ahead, beyond)))


def simulate(board: Board, moves: list[str]) -> tuple[Board, list[Step]]:
    steps = []
    for direction in moves:
        board, step = move(board, direction)
        steps.append(step)
    return board, steps


# ----------------------------------------------------------------------------- self-moving box

@dataclass(frozen=True)
class BoxStep:
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
    for direction in moves:
        ahead = shifted(box, direction)
        end = box if ahead in board.walls else ahead
        steps.append(BoxStep(direction, box, end))
        box = end
    return steps


# ----------------------------------------------------------------------------- walking

def walk(board: Board, moves: list[str]) -> list[Cell] | None:
    """The cells a walk visits with walls and boxes as obstacles, or None if it hits one."""
    cells = [board.player]
    blocked = board.walls.union(board.boxes)
    for direction in moves:
        nxt = shifted(cells[-1], direction)
        if nxt in blocked:
            return None
        cells.append(nxt)
    return cells


def walk_distances(board: Board, start: Cell) -> dict[Cell, int]:
    """Walking distance from `start` to every cell it reaches, with walls and boxes blocking."""
    blocked = board.walls.union(board.boxes)
    dist = {start: 0}
    frontier = [start]
    while frontier:
        found = []
        for cell in frontier:
            for direction in DIRECTIONS:
                other = shifted(cell, direction)
                if other not in blocked and other not in dist:
                    dist[other] = dist[cell] + 1
                    found.append(other)
        frontier = found
    return dist


# ----------------------------------------------------------------------------- solving

def live_cells(board: Board, target: Cell) -> set[Cell]:
    """Cells from which a lone box can still be pushed onto `target` (player position ignored).

    Walking backwards from the target: a box reaches x by a push from x - d when both x - d and
    the player's cell x - 2d are free. A box outside this set can never be solved.
    """
    live = {target}
    todo = [target]
    while todo:
        cell = todo.pop()
        for dr, dc in DELTAS.values():
            before = (cell[0] - dr, cell[1] - dc)
            stand = (cell[0] - 2 * dr, cell[1] - 2 * dc)
            if before not in live and before not in board.walls and stand not in board.walls:
                live.add(before)
                todo.append(before)
    return live


def min_moves(board: Board) -> list[str] | None:
    """A shortest command list that puts the single box on the single target, or None.

    Breadth-first search over (player, box) with unit cost per step, so pushes and walking
    steps count alike. Positions are flat ints, states are player * N + box, and pushes into
    dead cells (see live_cells) are pruned. The search is bounded by the N * N states.
    """
    (box,), (target,) = board.boxes, board.targets
    if box == target:
        return []
    n = board.size
    cells = n * n
    free = bytearray(cells)
    for r, c in board.free_cells():
        free[r * n + c] = 1
    live = bytearray(cells)
    for r, c in live_cells(board, target):
        live[r * n + c] = 1
    goal = target[0] * n + target[1]
    if not live[box[0] * n + box[1]]:
        return None
    deltas = tuple(enumerate((-n, 1, n, -1)))  # same order as DIRECTIONS
    start = (board.player[0] * n + board.player[1]) * cells + box[0] * n + box[1]
    parent = [-1] * (cells * cells)
    parent[start] = start * 4
    frontier = [start]
    while frontier:
        nxt = []
        for state in frontier:
            p, b = divmod(state, cells)
            for k, d in deltas:
                q = p + d
                if not free[q]:
                    continue
                if q == b:
                    nb = b + d
                    if not live[nb]:
                        continue
                    new = q * cells + nb
                    if parent[new] < 0:
                        parent[new] = state * 4 + k
                        if nb == goal:
                            return _path(parent, start, new)
                        nxt.append(new)
                else:
                    new = q * cells + b
                    if parent[new] < 0:
                        parent[new] = state * 4 + k
                        nxt.append(new)
        frontier = nxt
    return None


def _path(parent: list[int], start: int, end: int) -> list[str]:
    path = []
    state = end
    while state != start:
        state, k = divmod(parent[state], 4)
        path.append(DIRECTIONS[k])
    return path[::-1]
