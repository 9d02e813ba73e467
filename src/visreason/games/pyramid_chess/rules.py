"""Pyramid chess (a Pylos-like game): pure logic, no drawing, no text.

A board of side n has n levels; level k holds (n - k) x (n - k) slots [x, y], 0-based. A slot
at level k > 0 rests on the four slots [x, y], [x+1, y], [x, y+1], [x+1, y+1] of level k - 1
and can take a ball only when all four hold one. PLAYER_0 (blue, "B") and PLAYER_1 (red, "R")
alternate placing one ball from their pool, PLAYER_0 first. A placement that completes a 2x2
block of four balls of the mover's colour (on one level, the new ball among them) lets the
mover take back up to 2 balls of that block with nothing resting on them. Whoever places the
top ball wins; a player who must move with an empty pool loses.

State (JSON): {"n": n, "levels": [[row strings, y = 0..], ...], "pools": [p0, p1],
"turn": 0 | 1}; levels[k][y][x] is "B", "R" or ".".
"""

from __future__ import annotations

import random
from typing import Any

Slot = tuple[int, int, int]  # (level, x, y)
COLOURS = ("B", "R")  # PLAYER_0, PLAYER_1
EMPTY = "."


def side(n: int, level: int) -> int:
    return n - level


def total_slots(n: int) -> int:
    return sum(k * k for k in range(1, n + 1))


def initial_pools(n: int) -> list[int]:
    """Every slot can be filled: PLAYER_0, who moves first, gets the odd ball."""
    total = total_slots(n)
    return [(total + 1) // 2, total // 2]


def new_state(n: int) -> dict[str, Any]:
    return {"n": n, "levels": [[EMPTY * side(n, k)] * side(n, k) for k in range(n)],
            "pools": initial_pools(n), "turn": 0}


def in_bounds(n: int, slot: Slot) -> bool:
    k, x, y = slot
    return 0 <= k < n and 0 <= x < n - k and 0 <= y < n - k


def all_slots(n: int) -> list[Slot]:
    return [(k, x, y) for k in range(n) for y in range(n - k) for x in range(n - k)]


def get(state: dict[str, Any], slot: Slot) -> str:
    k, x, y = slot
    return state["levels"][k][y][x]


def supports(slot: Slot) -> list[Slot]:
    """The four slots a ball at `slot` rests on (none on level 0)."""
    k, x, y = slot
    if k == 0:
        return []
    return [(k - 1, x, y), (k - 1, x + 1, y), (k - 1, x, y + 1), (k - 1, x + 1, y + 1)]


def above(n: int, slot: Slot) -> list[Slot]:
    """The slots of the next level that rest on `slot`."""
    k, x, y = slot
    return [s for s in ((k + 1, x - dx, y - dy) for dy in (1, 0) for dx in (1, 0))
            if in_bounds(n, s)]


def missing_supports(state: dict[str, Any], slot: Slot) -> list[Slot]:
    return [s for s in supports(slot) if get(state, s) == EMPTY]


def can_place(state: dict[str, Any], slot: Slot) -> bool:
    return (in_bounds(state["n"], slot) and get(state, slot) == EMPTY
            and not missing_supports(state, slot))


def legal_moves(state: dict[str, Any]) -> list[Slot]:
    return [s for s in all_slots(state["n"]) if can_place(state, s)]


def is_free(state: dict[str, Any], slot: Slot) -> bool:
    """A ball with nothing resting on it (it may be taken back)."""
    return get(state, slot) != EMPTY and all(get(state, s) == EMPTY
                                             for s in above(state["n"], slot))


def blocks_with(n: int, slot: Slot) -> list[list[Slot]]:
    """Every 2x2 block of `slot`'s level that contains it, each as its four slots."""
    k, x, y = slot
    size = n - k
    found = []
    for by in (y - 1, y):
        for bx in (x - 1, x):
            if 0 <= bx < size - 1 and 0 <= by < size - 1:
                found.append([(k, bx, by), (k, bx + 1, by), (k, bx, by + 1),
                              (k, bx + 1, by + 1)])
    return found


def completed_blocks(state: dict[str, Any], slot: Slot, colour: str) -> list[list[Slot]]:
    """The blocks a `colour` ball placed at `slot` would complete in that colour."""
    return [block for block in blocks_with(state["n"], slot)
            if all(s == slot or get(state, s) == colour for s in block)]


def with_ball(state: dict[str, Any], slot: Slot, value: str) -> dict[str, Any]:
    k, x, y = slot
    levels = [list(level) for level in state["levels"]]
    row = levels[k][y]
    levels[k][y] = row[:x] + value + row[x + 1:]
    return {**state, "levels": levels, "pools": list(state["pools"])}


def place(state: dict[str, Any], slot: Slot) -> tuple[dict[str, Any], list[list[Slot]]]:
    """The mover places a ball at `slot`: the next state (turn passed) and the blocks it
    completed in the mover's colour (before any take-back)."""
    if not can_place(state, slot):
        raise ValueError(f"cannot place at {slot}")
    mover = state["turn"]
    if state["pools"][mover] <= 0:
        raise ValueError("the mover has no ball left")
    blocks = completed_blocks(state, slot, COLOURS[mover])
    nxt = with_ball(state, slot, COLOURS[mover])
    nxt["pools"][mover] -= 1
    nxt["turn"] = 1 - mover
    return nxt, blocks


def take_back(state: dict[str, Any], player: int, slots: list[Slot]) -> dict[str, Any]:
    """Return the given free balls of `player` to their pool, one at a time."""
    for slot in slots:
        if get(state, slot) != COLOURS[player] or not is_free(state, slot):
            raise ValueError(f"cannot take back {slot}")
        state = with_ball(state, slot, EMPTY)
        state["pools"][player] += 1
    return state


def balls(state: dict[str, Any]) -> list[tuple[Slot, str]]:
    return [(s, get(state, s)) for s in all_slots(state["n"]) if get(state, s) != EMPTY]


def top(n: int) -> Slot:
    return (n - 1, 0, 0)


def winner(state: dict[str, Any]) -> int | None:
    """The winner: the owner of the top ball, or the opponent of a mover with no balls."""
    owner = get(state, top(state["n"]))
    if owner != EMPTY:
        return COLOURS.index(owner)
    if state["pools"][state["turn"]] == 0:
        return 1 - state["turn"]
    return None


def empty_support(state: dict[str, Any], slot: Slot) -> list[Slot]:
    """Every empty slot of the sub-pyramid under `slot` (each once), lowest level first."""
    seen: set[Slot] = set()
    stack = [slot]
    while stack:
        for below in supports(stack.pop()):
            if below not in seen and get(state, below) == EMPTY:
                seen.add(below)
                stack.append(below)
    return sorted(seen)


def turns_to_fill(state: dict[str, Any], slot: Slot) -> int:
    """Turns until a ball lands at the empty `slot`, that turn included, when every turn
    fills one empty slot beneath it first and no ball is taken back."""
    return 1 + len(empty_support(state, slot))


def random_play(rng: random.Random, n: int, turns: int) -> dict[str, Any]:
    """`turns` random turns from the empty board: a random legal slot each turn, and after a
    completed block a random take-back of 0-2 free balls of it. Stops early rather than
    place the top ball or move with an empty pool, so the game is still on."""
    state = new_state(n)
    for _ in range(turns):
        moves = [m for m in legal_moves(state) if m != top(n)]
        if not moves or state["pools"][state["turn"]] == 0:
            break
        mover = state["turn"]
        state, blocks = place(state, rng.choice(moves))
        if blocks:
            state = random_take_back(rng, state, mover, blocks)
    return state


def random_take_back(rng: random.Random, state: dict[str, Any], player: int,
                     blocks: list[list[Slot]]) -> dict[str, Any]:
    taken: list[Slot] = []
    for _ in range(rng.randint(0, 2)):
        free = sorted({s for block in blocks for s in block
                       if s not in taken and get(state, s) == COLOURS[player]
                       and is_free(state, s)})
        if not free:
            break
        slot = rng.choice(free)
        state = take_back(state, player, [slot])
        taken.append(slot)
    return state


def threat_regions(state: dict[str, Any], level: int) -> list[tuple[list[Slot], str, Slot]]:
    """2x2 blocks of `level` holding three balls of one colour and one empty slot:
    (block, colour, empty slot)."""
    n = state["n"]
    size = n - level
    found = []
    for by in range(size - 1):
        for bx in range(size - 1):
            block = [(level, bx, by), (level, bx + 1, by), (level, bx, by + 1),
                     (level, bx + 1, by + 1)]
            values = [get(state, s) for s in block]
            if values.count(EMPTY) == 1:
                colours = {v for v in values if v != EMPTY}
                if len(colours) == 1:
                    found.append((block, colours.pop(), block[values.index(EMPTY)]))
    return found
