#!/usr/bin/env bash
# GRPO with verl on exported visreason data, scored by visreason's compute_score.
# 1) generate and export (the held-out set by state hash: no board is in both splits):
#      visreason generate --per-task 200 --split train --answer-form mixed --format parquet --out data/vr
#      visreason export data/vr --to verl --out data/vr-verl
#      visreason generate --per-task 20 --split test --answer-form open --format parquet --out data/vr-test
#      visreason export data/vr-test --to verl --split test --out data/vr-verl-test
# 2) run (needs verl installed and GPUs; tested with verl 0.9.1's loader):
set -euo pipefail
REWARD_FILE=$(visreason reward-file verl)
python3 -m verl.trainer.main_ppo \
  algorithm.adv_estimator=grpo \
  data.train_files=data/vr-verl/train.parquet \
  data.val_files=data/vr-verl-test/test.parquet \
  data.image_key=images \
  data.max_prompt_length=2048 data.max_response_length=1024 \
  data.train_batch_size=128 \
  actor_rollout_ref.model.path=Qwen/Qwen2.5-VL-7B-Instruct \
  actor_rollout_ref.rollout.name=vllm actor_rollout_ref.rollout.n=8 \
  actor_rollout_ref.actor.optim.lr=1e-6 \
  actor_rollout_ref.actor.use_kl_loss=False \
  custom_reward_function.path="$REWARD_FILE" \
  custom_reward_function.name=compute_score \
  +custom_reward_function.reward_kwargs.format_weight=0.1 \
  trainer.n_gpus_per_node=8 trainer.nnodes=1 trainer.total_epochs=2 \
  trainer.project_name=visreason trainer.experiment_name=grpo-qwen2.5-vl-7b "$@"
