"""Word search question types (GameQA word_search ids 0-2).

The letter questions ask about any grid, so they also ask about grids the other tasks drew
(several questions per picture); the direction question needs its own hidden word.
"""

from __future__ import annotations

import re
from typing import Any

from ...core import Draw, OpenForm, ParamError, Question, Retry, Task, choice_question
from ...core.options import integer_run_options, sample_distinct
from ...core.text import plural
from . import rules
from .rules import DIRECTIONS, LETTERS

# Letter counts the count question lands on, evenly (a letter may be missing altogether).
COUNTS = range(6)
# The options are always the counts 0-7: a run of eight that had to start at 0 for a
# missing letter would make "the smallest option" right far too often.
COUNT_OPTIONS_HIGH = 7
FILL_TRIES = 20
DIRECTION_HINT = ("Answer with the name of the direction as the rules list it, e.g. "
                  "diagonal-left-down.")
_LETTER_RE = re.compile(r"^(?:the\s+)?(?:letter\s+)?[\"'“‘]?([a-z])[\"'”’]?$")
_WORD_RE = re.compile(r"[a-z]+")
FILLER_WORDS = frozenset(("diagonal", "diagonally", "the", "direction", "and", "to", "it",
                          "reads", "going"))


def grid_size(draw: Draw) -> int:
    low, high = draw.params["min_size"], draw.params["max_size"]
    if low > high:
        raise ParamError(f"word_search.min_size ({low}) must not exceed "
                         f"word_search.max_size ({high})")
    return draw.rng.randint(low, high)


def where(cell: tuple[int, int]) -> str:
    return f"row {cell[0] + 1}, column {cell[1] + 1}"


def spaced(text: str) -> str:
    return " ".join(text)


# ------------------------------------------------------------------------ cell letter

class CellLetter(Task):
    name = "cell_letter"
    description = "The letter in a given cell"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        letter = draw.target(LETTERS)
        grid = rules.random_grid(draw.rng, grid_size(draw))
        r, c = draw.rng.randrange(len(grid)), draw.rng.randrange(len(grid))
        grid[r][c] = letter
        state = rules.state_of(grid)
        draw.claim(state)
        return self._question(draw, state, (r, c))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        cells = rules.occurrences(state["grid"], draw.target(LETTERS))
        if not cells:
            raise Retry
        return self._question(draw, state, draw.rng.choice(cells))

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], cell: tuple[int, int]) -> Question:
        letter = state["grid"][cell[0]][cell[1]]
        # Written "letter Q", not "Q": a bare letter would read as an option's letter.
        wrong = sample_distinct(draw.rng, LETTERS, 7, exclude=[letter])
        options, index = draw.place(f"letter {letter}", [f"letter {x}" for x in wrong])
        row = state["grid"][cell[0]]
        analysis = (f"Row {cell[0] + 1} reads {spaced(row)} from left to right. Its letter "
                    f"number {cell[1] + 1}, in column {cell[1] + 1}, is {letter}.")
        text = f"Which letter is in {where(cell)}?"
        return choice_question(state, text, options, index, analysis, {"cell": list(cell)},
                               OpenForm(answer=letter.upper(), hint="Answer with the letter."))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        found = _LETTER_RE.match(answer.strip().strip(".").casefold())
        r, c = meta["cell"]
        return 1.0 if found and found.group(1) == state["grid"][r][c].lower() else 0.0


# ----------------------------------------------------------------------- letter count

class LetterCount(Task):
    name = "letter_count"
    description = "How many times a letter appears in the grid"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "integer"

    def build(self, draw: Draw) -> Question:
        count = draw.target(COUNTS)
        n = grid_size(draw)
        letter = draw.rng.choice(LETTERS)
        others = LETTERS.replace(letter, "")
        grid = [[draw.rng.choice(others) for _ in range(n)] for _ in range(n)]
        for k in draw.rng.sample(range(n * n), count):
            grid[k // n][k % n] = letter
        state = rules.state_of(grid)
        draw.claim(state)
        return self._question(draw, state, letter)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        count = draw.target(COUNTS)
        letters = [x for x in LETTERS if "".join(state["grid"]).count(x) == count]
        if not letters:
            raise Retry
        return self._question(draw, state, draw.rng.choice(letters))

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any], letter: str) -> Question:
        cells = rules.occurrences(state["grid"], letter)
        lines = [f"Scan the grid row by row for {letter}:"]
        for r, row in enumerate(state["grid"]):
            cols = [c + 1 for c in range(len(row)) if row[c] == letter]
            found = (f"{letter} in {'column' if len(cols) == 1 else 'columns'} "
                     f"{', '.join(map(str, cols))}" if cols else f"no {letter}")
            lines.append(f"Row {r + 1}: {spaced(row)}: {found}.")
        lines.append(f"In all, {letter} appears {plural(len(cells), 'time')}.")
        options, index = integer_run_options(draw, len(cells), 0, COUNT_OPTIONS_HIGH)
        text = f"How many times does the letter {letter} appear in the grid?"
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"letter": letter}, OpenForm(answer=str(len(cells))))


# -------------------------------------------------------------------- word direction

def parse_direction(answer: str) -> str | None:
    """A direction name read from an answer: 'diagonal-left-up', 'up-left', 'left up' ...;
    None unless the words name exactly one of the eight directions."""
    words = [w for w in _WORD_RE.findall(answer.casefold()) if w not in FILLER_WORDS]
    if not words or len(words) > 2 or len(set(words)) != len(words):
        return None
    vertical = [w for w in words if w in ("up", "down")]
    horizontal = [w for w in words if w in ("left", "right")]
    if len(vertical) + len(horizontal) != len(words) or len(vertical) > 1 or \
            len(horizontal) > 1:
        return None
    if not vertical:
        return horizontal[0]
    if not horizontal:
        return vertical[0]
    return f"diagonal-{horizontal[0]}-{vertical[0]}"


def direction_check(grid: list[str], word: str, start: tuple[int, int], direction: str) -> str:
    """How reading `word` from `start` in `direction` goes, letter by letter."""
    text = rules.reads(grid, start, direction, len(word))
    for k, want in enumerate(word):
        if k == len(text):
            return (f"{direction}: reads {'-'.join(text)} and then leaves the grid, so no.")
        if text[k] != want:
            cell = rules.cells_along(start, direction, len(word))[k]
            return (f"{direction}: letter {k + 1} at {where(cell)} is {text[k]}, but {word} "
                    f"needs {want} there, so no.")
    return f"{direction}: reads {'-'.join(text)}, which spells {word}. Yes."


class WordDirection(Task):
    name = "word_direction"
    description = "Which way a hidden word reads from its first letter"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        direction = draw.target(list(DIRECTIONS))
        n = grid_size(draw)
        longest = min(draw.params["word_length"], n)
        length = draw.rng.randint(3, longest)
        word = draw.rng.choice(rules.words_up_to(length, length))
        start = draw.rng.choice(rules.starts_fitting(n, direction, length))
        cells = rules.cells_along(start, direction, length)
        for _ in range(FILL_TRIES):
            grid = rules.random_grid(draw.rng, n)
            for (r, c), letter in zip(cells, word, strict=True):
                grid[r][c] = letter
            state = rules.state_of(grid)
            # The word must be hidden once only: no second reading anywhere in the grid.
            if rules.placements(state["grid"], word) == [(start, direction)]:
                break
        else:
            raise Retry
        draw.claim(state)
        grid = state["grid"]
        first = grid[start[0]][start[1]]
        lines = [f"{word} starts with {word[0]}, and {where(start)} holds {first}. Read from "
                 "there in each direction:"]
        lines += [direction_check(grid, word, start, d) for d in DIRECTIONS]
        lines.append(f"Only {direction} spells {word}.")
        text = (f"The word {word} is hidden in the grid. Its first letter is in {where(start)}. "
                "In which direction does the word read from there?")
        names = list(DIRECTIONS)
        return choice_question(state, text, names, names.index(direction), "\n".join(lines),
                               {"word": word, "start": list(start)},
                               OpenForm(answer=direction, hint=DIRECTION_HINT))

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 when the named direction spells the word from its start (read off the grid)."""
        direction = parse_direction(answer)
        if direction is None:
            return 0.0
        word, start = meta["word"], tuple(meta["start"])
        return 1.0 if rules.reads(state["grid"], start, direction, len(word)) == word else 0.0


TASKS = [CellLetter(), LetterCount(), WordDirection()]
