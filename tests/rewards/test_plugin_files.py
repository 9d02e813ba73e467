"""The reward files verl, ms-swift and OpenRLHF load by path, loaded the trainers' way.

Each check runs in a fresh interpreter (nothing of visreason imported beforehand) and scores
rows of a real export with right answers and near misses. The emulated checks restate each
trainer's loading and calling code; the marked checks run the trainer's own functions, in an
interpreter that has the trainer installed (`VISREASON_<TRAINER>_PYTHON`, or this one).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import visreason
from visreason import rewards
from visreason.data.export import export_samples
from visreason.rewards.plugins import FILES, plugin_file

from .conftest import wrong_answer

DRIVER = Path(__file__).with_name("trainer_drivers.py")
REWARDS_DIR = Path(rewards.__file__).parent


@pytest.fixture(scope="module")
def exported(tmp_path_factory, samples) -> dict[str, Path]:
    """verl and ms-swift exports of one sample per task and form, and their completions."""
    root = tmp_path_factory.mktemp("plugin-data")
    export_samples(samples, root / "verl", "verl")
    export_samples(samples, root / "swift", "swift")
    cases = [{"right": rewards.render_answer(s.answer, "think"),
              "wrong": rewards.render_answer(wrong_answer(s), "think")} for s in samples]
    (root / "cases.json").write_text(json.dumps(cases))
    return {"verl": root / "verl" / "train.parquet", "swift": root / "swift" / "train.jsonl",
            "openrlhf": root / "swift" / "train.jsonl", "cases": root / "cases.json"}


def drive(python: str, trainer: str, mode: str, plugin: Path, exported: dict[str, Path]) -> dict:
    done = subprocess.run([python, str(DRIVER), trainer, mode, str(plugin),
                           str(exported[trainer]), str(exported["cases"])],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def check(trainer: str, result: dict, count: int) -> None:
    if trainer == "verl":  # accuracy + 0.5 x format, and every right answer keeps the format
        assert result["right"] == [1.5] * count
        assert result["wrong"] == [0.5] * count
    elif trainer == "swift":  # [accuracy per row, format per row]
        assert result["right"] == [[1.0] * count, [1.0] * count]
        assert result["wrong"] == [[0.0] * count, [1.0] * count]
        assert result["shadowed"] == []
    else:
        assert result["right"] == [1.0] * count
        assert result["wrong"] == [0.0] * count
        assert all(log["visreason/format"] == 1.0 for log in result["logs"])


def test_plugin_files_use_absolute_imports_and_shadow_nothing() -> None:
    folder = plugin_file("verl").parent
    names = {p.stem for p in folder.glob("*.py")}
    assert names == {"__init__", *(Path(f).stem for f in FILES.values())}
    for path in [*folder.glob("*_reward.py"), *(REWARDS_DIR / f"{n}.py" for n in (
            "verl", "openrlhf", "swift_plugin"))]:
        text = path.read_text()
        assert "from ." not in text and "import ." not in text, path


@pytest.mark.parametrize("trainer", ["verl", "swift", "openrlhf"])
def test_each_plugin_file_loads_and_scores_the_trainers_way(trainer, exported, samples) -> None:
    result = drive(sys.executable, trainer, "emulated", plugin_file(trainer), exported)
    check(trainer, result, len(samples))


@pytest.mark.parametrize(("trainer", "module"), [("verl", "verl"), ("openrlhf", "openrlhf")])
def test_the_reward_modules_also_load_by_path(trainer, module, exported, samples) -> None:
    result = drive(sys.executable, trainer, "emulated", REWARDS_DIR / f"{module}.py", exported)
    check(trainer, result, len(samples))


def test_reward_file_command_prints_each_path() -> None:
    for trainer in FILES:
        done = subprocess.run([sys.executable, "-m", "visreason", "reward-file", trainer],
                              capture_output=True, text=True, check=True)
        assert Path(done.stdout.strip()) == plugin_file(trainer)
        assert Path(done.stdout.strip()).exists()


@pytest.mark.verl
def test_verl_loads_the_file_with_its_own_loader(trainer_python, exported, samples) -> None:
    result = drive(trainer_python("verl"), "verl", "real", plugin_file("verl"), exported)
    check("verl", result, len(samples))
    assert Path(result["visreason"]).parent == Path(visreason.__file__).parent


@pytest.mark.swift
def test_swift_loads_the_plugin_with_its_own_loader(trainer_python, exported, samples) -> None:
    result = drive(trainer_python("swift"), "swift", "real", plugin_file("swift"), exported)
    check("swift", result, len(samples))


@pytest.mark.openrlhf
def test_openrlhf_loads_the_file_with_its_own_loader(trainer_python, exported, samples) -> None:
    result = drive(trainer_python("openrlhf"), "openrlhf", "real", plugin_file("openrlhf"),
                   exported)
    check("openrlhf", result, len(samples))
