from __future__ import annotations

import json

import pytest

from visreason.cli import main
from visreason.llm.scripted import ScriptedServer


def call(capsys, *args):
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


def test_eval_and_report_commands(dataset, samples, tmp_path, capsys):
    out = tmp_path / "run"
    wrong = {s.id for s in samples[:3]}
    with ScriptedServer(samples, plan={i: ["wrong"] for i in wrong}) as server:
        code, text, err = call(capsys, "eval", "--data", str(dataset), "--base-url", server.url,
                               "--model", "scripted", "--out", str(out), "--quiet",
                               "--template", "gameqa", "--system", "Be careful.")
    assert code == 0, err
    n = len(samples)
    assert f"{n} samples, 0 errors" in text
    report = json.loads((out / "report.json").read_text())
    assert report["overall"]["correct"] == n - 3
    assert report["settings"]["template"] == "gameqa"
    assert report["settings"]["system"] == "Be careful."
    for name in ("records.jsonl", "report.md", "report.csv", "heatmap_task_level.png",
                 "bars_category.png"):
        assert (out / name).exists()
    code, text, _ = call(capsys, "report", str(out))
    assert code == 0 and text.startswith("# Evaluation: run")
    code, text, _ = call(capsys, "report", str(out), str(out), "--out", str(tmp_path / "cmp"))
    assert code == 0 and "# Comparison" in text
    assert (tmp_path / "cmp" / "comparison.md").exists()


def test_eval_generates_on_the_fly_and_resumes(tmp_path, capsys, monkeypatch):
    import visreason

    game = visreason.game_names()[0]
    out = tmp_path / "run"
    with ScriptedServer() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("VISREASON_MODEL", "env-model")
        args = ("eval", "--games", game, "--per-task", "1", "--levels", "easy,medium,hard",
                "--out", str(out), "--quiet")
        code, text, err = call(capsys, *args)
        assert code == 0, err
        first = server.requests
        code, text, err = call(capsys, *args)
        assert code == 0, err
    tasks = visreason.tasks(game)
    assert first == sum(len(t.plot_levels) for t in tasks)
    assert server.requests == first  # the second run asked nothing
    assert f"asked 0, resumed {first}" in text
    assert (out / "data" / "data.jsonl").exists()


def test_eval_without_a_server_is_a_one_line_error(dataset, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    code, _, err = call(capsys, "eval", "--data", str(dataset), "--model", "m",
                        "--out", str(tmp_path / "run"), "--quiet")
    assert code == 2 and err.startswith("error: no model server") and err.count("\n") == 1


def test_eval_needs_data_or_games(tmp_path, capsys):
    code, _, err = call(capsys, "eval", "--out", str(tmp_path / "run"), "--model", "m",
                        "--base-url", "http://127.0.0.1:9/v1")
    assert code == 2 and "--data" in err


def test_eval_exits_non_zero_when_nothing_is_scored(dataset, samples, tmp_path, capsys):
    plan = {s.id: ["500"] * 10 for s in samples}
    with ScriptedServer(samples, plan=plan) as server:
        code, _, err = call(capsys, "eval", "--data", str(dataset), "--base-url", server.url,
                            "--model", "m", "--out", str(tmp_path / "run"), "--quiet",
                            "--retries", "0")
    assert code == 2 and "no sample was scored" in err
    assert (tmp_path / "run" / "report.json").exists()


def test_eval_of_an_empty_dataset_exits_non_zero(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "data.jsonl").write_text("")
    code, _, err = call(capsys, "eval", "--data", str(tmp_path / "data"), "--base-url",
                        "http://127.0.0.1:9/v1", "--model", "m", "--out", str(tmp_path / "run"))
    assert code == 2 and "holds no samples" in err and err.count("\n") == 1


def test_report_compares_only_shared_samples(dataset, samples, tmp_path, capsys):
    with ScriptedServer(samples) as server:
        for name, limit in (("all", None), ("some", 5)):
            args = ["eval", "--data", str(dataset), "--base-url", server.url, "--model", "m",
                    "--out", str(tmp_path / name), "--quiet"]
            code, _, err = call(capsys, *args, *(["--limit", str(limit)] if limit else []))
            assert code == 0, err
    code, text, _ = call(capsys, "report", str(tmp_path / "all"), str(tmp_path / "some"))
    assert code == 0
    assert f"Compared over the 5 sample(s) all runs share (runs hold {len(samples)}, 5)" in text
    overall = next(line for line in text.splitlines() if line.startswith("| overall"))
    assert "+0.0" in overall  # the same five answers, so no difference


def test_eval_on_open_answers_of_the_test_split(tmp_path, capsys, monkeypatch):
    import json

    out = tmp_path / "run"
    with ScriptedServer() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("VISREASON_MODEL", "env-model")
        code, _, err = call(capsys, "eval", "--games", "maze", "--per-task", "1", "--levels",
                            "easy", "--answer-form", "open", "--split", "test", "--out", str(out),
                            "--quiet")
        assert code == 0, err
    rows = [json.loads(line) for line in (out / "data" / "data.jsonl").read_text().splitlines()]
    assert len(rows) == 6
    assert {r["answer_form"] for r in rows} == {"open"}
    assert {r["partition"] for r in rows} == {"test"}
