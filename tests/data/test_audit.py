"""The audit on hand-made datasets: every shortcut it measures is caught, clean data passes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from visreason.core.sample import Sample
from visreason.data.audit import GUESSERS, audit


def make(i: int, answer: str, options: list[str] | None, *, task: str = "t",
         level: str = "easy", state: dict | None = None, question: str | None = None,
         meta: dict | None = None) -> Sample:
    return Sample(id=f"x/{task}/{i}", game="x", task=task, category="pattern",
                  split="in_domain", qa_type="target_perception", plot_level=level,
                  qa_level="easy", question=question or f"q{i}", options=options,
                  answer=answer, answer_type="choice" if options else "integer", analysis="",
                  image=None, state=state if state is not None else {"i": i}, seed=i,
                  meta=meta or {}, answer_form="choice" if options else "open")


def balanced_choice(n: int) -> list[Sample]:
    """Answers cycle A-D, option values cycle so no guesser beats chance."""
    out = []
    for i in range(n):
        pos = i % 4
        base = (i // 4) % 4
        values = [str(base + 10 * j) for j in range(4)]
        values[pos], values[(pos + i // 16) % 4] = values[(pos + i // 16) % 4], values[pos]
        answer = values[pos]
        out.append(make(i, "ABCD"[values.index(answer)], values))
    return out


def test_clean_data_passes() -> None:
    samples = [make(i, "ABCD"[i % 4], ["cat", "dog", "cow", "pig"]) for i in range(200)]
    report = audit(samples)
    (group,) = report.groups
    assert group.letter_share == 0.25 and group.constant_score == 0.25
    assert group.distinct_answers == 4 and group.repeats == 0 and report.failures == []


def test_favourite_letter_fails() -> None:
    samples = [make(i, "C" if i % 2 else "ABCD"[i % 4], ["w", "x", "y", "z"]) for i in range(200)]
    failures = audit(samples).failures
    assert any("letter C is right" in f for f in failures)


def test_constant_answer_fails_whatever_its_letter() -> None:
    samples = []
    for i in range(200):
        options = ["1", "2", "3", "4"]
        value = "1" if i % 10 < 7 else options[i % 4]
        options = options[i % 4:] + options[:i % 4]
        samples.append(make(i, "ABCD"[options.index(value)], options))
    report = audit(samples)
    assert report.groups[0].top_answer == "1"
    assert any("always answering '1'" in f for f in report.failures)


def test_middle_option_guesser_catches_centred_numbers() -> None:
    samples = []
    for i in range(200):
        value = 10 + i % 7
        options = [str(value + d) for d in (-2, -1, 0, 1, 2)]
        order = [(i + k) % 5 for k in range(5)]
        shuffled = [options[k] for k in order]
        samples.append(make(i, "ABCDE"[shuffled.index(str(value))], shuffled))
    report = audit(samples)
    assert report.groups[0].options_only == 1.0
    assert report.groups[0].options_only_by in ("lower median", "upper median")
    assert any("options-only" in f for f in report.failures)


def test_centre_cell_guesser_catches_answer_plus_neighbours() -> None:
    samples = []
    for i in range(100):
        r, c = 2 + i % 5, 3 + i % 4
        cells = [(r, c), (r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)]
        k = i % 5
        cells = cells[k:] + cells[:k]
        texts = [f"({a}, {b})" for a, b in cells]
        samples.append(make(i, "ABCDE"[texts.index(f"({r}, {c})")], texts))
    report = audit(samples)
    assert report.groups[0].options_only == 1.0
    assert report.groups[0].options_only_by == "centre cell"


def test_typical_sequence_guesser_catches_mutated_answers() -> None:
    samples = []
    moves = ["up", "down", "left", "right"]
    for i in range(100):
        answer = [moves[(i + j) % 4] for j in range(6)]
        options = [answer]
        for j in range(3):
            wrong = list(answer)
            wrong[j * 2] = moves[(moves.index(wrong[j * 2]) + 1 + j) % 4]
            options.append(wrong)
        k = i % 4
        options = options[k:] + options[:k]
        texts = [", ".join(o) for o in options]
        samples.append(make(i, "ABCD"[texts.index(", ".join(answer))], texts))
    report = audit(samples)
    assert report.groups[0].options_only_by == "typical sequence"
    assert report.groups[0].options_only > 0.9


def test_guessers_handle_anything_without_raising() -> None:
    for options in (["", ""], ["a"], ["1", "x"], ["(1, 2)", "(3)"], ["1/0", "2"]):
        for guesser in GUESSERS.values():
            pick = guesser(options)
            assert pick is None or 0 <= pick < len(options)


def test_trivial_and_repeats_and_overlap() -> None:
    samples = [make(i, "ABCD"[i % 4], ["a", "b", "c", "d"], meta={"trivial": i % 5 == 0},
                    state={"board": i % 150}, question="same") for i in range(200)]
    report = audit(samples, against=[make(0, "A", ["a", "b"], state={"board": 3})])
    group = report.groups[0]
    assert group.trivial_share == 0.2 and group.repeats == 50 and group.overlap == 2
    text = "\n".join(report.failures)
    assert "20% trivial" in text and "50 repeated" in text and "2 states also in" in text


def test_small_groups_are_reported_not_judged() -> None:
    samples = [make(i, "A", ["a", "b"]) for i in range(10)]
    report = audit(samples)
    assert report.failures == [] and not report.groups[0].judged
    assert "few" in report.table()


def test_groups_split_by_task_level_and_form() -> None:
    samples = [make(i, "AB"[i % 2], ["a", "b"], level=lv) for i in range(40)
               for lv in ("easy", "hard")]
    samples += [make(i, str(i % 3), None) for i in range(40)]
    keys = [(g.task, g.level, g.form) for g in audit(samples).groups]
    assert keys == [("x/t", "easy", "choice"), ("x/t", "easy", "open"), ("x/t", "hard", "choice")]


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "visreason", *args], capture_output=True,
                          text=True, timeout=300)


def test_cli_strict_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(make(i, "ABCD"[i % 4], ["p", "q", "r", "s"]).to_dict())
                            + "\n" for i in range(120)))
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps(make(i, "B", ["p", "q", "r", "s"]).to_dict()) + "\n"
                           for i in range(120)))
    ok = _run_cli("audit", str(good), "--strict", "--json", str(tmp_path / "r.json"))
    assert ok.returncode == 0, ok.stderr
    assert json.loads((tmp_path / "r.json").read_text())["failures"] == []
    failed = _run_cli("audit", str(bad), "--strict")
    assert failed.returncode == 1 and "letter B is right 100%" in failed.stdout
    lenient = _run_cli("audit", str(bad))
    assert lenient.returncode == 0
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    nothing = _run_cli("audit", str(empty))
    assert nothing.returncode == 2 and "holds no samples" in nothing.stderr
