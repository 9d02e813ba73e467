"""Snake rules: the body, one step of movement, move lists, and the shortest path to the food.

A snake is a list of cells, head first. A step moves the head one cell; every segment takes
the place of the one in front of it, so the tail cell is vacated in the same step. The game
ends when the head leaves the grid or enters the body (the vacated tail cell is safe). Here
the snake never grows: reaching the food ends a move list or a search.

The shortest path is a best-first (A*) search over whole-body states with the head's
Manhattan distance to the food as its bound, so the body's movement is part of the search,
and a node budget keeps every search bounded: a board whose search would run past it is
reported as undecided and never asked about.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass

Cell = tuple[int, int]
Body = tuple[Cell, ...]

DIRECTIONS: dict[str, Cell] = {"up": (-1, 0), "right": (0, 1), "down": (1, 0), "left": (0, -1)}
OPPOSITE = {"up": "down", "down": "up", "left": "right", "right": "left"}
WALL, BODY, FOOD = "wall", "body", "food"
# Expansions the shortest-path search may make before it gives up on a board.
SEARCH_BUDGET = 2000
# Nodes the body-drawing depth-first search may visit per attempt.
WALK_BUDGET = 400


def add(cell: Cell, move: str) -> Cell:
    dr, dc = DIRECTIONS[move]
    return (cell[0] + dr, cell[1] + dc)


def inside(cell: Cell, size: int) -> bool:
    return 0 <= cell[0] < size and 0 <= cell[1] < size


def direction(a: Cell, b: Cell) -> str:
    """The move that takes a cell to its neighbour b."""
    delta = (b[0] - a[0], b[1] - a[1])
    return next(m for m, d in DIRECTIONS.items() if d == delta)


def random_body(rng: random.Random, size: int, length: int) -> Body | None:
    """A self-avoiding chain of `length` orthogonally adjacent cells, head first.

    Randomised depth-first search from a random head with a node budget (a plain random walk
    dead-ends long before 20 cells on a 5x5 grid); None when the budget runs out.
    """
    head = (rng.randrange(size), rng.randrange(size))
    chain, used = [head], {head}
    options: list[list[Cell]] = []
    visits = 0

    def fresh(cell: Cell) -> list[Cell]:
        nxt = [add(cell, m) for m in DIRECTIONS]
        nxt = [c for c in nxt if inside(c, size) and c not in used]
        rng.shuffle(nxt)
        return nxt

    options.append(fresh(head))
    while len(chain) < length:
        visits += 1
        if visits > WALK_BUDGET:
            return None
        if not options[-1]:
            used.discard(chain.pop())
            options.pop()
            if not chain:
                return None
            continue
        cell = options[-1].pop()
        chain.append(cell)
        used.add(cell)
        options.append(fresh(cell))
    return tuple(chain)


def step(body: Body, size: int, move: str) -> tuple[Body, str | None]:
    """The body after one move and what ended the game (WALL, BODY), or None if it goes on.

    On WALL or BODY the returned body is the one before the move.
    """
    head = add(body[0], move)
    if not inside(head, size):
        return body, WALL
    if head in body[:-1]:  # the tail cell is vacated in this same step
        return body, BODY
    return (head, *body[:-1]), None


@dataclass
class Run:
    """A move list carried out: the bodies after each completed step, the event that ended it
    (WALL, BODY, FOOD or None) and the 1-based step it happened at (0 if none)."""

    bodies: list[Body]
    event: str | None
    at: int


def run(body: Body, food: Cell, size: int, moves: list[str]) -> Run:
    """Carry out `moves` until the first event: out of the grid, into the body, onto food."""
    bodies = [body]
    for k, move in enumerate(moves, 1):
        after, event = step(bodies[-1], size, move)
        if event is not None:
            return Run(bodies, event, k)
        bodies.append(after)
        if after[0] == food:
            return Run(bodies, FOOD, k)
    return Run(bodies, None, 0)


def manhattan(a: Cell, b: Cell) -> int:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])


@dataclass
class Search:
    """A finished search: the shortest number of moves (-1: the food can never be reached),
    one shortest move list, and how many states were expanded."""

    length: int
    moves: list[str]
    expanded: int


def shortest_path(body: Body, food: Cell, size: int,
                  budget: int = SEARCH_BUDGET) -> Search | None:
    """Fewest moves that bring the head onto the food with the body moving, or None when the
    search would expand more than `budget` states.

    A* over whole-body states; Manhattan distance never overestimates and drops by at most 1
    per move, so the first food state taken from the queue is a shortest one. Ties go to the
    deeper state, then to the move order up, right, down, left. Exhausting the queue proves
    the food unreachable (-1): every body the snake can survive into has been seen.
    """
    start = tuple(body)
    if start[0] == food:
        return Search(0, [], 0)
    order = {m: i for i, m in enumerate(DIRECTIONS)}
    best = {start: 0}
    parent: dict[Body, tuple[Body, str]] = {}
    queue = [(manhattan(start[0], food), 0, 0, start)]
    expanded = 0
    tick = 0
    while queue:
        _, neg_g, _, state = heapq.heappop(queue)
        g = -neg_g
        if best.get(state, -1) != g:
            continue
        expanded += 1
        if expanded > budget:
            return None
        for move in DIRECTIONS:
            after, event = step(state, size, move)
            if event is not None:
                continue
            if after[0] == food:
                parent[after] = (state, move)
                return Search(g + 1, _moves_to(parent, after, start), expanded)
            if best.get(after, 1 << 30) <= g + 1:
                continue
            best[after] = g + 1
            parent[after] = (state, move)
            tick += 1
            heapq.heappush(queue, (g + 1 + manhattan(after[0], food), -(g + 1),
                                   tick * 4 + order[move], after))
    return Search(-1, [], expanded)


def _moves_to(parent: dict[Body, tuple[Body, str]], state: Body, start: Body) -> list[str]:
    moves = []
    while state != start:
        state, move = parent[state]
        moves.append(move)
    return moves[::-1]


def legal_first_moves(body: Body) -> list[str]:
    """Moves that do not turn straight back into the neck."""
    if len(body) < 2:
        return list(DIRECTIONS)
    back = direction(body[0], body[1])
    return [m for m in DIRECTIONS if m != back]


def grid_codes(body: Body, food: Cell, size: int) -> list[list[int]]:
    """The board as the original's map: 0 empty, 1 food, 2 body, 3 head."""
    grid = [[0] * size for _ in range(size)]
    grid[food[0]][food[1]] = 1
    for cell in body[1:]:
        grid[cell[0]][cell[1]] = 2
    grid[body[0][0]][body[0][1]] = 3
    return grid
