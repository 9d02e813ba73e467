"""GRPO on Qwen2.5-VL with TRL, streamed visreason data and visreason's rule rewards.

Usage (one GPU node; add `accelerate launch` for several):
    pip install 'visreason[train]'
    python examples/trl_grpo_qwen2_5_vl.py --model Qwen/Qwen2.5-VL-3B-Instruct --steps 500

Data is generated on the fly (no dataset on disk); an adaptive curriculum moves each task
from easy to hard as its recent accuracy passes 0.8 (and back below 0.3).
"""

from __future__ import annotations

import argparse

from transformers import AutoProcessor, Qwen2_5_VLForConditionalGeneration
from trl import GRPOConfig, GRPOTrainer

from visreason import rewards
from visreason.data import stream
from visreason.data.curriculum import AdaptiveCurriculum


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="Qwen/Qwen2.5-VL-3B-Instruct")
    parser.add_argument("--games", default=None, help="Comma-separated games (default: all).")
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--out", default="runs/grpo-visreason")
    parser.add_argument("--image-size", type=int, default=448)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()

    curriculum = AdaptiveCurriculum(raise_above=0.8, lower_below=0.3, window=64)
    data = stream(options.games, seed=options.seed, curriculum=curriculum,
                  answer_format="think", image_size=options.image_size)
    processor = AutoProcessor.from_pretrained(options.model, padding_side="left")
    model = Qwen2_5_VLForConditionalGeneration.from_pretrained(options.model,
                                                               dtype="bfloat16")
    config = GRPOConfig(
        output_dir=options.out, max_steps=options.steps, learning_rate=1e-6, beta=0.0,
        per_device_train_batch_size=8, num_generations=8, gradient_accumulation_steps=2,
        max_completion_length=1024, temperature=1.0, bf16=True, logging_steps=5,
        save_steps=100, reward_weights=[1.0, 0.1], seed=options.seed,
    )
    trainer = GRPOTrainer(
        model=model, processing_class=processor, args=config, train_dataset=data,
        # Tracking accuracy feeds the curriculum; the format reward is weighted 0.1.
        reward_funcs=[curriculum.track(rewards.accuracy), rewards.format],
    )
    trainer.train()
    print("final levels:", curriculum.levels())


if __name__ == "__main__":
    main()
