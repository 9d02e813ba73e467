"""Exports: each trainer's layout, read back the way that trainer reads it, scores 1.0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

import visreason
import visreason.data
from visreason import VisreasonError, rewards
from visreason.cli import main
from visreason.data import RunConfig, run_dataset
from visreason.data.export import TARGETS, export_dataset, export_samples
from visreason.rewards import openrlhf, swift_plugin, verl


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("src") / "ds"
    games = tuple(visreason.game_names())
    run_dataset(root, RunConfig(games, ("easy",), 1, 3, "jsonl", False, 64), workers=1)
    return root


def _count(dataset: Path) -> int:
    return len((dataset / "data.jsonl").read_text().splitlines())


@pytest.mark.hf
def test_verl_parquet(dataset, tmp_path) -> None:
    import datasets
    export_dataset(dataset, tmp_path, "verl", answer_format="boxed")
    table = datasets.load_dataset("parquet", data_files=str(tmp_path / "train.parquet"),
                                  split="train")
    assert len(table) == _count(dataset)
    for row in table:
        assert row["prompt"][0]["role"] == "user" and row["prompt"][0]["content"].startswith(
            "<image>")
        assert row["reward_model"]["style"] == "rule"
        assert Image.open(__import__("io").BytesIO(row["images"][0]["bytes"])).size[0] > 0
        truth, info = row["reward_model"]["ground_truth"], row["extra_info"]
        right = rewards.render_answer(truth, "boxed")
        assert verl.compute_score(row["data_source"], right, truth, info) == 1.0
        assert rewards.instruction("boxed") in row["prompt"][0]["content"]


@pytest.mark.parametrize("target", ["swift", "llamafactory"])
def test_jsonl_messages_and_images(dataset, tmp_path, target) -> None:
    export_dataset(dataset, tmp_path, target)
    rows = [json.loads(line) for line in (tmp_path / "train.jsonl").read_text().splitlines()]
    assert len(rows) == _count(dataset)
    for row in rows:
        assert row["messages"][0]["content"].startswith("<image>")
        image = Path(row["images"][0])
        assert image.is_absolute() == (target == "swift")
        assert Image.open(image if image.is_absolute() else tmp_path / image).size[0] > 0
        # ms-swift hands these columns to the ORM plugin; OpenRLHF gets `label`.
        acc = swift_plugin.VisreasonAccuracy()
        assert acc([f"<answer>{row['solution']}</answer>"], **{k: [v] for k, v in row.items()}) \
            == [1.0]
        assert openrlhf.scores(["x Answer: " + row["answer"]], ["x"], [row["label"]])[0] == [1.0]
    if target == "llamafactory":
        info = json.loads((tmp_path / "dataset_info.json").read_text())
        entry = info["visreason_train"]
        assert entry["file_name"] == "train.jsonl" and entry["formatting"] == "sharegpt"
        assert rows[0]["messages"][-1]["role"] == "assistant"
        assert rewards.follows_format(rows[0]["messages"][-1]["content"], "think")
        assert visreason.verify(rewards.sample_from_row(rows[0]),
                                rows[0]["messages"][-1]["content"]) == 1.0
    else:
        assert rows[0]["messages"][-1]["role"] == "user"


def test_sharegpt(dataset, tmp_path) -> None:
    export_dataset(dataset, tmp_path, "sharegpt", answer_format="answer")
    rows = json.loads((tmp_path / "train.json").read_text())
    assert [m["from"] for m in rows[0]["conversations"]] == ["human", "gpt"]
    assert (tmp_path / rows[0]["images"][0]).exists()
    assert rewards.follows_format(rows[0]["conversations"][1]["value"], "answer")


@pytest.mark.hf
def test_trl_parquet_feeds_the_trl_rewards(dataset, tmp_path) -> None:
    import datasets
    export_dataset(dataset, tmp_path, "trl")
    table = datasets.load_dataset("parquet", data_files=str(tmp_path / "train.parquet"),
                                  split="train")
    batch = table[:4]
    assert isinstance(batch["images"][0][0], Image.Image)
    assert isinstance(batch["prompt"][0][0]["content"], str)
    columns = {k: v for k, v in batch.items() if k != "prompt"}
    completions = [[{"role": "assistant", "content": rewards.render_answer(a, "think")}]
                   for a in batch["answer"]]
    assert rewards.accuracy(prompts=batch["prompt"], completions=completions, **columns) \
        == [1.0] * 4
    assert rewards.format(prompts=batch["prompt"], completions=completions, **columns) \
        == [1.0] * 4


def test_cli_export_and_errors(dataset, tmp_path, capsys) -> None:
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as done:
        main(["export", str(dataset), "--to", "swift", "--out", str(out), "--limit", "2"])
    assert done.value.code == 0
    assert len((out / "train.jsonl").read_text().splitlines()) == 2
    with pytest.raises(SystemExit) as failed:
        main(["export", str(tmp_path / "out"), "--to", "verl"])
    assert failed.value.code == 2
    assert "error:" in capsys.readouterr().err
    with pytest.raises(VisreasonError, match="unknown export target"):
        export_dataset(dataset, tmp_path / "x", "axolotl")
    assert set(TARGETS) == {"verl", "swift", "llamafactory", "trl", "sharegpt"}


def llamafactory_keeps(messages: list[dict]) -> bool:
    """LLaMA-Factory's sharegpt reader: after an optional system message, user and assistant
    turns alternate and there is an even number of them; other rows are dropped."""
    if messages and messages[0]["role"] == "system":
        messages = messages[1:]
    expected = ("user", "assistant")
    return len(messages) % 2 == 0 and all(
        m["role"] == expected[i % 2] for i, m in enumerate(messages))


@pytest.mark.parametrize("assistant", [True, False])
@pytest.mark.parametrize("system", [None, "Be brief."])
def test_llamafactory_rows_are_never_dropped(dataset, tmp_path, assistant, system) -> None:
    export_dataset(dataset, tmp_path, "llamafactory", assistant=assistant, system_prompt=system)
    rows = [json.loads(line) for line in (tmp_path / "train.jsonl").read_text().splitlines()]
    assert len(rows) == _count(dataset)
    assert all(llamafactory_keeps(row["messages"]) for row in rows)
    if not assistant:
        assert all(row["messages"][-1] == {"role": "assistant", "content": ""} for row in rows)
    info = json.loads((tmp_path / "dataset_info.json").read_text())["visreason_train"]
    assert (tmp_path / info["file_name"]).exists()
    assert all((tmp_path / path).exists() for row in rows for path in row["images"])


def test_sharegpt_rows_carry_the_verifier_columns(dataset, tmp_path) -> None:
    export_dataset(dataset, tmp_path, "sharegpt", answer_format="answer")
    for row in json.loads((tmp_path / "train.json").read_text()):
        assert visreason.verify(row, row["conversations"][-1]["value"]) == 1.0


def test_a_failed_export_leaves_no_litter(dataset, tmp_path) -> None:
    """A new OUT is removed; an existing OUT keeps its earlier export untouched."""
    samples = list(visreason.data.read_dataset(dataset))
    broken = [*samples[:3], type(samples[0])(**{**samples[3].__dict__, "image": b"not a png"})]
    fresh = tmp_path / "fresh"
    with pytest.raises(VisreasonError, match=f"sample {samples[3].id}"):
        export_samples(broken, fresh, "swift")
    assert not fresh.exists()
    kept = tmp_path / "kept"
    export_samples(samples[:2], kept, "swift")
    before = {p: p.read_bytes() for p in kept.rglob("*") if p.is_file()}
    for target in ("swift", "verl", "sharegpt"):
        with pytest.raises(VisreasonError):
            export_samples(broken, kept, target)
    assert {p: p.read_bytes() for p in kept.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("target", TARGETS)
def test_exporting_nothing_is_an_error(tmp_path, target) -> None:
    with pytest.raises(VisreasonError, match="nothing to export"):
        export_samples([], tmp_path / "out", target)
    assert not (tmp_path / "out").exists()


def test_a_reexport_replaces_the_earlier_one(dataset, tmp_path) -> None:
    export_dataset(dataset, tmp_path, "swift")
    export_dataset(dataset, tmp_path, "swift", limit=2)
    rows = (tmp_path / "train.jsonl").read_text().splitlines()
    assert len(rows) == 2 and len(list((tmp_path / "images").iterdir())) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.hf
def test_verify_reads_every_row_form_the_project_writes(dataset, tmp_path) -> None:
    """Rows straight from our Parquet and from every export verify as they are."""
    import pyarrow.parquet as pq

    run_dataset(tmp_path / "pq", RunConfig(tuple(visreason.game_names()), ("easy",), 1, 3,
                                           "parquet", False, 64), workers=1)
    rows = [row for f in sorted((tmp_path / "pq" / "data").glob("*.parquet"))
            for row in pq.read_table(f).to_pylist()]
    for target in TARGETS:
        export_dataset(dataset, tmp_path / target, target, answer_format="answer")
    for target, name in (("verl", "train.parquet"), ("trl", "train.parquet")):
        rows += pq.read_table(tmp_path / target / name).to_pylist()
    for target in ("swift", "llamafactory"):
        rows += [json.loads(line) for line in (tmp_path / target / "train.jsonl").read_text()
                 .splitlines()]
    rows += json.loads((tmp_path / "sharegpt" / "train.json").read_text())
    assert len(rows) == 6 * _count(dataset)
    for row in rows:
        answer = (row.get("reward_model") or {}).get("ground_truth") or row["answer"]
        assert isinstance(row.get("state", row.get("extra_info", {}).get("state")), str)
        assert visreason.verify(row, rewards.render_answer(answer, "answer")) == 1.0, row.get("id")
