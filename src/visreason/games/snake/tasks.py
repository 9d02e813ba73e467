"""Snake question types (GameQA snake ids 0-4).

Every task can ask about a board another task drew: the head, the food, the length and the
shortest path are read off the board; the move-outcome question draws its own move list to
land on its balanced outcome.
"""

from __future__ import annotations

import re
from typing import Any

from ...core import (
    Draw,
    OpenForm,
    ParamError,
    Question,
    Retry,
    Task,
    Unaskable,
    choice_question,
)
from ...core.answers import hedged
from ...core.text import fmt_cell as fmt
from ...core.text import fmt_cells, plural
from . import rules
from .game import body_of
from .rules import BODY, DIRECTIONS, FOOD, OPPOSITE, WALL, Body, Cell

# Move lists of the outcome question: 1 to this many moves.
MAX_MOVES = 10
# Move lists drawn per board when aiming at an outcome.
LIST_TRIES = 40
# Shortest-path items whose food cannot be reached: one in this many built items.
UNREACHABLE_EVERY = 5


def lengths(draw: Draw) -> range:
    low, high = draw.params["min_length"], draw.params["max_length"]
    if low > high:
        raise ParamError(f"snake.min_length ({low}) must not exceed snake.max_length ({high})")
    return range(low, high + 1)


def new_state(draw: Draw, length: int | None = None) -> dict[str, Any]:
    """A random snake of a drawn (or the given) length and food on a random empty cell."""
    size = draw.params["size"]
    length = draw.rng.choice(lengths(draw)) if length is None else length
    if length > size * size - 1:
        raise ParamError(f"a snake of {length} cells and its food do not fit a {size}x{size} "
                         "grid")
    body = rules.random_body(draw.rng, size, length)
    if body is None:
        raise Retry
    taken = set(body)
    free = [(r, c) for r in range(size) for c in range(size) if (r, c) not in taken]
    food = draw.rng.choice(free)
    state = {"size": size, "snake": [list(cell) for cell in body], "food": list(food)}
    draw.claim(state)
    return state


def unpack(state: dict[str, Any]) -> tuple[Body, Cell, int]:
    return body_of(state), tuple(state["food"]), state["size"]  # type: ignore[return-value]


# ------------------------------------------------------------------------ read the board

def _position(state: dict[str, Any], key: str) -> Question:
    body, food, _ = unpack(state)
    cell = body[0] if key == "head" else food
    analysis = (f"On the board the {key} is in row {cell[0]} (rows are numbered on the left) "
                f"and column {cell[1]} (columns are numbered on top), so it is at {fmt(cell)}.")
    return Question(state, f"Where is the snake's {key}? Give its coordinates (row, col).",
                    fmt(cell), analysis)


class HeadPosition(Task):
    name = "head_position"
    description = "Coordinates of the snake's head"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        return _position(new_state(draw), "head")

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return _position(state, "head")


class FoodPosition(Task):
    name = "food_position"
    description = "Coordinates of the food"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        return _position(new_state(draw), "food")

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return _position(state, "food")


class SnakeLength(Task):
    name = "snake_length"
    description = "Number of cells of the snake, head included"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        return self._question(new_state(draw, draw.target(lengths(draw))))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """Other tasks draw the length uniformly too, so the answers stay even."""
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        body, _, _ = unpack(state)
        lines = [f"Follow the snake from the head at {fmt(body[0])} along its body to the tail:"]
        lines += [f"{k}. {fmt(cell)}{' (head)' if k == 1 else ''}"
                  f"{' (tail)' if k == len(body) and k > 1 else ''}"
                  for k, cell in enumerate(body, 1)]
        lines.append(f"That is the head and {plural(len(body) - 1, 'body segment')}: "
                     f"{len(body)} cells in all.")
        text = "How long is the snake, counting the head and every body segment?"
        return Question(state, text, str(len(body)), "\n".join(lines))


# ------------------------------------------------------------------------- move outcome

OUTCOMES = (WALL, BODY, FOOD, None)
# The shortest snake that can run into its own body: the head turns into the third segment
# behind it, which must not be the tail.
BITE_LENGTH = 5
OUTCOME_TEXTS = {
    WALL: "The head leaves the grid",
    BODY: "The head hits the snake's body",
    FOOD: "The head reaches the food",
    None: "Nothing happens: every move is made safely",
}
OPEN_ANSWERS = {WALL: "wall", BODY: "body", FOOD: "food", None: "nothing"}
OPEN_WORDS = {
    "wall": WALL, "walls": WALL, "grid": WALL, "bound": WALL, "bounds": WALL, "boundary": WALL,
    "edge": WALL, "outside": WALL, "out": WALL, "leaves": WALL,
    "body": BODY, "itself": BODY, "tail": BODY, "bites": BODY,
    "food": FOOD, "eats": FOOD,
    "nothing": "none", "none": "none", "safe": "none", "safely": "none",
}
_WORD = re.compile(r"[a-z]+")


def draw_moves(draw: Draw, body: Body, food: Cell, size: int, toward_food: bool) -> list[str]:
    """1-10 moves, none turning straight back on the one before (nor the first into the neck);
    with `toward_food`, three moves in four are drawn among those that get nearer the food."""
    count = draw.rng.randint(1, MAX_MOVES)
    moves: list[str] = []
    head = body[0]
    allowed = rules.legal_first_moves(body)
    for _ in range(count):
        if toward_food and draw.rng.random() < 0.75:
            nearer = [m for m in allowed
                      if rules.manhattan(rules.add(head, m), food) < rules.manhattan(head, food)]
            move = draw.rng.choice(nearer or allowed)
        else:
            move = draw.rng.choice(allowed)
        moves.append(move)
        head = rules.add(head, move)
        allowed = [m for m in DIRECTIONS if m != OPPOSITE[move]]
    return moves


def step_lines(body: Body, food: Cell, size: int, moves: list[str],
               result: rules.Run) -> list[str]:
    """The snake before and after every step, up to the event that ends the list."""
    lines = [f"Start: the snake is {fmt_cells(body)} (head first) and the food is at "
             f"{fmt(food)}."]
    for k, move in enumerate(moves, 1):
        before = result.bodies[k - 1]
        target = rules.add(before[0], move)
        if result.event in (WALL, BODY) and k == result.at:
            if result.event == WALL:
                lines.append(f"Step {k}: {move} would take the head from {fmt(before[0])} to "
                             f"{fmt(target)}, outside the grid: the game ends.")
            else:
                lines.append(f"Step {k}: {move} takes the head from {fmt(before[0])} to "
                             f"{fmt(target)}; after the move the body occupies "
                             f"{fmt_cells(before[:-1])}, which includes {fmt(target)}: the head "
                             "hits the body and the game ends.")
            break
        after = result.bodies[k]
        lines.append(f"Step {k}: {move}: the head goes from {fmt(before[0])} to "
                     f"{fmt(after[0])} and the tail leaves {fmt(before[-1])}; the snake is "
                     f"now {fmt_cells(after)}.")
        if result.event == FOOD and k == result.at:
            lines.append(f"The head is on the food at {fmt(food)}, which ends the process.")
            break
    else:
        lines.append("Every move was made without leaving the grid, hitting the body or "
                     "reaching the food.")
    return lines


class MoveOutcome(Task):
    name = "move_outcome"
    description = "What ends a list of moves: the grid's edge, the body, the food, or nothing"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        want = self._want(draw)
        length = None
        if want == BODY:  # a snake bites itself only from 5 cells on
            length = draw.rng.choice([n for n in lengths(draw) if n >= BITE_LENGTH])
        return self.ask(draw, new_state(draw, length))

    @staticmethod
    def _want(draw: Draw) -> str | None:
        """The balanced outcome; the body is left out when no snake is long enough to bite."""
        if draw.params["max_length"] < BITE_LENGTH:
            return draw.target([o for o in OUTCOMES if o != BODY])
        return draw.target(OUTCOMES)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A move list drawn on the board until it ends the balanced way (outcomes keep one
        fixed order, so balancing the outcome balances the letters)."""
        body, food, size = unpack(state)
        want = self._want(draw)
        if want == BODY and len(body) < BITE_LENGTH:
            raise Unaskable
        for _ in range(LIST_TRIES):
            moves = draw_moves(draw, body, food, size, toward_food=want == FOOD)
            result = rules.run(body, food, size, moves)
            if result.event == want:
                return self._question(state, moves, result)
        raise Retry

    @staticmethod
    def _question(state: dict[str, Any], moves: list[str], result: rules.Run) -> Question:
        body, food, size = unpack(state)
        listed = "\n".join(f"step {k}: {move}" for k, move in enumerate(moves, 1))
        text = ("The snake carries out the moves below in order. The process ends at the first "
                "of these events: the head leaves the grid, the head hits the body, or the head "
                "reaches the food (the snake does not grow); otherwise it ends after the last "
                f"move.\n{listed}\nWhich of these happens before the process ends?")
        open_text = text + (" Answer wall if the head leaves the grid, body if it hits the "
                            "body, food if it reaches the food, or nothing.")
        analysis = "\n".join(step_lines(body, food, size, moves, result))
        options = [OUTCOME_TEXTS[o] for o in OUTCOMES]
        hint = "Answer with one word: wall, body, food or nothing."
        return choice_question(state, text, options, OUTCOMES.index(result.event), analysis,
                               {"moves": moves},
                               open=OpenForm(OPEN_ANSWERS[result.event], text=open_text,
                                             hint=hint))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """Right when the answer names exactly one outcome and it is what the replay gives."""
        named = {OPEN_WORDS[w] for w in _WORD.findall(str(answer).casefold()) if w in OPEN_WORDS}
        if len(named) != 1 or hedged(str(answer), ("none",)):
            return 0.0
        body, food, size = unpack(state)
        event = rules.run(body, food, size, list(meta["moves"])).event
        return float(named == {"none" if event is None else event})


# ------------------------------------------------------------------------- shortest path

def search(state: dict[str, Any]) -> rules.Search:
    body, food, size = unpack(state)
    found = rules.shortest_path(body, food, size)
    if found is None:
        raise Unaskable  # past its budget: this board is never asked about (a Retry in build)
    return found


class ShortestPath(Task):
    name = "shortest_path"
    description = "Fewest moves for the head to reach the food with the body moving, or -1"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        """One item in UNREACHABLE_EVERY has food the snake can never reach; random boards
        give that between 5% and 30% of the time, depending on the grid and snake."""
        unreachable = draw.slot(UNREACHABLE_EVERY) == 0
        for _ in range(20):
            state = new_state(draw)
            found = search(state)
            if (found.length == -1) == unreachable:
                return self._question(state, found)
        raise Retry

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(state, search(state))

    @staticmethod
    def _question(state: dict[str, Any], found: rules.Search) -> Question:
        body, food, size = unpack(state)
        lines = [f"The snake is {fmt_cells(body)} (head first) and the food is at {fmt(food)}, "
                 f"a Manhattan distance of {rules.manhattan(body[0], food)} from the head. "
                 "The body moves with the head, so the search runs over whole-snake "
                 "positions, taking them in order of moves made plus distance left (which never "
                 "overestimates), and never revisits a position:"]
        if found.length == -1:
            lines += _trapped_lines(body, size)
            if found.expanded == 1:
                lines.append("No move survives, so the food cannot be reached: the answer is "
                             "-1.")
            else:
                lines.append(f"The search runs out after the {found.expanded} positions the "
                             "snake can survive into, none with the head on the food: the food "
                             "cannot be reached, so the answer is -1.")
        else:
            lines.append(f"The first position with the head on the food comes after "
                         f"{plural(found.length, 'move')}: {', '.join(found.moves)}. Replaying "
                         "it:")
            result = rules.run(body, food, size, found.moves)
            lines += step_lines(body, food, size, found.moves, result)[1:]
            lines.append(f"No shorter sequence survives to the food, so the shortest path takes "
                         f"{plural(found.length, 'move')}.")
        text = ("The snake may move in any order of directions you choose. What is the smallest "
                "number of moves that brings the head onto the food without the game ending? "
                "Answer -1 if the food can never be reached.")
        return Question(state, text, str(found.length), "\n".join(lines),
                        meta={"moves": found.moves})


def _trapped_lines(body: Body, size: int) -> list[str]:
    lines = []
    for move in DIRECTIONS:
        target = rules.add(body[0], move)
        _, event = rules.step(body, size, move)
        if event == WALL:
            lines.append(f"{move}: {fmt(target)} is outside the grid.")
        elif event == BODY:
            lines.append(f"{move}: {fmt(target)} is part of the body after the move.")
        else:
            lines.append(f"{move}: {fmt(target)} is free now, but every way on from there "
                         "ends against the edge or the body.")
    return lines


TASKS = [HeadPosition(), FoodPosition(), SnakeLength(), MoveOutcome(), ShortestPath()]
