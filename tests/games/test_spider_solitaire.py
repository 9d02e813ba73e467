"""Spider solitaire answers re-derived independently: a second rulebook written from the rules
text, clicks replayed on the stock, brute-force move lists and the priority rule applied anew."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

import visreason
from visreason.core import get_game
from visreason.core.answers import LETTERS

from .cards import named, rank
from .contract import dense_audit_passes, param_error, wrong_options_score_zero

GAME = get_game("spider_solitaire")
TASK_IDS = [t.id for t in visreason.tasks("spider_solitaire")]
LEVELS = visreason.LEVELS
PILES = {"easy": 8, "medium": 9, "hard": 10}
SEEDS = range(10)


# ----------------------------------------------------------------------------- a second rulebook

def failure(state: dict, s: int, i: int, d: int) -> str | None:
    """The first rule a move breaks, in the order: no such card, face down, not a run,
    destination rank (None when legal)."""
    cards = state["piles"][s]
    if i < 0 or i >= len(cards):
        return "missing"
    if i < state["down"][s]:
        return "face-down"
    moving = cards[i:]
    for lower, upper in itertools.pairwise(moving):
        if upper[-1] != lower[-1] or rank(upper) + 1 != rank(lower):
            return "not a run"
    target = state["piles"][d]
    if target and rank(target[-1]) != rank(cards[i]) + 1:
        return "rank"
    return None


def all_moves(state: dict) -> list[tuple[int, int, int]]:
    n = len(state["piles"])
    return [(s, i, d) for s in range(n) for i in range(len(state["piles"][s]))
            for d in range(n) if d != s and failure(state, s, i, d) is None]


def has_complete_run(state: dict, s: int) -> bool:
    cards = state["piles"][s]
    up = cards[state["down"][s]:]
    return len(up) >= 13 and [rank(c) for c in up[-13:]] == list(range(13, 0, -1)) and \
        len({c[-1] for c in up[-13:]}) == 1


def best_by_rule(state: dict) -> set[str]:
    """The priority rule applied from scratch, as the set of accepted answers."""
    n = len(state["piles"])
    runs = {f"move the run of pile {s} to the foundations" for s in range(n)
            if has_complete_run(state, s)}
    if runs:
        return runs
    moves = all_moves(state)

    def size(m: tuple[int, int, int]) -> int:
        return len(state["piles"][m[0]]) - m[1]

    for keep in (lambda m: bool(state["piles"][m[2]]),
                 lambda m: not state["piles"][m[2]] and m[1] > 0):
        chosen = [m for m in moves if keep(m)]
        if chosen:
            most = max(map(size, chosen))
            return {f"move card {i} of pile {s} to pile {d}" for s, i, d in chosen
                    if size((s, i, d)) == most}
    if state["stock"] and all(state["piles"]):
        return {"deal"}
    return set()


def read_option_move(text: str) -> tuple[int, int, int] | None:
    match = re.fullmatch(r"move card (\d+) of pile (\d+) to pile (\d+)", text.lower())
    if not match:
        return None
    i, s, d = map(int, match.groups())
    return (s, i, d)


def chosen(sample) -> str:
    return sample.options[LETTERS.index(sample.answer)]


def initial_down(n: int) -> list[int]:
    total = 104 - 6 * n
    return [total // n + (1 if i < total % n else 0) for i in range(n)]


# ----------------------------------------------------------------------------- tests

@pytest.mark.parametrize("level", LEVELS)
def test_positions_keep_every_card_and_consistent_counts(level: str) -> None:
    for task_id in TASK_IDS:
        for seed in range(4):
            state = visreason.generate(task_id, level, seed, text_only=True).state
            n = len(state["piles"])
            assert n == PILES[level] and len(state["stock"]) % n == 0
            cards = [c for p in state["piles"] for c in p] + state["stock"]
            assert len(cards) + 13 * len(state["foundations"]) == 104
            copies = Counter(cards)
            for suit in state["foundations"]:
                for r in range(1, 14):
                    copies[{1: "A", 11: "J", 12: "Q", 13: "K"}.get(r, str(r)) + suit] += 1
            assert set(copies.values()) == {8} and {c[-1] for c in copies} == {"S"}
            deals_made = 5 - len(state["stock"]) // n
            turned = sum(initial_down(n)) - sum(state["down"])
            up = sum(len(p) - d for p, d in zip(state["piles"], state["down"], strict=True))
            assert up == n * (1 + deals_made) + turned - 13 * len(state["foundations"])
            for p, d in zip(state["piles"], state["down"], strict=True):
                assert (d < len(p)) if p else d == 0  # the exposed card is face up


def test_legal_moves_agree_with_the_second_rulebook() -> None:
    from visreason.games.spider_solitaire import rules

    for level in LEVELS:
        for seed in SEEDS:
            state = visreason.generate("spider_solitaire/best_move", level, 0, seed,
                                       text_only=True).state
            ours = {(m.source, m.start, m.dest) for m in rules.legal_moves(state)}
            assert ours == set(all_moves(state))
            for s in range(len(state["piles"])):
                for i in range(len(state["piles"][s]) + 2):
                    for d in range(len(state["piles"])):
                        if d != s:
                            assert rules.why_illegal(state, rules.Move(s, i, d)) == \
                                failure(state, s, i, d)


def test_apply_turns_over_the_card_left_exposed_and_collect_removes_a_run() -> None:
    from visreason.games.spider_solitaire import rules

    state = {"piles": [["5S", "9S", "8S"], ["10S"], []], "down": [1, 0, 0],
             "stock": [], "foundations": [], "suits": 1}
    after = rules.apply(state, rules.Move(0, 1, 1))
    assert after["piles"] == [["5S"], ["10S", "9S", "8S"], []] and after["down"] == [0, 0, 0]
    run = [f"{r}S" for r in ("K", "Q", "J", "10", "9", "8", "7", "6", "5", "4", "3", "2", "A")]
    full = {"piles": [["2S", *run]], "down": [1], "stock": [], "foundations": [], "suits": 1}
    assert rules.complete_run(full, 0)
    done = rules.collect(full, 0)
    assert done["piles"] == [["2S"]] and done["down"] == [0] and done["foundations"] == ["S"]
    assert not rules.can_deal({**state, "stock": ["AS"] * 3})


@pytest.mark.parametrize("level", LEVELS)
def test_perception_answers_count_from_the_state(level: str) -> None:
    for seed in SEEDS:
        s = visreason.generate("spider_solitaire/deals_left", level, seed)
        assert int(s.answer) == len(s.state["stock"]) // len(s.state["piles"])
        s = visreason.generate("spider_solitaire/face_down_count", level, seed)
        assert int(s.answer) == sum(s.state["down"])
        s = visreason.generate("spider_solitaire/top_card", level, seed)
        k = int(re.search(r"top of pile (\d+)", s.question).group(1))
        top = s.state["piles"][k][-1]
        assert named(s.answer) == top
        for written in (s.answer, s.answer.upper(), top, f"{top[:-1]} of spades"):
            assert visreason.verify(s, written) == 1.0, written
        for junk in ("", "spades", "king", f"{s.answer} or 2 of spades"):
            assert visreason.verify(s, junk) == 0.0, junk


@pytest.mark.parametrize("level", LEVELS)
def test_face_up_after_deals_replays_the_clicks(level: str) -> None:
    kinds = Counter()
    for seed in range(30):
        s = visreason.generate("spider_solitaire/face_up_after_deals", level, 0, seed,
                               text_only=True)
        k, clicks = s.meta["pile"], s.meta["clicks"]
        piles = [list(p) for p in s.state["piles"]]
        stock = list(s.state["stock"])
        dealt = 0
        for _ in range(clicks):
            if stock and all(piles):
                for p in piles:
                    p.append(stock.pop(0))
                dealt += 1
        assert int(s.answer) == len(piles[k]) - s.state["down"][k]
        kinds["blocked" if not all(s.state["piles"]) else "capped" if dealt < clicks
              else "plain"] += 1
    assert set(kinds) == {"blocked", "capped", "plain"}


@pytest.mark.parametrize("level", LEVELS)
def test_move_outcome_is_the_first_rule_broken(level: str) -> None:
    order = [None, "missing", "face-down", "not a run", "rank"]
    seen = set()
    for seed in range(15):
        s = visreason.generate("spider_solitaire/move_outcome", level, 0, seed)
        i, src, dst = map(int, re.search(r"Card (\d+) of pile (\d+) .* onto pile (\d+)",
                                         s.question).groups())
        want = order.index(failure(s.state, src, i, dst))
        assert s.answer == LETTERS[want]
        seen.add(want)
        wrong_options_score_zero(s)
        o = visreason.generate("spider_solitaire/move_outcome", level, 0, seed,
                               answer_form="open")
        words = ["succeeds", "no such card", "face-down", "not a run", "wrong rank"]
        for k, word in enumerate(words):
            assert visreason.verify(o, f"It {word}.") == (1.0 if k == want else 0.0), word
        assert visreason.verify(o, "face-down or not a run") == 0.0
    assert seen == set(range(5))


@pytest.mark.parametrize("level", LEVELS)
def test_reveal_move_has_one_right_option(level: str) -> None:
    answers = Counter()
    for seed in range(24):
        s = visreason.generate("spider_solitaire/reveal_move", level, 0, seed)
        k = s.meta["pile"]
        down = s.state["down"][k]
        reveal = {(k, down, d) for d in range(len(s.state["piles"]))
                  if down and d != k and failure(s.state, k, down, d) is None}
        verdict = ["A" if not down else None, "B" if down and not reveal else None]
        for letter, option in zip(LETTERS[2:], s.options[2:], strict=False):
            move = read_option_move(option)
            assert move is not None
            verdict.append(letter if move in reveal else None)
        right = [v for v in verdict if v]
        assert right == [s.answer], (right, s.answer)
        answers[s.answer] += 1
        wrong_options_score_zero(s)
        o = visreason.generate("spider_solitaire/reveal_move", level, 0, seed, answer_form="open")
        for s_, i, d in reveal:
            assert visreason.verify(o, f"move card {i} of pile {s_} to pile {d}") == 1.0
        if not down:
            assert visreason.verify(o, "no move needed") == 1.0
        elif not reveal:
            assert visreason.verify(o, "impossible") == 1.0
            assert visreason.verify(o, "no move needed") == 0.0
        else:
            assert visreason.verify(o, "impossible") == 0.0
            assert visreason.verify(o, f"move card {down - 1} of pile {k} to pile 0") == 0.0
    assert len(answers) >= 6


@pytest.mark.parametrize("level", LEVELS)
def test_best_move_follows_the_priority_rule(level: str) -> None:
    kinds = Counter()
    for seed in range(24):
        s = visreason.generate("spider_solitaire/best_move", level, 0, seed)
        best = best_by_rule(s.state)
        texts = [o.lower() if not o.startswith("Deal") else "deal" for o in s.options]
        right = [LETTERS[i] for i, t in enumerate(texts) if t in best]
        assert right == [s.answer], (best, s.options, s.answer)
        kinds[s.meta["kind"]] += 1
        wrong_options_score_zero(s)
        o = visreason.generate("spider_solitaire/best_move", level, 0, seed, answer_form="open")
        for text in best:
            assert visreason.verify(o, text) == 1.0, text
        for s_, i, d in all_moves(s.state)[:20]:
            text = f"move card {i} of pile {s_} to pile {d}"
            assert visreason.verify(o, text) == (1.0 if text in best else 0.0)
        for junk in ("", "move", "deal deal", "move card 1 of pile 99"):
            assert visreason.verify(o, junk) == 0.0
    assert set(kinds) >= {"collect", "deal", "onto"}


@pytest.mark.parametrize("task_id", TASK_IDS)
def test_every_task_generates_at_both_ends_of_every_parameter(task_id: str) -> None:
    for param in GAME.params:
        values = param.choices if param.choices else (param.low, param.high)
        for value in values:
            for index in range(2):
                s = visreason.generate(task_id, "medium", 0, index, text_only=True,
                                       params={param.name: value})
                assert visreason.verify(s, s.answer) == 1.0
                if param.name == "piles":
                    assert len(s.state["piles"]) == value
                if param.name == "suits":
                    cards = [c for p in s.state["piles"] for c in p] + s.state["stock"]
                    assert len({c[-1] for c in cards}) == value
    s = visreason.generate(task_id, "hard", 1, 0, params={"piles": 12, "suits": 4, "deals": 0,
                                                          "reveals": 0})
    assert visreason.verify(s, s.answer) == 1.0


@pytest.mark.parametrize("params", [{"piles": 5}, {"piles": 13}, {"suits": 3}, {"deals": 5},
                                    {"reveals": 13}, {"reveals": "x"}, {"cascades": 8}])
def test_bad_parameters_give_a_one_line_error(params: dict) -> None:
    param_error("spider_solitaire/top_card", params)


def test_deterministic_samples_and_pictures() -> None:
    for task_id in TASK_IDS:
        a = visreason.generate(task_id, "medium", 3, 5)
        b = visreason.generate(task_id, "medium", 3, 5)
        assert a.to_dict() == b.to_dict() and a.image.tobytes() == b.image.tobytes()


def test_picture_shows_one_back_per_deal_and_face_down_slivers() -> None:
    from visreason.games.spider_solitaire.render import MARGIN, STOCK_STEP, TOP, WIDTH, layout
    from visreason.render.cards import BACK, FELT, geometry

    for seed in range(4):
        s = visreason.generate("spider_solitaire/deals_left", "easy", seed)
        image = s.image.convert("RGB")
        left = int(s.answer)
        y = TOP + geometry(WIDTH).height // 2
        # the right edge of the last back, then felt just beyond it
        last = MARGIN + (left - 1) * STOCK_STEP + WIDTH
        assert image.getpixel((last + 3, y)) == FELT
        assert image.getpixel((last - 8, y)) != FELT
        spot = layout(len(s.state["piles"]))
        for x, down in zip(spot["columns"], s.state["down"], strict=True):
            if down:
                colours = {image.getpixel((x + WIDTH // 2, spot["column_top"] + dy))
                           for dy in range(4, 9)}
                assert BACK in colours or (150, 185, 245) in colours


def test_dense_groups_pass_the_audit() -> None:
    dense_audit_passes("spider_solitaire", 300)
