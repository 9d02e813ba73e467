"""Several questions about one state: shared picture, one state, balanced leads, determinism."""

from __future__ import annotations

from collections import Counter

import pytest

import visreason
from visreason.core.errors import VisreasonError
from visreason.core.generate import generate_group


@pytest.mark.parametrize("game", visreason.game_names())
def test_a_group_shares_one_state_and_one_picture(game: str) -> None:
    for group in range(6):
        samples = generate_group(game, "medium", 3, group, questions=4)
        assert 1 <= len(samples) <= 4
        assert len({s.task for s in samples}) == len(samples)
        assert all(s.state == samples[0].state for s in samples)
        assert all(s.image is samples[0].image for s in samples)
        assert len({s.meta["state_group"] for s in samples}) == 1
        for s in samples:
            assert visreason.verify(s, s.answer) == 1.0
        again = generate_group(game, "medium", 3, group, questions=4)
        assert [s.to_dict() for s in again] == [s.to_dict() for s in samples]
        assert again[0].image.tobytes() == samples[0].image.tobytes()


def test_every_task_leads_equally_often() -> None:
    tasks = [t.name for t in visreason.tasks("maze")]
    leads = Counter(generate_group("maze", "easy", 0, g, questions=1, text_only=True)[0].task
                    for g in range(len(tasks) * 4))
    assert leads == {name: 4 for name in tasks}


def test_bad_group_arguments() -> None:
    with pytest.raises(VisreasonError, match="positive integer"):
        generate_group("maze", "easy", 0, 0, questions=0)
    with pytest.raises(KeyError, match="unknown game"):
        generate_group("mazes", "easy", 0, 0)


def test_lead_questions_are_the_single_question_samples() -> None:
    """Each task leads once per block of groups, taking consecutive indices of its own
    schedule, so dense data keeps the exact balance of single-question data for leads."""
    offered = len(visreason.tasks("maze"))
    for group in range(2 * offered):
        lead = generate_group("maze", "medium", 4, group, questions=3, text_only=True)[0]
        single = visreason.generate(lead.task_id, "medium", 4, group // offered,
                                    text_only=True)
        assert lead.question == single.question and lead.answer == single.answer
        assert lead.state == single.state and lead.options == single.options


def test_an_unaskable_state_is_given_up_at_once_and_a_retry_eight_times(monkeypatch) -> None:
    from visreason.core.errors import Retry, Unaskable

    calls: Counter[str] = Counter()
    maze = visreason.tasks("maze")

    def refusing(task, error: type[Exception]):
        own = type(task).ask

        def ask(self, draw, state):
            if not draw.schedule_key.endswith("/group"):
                return own(self, draw, state)  # build() asks about the state it drew itself
            calls[self.name] += 1
            raise error("does not fit")
        return ask

    monkeypatch.setattr(type(maze[1]), "ask", refusing(maze[1], Unaskable))
    monkeypatch.setattr(type(maze[2]), "ask", refusing(maze[2], Retry))
    lead_indices = {maze[1].name, maze[2].name}
    for group in range(len(maze)):
        samples = generate_group("maze", "medium", 5, group, questions=len(maze), text_only=True)
        if samples[0].task in lead_indices:
            continue
        assert {s.task for s in samples}.isdisjoint(lead_indices)
    assert calls[maze[2].name] == 8 * calls[maze[1].name] > 0
