"""The commands end to end: tool tasks, the agent against a scripted server, its report,
and trajectories exported for SFT with tool turns marked not to train on."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import visreason
from visreason.data.read import read_dataset
from visreason.llm.scripted import ScriptedServer

pytest.importorskip("httpx")


def visreason_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "visreason", *args], capture_output=True,
                          text=True, timeout=600)
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def fixing_model(samples):
    """Calls the tool with the inverse of each task's transform, then answers right."""
    from visreason.tools.transforms import D4

    plans = {}
    for sample in samples:
        spec = sample.meta["tool"]
        if spec["transform"] in D4:
            code = f"result = image.transpose(Image.Transpose.{_PIL[spec['inverse']]})"
        elif spec["transform"] == "crop":
            code = f"result = image.crop({tuple(spec['box'])}).resize((512, 512))"
        elif spec["transform"] == "low_contrast":
            code = "result = ImageOps.autocontrast(image)"
        else:
            code = None
        plans[sample.id] = (code, sample.answer)

    def respond(sample_id, messages):
        code, answer = plans[sample_id]
        if code and not any(m["role"] == "assistant" for m in messages):
            body = {"name": "code_image_tool", "arguments": {"code": code, "image_index": 0}}
            return f"<think>Fix it first.</think><tool_call>{json.dumps(body)}</tool_call>"
        return f"<think>Now I can read it.</think><answer>{answer}</answer>"

    return respond


_PIL = {"rotate90": "ROTATE_90", "rotate180": "ROTATE_180", "rotate270": "ROTATE_270",
        "flip_h": "FLIP_LEFT_RIGHT", "flip_v": "FLIP_TOP_BOTTOM"}


@pytest.fixture(scope="module")
def agent_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("agent")
    visreason_cli("tool-tasks", "--games", "tictactoe", "--levels", "medium", "--per-task", "2",
                  "--seed", "3", "--out", str(root / "data"), "--quiet", "--workers", "1")
    samples = list(read_dataset(root / "data"))
    with ScriptedServer(samples, responder=fixing_model(samples)) as server:
        done = visreason_cli("agent", "--data", str(root / "data"), "--out", str(root / "run"),
                             "--base-url", server.url, "--model", "scripted", "--quiet",
                             "--concurrency", "4", "--sandbox-workers", "2")
    return root, samples, done


def test_tool_tasks_command_writes_a_readable_dataset(agent_run) -> None:
    root, samples, _ = agent_run
    assert len(samples) == 2 * len(visreason.tasks("tictactoe"))
    assert all("tool" in s.meta and s.meta["tool"]["base_id"] for s in samples)
    manifest = json.loads((root / "data" / "tool_tasks.json").read_text())
    assert manifest["samples"] == len(samples)
    bad = visreason_cli("tool-tasks", "--transforms", "spin", "--out", str(root / "x"),
                        check=False)
    assert bad.returncode == 2 and "unknown tool transform 'spin'" in bad.stderr


def test_agent_command_runs_scores_and_reports(agent_run) -> None:
    root, samples, done = agent_run
    assert "Tool use" in done.stdout and "accuracy 100.0%" in done.stdout
    report = json.loads((root / "run" / "report.json").read_text())
    tools = report["tools"]
    needing = [s for s in samples if s.meta["tool"]["transform"] != "none"]
    assert tools["calls"] == len(needing)
    assert tools["calls_per_sample"] == pytest.approx(len(needing) / len(samples))
    assert tools["error_rate"] == 0.0
    assert tools["with_tools"]["n"] == len(needing)
    assert tools["without_tools"]["n"] == len(samples) - len(needing)
    assert tools["overall"]["accuracy"] == 1.0
    assert set(tools["by_transform"]) == {s.meta["tool"]["transform"] for s in samples}
    text = (root / "run" / "report.md").read_text()
    assert "## Tool use" in text and "calls/sample" in text
    again = visreason_cli("agent-report", str(root / "run"))
    assert "## Tool use" in again.stdout


def test_trajectories_export_for_llamafactory(agent_run, tmp_path) -> None:
    root, samples, _ = agent_run
    out = tmp_path / "lf"
    visreason_cli("agent-export", str(root / "run"), "--to", "llamafactory", "--out", str(out))
    rows = [json.loads(line) for line in (out / "train.jsonl").read_text().splitlines()]
    assert len(rows) == len(samples)
    info = json.loads((out / "dataset_info.json").read_text())["visreason_tools"]
    assert info["tags"]["observation_tag"] == "observation"
    for row in rows:
        roles = [m["role"] for m in row["messages"]]
        assert roles[:2] == ["system", "user"] and roles[-1] == "assistant"
        # LLaMA-Factory: human/observation turns at odd places, gpt turns at even places
        body = roles[1:]
        assert all(r in ("user", "observation") for r in body[0::2])
        assert all(r == "assistant" for r in body[1::2])
        tags = sum(m["content"].count("<image>") for m in row["messages"])
        assert tags == len(row["images"])
        for message in row["messages"]:
            assert message["train"] == (message["role"] == "assistant")
        for path in row["images"]:
            assert (out / path).is_file()


@pytest.mark.hf
def test_trajectories_export_for_trl(agent_run, tmp_path) -> None:
    import datasets

    root, samples, _ = agent_run
    done = visreason_cli("agent-export", str(root / "run"), "--to", "trl", "--out",
                         str(tmp_path / "trl"))
    assert "0 left out" in done.stdout
    table = datasets.load_dataset("parquet", data_files=str(tmp_path / "trl" /
                                                            "train.parquet"))["train"]
    assert len(table) == len(samples)
    for row in table:
        images = sum(1 for m in row["messages"] for p in m["content"]
                     if isinstance(m["content"], list) and p["type"] == "image")
        assert images == len(row["images"])
        assert all(m["train"] == (m["role"] == "assistant") for m in row["messages"])
        assert {m["role"] for m in row["messages"]} <= {"system", "user", "assistant", "tool"}


@pytest.mark.hf
def test_tool_export_command(agent_run, tmp_path) -> None:
    import pyarrow.parquet as pq

    root, samples, _ = agent_run
    visreason_cli("tool-export", str(root / "data"), "--to", "trl", "--out", str(tmp_path))
    rows = pq.read_table(tmp_path / "train.parquet").to_pylist()
    assert len(rows) == len(samples) and all(len(r["images"]) == 1 for r in rows)
    assert all(json.loads(r["meta"])["tool"] for r in rows)


def test_tool_tasks_from_one_split(tmp_path) -> None:
    from visreason.core.splits import split_of_key

    visreason_cli("tool-tasks", "--games", "maze", "--levels", "easy", "--per-task", "2",
                  "--split", "test", "--answer-form", "open", "--out", str(tmp_path / "t"),
                  "--quiet", "--workers", "1")
    samples = list(read_dataset(tmp_path / "t"))
    assert len(samples) == 2 * len(visreason.tasks("maze"))
    game = visreason.get_game("maze")
    for s in samples:
        assert s.partition == "test" and s.answer_form == "open"
        assert split_of_key("maze", game.state_key(s.state)) == "test"


def test_generate_tool_tasks_goes_through_the_resumable_run(tmp_path) -> None:
    from visreason.tools.tasks import tool_sample

    out = tmp_path / "g"
    visreason_cli("generate", "--games", "tictactoe", "--levels", "easy", "--per-task", "2",
                  "--tool-tasks", "rotate90,flip_h", "--split", "train", "--out", str(out),
                  "--quiet", "--workers", "1")
    samples = list(read_dataset(out))
    assert len(samples) == 2 * len(visreason.tasks("tictactoe"))
    for s in samples:
        assert s.meta["tool"]["transform"] in ("rotate90", "flip_h") and s.partition == "train"
        index = int(s.meta["tool"]["base_id"].split("/")[-1].split("@")[0])
        base = visreason.generate(s.task_id, "easy", 0, index, split="train")
        again = tool_sample(base, 0, ("rotate90", "flip_h"))
        assert s.load_image().convert("RGB").tobytes() == again.image.convert("RGB").tobytes()
    bad = visreason_cli("generate", "--games", "maze", "--tool-tasks", "--text-only", "--out",
                        str(tmp_path / "x"), check=False)
    assert bad.returncode == 2 and "cannot go with --text-only" in bad.stderr
