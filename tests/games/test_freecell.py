"""FreeCell answers re-derived independently: a second legality checker written from the
rules, a brute-force search for the supermove limit, and replays of moves on the state."""

from __future__ import annotations

import itertools
import re
from functools import cache

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS

from .cards import SUIT_WORDS, named, rank, red
from .contract import at_parameter_ends, dense_audit_passes, param_error, wrong_options_score_zero

GAME = get_game("freecell")
TASK_IDS = [t.id for t in visreason.tasks("freecell")]
LEVELS = visreason.LEVELS
CASCADES = {"easy": 8, "medium": 6, "hard": 4}
SEEDS = range(10)
SUIT_ORDER = "SHDC"


# ----------------------------------------------------------------------------- a second rulebook

def place_of(text: str) -> tuple[str, int]:
    text = text.strip().lower()
    if text.startswith("cascade "):
        return ("cascade", int(text.split()[1]))
    if text.startswith("free cell "):
        return ("cell", int(text.split()[2]))
    match = re.fullmatch(r"the (\w+) foundation", text)
    assert match, text
    return ("foundation", SUIT_ORDER.index(SUIT_WORDS[match.group(1)]))


def read_move(text: str) -> tuple[str, tuple[str, int], tuple[str, int]]:
    match = re.fullmatch(r"move (.+) from (.+) to (.+)", text.strip().lower())
    assert match, text
    return named(match.group(1)), place_of(match.group(2)), place_of(match.group(3))


def can_move_by_single_cards(k: int, free: int, empty: int) -> bool:
    """Whether a built sequence of k cards reaches a non-empty cascade (whose exposed card
    takes its base card) by single-card moves through `free` free cells and `empty` empty
    cascades: a breadth-first search over every placement of the cards."""
    # Cards 0..k-1, 0 the base; card c may lie on card c - 1 only.
    start = (tuple(range(k)), (), (), tuple(() for _ in range(empty)))

    def fits(stack: tuple, card: int, bare_ok: bool) -> bool:
        return (not stack and bare_ok) or (bool(stack) and stack[-1] == card - 1)

    def key(source, dest, cells, empties):
        return (source, dest, tuple(sorted(cells)), tuple(sorted(empties)))

    seen = {key(*start)}
    todo = [start]
    while todo:
        source, dest, cells, empties = todo.pop()
        if len(dest) == k:
            return True
        stacks = [("source", source), ("dest", dest)] + [("e", e) for e in empties]
        tops = [(name, i, st[-1]) for i, (name, st) in enumerate(stacks) if st]
        tops += [("cell", i, c) for i, c in enumerate(cells)]
        for name, i, card in tops:
            if name == "dest":
                continue  # never useful to take cards back off the destination
            if name == "cell":
                rest_cells = cells[:i] + cells[i + 1:]
                rest = [list(st) for _, st in stacks]
            else:
                rest_cells = cells
                rest = [list(st) for _, st in stacks]
                rest[i].pop()
            targets = []
            for j, (tname, _) in enumerate(stacks):
                if name != "cell" and j == i:
                    continue
                bare_ok = tname == "e" or (tname == "dest" and card == 0)
                if fits(tuple(rest[j]), card, bare_ok):
                    targets.append(("stack", j))
            if name != "cell" and len(rest_cells) < free:
                targets.append(("cell", None))
            for kind, j in targets:
                new = [list(st) for st in rest]
                new_cells = rest_cells
                if kind == "stack":
                    new[j].append(card)
                else:
                    new_cells = (*rest_cells, card)
                state = (tuple(new[0]), tuple(new[1]), tuple(new_cells),
                         tuple(tuple(st) for st in new[2:]))
                if key(*state) not in seen:
                    seen.add(key(*state))
                    todo.append(state)
    return False


@cache
def most_by_search(free: int, empty: int) -> int:
    """The most cards single-card moves can carry onto a non-empty cascade."""
    k = 1
    while can_move_by_single_cards(k + 1, free, empty):
        k += 1
    return k


def legal(state: dict, card: str, source: tuple[str, int], dest: tuple[str, int]) -> bool:
    """Legality from the rules as a player applies them, written separately from the game."""
    cascades, cells, founds = state["cascades"], state["cells"], state["foundations"]
    if source == dest:
        return False
    if source[0] == "cell":
        if cells[source[1]] != card:
            return False
        stack = [card]
    elif source[0] == "cascade":
        pile = cascades[source[1]]
        if card not in pile:
            return False
        stack = pile[pile.index(card):]
    else:
        return False
    for below, above in itertools.pairwise(stack):
        if not (rank(above) == rank(below) - 1 and red(above) != red(below)):
            return False
    if dest[0] == "cell":
        return len(stack) == 1 and cells[dest[1]] == ""
    if dest[0] == "foundation":
        return len(stack) == 1 and SUIT_ORDER[dest[1]] == card[-1] and \
            founds[dest[1]] + 1 == rank(card)
    target = cascades[dest[1]]
    if target and not (rank(target[-1]) == rank(card) + 1 and red(target[-1]) != red(card)):
        return False
    free = cells.count("")
    empty = sum(1 for c in cascades if not c) - (0 if target else 1)
    return len(stack) <= (free + 1) * 2 ** empty  # checked against the search above


def every_legal_move(state: dict) -> set[tuple]:
    places = ([("cascade", i) for i in range(len(state["cascades"]))]
              + [("cell", j) for j in range(4)] + [("foundation", k) for k in range(4)])
    cards = [(c, ("cascade", i)) for i, pile in enumerate(state["cascades"]) for c in pile]
    cards += [(c, ("cell", j)) for j, c in enumerate(state["cells"]) if c]
    return {(c, s, d) for c, s in cards for d in places if legal(state, c, s, d)}


NAMES = {v: k for k, v in SUIT_WORDS.items()}


def write(place: tuple[str, int]) -> str:
    if place[0] == "foundation":
        return f"the {NAMES[SUIT_ORDER[place[1]]]} foundation"
    return f"cascade {place[1]}" if place[0] == "cascade" else f"free cell {place[1]}"


def chosen(sample) -> str:
    return sample.options[LETTERS.index(sample.answer)]


# ----------------------------------------------------------------------------- tests

def test_supermove_formula_matches_search_and_empty_destination_correction() -> None:
    from visreason.games.freecell import rules

    for free in range(3):
        for empty in range(3):
            assert most_by_search(free, empty) == (free + 1) * 2 ** empty
    state = {"cascades": [["KS", "QH", "JS", "10H", "9S"], [], [], ["5C"]],
             "cells": ["2C", "3C", "", ""], "foundations": [0, 0, 0, 0]}
    # 2 empty cells, 2 empty cascades: 12 onto a card, but 6 onto an empty cascade.
    assert rules.capacity(state, dest_empty=False) == 12
    assert rules.capacity(state, dest_empty=True) == 6
    tight = {"cascades": [["KS", "QH", "JS", "10H", "9S"], [], ["2D"], ["5C"]],
             "cells": ["2C", "3C", "4C", ""], "foundations": [0, 0, 0, 0]}
    move = rules.Move("QH", rules.Place("cascade", 0), rules.Place("cascade", 1))
    assert rules.capacity(tight, True) == 2 and not rules.is_legal(tight, move)
    assert legal(tight, "QH", ("cascade", 0), ("cascade", 1)) is False
    assert rules.is_legal(tight, rules.Move("10H", rules.Place("cascade", 0),
                                            rules.Place("cascade", 1)))


def test_legal_moves_agree_with_the_second_checker() -> None:
    from visreason.games.freecell import rules

    for level in LEVELS:
        for seed in SEEDS:
            state = visreason.generate("freecell/valid_move", level, seed, text_only=True).state
            ours = {(m.card, (m.source.kind, m.source.index), (m.dest.kind, m.dest.index))
                    for m in rules.legal_moves(state)}
            assert ours == every_legal_move(state)


@pytest.mark.parametrize("level", LEVELS)
def test_states_hold_the_whole_deck(level: str) -> None:
    for seed in SEEDS:
        state = visreason.generate("freecell/nth_card", level, seed, text_only=True).state
        assert len(state["cascades"]) == CASCADES[level]
        cards = [c for pile in state["cascades"] for c in pile] + [c for c in state["cells"] if c]
        built = [f"{r}{SUIT_ORDER[k]}" for k, top in enumerate(state["foundations"])
                 for r in range(1, top + 1)]
        assert len(cards) + len(built) == 52 and len(set(cards)) == len(cards)
    fresh = visreason.generate("freecell/nth_card", level, 0, params={"moves": 0}).state
    sizes = [len(p) for p in fresh["cascades"]]
    assert sum(sizes) == 52 and max(sizes) - min(sizes) <= 1
    assert sizes == sorted(sizes, reverse=True)


@pytest.mark.parametrize("level", LEVELS)
def test_nth_card_counts_from_the_exposed_card(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("freecell/nth_card", level, seed)
        i, n = (int(v) for v in re.search(r"the (\d+)\w\w card from the top of cascade (\d+)",
                                           s.question).groups()[::-1])
        assert named(chosen(s)) == s.state["cascades"][i][-n]
        wrong_options_score_zero(s)
        o = visreason.generate("freecell/nth_card", level, seed, answer_form="open")
        card = s.state["cascades"][i][-n]
        for written in (chosen(s), chosen(s).upper(), f"{card[:-1]}{card[-1].lower()}"):
            assert visreason.verify(o, written) == 1.0, written
        for junk in ("", "hearts", f"{chosen(s)} or {chosen(s)}", "the card"):
            assert visreason.verify(o, junk) == 0.0, junk


@pytest.mark.parametrize("level", LEVELS)
def test_valid_move_has_exactly_one_legal_option(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("freecell/valid_move", level, seed)
        verdicts = [legal(s.state, *read_move(o)) for o in s.options]
        assert verdicts.count(True) == 1 and verdicts[LETTERS.index(s.answer)]
        wrong_options_score_zero(s)


@pytest.mark.parametrize("level", LEVELS)
def test_valid_move_open_accepts_every_legal_move_and_no_other(level: str) -> None:
    for seed in SEEDS[:4]:
        s = visreason.generate("freecell/valid_move", level, seed, answer_form="open")
        assert legal(s.state, *read_move(s.answer))
        words = {1: "ace", 11: "jack", 12: "queen", 13: "king"}

        for card, src, dst in sorted(every_legal_move(s.state))[:40]:
            text = (f"move {words.get(rank(card), rank(card))} of {NAMES[card[-1]]} from "
                    f"{write(src)} to {write(dst)}")
            want = 0.0 if src[0] == dst[0] == "cell" else 1.0
            assert visreason.verify(s, text) == want, text
        pile = next(p for p in s.state["cascades"] if len(p) >= 3)
        i = s.state["cascades"].index(pile)
        buried = pile[-3]
        if not legal(s.state, buried, ("cascade", i), ("cell", 0)):
            assert visreason.verify(s, f"move {buried} from cascade {i} to free cell 0") == 0.0
        for junk in ("", "move", "move 9 of hearts", "A", "move 9 of hearts from cascade 99 "
                     "to cascade 0", "move 9 of cups from cascade 1 to cascade 0"):
            assert visreason.verify(s, junk) == 0.0, junk


@pytest.mark.parametrize("level", LEVELS)
def test_top_after_move_replays_the_move(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("freecell/top_after_move", level, seed)
        card, src, dst = read_move(s.meta["move"])
        assert legal(s.state, card, src, dst) and src[0] == "cascade"
        pile = s.state["cascades"][src[1]]
        left = pile[:pile.index(card)]
        assert left and named(chosen(s)) == left[-1]
        wrong_options_score_zero(s)
        o = visreason.generate("freecell/top_after_move", level, seed, answer_form="open")
        assert visreason.verify(o, chosen(s)) == 1.0
        assert visreason.verify(o, s.meta["move"]) == 0.0


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param, value, s in at_parameter_ends(task_id, 2):
        if param.name == "cascades":
            assert len(s.state["cascades"]) == value
        assert visreason.verify(s, s.answer) == 1.0


@pytest.mark.parametrize("params", [{"cascades": 3}, {"cascades": 11}, {"moves": -1},
                                    {"moves": 31}, {"cascades": "many"}, {"suits": 2}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("freecell/nth_card", params)


def test_deterministic_samples_and_pictures() -> None:
    for task_id in TASK_IDS:
        a = visreason.generate(task_id, "hard", 3, 7)
        b = visreason.generate(task_id, "hard", 3, 7)
        assert a.to_dict() == b.to_dict() and a.image.tobytes() == b.image.tobytes()


def test_picture_shows_free_cell_cards_and_cascades() -> None:
    from visreason.games.freecell.render import TOP, layout

    s = visreason.generate("freecell/nth_card", "easy", 0)
    image = s.image.convert("RGB")
    spot = layout(len(s.state["cascades"]))
    for j, card in enumerate(s.state["cells"]):
        # an occupied free cell is white card face at its middle-left edge; an empty one is felt
        colour = image.getpixel((spot["slots"][j] + 4, TOP + 60))
        assert (colour == (255, 255, 255)) == bool(card)
    x = spot["columns"][0] + 4
    assert image.getpixel((x, spot["column_top"] + 40)) == (255, 255, 255)


def test_text_description_lists_every_cascade() -> None:
    s = visreason.generate("freecell/nth_card", "medium", 2, text_only=True)
    for i in range(len(s.state["cascades"])):
        assert f"cascade {i}:" in s.question
    for word in ("image", "picture", "drawn"):
        assert word not in s.question.lower()


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("freecell", 300)
