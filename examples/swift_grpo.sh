#!/usr/bin/env bash
# GRPO with ms-swift (what GameQA trained with), rewards from visreason's ORM plugin.
# 1) export:  visreason export data/vr --to swift --out data/vr-swift
#    GameQA users: visreason export games_data.json --from gameqa --to swift --out data/gq-swift
# 2) run (needs ms-swift installed and GPUs):
set -euo pipefail
PLUGIN=$(visreason reward-file swift)
swift rlhf \
  --rlhf_type grpo \
  --model Qwen/Qwen2.5-VL-7B-Instruct \
  --dataset data/vr-swift/train.jsonl \
  --external_plugins "$PLUGIN" \
  --reward_funcs visreason_accuracy visreason_format \
  --reward_weights 1.0 0.1 \
  --num_generations 8 --max_completion_length 1024 \
  --per_device_train_batch_size 4 --learning_rate 1e-6 --beta 0.0 \
  --use_vllm true --vllm_mode colocate \
  --output_dir runs/swift-grpo-visreason "$@"
