"""Sokoban question types."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ...core import Draw, Question, Retry, Task, choice_question
from ...core.options import nearby_integers, sample_distinct, shuffled_choice
from ...core.text import fmt_cell as fmt
from ...core.text import fmt_cells as cells_text
from ...core.text import plural
from . import rules
from .rules import DIRECTIONS, SIZES, Board, Cell

MOVE_COUNTS = {"easy": 5, "medium": 8, "hard": 12}
POSITION_OPTIONS = 6
NUMBER_OPTIONS = 4
PATH_OPTIONS = 4


# ----------------------------------------------------------------------------- shared helpers

def board_for(rng: random.Random, level: str, n_boxes: int) -> Board:
    board = rules.random_board(rng, SIZES[level], n_boxes)
    if board is None:
        raise Retry
    return board


def single_box_board(rng: random.Random, level: str) -> Board:
    """A one-box board whose box does not start on its target."""
    board = board_for(rng, level, 1)
    if board.boxes == board.targets:
        raise Retry
    return board


def solvable_candidate(rng: random.Random, level: str) -> Board:
    """A one-box board whose box stands on a cell from which pushes can reach the target.

    Placing the box among those live cells (rather than anywhere) keeps the rejection rate low
    on small boards; the search still rejects boards where the player cannot get behind it.
    """
    board = board_for(rng, level, 1)
    (target,) = board.targets
    spots = sorted(rules.live_cells(board, target) - {target, board.player})
    if not spots:
        raise Retry
    return replace(board, boxes=(rng.choice(spots),))


def any_box_board(rng: random.Random, level: str) -> Board:
    """Half the boards hold one box, the others two or three (as the original alternates)."""
    return board_for(rng, level, rng.choice((1, 1, 2, 3)))


def state_of(board: Board) -> dict[str, Any]:
    return {"grid": rules.to_grid(board)}


def intro(board: Board) -> str:
    """Every analysis opens with where the player, the boxes and the targets are."""
    box_word = "box is" if len(board.boxes) == 1 else "boxes are"
    target_word = "target is" if len(board.targets) == 1 else "targets are"
    return (f"From the image: the player is at {fmt(board.player)}, the {box_word} at "
            f"{cells_text(board.boxes)} and the {target_word} at {cells_text(board.targets)}.")


def random_moves(rng: random.Random, level: str) -> list[str]:
    return [rng.choice(DIRECTIONS) for _ in range(MOVE_COUNTS[level])]


def drift(start: Cell, moves: list[str]) -> Cell:
    """Where a piece would end if nothing ever stopped it (a common slip, used as a distractor)."""
    cell = start
    for direction in moves:
        cell = rules.shifted(cell, direction)
    return cell


def cell_choice(
    rng: random.Random, board: Board, answer: Cell, near_misses: Iterable[Cell]
) -> tuple[list[str], int]:
    """Coordinate options: plausible slips first, then random cells; all non-wall and wrong.

    The transposed answer (col, row) is always considered, since swapping the axes is the
    classic misreading of the convention.
    """
    free = board.free_cells()
    count = min(POSITION_OPTIONS, len(free))
    slips = [answer[::-1], *near_misses]
    chosen = list(dict.fromkeys(c for c in slips if c in free and c != answer))
    chosen = chosen[: max(1, count // 2)]
    chosen += sample_distinct(rng, free, count - 1 - len(chosen), exclude=[answer, *chosen])
    return shuffled_choice(rng, fmt(answer), [fmt(c) for c in chosen])


def moves_text(moves: list[str]) -> str:
    return ", ".join(moves)


# ----------------------------------------------------------------------------- tasks

class PlayerAfterMoves(Task):
    name = "player_after_moves"
    description = "Where the player stands after a sequence of moves under the push rules"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        board = any_box_board(rng, plot_level)
        moves = random_moves(rng, plot_level)
        final, steps = rules.simulate(board, moves)
        answer = final.player
        before_last = steps[-1].start
        options, correct = cell_choice(
            rng, board, answer, [drift(board.player, moves), before_last, board.player])
        lines = [intro(board), "Apply the moves one at a time:"]
        lines += [f"{i}. {step.describe()}." for i, step in enumerate(steps, 1)]
        lines.append(f"After the last move the player is at {fmt(answer)}.")
        text = (f"The player makes these {len(moves)} moves in order: {moves_text(moves)}. "
                "Moves that are blocked leave the player where it is. Where is the player after "
                "the last move?")
        return choice_question(state_of(board), text, options, correct, "\n".join(lines),
                               {"moves": moves, "final": list(answer)})


class SelfMovingBox(Task):
    name = "self_moving_box"
    description = "Where a box that obeys the commands itself ends up (player counts as floor)"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        board = single_box_board(rng, plot_level)
        (box,) = board.boxes
        moves = random_moves(rng, plot_level)
        steps = rules.drive_box(board, box, moves)
        answer = steps[-1].end
        options, correct = cell_choice(
            rng, board, answer, [drift(box, moves), steps[-1].start, box])
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
                               {"moves": moves, "final": list(answer)})


class MinMoves(Task):
    name = "min_moves"
    description = "True minimum number of player moves (walks and pushes) that solves the board"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        board = solvable_candidate(rng, plot_level)
        solution = rules.min_moves(board)
        if solution is None or len(solution) < 2:
            raise Retry
        best = len(solution)
        distractors = nearby_integers(rng, best, NUMBER_OPTIONS - 1, low=1)
        options, correct = shuffled_choice(rng, str(best), [str(v) for v in distractors])
        final, steps = rules.simulate(board, solution)
        pushes = sum(step.pushed is not None for step in steps)
        lines = [
            intro(board),
            "Search breadth-first over (player cell, box cell) states, where every single step "
            "costs one move, whether it only walks or also pushes the box. The first state found "
            f"with the box on the target lies {best} moves from the start. One shortest "
            "solution, step by step (pushes marked):",
        ]
        for i, step in enumerate(steps, 1):
            mark = "[push] " if step.pushed is not None else ""
            lines.append(f"{i}. {mark}{step.describe()}.")
        counts = f"{plural(pushes, 'push', 'pushes')} and {plural(best - pushes, 'walking step')}"
        lines.append(f"The box reaches the target {fmt(final.boxes[0])} after {best} moves "
                     f"({counts}); no shorter sequence "
                     "exists because breadth-first search reaches every state in as few moves as "
                     "possible.")
        text = ("What is the minimum number of moves the player needs to push the box onto the "
                "target? Every single step counts as one move, whether it only walks or also "
                "pushes the box.")
        return choice_question(state_of(board), text, options, correct, "\n".join(lines),
                               {"moves": solution, "min_moves": best})


class PlayerPosition(Task):
    name = "player_position"
    description = "The player's current cell"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        board = any_box_board(rng, plot_level)
        here = board.player
        options, correct = cell_choice(rng, board, here, board.boxes)
        on_target = " standing on a target" if here in board.targets else ""
        analysis = (f"{intro(board)}\nThe blue figure{on_target} is in row {here[0]} and column "
                    f"{here[1]}, so the player is at {fmt(here)}.")
        text = "What is the player's current position, written (row, col)?"
        return choice_question(state_of(board), text, options, correct, analysis,
                               {"player": list(here)})


class BoxTargetDistance(Task):
    name = "box_target_distance"
    description = "Manhattan distance between the box and the target"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        board = single_box_board(rng, plot_level)
        (box,), (target,) = board.boxes, board.targets
        dr, dc = abs(box[0] - target[0]), abs(box[1] - target[1])
        distance = dr + dc
        span = 2 * (board.size - 3)
        distractors = nearby_integers(rng, distance, NUMBER_OPTIONS - 1, low=1,
                                      high=max(span, distance + NUMBER_OPTIONS))
        options, correct = shuffled_choice(rng, str(distance), [str(v) for v in distractors])
        analysis = (f"{intro(board)}\nThe rows differ by |{box[0]} - {target[0]}| = {dr} and "
                    f"the columns by |{box[1]} - {target[1]}| = {dc}, so the Manhattan distance "
                    f"is {dr} + {dc} = {distance}.")
        text = ("What is the Manhattan distance between the box and the target, i.e. the "
                "difference of their rows plus the difference of their columns (ignoring walls)?")
        return choice_question(state_of(board), text, options, correct, analysis,
                               {"distance": distance})


class ShortestPath(Task):
    name = "shortest_path_boxes_as_walls"
    description = "The shortest walk to a cell when boxes count as walls"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "choice"

    def build(self, draw: Draw) -> Question:
        rng, plot_level = draw.rng, draw.level
        board = single_box_board(rng, plot_level)
        all_layers, _ = rules.walk_layers(board, (-1, -1))
        far = [cell for layer in all_layers[2:] for cell in layer]
        if not far:
            raise Retry
        goal = rng.choice(far)
        layers, path = rules.walk_layers(board, goal)
        assert path is not None
        distractors = wrong_walks(rng, board, path, goal, PATH_OPTIONS - 1)
        if len(distractors) < PATH_OPTIONS - 1:
            raise Retry
        options, correct = shuffled_choice(
            rng, moves_text(path), [moves_text(w) for w in distractors])
        lines = [intro(board),
                 "Treat walls and the box as blocked and search breadth-first from the player:"]
        lines += [f"distance {d}: {cells_text(layer)}" for d, layer in enumerate(layers) if d]
        lines.append(f"{fmt(goal)} is first reached at distance {len(path)}, so a shortest walk "
                     f"takes {len(path)} moves. Check each option:")
        for i, text in enumerate(options):
            cells = rules.walk(board, text.split(", "))
            assert cells is not None
            verdict = "the goal" if cells[-1] == goal else "not the goal"
            lines.append(f"{chr(65 + i)}. {' -> '.join(fmt(c) for c in cells)}: ends at "
                         f"{fmt(cells[-1])}, {verdict}.")
        text = (f"Treat the box as a wall. Which move sequence is a shortest walk that takes the "
                f"player from its current cell to {fmt(goal)}?")
        return choice_question(state_of(board), text, options, correct, "\n".join(lines),
                               {"goal": list(goal), "path": path})


def wrong_walks(
    rng: random.Random, board: Board, path: list[str], goal: Cell, count: int
) -> list[list[str]]:
    """Legal walks as long as `path` that end somewhere other than `goal`.

    Near misses first (one or two moves changed), then random walks; each is checked by walking
    it, so every distractor avoids walls and the box and misses the goal.
    """
    found: list[list[str]] = []
    seen = {tuple(path)}
    for attempt in range(80):
        if len(found) == count:
            break
        walk = _near_miss(rng, path) if attempt < 50 else _random_walk(rng, board, len(path))
        cells = rules.walk(board, walk)
        if cells is None or cells[-1] == goal or tuple(walk) in seen:
            continue
        seen.add(tuple(walk))
        found.append(walk)
    return found


def _near_miss(rng: random.Random, path: list[str]) -> list[str]:
    walk = path[:]
    for i in rng.sample(range(len(walk)), rng.choice((1, 1, 2))):
        walk[i] = rng.choice([d for d in DIRECTIONS if d != walk[i]])
    return walk


def _random_walk(rng: random.Random, board: Board, length: int) -> list[str]:
    blocked = board.walls.union(board.boxes)
    cell, walk = board.player, []
    for _ in range(length):
        options = [d for d in DIRECTIONS if rules.shifted(cell, d) not in blocked]
        direction = rng.choice(options)
        walk.append(direction)
        cell = rules.shifted(cell, direction)
    return walk


TASKS = [PlayerAfterMoves(), SelfMovingBox(), MinMoves(), PlayerPosition(), BoxTargetDistance(),
         ShortestPath()]
