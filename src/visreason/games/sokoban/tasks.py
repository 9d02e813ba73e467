"""Sokoban question types.

Tasks draw different kinds of board: one box off its target for the self-moving box, the
minimum solution and the shortest walk; one box and one target for the distance; one to
`boxes` boxes for the player questions. Asked about a board another task drew (several
questions per picture), a task takes it only when it is of its own kind, and chooses the
rest of its question (the moves, the goal cell) as `build` does.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, choice_question
from ...core import rng as draws
from ...core.options import cluster_cells, integer_run_options
from ...core.seeds import derive_seed
from ...core.text import parse_directions, plural
from . import rules
from .rules import DIRECTIONS, Board, Cell, fmt, near_bits

POSITION_OPTIONS = 6
NUMBER_OPTIONS = 4
# Kept asked boards: a distance rarer on random boards than ASK_FLOOR times the most
# overrepresented one stays rarer, rather than starving the others (see BoxTargetDistance.ask).
ASK_FLOOR = 0.1
CALIBRATION_DEALS = 1200  # boards of the other tasks that measure their distances
PATH_OPTIONS = 4
SHORTEST_SOLUTION = 1  # min_moves asks about puzzles that take at least this many moves
CELL_HINT = "Answer with the cell as (row, col), e.g. (2, 3)."
MOVES_HINT = "Answer with the moves in order, separated by commas, e.g. up, left, left."

# ----------------------------------------------------------------------------- shared helpers

def cells_text(cells: Iterable[Cell]) -> str:
    """Cells as '(r, c), (r, c)', or 'none' (core.text.fmt_cells for two-int cells)."""
    return ", ".join(map(fmt, cells)) or "none"


def board_for(draw: Draw, n_boxes: int) -> Board:
    board = rules.random_board(draw.rng, draw.params["size"], n_boxes)
    if board is None:
        raise Retry
    return board


def single_box_board(draw: Draw) -> Board:
    """A one-box board whose box does not start on its target."""
    board = board_for(draw, 1)
    if board.boxes == board.targets:
        raise Retry
    return board


def any_box_board(draw: Draw) -> Board:
    """Half the boards hold one box, the others 2 up to the `boxes` parameter (as the original
    alternates single- and multi-box boards)."""
    most = draw.params["boxes"]
    count = 1 if most == 1 or draw.rng.random() < 0.5 else draws.randint(draw.rng, 2, most)
    return board_for(draw, count)


def state_of(board: Board) -> dict[str, Any]:
    return {"grid": list(grid_rows(board))}


@lru_cache(maxsize=64)
def grid_rows(board: Board) -> tuple[str, ...]:
    """The board's grid rows, kept: every question asked about a group's board writes them."""
    return tuple(rules.to_grid(board))


@lru_cache(maxsize=64)
def parsed(grid: tuple[str, ...]) -> Board:
    """The board of a grid, kept: each task that asks about a group's state parses it, and
    a refused ask is retried."""
    return rules.from_grid(list(grid))


def level_board(draw: Draw, state: dict[str, Any]) -> Board:
    """The board of a state another task drew, if this level draws such boards: its size,
    1 to `boxes` boxes and as many targets; else Retry."""
    board = parsed(tuple(state["grid"]))
    if board.size != draw.params["size"] or not 1 <= len(board.boxes) <= \
            draw.params["boxes"] or len(board.targets) != len(board.boxes):
        raise Retry
    return board


def one_box_board(draw: Draw, state: dict[str, Any]) -> Board:
    """The board of a state another task drew, if it holds one box off its target (the
    boards `single_box_board` draws); else Retry."""
    board = level_board(draw, state)
    if len(board.boxes) != 1 or board.boxes == board.targets:
        raise Retry
    return board


def intro(board: Board) -> str:
    """Every analysis opens with where the player, the boxes and the targets are."""
    box_word = "box is" if len(board.boxes) == 1 else "boxes are"
    target_word = "target is" if len(board.targets) == 1 else "targets are"
    return (f"On the board, the player is at {fmt(board.player)}, the {box_word} at "
            f"{cells_text(board.boxes)} and the {target_word} at {cells_text(board.targets)}.")


def random_moves(draw: Draw) -> list[str]:
    """`moves` commands, each rng.choice(DIRECTIONS) (as DIRECTIONS[randbelow(4)] on a plain
    generator: one call a command)."""
    rng, count = draw.rng, draw.params["moves"]
    if type(rng) is not random.Random:
        return [draws.choice(rng, DIRECTIONS) for _ in range(count)]
    randbelow = draws.randbelow
    return [DIRECTIONS[randbelow(rng, len(DIRECTIONS))] for _ in range(count)]


def moves_text(moves: list[str]) -> str:
    return ", ".join(moves)


def cell_options(draw: Draw, board: Board, answer: Cell) -> tuple[list[str], int]:
    """Coordinate options: the answer among wrong non-wall cells clustered around a hidden
    centre, so neither the middle nor the spread of the options points at it."""
    free = rules.free_set_of(board.size, board.walls)
    wrong = cluster_cells(draw.rng, answer, POSITION_OPTIONS, free.__contains__, radius=2)
    return draw.place(fmt(answer), list(map(fmt, wrong)))


# ----------------------------------------------------------------------------- tasks

class PlayerAfterMoves(Task):
    name = "player_after_moves"
    description = "Where the player stands after a sequence of moves under the push rules"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        return self._question(draw, any_box_board(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, level_board(draw, state))

    @staticmethod
    def _question(draw: Draw, board: Board) -> Question:
        moves = random_moves(draw)
        final, steps = rules.simulate(board, moves)
        answer = final.player
        options, correct = cell_options(draw, board, answer)
        lines = [intro(board), "Apply the moves one at a time:"]
        lines += [f"{i}. {step.describe()}." for i, step in enumerate(steps, 1)]
        lines.append(f"After the last move the player is at {fmt(answer)}.")
        text = (f"The player makes these {len(moves)} moves in order: {moves_text(moves)}. "
                "Moves that are blocked leave the player where it is. Where is the player after "
                "the last move?")
        return choice_question(state_of(board), text, options, correct, "\n".join(lines),
                               {"moves": moves, "final": list(answer)},
                               open=OpenForm(fmt(answer), hint=CELL_HINT))


class SelfMovingBox(Task):
    name = "self_moving_box"
    description = "Where a box that obeys the commands itself ends up (player counts as floor)"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        return self._question(draw, single_box_board(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, one_box_board(draw, state))

    @staticmethod
    def _question(draw: Draw, board: Board) -> Question:
        (box,) = board.boxes
        moves = random_moves(draw)
        steps = rules.drive_box(board, box, moves)
        answer = steps[-1].end
        options, correct = cell_options(draw, board, answer)
        lines = [intro(board), f"The box starts at {fmt(box)} and follows the commands itself:"]
        for i, step in enumerate(steps, 1):
            if step.blocked:
                ahead = rules.shifted(step.start, step.direction)
                lines.append(f"{i}. {step.direction}: {fmt(ahead)} is a wall, so the box stays "
                             f"at {fmt(step.start)}.")
            else:
                lines.append(f"{i}. {step.direction}: the box moves {fmt(step.start)} -> "
                             f"{fmt(step.end)}.")
        lines.append(f"After the last command the box is at {fmt(answer)}.")
        text = (
            "Imagine a different rule for this question: the box moves by itself. For each "
            "command it moves one cell in that direction, unless that cell is a wall, in which "
            "case it stays where it is. The player and the target count as plain floor and "
            f"never stop the box. The box starts at {fmt(box)} and receives these "
            f"{len(moves)} commands in order: {moves_text(moves)}. Where is the box after the "
            "last command?"
        )
        return choice_question(state_of(board), text, options, correct, "\n".join(lines),
                               {"moves": moves, "final": list(answer)},
                               open=OpenForm(fmt(answer), hint=CELL_HINT))


def solvable_candidate(draw: Draw) -> Board:
    """A one-box board whose box stands on a cell from which pushes can reach the target.

    Placing the box among those live cells (rather than anywhere) keeps the rejection rate low
    on small boards; the search still rejects boards where the player cannot get behind it.
    """
    rng = draw.rng
    board = board_for(draw, 1)
    (target,) = board.targets
    n = board.size
    bits = rules.cell_bits_of(n)
    # the live cells (see rules.live_cells) but the target's and the player's, row-major
    spots = rules.cells_of(n, rules.live_mask(n, board.walls, target)
                           & ~bits[target] & ~bits[board.player])
    if not spots:
        raise Retry
    return Board(n, board.walls, board.targets, (draws.choice(rng, spots),), board.player)


@lru_cache(maxsize=16)
def solution_of(board: Board) -> list[str] | None:
    """The solver's answer for a board, kept for the retries of an ask about it."""
    return rules.min_moves(board)


class MinMoves(Task):
    name = "min_moves"
    description = "True minimum number of player moves (walks and pushes) that solves the board"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        board = solvable_candidate(draw)
        state = state_of(board)
        draw.claim(state)
        return self._question(draw, board, state, rules.min_moves(board))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """Any solvable one-box board; the answer is the board's own."""
        board = one_box_board(draw, state)
        return self._question(draw, board, state_of(board), solution_of(board))

    @staticmethod
    def _question(draw: Draw, board: Board, state: dict[str, Any],
                  solution: list[str] | None) -> Question:
        if solution is None or len(solution) < SHORTEST_SOLUTION:
            raise Retry
        best = len(solution)
        # No ceiling above the answer: a run may end anywhere past it.
        options, correct = integer_run_options(draw, best, 1, best + NUMBER_OPTIONS,
                                               NUMBER_OPTIONS)
        final, steps = rules.simulate(board, solution)
        lines = [
            intro(board),
            "Search breadth-first over (player cell, box cell) states, where every single step "
            "costs one move, whether it only walks or also pushes the box. The first state found "
            f"with the box on the target lies {best} moves from the start. One shortest "
            "solution, step by step (pushes marked):",
        ]
        pushes = 0
        for i, step in enumerate(steps, 1):
            if step.pushed is not None:
                pushes += 1
                lines.append(f"{i}. [push] {step.describe()}.")
            else:
                lines.append(f"{i}. {step.describe()}.")
        counts = f"{plural(pushes, 'push', 'pushes')} and {plural(best - pushes, 'walking step')}"
        lines.append(f"The box reaches the target {fmt(final.boxes[0])} after {best} moves "
                     f"({counts}); no shorter sequence exists because breadth-first search "
                     "reaches every state in as few moves as possible.")
        text = ("What is the minimum number of moves the player needs to push the box onto the "
                "target? Every single step counts as one move, whether it only walks or also "
                "pushes the box.")
        return choice_question(state, text, options, correct, "\n".join(lines),
                               {"moves": solution, "min_moves": best},
                               open=OpenForm(str(best)))


class PlayerPosition(Task):
    name = "player_position"
    description = "The player's current cell"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        return self._question(draw, any_box_board(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, level_board(draw, state))

    @staticmethod
    def _question(draw: Draw, board: Board) -> Question:
        here = board.player
        options, correct = cell_options(draw, board, here)
        on_target = ", standing on a target," if here in board.targets else ""
        analysis = (f"{intro(board)}\nThe player{on_target} is in row {here[0]} and column "
                    f"{here[1]}, so the player is at {fmt(here)}.")
        text = "What is the player's current position, written (row, col)?"
        return choice_question(state_of(board), text, options, correct, analysis,
                               {"player": list(here)}, open=OpenForm(fmt(here), hint=CELL_HINT))


@lru_cache(maxsize=64)
def diamond(distance: int) -> tuple[Cell, ...]:
    """The offsets of the cells exactly `distance` steps away (Manhattan), top row first,
    right before left in each row."""
    found = []
    for dr in range(-distance, distance + 1):
        dc = distance - abs(dr)
        found.append((dr, dc))
        if dc:
            found.append((dr, -dc))
    return tuple(found)


def distance_schedule(size: int) -> list[int]:
    """The distances `build` balances: each twice, the two extremes once (an extreme answer is
    always the smallest or largest option of its run, so it is drawn less to keep those
    guesses at chance)."""
    span = 2 * (size - 3)  # opposite corners of the inside
    return [*range(1, span + 1), *range(2, span)]


def box_distance(board: Board) -> int:
    """The Manhattan distance between the box and the target of a one-box board."""
    (box,), (target,) = board.boxes, board.targets
    return abs(box[0] - target[0]) + abs(box[1] - target[1])


@lru_cache(maxsize=16)
def overrepresented(params: tuple[tuple[str, Any], ...]) -> dict[int, float]:
    """Per distance, how often the one-box boards the other tasks draw hold it, over its
    share in `distance_schedule`: measured on CALIBRATION_DEALS boards those tasks build in
    turn from a fixed seed (their boards are random, and min_moves keeps its box where
    pushes can reach the target, near it more often)."""
    values = dict(params)
    rng = random.Random(derive_seed("sokoban", "foreign distances", params))
    makers = [task for task in TASKS if task.name != BoxTargetDistance.name]
    found: Counter[int] = Counter()
    for index in range(CALIBRATION_DEALS):
        task = makers[index % len(makers)]
        draw = Draw(rng, "calibration", values, index // len(makers), f"calibration/{task.name}")
        try:
            board = rules.from_grid(task.build(draw).state["grid"])
        except Retry:
            continue
        if len(board.boxes) == 1 and board.boxes != board.targets:
            found[box_distance(board)] += 1
    wanted = Counter(distance_schedule(values["size"]))
    total, slots = sum(found.values()), sum(wanted.values())
    return {d: found[d] / total / (wanted[d] / slots) for d in wanted}


class BoxTargetDistance(Task):
    name = "box_target_distance"
    description = "Manhattan distance between the box and the target"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        rng, size = draw.rng, draw.params["size"]
        distance = self._target(draw)
        walls, free = rules.random_layout(rng, size)
        if len(free) < 3:
            raise Retry
        free_set = set(free)
        offsets = diamond(distance)
        for box in draws.sample(rng, free, len(free)):
            r, c = box
            ends = [end for dr, dc in offsets if (end := (r + dr, c + dc)) in free_set]
            if ends:
                target = draws.choice(rng, ends)
                break
        else:
            raise Retry
        player = draws.choice(rng, rules.without(free, (box, target)))
        return self._question(draw, Board(size, walls, (target,), (box,), player))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A one-box board, kept with a probability that evens out its distance.

        The board alone fixes the answer, and the other tasks' boxes and targets lie near
        each other far more often than far apart (on easy boards about a fifth at distance
        1, one in fifty at 6). The board is kept with probability floor / x, x being how
        overrepresented its distance is (see `overrepresented`) and the floor the smallest x
        but at least ASK_FLOOR times the largest, decided by the item alone so that retries
        do not raise the odds.
        """
        board = one_box_board(draw, state)
        over = overrepresented(tuple(sorted(draw.params.items())))
        present = [x for x in over.values() if x > 0]
        floor = max(min(present), ASK_FLOOR * max(present))
        if over[box_distance(board)] > 0:
            draw.keep(floor / over[box_distance(board)])
        return self._question(draw, board)

    @staticmethod
    def _target(draw: Draw) -> int:
        return draw.target(distance_schedule(draw.params["size"]))

    @staticmethod
    def _question(draw: Draw, board: Board) -> Question:
        (box,), (target,) = board.boxes, board.targets
        span, distance = 2 * (board.size - 3), box_distance(board)
        options, correct = integer_run_options(draw, distance, 1, span, NUMBER_OPTIONS)
        dr, dc = abs(box[0] - target[0]), abs(box[1] - target[1])
        analysis = (f"{intro(board)}\nThe rows differ by |{box[0]} - {target[0]}| = {dr} and "
                    f"the columns by |{box[1]} - {target[1]}| = {dc}, so the Manhattan distance "
                    f"is {dr} + {dc} = {distance}.")
        text = ("What is the Manhattan distance between the box and the target, i.e. the "
                "difference of their rows plus the difference of their columns (ignoring walls)?")
        return choice_question(state_of(board), text, options, correct, analysis,
                               {"distance": distance}, open=OpenForm(str(distance)))


def random_shortest_walk(rng: random.Random, layers: list[int], goal: Cell, size: int,
                         left: int) -> list[str]:
    """A shortest walk from the start of `layers` (see rules.walk_layers) to `goal`, `left`
    steps away, drawn by stepping back from the goal to a random neighbour one step nearer
    each time (no direction is favoured, so the answer's wording does not stand out among the
    options)."""
    cell = goal[0] * size + goal[1]
    around, nearer_steps = near_bits(size), back_steps(size)
    # rng.choice(steps) as steps[randbelow(len(steps))], one call a step
    pick = draws.randbelow if type(rng) is random.Random else None
    backwards = []
    while left:
        left -= 1
        nearer = layers[left] & around[cell]  # the neighbours one step nearer
        steps = nearer_steps[cell].get(nearer)
        if steps is None:
            steps = nearer_steps[cell][nearer] = [
                step for step in back_step_table(size)[cell] if nearer >> step[1] & 1]
        direction, cell = steps[pick(rng, len(steps))] if pick else draws.choice(rng, steps)
        backwards.append(direction)
    return backwards[::-1]


@lru_cache(maxsize=16)
def back_step_table(size: int) -> tuple[tuple[tuple[str, int], ...], ...]:
    """Per flat cell r * size + c, (direction, the cell a step in that direction came from)
    in DIRECTIONS order."""
    return tuple((("up", q + size), ("right", q - 1), ("down", q - size), ("left", q + 1))
                 for q in range(size * size))


@lru_cache(maxsize=16)
def back_steps(size: int) -> list[dict[int, list[tuple[str, int]]]]:
    """Per flat cell, the back_step_table entries whose cells lie in a given bit set of its
    neighbours, filled in as the walks meet each set."""
    return [{} for _ in range(size * size)]


def ring_neighbours(
    rng: random.Random, start: Cell, ring: list[Cell], goal: Cell, count: int
) -> list[Cell]:
    """`count` other cells of `ring` (the cells as far from `start` as `goal` is), next to the
    goal around `start`.

    The ring is put in order of angle around `start` and a run of `count + 1` neighbours
    holding the goal is taken, the goal's place in the run drawn uniformly: the goal is never
    the middle of the wrong ends. Raises Retry when the ring is too short.
    """
    ring = sorted(ring, key=lambda c: math.atan2(c[0] - start[0], c[1] - start[1]))
    if len(ring) <= count:
        raise Retry
    first = ring.index(goal) - draws.randbelow(rng, count + 1)
    return [ring[(first + k) % len(ring)] for k in range(count + 1)
            if ring[(first + k) % len(ring)] != goal]


class ShortestPath(Task):
    name = "shortest_path_boxes_as_walls"
    description = "The shortest walk to a cell when boxes count as walls"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "sequence"

    def build(self, draw: Draw) -> Question:
        return self._question(draw, single_box_board(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(draw, one_box_board(draw, state))

    @staticmethod
    def _question(draw: Draw, board: Board) -> Question:
        rng = draw.rng
        n = board.size
        reach = rules.walk_layers(board, board.player)  # the cells first reached per distance
        # the goal's distance must hold a wrong end per option
        far = rules.cells_of(n, sum(layer for layer in reach[2:]
                                    if layer.bit_count() >= PATH_OPTIONS))
        if not far:
            raise Retry
        goal = draws.choice(rng, far)
        bit = rules.cell_bits_of(n)[goal]
        length = next(d for d, layer in enumerate(reach) if layer & bit)
        path = random_shortest_walk(rng, reach, goal, n, length)
        layers = [[], *(rules.cells_of(n, layer) for layer in reach[1:length + 1])]  # sorted
        ends = ring_neighbours(rng, board.player, layers[length], goal, PATH_OPTIONS - 1)
        distractors = [random_shortest_walk(rng, reach, end, n, length) for end in ends]
        options, correct = draw.place(moves_text(path), [moves_text(w) for w in distractors])
        search = [intro(board),
                  "Treat walls and the box as blocked and search breadth-first from the player:"]
        search += [f"distance {d}: {cells_text(layers[d])}" for d in range(1, len(path) + 1)]
        search.append(f"{fmt(goal)} is first reached at distance {len(path)}, so a shortest walk "
                      f"takes {len(path)} moves.")
        trace = rules.walk(board, path)
        assert trace is not None
        found = (f"Going back from {fmt(goal)}, each time to a neighbour one step nearer the "
                 f"player, and reading the cells forwards: {' -> '.join(map(fmt, trace))}, "
                 f"which is the walk {moves_text(path)}.")
        checks = ["Walk each choice:"]
        for i, option in enumerate(options):
            cells = trace if i == correct else rules.walk(board, option.split(", "))
            assert cells is not None
            verdict = "the goal" if cells[-1] == goal else "not the goal"
            checks.append(f"{chr(65 + i)}. {' -> '.join(map(fmt, cells))}: ends at "
                          f"{fmt(cells[-1])}, {verdict}.")
        text = (f"Treat the box as a wall. Which move sequence is a shortest walk that takes the "
                f"player from its current cell to {fmt(goal)}?")
        open_text = (f"Treat the box as a wall. Give a shortest walk that takes the player from "
                     f"its current cell to {fmt(goal)}, as a sequence of moves. Any shortest "
                     "walk counts.")
        return choice_question(
            state_of(board), text, options, correct, "\n".join(search + checks),
            {"goal": list(goal), "path": path},
            open=OpenForm(moves_text(path), text=open_text, analysis="\n".join([*search, found]),
                          hint=MOVES_HINT))

    @staticmethod
    def _goal_distances(
        state: dict[str, Any], meta: dict[str, Any]
    ) -> tuple[Board, dict[Cell, int]]:
        """The board and every cell's walking distance to the goal, the box as a wall."""
        board = rules.from_grid(state["grid"])
        goal = (int(meta["goal"][0]), int(meta["goal"][1]))
        return board, rules.walk_distances(board, goal)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float | None:
        """1 for any shortest walk to the goal (replayed with the box as a wall), else 0."""
        moves = parse_directions(answer)
        if moves is None:
            return 0.0
        board, to_goal = self._goal_distances(state, meta)
        cells = rules.walk(board, moves)
        right = cells is not None and to_goal.get(cells[-1]) == 0 and \
            len(moves) == to_goal.get(board.player)
        return 1.0 if right else 0.0

    def partial_credit(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """The longest prefix of the answer that starts some shortest walk, over the shortest
        length (or over the answer's length when it is longer, so only the exact walk earns 1).
        """
        moves = parse_directions(answer)
        if moves is None:
            return 0.0
        board, to_goal = self._goal_distances(state, meta)
        best = to_goal.get(board.player)
        if not best:
            return 0.0
        cell, prefix = board.player, 0
        for direction in moves[:best]:
            cell = rules.shifted(cell, direction)
            if to_goal.get(cell) != best - prefix - 1:
                break
            prefix += 1
        return prefix / max(best, len(moves))


TASKS = [PlayerAfterMoves(), SelfMovingBox(), MinMoves(), PlayerPosition(), BoxTargetDistance(),
         ShortestPath()]
