"""Minesweeper logic: dealing a position in play, flood reveal, an exact solver of what is visible.

No drawing and no prompt text. The solver answers only from what a player sees (numbers, flags,
the total mine count): it enumerates every mine layout of the frontier consistent with the
numbers and counts the ways to place the remaining mines off the frontier, so "certainly a mine",
"certainly safe" and "its number is determined" are exact. A chain of simple deductions (one
number, two overlapping numbers, the total) is recorded too, so an analysis can show which numbers
force which cells.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from math import comb
from typing import NamedTuple

from ...core import rng as draws
from ...core.text import fmt_cell, plural

HIDDEN, FLAG = "#", "F"
DIGITS = "012345678"
Cell = tuple[int, int]
Board = list[list[str]]

MIN_FLAGS, MAX_FLAGS = 2, 4
# A layout whose first click leaves h safe cells hidden offers about 2**h positions; it is
# kept with chance 2**(h - SPREAD), so small boards do not repeat the few positions of
# nearly cleared layouts (larger boards nearly always have h >= SPREAD and keep every one).
SPREAD = 4


@dataclass(frozen=True)
class Grid:
    """Index tables of one board size: cell i is (i // size, i % size), row-major.

    Dealing, solving and deducing work on bit masks of cell indices (bit i for cell i), so a
    set of cells is one int and "which neighbours are hidden" is one AND; ascending bits are
    row-major order, the order every cell list here is written in.
    """

    size: int
    cells: tuple[Cell, ...]
    around: tuple[tuple[int, ...], ...]  # neighbour indices of each cell, row-major
    near: tuple[int, ...]  # neighbour mask of each cell
    block: tuple[int, ...]  # the cell and its neighbours, as a mask


@lru_cache(maxsize=16)
def grid(size: int) -> Grid:
    """The tables of a `size` board, built once per process."""
    cells = tuple((r, c) for r in range(size) for c in range(size))
    around = tuple(tuple((r + dr) * size + c + dc for dr in (-1, 0, 1) for dc in (-1, 0, 1)
                         if (dr or dc) and 0 <= r + dr < size and 0 <= c + dc < size)
                   for r, c in cells)
    near = tuple(sum(1 << j for j in nbrs) for nbrs in around)
    return Grid(size, cells, around, near, tuple(m | 1 << i for i, m in enumerate(near)))


@lru_cache(maxsize=16)
def _neighbour_table(size: int) -> dict[Cell, tuple[Cell, ...]]:
    g = grid(size)
    return {cell: tuple(g.cells[j] for j in nbrs)
            for cell, nbrs in zip(g.cells, g.around, strict=True)}


_BITS: dict[int, tuple[int, ...]] = {}


_CELL_TEXT = {(r, c): fmt_cell((r, c)) for r in range(16) for c in range(16)}


def fmt(cell: Cell) -> str:
    """A cell as the prompts write it (`fmt_cell`), read from a table: an analysis names
    dozens of cells."""
    try:
        return _CELL_TEXT[cell]
    except (KeyError, TypeError):
        return fmt_cell(cell)


def fmt_cells(cells: Iterable[Cell], empty: str = "none") -> str:
    """Cells as `core.text.fmt_cells` writes them, through `fmt` (the table read inline)."""
    cells = cells if isinstance(cells, list | tuple) else list(cells)
    try:
        return ", ".join([_CELL_TEXT[cell] for cell in cells]) or empty
    except (KeyError, TypeError):
        return ", ".join([fmt(cell) for cell in cells]) or empty


def bits(mask: int) -> tuple[int, ...]:
    """The indices of the set bits of `mask`, ascending (row-major cells).

    Remembered: the same few masks (a number's hidden neighbours) come back on every board.
    """
    found = _BITS.get(mask)
    if found is None:
        out = []
        rest = mask
        while rest:
            low = rest & -rest
            out.append(low.bit_length() - 1)
            rest ^= low
        if len(_BITS) >= 1 << 14:
            _BITS.clear()
        found = _BITS[mask] = tuple(out)
    return found


def neighbours(cell: Cell, size: int) -> tuple[Cell, ...]:
    """The up to 8 cells around `cell`, row-major.

    Read from a table per board size: dealing and solving ask hundreds of times per board.
    """
    return _neighbour_table(size)[cell]


def all_cells(size: int) -> list[Cell]:
    return [(r, c) for r in range(size) for c in range(size)]


def is_revealed(value: str) -> bool:
    return value not in (HIDDEN, FLAG)


def cells_of(board: Board, value: str) -> list[Cell]:
    """Cells of `board` showing `value`, row-major (`cells_where` for one value, faster)."""
    return [(r, c) for r, row in enumerate(board) if value in row
            for c, v in enumerate(row) if v == value]


def cells_where(board: Board, test: Callable[[str], bool]) -> list[Cell]:
    """Cells of `board` whose value passes `test`, row-major."""
    return [(r, c) for r, row in enumerate(board) for c, v in enumerate(row) if test(v)]


# ---------------------------------------------------------------- dealing a board


@dataclass(frozen=True)
class Deal:
    """A dealt board: what the player sees, plus the hidden truth it came from.

    `click` is the first click and `later` the safe cells revealed after it, in order.
    """

    board: Board
    mines: list[Cell]
    click: Cell
    total: int
    later: list[Cell] = field(default_factory=list)


def mine_count(cell: Cell, mines: set[Cell], size: int) -> int:
    return sum(1 for n in neighbours(cell, size) if n in mines)


def flood_reveal(click: Cell, mines: set[Cell], size: int, board: Board | None = None) -> Board:
    """Reveal `click` and spread through zero cells, as a click does; into `board` if given."""
    if board is None:
        board = [[HIDDEN] * size for _ in range(size)]
    queue = [click]
    while queue:
        cell = queue.pop()
        r, c = cell
        if board[r][c] != HIDDEN:
            continue
        count = mine_count(cell, mines, size)
        board[r][c] = str(count)
        if count == 0:
            queue.extend(n for n in neighbours(cell, size) if board[n[0]][n[1]] == HIDDEN)
    return board


_ROW_MASKS: dict[str, tuple[int, int]] = {}


def _row_masks(row: str) -> tuple[int, int]:
    """(hidden unflagged mask, flag mask) of one row written as a string, bit c for column c.

    Remembered: boards share most of their rows ("#####", "00111" ...).
    """
    found = _ROW_MASKS.get(row)
    if found is None:
        if len(_ROW_MASKS) >= 1 << 16:
            _ROW_MASKS.clear()
        found = _ROW_MASKS[row] = (sum(1 << c for c, v in enumerate(row) if v == HIDDEN),
                                   sum(1 << c for c, v in enumerate(row) if v == FLAG))
    return found


def _masks(board: Board) -> tuple[Grid, str, int, int]:
    """(tables, the cells row-major as one string, hidden unflagged mask, flag mask) of a
    board; read row by row from remembered row masks."""
    size = len(board)
    rows = ["".join(row) for row in board]
    hidden = flag = shift = 0
    for row in rows:
        row_hidden, row_flag = _ROW_MASKS.get(row) or _row_masks(row)
        hidden |= row_hidden << shift
        flag |= row_flag << shift
        shift += size
    return grid(size), "".join(rows), hidden, flag


def revealed_total(board: Board) -> int:
    return sum(len(row) - row.count(HIDDEN) - row.count(FLAG) for row in board)


def deal(
    rng: random.Random, size: int, total: int, progress: int, flags: int | None = None,
    revealed: int | None = None, hidden_zero: bool = False,
) -> Deal | None:
    """A position in play: first click, some later safe reveals, 2-4 flags on touching mines.

    The mines are a uniform layout and the first click a uniform cell whose 3x3 block holds
    none of them (drawing the click first would over-weight the few layouts that fit around
    a centre click on small boards). Each safe cell the first click left hidden has since been
    revealed with chance `progress` percent (a 0 floods as usual), so boards vary far beyond
    the first click's region (and layouts that leave few cells to reveal are thinned, see
    SPREAD). `flags` of the mines that touch a revealed cell are flagged,
    chosen at random (2-4 when None, fewer if fewer touch). With `revealed`, the player goes
    on clicking the waiting cells in their random order until that many cells are revealed.
    Returns None when the draw does not fit: no clear first click, every safe cell already
    revealed (the game is won and asks nothing), fewer touching mines than the flags wanted,
    or more revealed cells than `revealed`. With `hidden_zero` also when no hidden cell next to
    a revealed one truly shows 0 (the test of `hides_a_zero`, made before the flags are drawn:
    a board that must offer a certain 0 is rejected for the price of its first reveals).
    """
    g = grid(size)
    picked = sorted(draws.sample(rng, range(size * size), total))  # as sampling cells
    mine_mask = covered = 0
    for i in picked:
        mine_mask |= 1 << i
        covered |= g.block[i]
    zero = ~covered & ((1 << size * size) - 1)  # cells with no mine in their 3x3 block
    clicks = bits(zero)
    if not clicks:
        return None
    click = draws.choice(rng, clicks)
    shown = _flood(click, zero, g.block, 0)
    waiting_mask = ~(shown | mine_mask) & ((1 << size * size) - 1)
    waiting = list(bits(waiting_mask))
    if len(waiting) < SPREAD and rng.random() >= 2.0 ** (len(waiting) - SPREAD):
        return None
    draws.shuffle(rng, waiting)
    later = []
    random_ = rng.random
    for i in waiting:
        if not shown >> i & 1 and random_() * 100 < progress:
            shown = _flood(i, zero, g.block, shown)
            later.append(g.cells[i])
    if revealed is not None:
        total_shown = shown.bit_count()
        for i in waiting:
            if total_shown >= revealed:
                break
            if not shown >> i & 1:
                shown = _flood(i, zero, g.block, shown)
                total_shown = shown.bit_count()
                later.append(g.cells[i])
        if total_shown != revealed:
            return None
    if not waiting_mask & ~shown:
        return None
    if hidden_zero and not any(g.near[i] & shown for i in bits(zero & ~shown)):
        return None
    touching = [g.cells[i] for i in picked if g.near[i] & shown]
    count = min(draws.randint(rng, MIN_FLAGS, MAX_FLAGS), len(touching)) \
        if flags is None else flags
    if count < MIN_FLAGS or count > len(touching):
        return None
    near = g.near
    board = [[DIGITS[(near[i] & mine_mask).bit_count()] if shown >> i & 1 else HIDDEN
              for i in range(r * size, r * size + size)] for r in range(size)]
    for r, c in draws.sample(rng, touching, count):
        board[r][c] = FLAG
    return Deal(board, [g.cells[i] for i in picked], g.cells[click], total, later)


def _flood(start: int, zero: int, block: tuple[int, ...], shown: int) -> int:
    """`shown` (a mask) after revealing cell `start`: a 0 (a cell of `zero`) spreads to its
    neighbours, as a click does (the mask twin of `flood_reveal`).

    A revealed 0 has revealed its whole block, so the result is `shown` plus the blocks of
    the 0 cells 8-connected to `start` (or just `start` when it shows a number).
    """
    if shown >> start & 1:
        return shown
    if not zero >> start & 1:
        return shown | 1 << start
    seen = 1 << start
    todo = [start]
    while todo:
        around = block[todo.pop()]
        shown |= around
        fresh = around & zero & ~seen
        if fresh:
            seen |= fresh
            todo += bits(fresh)
    return shown


# ---------------------------------------------------------------- exact solver

Constraint = tuple[int, int]  # (mines still needed, mask of the unknown cells around)
Layout = int  # the mines of a component, as a mask of board cells
Poly = dict[int, int]  # mines placed -> number of ways


def _convolve(a: Poly, b: Poly) -> Poly:
    out: Poly = {}
    for i, x in a.items():
        for j, y in b.items():
            out[i + j] = out.get(i + j, 0) + x * y
    return out


def _product(polys: list[Poly]) -> Poly:
    out: Poly = {0: 1}
    for poly in polys:
        out = _convolve(out, poly)
    return out


@dataclass
class Component:
    """Frontier cells tied together by shared numbers, with every local layout that fits them.

    Numbers never span two components, so the components are independent apart from the
    total mine count: the board's layouts are products of local layouts, counted by mines.
    `at` holds the board index of each cell, and a layout is the mask of its mines.
    """

    cells: list[Cell]
    layouts: list[Layout]
    at: list[int]
    mask: int = 0  # every cell of the component
    count: Poly = field(default_factory=dict)
    mine_count: dict[Cell, Poly] = field(default_factory=dict)
    placed: list[int] = field(default_factory=list)  # mines of each layout

    def __post_init__(self) -> None:
        self.mask = sum(1 << i for i in self.at)
        self.placed = [layout.bit_count() for layout in self.layouts]
        count = self.count
        for k in self.placed:
            count[k] = count.get(k, 0) + 1
        by_index: dict[int, Poly] = {}
        for layout, k in zip(self.layouts, self.placed, strict=True):
            for i in bits(layout):
                poly = by_index.get(i)
                if poly is None:
                    by_index[i] = {k: 1}
                else:
                    poly[k] = poly.get(k, 0) + 1
        self.mine_count = {cell: by_index[i] for cell, i in zip(self.cells, self.at, strict=True)
                           if i in by_index}

    def mines_of(self, layout: Layout) -> list[Cell]:
        return [c for c, i in zip(self.cells, self.at, strict=True) if layout >> i & 1]


@dataclass
class Solution:
    """Every mine layout consistent with the visible board, summarised per hidden cell.

    `unknown` are the hidden unflagged cells, split into `frontier` (touching a revealed number)
    and `rest`. `layouts` counts full layouts of the unknown cells and `mine_layouts[c]` those
    with a mine at c. `numbers(c)` gives the numbers c could show in layouts where it is safe;
    `example(c, mine)` the frontier mines of one layout with c a mine (or safe), and
    `first_layout()` every mine of one consistent layout.
    """

    unknown: list[Cell]
    frontier: list[Cell]
    rest: list[Cell]
    to_place: int
    size: int
    flag_mask: int  # the flagged cells
    components: list[Component] = field(default_factory=list)
    layouts: int = 0
    mine_layouts: dict[Cell, int] = field(default_factory=dict)
    rest_mask: int = 0
    _numbers: dict[Cell, set[int]] = field(default_factory=dict)

    def is_mine(self, cell: Cell) -> bool:
        return self.mine_layouts[cell] == self.layouts

    def is_safe(self, cell: Cell) -> bool:
        return self.mine_layouts[cell] == 0

    def number(self, cell: Cell) -> int | None:
        """The number `cell` shows if it is certainly safe and shows the same in every layout.

        When every hidden neighbour is certain, that is its flags and certain mines, read
        without going through `numbers`.
        """
        if not self.is_safe(cell):
            return None
        if self.layouts:
            near = grid(self.size).near[cell[0] * self.size + cell[1]]
            shown, whole = (near & self.flag_mask).bit_count(), self.layouts
            for other in neighbours(cell, self.size):
                ways = self.mine_layouts.get(other)
                if ways == whole:
                    shown += 1
                elif ways:
                    break  # an undecided neighbour
            else:
                return shown
        values = self.numbers(cell)
        return next(iter(values)) if len(values) == 1 else None

    def _off_ok(self, placed: int, rest_free: int) -> bool:
        return 0 <= self.to_place - placed <= rest_free

    def numbers(self, cell: Cell) -> set[int]:
        """The numbers `cell` could show, over every consistent layout in which it is safe.

        Its number is its flags, plus the mines among its neighbours in each component (joined
        over the components as (mines placed, mines next to the cell) pairs), plus the mines
        among its neighbours off the frontier, whichever share of the remaining mines lands there.
        """
        if cell in self._numbers:
            return self._numbers[cell]
        at = cell[0] * self.size + cell[1]
        near = grid(self.size).near[at]
        own = 1 << at
        states = {(0, 0)}  # (mines placed on the frontier, of them next to the cell)
        for comp in self.components:
            if not comp.mask & (near | own):
                pairs = {(k, 0) for k in comp.count}
            else:
                pairs = {(k, (layout & near).bit_count())
                         for layout, k in zip(comp.layouts, comp.placed, strict=True)
                         if not layout & own}
            states = {(k + k2, a + a2) for k, a in states for k2, a2 in pairs
                      if k + k2 <= self.to_place}
        flags = (near & self.flag_mask).bit_count()
        others = len(self.rest) - bool(self.rest_mask & own)
        rest_near = (near & self.rest_mask).bit_count()
        values = set()
        for placed, next_to in states:
            off = self.to_place - placed
            if not 0 <= off <= others:
                continue
            for j in range(max(0, off - (others - rest_near)), min(rest_near, off) + 1):
                values.add(flags + next_to + j)
        self._numbers[cell] = values
        return values

    def _pick(self, fixed: Component | None, layout: Layout | None) -> list[Cell] | None:
        """Frontier mines of one consistent layout using `layout` for `fixed` (None if none)."""
        placed = layout.bit_count() if layout is not None else 0
        others = [c for c in self.components if c is not fixed]
        reach: list[dict[int, int]] = [{placed: 0}]  # mines so far -> mines from this component
        for comp in others:
            step: dict[int, int] = {}
            for total in reach[-1]:
                for k in comp.count:
                    if total + k <= self.to_place:
                        step.setdefault(total + k, k)
            reach.append(step)
        ends = [t for t in reach[-1] if self._off_ok(t, len(self.rest))]
        if not ends:
            return None
        total, mines = min(ends), [] if layout is None else fixed.mines_of(layout)
        for comp, step in zip(reversed(others), reversed(reach[1:]), strict=True):
            k = step[total]
            local = comp.layouts[comp.placed.index(k)]
            mines += comp.mines_of(local)
            total -= k
        return sorted(mines)

    def example(self, cell: Cell, mine: bool) -> list[Cell] | None:
        """The frontier mines of one consistent layout with frontier `cell` a mine (or safe)."""
        comp = next((c for c in self.components if cell in c.cells), None)
        if comp is None:
            return None
        own = 1 << (cell[0] * self.size + cell[1])
        for layout in comp.layouts:
            if bool(layout & own) == mine:
                found = self._pick(comp, layout)
                if found is not None:
                    return found
        return None

    def first_layout(self) -> list[Cell]:
        """Every mine of one consistent layout (frontier mines, then the first rest cells)."""
        mines = self._pick(None, None) or []
        return sorted(mines + self.rest[: self.to_place - len(mines)])


def _constraints(g: Grid, flat: str, hidden: int, flag: int) -> list[Constraint]:
    """(mines still needed, mask of its unknown neighbours) for each revealed number."""
    out = []
    for i, v in enumerate(flat):
        if v != HIDDEN and v != FLAG:
            cells = g.near[i] & hidden
            if cells:
                out.append((int(v) - (g.near[i] & flag).bit_count(), cells))
    return out


def _components(constraints: list[Constraint]) -> list[tuple[list[int], list[list[int]], int]]:
    """The frontier split into groups linked by shared numbers, each in a search-friendly order.

    Cells are ordered breadth-first along the numbers, so a number's cells are decided close
    together and a broken count is caught early. Each group comes as (its cells in that order,
    the numbers around each of them, the mask of its numbers), numbers by constraint index.
    """
    by_cell: dict[int, list[int]] = {}
    frontier = 0
    for j, (_, cells) in enumerate(constraints):
        frontier |= cells
        for i in bits(cells):
            if i in by_cell:
                by_cell[i].append(j)
            else:
                by_cell[i] = [j]
    seen = 0
    groups = []
    for start in bits(frontier):
        if seen >> start & 1:
            continue
        order, used = [start], 0
        seen |= 1 << start
        for cell in order:  # grows while read: a breadth-first queue
            for j in by_cell[cell]:
                used |= 1 << j
                fresh = constraints[j][1] & ~seen
                if fresh:
                    seen |= fresh
                    order += bits(fresh)
        groups.append((order, [by_cell[cell] for cell in order], used))
    return groups


def _frontier_layouts(frontier: list[int], touching: list[list[int]], need: list[int],
                      left: list[int], to_place: int) -> list[Layout]:
    """Every mine/safe assignment of the frontier that meets each number exactly (backtracking).

    `touching[i]` are the numbers around frontier cell i; `need` and `left` hold, per number,
    the mines it still needs and its undecided cells (restored on return). Layouts come in
    lexicographic order, safe before mine, cell by cell of `frontier`. At every node each
    number still needs between 0 and its undecided cells' count of mines; a safe cell keeps
    that if the number has a cell to spare, a mine if it still needs one.
    """
    last = len(frontier)
    found: list[Layout] = []

    def place(i: int, mines: int, layout: int) -> None:
        if i == last:
            found.append(layout)
            return
        numbers = touching[i]
        safe_ok = mine_ok = True
        for j in numbers:
            left[j] -= 1
            if need[j] > left[j]:
                safe_ok = False
            if not need[j]:
                mine_ok = False
        if safe_ok:
            place(i + 1, mines, layout)
        if mine_ok and mines < to_place:
            for j in numbers:
                need[j] -= 1
            place(i + 1, mines + 1, layout | 1 << frontier[i])
            for j in numbers:
                need[j] += 1
        for j in numbers:
            left[j] += 1

    place(0, 0, 0)
    return found


def solve(board: Board, total: int) -> Solution:
    """Exact summary of all layouts consistent with the numbers, the flags and the total.

    Each component's local layouts are enumerated on their own and combined by mine count
    (a product of polynomials), then the mines left over go anywhere off the frontier, so the
    work grows with the largest component rather than with the whole frontier.
    """
    g, flat, hidden, flag = _masks(board)
    constraints = _constraints(g, flat, hidden, flag)
    on_frontier = 0
    for _, cells in constraints:
        on_frontier |= cells
    cell_of = g.cells
    unknown_at = bits(hidden)
    unknown = [cell_of[i] for i in unknown_at]
    frontier = [cell_of[i] for i in bits(hidden & on_frontier)]
    rest = [cell_of[i] for i in bits(hidden & ~on_frontier)]
    sol = Solution(unknown, frontier, rest, total - flag.bit_count(), g.size, flag,
                   rest_mask=hidden & ~on_frontier)
    need = [k for k, _ in constraints]
    left = [cells.bit_count() for _, cells in constraints]
    broken = sum(1 << j for j, (k, n) in enumerate(zip(need, left, strict=True))
                 if k < 0 or k > n)  # numbers no layout can meet
    sol.components = [
        Component([cell_of[i] for i in order],
                  [] if used & broken else _frontier_layouts(order, touching, need, left,
                                                             sol.to_place), order)
        for order, touching, used in _components(constraints)]
    polys = [comp.count for comp in sol.components]
    whole = _product(polys)
    free = len(rest)
    sol.layouts = sum(ways * comb(free, sol.to_place - k) for k, ways in whole.items()
                      if 0 <= sol.to_place - k <= free)
    sol.mine_layouts = dict.fromkeys(unknown, 0)
    for i, comp in enumerate(sol.components):
        others = _product(polys[:i] + polys[i + 1:])
        # the full layouts that extend one local layout with k mines
        weight = {k: sum(ways * comb(free, sol.to_place - k - j) for j, ways in others.items()
                         if 0 <= sol.to_place - k - j <= free) for k in comp.count}
        for cell, poly in comp.mine_count.items():
            sol.mine_layouts[cell] = sum(n * weight[k] for k, n in poly.items())
    if rest:
        with_one = sum(ways * comb(free - 1, sol.to_place - k - 1) for k, ways in whole.items()
                       if 1 <= sol.to_place - k <= free)
        for cell in rest:
            sol.mine_layouts[cell] = with_one
    return sol


def hides_a_zero(dealt: Deal) -> bool:
    """Whether some hidden unflagged cell next to a revealed one truly shows 0.

    A cell that certainly shows 0 shows 0 in the true layout too (one of the consistent ones),
    so a board without such a cell has no certain 0: a test cheaper than `may_show_zero` that
    only decides whether to look further, never what a question says.
    """
    g, _, hidden, flag = _masks(dealt.board)
    size = g.size
    mines = sum(1 << (r * size + c) for r, c in dealt.mines)
    shown = ((1 << size * size) - 1) & ~(hidden | flag)
    return any(not g.block[i] & mines and g.near[i] & shown for i in bits(hidden))


def may_show_zero(board: Board, total: int) -> bool:
    """False only if no hidden frontier cell certainly shows 0: a fast necessary test, so that
    a question wanting a certain 0 (rare on most boards) skips the exact solver when it fails.

    A cell certainly shows 0 only if no layout puts a mine in its 3x3 block: no flag touches
    it, and with the block's hidden cells taken as safe, the numbers (filled all-or-none where
    forced, as the simple rules do) and the total can still be met.
    """
    g, flat, hidden, flag = _masks(board)
    constraints = _constraints(g, flat, hidden, flag)
    frontier = 0
    for _, cells in constraints:
        frontier |= cells
    to_place = total - flag.bit_count()
    for c in bits(frontier):
        block = g.block[c] & hidden
        if g.near[c] & flag or to_place > (hidden & ~block).bit_count():
            continue
        if all(need <= (cells & ~block).bit_count() for need, cells in constraints
               if cells & block) and _fits(constraints, block, hidden, to_place):
            return True
    return False


def may_be_undecided(board: Board, total: int) -> bool:
    """False only when the simple rules settle every hidden cell: then no frontier cell is
    undecided (each is a known mine or safe, and each safe cell's number follows), which a
    question wanting an undecided cell learns without the exact solver."""
    g, flat, hidden, flag = _masks(board)
    settled = _propagate(_constraints(g, flat, hidden, flag), 0, hidden,
                         total - flag.bit_count())
    return settled is None or settled != hidden


def _fits(constraints: list[Constraint], safe: int, hidden: int, to_place: int) -> bool:
    """Whether the cells `safe` may all be safe, as far as the simple rules tell."""
    return _propagate(constraints, safe, hidden, to_place) is not None


def _propagate(constraints: list[Constraint], safe: int, hidden: int, to_place: int) -> int | None:
    """The hidden cells the simple rules settle, starting from the cells `safe` taken as safe,
    or None when they contradict a number or the total.

    A number whose missing mines fill all (or none) of its undecided cells settles them; so does
    the total, when the mines left fill all (or none) of the undecided cells.
    """
    mines = 0
    changed = True
    while changed:
        changed = False
        for need, cells in constraints:
            undecided = cells & ~(safe | mines)
            left = need - (cells & mines).bit_count()
            if not undecided:
                if left:
                    return None
                continue
            room = undecided.bit_count()
            if left < 0 or left > room:
                return None
            if left == room:
                mines |= undecided
                changed = True
            elif not left:
                safe |= undecided
                changed = True
        if not changed:
            undecided = hidden & ~(safe | mines)
            left, room = to_place - mines.bit_count(), undecided.bit_count()
            if left < 0 or left > room:
                return None
            if undecided and left in (0, room):
                if left:
                    mines |= undecided
                else:
                    safe |= undecided
                changed = True
    return safe | mines


# ---------------------------------------------------------------- deduction chain


@dataclass(eq=False)
class Step:
    """One forced deduction: from one or two numbers (or the total) some cells become known.

    `used` are the earlier deduced cells the step relies on, so a chain can be cut down to
    the steps a given cell depends on. `write` words the step; `text` calls it when first
    read, since an analysis shows only the few steps its cells depend on. Nobody changes a
    step (not frozen only because a frozen init costs more than the rest of a step).
    """

    mines: tuple[Cell, ...]
    safes: tuple[Cell, ...]
    used: tuple[Cell, ...]
    write: Callable[[], str] = field(repr=False, compare=False)

    @cached_property
    def text(self) -> str:
        return self.write()


def cells_at(word: str, cells: list[Cell] | tuple[Cell, ...]) -> str:
    """'a flag at (0, 1)' or 'flags at (0, 1), (2, 2)'."""
    return f"a {word} at {fmt(cells[0])}" if len(cells) == 1 else f"{word}s at {fmt_cells(cells)}"


class NumberView(NamedTuple):
    """A revealed number seen through what is known so far (a tuple: built at every step)."""

    cell: Cell
    number: int
    flags: list[Cell]
    found: list[Cell]
    cleared: list[Cell]
    open_cells: tuple[Cell, ...]

    @property
    def need(self) -> int:
        """Mines still missing around the number once flags and found mines are counted."""
        return self.number - len(self.flags) - len(self.found)


def _settle(cells: tuple[Cell, ...], mines: int) -> tuple[tuple[Cell, ...], tuple[Cell, ...], str]:
    """(mines, safes, wording) when `mines` among `cells` forces every one of them."""
    if mines:
        return cells, (), "so it is a mine" if len(cells) == 1 else "so all of them are mines"
    return (), cells, "so it is safe" if len(cells) == 1 else "so all of them are safe"


def _single_step(view: NumberView) -> Step | None:
    """One number whose missing mines fill all, or none, of its unknown neighbours."""
    if not view.open_cells or view.need not in (0, len(view.open_cells)):
        return None
    used = list(view.found)
    if view.need and view.cleared:  # cleared cells matter only when the rest must be mines
        used += view.cleared
    mines, safes, _ = _settle(view.open_cells, view.need)
    return Step(mines, safes, tuple(used), partial(_single_text, view))


def _single_text(view: NumberView) -> str:
    facts = []
    if view.flags:
        facts.append(cells_at("flag", view.flags))
    if view.found:
        facts.append(cells_at("known mine", view.found))
    if view.need and view.cleared:
        facts.append(cells_at("known safe cell", view.cleared))
    known_part = f", next to {' and '.join(facts)}" if facts else ""
    verdict = _settle(view.open_cells, view.need)[2]
    other = "other " if facts else ""
    noun = "neighbour" if len(view.open_cells) == 1 else "neighbours"
    text = (f"{fmt(view.cell)} shows {view.number}{known_part}. Its {other}unknown hidden "
            f"{noun} {fmt_cells(view.open_cells)} must hold {view.number} - "
            f"{len(view.flags) + len(view.found)} = {plural(view.need, 'mine')}, {verdict}.")
    return text


def _pair_step(a: NumberView, b: NumberView) -> Step | None:
    """Two overlapping numbers: what `a` allows in the shared cells forces `b`'s other cells.

    The shared cells hold at most min(shared, a.need) mines and at least a.need minus `a`'s
    cells outside them; if that leaves `b`'s outside cells needing all or none, they are settled.
    """
    a_cells = set(a.open_cells)
    shared = tuple(c for c in b.open_cells if c in a_cells)
    extra = tuple(c for c in b.open_cells if c not in a_cells)
    if not shared or not extra:
        return None
    a_out = len(a_cells) - len(shared)
    most = min(len(shared), a.need)
    least = max(0, a.need - a_out)
    if b.need - most == len(extra):
        bound, mines = f"at most {plural(most, 'mine')}", len(extra)
        reason = (f"they are only {len(shared)} cell(s)" if most == len(shared)
                  else f"{fmt(a.cell)} needs only {a.need}")
        tail = f"at least {b.need} - {most} = {len(extra)}"
    elif b.need == least:
        bound, mines = f"at least {plural(least, 'mine')}", 0
        reason = (f"all of {fmt(a.cell)}'s unknown cells are among them" if not a_out else
                  f"{fmt(a.cell)} has only {a_out} other unknown cell(s)")
        tail = f"at most {b.need} - {least} = 0"
    else:
        return None
    settled_mines, safes, verdict = _settle(extra, mines)

    def write() -> str:
        return (f"{fmt(a.cell)} still needs {plural(a.need, 'mine')} among "
                f"{fmt_cells(a.open_cells)}, and {fmt(b.cell)} still needs "
                f"{plural(b.need, 'mine')} among {fmt_cells(b.open_cells)}. Their shared cells "
                f"{fmt_cells(shared)} hold {bound}, since {reason}; so {fmt(b.cell)}'s other "
                f"cell(s) {fmt_cells(extra)} hold {tail} {'mine' if mines == 1 else 'mines'}, "
                f"{verdict}.")

    used = a.found + a.cleared + b.found + b.cleared
    return Step(settled_mines, safes, tuple(sorted(set(used))), write)


@dataclass
class _Chain:
    """The board as the simple rules see it, with the cells settled so far as masks.

    `numbers` holds each revealed number with a hidden unflagged neighbour, row-major, as
    (cell, number, flagged neighbours, hidden neighbour mask, number less flags);
    `overlaps[k]` the other numbers sharing a hidden neighbour with number k, in the same
    order (only they can form a pair).
    """

    g: Grid
    total: int
    flags: int
    hidden: int
    numbers: list[tuple[Cell, int, list[Cell], int, int]]
    overlaps: list[list[int] | None]
    mines: int = 0
    safes: int = 0

    def cells(self, mask: int) -> list[Cell]:
        if not mask:  # most numbers have no found mine or cleared cell yet
            return []
        cells = self.g.cells
        return [cells[i] for i in bits(mask)]

    def overlapping(self, a: int) -> list[int]:
        """`overlaps[a]`, found when first asked: by the time the simple rules need a pair,
        most numbers are settled and never ask."""
        found = self.overlaps[a]
        if found is None:
            mine = self.numbers[a][3]
            found = self.overlaps[a] = [b for b, other in enumerate(self.numbers)
                                        if b != a and other[3] & mine]
        return found

    def view(self, k: int) -> NumberView:
        """Number k seen through what is known so far."""
        cell, number, flags, hidden, _ = self.numbers[k]
        return NumberView(cell, number, flags, self.cells(hidden & self.mines),
                          self.cells(hidden & self.safes),
                          tuple(self.cells(hidden & ~(self.mines | self.safes))))

    def learn(self, step: Step) -> None:
        size = self.g.size
        for r, c in step.mines:
            self.mines |= 1 << (r * size + c)
        for r, c in step.safes:
            self.safes |= 1 << (r * size + c)


def _chain(board: Board, total: int) -> _Chain:
    g, flat, hidden, flag = _masks(board)
    numbers = []
    for i, v in enumerate(flat):
        if v != HIDDEN and v != FLAG and g.near[i] & hidden:
            flags = [g.cells[j] for j in bits(g.near[i] & flag)]
            numbers.append((g.cells[i], int(v), flags, g.near[i] & hidden, int(v) - len(flags)))
    return _Chain(g, total, flag.bit_count(), hidden, numbers, [None] * len(numbers))


def _count_step(chain: _Chain, live: list[int], opens: list[int], needs: list[int]) -> Step | None:
    """The total mine count settles the unknown cells: on its own, or beside one number.

    With L mines left: if L is 0 (or equals the unknown cells) they are all safe (all mines);
    if one number still needs all L, every unknown cell away from it is safe, and if the
    cells away from it number L minus its need, they are all mines.
    """
    flags, found = chain.flags, chain.cells(chain.mines)
    unknown = chain.hidden & ~(chain.mines | chain.safes)
    left = chain.total - flags - len(found)
    head = (f"The board has {chain.total} mines: {flags} flagged and {len(found)} found, "
            f"leaving {plural(left, 'mine')}")
    if unknown and left in (0, unknown.bit_count()):
        open_cells = tuple(chain.cells(unknown))
        mines, safes, verdict = _settle(open_cells, left)
        text = f"{head} for the unknown hidden cell(s) {fmt_cells(open_cells)}, {verdict}."
        return Step(mines, safes, tuple(found), partial(str, text))
    for k in live:
        away_mask = unknown & ~opens[k]
        if not away_mask or left - needs[k] not in (0, away_mask.bit_count()):
            continue
        view, away = chain.view(k), tuple(chain.cells(away_mask))
        mines, safes, verdict = _settle(away, left - view.need)
        text = (f"{head}. {fmt(view.cell)} still needs {plural(view.need, 'mine')} among "
                f"{fmt_cells(view.open_cells)}, so the other unknown hidden cell(s) "
                f"{fmt_cells(away)} hold {left} - {view.need} = "
                f"{plural(left - view.need, 'mine')}, {verdict}.")
        used = sorted({*found, *view.found, *view.cleared})
        return Step(mines, safes, tuple(used), partial(str, text))
    return None


def _next_step(chain: _Chain) -> Step | None:
    """The first rule that settles something: one number, two overlapping numbers, the total.

    The rules are tried on masks; only the step that fires is built as views and text.
    """
    known = chain.mines | chain.safes
    live, opens, needs = [], [], []
    mines = chain.mines
    for k, (_, _, _, hidden, base) in enumerate(chain.numbers):
        open_mask = hidden & ~known
        need = base - (hidden & mines).bit_count()
        opens.append(open_mask)
        needs.append(need)
        if open_mask:
            live.append(k)
            if need == 0 or need == open_mask.bit_count():
                return _single_step(chain.view(k))
    for a in live:
        a_open, a_need = opens[a], needs[a]
        a_count = a_open.bit_count()
        for b in chain.overlapping(a):
            shared = opens[b] & a_open
            extra = opens[b] & ~a_open
            if not shared or not extra:
                continue
            in_shared = shared.bit_count()
            most, least = min(in_shared, a_need), max(0, a_need - (a_count - in_shared))
            if needs[b] - most == extra.bit_count() or needs[b] == least:
                return _pair_step(chain.view(a), chain.view(b))
    return _count_step(chain, live, opens, needs)


def deduction(board: Board, total: int) -> Iterator[Step]:
    """The steps of `deduce` one at a time, for a caller that may need only the first few."""
    chain = _chain(board, total)
    step = _next_step(chain)
    while step:
        yield step
        chain.learn(step)
        step = _next_step(chain)


def deduce(board: Board, total: int) -> list[Step]:
    """Apply the simple rules until nothing new follows; the exact solver covers the rest."""
    return list(deduction(board, total))


def settled_by_chain(steps: list[Step]) -> set[Cell]:
    return {c for s in steps for c in s.mines + s.safes}


def chain_for(steps: list[Step], cells: list[Cell]) -> list[Step]:
    """The steps that settle `cells` (those the chain reaches), with their premises, in order."""
    by_cell = {c: i for i, s in enumerate(steps) for c in s.mines + s.safes}
    needed: set[int] = set()
    todo = [by_cell[c] for c in cells if c in by_cell]
    while todo:
        i = todo.pop()
        if i not in needed:
            needed.add(i)
            todo.extend(by_cell[c] for c in steps[i].used)
    return [steps[i] for i in sorted(needed)]


# ---------------------------------------------------------------- clearing the board


def clearing_clicks(board: Board, mines: set[Cell]) -> list[Cell]:
    """The fewest reveals that uncover every safe hidden cell, knowing the mines, in order.

    A click on a hidden 0 floods its whole 0 region and that region's border; any other safe
    cell is uncovered by its own click or by a neighbouring 0's flood. So the fewest clicks
    are one per 8-connected region of hidden 0 cells plus one per hidden safe number touching
    no hidden 0 (the board's "3BV"); each click listed here clears exactly one of them.
    """
    size = len(board)
    hidden = [(r, c) for r, c in all_cells(size) if board[r][c] == HIDDEN and (r, c) not in mines]
    zero = {cell for cell in hidden if mine_count(cell, mines, size) == 0}
    clicks, seen = [], set()
    for cell in hidden:
        if cell in zero and cell not in seen:
            clicks.append(cell)
            seen.add(cell)
            todo = [cell]
            while todo:
                for other in neighbours(todo.pop(), size):
                    if other in zero and other not in seen:
                        seen.add(other)
                        todo.append(other)
    for cell in hidden:
        if cell not in zero and not any(n in zero for n in neighbours(cell, size)):
            clicks.append(cell)
    return clicks
