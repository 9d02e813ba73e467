"""`visreason synth text|image|filter` and `visreason curriculum` end to end."""

from __future__ import annotations

import json

import pytest

from visreason.cli import main
from visreason.data.read import read_dataset

from .model import SynthModel, SynthServer, score
from .test_image import user_seeds


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def model_args(server: SynthServer) -> list[str]:
    return ["--model", "scripted-model", "--base-url", server.url, "--quiet",
            "--concurrency", "4"]


def test_the_group_lists_its_commands(capsys) -> None:
    code, out, _ = run_cli(["synth", "--help"], capsys)
    assert code == 0
    for command in ("text", "image", "filter"):
        assert f"  {command} " in out
    code, out, _ = run_cli(["synth", "filter", "--help"], capsys)
    assert all(f"  {c} " in out for c in ("dedup", "score", "consistency"))
    from visreason.synth.prompts import AREAS

    code, out, _ = run_cli(["synth", "text", "--help"], capsys)
    assert all(area in " ".join(out.split()) for area in AREAS)


@pytest.mark.synth
def test_synth_text_then_curriculum(tmp_path, capsys) -> None:
    out = tmp_path / "run"
    args = ["synth", "text", "--areas", "logical_deduction,historical_events", "--per-area",
            "4", "--out", str(out), "--price-in", "2", "--price-out", "4"]
    with SynthServer() as server:
        code, stdout, err = run_cli([*args, *model_args(server)], capsys)
        assert code == 0, err
        assert stdout.startswith("kept 8, review 0, rejected 0 (none), errors 0 of 8; this "
                                 "session 8 item(s), 40 calls (+0 from cache), 520 tok $0.0013")
        assert "structured output: json_schema" in stdout
        code, stdout, _ = run_cli([*args, *model_args(server)], capsys)
        assert code == 0 and "this session 0 item(s), 0 calls" in stdout
        assert server.requests == 40
    assert len(list(read_dataset(out))) == 8
    code, stdout, _ = run_cli(["curriculum", str(out), "--out", str(tmp_path / "cur")], capsys)
    assert code == 0
    assert stdout.startswith("8 item(s) in four stages (stage 1: 2, stage 2: 2, stage 3: 2, "
                             "stage 4: 2)")
    for folder, name in (("trl", "stage1.parquet"), ("swift", "stage4.jsonl"),
                         ("llamafactory", "dataset_info.json")):
        assert (tmp_path / "cur" / folder / name).is_file()


def test_synth_image_from_a_seed_file(tmp_path, capsys) -> None:
    seeds = user_seeds(tmp_path / "seeds")
    with SynthServer() as server:
        code, stdout, err = run_cli(
            ["synth", "image", "--seeds", str(seeds), "--out", str(tmp_path / "run"),
             "--dedup", "off", "--consistency", "1", "--relations", "causal_inference",
             "--limit", "2", *model_args(server)], capsys)
        assert server.bad_images == 0
    assert code == 0, err
    assert "kept 2, review 0" in stdout
    assert "warning: skipped 2 seed(s)" in err
    kept = list(read_dataset(tmp_path / "run"))
    assert [s.task for s in kept] == ["causal_inference"] * 2


def test_filters_alone(tmp_path, capsys) -> None:
    model = SynthModel()
    with SynthServer(model) as server:
        code, _, err = run_cli(["synth", "text", "--areas", "ethical_considerations",
                                "--per-area", "6", "--out", str(tmp_path / "made"),
                                "--dedup", "off", "--no-score", "--consistency", "0",
                                *model_args(server)], capsys)
        assert code == 0, err
        model.score = lambda item: score(quality=2) if item.endswith(("/1", "/2")) else score()
        code, stdout, err = run_cli(["synth", "filter", "score", str(tmp_path / "made"),
                                     "--out", str(tmp_path / "scored"), *model_args(server)],
                                    capsys)
        assert code == 0, err
        assert "kept 4, review 0, rejected 2 (low_quality 2)" in stdout
        model.answer = lambda item, k: "no" if item.endswith("/0") else \
            model_answer_of(tmp_path / "scored", item)
        code, stdout, err = run_cli(["synth", "filter", "consistency", str(tmp_path / "scored"),
                                     "--out", str(tmp_path / "checked"), "--k", "3",
                                     *model_args(server)], capsys)
        assert code == 0, err
        assert "kept 3, review 0, rejected 1 (inconsistent 1)" in stdout
    assert [s.id.rsplit("/", 1)[1] for s in read_dataset(tmp_path / "checked")] == \
        ["3", "4", "5"]
    run = json.loads((tmp_path / "checked" / "run.json").read_text())
    assert run["settings"]["consistency"] == 3 and run["settings"]["score"] is False


def model_answer_of(folder, item: str) -> str:
    return next(s.answer for s in read_dataset(folder) if s.id == item)


@pytest.mark.synth
def test_filter_dedup(tmp_path, capsys) -> None:
    lines = []
    for i in range(5):
        document = "the same background document about one thing " * 5 if i in (1, 3) else \
            f"document {i} " + " ".join(f"topic{i}x{j}" for j in range(40))
        lines.append({"id": f"x{i}", "game": "synth_text", "task": "t", "question": f"Q{i}?",
                      "answer": "a", "answer_type": "text", "state": {"document": document}})
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "data.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    for backend in ("tfidf", "minhash"):
        code, stdout, _ = run_cli(["synth", "filter", "dedup", str(tmp_path / "in"), "--out",
                                   str(tmp_path / backend), "--backend", backend], capsys)
        assert code == 0
        assert stdout.startswith("kept 4, dropped 1 near-duplicate(s)")
        dropped = json.loads((tmp_path / backend / "duplicates.jsonl").read_text())
        assert dropped["id"] == "x3" and dropped["duplicate_of"] == "x1"


def test_a_missing_server_is_one_clear_line(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    code, _, err = run_cli(["synth", "text", "--areas", "all", "--per-area", "1", "--model",
                            "m", "--out", str(tmp_path)], capsys)
    assert code == 2 and err.startswith("error: no model server")
    code, _, err = run_cli(["synth", "text", "--areas", "astrology", "--model", "m",
                            "--base-url", "http://127.0.0.1:9", "--out", str(tmp_path)], capsys)
    assert code == 2 and "unknown area 'astrology'" in err
