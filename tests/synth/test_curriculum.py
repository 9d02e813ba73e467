"""The thinking-induced curriculum: the split checked exactly, each stage's recipe, and the
files in TRL's, ms-swift's and LLaMA-Factory's documented layouts (TRL's through its own
SFT code path)."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest
from PIL import Image

from visreason.core.errors import VisreasonError
from visreason.core.sample import Sample
from visreason.synth.curriculum import STAGES, split_stages, stage_turns, write_curriculum


def item(index: int, image: str | None = None) -> Sample:
    return Sample(id=f"synth-text/en/area/{index}", game="synth_text", task="area",
                  category="multi_step", split="", qa_type="", plot_level="", qa_level="",
                  question=f"Question {index}?", options=None, answer=f"{index}",
                  answer_type="number", analysis=f"Thinking for {index}.", image=image,
                  state={}, seed=index, meta={"answer_text": f"The answer is {index}."},
                  answer_form="open")


def expected_order(ids: list[str], seed: int) -> list[str]:
    """The documented rule, re-derived: sort by the 63-bit blake2b hash of
    ('curriculum', seed, id), joined by the project's separator."""
    def key(sample_id: str) -> tuple[int, str]:
        raw = b"\x1f".join(str(p).encode() for p in ("curriculum", seed, sample_id))
        return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big") >> 1, \
            sample_id
    return sorted(ids, key=key)


@pytest.mark.parametrize(("count", "sizes"), [(4, [1, 1, 1, 1]), (10, [3, 3, 2, 2]),
                                              (13, [4, 3, 3, 3]), (400, [100] * 4)])
def test_the_split_is_exact(count, sizes) -> None:
    samples = [item(i) for i in range(count)]
    quarters = split_stages(samples, seed=0)
    assert [len(q) for q in quarters] == sizes
    order = expected_order([s.id for s in samples], 0)
    cuts = [sum(sizes[:k]) for k in range(5)]
    assert [[s.id for s in q] for q in quarters] == [order[cuts[k]:cuts[k + 1]]
                                                     for k in range(4)]
    shuffled = samples[:]
    random.Random(1).shuffle(shuffled)
    assert [[s.id for s in q] for q in split_stages(shuffled, 0)] == \
        [[s.id for s in q] for q in quarters]
    if count >= 10:
        assert [[s.id for s in q] for q in split_stages(samples, 1)] != \
            [[s.id for s in q] for q in quarters]


def test_each_stage_has_its_recipe() -> None:
    sample = item(7)
    one = stage_turns(sample, 1)
    assert one == ("Question 7?\n\nReasoning:\nThinking for 7.\n\nGive the answer that this "
                   "reasoning leads to.", "The answer is 7.")
    two = stage_turns(sample, 2)
    assert two[0].startswith("Question 7?\n\nAnswer: The answer is 7.") and \
        two[1] == "Thinking for 7."
    assert stage_turns(sample, 3) == ("Question 7?",
                                      "<think>\nThinking for 7.\n</think>\nThe answer is 7.")
    assert stage_turns(sample, 4) == ("Question 7?", "The answer is 7.")
    assert STAGES[0] == "question+thinking->answer" and STAGES[3] == "question->answer"
    bare = item(3)
    bare.meta = {}
    assert stage_turns(bare, 4) == ("Question 3?", "3")


def with_pictures(tmp_path: Path, count: int) -> list[Sample]:
    samples = []
    for i in range(count):
        path = tmp_path / f"p{i}.png"
        Image.new("RGB", (56, 56), (i * 20 % 256, 40, 90)).save(path)
        samples.append(item(i, str(path) if i % 2 == 0 else None))
    return samples


def check_chat_file(folder: Path, stage: int, ids: list[str], samples: dict[str, Sample],
                    absolute: bool) -> None:
    rows = [json.loads(x) for x in (folder / f"stage{stage}.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ids
    for row in rows:
        sample = samples[row["id"]]
        messages = row["messages"]
        # one user turn, then one assistant turn: the roles alternate from the user
        assert [m["role"] for m in messages] == ["user", "assistant"]
        assert all(isinstance(m["content"], str) for m in messages)
        user, assistant = stage_turns(sample, stage)
        assert messages[1]["content"] == assistant
        images = row["images"]
        assert messages[0]["content"] == "<image>" * len(images) + user
        assert len(images) == (1 if sample.image else 0)
        for image in images:
            assert Path(image).is_absolute() == absolute
            path = Path(image) if absolute else folder / image
            assert path.read_bytes() == Path(sample.image).read_bytes()


def test_files_follow_each_trainers_layout(tmp_path) -> None:
    samples = with_pictures(tmp_path, 10)
    by_id = {s.id: s for s in samples}
    summary = write_curriculum(samples, tmp_path / "out", seed=0)
    assert summary.sizes == [3, 3, 2, 2]
    out = tmp_path / "out"
    manifest = json.loads((out / "curriculum.json").read_text())
    assert [manifest["stages"][str(k)]["ids"] for k in range(1, 5)] == \
        [summary.stages[k] for k in range(1, 5)]
    for stage in range(1, 5):
        check_chat_file(out / "swift", stage, summary.stages[stage], by_id, absolute=True)
        check_chat_file(out / "llamafactory", stage, summary.stages[stage], by_id,
                        absolute=False)
    info = json.loads((out / "llamafactory" / "dataset_info.json").read_text())
    assert sorted(info) == [f"visreason_curriculum_stage{k}" for k in range(1, 5)]
    for k in range(1, 5):
        entry = info[f"visreason_curriculum_stage{k}"]
        assert (out / "llamafactory" / entry["file_name"]).is_file()
        assert entry["formatting"] == "sharegpt"
        assert entry["columns"] == {"messages": "messages", "images": "images"}
        assert entry["tags"] == {"role_tag": "role", "content_tag": "content",
                                 "user_tag": "user", "assistant_tag": "assistant"}
    # a second export replaces the first whole
    write_curriculum(samples[:4], out, ["swift"], seed=0)
    assert len(list((out / "swift").glob("stage*.jsonl"))) == 4
    assert sum(len(p.read_text().splitlines()) for p in (out / "swift").glob("*.jsonl")) == 4


@pytest.mark.hf
def test_the_trl_files_load_as_prompt_completion_with_pictures(tmp_path) -> None:
    import datasets

    samples = with_pictures(tmp_path, 8)
    by_id = {s.id: s for s in samples}
    summary = write_curriculum(samples, tmp_path / "out", ["trl"])
    for stage in range(1, 5):
        data = datasets.load_dataset("parquet", split="train", data_files=str(
            tmp_path / "out" / "trl" / f"stage{stage}.parquet"))
        assert data["id"] == summary.stages[stage]
        for row in data:
            user, assistant = stage_turns(by_id[row["id"]], stage)
            assert row["prompt"] == [{"role": "user", "content": user}]
            assert row["completion"] == [{"role": "assistant", "content": assistant}]
            picture = by_id[row["id"]].image
            assert len(row["images"]) == (1 if picture else 0)
            if picture:
                assert row["images"][0].size == (56, 56)


def test_too_few_items_or_unknown_formats_are_refused(tmp_path) -> None:
    with pytest.raises(VisreasonError, match="at least 4"):
        write_curriculum([item(i) for i in range(3)], tmp_path)
    with pytest.raises(VisreasonError, match="unknown curriculum format"):
        write_curriculum([item(i) for i in range(4)], tmp_path, ["axolotl"])
    with pytest.raises(VisreasonError, match="unique"):
        write_curriculum([item(1)] * 4, tmp_path)


@pytest.mark.trl
def test_trls_sft_trainer_trains_on_every_stage(tmp_path) -> None:
    import datasets
    from trl import SFTConfig, SFTTrainer

    from tests.rewards.tiny_vlm import build_model, build_processor, build_tokenizer

    samples = with_pictures(tmp_path, 8)
    write_curriculum(samples, tmp_path / "out", ["trl"])
    tokenizer = build_tokenizer()
    processor = build_processor(tokenizer)
    model = build_model(tokenizer)
    for stage in range(1, 5):
        data = datasets.load_dataset("parquet", split="train", data_files=str(
            tmp_path / "out" / "trl" / f"stage{stage}.parquet"))
        args = SFTConfig(output_dir=str(tmp_path / f"sft{stage}"), max_steps=1,
                         per_device_train_batch_size=2, report_to="none", use_cpu=True,
                         save_strategy="no", logging_steps=1, dataloader_num_workers=0,
                         max_length=None)
        trainer = SFTTrainer(model=model, args=args, train_dataset=data,
                             processing_class=processor)
        trainer.train()
        assert trainer.state.global_step == 1
        assert trainer.state.log_history[0]["loss"] > 0


SWIFT_LOADER = """
import json, sys
from swift.dataset import load_dataset
rows = []
for path in sys.argv[1:]:
    data = load_dataset([path], remove_unused_columns=False)[0]
    rows.append([{"id": r["id"], "messages": r["messages"],
                  "images": [i["path"] if isinstance(i, dict) else i for i in r["images"] or []]}
                 for r in data])
print(json.dumps(rows))
"""


@pytest.mark.swift
def test_ms_swift_reads_every_stage_with_its_own_loader(tmp_path, trainer_python) -> None:
    import subprocess

    samples = with_pictures(tmp_path, 8)
    by_id = {s.id: s for s in samples}
    summary = write_curriculum(samples, tmp_path / "out", ["swift"])
    files = [str(tmp_path / "out" / "swift" / f"stage{k}.jsonl") for k in range(1, 5)]
    done = subprocess.run([trainer_python("swift"), "-c", SWIFT_LOADER, *files], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    stages = json.loads(done.stdout.strip().splitlines()[-1])
    for stage, rows in enumerate(stages, 1):
        assert [r["id"] for r in rows] == summary.stages[stage]
        for row in rows:
            user, assistant = stage_turns(by_id[row["id"]], stage)
            images = row["images"]
            assert row["messages"] == [
                {"role": "user", "content": "<image>" * len(images) + user},
                {"role": "assistant", "content": assistant}]
            picture = by_id[row["id"]].image
            assert [Path(p).read_bytes() for p in images] == \
                ([Path(picture).read_bytes()] if picture else [])
