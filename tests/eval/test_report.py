from __future__ import annotations

import csv
import json

import pytest
from PIL import Image

from visreason.eval.plots import accuracy_color
from visreason.eval.report import summarize, to_markdown, wilson, write_comparison, write_report


def rec(i, game, task, category, plot, qa, score, error=None, judge=None):
    return {"id": f"s{i}", "game": game, "task": task, "category": category,
            "plot_level": plot, "qa_level": qa, "qa_type": "target_perception",
            "answer": "A", "extracted": "A" if score else "B", "score": score,
            "error": error, **({"judge_score": judge} if judge is not None else {})}


# Eight hand-made records: maze/a 3 of 4 right, sudoku/b 1 of 4 right (one was an error).
RECORDS = [
    rec(1, "maze", "a", "multi_step", "easy", "easy", 1.0),
    rec(2, "maze", "a", "multi_step", "easy", "easy", 1.0),
    rec(3, "maze", "a", "multi_step", "hard", "easy", 1.0, judge=0.0),
    rec(4, "maze", "a", "multi_step", "hard", "easy", 0.0),
    rec(5, "sudoku", "b", "pattern", "easy", "hard", 1.0, judge=1.0),
    rec(6, "sudoku", "b", "pattern", "easy", "hard", 0.0, judge=1.0),
    rec(7, "sudoku", "b", "pattern", "medium", "hard", 0.0),
    rec(8, "sudoku", "b", "pattern", "medium", "hard", 0.0, error="LLMError: HTTP 500"),
]


def test_wilson_matches_hand_computed_values():
    # p = 0.8, n = 10, z = 1.96: centre 0.71674, half-width 0.22658
    low, high = wilson(8, 10)
    assert (round(low, 4), round(high, 4)) == (0.4902, 0.9433)
    assert wilson(0, 10)[0] == 0.0 and round(wilson(0, 10)[1], 4) == 0.2775
    assert round(wilson(10, 10)[0], 4) == 0.7225 and wilson(10, 10)[1] == 1.0
    assert wilson(0, 0) == (0.0, 1.0)


def test_summary_numbers_match_a_hand_count():
    report = summarize(RECORDS, "hand")
    overall = report["overall"]
    assert (overall["n"], overall["correct"], overall["accuracy"]) == (8, 4.0, 0.5)
    assert overall["errors"] == 1 and overall["judged"] == 3 and overall["disagreements"] == 2
    assert overall["judge_accuracy"] == pytest.approx(2 / 3)
    by = {g: {c["group"]: c for c in cells} for g, cells in report["by"].items()}
    assert by["category"]["multi_step"]["accuracy"] == 0.75
    assert by["category"]["pattern"]["accuracy"] == 0.25
    assert by["task"]["maze/a"]["n"] == 4 and by["task"]["sudoku/b"]["correct"] == 1.0
    assert list(by["plot_level"]) == ["easy", "medium", "hard"]  # level order, not alphabetical
    assert by["plot_level"]["easy"]["accuracy"] == 0.75  # 3 of 4
    assert by["plot_level"]["medium"]["accuracy"] == 0.0 and by["plot_level"]["hard"]["n"] == 2
    assert by["qa_level"]["easy"]["accuracy"] == 0.75 and by["qa_level"]["hard"]["n"] == 4
    low, high = wilson(3, 4)
    assert by["game"]["maze"]["ci_low"] == pytest.approx(low)
    assert by["game"]["maze"]["ci_high"] == pytest.approx(high)
    m = report["matrix"]["task_x_plot_level"]
    assert m["rows"] == ["maze/a", "sudoku/b"] and m["cols"] == ["easy", "medium", "hard"]
    assert m["cells"]["maze/a"]["hard"]["accuracy"] == 0.5
    assert "medium" not in m["cells"]["maze/a"]
    assert m["cells"]["sudoku/b"]["easy"]["accuracy"] == 0.5
    pq = report["matrix"]["plot_level_x_qa_level"]
    assert pq["cells"]["easy"]["hard"]["n"] == 2 and pq["cells"]["easy"]["easy"]["accuracy"] == 1
    assert {d["id"] for d in report["disagreements"]} == {"s3", "s6"}


def test_markdown_shows_intervals_errors_and_disagreements():
    text = to_markdown(summarize(RECORDS, "hand"))
    low, high = wilson(4, 8)
    assert f"**Accuracy 50.0 [{100 * low:.1f}, {100 * high:.1f}]**" in text
    assert "8 samples, 1 errors" in text
    assert "| multi_step | 4 | 75.0 [" in text
    assert "## Where rule and judge disagree" in text and "| s3 | 1.0 | 0.0 |" in text
    assert "judge accuracy 66.7% on them, 2 disagree" in text
    assert "| pattern | 4 | 25.0 [" in text and "| 100.0 (2) | 1 |" in text


def write_run(path, records, model="m"):
    path.mkdir(parents=True)
    (path / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (path / "run.json").write_text(json.dumps({"settings": {"model": model, "template": "think"},
                                               "sessions": []}))
    return path


def test_report_files(tmp_path):
    run = write_run(tmp_path / "base", RECORDS)
    write_report(run)
    data = json.loads((run / "report.json").read_text())
    assert data["overall"]["accuracy"] == 0.5 and data["settings"]["model"] == "m"
    rows = list(csv.DictReader((run / "report.csv").open()))
    overall = rows[0]
    assert (overall["grouping"], overall["n"], float(overall["accuracy"])) == ("overall", "8", 0.5)
    pattern = next(r for r in rows if r["grouping"] == "category" and r["group"] == "pattern")
    assert float(pattern["accuracy"]) == 0.25 and pattern["errors"] == "1"
    assert any(r["grouping"] == "task x plot_level" and r["group"] == "maze/a @ hard"
               for r in rows)
    assert (run / "report.md").read_text().startswith("# Evaluation: base")
    heat = Image.open(run / "heatmap_task_level.png").convert("RGB")
    bars = Image.open(run / "bars_category.png")
    assert heat.size[0] > 300 and bars.size[0] >= 360
    colors = {c for _, c in heat.getcolors(100000)}
    assert accuracy_color(1.0) in colors and accuracy_color(0.0) in colors  # 100% and 0% cells


def test_color_scale_is_red_to_green():
    red, mid, green = accuracy_color(0.0), accuracy_color(0.5), accuracy_color(1.0)
    assert red[0] > red[1] and green[1] > green[0] and mid[0] > 200 and mid[1] > 200


def test_compare_runs_side_by_side(tmp_path):
    base = write_run(tmp_path / "base", RECORDS)
    better = [dict(r, score=1.0, error=None) for r in RECORDS]
    trained = write_run(tmp_path / "trained", better, model="m-rl")
    text, reports = write_comparison([base, trained], tmp_path / "cmp")
    assert [r["name"] for r in reports] == ["base", "trained"]
    assert "| overall | 50.0 [" in text and "| +50.0 |" in text
    assert "| pattern | 25.0 [" in text and "| +75.0 |" in text
    rows = list(csv.DictReader((tmp_path / "cmp" / "comparison.csv").open()))
    assert {r["run"] for r in rows} == {"base", "trained"}
    assert Image.open(tmp_path / "cmp" / "bars_category.png").size[1] > 200
