"""Small GameQA-shaped data for all 30 GameQA games, one record shape per game as GameQA
writes it, plus records no reader could interpret. Written the way GameQA publishes it: one
folder per game holding data.json, images/ and states/.

Each CASES entry: (game, record fields, expected answer, expected type, completions that must
score 1, completions that must score 0).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PIL import Image


def numbered(question: str, options: list[str], start: int = 1, sep: str = ":") -> str:
    lines = "\n".join(f"{start + i}{sep} {o}" for i, o in enumerate(options))
    return f"Rules:\n1. Move the player.\n2. Push boxes.\n\n{question}\nOptions:\n{lines}\n"


def lettered(question: str, options: list[str]) -> str:
    lines = "\n".join(f"{chr(65 + i)}. {o}" for i, o in enumerate(options))
    return f"{question}\nOptions:\n{lines}\n"


CELLS = ["(1, 0)", "(0, 0)", "(0, 2)", "(2, 2)"]
MOVES = ["up", "down", "left", "right"]
COUNTS = [str(n) for n in range(8)]

CASES: list[tuple[str, dict[str, Any], str, str, list[str], list[str]]] = [
    # 1-based option numbers, as strings or ints, with the question numbering its options
    ("sokoban", {"question": numbered("Which cell?", CELLS), "answer": "3", "options": CELLS},
     "C", "choice", ["Answer: 3", "<answer>C</answer>", "\\boxed{(0, 2)}", "Answer: (3)"],
     ["Answer: 2", "Answer: 4", "Answer: 2 or 3"]),
    ("3d_maze", {"question": numbered("Where?", CELLS, sep="."), "answer": 2, "options": CELLS},
     "B", "choice", ["Answer: 2"], ["Answer: 1"]),
    ("freecell", {"question": numbered("Which move?", MOVES), "answer": "4", "options": MOVES},
     "D", "choice", ["Answer: 4", "Answer: right"], ["Answer: 3", "Answer: left"]),
    ("hue", {"question": "Which colour is missing? Pick from the options.", "answer": 1,
             "options": ["red", "green", "blue"]},
     "A", "choice", ["Answer: 1", "Answer: A", "Answer: red"], ["Answer: 2"]),
    ("rubiks_cube", {"question": numbered("Which face?", ["U", "D", "F", "B", "L"]),
                     "answer": "5", "options": ["U", "D", "F", "B", "L"]},
     "E", "choice", ["Answer: 5"], ["Answer: 4", "Answer: E or D"]),
    ("tetris", {"question": numbered("How many rows clear?", ["0", "1", "2", "3"]),
                "answer": "2", "Options": ["0", "1", "2", "3"]},
     "B", "choice", ["Answer: 2", "Answer: B"], ["Answer: 3", "Answer: C"]),
    ("word_search", {"question": numbered("Where does the word start?", CELLS), "answer": 3,
                     "options": CELLS}, "C", "choice", ["the answer is 3"], ["the answer is 1"]),
    ("space_invaders", {"question": numbered("How many enemies in row 2?", COUNTS),
                        "answer": "5", "options": COUNTS},
     "E", "choice", ["Answer: 5", "Answer: E"], ["Answer: 4", "Answer: F"]),
    ("tangram", {"question": numbered("Which piece?", ["triangle", "square", "rhombus"]),
                 "answer": "1", "options": ["triangle", "square", "rhombus"]},
     "A", "choice", ["Answer: 1"], ["Answer: 2"]),
    ("minecraft", {"question": numbered("How many blocks?", ["3", "4", "5"]), "answer": "2",
                   "options": ["3", "4", "5"]}, "B", "choice", ["Answer: 2"], ["Answer: 3"]),
    ("ultra_tictactoe", {"question": numbered("Which Nine-grid?", CELLS), "answer": 4,
                         "options": CELLS}, "D", "choice", ["Answer: 4"], ["Answer: 1"]),
    ("3d_reconstruction", {"question": numbered("Which projections match?", [
        "Neither", "Only Y-Z", "Only X-Z", "Both"]), "answer": 4,
        "options": ["Neither", "Only Y-Z", "Only X-Z", "Both"]},
     "D", "choice", ["Answer: 4", "Answer: Both"], ["Answer: 3"]),
    ("klondike", {"question": numbered("Which move is effective?", MOVES), "answer": "2",
                  "options": MOVES}, "B", "choice", ["Answer: 2"], ["Answer: 1"]),
    ("2d_turing_machine", {"question": numbered("Where will the head be?", CELLS),
                           "answer": "1", "options": CELLS},
     "A", "choice", ["Answer: 1", "Answer: 1: (1, 0)"], ["Answer: 2", "Answer: 1: (0, 0)"]),
    # options carrying their own letter prefix, answered by letter
    ("maze", {"question": "Which directions are open?", "answer": "E",
              "options": ["A. down", "B. right", "C. up, down", "D. up, right",
                          "E. left, right"]},
     "E", "choice", ["Answer: E", "Answer: left, right"], ["Answer: D", "Answer: E, D"]),
    ("jewel2", {"question": "How many gems?", "answer": "B",
                "options": ["A: 6", "B: 7", "C: 8"]},
     "B", "choice", ["Answer: B", "Answer: 7"], ["Answer: A"]),
    ("zuma", {"question": "Which colour next?", "answer": "C",
              "options": ["A.red", "B.green", "C.blue"]},
     "C", "choice", ["Answer: C", "Answer: blue"], ["Answer: A"]),
    # plain letters in the question, plain option texts
    ("spider_solitaire", {"question": lettered("Which column?", ["1", "2", "3", "4"]),
                          "answer": "B", "options": ["1", "2", "3", "4"]},
     "B", "choice", ["Answer: B"], ["Answer: C"]),
    ("star_battle", {"question": lettered("Where is the star?", CELLS), "answer": "D",
                     "options": CELLS}, "D", "choice", ["Answer: D"], ["Answer: A"]),
    # a 0-based index, no labels in the question
    ("snake", {"question": "Which way should the snake turn?", "answer": 2,
               "options": MOVES}, "C", "choice", ["Answer: C", "Answer: left"],
     ["Answer: B", "Answer: down"]),
    # the full option text
    ("pacman", {"question": "Which way avoids the ghost?", "answer": "right",
                "options": MOVES}, "D", "choice", ["Answer: D", "Answer: right"],
     ["Answer: A"]),
    # several digits for a multi-select
    ("chess_ranger", {"question": numbered("Which pieces can capture? Choose all.",
                                           ["king", "rook", "bishop", "pawn"]),
                      "answer": "23", "options": ["king", "rook", "bishop", "pawn"]},
     "BC", "multi_choice", ["Answer: 23", "Answer: 2, 3", "Answer: BC"],
     ["Answer: 2", "Answer: 234", "Answer: 3"]),
    # options that are lists (tents), answered by number
    ("tents", {"question": numbered("Where is the tent?", ["[1, 3]", "[2, 4]", "[0, 0]"]),
               "answer": 2, "options": [[1, 3], [2, 4], [0, 0]]},
     "B", "choice", ["Answer: 2", "Answer: B"], ["Answer: 1"]),
    # fill-in answers: a decimal string, coordinates, integers, free text
    ("rhythm_game", {"question": "What is the score ratio?", "answer": "0.800"},
     "0.8", "number", ["Answer: 0.8", "Answer: 4/5", "\\boxed{0.800}"], ["Answer: 0.9"]),
    ("langton_ant", {"question": "Where is the ant after 5 steps?", "answer": "(3, 4)"},
     "(3, 4)", "coordinate", ["Answer: (3, 4)", "Answer: 3, 4"], ["Answer: (4, 3)"]),
    ("tictactoe", {"question": "Where should O play?", "answer": "(1, 2)"},
     "(1, 2)", "coordinate", ["Answer: (1, 2)"], ["Answer: (2, 1)"]),
    ("minesweeper", {"question": "Which cell is safe?", "answer": "(2, 5)"},
     "(2, 5)", "coordinate", ["Answer: (2, 5)"], ["Answer: (2, 6)"]),
    ("lifegame", {"question": "How many live cells?", "answer": 14},
     "14", "integer", ["Answer: 14", "\\boxed{14}"], ["Answer: 15", "Answer: 13"]),
    ("pyramidchess", {"question": "How many balls are on layer 2?", "answer": "7"},
     "7", "integer", ["Answer: 7"], ["Answer: 8"]),
    ("sudoku", {"question": "What colour is cell (1, 1)?", "answer": "Dark Blue"},
     "dark blue", "text", ["Answer: dark blue", "Answer: Dark Blue."], ["Answer: blue"]),
]

# Records no reader can interpret: each is skipped and counted, never failing its file.
BAD = {
    "sokoban": [{"question": numbered("Which cell?", CELLS), "answer": "9", "options": CELLS}],
    "lifegame": [{"question": "How many?", "answer": ""}, "not a record"],
    "maze": [{"question": "Which?", "answer": "Z", "options": ["A. up", "B. down"]}],
    "tictactoe": [{"question": "Where?", "answer": "(1, 1)",
                   "image": "../../../../etc/hostname"}],
}
GAMES = [case[0] for case in CASES]


def write_gameqa(root: Path) -> Path:
    """GameQA's layout under `root`: GAME/data.json, GAME/images/, GAME/states/."""
    for number, (game, fields, *_rest) in enumerate(CASES):
        folder = root / game
        (folder / "images").mkdir(parents=True)
        (folder / "states").mkdir()
        Image.new("RGB", (8, 8), (number * 8, 0, 0)).save(folder / "images" / "00001.png")
        (folder / "states" / "00001.json").write_text(json.dumps({"game": game, "n": number}))
        record = {"data_id": f"{game}-00001", "qa_type": "Target Perception",
                  "question_id": number % 5, "question_description": f"{game} question",
                  "image": "images/00001.png", "state": "states/00001.json",
                  "plot_level": "Easy", "qa_level": "Medium", "analysis": "...", **fields}
        extra = [{"data_id": f"{game}-{i + 2:05d}", "question_id": 9, **bad}
                 if isinstance(bad, dict) else bad for i, bad in enumerate(BAD.get(game, []))]
        (folder / "data.json").write_text(json.dumps([record, *extra], indent=1))
    return root
