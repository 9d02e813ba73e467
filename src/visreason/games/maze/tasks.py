"""Maze question types (GameQA maze ids 1-6)."""

from __future__ import annotations

import operator
import random
from collections import Counter
from functools import lru_cache
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, choice_question
from ...core import rng as draws
from ...core.options import cluster_cells, sibling_sequences
from ...core.seeds import derive_seed
from ...core.text import fmt_cell, parse_directions, plural
from . import rules
from .rules import DIRECTIONS, Cell, Grid, step

MOVE_RULE = (
    "A move sequence is carried out one move at a time from the player's current cell. A move "
    "into a wall (or off the grid) is not allowed: a sequence containing such a move is invalid "
    "and does not reach the goal."
)
MOVES_HINT = "Answer with the moves in order, separated by commas, e.g. up, left, left."
SET_HINT = ("Answer with every such direction (up, down, left or right) in any order, separated "
            "by commas.")
# Wrong coordinates are drawn among the open cells this far around a hidden centre: open
# cells only, so an option is never ruled out by the maze's layout alone.
CLUSTER_RADIUS = 2
# Goal decoys come from the goal's distance from the player and this many ranks either side.
DECOY_RANKS = 2
# A maze is carved again at most this often to find a cell with the wanted directions.
MAX_CARVES = 60


@lru_cache(maxsize=4096)
def fmt(cell: Cell) -> str:
    """`fmt_cell`, remembered: the same few hundred cells are written over and over."""
    return fmt_cell(cell)


def side(draw: Draw) -> int:
    return rules.side(draw.params["rooms"])


def new_state(draw: Draw) -> dict[str, Any]:
    """A fresh maze of the drawn size with player and goal placed, claimed for its split."""
    state = rules.random_state(draw.rng, side(draw))
    draw.claim(state)
    return state


def unpack(state: dict[str, Any]) -> tuple[Grid, Cell, Cell]:
    return state["grid"], tuple(state["player"]), tuple(state["goal"])


def seq_text(moves: list[str]) -> str:
    return ", ".join(moves)


def open_cell_options(
    draw: Draw, grid: Grid, answer: Cell, count: int
) -> tuple[list[str], int]:
    """`count` open cells, the answer one of a cluster around a hidden centre, letter balanced."""
    wrong = cluster_cells(draw.rng, answer, count, rules.open_cell_set(grid).__contains__,
                          radius=CLUSTER_RADIUS)
    return draw.place(fmt(answer), [fmt(c) for c in wrong])


def goal_decoys(rng: random.Random, grid: Grid, player: Cell, goal: Cell,
                count: int) -> list[Cell]:
    """`count` other open cells the goal rule could have picked, nearest rank first.

    The goal sits at the 3rd-largest distance from the player, mostly on the maze's rim, so
    wrong cells drawn around it all lie inward and the goal stands out as the outermost
    option. Instead the decoys are the other cells at the goal's distance (the rule picks
    among them at random, so the goal is just one of them), then cells up to two distance
    ranks nearer or farther.
    """
    distances, bands = rules.distance_bands(grid, player)
    at = distances.index(rules.manhattan(player, goal))
    same = [c for c in rules.band_cells(grid, bands[at]) if c != goal]
    close = 0
    for band in bands[max(0, at - DECOY_RANKS):at + DECOY_RANKS + 1]:
        close |= band
    close = rules.band_cells(grid, close ^ bands[at])
    draws.shuffle(rng, same)
    draws.shuffle(rng, close)
    pool = same + close
    if len(pool) < count:
        raise Retry
    return pool[:count]


def _locate(draw: Draw, state: dict[str, Any], key: str) -> Question:
    grid, player, goal = unpack(state)
    cell = tuple(state[key])
    if key == "goal":
        wrong = goal_decoys(draw.rng, grid, player, goal, 4)
        options, index = draw.place(fmt(cell), [fmt(c) for c in wrong])
    else:
        options, index = open_cell_options(draw, grid, cell, 5)
    analysis = (f"On the board, the {key} is in row {cell[0]} (rows are numbered on the left) "
                f"and column {cell[1]} (columns are numbered on top), so it is at {fmt(cell)}.")
    return choice_question(state, f"What are the coordinates of the {key}?", options, index,
                           analysis, open=OpenForm(answer=fmt(cell)))


class PlayerPosition(Task):
    name = "player_position"
    description = "Coordinates of the player (red circle)"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        return _locate(draw, new_state(draw), "player")

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return _locate(draw, state, "player")


class GoalPosition(Task):
    name = "goal_position"
    description = "Coordinates of the goal (green block)"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        return _locate(draw, new_state(draw), "goal")

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return _locate(draw, state, "goal")


def path_steps(path: list[Cell], goal: Cell, moves: list[str]) -> list[str]:
    """One line per move along the path: 'Step k: go d from (r, c) to (r', c')'.

    `moves` are the path's moves (rules.moves_of(path)), which the callers have at hand.
    Each line is a cached label and a cached move text joined in C (`map`), no f-string each.
    """
    if len(path) != len(moves) + 1:
        raise ValueError(f"{len(path)} cells for {len(moves)} moves")
    lines = list(map(operator.add, step_labels(len(moves)), map(_move_text, path, moves)))
    k = 0
    for _ in range(path.count(goal) - (path[0] == goal)):  # every later visit of the goal
        k = path.index(goal, k + 1)
        lines[k - 1] = lines[k - 1][:-1] + ", the goal."
    return lines


_STEP_LABELS: list[str] = []


def step_labels(count: int) -> list[str]:
    """'Step 1: ', 'Step 2: ', ... at least `count` of them (made once, extended on demand)."""
    while len(_STEP_LABELS) < count:
        _STEP_LABELS.append(f"Step {len(_STEP_LABELS) + 1}: ")
    return _STEP_LABELS


@lru_cache(maxsize=1 << 14)
def _move_text(cell: Cell, direction: str) -> str:
    """'go d from (r, c) to (r', c').': one text per cell and direction, made once."""
    return f"go {direction} from {fmt(cell)} to {fmt(step(cell, direction))}."


def _solve_intro(player: Cell, goal: Cell, path: list[Cell]) -> str:
    return (f"The player is at {fmt(player)} and the goal at {fmt(goal)}. Following the open "
            f"cells (a breadth-first search, which in a perfect maze finds the only path), the "
            f"path takes {plural(len(path) - 1, 'move')}:")


def change_one(rng: random.Random, moves: list[str]) -> list[str]:
    """The sequence with one move replaced by another direction: the same length, one edit.

    Distractors are siblings of a hidden parent made this way. Swapping two adjacent moves
    was tried too: it leaves the answer nearest the others by characters.
    """
    if not moves:
        raise ValueError("no move to change")
    k = draws.randbelow(rng, len(moves))  # rng.randrange(len(moves)), without its frames
    return [*moves[:k], draws.choice(rng, OTHER_DIRECTIONS[moves[k]]), *moves[k + 1:]]


# Per direction, the other three in canonical order.
OTHER_DIRECTIONS = {d: [other for other in DIRECTIONS if other != d] for d in DIRECTIONS}


def walk_verdict(board: rules.Board, player: Cell, goal: Cell, moves: list[str]) -> str:
    """Why a sequence does or does not reach the goal, from a step-by-step simulation."""
    end, k = board.stop(player, moves)
    if k is not None:
        target = step(end, moves[k - 1])
        where = "a wall" if 0 <= target[0] < board.rows and 0 <= target[1] < board.cols \
            else "off the grid"
        return (f"move {k} ({moves[k - 1]}) from {fmt(end)} would go to {fmt(target)}, "
                f"{where}, so the sequence is invalid.")
    if end == goal:
        return f"all {len(moves)} moves are legal and the last one lands on the goal."
    return f"all {len(moves)} moves are legal but they end at {fmt(end)}, not on the goal."


class PathToGoal(Task):
    name = "path_to_goal"
    description = "Which move sequence takes the player to the goal"
    qa_type = "strategy_optimization"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "sequence"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        grid, player, goal = unpack(state)
        board = rules.Board(grid)
        path, moves = board.route(player, goal)
        start, end = board.index(player), board.index(goal)
        # wrong unless every move is legal and the last one ends on the goal (rules.reaches)
        wrong = sibling_sequences(draw.rng, moves, 4, change_one,
                                  lambda m: board.end(start, m) != end)
        options, index = draw.place(seq_text(moves), [seq_text(m) for m in wrong])
        solved = [_solve_intro(player, goal, path), *path_steps(path, goal, moves)]
        lines = [*solved, "Checking each option by carrying it out from the player's cell:"]
        for i, text in enumerate(options):
            option_moves = text.split(", ")
            lines.append(f"{chr(65 + i)}. " + walk_verdict(board, player, goal, option_moves))
        text = (MOVE_RULE + f" Every option below has {len(moves)} moves. Which move sequence "
                "takes the player from its current cell to the goal?")
        open_text = (MOVE_RULE + " Give a shortest move sequence that takes the player from its "
                     "current cell to the goal.")
        open_form = OpenForm(answer=seq_text(moves), text=open_text, analysis="\n".join(solved),
                             meta={"shortest": len(moves)}, hint=MOVES_HINT)
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"moves": moves}, open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 for any shortest sequence that, replayed, stays on open cells and ends on the goal."""
        moves = parse_directions(answer)
        if moves is None:
            return 0.0
        grid, player, goal = unpack(state)
        shortest = rules.distances_from(grid, goal).get(player)
        if shortest is None or len(moves) != shortest:
            return 0.0
        result = rules.walk(grid, player, moves)
        return 1.0 if result.blocked is None and result.end == goal else 0.0

    def partial_credit(self, state: dict[str, Any], meta: dict[str, Any],
                       answer: str) -> float | None:
        """The longest prefix of the answer that follows a shortest path, over the shortest
        length (over the answer's length when it is longer, so overshooting never earns 1).

        Open form only (its meta carries the shortest length): a choice answer is a letter.
        """
        shortest = meta.get("shortest")
        if not shortest:
            return None
        moves = parse_directions(answer)
        if moves is None:
            return 0.0
        grid, player, goal = unpack(state)
        return rules.optimal_prefix(grid, player, goal, moves) / max(shortest, len(moves))


class TurnCount(Task):
    name = "turn_count"
    description = "Number of direction changes on the path to the goal"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        grid, player, goal = unpack(state)
        path, moves = rules.Board(grid).route(player, goal)
        turned = rules.turns(moves)
        lines = [_solve_intro(player, goal, path), *path_steps(path, goal, moves),
                 "Now compare each move's direction with the move before it:"]
        count, turn_set, labels = 0, set(turned), step_labels(len(moves))
        for k in range(2, len(moves) + 1):
            if k in turn_set:
                count += 1
                lines.append(f"{labels[k - 1]}{moves[k - 2]} then {moves[k - 1]}, a turn "
                             f"(turn {count}).")
            else:
                lines.append(labels[k - 1] + NO_TURN[moves[k - 1]])
        if len(moves) == 1:
            lines.append("There is a single move, so there is nothing to turn from.")
        lines.append(f"In total the player turns {plural(count, 'time')}.")
        text = ("The player walks from its current cell to the goal along the only path that "
                "never visits a cell twice. A turn is a move whose direction differs from the "
                "direction of the move just before it (the first move is never a turn). How many "
                "turns does the player make on the way to the goal?")
        return Question(state, text, str(count), "\n".join(lines), None,
                        {"moves": moves, "turns": turned})


NO_TURN = {d: f"{d} again, no turn." for d in DIRECTIONS}


def _direction_sets() -> list[tuple[str, ...]]:
    """Every non-empty set of directions but all four, in canonical order: by size, then mask.

    Carving by depth-first search almost never leaves a four-way junction (about one cell in
    3,000 or more, at every size), so the full set is neither an answer nor an option: as a
    distractor that is never right it would only teach to skip it.
    """
    names = list(DIRECTIONS)
    sets = [tuple(names[i] for i in range(4) if mask >> i & 1) for mask in range(1, 15)]
    return sorted(sets, key=len)


DIRECTION_SETS = _direction_sets()
SET_RANK = {s: i for i, s in enumerate(DIRECTION_SETS)}  # DIRECTION_SETS.index, as a lookup
SET_TEXT = {s: ", ".join(s) for s in DIRECTION_SETS}  # as options and answers write them
DIRECTION_OPTIONS = 8
# A foreign state's player set is asked about at most this many times as often as the rarest
# set (a T-junction), so its answers stay near even: see AvailableDirections.ask.
DIRECTION_SPREAD = 2
CALIBRATION_MAZES = 200


def player_with_directions(
    draw: Draw, size: int, wanted: tuple[str, ...]
) -> dict[str, Any]:
    """A maze whose player stands on a cell with exactly the `wanted` open directions."""
    for _ in range(MAX_CARVES):
        grid = rules.carve(draw.rng, size)
        cells = rules.cells_with_directions(grid, wanted)
        if cells:
            state = rules.place(draw.rng, grid, draws.choice(draw.rng, cells))
            draw.claim(state)
            return state
    raise Retry


@lru_cache(maxsize=32)
def direction_shares(size: int) -> dict[tuple[str, ...], float]:
    """How often a player on a random open cell has each set of open directions.

    Measured once per maze size on CALIBRATION_MAZES mazes carved from a fixed seed: straight
    corridors are about a third of the cells each, T-junctions one cell in 80.
    """
    rng = random.Random(derive_seed("maze", "direction shares", size))
    seen: Counter[tuple[str, ...]] = Counter()
    for _ in range(CALIBRATION_MAZES):
        grid = rules.carve(rng, size)
        seen.update(tuple(rules.available(grid, cell)) for cell in rules.open_cells(grid))
    total = sum(seen.values())
    return {s: seen[s] / total for s in DIRECTION_SETS}


def direction_weight(size: int, free: tuple[str, ...]) -> float:
    """The share of items whose player has `free` that are asked about (see `ask`)."""
    shares = direction_shares(size)
    floor = min(v for v in shares.values() if v > 0)
    return min(1.0, DIRECTION_SPREAD * floor / shares[free]) if shares.get(free) else 0.0


@lru_cache(maxsize=1 << 12)
def _neighbour_check(player: Cell, free: tuple[str, ...]) -> str:
    """The analysis lines that look at the player's four neighbours, `free` the open ones:
    the same text for every maze with this cell and these openings, so made once."""
    lines = [f"The player is at {fmt(player)}. Check its four neighbours:"]
    for d in DIRECTIONS:
        kind = "open" if d in free else "a wall"
        lines.append(f"{d}: {fmt(step(player, d))} is {kind}.")
    return "\n".join(lines)


class AvailableDirections(Task):
    name = "available_directions"
    description = "The set of directions the player can move in now"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "sequence"

    def build(self, draw: Draw) -> Question:
        # The options are a uniform draw of 8 direction sets listed in canonical order, and the
        # answer is the one at this item's balanced position: then every letter is equally
        # often right, every set is equally often the answer, and given the options alone each
        # one is equally likely to be right.
        options = sorted(draws.sample(draw.rng, DIRECTION_SETS, DIRECTION_OPTIONS),
                         key=SET_RANK.__getitem__)
        index = draw.slot(DIRECTION_OPTIONS, name="letter")
        state = player_with_directions(draw, side(draw), options[index])
        return self._question(state, options, index)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """The player's set is the state's: a uniform draw of 7 other sets joins it.

        That is the same joint law of options and answer as `build` when every set is equally
        often the answer. A player on a random cell is in a straight corridor two times in
        three, so items are kept with a weight (fixed per item, whatever the attempt) that
        asks about a set at most DIRECTION_SPREAD times as often as about the rarest.
        """
        grid, player, _ = unpack(state)
        free = tuple(rules.available(grid, player))
        draw.keep(direction_weight(state["size"], free))
        others = draws.sample(draw.rng, [s for s in DIRECTION_SETS if s != free],
                              DIRECTION_OPTIONS - 1)
        options = sorted([free, *others], key=SET_RANK.__getitem__)
        return self._question(state, options, options.index(free))

    @staticmethod
    def _question(state: dict[str, Any], options: list[tuple[str, ...]], index: int) -> Question:
        grid, player, _ = unpack(state)
        free = options[index]
        analysis = (_neighbour_check(player, tuple(rules.available(grid, player)))
                    + f"\nSo the player can move {SET_TEXT[free]}.")
        text = ("In which directions can the player move one cell from where it stands now? "
                "Choose the option that lists exactly those directions (each option lists its "
                "directions in the order up, down, left, right).")
        open_text = ("In which directions can the player move one cell from where it stands "
                     "now? Name every such direction.")
        open_form = OpenForm(answer=SET_TEXT[free], text=open_text, hint=SET_HINT)
        return choice_question(state, text, [SET_TEXT[s] for s in options], index, analysis,
                               open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 when the named directions are exactly the open ones, in any order."""
        named = parse_directions(answer, skip=("and",))
        if named is None:
            return 0.0
        grid, player, _ = unpack(state)
        return 1.0 if set(named) == set(rules.available(grid, player)) else 0.0


class PositionAfterMove(Task):
    name = "position_after_move"
    description = "Coordinates of the player after one legal move"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "coordinate"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        grid, player, _ = unpack(state)
        direction = draws.choice(draw.rng, rules.available(grid, player))
        target = step(player, direction)
        options, index = open_cell_options(draw, grid, target, 6)
        dr, dc = DIRECTIONS[direction]
        change = f"the row changes by {dr:+d}" if dr else f"the column changes by {dc:+d}"
        analysis = (f"The player is at {fmt(player)}. The cell {direction} of it, {fmt(target)}, "
                    f"is open, so the move is legal. Moving {direction}, {change}, so the player "
                    f"ends at {fmt(target)}.")
        text = (f"The player moves one cell {direction} (this cell is open, so the move is "
                "legal). What are the player's coordinates after the move?")
        return choice_question(state, text, options, index, analysis, {"direction": direction},
                               open=OpenForm(answer=fmt(target)))


TASKS = [PlayerPosition(), GoalPosition(), PathToGoal(), TurnCount(), AvailableDirections(),
         PositionAfterMove()]
