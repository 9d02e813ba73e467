"""Open answers that negate, hedge or list several values score 0 in every game's checker,
and a right answer written as a plain sentence scores 1: the verifier is an RL reward, so a
reading that ignores the words around a value would pay for the opposite answer."""

from __future__ import annotations

import pytest

import visreason

# (task, level, seed, index, wrong answers, right answers): each from a review finding.
FINDINGS = [
    ("klondike/deadlock", "easy", 1, 0, ["not no, yes, no"], []),
    ("spider_solitaire/move_outcome", "easy", 1, 0, ["not succeeds"], []),
    ("jewel2/best_command", "easy", 1, 0, ["not clear 2 3"], []),
    ("langton_ant/ant_position", "easy", 1, 0, ["(1, 1) facing not up"], []),
    ("3d_reconstruction/projection_match", "hard", 0, 0,
     ["front only or both", "side only or both", "front only, both", "not both"], ["both"]),
    ("3d_reconstruction/projection_match", "hard", 0, 2, ["not front only"], ["front only"]),
    ("3d_reconstruction/projection_match", "easy", 6, 0,
     ["neither or front only", "front only (no, neither)"], ["neither"]),
    ("pyramid_chess/placement_outcome", "easy", 6, 2,
     ["placeable, no block or placeable, completes a block",
      "placeable, completes a block or placeable, no block"], ["placeable, no block"]),
    ("pyramid_chess/slot_composite", "easy", 6, 1,
     ["empty, placeable or empty, not placeable", "empty, placeable, not placeable"],
     ["empty, not placeable"]),
    ("3d_maze/main_path", "easy", 6, 0, ["2 or none", "none, 2", "None. Actually 2"], ["2"]),
    ("3d_reconstruction/valid_addition", "medium", 6, 2,
     ["(2, 1, 1), (2, 1, 2) or (3, 1, 2), (3, 3, 2)"], []),
    ("tangram/piece_rotation", "easy", 0, 6,
     ["-90", "90 ccw", "90 CCW", "turn left 90", "minus 90", "rotate -90"], ["90"]),
    ("tangram/piece_rotation", "easy", 0, 0, ["-270"], ["270", "-90", "90 counterclockwise"]),
    ("pacman/moves_outcome", "hard", 0, 2,
     ["not caught by blinky", "He is not caught by blinky; he eats 2 beans",
      "caught by blinky, or else he eats 2 beans", "2 beans unless caught by blinky"],
     ["caught by blinky"]),
    ("pacman/moves_outcome", "hard", 0, 0, [],
     ["1 bean", "He is not caught and eats 1 beans", "1 beans eaten, not caught"]),
    ("pacman/closer_ghost", "hard", 0, 0, ["not blinky", "Blinky or Pinky"],
     ["Blinky", "Blinky is closer than Pinky"]),
    ("snake/move_outcome", "hard", 0, 0, ["not food", "It is not food"], ["food"]),
    ("rhythm_game/block_type", "hard", 0, 0, ["not snake head", "It is not snake head"],
     ["snake head"]),
    ("chess_ranger/piece_on_square", "hard", 0, 0, ["not rook", "It is not rook"], ["rook"]),
    ("pacman/best_direction", "hard", 0, 0, ["not left"], ["left"]),
    ("pacman/pinky_next_move", "hard", 0, 0, ["not down"], ["down"]),
    ("star_battle/region_star", "hard", 0, 0, ["not none"], ["none"]),
    ("turing_machine_2d/head_state_symbol", "hard", 0, 1, ["not state 3, symbol 4"],
     ["state 3, symbol 4"]),
    ("turing_machine_2d/symbol_trajectory", "hard", 0, 0, ["not 1 -> 1 (step 1)"], []),
    ("zuma/shot_outcome", "hard", 0, 0, ["not 4 removed"],
     ["4 removed", "The shot joins the chain and 4 marbles are removed",
      "Shooting down-left, 4 removed"]),
]


def _score(sample: visreason.Sample, answer: str) -> float:
    return visreason.verify(sample, f"<answer>{answer}</answer>")


@pytest.mark.parametrize(("task_id", "level", "seed", "index", "wrong", "right"), FINDINGS,
                         ids=[f"{f[0]}-{f[1]}-{f[2]}-{f[3]}" for f in FINDINGS])
def test_review_findings(task_id: str, level: str, seed: int, index: int, wrong: list[str],
                         right: list[str]) -> None:
    sample = visreason.generate(task_id, level, seed, index, answer_form="open")
    for answer in wrong:
        assert _score(sample, answer) == 0.0, (sample.answer, answer)
    for answer in right:
        assert _score(sample, answer) == 1.0, (sample.answer, answer)


# Minesweeper's state readers accept negated phrasings of their own ("not revealed yet", "not
# a mine"), so a bare "not X" still reads as a claim there: still open.
KNOWN_OPEN = {"minesweeper/cell_state", "minesweeper/reveal_outcome"}
OPEN_CASES = [pytest.param(t.id, level, marks=pytest.mark.xfail(
                  reason="'not X' still read", strict=False)) if t.id in KNOWN_OPEN
              else (t.id, level) for t in visreason.tasks() for level in t.plot_levels]
PER_LEVEL = 3


@pytest.mark.parametrize(("task_id", "level"), OPEN_CASES)
def test_hedged_open_answers_score_zero(task_id: str, level: str) -> None:
    """'not X', 'X or Y' and every answer listed score 0; 'The answer is X.' scores 1."""
    samples = [visreason.generate(task_id, level, 0, i, answer_form="open")
               for i in range(PER_LEVEL)]
    answers = list(dict.fromkeys(s.answer for s in samples))
    for sample in samples:
        sentence = f"The answer is {sample.answer}."
        assert visreason.verify(sample, sentence) == 1.0, (sample.answer, sentence)
        assert _score(sample, f"not {sample.answer}") == 0.0, sample.answer
        others = [a for a in answers if a != sample.answer and _score(sample, a) == 0.0]
        for other in others[:2]:
            assert _score(sample, f"{sample.answer} or {other}") == 0.0, (sample.answer, other)
        if others:
            listed = "; ".join([sample.answer, *others])
            assert _score(sample, listed) == 0.0, (sample.answer, listed)
