"""TRL's GRPOTrainer in tool mode drives the code tool: real trainer, real sandbox.

The tiny Qwen2-VL of tests/rewards (random weights, built from a config) gets a Qwen3-VL chat
template with tool calls and a few whole-phrase tokens: a tool call that rotates the picture
back, one whose code fails, and one answer per option letter. Generation may only pick those
(plus the end of turn), so an untrained model makes real calls that TRL parses, the
environment runs them in the sandbox, the new picture goes back into the conversation, and
the rewards differ within a group, so the weights move.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

import visreason
from visreason.tools.rewards import score_trajectory, tool_reward
from visreason.tools.sandbox import SandboxLimits, SandboxPool
from visreason.tools.tasks import tool_sample

from ..rewards.tiny_vlm import IMAGE_SIDE, build_model, build_processor, build_tokenizer

GENERATIONS, PROMPTS, STEPS = 4, 2, 2


def _call(code: str) -> str:
    body = {"name": "code_image_tool", "arguments": {"code": code, "image_index": 0}}
    return "<tool_call>\n" + json.dumps(body) + "\n</tool_call>"


UNDO = _call("result = image.rotate(-90, expand=True)")
BROKEN = _call("result = image.rotat(90)")


@pytest.mark.trl
def test_grpo_calls_the_code_tool_through_its_environment(tmp_path) -> None:
    import datasets
    import torch
    from trl import GRPOConfig, GRPOTrainer
    from trl.chat_template_utils import qwen3_vl_chat_template

    from visreason.tools.trl import CodeImageEnv, tool_dataset

    tokenizer = build_tokenizer()
    letters = [f"<answer>{c}</answer>" for c in "ABCDEFGH"]
    tokenizer.add_tokens([UNDO, BROKEN, *letters])
    tokenizer.chat_template = qwen3_vl_chat_template
    processor = build_processor(tokenizer)
    processor.chat_template = qwen3_vl_chat_template
    model = build_model(tokenizer)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}

    tasks = [t for t in visreason.tasks() if t.answer_type == "choice"]
    samples = []
    for task in tasks:
        base = visreason.generate(task.id, "medium", 0, 0)
        if len(base.options) <= 8:  # a short question keeps the char-level prompt small
            samples.append(replace(tool_sample(base, 0, transform="rotate90"),
                                   question="Which option?"))
        if len(samples) == PROMPTS * STEPS:
            break
    data = datasets.Dataset.from_list(tool_dataset(samples))

    pool = SandboxPool(2, SandboxLimits(timeout=10, cpu_seconds=5))
    environments: list[CodeImageEnv] = []

    class Env(CodeImageEnv):
        def __init__(self) -> None:
            super().__init__()
            environments.append(self)

    Env.pool = pool
    end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    allowed = set(tokenizer.convert_tokens_to_ids([UNDO, BROKEN, *letters])) | {end}
    suppressed = [i for i in range(len(tokenizer)) if i not in allowed]
    # Short turns (one or two phrases, then the end of turn) keep rollouts within the budget.
    generation = {"suppress_tokens": suppressed, "min_new_tokens": 1,
                  "sequence_bias": [[[end], 2.5]]}
    seen: list[dict] = []

    def recorded(**kwargs):
        out = tool_reward(**kwargs)
        seen.append({"completions": kwargs["completions"], "out": out,
                     "calls": [list(e.session.calls) for e in kwargs["environments"]],
                     "answers": kwargs["answer"], "metas": kwargs["meta"],
                     "ids": kwargs["id"]})
        return out

    recorded.__name__ = "tool_score"
    args = GRPOConfig(
        output_dir=str(tmp_path), per_device_train_batch_size=GENERATIONS * PROMPTS,
        num_generations=GENERATIONS, max_completion_length=400, max_steps=STEPS,
        max_tool_calling_iterations=2, generation_kwargs=generation,
        logging_steps=1, report_to="none", use_cpu=True, save_strategy="no",
        learning_rate=5e-2, beta=0.0, seed=0, dataloader_num_workers=0,
    )
    try:
        trainer = GRPOTrainer(model=model, processing_class=processor, args=args,
                              train_dataset=data, reward_funcs=[recorded],
                              environment_factory=Env)
        trainer.train()
    finally:
        pool.close()

    assert trainer.state.global_step == STEPS
    assert len(seen) == STEPS
    calls = [c for step in seen for rollout in step["calls"] for c in rollout]
    assert calls, "the model never called the tool"
    assert any(c.restored for c in calls)  # the sandbox rotated the picture back
    assert any(c.status == "error" and "rotat" in c.error for c in calls)  # and reported
    assert all(c.image_index == 0 for c in calls)
    # Every reward is re-derived from the completion and the environment's call records.
    replied = 0
    for step in seen:
        for completion, out, rollout, sample_id in zip(step["completions"], step["out"],
                                                       step["calls"], step["ids"],
                                                       strict=True):
            sample = next(s for s in samples if s.id == sample_id)
            from visreason.tools.rewards import message_turns

            expected = score_trajectory(sample, message_turns(completion), rollout)["score"]
            assert out == pytest.approx(expected)
            tool_messages = [m for m in completion if m.get("role") == "tool"]
            # TRL drops the replies of a round that would overrun the length budget.
            assert len(tool_messages) <= len(rollout)
            replied += len(tool_messages) == len(rollout) > 0
            for message, call in zip(tool_messages, rollout, strict=False):
                pictures = [p for p in message["content"] if p.get("type") == "image"]
                assert len(pictures) == max(1, len(call.outputs))
    assert replied  # some rollouts got every reply back, pictures included
    logs = [h for h in trainer.state.log_history if "rewards/tool_score/mean" in h]
    assert len(logs) == STEPS and any(h.get("tools/call_frequency", 0) > 0 for h in logs)
    assert len({round(v, 6) for step in seen for v in step["out"]}) > 1
    assert any(not torch.equal(before[n], p) for n, p in model.named_parameters())
    assert IMAGE_SIDE  # the tiny model's picture side bounds every picture it sees
