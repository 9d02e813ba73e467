"""Klondike answers re-derived independently: a second legality checker written from the rules,
brute force over every card and place, and the deadlock checks counted from the state."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS

from .cards import SUIT_WORDS, named, rank, red
from .contract import dense_audit_passes, param_error, wrong_options_score_zero

GAME = get_game("klondike")
TASK_IDS = [t.id for t in visreason.tasks("klondike")]
LEVELS = visreason.LEVELS
VISIBLE = {"easy": (0, 19), "medium": (20, 23), "hard": (24, 99)}
RANK_TEXT = {1: "A", 11: "J", 12: "Q", 13: "K"}


# ----------------------------------------------------------------------------- a second rulebook

Place = tuple[str, int]


def read_move(text: str) -> tuple[str, Place, Place]:
    match = re.fullmatch(r"move (.+) from (.+) to (.+)", text.strip().lower())
    assert match, text

    def place(t: str) -> Place:
        if t == "the waste":
            return ("waste", 0)
        kind, number = t.split()
        return (kind, int(number))

    return named(match.group(1)), place(match.group(2)), place(match.group(3))


def legal(state: dict, card: str, src: Place, dst: Place) -> bool:
    """Klondike legality as a player checks it (1-based piles and foundations)."""
    if src[0] == "waste":
        if not state["waste"] or state["waste"][-1] != card:
            return False
        stack = [card]
    else:
        pile = state["tableau"][src[1] - 1]
        if card not in pile or pile.index(card) < state["down"][src[1] - 1]:
            return False
        stack = pile[pile.index(card):]
    if dst[0] == "foundation":
        if len(stack) != 1:
            return False
        top = state["foundations"][dst[1] - 1]
        return rank(card) == 1 if not top else top[-1] == card[-1] and rank(top) + 1 == rank(card)
    if src == dst:
        return False
    target = state["tableau"][dst[1] - 1]
    if not target:
        return rank(card) == 13
    return rank(target[-1]) == rank(card) + 1 and red(target[-1]) != red(card)


def every_move(state: dict) -> list[tuple[str, Place, Place]]:
    cards = [(c, ("pile", i + 1)) for i, p in enumerate(state["tableau"]) for c in p]
    cards += [(c, ("waste", 0)) for c in state["waste"]]
    places = [("pile", i) for i in range(1, 8)] + [("foundation", k) for k in range(1, 5)]
    return [(c, s, d) for c, s in cards for d in places if legal(state, c, s, d)]


def reveals_or_empties(state: dict, card: str, src: Place, dst: Place) -> bool:
    if src[0] != "pile" or dst[0] != "pile":
        return False
    pile, down = state["tableau"][src[1] - 1], state["down"][src[1] - 1]
    lowest = pile.index(card) == down
    if down:
        return lowest
    return lowest and bool(state["tableau"][dst[1] - 1])


def effective(state: dict, card: str, src: Place, dst: Place) -> bool:
    return dst[0] == "foundation" or reveals_or_empties(state, card, src, dst)


def write(card: str, src: Place, dst: Place) -> str:
    names = {v: k for k, v in SUIT_WORDS.items()}
    r = {1: "ace", 11: "jack", 12: "queen", 13: "king"}.get(rank(card), str(rank(card)))
    where = "the waste" if src[0] == "waste" else f"pile {src[1]}"
    return f"move {r} of {names[card[-1]]} from {where} to {dst[0]} {dst[1]}"


def chosen(sample) -> str:
    return sample.options[LETTERS.index(sample.answer)]


# ----------------------------------------------------------------------------- tests

@pytest.mark.parametrize("level", LEVELS)
def test_positions_are_whole_decks_with_built_runs(level: str) -> None:
    low, high = VISIBLE[level]
    for task_id in TASK_IDS:
        for index in range(6):
            state = visreason.generate(task_id, level, 0, index, text_only=True).state
            cards = [c for p in state["tableau"] for c in p] + state["stock"] + state["waste"]
            for top in state["foundations"]:
                if top:
                    cards += [RANK_TEXT.get(r, str(r)) + top[-1] for r in range(1, rank(top) + 1)]
            assert len(cards) == 52 and len(set(cards)) == 52
            for pile, down in zip(state["tableau"], state["down"], strict=True):
                up = pile[down:]
                assert bool(up) == bool(pile)
                for lower, upper in itertools.pairwise(up):
                    assert rank(upper) + 1 == rank(lower) and red(upper) != red(lower)
            visible = sum(len(p) - d for p, d in zip(state["tableau"], state["down"],
                                                     strict=True))
            visible += sum(1 for f in state["foundations"] if f) + (1 if state["waste"] else 0)
            assert low <= visible <= high


def test_legal_moves_agree_with_the_second_checker() -> None:
    from visreason.games.klondike import rules

    for level in LEVELS:
        for index in range(10):
            state = visreason.generate("klondike/legal_move", level, 2, index,
                                       text_only=True).state
            ours = {(m.card, (m.source, m.source_index + (m.source == "pile")),
                     (m.dest, m.dest_index + 1)) for m in rules.legal_moves(state)}
            assert ours == set(every_move(state))


@pytest.mark.parametrize("level", LEVELS)
def test_legal_move_has_one_right_option(level: str) -> None:
    for index in range(16):
        s = visreason.generate("klondike/legal_move", level, 0, index)
        verdicts = [legal(s.state, *read_move(o)) for o in s.options[:7]]
        if s.answer == "H":
            assert not any(verdicts)
        else:
            assert verdicts.count(True) == 1 and verdicts[LETTERS.index(s.answer)]
        wrong_options_score_zero(s)
        o = visreason.generate("klondike/legal_move", level, 0, index, answer_form="open")
        moves = every_move(o.state)
        for move in moves[:25]:
            assert visreason.verify(o, write(*move)) == 1.0
        assert visreason.verify(o, "none") == (0.0 if moves else 1.0)
        for junk in ("", "move", "move ace of spades", "A", "move 9 of cups from pile 1 to "
                     "pile 2", "move 9 of hearts from pile 9 to pile 2"):
            assert visreason.verify(o, junk) == 0.0


@pytest.mark.parametrize("level", LEVELS)
def test_deadlock_checks_counted_from_the_state(level: str) -> None:
    seen = Counter()
    for index in range(16):
        s = visreason.generate("klondike/deadlock", level, 0, index)
        st = s.state
        empty = not st["stock"] and not st["waste"]
        moves = every_move(st)
        found = any(d[0] == "foundation" for _, _, d in moves)
        opening = any(reveals_or_empties(st, *m) for m in moves)
        text = chosen(s)
        flags = re.findall(r"\(\d\) (yes|no)", text)
        assert flags == ["yes" if f else "no" for f in (empty, found, opening)]
        assert ("is in a deadlock" in text) == (empty and not found and not opening)
        seen[(empty, found, opening)] += 1
        wrong_options_score_zero(s)
        o = visreason.generate("klondike/deadlock", level, 0, index, answer_form="open")
        truth = ", ".join("yes" if f else "no" for f in (empty, found, opening))
        assert visreason.verify(o, truth) == 1.0 and visreason.verify(o, truth.upper()) == 1.0
        flipped = ", ".join("no" if f else "yes" for f in (empty, found, opening))
        assert visreason.verify(o, flipped) == 0.0
        assert visreason.verify(o, "yes, no") == 0.0
    assert len(seen) == 8


@pytest.mark.parametrize("level", LEVELS)
def test_effective_move_has_one_right_option(level: str) -> None:
    for index in range(16):
        s = visreason.generate("klondike/effective_move", level, 0, index)
        verdicts = [legal(s.state, *m) and effective(s.state, *m)
                    for m in map(read_move, s.options[:7])]
        if s.answer == "H":
            assert not any(verdicts)
        else:
            assert verdicts.count(True) == 1 and verdicts[LETTERS.index(s.answer)]
        wrong_options_score_zero(s)
        o = visreason.generate("klondike/effective_move", level, 0, index, answer_form="open")
        moves = every_move(o.state)
        good = [m for m in moves if effective(o.state, *m)]
        for move in moves:
            assert visreason.verify(o, write(*move)) == (1.0 if move in good else 0.0), move
        assert visreason.verify(o, "none") == (0.0 if good else 1.0)


def test_king_to_empty_and_foundation_order_by_hand() -> None:
    from visreason.games.klondike import rules

    state = {"tableau": [["KS", "QH"], [], ["5D"], ["3C"], ["9H"], ["2S"], ["AH"]],
             "down": [0, 0, 0, 0, 0, 0, 0], "stock": [], "waste": ["4S"],
             "foundations": ["AS", "", "", ""]}
    move = rules.Move
    assert rules.is_legal(state, move("KS", "pile", 0, "pile", 1))
    assert not rules.is_legal(state, move("QH", "pile", 0, "pile", 1))
    assert rules.is_legal(state, move("2S", "pile", 5, "foundation", 0))
    assert not rules.is_legal(state, move("2S", "pile", 5, "foundation", 1))
    assert rules.is_legal(state, move("AH", "pile", 6, "foundation", 1))
    assert rules.is_legal(state, move("4S", "waste", 0, "pile", 2))
    assert not rules.is_legal(state, move("4S", "waste", 0, "pile", 3))
    # a king of a pile of its own moving to an empty pile is not effective
    assert not rules.is_effective(state, move("KS", "pile", 0, "pile", 1))
    assert rules.is_effective(state, move("5D", "pile", 2, "foundation", 0))  # to a foundation
    assert not legal(state, "3C", ("pile", 4), ("pile", 1))


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_generates_at_both_ends_of_the_parameter_ranges(task_id: str) -> None:
    for params in ({"visible_low": 3, "visible_high": 12}, {"visible_low": 28,
                                                            "visible_high": 40}):
        for index in range(3):
            s = visreason.generate(task_id, "medium", 0, index, text_only=True, params=params)
            assert visreason.verify(s, s.answer) == 1.0


@pytest.mark.parametrize("params", [{"visible_low": 2}, {"visible_low": 29},
                                    {"visible_high": 11}, {"visible_high": 41},
                                    {"visible_low": 25, "visible_high": 20}, {"piles": 8}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("klondike/legal_move", params, "medium")


def test_deterministic_samples_and_pictures() -> None:
    for task_id in TASK_IDS:
        a = visreason.generate(task_id, "hard", 3, 5)
        b = visreason.generate(task_id, "hard", 3, 5)
        assert a.to_dict() == b.to_dict() and a.image.tobytes() == b.image.tobytes()


def test_picture_shows_stock_waste_and_face_down_cards() -> None:
    from visreason.games.klondike.render import MARGIN, TOP, WIDTH, layout
    from visreason.render.cards import BACK, BACK_LINE, FACE, FELT

    for index in range(6):
        s = visreason.generate("klondike/legal_move", "medium", 1, index)
        image = s.image.convert("RGB")
        stock = image.getpixel((MARGIN + WIDTH // 2, TOP + 40))
        assert (stock in (BACK, BACK_LINE)) == bool(s.state["stock"])
        waste = image.getpixel((layout()["waste"] + 6, TOP + 60))
        assert (waste == FACE) == bool(s.state["waste"])
        assert (waste == FELT) == (not s.state["waste"])
        for x, pile, down in zip(layout()["columns"], s.state["tableau"], s.state["down"],
                                 strict=True):
            colours = {image.getpixel((x + WIDTH // 2, layout()["column_top"] + dy))
                       for dy in range(4, 9)}
            assert bool(colours & {BACK, BACK_LINE}) == bool(down) or not pile


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("klondike", 300)


def test_drawing_turns_stock_cards_and_recycles_the_waste() -> None:
    from visreason.games.klondike import rules

    state = {"tableau": [[] for _ in range(7)], "down": [0] * 7, "stock": ["2C", "9H"],
             "waste": [], "foundations": ["", "", "", ""]}
    once = rules.draw_card(state)
    assert once["stock"] == ["2C"] and once["waste"] == ["9H"]
    twice = rules.draw_card(once)
    assert twice["stock"] == [] and twice["waste"] == ["9H", "2C"]
    assert rules.draw_card(twice)["stock"] == ["2C", "9H"]
    assert not rules.is_won(state)
    assert rules.is_won({**state, "foundations": ["KS", "KH", "KD", "KC"]})
