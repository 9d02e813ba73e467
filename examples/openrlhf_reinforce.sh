#!/usr/bin/env bash
# OpenRLHF (0.10.2 or later) with visreason's reward_func, on the text-only variant.
# 1) visreason generate --text-only --per-task 200 --out data/vr-text
#    visreason export data/vr-text --to swift --out data/vr-text-swift   (rows carry `label`)
# 2) run (needs OpenRLHF installed and GPUs). OpenRLHF before 0.10.2 spells the options
#    --pretrain, --prompt_data, --input_key, --label_key, --remote_rm_url, --save_path.
set -euo pipefail
REWARD_FILE=$(visreason reward-file openrlhf)
python3 -m openrlhf.cli.train_ppo_ray \
  --actor.model_name_or_path Qwen/Qwen2.5-7B-Instruct \
  --data.prompt_dataset data/vr-text-swift/train.jsonl --data.input_key messages \
  --data.apply_chat_template --data.label_key label \
  --reward.remote_url "$REWARD_FILE" \
  --algo.advantage.estimator reinforce_baseline --rollout.n_samples_per_prompt 8 \
  --ckpt.output_dir runs/openrlhf-visreason "$@"
