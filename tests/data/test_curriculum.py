from __future__ import annotations

import pytest

import visreason
from visreason import VisreasonError, rewards
from visreason.data.curriculum import AdaptiveCurriculum

LADDERED = [t.id for t in visreason.tasks() if len(t.plot_levels) == 3]


@pytest.fixture
def task_id() -> str:
    if not LADDERED:
        pytest.skip("no task offers all three levels")
    return LADDERED[0]


def test_raises_after_a_full_window_above_threshold_then_lowers(task_id) -> None:
    c = AdaptiveCurriculum([task_id], start="easy", raise_above=0.7, lower_below=0.3, window=4)
    assert c.level(task_id) == "easy"
    for _ in range(3):
        assert c.update(task_id, 1.0) is None  # window not full yet
    assert c.update(task_id, 1.0) == "medium"
    for reward in (1.0, 1.0, 0.0, 0.0):  # mean 0.5: between thresholds, stays
        assert c.update(task_id, reward) is None
    assert c.level(task_id) == "medium"
    # The window slides: one more 0 makes it (1, 0, 0, 0), mean 0.25, below 0.3.
    assert c.update(task_id, 0.0) == "easy" and c.level(task_id) == "easy"
    for _ in range(8):
        c.update(task_id, 0.0)
    assert c.level(task_id) == "easy"  # no level below the lowest
    assert c.changes == [(task_id, "easy", "medium"), (task_id, "medium", "easy")]


def test_rewards_from_a_stale_level_are_ignored(task_id) -> None:
    c = AdaptiveCurriculum([task_id], window=1, raise_above=0.5, lower_below=0.1)
    assert c.update(task_id, 1.0, level="hard") is None
    assert c.update(task_id, 1.0, level="easy") == "medium"


def test_track_wraps_a_trl_reward_and_moves_the_task(task_id) -> None:
    c = AdaptiveCurriculum([task_id], window=4)
    sample = visreason.generate(task_id, "easy", 0, text_only=True)
    columns = {k: [v] * 4 for k, v in rewards.row_to_columns(sample).items()}
    columns["plot_level"] = ["easy"] * 4
    tracked = c.track(rewards.accuracy)
    assert tracked.__name__ == "accuracy"
    out = tracked(prompts=["p"] * 4, completions=[f"<answer>{sample.answer}</answer>"] * 4,
                  **columns)
    assert out == [1.0] * 4 and c.level(task_id) == "medium"


def test_state_round_trips(task_id) -> None:
    c = AdaptiveCurriculum([task_id], window=2)
    c.update(task_id, 1.0)
    c.update(task_id, 1.0)
    d = AdaptiveCurriculum([task_id], window=2)
    d.load_state_dict(c.state_dict())
    assert d.levels() == c.levels() and d.changes == c.changes


def test_bad_settings_are_errors() -> None:
    with pytest.raises(VisreasonError, match="lower_below < raise_above"):
        AdaptiveCurriculum(raise_above=0.2, lower_below=0.5)
    with pytest.raises(VisreasonError, match="window"):
        AdaptiveCurriculum(window=0)
    with pytest.raises(VisreasonError, match="not in this curriculum"):
        AdaptiveCurriculum(LADDERED[:1] or None).level("nogame/none")


def test_grades_step_through_parameter_sets_finer_than_levels() -> None:
    graded = [t.id for t in visreason.tasks() if t.game.params and len(t.plot_levels) == 3]
    if not graded:
        pytest.fail("no game declares difficulty parameters")
    task_id = graded[0]
    game = visreason.get_task(task_id).game
    c = AdaptiveCurriculum([task_id], start="easy", raise_above=0.5, lower_below=0.1,
                           window=2, grades=5)
    assert c.grade(task_id) == 0 and c.params(task_id) == dict(game.presets["easy"])
    seen = [c.params(task_id)]
    for _ in range(4):
        c.update(task_id, 1.0)
        c.update(task_id, 1.0)
        seen.append(c.params(task_id))
    assert c.grade(task_id) == 4 and seen[-1] == dict(game.presets["hard"])
    assert seen[2] == dict(game.presets["medium"]) and c.level(task_id) == "hard"
    assert len(c.changes) == 4 and "grade 2 of 5" in c.changes[0][2]
    sample = visreason.generate(task_id, c.level(task_id), 0, 0, params=seen[1],
                                text_only=True)
    assert sample.id.startswith(task_id + "[")
    restored = AdaptiveCurriculum([task_id], grades=5)
    restored.load_state_dict(c.state_dict())
    assert restored.grade(task_id) == 4
    with pytest.raises(VisreasonError):
        AdaptiveCurriculum([task_id], grades=1)


def test_graded_ladder_starts_on_the_start_level_preset() -> None:
    graded = [t.id for t in visreason.tasks() if t.game.params and len(t.plot_levels) == 3]
    task_id = graded[0]
    presets = visreason.get_task(task_id).game.presets
    for start, grade in [("easy", 0), ("medium", 3), ("hard", 6)]:
        c = AdaptiveCurriculum([task_id], start=start, grades=7)
        assert c.grade(task_id) == grade and c.params(task_id) == dict(presets[start])
        assert c.level(task_id) == start
