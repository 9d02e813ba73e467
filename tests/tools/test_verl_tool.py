"""The verl adapter, loaded and driven the way verl 0.9.1 does it, without verl installed.

A fresh interpreter restates verl's steps: `initialize_tools_from_config` (the YAML's
class_name imported through importlib.util.find_spec + exec_module, built with config and
tool_schema), the tool agent loop's `create(create_kwargs=...)` / `execute(instance_id,
arguments, agent_data=...)` / `release` around each call, appending returned pictures to
`agent_data.image_data`, then the reward manager merging `agent_data.extra_fields` into
`extra_info` and calling the reward file it loaded by path. verl's own classes are not
imported here (it is not installed), so `ToolResponse` is the module's stand-in.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import visreason
from visreason.rewards.rows import row_to_columns
from visreason.tools.plugins import VERL_REWARD
from visreason.tools.tasks import tool_sample
from visreason.tools.turns import TOOL_SCHEMA

CONFIG = Path(__file__).parents[2] / "examples" / "verl_code_image_tool.yaml"

DRIVER = r'''
import asyncio, importlib.util, io, json, sys
import yaml
from PIL import Image

config_path, reward_path, case_path = sys.argv[1:4]
case = json.load(open(case_path))

def get_tool_class(cls_name):  # verl.tools.tool_registry.get_tool_class
    module_name, class_name = cls_name.rsplit(".", 1)
    if module_name not in sys.modules:
        spec = importlib.util.find_spec(module_name)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    else:
        module = sys.modules[module_name]
    return getattr(module, class_name)

tools = []
for tool_config in yaml.safe_load(open(config_path))["tools"]:
    assert tool_config["config"]["type"] == "native"
    cls = get_tool_class(tool_config["class_name"])
    tools.append(cls(config=tool_config["config"], tool_schema=tool_config["tool_schema"]))
tool = {t.name: t for t in tools}["code_image_tool"]

class AgentData:  # the fields of verl's AgentData the loop hands to tools
    def __init__(self, images):
        self.image_data, self.extra_fields, self.request_id = images, {}, "r1"

async def call_tool(agent_data, arguments, tools_kwargs):  # ToolAgentLoop._call_tool
    kwargs = tools_kwargs.get("code_image_tool", {})
    instance_id, _ = await tool.create(create_kwargs=kwargs.get("create_kwargs", {}))
    try:
        response, reward, metrics = await tool.execute(instance_id, arguments,
                                                       agent_data=agent_data)
    finally:
        await tool.release(instance_id)
    for image in response.image or []:  # _handle_processing_tools_state
        agent_data.image_data.append(image)
    return response, reward, metrics

async def main():
    prompt_image = Image.open(io.BytesIO(bytes.fromhex(case["image"])))
    prompt_image.thumbnail((64, 64))  # verl hands the tool its own resized copy
    agent_data = AgentData([prompt_image])
    replies = []
    for arguments in case["calls"]:
        response, reward, metrics = await call_tool(agent_data, arguments,
                                                    case["tools_kwargs"])
        replies.append({"text": response.text, "images": [list(i.size) for i in
                                                          response.image or []],
                        "reward": reward, "metrics": metrics})
    extra_info = dict(case["extra_info"])
    extra_info.update(agent_data.extra_fields.items())  # NaiveRewardManager.run_single
    extra_info["num_turns"] = 2 * len(case["calls"]) + 2
    spec = importlib.util.spec_from_file_location("custom_module", reward_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    score = getattr(module, "compute_score")(data_source=case["data_source"],
                                             solution_str=case["response"],
                                             ground_truth=case["ground_truth"],
                                             extra_info=extra_info, details=True)
    print(json.dumps({"replies": replies, "score": score,
                      "calls": extra_info["visreason_calls"],
                      "module": sys.modules["visreason.tools.verl_tool"].__file__}))

asyncio.run(main())
'''


def _call(code: str, index: int = 0) -> dict:
    return {"code": code, "image_index": index}


@pytest.fixture(scope="module")
def sample() -> visreason.Sample:
    task = next(t for t in visreason.tasks("sudoku") if t.answer_type == "choice")
    return tool_sample(visreason.generate(task.id, "medium", 0, 0), 0, transform="rotate180")


def drive(tmp_path, sample, calls, response, full_resolution=True) -> dict:
    from visreason.render.encode import png_bytes

    data = png_bytes(sample.image)
    create = {"meta": row_to_columns(sample)["meta"]}
    if full_resolution:
        create["image"] = "data:image/png;base64," + __import__("base64").b64encode(
            data).decode()
    case = {"image": data.hex(), "calls": calls, "response": response,
            "tools_kwargs": {"code_image_tool": {"create_kwargs": create}},
            "extra_info": row_to_columns(sample), "data_source": "visreason/tools/sudoku",
            "ground_truth": sample.answer}
    (tmp_path / "case.json").write_text(json.dumps(case))
    (tmp_path / "driver.py").write_text(DRIVER)
    done = subprocess.run([sys.executable, str(tmp_path / "driver.py"), str(CONFIG),
                           str(VERL_REWARD), str(tmp_path / "case.json")],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def turn(text: str) -> str:
    return f"<think>Looking.</think>\n{text}"


def test_the_tool_loads_and_repairs_through_verls_steps(tmp_path, sample) -> None:
    calls = [_call("result = image.rotate(90, expand=True)"),
             _call("result = image.rotate(90, expand=True)", 1)]
    body = [json.dumps({"name": "code_image_tool", "arguments": c}) for c in calls]
    response = (turn(f"<tool_call>{body[0]}</tool_call>") + "\nuser\n<tool_response>\n"
                "Image 1\n</tool_response>\nassistant\n" + turn(f"<tool_call>{body[1]}"
                "</tool_call>") + "\nuser\n<tool_response>\nImage 2\n</tool_response>\n"
                "assistant\n" + turn(f"<answer>{sample.answer}</answer>"))
    result = drive(tmp_path, sample, calls, response)
    assert Path(result["module"]).parent == Path(visreason.__file__).parent / "tools"
    first, second = result["replies"]
    size = list(sample.image.size)
    assert first["images"] == [size[::-1] if size[0] != size[1] else size]  # full size
    assert first["metrics"]["ok"] and not first["metrics"]["restored"]
    assert second["metrics"]["restored"]  # two quarter turns undo the half turn
    assert [c["outputs"] for c in result["calls"]] == [[1], [2]]
    score = result["score"]
    assert score["accuracy"] == 1.0 and score["format"] == 1.0 and score["tool"] == 1.0
    assert score["score"] == pytest.approx(1.6)


def test_errors_reach_the_model_and_the_reward(tmp_path, sample) -> None:
    calls = [_call("import os"), _call("result = image", 5), _call("result = image.rotate(180)")]
    response = turn(f"<answer>{sample.answer}</answer>")
    result = drive(tmp_path, sample, calls, response, full_resolution=False)
    refused, missing, fixed = result["replies"]
    assert "not allowed" in refused["text"] and refused["images"] == []
    assert "does not exist" in missing["text"]
    assert fixed["metrics"]["restored"]
    assert result["score"]["penalty"] == pytest.approx(0.2)  # two failed calls
    assert result["score"]["tool"] == 1.0 and result["score"]["accuracy"] == 1.0
    assert result["score"]["score"] == pytest.approx(1.0 + 0.1 + 0.5 - 0.2)


def test_the_example_config_matches_the_tool_schema() -> None:
    import yaml

    config = yaml.safe_load(CONFIG.read_text())
    (tool,) = config["tools"]
    schema = tool["tool_schema"]["function"]
    assert tool["class_name"] == "visreason.tools.verl_tool.CodeImageTool"
    assert schema["name"] == TOOL_SCHEMA["function"]["name"]
    assert schema["parameters"] == TOOL_SCHEMA["function"]["parameters"] | {
        "properties": {k: {**v, "description": schema["parameters"]["properties"][k]
                           ["description"]}
                       for k, v in TOOL_SCHEMA["function"]["parameters"]["properties"].items()}}


def test_the_reward_file_uses_absolute_imports() -> None:
    text = VERL_REWARD.read_text()
    assert "from ." not in text and "import ." not in text


@pytest.mark.hf
def test_tool_tasks_export_for_verls_tool_agent(tmp_path, sample) -> None:
    import pyarrow.parquet as pq

    from visreason.tools.rl_export import export_tool_tasks

    path = export_tool_tasks([sample], tmp_path, "verl", full_resolution=True)
    (row,) = pq.read_table(path).to_pylist()
    assert row["agent_name"] == "tool_agent"
    create = row["extra_info"]["tools_kwargs"]["code_image_tool"]["create_kwargs"]
    assert json.loads(create["meta"])["tool"]["transform"] == "rotate180"
    assert create["image"] == row["images"][0]["bytes"]
    assert row["prompt"][0]["content"].startswith("<image>")
    assert row["reward_model"]["ground_truth"] == sample.answer
