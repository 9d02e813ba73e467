#!/usr/bin/env bash
# GRPO with verl's tool agent loop: the model fixes corrupted pictures with visreason's code
# tool (visreason.tools.verl_tool.CodeImageTool) and is scored by the tool reward file.
# 1) tool tasks, exported for verl's tool agent (agent_name=tool_agent, tools_kwargs):
#      visreason tool-tasks --per-task 100 --split train --out data/tools
#      visreason tool-export data/tools --to verl --out data/tools-verl --full-resolution
#      visreason tool-tasks --per-task 10 --split test --out data/tools-test
#      visreason tool-export data/tools-test --to verl --split test --out data/tools-verl
# 2) run (verl 0.9.1 with vLLM or SGLang, GPUs, visreason[sandbox] and bubblewrap on every
#    rollout node):
set -euo pipefail
REWARD_FILE=$(python3 -c "from visreason.tools.plugins import VERL_REWARD; print(VERL_REWARD)")
TOOL_CONFIG=${TOOL_CONFIG:-examples/verl_code_image_tool.yaml}
python3 -m verl.trainer.main_ppo \
  algorithm.adv_estimator=grpo \
  data.train_files=data/tools-verl/train.parquet \
  data.val_files=data/tools-verl/test.parquet \
  data.image_key=images data.return_raw_chat=True \
  data.max_prompt_length=4096 data.max_response_length=4096 \
  data.train_batch_size=64 \
  actor_rollout_ref.model.path=Qwen/Qwen2.5-VL-7B-Instruct \
  actor_rollout_ref.rollout.name=sglang actor_rollout_ref.rollout.mode=async \
  actor_rollout_ref.rollout.n=8 \
  actor_rollout_ref.rollout.multi_turn.enable=True \
  actor_rollout_ref.rollout.multi_turn.format=hermes \
  actor_rollout_ref.rollout.multi_turn.tool_config_path="$TOOL_CONFIG" \
  actor_rollout_ref.rollout.multi_turn.max_assistant_turns=6 \
  actor_rollout_ref.rollout.multi_turn.max_tool_response_length=512 \
  actor_rollout_ref.actor.optim.lr=1e-6 \
  actor_rollout_ref.actor.use_kl_loss=False \
  reward.custom_reward_function.path="$REWARD_FILE" \
  reward.custom_reward_function.name=compute_score \
  trainer.n_gpus_per_node=8 trainer.nnodes=1 trainer.total_epochs=2 \
  trainer.project_name=visreason trainer.experiment_name=tools-qwen2.5-vl-7b "$@"
