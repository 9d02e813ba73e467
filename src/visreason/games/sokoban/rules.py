"""Sokoban logic: boards, push moves, the self-moving-box variant and the solvers (no drawing)."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from itertools import permutations

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
