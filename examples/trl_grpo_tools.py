"""GRPO with TRL's tool mode: the model fixes corrupted pictures with visreason's code tool.

Usage (one GPU node; add `accelerate launch` for several):
    pip install 'visreason[train,sandbox]'   # and the Debian package bubblewrap
    python examples/trl_grpo_tools.py --model Qwen/Qwen3-VL-2B-Instruct --steps 300

Each prompt's picture is rotated, mirrored, shrunk into a large canvas or washed out (or, for
control items, left alone). TRL offers `CodeImageEnv.code_image_tool` to the model, runs its
calls in the sandbox and shows it the new picture; the reward is accuracy + 0.1 x format +
0.5 x repairing the picture - penalties for failing or needless calls. TRL parses tool calls
with the chat template's response schema, which it knows for Qwen3-VL; other templates need
`processor.tokenizer.response_template` set by hand.
"""

from __future__ import annotations

import argparse

import datasets
from transformers import AutoModelForImageTextToText, AutoProcessor
from trl import GRPOConfig, GRPOTrainer

import visreason
from visreason.tools import rewards
from visreason.tools.sandbox import SandboxPool
from visreason.tools.tasks import tool_sample
from visreason.tools.trl import CodeImageEnv, tool_dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="Qwen/Qwen3-VL-2B-Instruct")
    parser.add_argument("--per-task", type=int, default=40)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--out", default="runs/grpo-tools")
    parser.add_argument("--sandbox-workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()

    samples = [tool_sample(visreason.generate(task.id, level, options.seed, index), options.seed)
               for task in visreason.tasks() for level in task.plot_levels
               for index in range(options.per_task)]
    data = datasets.Dataset.from_list(tool_dataset(samples)).shuffle(seed=options.seed)

    class Env(CodeImageEnv):  # one sandbox pool for every rollout of this process
        pool = SandboxPool(options.sandbox_workers)
        max_calls = 6

    processor = AutoProcessor.from_pretrained(options.model, padding_side="left")
    model = AutoModelForImageTextToText.from_pretrained(options.model, dtype="bfloat16")
    config = GRPOConfig(
        output_dir=options.out, max_steps=options.steps, learning_rate=1e-6, beta=0.0,
        per_device_train_batch_size=8, num_generations=8, gradient_accumulation_steps=2,
        max_completion_length=2048, max_tool_calling_iterations=6, temperature=1.0,
        bf16=True, logging_steps=5, save_steps=100, seed=options.seed,
    )
    trainer = GRPOTrainer(
        model=model, processing_class=processor, args=config, train_dataset=data,
        environment_factory=Env, reward_funcs=[rewards.tool_reward],
    )
    trainer.train()


if __name__ == "__main__":
    main()
