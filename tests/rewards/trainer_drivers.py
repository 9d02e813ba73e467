"""Load a reward file the way each trainer does and score exported rows with it.

Run in a fresh interpreter: `python trainer_drivers.py TRAINER MODE PLUGIN DATA CASES`, where
MODE is `emulated` (the trainer's loading code, restated) or `real` (the trainer's own loader
and reward-calling functions, which need the trainer installed). CASES is a JSON list with
one {"right", "wrong"} completion per row of DATA. Prints one JSON object with the results.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import json
import os
import sys
from functools import partial
from pathlib import Path
from typing import Any


def _exec_file(name: str, path: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parquet_rows(path: str) -> list[dict[str, Any]]:
    import datasets

    return list(datasets.load_dataset("parquet", data_files=path, split="train"))


def _jsonl_rows(path: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(path).read_text("utf-8").splitlines()]


def verl(mode: str, plugin: str, data: str, cases: list[dict[str, str]]) -> dict[str, Any]:
    """verl: load `compute_score` from the file, merge reward_kwargs, call per response with
    keyword arguments, after adding `num_turns` and `rollout_reward_scores` to extra_info."""
    kwargs = {"format_weight": 0.5}
    if mode == "real":
        from omegaconf import OmegaConf
        from verl.trainer.ppo.reward import get_custom_reward_fn

        settings = {"path": plugin, "name": "compute_score", "reward_kwargs": kwargs}
        score = get_custom_reward_fn(OmegaConf.create(
            {"reward": {"custom_reward_function": settings}, "custom_reward_function": settings}))
    else:
        module = _exec_file(f"custom_module_{hash(os.path.abspath(plugin))}", plugin)

        def score(*args: Any, **call: Any) -> Any:
            return module.compute_score(*args, **{**call, **kwargs})

    out: dict[str, list[Any]] = {"right": [], "wrong": []}
    for row, case in zip(_parquet_rows(data), cases, strict=True):
        for which in ("right", "wrong"):
            extra = dict(row["extra_info"], num_turns=None, rollout_reward_scores={})
            out[which].append(score(data_source=row["data_source"], solution_str=case[which],
                                    ground_truth=row["reward_model"]["ground_truth"],
                                    extra_info=extra))
    return out


def swift(mode: str, plugin: str, data: str, cases: list[dict[str, str]]) -> dict[str, Any]:
    """ms-swift: import the file as an external plugin, instantiate the registered ORMs with
    `args=`, and call each with the completions and the batched dataset columns."""
    names = ["visreason_accuracy", "visreason_format"]
    out: dict[str, Any] = {}
    if mode == "real":
        import torch
        from swift.dataset import load_dataset
        from swift.rl_core.data import GRPOSample
        from swift.rl_core.grpo_algorithm import compute_rewards_per_func
        from swift.rlhf_trainers.utils import resolve_reward_funcs
        from swift.utils import import_external_file

        import_external_file(plugin)
        funcs, _ = resolve_reward_funcs(names, args=None)
        rows = list(load_dataset([data], remove_unused_columns=False)[0])
        for which in ("right", "wrong"):
            samples = [GRPOSample.from_row({**row, "messages": [
                *row["messages"], {"role": "assistant", "content": case[which]}]})
                for row, case in zip(rows, cases, strict=True)]
            rewards = compute_rewards_per_func(samples, funcs, None, torch.device("cpu"))
            out[which] = rewards.T.tolist()
    else:
        sys.path.insert(0, os.path.dirname(os.path.abspath(plugin)))
        digest = hashlib.sha256(os.path.abspath(plugin).encode()).hexdigest()
        module = _exec_file(f"_swift_external_{digest}", plugin)
        funcs = [module.ORMS[name](args=None) for name in names]
        rows = _jsonl_rows(data)
        for which in ("right", "wrong"):
            completions = [case[which] for case in cases]
            columns: dict[str, Any] = {"trainer_state": None}
            for number, row in enumerate(rows):
                full = {**row, "messages": [*row["messages"],
                                            {"role": "assistant", "content": completions[number]}],
                        "prompt_id": str(number), "request_id": str(number),
                        "finish_reason": "stop", "is_truncated": False}
                for key, value in full.items():
                    columns.setdefault(key, []).append(value)
            out[which] = [func(completions, **columns) for func in funcs]
    out["shadowed"] = [name for name in ("trl", "verl", "swift", "datasets", "torch")
                       if (spec := importlib.util.find_spec(name)) is not None and spec.origin
                       and Path(spec.origin).parent == Path(plugin).resolve().parent]
    return out


class _Tokens:
    """A character-level stand-in for a tokenizer: ids are code points."""

    def __call__(self, text: str, add_special_tokens: bool = False,
                 return_tensors: str | None = None) -> dict[str, Any]:
        import torch

        return {"input_ids": torch.tensor([[ord(c) for c in text]])}

    def decode(self, ids: list[int], skip_special_tokens: bool = False) -> str:
        return "".join(chr(i) for i in ids)


class _Engine:
    """A stand-in for vLLM that "generates" a fixed completion."""

    def __init__(self, completion: str) -> None:
        self.completion = completion

    async def generate(self, prompt_ids: list[int], params: Any, multi_modal_data: Any = None):
        from types import SimpleNamespace

        output = SimpleNamespace(token_ids=[ord(c) for c in self.completion],
                                 finish_reason="stop", logprobs=None)
        return SimpleNamespace(outputs=[output])


def openrlhf(mode: str, plugin: str, data: str, cases: list[dict[str, str]]) -> dict[str, Any]:
    """OpenRLHF: load `reward_func` from the file, call it off the event loop with one-item
    lists (query = decoded prompt + response), read rewards/scores/extra_logs from its dict
    and turn them into the experience's tensors."""
    import torch

    out: dict[str, Any] = {"right": [], "wrong": [], "logs": []}
    rows = _jsonl_rows(data)
    if mode == "real":
        from types import SimpleNamespace

        from openrlhf.utils.agent import SingleTurnAgentExecutor

        executor = SingleTurnAgentExecutor(remote_rm_url=plugin)
    else:
        reward_func = _exec_file("reward_func", plugin).reward_func
    for row, case in zip(rows, cases, strict=True):
        prompt = f"<|im_start|>user\n{row['messages'][0]['content']}<|im_end|>\n" \
                 "<|im_start|>assistant\n"
        for which in ("right", "wrong"):
            if mode == "real":
                params = SimpleNamespace(max_tokens=len(case[which]) + 8, logprobs=None)
                result = asyncio.run(executor.execute(prompt, row["label"], params, 1 << 20,
                                                      _Tokens(), _Engine(case[which])))
                reward, logs = result["reward"], result["extra_logs"]
            else:
                info = asyncio.run(asyncio.to_thread(partial(
                    reward_func, [prompt + case[which]], [prompt], [row["label"]])))
                reward, logs = info["rewards"], info["extra_logs"]
                assert set(info) == {"rewards", "scores", "extra_logs"}, info
            value = torch.tensor([reward]).flatten()[0].item()
            out[which].append(value)
            out["logs"].append({k: float(torch.tensor([v]).flatten()[0]) for k, v in logs.items()})
    return out


def main() -> None:
    trainer, mode, plugin, data, cases = sys.argv[1:6]
    driver = {"verl": verl, "swift": swift, "openrlhf": openrlhf}[trainer]
    result = driver(mode, plugin, data, json.loads(Path(cases).read_text("utf-8")))
    result["visreason"] = sys.modules["visreason"].__file__
    print(json.dumps(result))


if __name__ == "__main__":
    main()
