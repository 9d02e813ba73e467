"""Zuma environment: shots at angles, groups removed as the rules text says, shortest plans."""

from __future__ import annotations

import itertools
import random

from visreason import env
from visreason.env import checks
from visreason.games.zuma import rules


def test_scripted_policy_removes_the_target_in_the_fewest_shots():
    results = checks.check_scripted_wins("zuma", seeds=range(3))
    assert all(i["state"]["removed"] >= i["state"]["target"] for i in results)
    assert max(i["optimal_steps"] for i in results) >= 2


def _settle(colors, position, shot):
    """The rules text played out on a list: insert, drop the shot's run of 3+, then while the
    two marbles meeting at the gap match and their run has 3+, drop it too."""
    seq = [*colors[:position], shot, *colors[position:]]
    lo = hi = position
    while lo and seq[lo - 1] == shot:
        lo -= 1
    while hi + 1 < len(seq) and seq[hi + 1] == shot:
        hi += 1
    if hi - lo < 2:
        return seq
    seq = seq[:lo] + seq[hi + 1:]
    while 0 < lo < len(seq) and seq[lo - 1] == seq[lo]:
        a, b = lo - 1, lo
        while a and seq[a - 1] == seq[lo]:
            a -= 1
        while b + 1 < len(seq) and seq[b + 1] == seq[lo]:
            b += 1
        if b - a < 2:
            break
        seq, lo = seq[:a] + seq[b + 1:], a
    return seq


def test_shots_settle_as_the_rules_text_says():
    rng = random.Random(7)
    for _ in range(3000):
        colors = [rng.choice("RGB") for _ in range(rng.randint(0, 14))]
        position, shot = rng.randint(0, len(colors)), rng.choice("RGB")
        assert rules.after_shot(colors, position, shot) == _settle(colors, position, shot)


def test_the_chain_is_laid_again_from_its_tail_and_can_reach_the_hole():
    _, info = env.make("zuma", level="easy", seed=2).reset()
    state = info["state"]
    colors = rules.chain_colors(state)
    assert rules.relay(state["track"], colors) == state["marbles"]
    longer = rules.relay(state["track"], [*colors, "red"])
    assert longer[0] == state["marbles"][0] and len(longer) == len(colors) + 1
    assert rules.relay(state["track"], colors * 10) is None


def test_no_single_shot_wins_when_two_are_optimal():
    """Every whole angle and every marble centre, played through fresh episodes."""
    checked = 0
    for seed in itertools.count():
        _, info = env.make("zuma", level="easy", seed=seed).reset()
        if info["optimal_steps"] == 2:
            state = info["state"]
            frog = rules.frog_point(state)
            angles = [float(a) for a in range(-179, 181)] + [
                round(rules.angle_of(frog, (m["x"], m["y"])), 1) for m in state["marbles"]]
            episode = env.make("zuma", level="easy", seed=seed, text_only=True)
            for angle in angles:
                episode.reset()
                _, _, _, _, after = episode.step(f"<answer>{angle:g}</answer>")
                assert after["valid"] and not after["won"], (seed, angle)
            checked += 1
        if checked == 2 or seed > 30:
            break
    assert checked == 2


def test_unreadable_angles_are_refused():
    episode = env.make("zuma", level="medium", seed=1)
    _, info = episode.reset()
    for text, words in (("shoot left", "holds 0 numbers"), ("30 or 40", "holds 2 numbers"),
                        ("725", "is not an angle")):
        _, _, _, _, info = episode.step(f"<answer>{text}</answer>")
        assert not info["valid"] and words in info["message"], text
    assert info["state"]["shots"] == 0


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("zuma", steps=20) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("zuma")


def test_hostile_completions_are_refused():
    checks.check_hostile("zuma")
