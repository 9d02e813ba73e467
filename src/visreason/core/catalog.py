"""The games table shown in the README, built from the registry so it cannot drift."""

from __future__ import annotations

from .registry import game_names, get_game, tasks
from .task import Task


def _answer_kinds(task: Task) -> str:
    if task.is_choice and task.open_type:
        return f"{task.answer_type} -> {task.open_type}"
    return task.answer_type


def games_markdown() -> str:
    lines = [
        "| game | category | split | tasks | question types (qa_type / qa_level / answer, "
        "choice form -> open form) |",
        "|---|---|---|---|---|",
    ]
    for name in game_names():
        game = get_game(name)
        kinds = "<br>".join(
            f"`{t.name}`: {t.qa_type} / {t.qa_level} / {_answer_kinds(t)}" for t in tasks(name)
        )
        lines.append(f"| {game.title} (`{name}`) | {game.category} | {game.split} | "
                     f"{len(tasks(name))} | {kinds} |")
    total = len(tasks())
    lines.append(f"\n{len(game_names())} games, {total} question types.")
    return "\n".join(lines)
