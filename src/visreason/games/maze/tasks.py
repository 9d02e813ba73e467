"""Maze question types (GameQA maze ids 1-6)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from typing import Any

from ...core import Draw, Question, Retry, Task, choice_question
from ...core.options import shuffled_choice
from ...core.text import fmt_cell as fmt
from . import rules
from .rules import DIRECTIONS, SIZES, Cell, Grid, step

MOVE_RULE = (
    "A move sequence is carried out one move at a time from the player's current cell. A move "
    "into a wall (or off the grid) is not allowed: a sequence containing such a move is invalid "
    "and does not reach the goal."
)


def new_state(rng: random.Random, level: str) -> dict[str, Any]:
    return rules.random_state(rng, SIZES[level])


def unpack(state: dict[str, Any]) -> tuple[Grid, Cell, Cell]:
    return state["grid"], tuple(state["player"]), tuple(state["goal"])


def seq_text(moves: list[str]) -> str:
    return ", ".join(moves)


def around(cell: Cell) -> list[str]:
    """The cell and its four orthogonal neighbours, as option texts."""
    return [fmt(cell)] + [fmt(step(cell, d)) for d in DIRECTIONS]


def _locate(rng: random.Random, level: str, key: str, shape: str) -> Question:
    state = new_state(rng, level)
    cell = tuple(state[key])
    correct, *distractors = around(cell)
    options, index = shuffled_choice(rng, correct, distractors)
    analysis = (f"The {shape} stands in the row labelled {cell[0]} on the left and the column "
                f"labelled {cell[1]} on top, so it is at {fmt(cell)}. The other options are its "
                "neighbouring cells, one row or column away.")
    return choice_question(state, f"What are the coordinates of the {key}?", options, index,
                           analysis)


class PlayerPosition(Task):
    name = "player_position"
    description = "Coordinates of the player (red circle)"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        return _locate(rng, plot_level, "player", "player (red circle)")


class GoalPosition(Task):
    name = "goal_position"
    description = "Coordinates of the goal (green block)"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        return _locate(rng, plot_level, "goal", "goal (green block)")


def path_steps(path: list[Cell], goal: Cell) -> list[str]:
    """One line per move along the path: 'Step k: go d from (r, c) to (r', c')'."""
    lines = []
    steps = zip(rules.moves_of(path), itertools.pairwise(path), strict=True)
    for k, (d, (a, b)) in enumerate(steps, 1):
        tail = ", the goal" if b == goal else ""
        lines.append(f"Step {k}: go {d} from {fmt(a)} to {fmt(b)}{tail}.")
    return lines


def _solve_intro(player: Cell, goal: Cell, path: list[Cell]) -> str:
    return (f"The player is at {fmt(player)} and the goal at {fmt(goal)}. Following the open "
            f"cells (a breadth-first search, which in a perfect maze finds the only path), the "
            f"path takes {len(path) - 1} moves:")


# Ways to turn the true path into a plausible sequence of the same length.
def _change_one(rng: random.Random, moves: list[str]) -> list[str]:
    k = rng.randrange(len(moves))
    return [*moves[:k], rng.choice([d for d in DIRECTIONS if d != moves[k]]), *moves[k + 1:]]


def _swap_adjacent(rng: random.Random, moves: list[str]) -> list[str]:
    spots = [k for k in range(len(moves) - 1) if moves[k] != moves[k + 1]]
    if not spots:
        return _change_one(rng, moves)
    k = rng.choice(spots)
    return [*moves[:k], moves[k + 1], moves[k], *moves[k + 2:]]


def _mirror(rng: random.Random, moves: list[str]) -> list[str]:
    pairs = rng.choice([("up", "down"), ("left", "right")])
    swap = {pairs[0]: pairs[1], pairs[1]: pairs[0]}
    return [swap.get(d, d) for d in moves]


def _reverse(rng: random.Random, moves: list[str]) -> list[str]:
    return moves[::-1]


def _shift(rng: random.Random, moves: list[str]) -> list[str]:
    return [*moves[1:], rng.choice(list(DIRECTIONS))]


def _random(rng: random.Random, moves: list[str]) -> list[str]:
    return [rng.choice(list(DIRECTIONS)) for _ in moves]


MUTATIONS: list[Callable[[random.Random, list[str]], list[str]]] = [
    _change_one, _swap_adjacent, _mirror, _reverse, _shift, _random,
]
MAX_DISTRACTOR_TRIES = 40


def wrong_sequences(
    rng: random.Random, grid: Grid, player: Cell, goal: Cell, moves: list[str], count: int
) -> list[list[str]]:
    """`count` distinct same-length sequences, each checked by simulation not to reach the goal."""
    found: list[list[str]] = []
    for attempt in range(MAX_DISTRACTOR_TRIES):
        if attempt % len(MUTATIONS) == 0:
            kinds = rng.sample(MUTATIONS, len(MUTATIONS))
        candidate = kinds[attempt % len(MUTATIONS)](rng, moves)
        if candidate != moves and candidate not in found \
                and not rules.reaches(grid, player, goal, candidate):
            found.append(candidate)
            if len(found) == count:
                return found
    raise Retry


def walk_verdict(grid: Grid, player: Cell, goal: Cell, moves: list[str]) -> str:
    """Why a sequence does or does not reach the goal, from a step-by-step simulation."""
    result = rules.walk(grid, player, moves)
    if result.blocked is not None:
        k = result.blocked
        target = step(result.end, moves[k - 1])
        where = "a wall" if 0 <= target[0] < len(grid) and 0 <= target[1] < len(grid[0]) \
            else "off the grid"
        return (f"move {k} ({moves[k - 1]}) from {fmt(result.end)} would go to {fmt(target)}, "
                f"{where}, so the sequence is invalid.")
    if result.end == goal:
        return f"all {len(moves)} moves are legal and the last one lands on the goal."
    return (f"all {len(moves)} moves are legal but they end at {fmt(result.end)}, not on the "
            "goal.")


class PathToGoal(Task):
    name = "path_to_goal"
    description = "Which move sequence takes the player to the goal"
    qa_type = "strategy_optimization"
    qa_level = "medium"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        state = new_state(rng, plot_level)
        grid, player, goal = unpack(state)
        path = rules.shortest_path(grid, player, goal)
        moves = rules.moves_of(path)
        wrong = wrong_sequences(rng, grid, player, goal, moves, 4)
        options, index = shuffled_choice(rng, seq_text(moves), [seq_text(m) for m in wrong])
        lines = [_solve_intro(player, goal, path), *path_steps(path, goal),
                 "Checking each option by carrying it out from the player's cell:"]
        for i, text in enumerate(options):
            option_moves = text.split(", ")
            lines.append(f"{chr(65 + i)}. " + walk_verdict(grid, player, goal, option_moves))
        text = (MOVE_RULE + f" Every option below has {len(moves)} moves. Which move sequence "
                "takes the player from its current cell to the goal?")
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"moves": moves})


class TurnCount(Task):
    name = "turn_count"
    description = "Number of direction changes on the path to the goal"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        state = new_state(rng, plot_level)
        grid, player, goal = unpack(state)
        path = rules.shortest_path(grid, player, goal)
        moves = rules.moves_of(path)
        turned = rules.turns(moves)
        lines = [_solve_intro(player, goal, path), *path_steps(path, goal),
                 "Now compare each move's direction with the move before it:"]
        count = 0
        for k in range(2, len(moves) + 1):
            if k in turned:
                count += 1
                lines.append(f"Step {k}: {moves[k - 2]} then {moves[k - 1]}, a turn "
                             f"(turn {count}).")
            else:
                lines.append(f"Step {k}: {moves[k - 1]} again, no turn.")
        if len(moves) == 1:
            lines.append("There is a single move, so there is nothing to turn from.")
        lines.append(f"In total the player turns {count} time(s).")
        text = ("The player walks from its current cell to the goal along the only path that "
                "never visits a cell twice. A turn is a move whose direction differs from the "
                "direction of the move just before it (the first move is never a turn). How many "
                "turns does the player make on the way to the goal?")
        return Question(state, text, str(count), "\n".join(lines), None,
                        {"moves": moves, "turns": turned})


SUBSET_QUOTA = {1: 2, 2: 2, 3: 2, 4: 1}


def _subsets() -> dict[int, list[tuple[str, ...]]]:
    """Every non-empty set of directions, in canonical order, grouped by size."""
    names = list(DIRECTIONS)
    groups: dict[int, list[tuple[str, ...]]] = {size: [] for size in SUBSET_QUOTA}
    for mask in range(1, 16):
        chosen = tuple(names[i] for i in range(4) if mask >> i & 1)
        groups[len(chosen)].append(chosen)
    return groups


SUBSETS = _subsets()


class AvailableDirections(Task):
    name = "available_directions"
    description = "The set of directions the player can move in now"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        state = new_state(rng, plot_level)
        grid, player, _ = unpack(state)
        free = tuple(rules.available(grid, player))
        wrong: list[tuple[str, ...]] = []
        for size, quota in SUBSET_QUOTA.items():
            pool = [s for s in SUBSETS[size] if s != free]
            wrong += rng.sample(pool, min(quota, len(pool)))
        spare = [s for group in SUBSETS.values() for s in group if s != free and s not in wrong]
        wrong += rng.sample(spare, 7 - len(wrong))
        order = [s for group in SUBSETS.values() for s in group]
        chosen = sorted([free, *wrong], key=order.index)
        lines = [f"The player is at {fmt(player)}. Check its four neighbours:"]
        for d in DIRECTIONS:
            target = step(player, d)
            kind = "open" if rules.is_open(grid, target) else "a wall"
            lines.append(f"{d}: {fmt(target)} is {kind}.")
        lines.append(f"So the player can move {', '.join(free)}.")
        text = ("In which directions can the player move one cell from where it stands now? "
                "Choose the option that lists exactly those directions (each option lists its "
                "directions in the order up, down, left, right).")
        return choice_question(state, text, [", ".join(s) for s in chosen], chosen.index(free),
                               "\n".join(lines))


class PositionAfterMove(Task):
    name = "position_after_move"
    description = "Coordinates of the player after one legal move"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        state = new_state(rng, plot_level)
        grid, player, _ = unpack(state)
        direction = rng.choice(rules.available(grid, player))
        target = step(player, direction)
        distractors = [fmt(c) for c in (player, step(target, direction),
                                        *(step(player, d) for d in DIRECTIONS))
                       if c != target]
        options, index = shuffled_choice(rng, fmt(target), distractors)
        dr, dc = DIRECTIONS[direction]
        change = f"the row changes by {dr:+d}" if dr else f"the column changes by {dc:+d}"
        analysis = (f"The player is at {fmt(player)}. The cell {direction} of it, {fmt(target)}, "
                    f"is open, so the move is legal. Moving {direction}, {change}, so the player "
                    f"ends at {fmt(target)}.")
        text = (f"The player moves one cell {direction} (this cell is open, so the move is "
                "legal). What are the player's coordinates after the move?")
        return choice_question(state, text, options, index, analysis, {"direction": direction})


TASKS = [PlayerPosition(), GoalPosition(), PathToGoal(), TurnCount(), AvailableDirections(),
         PositionAfterMove()]
